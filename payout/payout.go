package payout

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/internal/numfmt"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// Restatement is a closed period recomputed with corrected deals (a late
// deal, a corrected amount, a re-credited split): the difference between
// what it earns now and what was paid is carried into the current period.
type Restatement struct {
	Period calendar.Period
	Deals  []deal.Deal
}

// Input is everything one period's payout takes.
type Input struct {
	Period calendar.Period
	Deals  []deal.Deal
	// Ledger is the ledger after the previous period; nil for the first.
	Ledger *Ledger
	// Events are the deal events new since the ledger (events the ledger
	// knows may be given again: they change nothing).
	Events []Event
	// DealInfo gives deals of earlier periods that events refer to. It is
	// never needed for what the ledger records of a deal (its amount,
	// date, currency and term, kept with its lines); it fills in what an
	// older ledger line lacks, and an event may carry the same facts.
	DealInfo []deal.Deal
	// Restated are closed periods recomputed with corrected deals.
	Restated []Restatement
	// Held lists payees whose whole payout is held this period (leave, a
	// dispute): what they are due is shown and carried, not paid.
	Held []string
	// YearToDate is what plans on a yearly horizon run over; it is
	// required when the engine has one ([commission.Engine.Yearly]).
	YearToDate *YearToDate
	// Ramps are the quotas of the period that a ramp schedule applies
	// to, per payee and measure: the full quota, the ramped one and the
	// share ([RampedQuota]). A payout does not compute quotas; it shows
	// these on each payee's [Payable] beside the draw. Each must name a
	// member and a measure of the engine, once.
	Ramps []RampedQuota
	// Migrate accepts a ledger computed under other compensation terms
	// (its digest is not the engine's), or one that names payees or
	// plans the engine does not have: a deliberate migration to changed
	// terms. The open lines of a plan or component that is gone are
	// forfeited, and the new ledger carries the engine's digest. Without
	// Migrate such a ledger is an error that says what differs.
	Migrate bool
}

// YearToDate is the fiscal year to date that plans on a yearly horizon
// are computed over each period: a period from the year's first day to
// the end of the period paid, the deals of the year so far (this period's
// included), and quotas for that span (nil: the engine's).
type YearToDate struct {
	Period calendar.Period
	Deals  []deal.Deal
	Quotas commission.Quotas
}

// Kind says why an amount is paid now.
type Kind string

// The kinds of payable items.
const (
	Earned    Kind = "earned"    // a line of this period, released now
	Release   Kind = "release"   // a deferred part of an earlier line, released now (or reversed)
	TrueUp    Kind = "trueup"    // the difference a restated period makes
	Clawback  Kind = "clawback"  // what was paid on a cancelled deal, taken back
	Draw      Kind = "draw"      // a recoverable draw paid because earnings fell short
	Guarantee Kind = "guarantee" // a non-recoverable draw's top-up (negative when a restatement makes it smaller)
	Recovery  Kind = "recovery"  // a recoverable draw recovered from earnings
	Forgiven  Kind = "forgiven"  // a draw balance forgiven (amount 0, for the record)
	Cap       Kind = "cap"       // withheld by a yearly cap (or given back under it)
	Forfeited Kind = "forfeited" // what a line earned that will never be paid (amount 0; Base says how much)
	Carried   Kind = "carried"   // a negative payout carried forward as a balance (brings the payout to 0)
	Balance   Kind = "balance"   // a carried negative balance recovered (0 or less), on each statement until cleared
)

// Item is one amount paid (or held) now, with the period it relates
// to and the numbers it was computed from.
type Item struct {
	Kind      Kind
	Period    string
	Plan      string
	Component string
	Deal      string
	Amount    decimal.Decimal
	// Base is the amount the item is worked from, and Share the share of
	// it that the item settles:
	//
	//   - earned, release, trueup: Base is what the line earned and Share
	//     the share of it due by now (released, not refunded); Amount is
	//     Base × Share, rounded, less what was paid on the line before;
	//   - clawback: Base is what was paid on the line, Share the share
	//     clawed back (see Clawback); Amount is −Base × Share, rounded;
	//   - forfeited: Base is what the line will never pay (Amount is 0);
	//   - draw, guarantee: Base is the draw; recovery: Base is the
	//     earnings recovered from and Share the recovery limit, if any;
	//   - cap: Base is what the plan's lines settled in the year;
	//   - carried, balance: Base is the balance before the item, Share
	//     the recovery limit, if any.
	Base  decimal.Decimal
	Share decimal.Decimal
	// Clawback, for a clawback item, is how Share was worked out.
	Clawback    *ClawbackShare
	PayrollCode string
	Explanation string
}

// ClawbackShare is how the share of a clawback was worked out: Share =
// Fraction × ProRata.
type ClawbackShare struct {
	// Cancelled is the day the deal was cancelled, Days how many days
	// after its booking, inside a window of Window days.
	Cancelled calendar.Date
	Days      int
	Window    int
	// Fraction is the plan's fraction (1 when it sets none).
	Fraction decimal.Decimal
	// ProRata is the share of the term not stayed, 1 − MonthsStayed /
	// TermMonths, for a plan with pro_rata_months; 1 otherwise.
	ProRata      decimal.Decimal
	MonthsStayed int
	TermMonths   decimal.Decimal
}

// Payable is what one payee is paid this period, and why.
type Payable struct {
	Payee    string
	Currency string
	// Earned is the total of the period's statement.
	Earned decimal.Decimal
	// Items are paid now; Held items are due but held.
	Items []Item
	Held  []Item
	// Deferred is what is earned but not yet paid (not released, held),
	// over every period, net of reversals held.
	Deferred decimal.Decimal
	// DrawOwed is the recoverable draw balance after this period, and
	// Carried the negative balance carried forward.
	DrawOwed decimal.Decimal
	Carried  decimal.Decimal
	// Amount is what to pay now: the sum of Items.
	Amount decimal.Decimal
	// Draw is where the payee stands against a draw after the period
	// ([DrawPosition]): set when the plan in force has a draw, when a
	// restatement changed the draw of a closed period, or when a
	// recoverable balance is owed; nil otherwise, and for a payee whose
	// payout is held (no draw is applied while it is).
	Draw *DrawPosition
	// Ramps are the payee's quotas with a ramp share applied in the
	// period, by measure, as given in [Input.Ramps].
	Ramps []RampedQuota
}

