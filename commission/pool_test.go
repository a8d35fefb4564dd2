package commission_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/plantest"
	"github.com/salesplan/salesplan/strategy"
	"github.com/shopspring/decimal"
)

// TestPoolCases runs the hand-worked team pools of testdata/pools.
func TestPoolCases(t *testing.T) {
	plantest.Run(t, os.DirFS("testdata/pools"), "strategy.yaml")
}

// poolDoc is a strategy with one pool component, given as the YAML of
// its pool (indented under pool:), and extra plan keys.
func poolDoc(pool, planExtra string) string {
	return `version: 1
name: pools
currency: USD
roles: [{id: ae}]
teams:
  - {id: emea}
  - {id: uk, parent: emea}
members:
  - {id: ana, role: ae, assignments: [{team: emea}]}
  - {id: ben, role: ae, assignments: [{team: uk}]}
  - {id: cy, role: ae, assignments: [{team: emea, to: 2026-02-28}]}
targets:
  quotas:
    - {owner: team:emea, measure: bookings, period: FY2026-Q1, amount: 1000}
commission:
  measures: [{id: bookings}]
  plans:
    - id: p
      eligible: {teams: [emea]}
` + planExtra + `      components:
        - id: spif
          pool:
` + pool
}

func poolDeals() []deal.Deal {
	return []deal.Deal{
		{ID: "D1", Date: calendar.NewDate(2026, 1, 5), Amount: decimal.NewFromInt(700), Currency: "USD", Owner: "ana"},
		{ID: "D2", Date: calendar.NewDate(2026, 2, 5), Amount: decimal.NewFromInt(300), Currency: "USD", Owner: "ben"},
	}
}

// TestPoolErrors checks that a bad pool is an error that says where and
// why, at compile time (with the document position) or at run time
// (naming the plan, the component and the team).
func TestPoolErrors(t *testing.T) {
	tests := []struct {
		name, pool, plan string
		want             string // compile error
		run              string // run error
	}{
		{name: "unknown team", pool: "            {team: emae, amount: \"5\"}\n",
			want: `pools.yaml:23:20: commission.plans[0].components[0].pool.team: unknown team "emae" (did you mean emea?)`},
		{name: "no team", pool: "            {amount: \"5\"}\n",
			want: "pool.team: missing team"},
		{name: "no amount", pool: "            {team: emea}\n",
			want: "pool.amount: missing amount"},
		{name: "bad include", pool: "            {team: emea, include: everyone, amount: \"5\"}\n",
			want: `pool.include: unknown include "everyone": want tree (the team and the teams below it) or members (the team's own members)`},
		{name: "bad distribute", pool: "            {team: emea, amount: \"5\", distribute: quota}\n",
			want: `pool.distribute: unknown distribute "quota": want equal, target_incentive or measure.<id>`},
		{name: "unknown measure", pool: "            {team: emea, amount: \"5\", distribute: measure.booking}\n",
			want: `pool.distribute: unknown measure "booking" (did you mean bookings?)`},
		{name: "unknown team measure", pool: "            {team: emea, amount: \"5\", gate: team.attainment.booking > 1}\n",
			want: "unknown measure booking in attainment.booking (did you mean bookings?)"},
		{name: "member numbers", pool: "            {team: emea, amount: \"5\", gate: attainment.bookings > 1}\n",
			want: "attainment.bookings: a pool's rules read the team's numbers, not a member's"},
		{name: "payee", pool: "            {team: emea, amount: payee.target_incentive}\n",
			want: "payee.target_incentive: a pool's rules read the team's numbers, not a member's"},
		{name: "yearly", pool: "            {team: emea, amount: \"5\"}\n", plan: "      horizon: year\n",
			want: "plan p runs on a yearly horizon, which has no pools"},
		{name: "gate type", pool: "            {team: emea, amount: \"5\", gate: team.measure.bookings}\n",
			want: "pool.gate"},
		{name: "negative", pool: "            {team: emea, amount: team.measure.bookings - 2000}\n",
			run: "plan p, pool spif of team emea: the pool team.measure.bookings - 2000 is -1,000.00, below zero (team.measure.bookings = 1,000.00)"},
		{name: "no team target", pool: "            {team: uk, amount: \"5\", gate: team.attainment.bookings > 1}\n",
			run: "plan p, pool spif of team uk: team uk has no target for bookings in FY2026-Q1, and the pool reads team.attainment.bookings (give the team a target, or set zero_quota: zero in the plan)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := strategy.Parse("pools.yaml", []byte(poolDoc(tt.pool, tt.plan)))
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("Parse: got %v, want an error containing %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			_, err = s.Run("FY2026-Q1", poolDeals())
			if err == nil || !strings.Contains(err.Error(), tt.run) {
				t.Fatalf("Run: got %v, want an error containing %q", err, tt.run)
			}
		})
	}
}

