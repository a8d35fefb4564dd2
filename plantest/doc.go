// Package plantest runs plan tests: "given these deals, expect these
// payouts", written in YAML beside a strategy, so that a compensation
// administrator can lock a plan's behaviour before a change goes live,
// the way opa test locks a policy. The same files run from the command
// line (salesplan test STRATEGY.yaml) and from a Go developer's own go
// test ([Run]).
//
// # Where tests live
//
// The tests of a strategy are the *_test.yaml files in its folder and the
// .yaml files of a tests folder beside it ([Discover]):
//
//	plans/strategy.yaml
//	plans/strategy_test.yaml
//	plans/tests/spiffs.yaml
//
// # The format
//
// A test file holds a list of tests. Each names a period, its deals, and
// what to expect per payee:
//
//	tests:
//	  - name: ana-q1
//	    period: FY2027-Q1
//	    deals: deals-fy2027-q1.csv      # a file beside this one
//	    expect:
//	      ana:
//	        total: "48660.40"
//	        components: {commission: "31410.40", new-logo: "15500.00"}
//	        lines:
//	          - {component: commission, deal: NW-1156, amount: "1016.57"}
//	        measures: {bookings: "332563.82"}
//	        attainment: {bookings: "1.3857"}
//	      farid: {total: "0"}           # not hired yet: no statement
//
// Numbers are decimals in plain notation, quoted or not ("1016.57"), read
// exactly. Expectations are partial: only the payees named are checked,
// and for each only what is named. A payee with no statement has a total
// of 0 and no lines.
//
// The keys of a test:
//
//   - name (required, unique in the file) and description.
//   - period (required): the period id, FY2027-Q1.
//   - deals (required): a deals file (CSV, or JSON by its .json name)
//     relative to the test file; CSV rows with their header as a block
//     string (deals: |, any string with a comma or a newline); or a list
//     of deals, each a mapping of the columns
//     of a deals file ({id: D1, date: 2026-02-03, amount: 1000, currency:
//     USD, owner: ana}), custom attributes by name or under attrs, splits
//     as [{member: ana, share: 0.6}, …] or "ana:0.6;ben:0.4". [] is no
//     deals.
//   - rates: exchange rates: by pair for any date, {EUR/USD: "1.1"} (one
//     euro in dollars; the inverse pair is derived); a rates file (CSV
//     from,to,date,rate[,end]); or a list of dated rates, [{from: EUR, to:
//     USD, date: 2026-01-01, rate: "1.1"}, …].
//   - scores: the MBO and KPI scores rules read as score.<objective>: a
//     scores file (CSV payee,period,objective,score, as salesplan run
//     --scores reads one), or a mapping of
//     payee to objective to score in the test's period, {ana: {mbo:
//     0.9}}; terms: a terms file (CSV payee,from,to,ote,base,
//     target_incentive,currency) that replaces the members'
//     compensation terms, as salesplan run --terms does.
//   - ledger: a ledger file (JSON) the payout starts from; or after: the
//     name of an earlier test of the file, whose payout closed the ledger
//     this test starts from (a sequence of periods).
//   - events: deal events (invoiced, paid, cancelled, refunded, hold,
//     release), an events file (CSV deal,kind,date,amount… or JSON, as
//     package payout reads them) or a list of mappings of the same
//     fields, {deal: D1, kind: paid, date: 2026-02-05, amount: 500};
//     held: payees whose whole payout is held.
//   - expect: per payee, any of statement (false: the payee has none, no
//     plan in force), total, components (by id, or plan/id when two plans
//     share an id), lines, measures, attainment; and for a payout pay
//     (what payroll pays now), deferred, draw_owed, items and held_items.
//   - strict: true checks everything: every payee with a line that is
//     not zero must be expected, and a payee's lines, when given, must be
//     all its lines (zero ones too).
//   - error: the run must fail with an error whose text contains this;
//     or, a list, with exactly these problems, in order, each problem's
//     text containing its item (see below).
//
// A problem of a deal the test lists (or writes as CSV rows) is at that
// deal's place in the test file, so an expected error may pin the
// position too:
//
//	error:
//	  - "bad_test.yaml:13:14: deals[1].id: deal D1: duplicate deal id (also deals[0])"
//	  - "deals[3].owner: deal D3: owner \"zoe\" is not a member"
//
// A line expectation names a component and, for a line of a deal, the
// deal; plan and kind (direct, split, rollup, overlay, period, retro, cap,
// gate) narrow it when given. Without a deal it names the component's
// line that has none (a per-period bonus, a cap). Its amount is compared
// with the sum of the lines it names (a deal's direct and retro lines,
// say); a base and a rate, when given, must be each line's, and an
// explanation must match the lines' text exactly.
// Items of a payout are named the same way by kind, and optionally
// period, plan, component and deal. An attainment is compared at the
// decimals written: "1.3857" passes for 1.385683.
//
// A file a test names (deals, rates, scores, terms, ledger, events) is
// relative to the test file; an absolute path is refused, and so is
// anything but a regular file of at most 256 MiB.
//
// A test with a ledger, an after, events, holds or a payout expectation
// runs [strategy.Strategy.Payout]; any other runs [strategy.Strategy.Run].
//
// # A plan of the file's own
//
// A test file may carry the plan it tests instead of testing a strategy
// document: a commission section (the format of a strategy's), with the
// organisation and quotas it runs against, and optionally calendar,
// currency (USD by default) and rounding. This pins one rule with the
// least around it:
//
//	org:
//	  ana: {role: ae, managers: [omar]}
//	  omar: {role: rvp}
//	quotas:
//	  ana: {bookings: 100000}          # in every period
//	commission:
//	  measures: [{id: bookings}]
//	  plans:
//	    - {id: ae, eligible: {roles: [ae]}, components: [{id: c, measure: bookings, rate: "0.1"}]}
//	tests:
//	  - name: ten-percent
//	    period: FY2026-Q1
//	    deals: [{id: D1, date: 2026-01-05, amount: 1000, currency: USD, owner: ana}]
//	    strict: true
//	    expect:
//	      ana: {total: "100.00", lines: [{component: c, deal: D1, kind: direct, amount: "100.00"}]}
//
// A member of org has a role, optionally a new_role from a date, a team,
// managers (the chain above them, nearest first), the days they joined
// and left the organisation, and their compensation terms (terms:
// [{ote: 40000, base: 30000}], as a strategy's members[].terms). A
// member's team (sales when not given) is what a team pool of the plan
// names (pool: {team: east, ...}); the file's teams have no teams below
// them. Quotas and stretch targets (stretch:, the same shape) hold in
// every period; a team's quota, which a pool reads as team.quota and
// team.attainment, is the sum of its members'.
//
// A plan that does not compile makes the file fail to load, with every
// problem at its place; unless every test of the file expects an error:
// then each compares the compile's error with the one it expects, which
// pins what the engine refuses.
//
// # Results
//
// [File.Run] and [File.RunTest] return a [Result] per test: its
// [Failure]s, each with the position of the expectation in the file,
// what was expected and what the run gave, and the explanation of each
// statement line concerned; [Result.Diff] writes them for a person.
// [File.Update] rewrites the expectations of failed tests from what the
// runs gave, as golden files are refreshed: only when asked
// (salesplan test --update), and the diff is for review. A Go test that
// checks more than a file says (the result's JSON form, say) reads the
// run's result from [Result.Commission] or [Result.Payout].
//
// A [File] is immutable once loaded and safe for concurrent use; each run
// reads its inputs and returns values. Results are deterministic.
package plantest