// Result is the outcome of one period for payroll.
type Result struct {
	Period     string
	Commission *commission.Result
	// YearToDate holds the year-to-date statements that plans on a
	// yearly horizon were paid from, or nil.
	YearToDate *commission.Result
	Payables   []Payable
	// Ledger is the input ledger with this period closed.
	Ledger *Ledger
}

// Run computes a period's statements and what to pay each payee now,
// given the ledger of earlier periods: releases of deferred amounts,
// true-ups of restated periods, clawbacks of cancelled deals, holds,
// draws and carried balances. It returns the new ledger, with the period
// closed; the input ledger is not changed. Running the same period with
// the same inputs and ledger gives the same payout; running a period the
// ledger has closed is an error, so closed payments never change.
//
// The ledger is checked first ([Ledger.Check]), and must have been
// computed under the engine's terms, for payees and plans the engine
// has, unless in.Migrate is set. Every event must name a deal of the
// run or of the ledger; the problems of the events are reported at once,
// as a [diag.List], with the position each event was read from.
func Run(e *commission.Engine, in Input, opts ...commission.RunOption) (*Result, error) {
	p := in.Period
	if in.Ledger != nil && in.Ledger.Version != LedgerVersion {
		return nil, fmt.Errorf("ledger version %d: this salesplan reads version %d", in.Ledger.Version, LedgerVersion)
	}
	if err := in.Ledger.Check(); err != nil {
		return nil, err
	}
	if in.Ledger.IsClosed(p.ID) {
		return nil, fmt.Errorf("period %s is already closed in the ledger: its payments never change; correct it through a restatement in a later period", p.ID)
	}
	ramps, err := rampsByPayee(in.Ramps, e.MemberIDs(), e.MeasureIDs())
	if err != nil {
		return nil, err
	}
	terms := newPlans(e)
	digest := e.Digest()
	if err := checkLedgerTerms(e, terms, digest, in); err != nil {
		return nil, err
	}
	res, err := e.Run(p, in.Deals, opts...)
	if err != nil {
		return nil, err
	}
	var ytd *commission.Result
	if e.Yearly() {
		y := in.YearToDate
		if y == nil {
			return nil, fmt.Errorf("plans on a yearly horizon need the year to date (Input.YearToDate)")
		}
		if !y.Period.Start.After(p.Start) && y.Period.End != p.End {
			return nil, fmt.Errorf("the year to date ends on %s, not on the last day of %s (%s)", y.Period.End, p.ID, p.End)
		}
		o := slices.Clone(opts)
		if y.Quotas != nil {
			o = append(o, commission.WithQuotas(y.Quotas))
		}
		if ytd, err = e.Run(y.Period, y.Deals, o...); err != nil {
			return nil, fmt.Errorf("year to date %s: %w", y.Period.ID, err)
		}
	}
	deals := map[string]*deal.Deal{}
	var ytdDeals []deal.Deal
	if in.YearToDate != nil {
		ytdDeals = in.YearToDate.Deals
	}
	for _, list := range [][]deal.Deal{in.DealInfo, ytdDeals, in.Deals} {
		for i := range list {
			deals[list[i].ID] = &list[i]
		}
	}
	restated := map[string]*commission.Result{}
	for _, r := range in.Restated {
		if !in.Ledger.IsClosed(r.Period.ID) {
			return nil, fmt.Errorf("restated period %s is not closed in the ledger: run it as a period of its own", r.Period.ID)
		}
		if _, dup := restated[r.Period.ID]; dup {
			return nil, fmt.Errorf("period %s is restated twice", r.Period.ID)
		}
		if err := keepsClosedDeals(in.Ledger, r); err != nil {
			return nil, err
		}
		rr, err := e.Run(r.Period, r.Deals, opts...)
		if err != nil {
			return nil, fmt.Errorf("restating %s: %w", r.Period.ID, err)
		}
		restated[r.Period.ID] = rr
		for i := range r.Deals {
			deals[r.Deals[i].ID] = &r.Deals[i]
		}
	}
	all, err := takeEvents(in, deals)
	if err != nil {
		return nil, err
	}
	events := map[string][]Event{}
	for _, ev := range all {
		if !ev.Date.After(p.End) {
			events[ev.Deal] = append(events[ev.Deal], ev)
		}
	}
	facts := dealFacts(deals, all)

	out := in.Ledger.clone()
	out.Closed = append(out.Closed, p.ID)
	out.Digest = digest
	out.Events = all
	for i := range out.Events {
		out.Events[i].Pos = diag.Pos{}
	}
	payees := map[string]bool{}
	for _, st := range res.Statements {
		payees[st.Payee] = true
	}
	for _, rr := range restated {
		for _, st := range rr.Statements {
			payees[st.Payee] = true
		}
	}
	if ytd != nil {
		for _, st := range ytd.Statements {
			payees[st.Payee] = true
		}
	}
	for _, pl := range out.Payees {
		payees[pl.Payee] = true
	}
	po := &Result{Period: p.ID, Commission: res, YearToDate: ytd, Ledger: out}
	ids := sortedKeys(payees)
	byPayee := map[string]int{}
	for i, pl := range out.Payees {
		byPayee[pl.Payee] = i
	}
	for _, id := range ids {
		i, ok := byPayee[id]
		if !ok {
			out.Payees = append(out.Payees, PayeeLedger{Payee: id})
			i = len(out.Payees) - 1
			byPayee[id] = i
		}
		pw := &payoutWork{e: e, in: &in, res: res, ytd: ytd, restated: restated, deals: deals, facts: facts, events: events, pl: &out.Payees[i], plans: terms}
		pay, err := pw.run()
		if err != nil {
			return nil, err
		}
		if pay != nil {
			pay.Ramps = ramps[id]
			po.Payables = append(po.Payables, *pay)
		}
	}
	out.sort()
	return po, nil
}