// TestPoolComponentFields checks that a pool component carries nothing
// of another kind of component.
func TestPoolComponentFields(t *testing.T) {
	doc := strings.Replace(poolDoc("            {team: emea, amount: \"5\"}\n", ""), "        - id: spif\n", "        - id: spif\n          rate: \"0.1\"\n          per: credit\n", 1)
	_, err := strategy.Parse("pools.yaml", []byte(doc))
	for _, want := range []string{"a pool component is worked out by its pool: leave out rate", "a pool is shared once per period"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want an error containing %q", err, want)
		}
	}
}

// TestPoolNobodyShares checks that a pool earned by a team with nobody
// in it on the last day is noted in the result, not dropped in silence.
func TestPoolNobodyShares(t *testing.T) {
	// cy left emea on 2026-02-28: the team "gone" has nobody on the
	// period's last day, though she sold in it.
	doc := strings.Replace(poolDoc("            {team: gone, amount: \"500\"}\n", ""), "  - {id: uk, parent: emea}\n", "  - {id: uk, parent: emea}\n  - {id: gone, parent: emea}\n", 1)
	doc = strings.Replace(doc, "{team: emea, to: 2026-02-28}", "{team: gone, to: 2026-02-28}", 1)
	s, err := strategy.Parse("pools.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Run("FY2026-Q1", append(poolDeals(), deal.Deal{ID: "D3", Date: calendar.NewDate(2026, 2, 1), Amount: decimal.NewFromInt(10), Currency: "USD", Owner: "cy"}))
	if err != nil {
		t.Fatal(err)
	}
	want := "plan p, pool spif of team gone: the pool of 500.00 USD is not paid: no member of team gone on 2026-03-31 holds plan p"
	if len(res.Notes) != 1 || res.Notes[0] != want {
		t.Fatalf("notes: got %q, want %q", res.Notes, want)
	}
	js, err := res.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(js), want) {
		t.Errorf("the JSON result does not carry the note:\n%s", js)
	}
}

// TestPoolMembersOnly checks include: members: the team's numbers count
// its sub-teams, but only its own members share.
func TestPoolMembersOnly(t *testing.T) {
	s, err := strategy.Parse("pools.yaml", []byte(poolDoc("            {team: emea, include: members, amount: 0.01 * team.measure.bookings}\n", "")))
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Run("FY2026-Q1", poolDeals())
	if err != nil {
		t.Fatal(err)
	}
	// 1% of 700 + 300 = 10.00, all ana's: ben is in uk, below emea
	ana, _ := res.Statement("ana")
	ben, _ := res.Statement("ben")
	if !ana.Total.Equal(decimal.NewFromInt(10)) || len(ben.Lines) != 0 {
		t.Fatalf("ana %s (%v), ben %v lines: want ana 10 and ben none", ana.Total, ana.Lines, len(ben.Lines))
	}
	l := ana.Lines[0]
	if l.Pool == nil || l.Pool.Members != 1 || !l.Base.Equal(decimal.NewFromInt(10)) || !l.Rate.Equal(decimal.NewFromInt(1)) {
		t.Errorf("line numbers: %+v, pool %+v", l, l.Pool)
	}
	if want := "team emea: pool 0.01 * team.measure.bookings (team.measure.bookings = 1,000.00) = 10.00; shared equally among 1 member = 10.00"; l.Explanation() != want {
		t.Errorf("explanation:\n got %s\nwant %s", l.Explanation(), want)
	}
	res, err = s.Run("FY2026-Q1", poolDeals(), commission.WithoutExplanations())
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := res.Statement("ana"); st.Lines[0].Explanation() != "" || !st.Total.Equal(decimal.NewFromInt(10)) {
		t.Errorf("without explanations: %+v", st.Lines[0])
	}
}