// checkLedgerTerms refuses, unless in.Migrate, a ledger computed under
// other terms than the engine's, or naming payees or plans it lacks.
func checkLedgerTerms(e *commission.Engine, terms *plans, digest string, in Input) error {
	l := in.Ledger
	if l == nil || in.Migrate {
		return nil
	}
	var list diag.List
	if l.Digest != "" && l.Digest != digest {
		p := list.Add("", diag.InvalidInput, "the ledger was computed under other compensation terms (%s) than these (%s): its lines would be settled under terms they were not earned under", short(l.Digest), short(digest))
		p.Hint = "pay from it only as a deliberate migration to the changed terms (migrate)"
	}
	members := e.MemberIDs()
	for _, pl := range l.Payees {
		if _, ok := slices.BinarySearch(members, pl.Payee); !ok {
			p := list.Add("", diag.UnknownRef, "the ledger pays %s, who is not a member of the strategy", pl.Payee)
			p.Hint = diag.DidYouMean(pl.Payee, members)
		}
		missing := map[string]bool{}
		for _, it := range pl.Items {
			if terms.byID[it.Plan] == nil {
				missing["plan "+it.Plan] = true
			} else if terms.comps[[2]string{it.Plan, it.Component}] == nil {
				missing["component "+it.Component+" of plan "+it.Plan] = true
			}
		}
		for _, m := range sortedKeys(missing) {
			list.Add("", diag.UnknownRef, "the ledger pays %s under %s, which the strategy does not have", pl.Payee, m)
		}
	}
	if err := list.Err(); err != nil {
		return err
	}
	return nil
}

// short cuts a digest for a message.
func short(d string) string {
	if len(d) > 19 {
		return d[:19] + "…"
	}
	return d
}

// takeEvents checks the events given, fills in their currency from the
// deal, and merges them with the ledger's: every event, sorted.
func takeEvents(in Input, deals map[string]*deal.Deal) ([]Event, error) {
	var list diag.List
	known := map[string]string{} // deal id → currency ("" when not known)
	for id, d := range deals {
		known[id] = d.Currency
	}
	var prior []Event
	recorded := map[string]*LedgerItem{} // a ledger line of each deal with its facts
	if in.Ledger != nil {
		prior = in.Ledger.Events
		for _, pl := range in.Ledger.Payees {
			for i := range pl.Items {
				it := &pl.Items[i]
				if it.Deal != "" && known[it.Deal] == "" {
					known[it.Deal] = it.DealCurrency
				}
				if it.Deal != "" && !it.DealAmount.IsZero() && recorded[it.Deal] == nil {
					recorded[it.Deal] = it
				}
			}
		}
		for _, ev := range in.Ledger.Events {
			if _, ok := known[ev.Deal]; !ok {
				known[ev.Deal] = ev.Currency
			}
		}
	}
	given := make([]Event, len(in.Events))
	for i, ev := range in.Events {
		if ev.Pos == (diag.Pos{}) {
			ev.Pos.File = fmt.Sprintf("events[%d]", i) // an event built in Go
		}
		problem := func(field, hint, format string, args ...any) {
			p := list.Add("", diag.InvalidInput, format, args...)
			p.Pos, p.Hint = ev.Pos, hint
		}
		for _, fp := range checkEvent(&ev) {
			problem(fp.field, fp.hint, "deal %s: %s: %s", ev.Deal, fp.field, fp.msg)
		}
		cur, ok := known[ev.Deal]
		switch {
		case ev.Deal == "":
		case !ok:
			ids := sortedKeys(known)
			problem("deal", diag.DidYouMean(ev.Deal, ids), "deal %s: an event for a deal that neither this payout nor the ledger knows", ev.Deal)
		case ev.Currency == "":
			ev.Currency = cur
		case cur != "" && ev.Currency != cur:
			problem("currency", "", "deal %s: the event is in %s, the deal in %s", ev.Deal, ev.Currency, cur)
		}
		amount, date, from := decimal.Zero, calendar.Date{}, ""
		if d, ok := deals[ev.Deal]; ok {
			amount, date, from = d.Amount, d.Date, "the deal"
		} else if it := recorded[ev.Deal]; it != nil {
			amount, date, from = it.DealAmount, it.DealDate, "the ledger"
		}
		// the deal as given (DealInfo) and as the ledger records it agree,
		// so the message does not say which
		if from != "" && !ev.DealAmount.IsZero() && !ev.DealAmount.Equal(amount) {
			problem("deal_amount", "", "deal %s: deal_amount %s, but the deal's amount is %s", ev.Deal, ev.DealAmount, amount)
		}
		if from != "" && !ev.DealDate.IsZero() && !date.IsZero() && ev.DealDate != date {
			problem("deal_date", "", "deal %s: deal_date %s, but the deal is dated %s", ev.Deal, ev.DealDate, date)
		}
		given[i] = ev
	}
	all, problems := mergeEvents(prior, given)
	list = append(list, problems...)
	if err := list.Err(); err != nil {
		return nil, err
	}
	return all, nil
}

// facts are what is known of a deal apart from its lines: from the deals
// of the run and DealInfo, then from events.
type facts struct {
	amount   decimal.Decimal
	date     calendar.Date
	currency string
	attrs    deal.Attrs
	term     decimal.Decimal
}

func dealFacts(deals map[string]*deal.Deal, events []Event) map[string]facts {
	out := map[string]facts{}
	for id, d := range deals {
		out[id] = facts{amount: d.Amount, date: d.Date, currency: d.Currency, attrs: d.Attrs}
	}
	for _, ev := range events {
		f := out[ev.Deal]
		if f.amount.IsZero() {
			f.amount = ev.DealAmount
		}
		if f.date.IsZero() {
			f.date = ev.DealDate
		}
		if f.currency == "" {
			f.currency = ev.Currency
		}
		if f.term.IsZero() {
			f.term = ev.Term
		}
		out[ev.Deal] = f
	}
	return out
}

type payoutWork struct {
	e        *commission.Engine
	in       *Input
	res      *commission.Result
	ytd      *commission.Result
	restated map[string]*commission.Result
	deals    map[string]*deal.Deal
	facts    map[string]facts
	events   map[string][]Event
	pl       *PayeeLedger
	trueup   map[itemKey]bool
	plans    *plans
}

// plans are a run's view of the engine's plan terms, looked up by id.
type plans struct {
	list  []*commission.PlanTerms
	byID  map[string]*commission.PlanTerms
	comps map[[2]string]*commission.ComponentDef
	// rounding is the strategy's, for amounts of no plan.
	rounding money.Rounding
}

func newPlans(e *commission.Engine) *plans {
	ps := &plans{byID: map[string]*commission.PlanTerms{}, comps: map[[2]string]*commission.ComponentDef{}}
	_, ps.rounding = e.Defaults()
	terms := e.Plans()
	for i := range terms {
		t := &terms[i]
		ps.list = append(ps.list, t)
		ps.byID[t.ID] = t
		for j := range t.Components {
			ps.comps[[2]string{t.ID, t.Components[j].ID}] = &t.Components[j]
		}
		// A cap's lines are settled as a component's that releases
		// everything in its period (a cap line has no deal).
		for _, c := range t.Caps {
			ps.comps[[2]string{t.ID, c.ID}] = &commission.ComponentDef{ID: c.ID, Per: commission.PerPeriod, PayrollCode: c.PayrollCode}
		}
	}
	return ps
}

func (pw *payoutWork) plan(id string) *commission.PlanTerms { return pw.plans.byID[id] }

func (pw *payoutWork) isYearly(planID string) bool {
	p := pw.plan(planID)
	return p != nil && p.Yearly
}

func (pw *payoutWork) component(planID, id string) *commission.ComponentDef {
	return pw.plans.comps[[2]string{planID, id}]
}

// round rounds an amount of a plan to the payee currency's minor unit,
// with the plan's rounding mode (the strategy's for a plan it lacks).
func (pw *payoutWork) round(planID string, d decimal.Decimal) decimal.Decimal {
	p := pw.plan(planID)
	switch {
	case p == nil:
		return pw.plans.rounding.Round(d, money.MinorUnits(pw.pl.Currency))
	case p.Currency == pw.pl.Currency:
		return p.Round(d)
	}
	return p.Rounding.Round(d, money.MinorUnits(pw.pl.Currency))
}

// planInForce returns the plan in force for the payee at the period's
// end: the last of the period's statement (or the year to date's), or
// else the ledger's.
func (pw *payoutWork) planInForce() *commission.PlanTerms {
	for _, r := range []*commission.Result{pw.res, pw.ytd} {
		if r == nil {
			continue
		}
		if st, ok := r.Statement(pw.pl.Payee); ok && len(st.Plans) > 0 {
			return pw.plan(st.Plans[len(st.Plans)-1].Plan)
		}
	}
	return pw.plan(pw.pl.Plan)
}