// TestPoolSharesAddUp is a property: whatever the deals, the shares of a
// pool shared by bookings add up to the pool exactly, and the result does
// not depend on the order of the deals.
func TestPoolSharesAddUp(t *testing.T) {
	var members, teams strings.Builder
	for i := range 7 {
		fmt.Fprintf(&members, "  - {id: m%d, role: ae, assignments: [{team: t%d}]}\n", i, i%3)
	}
	teams.WriteString("  - {id: t0}\n  - {id: t1, parent: t0}\n  - {id: t2, parent: t1}\n")
	doc := `version: 1
name: pools
currency: USD
roles: [{id: ae}]
teams:
` + teams.String() + `members:
` + members.String() + `commission:
  measures: [{id: bookings}]
  plans:
    - id: p
      eligible: {teams: [t0]}
      components:
        - {id: spif, pool: {team: t0, amount: "1000.03", distribute: measure.bookings}}
`
	s, err := strategy.Parse("pools.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(12, 34))
	for round := range 50 {
		var deals []deal.Deal
		for i := range 1 + rng.IntN(20) {
			amt := decimal.New(rng.Int64N(2_000_000)-200_000, -2)
			deals = append(deals, deal.Deal{ID: fmt.Sprintf("D%d", i), Date: calendar.NewDate(2026, 1, 1+rng.IntN(28)),
				Amount: amt, Currency: "USD", Owner: fmt.Sprintf("m%d", rng.IntN(7))})
		}
		res, err := s.Run("FY2026-Q1", deals)
		if err != nil {
			t.Fatal(err)
		}
		sum := decimal.Zero
		paid := false
		for _, st := range res.Statements {
			for _, l := range st.Lines {
				sum = sum.Add(l.Amount)
				paid = paid || l.Kind == commission.PoolLine && !l.Amount.IsZero()
			}
		}
		if paid && !sum.Equal(decimal.RequireFromString("1000.03")) {
			t.Fatalf("round %d: the shares add up to %s, not 1,000.03", round, sum)
		}
		rng.Shuffle(len(deals), func(i, j int) { deals[i], deals[j] = deals[j], deals[i] })
		again, err := s.Run("FY2026-Q1", deals)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := res.MarshalJSON()
		b, _ := again.MarshalJSON()
		if string(a) != string(b) {
			t.Fatalf("round %d: the result depends on the order of the deals", round)
		}
	}
}

// TestPoolNeedsTeams checks that a pool compiled against an Org that
// cannot list a team's members is an error, not a pool shared by nobody.
func TestPoolNeedsTeams(t *testing.T) {
	sec := commission.Section{
		Measures: []commission.MeasureDef{{ID: "bookings"}},
		Plans: []commission.PlanDef{{ID: "p", Eligible: commission.Eligibility{Roles: []string{"ae"}},
			Components: []commission.ComponentDef{{ID: "spif", Pool: &commission.PoolDef{Team: "east", Amount: "100"}}}}},
	}
	_, err := commission.Compile(sec, commission.Config{Org: org{}})
	want := "plans[0].components[0].pool.team: a pool needs an organisation that knows its teams' members, and Config.Org does not implement commission.Teams"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

// TestPoolDigest checks that the terms of a pool are part of the
// digest a ledger carries: a ledger of another pool is not this one's.
func TestPoolDigest(t *testing.T) {
	digest := func(amount string) string {
		s, err := strategy.Parse("pools.yaml", []byte(poolDoc("            {team: emea, amount: \""+amount+"\"}\n", "")))
		if err != nil {
			t.Fatal(err)
		}
		return s.Commission().Digest()
	}
	five, again := digest("5"), digest("5")
	if five == digest("6") {
		t.Error("two pools of different amounts have one digest")
	}
	if five != again {
		t.Error("the digest of one pool changes")
	}
}

// TestPoolBesideYearlyPlan checks that a pool of a plan on the period's
// horizon works in a strategy that also has a plan on a yearly horizon,
// whose year-to-date runs compute the pool too (and drop its lines).
func TestPoolBesideYearlyPlan(t *testing.T) {
	doc := poolDoc("            {team: emea, gate: team.attainment.bookings >= 1, amount: \"100\"}\n", "") + `    - id: y
      horizon: year
      eligible: {members: [cy]}
      components: [{id: c, measure: bookings, rate: "0.1"}]
`
	s, err := strategy.Parse("pools.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Run("FY2026-Q1", poolDeals())
	if err != nil {
		t.Fatal(err)
	}
	ana, _ := res.Statement("ana")
	if !ana.Total.Equal(decimal.NewFromInt(50)) {
		t.Errorf("ana: %s, want 50.00 (half of the pool of 100): %v", ana.Total, ana.Lines)
	}
}

// TestPoolConcurrent runs one strategy with pools from several
// goroutines: the results are the same (run with -race).
func TestPoolConcurrent(t *testing.T) {
	s, err := strategy.Load("testdata/pools/strategy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	deals := poolDeals()
	deals[1].Owner = "chloe"
	want, err := s.Run("FY2026-Q1", deals)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := want.MarshalJSON()
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			res, err := s.Run("FY2026-Q1", deals, commission.WithWorkers(2))
			if err == nil {
				if got, _ := res.MarshalJSON(); string(got) != string(wantJSON) {
					err = fmt.Errorf("a concurrent run differs")
				}
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