func (pw *payoutWork) run() (*Payable, error) {
	p := pw.in.Period
	pl := pw.pl
	st, hasStatement := pw.res.Statement(pl.Payee)
	if pl.Currency == "" {
		pl.Currency = st.Currency
	}
	if hasStatement && st.Currency != pl.Currency {
		return nil, fmt.Errorf("payee %s: the ledger is in %s, this period's statement in %s", pl.Payee, pl.Currency, st.Currency)
	}
	pw.trueup = map[itemKey]bool{}
	pl.sort()

	// Restated periods: what each line earns now.
	for _, q := range sortedKeys(pw.restated) {
		now := pw.earnedBy(pw.restated[q], q, false)
		for i := range pl.Items {
			it := &pl.Items[i]
			if it.Period != q {
				continue
			}
			v, found := now[it.key()]
			delete(now, it.key())
			if it.Closed {
				continue // a cancelled deal's line pays nothing more, restated or not
			}
			if found && it.Deal != "" {
				v.setFacts(it)
			}
			if !v.earned.Equal(it.Earned) {
				it.Earned = v.earned
				pw.trueup[it.key()] = true
			}
		}
		for _, k := range sortedItemKeys(now) {
			pl.Items = append(pl.Items, now[k].item(k))
			pw.trueup[k] = true
		}
	}
	// This period's lines.
	now := pw.earnedBy(pw.res, p.ID, false)
	earnedNow := decimal.Zero
	for _, k := range sortedItemKeys(now) {
		pl.Items = append(pl.Items, now[k].item(k))
		earnedNow = earnedNow.Add(now[k].earned)
	}
	// Plans on a yearly horizon: the year to date recomputed; lines of
	// deals from earlier periods that change (re-priced at a higher band,
	// say) are true-ups.
	if pw.ytd != nil {
		if yst, ok := pw.ytd.Statement(pl.Payee); ok && pl.Currency == "" {
			pl.Currency = yst.Currency
		}
		year := fiscalYear(p.ID)
		ytd := pw.earnedBy(pw.ytd, year, true)
		for i := range pl.Items {
			it := &pl.Items[i]
			if it.Period != year {
				continue
			}
			v, found := ytd[it.key()]
			delete(ytd, it.key())
			if it.Closed {
				continue
			}
			if found && it.Deal != "" {
				v.setFacts(it)
			}
			if !v.earned.Equal(it.Earned) {
				earnedNow = earnedNow.Add(v.earned.Sub(it.Earned))
				it.Earned = v.earned
				pw.trueup[it.key()] = true
			}
		}
		for _, k := range sortedItemKeys(ytd) {
			it := ytd[k].item(k)
			pl.Items = append(pl.Items, it)
			earnedNow = earnedNow.Add(it.Earned)
			if it.Deal != "" && it.DealDate.Before(p.Start) {
				pw.trueup[k] = true // a deal of an earlier period, re-priced
			}
		}
	}
	// What an older line lacks of its deal, from DealInfo or an event.
	for i := range pl.Items {
		it := &pl.Items[i]
		if it.Deal == "" {
			continue
		}
		f := pw.facts[it.Deal]
		if it.DealAmount.IsZero() {
			it.DealAmount = f.amount
		}
		if it.DealDate.IsZero() {
			it.DealDate = f.date
		}
		if it.DealCurrency == "" {
			it.DealCurrency = f.currency
		}
		if it.Term.IsZero() {
			if pt := pw.plan(it.Plan); pt != nil && pt.Clawback != nil && pt.Clawback.ProRataMonths != "" {
				it.Term = termOf(f.attrs, pt.Clawback.ProRataMonths)
			}
			if it.Term.IsZero() {
				it.Term = f.term
			}
		}
	}

	pay := &Payable{Payee: pl.Payee, Currency: pl.Currency, Earned: earnedNow}
	held := slices.Contains(pw.in.Held, pl.Payee)
	hold := func(it *LedgerItem, item Item) bool {
		switch {
		case held:
			item.Explanation = "held: " + item.Explanation
		case it.Deal != "" && pw.dealHeld(it.Deal):
			item.Explanation = fmt.Sprintf("held: deal %s is under dispute; ", it.Deal) + item.Explanation
		default:
			return false
		}
		pay.Held = append(pay.Held, item)
		return true
	}

	// Lines of a plan or component the strategy no longer has (a
	// migration): nothing more can be worked out for them.
	for i := range pl.Items {
		it := &pl.Items[i]
		if it.Closed || pw.component(it.Plan, it.Component) != nil {
			continue
		}
		it.Closed = true
		it.settle()
		if !it.Forfeited.IsZero() {
			pay.Items = append(pay.Items, Item{Kind: Forfeited, Period: it.Period, Plan: it.Plan, Component: it.Component, Deal: it.Deal, Base: it.Forfeited,
				Explanation: fmt.Sprintf("%s still to pay on %s forfeited: the strategy has no component %s in plan %s any more (a migration)",
					numfmt.Amount(it.Forfeited), it.name(), it.Component, it.Plan)})
		}
	}

	// Cancelled deals: claw back what was paid within the window;
	// nothing more is paid on them, and what they had not paid is
	// forfeited.
	for i := range pl.Items {
		it := &pl.Items[i]
		if it.Deal == "" || it.Closed {
			continue
		}
		ev, ok := pw.cancellation(it.Deal)
		if !ok {
			continue
		}
		claw, share, expl, err := pw.clawback(it, ev)
		if err != nil {
			return nil, fmt.Errorf("payee %s: %w", pl.Payee, err)
		}
		item := Item{Kind: Clawback, Period: it.Period, Plan: it.Plan, Component: it.Component, Deal: it.Deal,
			Amount: claw, Base: it.Paid, Share: share.share(), Clawback: share, PayrollCode: pw.code(it), Explanation: expl}
		if !claw.IsZero() && hold(it, item) {
			continue // the clawback waits with the rest of what is held
		}
		if held || pw.dealHeld(it.Deal) {
			continue
		}
		if !claw.IsZero() {
			it.Paid = it.Paid.Add(claw)
			it.ClawedBack = it.ClawedBack.Sub(claw)
			pay.Items = append(pay.Items, item)
		}
		it.Closed = true
		it.settle()
		if !it.Forfeited.IsZero() {
			pay.Items = append(pay.Items, Item{Kind: Forfeited, Period: it.Period, Plan: it.Plan, Component: it.Component, Deal: it.Deal,
				Base: it.Forfeited, PayrollCode: pw.code(it),
				Explanation: fmt.Sprintf("deal %s cancelled on %s: %s earned on it was never paid, and never will be", it.Deal, ev.Date, numfmt.Amount(it.Forfeited))})
		}
	}

	// Releases: what each line has fallen due by the period's end, less
	// what was paid on it.
	for i := range pl.Items {
		it := &pl.Items[i]
		if it.Closed {
			continue
		}
		if _, cancelled := pw.cancellation(it.Deal); cancelled && it.Deal != "" {
			continue // held with its clawback
		}
		if c := pw.component(it.Plan, it.Component); c != nil && it.Deal != "" && c.HoldUntilPaid && c.HoldDays > 0 {
			deadline := it.DealDate.AddDays(c.HoldDays)
			col, err := pw.collection(it, deadline)
			if err != nil {
				return nil, fmt.Errorf("payee %s: %w", pl.Payee, err)
			}
			if deadline.Before(p.End) && col.paid.LessThan(one) && col.kept.Sign() > 0 {
				it.Closed = true
				it.settle()
				pay.Items = append(pay.Items, Item{Kind: Forfeited, Period: it.Period, Plan: it.Plan, Component: it.Component, Deal: it.Deal,
					Base: it.Forfeited, PayrollCode: pw.code(it), Explanation: fmt.Sprintf("%s held on deal %s forfeited: not paid in full within %d days of %s",
						numfmt.Amount(it.Forfeited), it.Deal, c.HoldDays, it.DealDate)})
				continue
			}
		}
		d, err := pw.due(it)
		if err != nil {
			return nil, fmt.Errorf("payee %s: %w", pl.Payee, err)
		}
		it.Forfeited = it.Earned.Sub(d.value)
		amt := d.due.Sub(it.Paid)
		if !amt.IsZero() {
			kind := Release
			why := d.why
			switch {
			case pw.trueup[it.key()] && it.Period == fiscalYear(p.ID) && pw.isYearly(it.Plan) && it.Deal != "":
				// a deal of an earlier period re-priced by the year to
				// date: say what the deal's lines of the component earn
				// and were paid in all, not only this line's
				kind = TrueUp
				earned, paid := pw.dealTotals(it)
				why = fmt.Sprintf("%s to date re-prices deal %s: its %s lines earn %s in all, %s paid before; %s", it.Period, it.Deal, it.Component,
					numfmt.Amount(earned), numfmt.Amount(paid), why)
			case pw.trueup[it.key()]:
				kind = TrueUp
				why = fmt.Sprintf("%s restated: earned %s, paid %s; %s", it.Period, numfmt.Amount(it.Earned), numfmt.Amount(it.Paid), why)
			case it.Period == p.ID || it.Period == fiscalYear(p.ID) && pw.isYearly(it.Plan):
				kind = Earned
			}
			item := Item{Kind: kind, Period: it.Period, Plan: it.Plan, Component: it.Component, Deal: it.Deal, Amount: amt,
				Base: it.Earned, Share: d.share, PayrollCode: pw.code(it), Explanation: why}
			if !hold(it, item) {
				it.Paid = d.due
				pay.Items = append(pay.Items, item)
			}
		}
		if d.kept.IsZero() && it.Paid.IsZero() {
			it.Closed = true // refunded in full: nothing more to pay
		}
		it.settle()
	}

	slices.SortStableFunc(pay.Items, func(a, b Item) int {
		return cmp.Or(strings.Compare(a.Period, b.Period), strings.Compare(a.Plan, b.Plan), strings.Compare(a.Component, b.Component), strings.Compare(a.Deal, b.Deal))
	})
	if !held {
		pw.yearCaps(pay)
		pw.draw(pay, st, hasStatement)
		pw.negative(pay)
	}
	for i := range pay.Items {
		// the plan's own items (draws, caps, balances) take the codes it names
		if it := &pay.Items[i]; it.PayrollCode == "" && it.Component == "" {
			if p := pw.plan(it.Plan); p != nil {
				it.PayrollCode = p.PayrollCodes[string(it.Kind)]
			}
		}
	}
	for _, it := range pay.Items {
		pay.Amount = pay.Amount.Add(it.Amount)
	}
	pl.Earned = decimal.Zero
	for i := range pl.Items {
		it := &pl.Items[i]
		it.settle()
		pl.Earned = pl.Earned.Add(it.Earned)
		if !it.Closed {
			pay.Deferred = pay.Deferred.Add(it.Deferred)
		}
	}
	if t := pw.planInForce(); t != nil {
		pl.Plan = t.ID
	}
	pl.Paid = pl.Paid.Add(pay.Amount)
	pay.DrawOwed, pay.Carried = pl.DrawOwed, pl.Carried
	if pw.ytd != nil {
		if _, ok := pw.ytd.Statement(pl.Payee); ok {
			hasStatement = true
		}
	}
	if !hasStatement && len(pay.Items) == 0 && len(pay.Held) == 0 {
		return nil, nil
	}
	pl.Payments = append(pl.Payments, Payment{Period: p.ID, Amount: pay.Amount})
	return pay, nil
}

// earned is what a line earns, with its deal's facts.
type earned struct {
	earned       decimal.Decimal
	dealDate     calendar.Date
	dealAmount   decimal.Decimal
	dealCurrency string
	term         decimal.Decimal // the deal's term in months, for pro-rata clawbacks
}

func (v earned) item(k itemKey) LedgerItem {
	it := LedgerItem{Period: k.period, Plan: k.plan, Component: k.component, Deal: k.deal, Kind: k.kind, Earned: v.earned}
	v.setFacts(&it)
	return it
}

func (v earned) setFacts(it *LedgerItem) {
	it.DealDate, it.DealAmount, it.DealCurrency, it.Term = v.dealDate, v.dealAmount, v.dealCurrency, v.term
}

// keepsClosedDeals checks that a restatement gives every deal whose lines
// in the period are closed (cancelled, refunded or forfeited: what they
// paid is kept, and nothing more is paid on them) as the ledger knows it.
// A closed line is not recomputed, but the period's caps, gates and
// tables are, from the restated deals: leaving such a deal out, or
// changing its amount, date or currency, would work them out on other
// amounts than the ones the period keeps, and give back what a cap
// withheld (or withhold more). The cancellation is an event; the deal
// stays in the period's deals.
func keepsClosedDeals(l *Ledger, r Restatement) error {
	given := make(map[string]*deal.Deal, len(r.Deals))
	for i := range r.Deals {
		given[r.Deals[i].ID] = &r.Deals[i]
	}
	var problems []string
	seen := map[string]bool{}
	for _, pl := range l.Payees {
		for _, it := range pl.Items {
			if !it.Closed || it.Deal == "" || it.Period != r.Period.ID || seen[it.Deal] {
				continue
			}
			seen[it.Deal] = true
			d, ok := given[it.Deal]
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("deal %s is left out, but its lines are closed with what they paid kept: give it as it was (%s %s on %s); its cancellation or refund is an event, not a correction",
					it.Deal, numfmt.Amount(it.DealAmount), it.DealCurrency, it.DealDate))
			case !it.DealAmount.IsZero() && !d.Amount.Equal(it.DealAmount), it.DealCurrency != "" && d.Currency != it.DealCurrency, !it.DealDate.IsZero() && d.Date != it.DealDate:
				problems = append(problems, fmt.Sprintf("deal %s is given as %s %s on %s, but its lines are closed on %s %s on %s, what they paid kept: a closed deal cannot be corrected",
					it.Deal, numfmt.Amount(d.Amount), d.Currency, d.Date, numfmt.Amount(it.DealAmount), it.DealCurrency, it.DealDate))
			}
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("restating %s: %s", r.Period.ID, strings.Join(problems, "; "))
	}
	return nil
}

// earnedBy sums the payee's statement lines of a result by item key.
func (pw *payoutWork) earnedBy(res *commission.Result, period string, yearly bool) map[itemKey]earned {
	out := map[itemKey]earned{}
	st, ok := res.Statement(pw.pl.Payee)
	if !ok {
		return out
	}
	for _, l := range st.Lines {
		if p := pw.plan(l.Plan); p == nil || p.Yearly != yearly {
			continue // a yearly plan is paid from the year to date
		}
		k := itemKey{period, l.Plan, l.Component, l.Deal, l.Kind}
		v := out[k]
		v.earned = v.earned.Add(l.Amount)
		if d, ok := pw.deals[l.Deal]; ok {
			v.dealDate, v.dealAmount, v.dealCurrency = d.Date, d.Amount, d.Currency
			if p := pw.plan(l.Plan); p != nil && p.Clawback != nil && p.Clawback.ProRataMonths != "" {
				v.term = termOf(d.Attrs, p.Clawback.ProRataMonths)
			}
			if v.term.IsZero() {
				v.term = pw.facts[l.Deal].term
			}
		}
		out[k] = v
	}
	return out
}

func sortedItemKeys(m map[itemKey]earned) []itemKey {
	keys := make([]itemKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, itemKey.compare)
	return keys
}

func (pw *payoutWork) code(it *LedgerItem) string {
	if c := pw.component(it.Plan, it.Component); c != nil {
		return c.PayrollCode
	}
	return ""
}

// cancellation returns the cancellation of a deal known by the period's
// end.
func (pw *payoutWork) cancellation(dealID string) (Event, bool) {
	for _, ev := range pw.events[dealID] {
		if ev.Kind == Cancelled {
			return ev, true
		}
	}
	return Event{}, false
}

// dealHeld reports whether a deal is under dispute at the period's end:
// its last hold or release event is a hold.
func (pw *payoutWork) dealHeld(dealID string) bool {
	held := false
	for _, ev := range pw.events[dealID] {
		switch ev.Kind {
		case DealHeld:
			held = true
		case DealReleased:
			held = false
		}
	}
	return held
}

// collected is what a deal's events say of it by a day.
type collected struct {
	// kept is the share of the deal not refunded, from 0 to 1.
	kept decimal.Decimal
	// paid is the share of what is kept that is collected, net of
	// reversed payments and refunds, from 0 to 1.
	paid               decimal.Decimal
	refunded, received decimal.Decimal
}

// collection sums a deal's payments and refunds up to a day. A refund
// returns money: it takes its amount off the deal and off what was
// collected. A refund without an amount returns the whole deal.
func (pw *payoutWork) collection(it *LedgerItem, by calendar.Date) (collected, error) {
	c := collected{kept: one}
	a := it.DealAmount.Abs()
	whole := false
	for _, ev := range pw.events[it.Deal] {
		if ev.Date.After(by) {
			continue
		}
		switch ev.Kind {
		case PaymentReceived:
			c.received = c.received.Add(ev.Amount)
		case Refunded:
			if ev.Amount.IsZero() {
				whole = true
				continue
			}
			c.refunded = c.refunded.Add(ev.Amount.Abs())
		}
	}
	switch {
	case whole:
		c.kept, c.paid = decimal.Zero, one
		return c, nil
	case a.IsZero() && c.refunded.Sign() > 0:
		return c, fmt.Errorf("deal %s: a refund of %s needs the deal's amount, which the ledger line %s does not record (give deal_amount with the event)", it.Deal, numfmt.Amount(c.refunded), it.name())
	case a.IsZero():
		c.paid = decimal.Zero
		if c.received.Sign() > 0 {
			c.paid = one
		}
		return c, nil
	}
	if c.refunded.GreaterThanOrEqual(a) {
		c.kept, c.paid = decimal.Zero, one
		return c, nil
	}
	c.kept = one.Sub(c.refunded.DivRound(a, divPrecision))
	left := a.Sub(c.refunded)
	c.paid = decimal.Max(decimal.Zero, decimal.Min(one, c.received.Sub(c.refunded).DivRound(left, divPrecision)))
	return c, nil
}

func (pw *payoutWork) invoiced(dealID string) bool {
	for _, ev := range pw.events[dealID] {
		if ev.Kind == Invoiced {
			return true
		}
	}
	return false
}

// dueOf is what a line has fallen due by the end of the period.
type dueOf struct {
	// due is what the line pays by now in all: earned × share, rounded.
	due, share decimal.Decimal
	// value is what the line can pay at most once its deal is released
	// in full: earned × kept, rounded; the rest is forfeited.
	value, kept decimal.Decimal
	why         string
}

// due returns what a line has fallen due by the end of the period, and
// why.
func (pw *payoutWork) due(it *LedgerItem) (dueOf, error) {
	c := pw.component(it.Plan, it.Component)
	all := dueOf{due: it.Earned, share: one, value: it.Earned, kept: one, why: fmt.Sprintf("%s earned in %s", numfmt.Amount(it.Earned), it.Period)}
	if it.Deal == "" || c == nil {
		return all, nil
	}
	col, err := pw.collection(it, pw.in.Period.End)
	if err != nil {
		return dueOf{}, err
	}
	if len(c.Release) == 0 && !c.HoldUntilPaid && col.kept.Equal(one) {
		return all, nil
	}
	keptNote := ""
	if !col.kept.Equal(one) {
		keptNote = fmt.Sprintf(" x %s not refunded", numfmt.Percent(col.kept))
	}
	value := pw.round(it.Plan, it.Earned.Mul(col.kept))
	if c.HoldUntilPaid && col.paid.LessThan(one) && col.kept.Sign() > 0 {
		return dueOf{due: decimal.Zero, share: decimal.Zero, value: value, kept: col.kept,
			why: fmt.Sprintf("held until deal %s is paid in full (%s paid)%s", it.Deal, numfmt.Percent(col.paid), keptNote)}, nil
	}
	rel := c.Release
	if len(rel) == 0 && c.HoldUntilPaid {
		// held until paid, and paid in full: released on payment
		due := pw.round(it.Plan, it.Earned.Mul(col.kept))
		return dueOf{due: due, share: col.kept, value: value, kept: col.kept,
			why: fmt.Sprintf("%s earned in %s, held until deal %s was paid in full and released on payment%s: %s due, %s paid before",
				numfmt.Amount(it.Earned), it.Period, it.Deal, keptNote, numfmt.Amount(due), numfmt.Amount(it.Paid))}, nil
	}
	if len(rel) == 0 {
		rel = []commission.ReleaseDef{{On: commission.OnBooking, Share: one}}
	}
	f := decimal.Zero
	var parts []string
	for _, r := range rel {
		switch r.On {
		case commission.OnBooking:
			f = f.Add(r.Share)
			parts = append(parts, numfmt.Rate(r.Share)+" on booking"+keptNote)
		case commission.OnInvoice:
			if pw.invoiced(it.Deal) {
				f = f.Add(r.Share)
				parts = append(parts, numfmt.Rate(r.Share)+" on invoice"+keptNote)
			}
		case commission.OnCash:
			if col.paid.Sign() > 0 {
				f = f.Add(r.Share.Mul(col.paid))
				parts = append(parts, fmt.Sprintf("%s on cash x %s collected%s", numfmt.Rate(r.Share), numfmt.Percent(col.paid), keptNote))
			}
		}
	}
	share := f.Mul(col.kept)
	due := pw.round(it.Plan, it.Earned.Mul(share))
	if len(parts) == 0 {
		parts = []string{"nothing released yet"}
	}
	return dueOf{due: due, share: share, value: value, kept: col.kept,
		why: fmt.Sprintf("%s earned in %s, released %s: %s due, %s paid before", numfmt.Amount(it.Earned), it.Period,
			strings.Join(parts, " + "), numfmt.Amount(due), numfmt.Amount(it.Paid))}, nil
}

// dealTotals returns what the lines of it's deal, plan, component and
// period earn in all and were paid before this payout.
func (pw *payoutWork) dealTotals(it *LedgerItem) (earned, paid decimal.Decimal) {
	for i := range pw.pl.Items {
		o := &pw.pl.Items[i]
		if o.Period == it.Period && o.Plan == it.Plan && o.Component == it.Component && o.Deal == it.Deal {
			earned, paid = earned.Add(o.Earned), paid.Add(o.Paid)
		}
	}
	return earned, paid
}

// share returns Fraction × ProRata, or 0 for no clawback.
func (s *ClawbackShare) share() decimal.Decimal {
	if s == nil {
		return decimal.Zero
	}
	return s.Fraction.Mul(s.ProRata)
}

// clawback returns the (negative) amount to claw back from a line of a
// cancelled deal, how its share was worked out, and why; zero outside the
// window or when nothing was paid.
func (pw *payoutWork) clawback(it *LedgerItem, ev Event) (decimal.Decimal, *ClawbackShare, string, error) {
	p := pw.plan(it.Plan)
	if p == nil || p.Clawback == nil || it.Paid.IsZero() {
		return decimal.Zero, nil, "", nil
	}
	days := it.DealDate.DaysUntil(ev.Date)
	if it.DealDate.IsZero() || days > p.Clawback.Days {
		return decimal.Zero, nil, "", nil
	}
	s := &ClawbackShare{Cancelled: ev.Date, Days: days, Window: p.Clawback.Days, Fraction: one, ProRata: one}
	why := fmt.Sprintf("deal %s cancelled on %s, %d days after booking (window %d days): ", it.Deal, ev.Date, days, p.Clawback.Days)
	if p.Clawback.Fraction != nil {
		s.Fraction = *p.Clawback.Fraction
		why += fmt.Sprintf("%s of %s paid", numfmt.Rate(s.Fraction), numfmt.Amount(it.Paid))
	} else {
		why += fmt.Sprintf("all %s paid", numfmt.Amount(it.Paid))
	}
	if p.Clawback.ProRataMonths != "" {
		if it.Term.Sign() <= 0 {
			return decimal.Zero, nil, "", fmt.Errorf("deal %s: a pro-rata clawback needs the term in months (attribute %s) when the line is earned, or term with the event; it has none", it.Deal, p.Clawback.ProRataMonths)
		}
		s.MonthsStayed, s.TermMonths = monthsBetween(it.DealDate, ev.Date), it.Term
		s.ProRata = decimal.Max(decimal.Zero, one.Sub(decimal.NewFromInt(int64(s.MonthsStayed)).DivRound(it.Term, divPrecision)))
		why += fmt.Sprintf(", pro rata: %d of %s months stayed, %s clawed back", s.MonthsStayed, numfmt.Number(it.Term), numfmt.Percent(s.ProRata))
	}
	claw := pw.round(it.Plan, it.Paid.Mul(s.share())).Neg()
	return claw, s, why + fmt.Sprintf(" = %s", numfmt.Amount(claw)), nil
}

// termOf returns a deal's term in months from its attribute attr, or 0.
func termOf(attrs deal.Attrs, attr string) decimal.Decimal {
	v, _ := attrs.Get(attr)
	switch v := v.(type) {
	case int64:
		return decimal.NewFromInt(v)
	case int:
		return decimal.NewFromInt(int64(v))
	case decimal.Decimal:
		return v
	}
	return decimal.Zero
}

// monthsBetween counts the whole months from a to b.
func monthsBetween(a, b calendar.Date) int {
	n := (b.Year-a.Year)*12 + int(b.Month) - int(a.Month)
	if b.Day < a.Day {
		n--
	}
	return max(n, 0)
}

// fiscalYear returns the fiscal year of a period id: FY2027 of FY2027-Q1.
func fiscalYear(period string) string {
	y, _, _ := strings.Cut(period, "-")
	return y
}

// divPrecision is the number of decimal places of quotients (shares of a
// deal, months stayed over a term) before they multiply an amount.
const divPrecision = 20

var one = decimal.NewFromInt(1)

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
