package payout

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/internal/numfmt"
	"io"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// EventKind is what happened to a deal after it was booked.
type EventKind string

// The deal events.
const (
	// Invoiced: the deal was invoiced; releases on invoice fall due.
	Invoiced EventKind = "invoiced"
	// PaymentReceived: Amount was collected (negative for a reversed
	// payment); releases on cash fall due pro rata.
	PaymentReceived EventKind = "paid"
	// Cancelled: the deal was cancelled; nothing more is paid on it, and
	// within the plan's clawback window what was paid is clawed back.
	Cancelled EventKind = "cancelled"
	// Refunded: like Cancelled, for a deal whose money was returned.
	Refunded EventKind = "refunded"
)

// Event is a deal event with its date. A payout takes every event known
// up to the end of its period; events dated later are ignored until then.
type Event struct {
	Deal   string          `json:"deal"`
	Kind   EventKind       `json:"kind"`
	Date   calendar.Date   `json:"date"`
	Amount decimal.Decimal `json:"amount"`
}

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
	// Events are the deal events known up to the end of the period.
	Events []Event
	// DealInfo gives the deals of earlier periods that events refer to,
	// when their lines were earned in periods not being run now: their
	// dates, amounts and attributes (for pro-rata clawbacks). Deals of
	// Deals and Restated need not be repeated.
	DealInfo []deal.Deal
	// Restated are closed periods recomputed with corrected deals.
	Restated []Restatement
	// Held lists payees whose whole payout is held this period (leave, a
	// dispute): what they are due is shown and carried, not paid.
	Held []string
	// YearToDate is what plans on a yearly horizon run over; it is
	// required when the engine has one ([commission.Engine.Yearly]).
	YearToDate *YearToDate
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
	Guarantee Kind = "guarantee" // a non-recoverable draw's top-up
	Recovery  Kind = "recovery"  // a recoverable draw recovered from earnings
	Forgiven  Kind = "forgiven"  // a draw balance forgiven (amount 0, for the record)
	Cap       Kind = "cap"       // withheld by a yearly cap (or given back under it)
	Forfeited Kind = "forfeited" // a held line whose deal was not paid in time (amount 0)
)

// Item is one amount paid (or held) now, with the period it relates
// to.
type Item struct {
	Kind        Kind            `json:"kind"`
	Period      string          `json:"period"`
	Plan        string          `json:"plan,omitempty"`
	Component   string          `json:"component,omitempty"`
	Deal        string          `json:"deal,omitempty"`
	Amount      decimal.Decimal `json:"amount"`
	PayrollCode string          `json:"payroll_code,omitempty"`
	Explanation string          `json:"explanation"`
}

// Payable is what one payee is paid this period, and why.
type Payable struct {
	Payee    string `json:"payee"`
	Currency string `json:"currency"`
	// Earned is the total of the period's statement.
	Earned decimal.Decimal `json:"earned"`
	// Items are paid now; Held items are due but held.
	Items []Item `json:"items"`
	Held  []Item `json:"held,omitempty"`
	// Deferred is what is earned but not yet released (on invoice, on
	// cash, until paid), over every period.
	Deferred decimal.Decimal `json:"deferred"`
	// DrawOwed is the recoverable draw balance after this period.
	DrawOwed decimal.Decimal `json:"draw_owed"`
	// Amount is what to pay now: the sum of Items.
	Amount decimal.Decimal `json:"amount"`
}

// Result is the outcome of one period for payroll.
type Result struct {
	Period     string             `json:"period"`
	Commission *commission.Result `json:"-"`
	// YearToDate holds the year-to-date statements that plans on a
	// yearly horizon were paid from, or nil.
	YearToDate *commission.Result `json:"-"`
	Payables   []Payable          `json:"payables"`
	// Ledger is the input ledger with this period closed.
	Ledger *Ledger `json:"-"`
}

// Payout computes a period's statements and what to pay each payee now,
// given the ledger of earlier periods: releases of deferred amounts,
// true-ups of restated periods, clawbacks of cancelled deals, holds and
// draws. It returns the new ledger, with the period closed; the input
// ledger is not changed. Running the same period with the same inputs and
// ledger gives the same payout; running a period the ledger has closed is
// an error, so closed payments never change.
func Run(e *commission.Engine, in Input, opts ...commission.RunOption) (*Result, error) {
	p := in.Period
	if in.Ledger != nil && in.Ledger.Version != LedgerVersion {
		return nil, fmt.Errorf("ledger version %d: this salesplan reads version %d", in.Ledger.Version, LedgerVersion)
	}
	if in.Ledger.IsClosed(p.ID) {
		return nil, fmt.Errorf("period %s is already closed in the ledger: its payments never change; correct it through a restatement in a later period", p.ID)
	}
	terms := newPlans(e)
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
		rr, err := e.Run(r.Period, r.Deals, opts...)
		if err != nil {
			return nil, fmt.Errorf("restating %s: %w", r.Period.ID, err)
		}
		restated[r.Period.ID] = rr
		for i := range r.Deals {
			deals[r.Deals[i].ID] = &r.Deals[i]
		}
	}
	events := map[string][]Event{}
	for i, ev := range in.Events {
		switch ev.Kind {
		case Invoiced, PaymentReceived, Cancelled, Refunded:
		default:
			return nil, fmt.Errorf("events[%d]: deal %s: unknown event %q (want invoiced, paid, cancelled or refunded)", i, ev.Deal, ev.Kind)
		}
		if !ev.Date.Valid() {
			return nil, fmt.Errorf("events[%d]: deal %s: missing or invalid date", i, ev.Deal)
		}
		if ev.Date.After(p.End) {
			continue
		}
		events[ev.Deal] = append(events[ev.Deal], ev)
	}
	for _, list := range events {
		// the order events arrive in must not matter
		slices.SortFunc(list, func(a, b Event) int {
			return cmp.Or(a.Date.Compare(b.Date), strings.Compare(string(a.Kind), string(b.Kind)), a.Amount.Cmp(b.Amount))
		})
	}

	out := in.Ledger.clone()
	out.Closed = append(out.Closed, p.ID)
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
	ids := make([]string, 0, len(payees))
	for id := range payees {
		ids = append(ids, id)
	}
	slices.Sort(ids)
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
		pw := &payoutWork{e: e, in: &in, res: res, ytd: ytd, restated: restated, deals: deals, events: events, pl: &out.Payees[i], plans: terms}
		pay, err := pw.run()
		if err != nil {
			return nil, err
		}
		if pay != nil {
			po.Payables = append(po.Payables, *pay)
		}
	}
	out.sort()
	return po, nil
}

type payoutWork struct {
	e        *commission.Engine
	in       *Input
	res      *commission.Result
	ytd      *commission.Result
	restated map[string]*commission.Result
	deals    map[string]*deal.Deal
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
}

func newPlans(e *commission.Engine) *plans {
	ps := &plans{byID: map[string]*commission.PlanTerms{}, comps: map[[2]string]*commission.ComponentDef{}}
	terms := e.Plans()
	for i := range terms {
		t := &terms[i]
		ps.list = append(ps.list, t)
		ps.byID[t.ID] = t
		for j := range t.Components {
			ps.comps[[2]string{t.ID, t.Components[j].ID}] = &t.Components[j]
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

func (pw *payoutWork) round(d decimal.Decimal) decimal.Decimal {
	return d.RoundBank(money.MinorUnits(pw.pl.Currency))
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
	(&Ledger{Payees: []PayeeLedger{*pl}}).sort()

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
				it.DealDate, it.DealAmount, it.Term = v.dealDate, v.dealAmount, v.term
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
				it.DealDate, it.DealAmount, it.Term = v.dealDate, v.dealAmount, v.term
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

	pay := &Payable{Payee: pl.Payee, Currency: pl.Currency, Earned: earnedNow}
	held := slices.Contains(pw.in.Held, pl.Payee)

	// Cancelled and refunded deals: claw back what was paid within the
	// window; nothing more is paid on them.
	for i := range pl.Items {
		it := &pl.Items[i]
		if it.Deal == "" || it.Closed {
			continue
		}
		ev, ok := pw.cancellation(it.Deal)
		if !ok {
			continue
		}
		claw, expl, err := pw.clawback(it, ev)
		if err != nil {
			return nil, fmt.Errorf("payee %s: %w", pl.Payee, err)
		}
		if held {
			// the clawback waits with the rest of the payee's payout
			if !claw.IsZero() {
				pay.Held = append(pay.Held, Item{Kind: Clawback, Period: it.Period, Plan: it.Plan, Component: it.Component, Deal: it.Deal,
					Amount: claw, PayrollCode: pw.code(it), Explanation: "held: " + expl})
			}
			continue
		}
		if !claw.IsZero() {
			it.Paid = it.Paid.Add(claw)
			pay.Items = append(pay.Items, Item{Kind: Clawback, Period: it.Period, Plan: it.Plan, Component: it.Component, Deal: it.Deal,
				Amount: claw, PayrollCode: pw.code(it), Explanation: expl})
		}
		it.Earned = it.Paid
		it.Closed = true
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
		if c := pw.component(it.Plan, it.Component); c != nil && it.Deal != "" && c.HoldUntilPaid && c.HoldDays > 0 &&
			it.DealDate.AddDays(c.HoldDays).Before(pw.in.Period.End) &&
			pw.paidFraction(it, it.DealDate.AddDays(c.HoldDays)).LessThan(one) {
			pay.Items = append(pay.Items, Item{Kind: Forfeited, Period: it.Period, Plan: it.Plan, Component: it.Component, Deal: it.Deal,
				PayrollCode: pw.code(it), Explanation: fmt.Sprintf("%s held on deal %s forfeited: not paid in full within %d days of %s",
					numfmt.Amount(it.Earned.Sub(it.Paid)), it.Deal, c.HoldDays, it.DealDate)})
			it.Earned = it.Paid
			it.Closed = true
			continue
		}
		due, why := pw.due(it)
		amt := due.Sub(it.Paid)
		if amt.IsZero() {
			continue
		}
		kind := Release
		switch {
		case pw.trueup[it.key()]:
			kind = TrueUp
			why = fmt.Sprintf("%s restated: earned %s, paid %s; %s", it.Period, numfmt.Amount(it.Earned), numfmt.Amount(it.Paid), why)
		case it.Period == p.ID || it.Period == fiscalYear(p.ID) && pw.isYearly(it.Plan):
			kind = Earned
		}
		item := Item{Kind: kind, Period: it.Period, Plan: it.Plan, Component: it.Component, Deal: it.Deal, Amount: amt, PayrollCode: pw.code(it), Explanation: why}
		if held {
			item.Explanation = "held: " + item.Explanation
			pay.Held = append(pay.Held, item)
			continue
		}
		it.Paid = due
		pay.Items = append(pay.Items, item)
	}

	slices.SortStableFunc(pay.Items, func(a, b Item) int {
		return cmp.Or(strings.Compare(a.Period, b.Period), strings.Compare(a.Plan, b.Plan), strings.Compare(a.Component, b.Component), strings.Compare(a.Deal, b.Deal))
	})
	if !held {
		pw.yearCaps(pay)
		pw.draw(pay, st, hasStatement)
	}
	for _, it := range pay.Items {
		pay.Amount = pay.Amount.Add(it.Amount)
	}
	for _, it := range pl.Items {
		if !it.Closed {
			pay.Deferred = pay.Deferred.Add(it.Earned.Sub(it.Paid))
		}
	}
	pl.Paid = pl.Paid.Add(pay.Amount)
	pay.DrawOwed = pl.DrawOwed
	if pw.ytd != nil {
		if _, ok := pw.ytd.Statement(pl.Payee); ok {
			hasStatement = true
		}
	}
	if !hasStatement && len(pay.Items) == 0 && len(pay.Held) == 0 {
		return nil, nil
	}
	return pay, nil
}

// earned is what a line earns, with its deal's facts.
type earned struct {
	earned     decimal.Decimal
	dealDate   calendar.Date
	dealAmount decimal.Decimal
	term       decimal.Decimal // the deal's term in months, for pro-rata clawbacks
}

func (v earned) item(k itemKey) LedgerItem {
	return LedgerItem{Period: k.period, Plan: k.plan, Component: k.component, Deal: k.deal, Kind: k.kind,
		DealDate: v.dealDate, DealAmount: v.dealAmount, Term: v.term, Earned: v.earned}
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
			v.dealDate, v.dealAmount = d.Date, d.Amount
			if p := pw.plan(l.Plan); p != nil && p.Clawback != nil && p.Clawback.ProRataMonths != "" {
				v.term = termOf(d, p.Clawback.ProRataMonths)
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

// cancellation returns the earliest event that ends a deal: a
// cancellation, or a refund of all of it (no amount, or at least the
// deal's). A partial refund only reduces what the deal releases.
func (pw *payoutWork) cancellation(dealID string) (Event, bool) {
	for _, ev := range pw.events[dealID] {
		if ev.Kind == Cancelled || (ev.Kind == Refunded && (ev.Amount.IsZero() || pw.fullRefund(dealID, ev))) {
			return ev, true
		}
	}
	return Event{}, false
}

func (pw *payoutWork) fullRefund(dealID string, ev Event) bool {
	d, ok := pw.deals[dealID]
	return ok && !d.Amount.IsZero() && ev.Amount.Abs().GreaterThanOrEqual(d.Amount.Abs())
}

// refundedFraction is the share of a deal's amount refunded by the
// period's end (partial refunds), from 0 to 1.
func (pw *payoutWork) refundedFraction(it *LedgerItem) decimal.Decimal {
	sum := decimal.Zero
	for _, ev := range pw.events[it.Deal] {
		if ev.Kind == Refunded {
			sum = sum.Add(ev.Amount.Abs())
		}
	}
	if sum.IsZero() || it.DealAmount.IsZero() {
		return decimal.Zero
	}
	return decimal.Min(one, sum.DivRound(it.DealAmount.Abs(), divPrecision))
}

// paidFraction is the share of a deal's amount collected by a day, net
// of reversed payments and refunds, from 0 to 1.
func (pw *payoutWork) paidFraction(it *LedgerItem, by calendar.Date) decimal.Decimal {
	sum := decimal.Zero
	for _, ev := range pw.events[it.Deal] {
		if ev.Date.After(by) {
			continue
		}
		switch ev.Kind {
		case PaymentReceived:
			sum = sum.Add(ev.Amount)
		case Refunded:
			sum = sum.Sub(ev.Amount.Abs()) // money given back is no longer collected
		}
	}
	if it.DealAmount.IsZero() {
		return decimal.Zero
	}
	f := sum.DivRound(it.DealAmount.Abs(), divPrecision)
	return decimal.Max(decimal.Zero, decimal.Min(one, f))
}

func (pw *payoutWork) invoiced(dealID string) bool {
	for _, ev := range pw.events[dealID] {
		if ev.Kind == Invoiced {
			return true
		}
	}
	return false
}

// due returns what a line has fallen due by the end of the period, and
// why.
func (pw *payoutWork) due(it *LedgerItem) (decimal.Decimal, string) {
	c := pw.component(it.Plan, it.Component)
	if it.Deal == "" || c == nil || (len(c.Release) == 0 && !c.HoldUntilPaid && pw.refundedFraction(it).IsZero()) {
		return it.Earned, fmt.Sprintf("%s earned in %s", numfmt.Amount(it.Earned), it.Period)
	}
	paid := pw.paidFraction(it, pw.in.Period.End)
	if c.HoldUntilPaid && paid.LessThan(one) {
		return decimal.Zero, fmt.Sprintf("held until deal %s is paid in full (%s paid)", it.Deal, numfmt.Percent(paid))
	}
	rel := c.Release
	if len(rel) == 0 {
		rel = []commission.ReleaseDef{{On: commission.OnBooking, Share: one}}
	}
	f := decimal.Zero
	var parts []string
	kept := one.Sub(pw.refundedFraction(it)) // what a partial refund leaves of the deal
	keptNote := ""
	if !kept.Equal(one) {
		keptNote = fmt.Sprintf(" x %s not refunded", numfmt.Percent(kept))
	}
	for _, r := range rel {
		switch r.On {
		case commission.OnBooking:
			f = f.Add(r.Share.Mul(kept))
			parts = append(parts, numfmt.Rate(r.Share)+" on booking"+keptNote)
		case commission.OnInvoice:
			if pw.invoiced(it.Deal) {
				f = f.Add(r.Share.Mul(kept))
				parts = append(parts, numfmt.Rate(r.Share)+" on invoice"+keptNote)
			}
		case commission.OnCash:
			if paid.Sign() > 0 {
				f = f.Add(r.Share.Mul(paid))
				parts = append(parts, fmt.Sprintf("%s on cash x %s collected", numfmt.Rate(r.Share), numfmt.Percent(paid)))
			}
		}
	}
	due := pw.round(it.Earned.Mul(f))
	if len(parts) == 0 {
		parts = []string{"nothing released yet"}
	}
	return due, fmt.Sprintf("%s earned in %s, released %s: %s due, %s paid before", numfmt.Amount(it.Earned), it.Period,
		strings.Join(parts, " + "), numfmt.Amount(due), numfmt.Amount(it.Paid))
}

// clawback returns the (negative) amount to claw back from a line of a
// cancelled or refunded deal, and why; zero outside the window or when
// nothing was paid.
func (pw *payoutWork) clawback(it *LedgerItem, ev Event) (decimal.Decimal, string, error) {
	p := pw.plan(it.Plan)
	if p == nil || p.Clawback == nil || it.Paid.IsZero() {
		return decimal.Zero, "", nil
	}
	days := it.DealDate.DaysUntil(ev.Date)
	if it.DealDate.IsZero() || days > p.Clawback.Days {
		return decimal.Zero, "", nil
	}
	f := one
	why := fmt.Sprintf("deal %s %s on %s, %d days after booking (window %d days): all %s paid",
		it.Deal, ev.Kind, ev.Date, days, p.Clawback.Days, numfmt.Amount(it.Paid))
	if ev.Kind == Refunded && !ev.Amount.IsZero() && !it.DealAmount.IsZero() {
		f = decimal.Min(one, ev.Amount.Abs().DivRound(it.DealAmount.Abs(), divPrecision))
		why = fmt.Sprintf("deal %s refunded %s of %s on %s: %s of %s paid", it.Deal, numfmt.Amount(ev.Amount.Abs()), numfmt.Amount(it.DealAmount.Abs()),
			ev.Date, numfmt.Percent(f), numfmt.Amount(it.Paid))
	}
	if p.Clawback.ProRataMonths != "" {
		if it.Term.Sign() <= 0 {
			return decimal.Zero, "", fmt.Errorf("deal %s: a pro-rata clawback needs the term in months (attribute %s) when the line is earned; it has none", it.Deal, p.Clawback.ProRataMonths)
		}
		stayed := monthsBetween(it.DealDate, ev.Date)
		left := decimal.Max(decimal.Zero, one.Sub(decimal.NewFromInt(int64(stayed)).DivRound(it.Term, divPrecision)))
		f = f.Mul(left)
		why += fmt.Sprintf(", pro rata: %d of %s months stayed, %s clawed back", stayed, numfmt.Number(it.Term), numfmt.Percent(left))
	}
	claw := pw.round(it.Paid.Mul(f)).Neg()
	return claw, why + fmt.Sprintf(" = %s", numfmt.Amount(claw)), nil
}

// termOf returns a deal's term in months from its attribute attr, or 0.
func termOf(d *deal.Deal, attr string) decimal.Decimal {
	switch v := d.Attrs[attr].(type) {
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

// draw applies the draw of the plan in force at the period's end.
func (pw *payoutWork) draw(pay *Payable, st commission.Statement, ok bool) {
	if !ok || len(st.Plans) == 0 {
		return
	}
	p := pw.plan(st.Plans[len(st.Plans)-1].Plan)
	if p == nil || p.Draw == nil {
		return
	}
	d, pl, period := p.Draw, pw.pl, pw.in.Period.ID
	earned := decimal.Zero
	for _, it := range pay.Items {
		earned = earned.Add(it.Amount)
	}
	switch {
	case earned.LessThan(d.Amount):
		top := d.Amount.Sub(earned)
		if d.Recoverable {
			pl.DrawOwed = pl.DrawOwed.Add(top)
			pay.Items = append(pay.Items, Item{Kind: Draw, Period: period, Plan: p.ID, Amount: top,
				Explanation: fmt.Sprintf("recoverable draw of %s: earned %s, advanced %s, now owed %s", numfmt.Amount(d.Amount), numfmt.Amount(earned), numfmt.Amount(top), numfmt.Amount(pl.DrawOwed))})
		} else {
			pl.Guaranteed = pl.Guaranteed.Add(top)
			pay.Items = append(pay.Items, Item{Kind: Guarantee, Period: period, Plan: p.ID, Amount: top,
				Explanation: fmt.Sprintf("guaranteed draw of %s: earned %s, topped up by %s", numfmt.Amount(d.Amount), numfmt.Amount(earned), numfmt.Amount(top))})
		}
	case d.Recoverable && pl.DrawOwed.Sign() > 0:
		rec := decimal.Min(pl.DrawOwed, earned.Sub(d.Amount))
		limit := ""
		if d.RecoveryLimit != nil {
			if l := pw.round(earned.Mul(*d.RecoveryLimit)); l.LessThan(rec) {
				rec = l
				limit = fmt.Sprintf(", at most %s of earnings", numfmt.Rate(*d.RecoveryLimit))
			}
		}
		if rec.Sign() > 0 {
			pl.DrawOwed = pl.DrawOwed.Sub(rec)
			pay.Items = append(pay.Items, Item{Kind: Recovery, Period: period, Plan: p.ID, Amount: rec.Neg(),
				Explanation: fmt.Sprintf("draw recovered: earned %s, %s recovered%s, still owed %s", numfmt.Amount(earned), numfmt.Amount(rec), limit, numfmt.Amount(pl.DrawOwed))})
		}
	}
	if d.Recoverable && !d.ForgiveOn.IsZero() && pw.in.Period.Contains(d.ForgiveOn) && pl.DrawOwed.Sign() > 0 {
		pay.Items = append(pay.Items, Item{Kind: Forgiven, Period: period, Plan: p.ID,
			Explanation: fmt.Sprintf("draw balance of %s forgiven on %s", numfmt.Amount(pl.DrawOwed), d.ForgiveOn)})
		pl.Forgiven = pl.Forgiven.Add(pl.DrawOwed)
		pl.DrawOwed = decimal.Zero
	}
}

// WriteCSV writes one row per payable item, for payroll: the payee, the
// period paid, the item's kind, the plan and component, the deal, the
// period the item relates to, the amount, the currency and the
// component's payroll code. Held items are left out: they are not paid.
func (po *Result) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"payee", "period", "kind", "plan", "component", "deal", "original_period", "amount", "currency", "payroll_code"}); err != nil {
		return err
	}
	for _, p := range po.Payables {
		for _, it := range p.Items {
			if err := cw.Write([]string{p.Payee, po.Period, string(it.Kind), it.Plan, it.Component, it.Deal, it.Period, numfmt.Fixed(it.Amount, p.Currency), p.Currency, it.PayrollCode}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// MarshalJSON writes the payout's stable JSON form: per payee the amount
// to pay, its items, held items and balances, amounts as decimal strings.
func (po *Result) MarshalJSON() ([]byte, error) {
	type jsonItem struct {
		Kind        Kind   `json:"kind"`
		Period      string `json:"period"`
		Plan        string `json:"plan,omitempty"`
		Component   string `json:"component,omitempty"`
		Deal        string `json:"deal,omitempty"`
		Amount      string `json:"amount"`
		PayrollCode string `json:"payroll_code,omitempty"`
		Explanation string `json:"explanation"`
	}
	type jsonPayable struct {
		Payee    string     `json:"payee"`
		Currency string     `json:"currency"`
		Amount   string     `json:"amount"`
		Earned   string     `json:"earned"`
		Deferred string     `json:"deferred"`
		DrawOwed string     `json:"draw_owed"`
		Items    []jsonItem `json:"items"`
		Held     []jsonItem `json:"held,omitempty"`
	}
	out := struct {
		Period   string        `json:"period"`
		Payables []jsonPayable `json:"payables"`
	}{Period: po.Period, Payables: []jsonPayable{}}
	conv := func(items []Item, cur string) []jsonItem {
		res := make([]jsonItem, 0, len(items))
		for _, it := range items {
			res = append(res, jsonItem{it.Kind, it.Period, it.Plan, it.Component, it.Deal, numfmt.Fixed(it.Amount, cur), it.PayrollCode, it.Explanation})
		}
		return res
	}
	for _, p := range po.Payables {
		jp := jsonPayable{Payee: p.Payee, Currency: p.Currency, Amount: numfmt.Fixed(p.Amount, p.Currency), Earned: numfmt.Fixed(p.Earned, p.Currency),
			Deferred: numfmt.Fixed(p.Deferred, p.Currency), DrawOwed: numfmt.Fixed(p.DrawOwed, p.Currency), Items: conv(p.Items, p.Currency)}
		if len(p.Held) > 0 {
			jp.Held = conv(p.Held, p.Currency)
		}
		out.Payables = append(out.Payables, jp)
	}
	return json.MarshalIndent(out, "", "  ")
}

// yearCaps applies the yearly caps: for each plan with one, what its
// lines have been settled in the fiscal year, less what the cap already
// withheld, must not pass the cap; the excess is withheld now, and a
// withheld amount is given back when the year falls under the cap again.
func (pw *payoutWork) yearCaps(pay *Payable) {
	pl, period := pw.pl, pw.in.Period.ID
	for _, p := range pw.plans.list {
		if p.YearCap == nil {
			continue
		}
		// every fiscal year the plan's lines belong to: a true-up or a
		// release of an earlier year counts against that year's cap
		settled := map[string]decimal.Decimal{}
		for _, it := range pl.Items {
			if it.Plan == p.ID {
				y := fiscalYear(it.Period)
				settled[y] = settled[y].Add(it.Paid)
			}
		}
		limit := pw.round(*p.YearCap)
		for _, year := range sortedKeys(settled) {
			i := slices.IndexFunc(pl.Caps, func(c CapBalance) bool { return c.Plan == p.ID && c.Year == year })
			withheld := decimal.Zero
			if i >= 0 {
				withheld = pl.Caps[i].Withheld
			}
			// what the payee keeps is settled − withheld; it should be
			// min(settled, limit)
			want := decimal.Max(settled[year].Sub(limit), decimal.Zero)
			change := want.Sub(withheld)
			if change.IsZero() {
				continue
			}
			if i < 0 {
				pl.Caps = append(pl.Caps, CapBalance{Plan: p.ID, Year: year})
				i = len(pl.Caps) - 1
			}
			pl.Caps[i].Withheld = want
			pay.Items = append(pay.Items, Item{Kind: Cap, Period: period, Plan: p.ID, Amount: change.Neg(),
				Explanation: fmt.Sprintf("yearly cap of %s on plan %s in %s: %s settled, %s withheld in all", numfmt.Amount(limit), p.ID, year, numfmt.Amount(settled[year]), numfmt.Amount(want))})
		}
	}
	slices.SortFunc(pl.Caps, func(a, b CapBalance) int {
		return cmp.Or(strings.Compare(a.Year, b.Year), strings.Compare(a.Plan, b.Plan))
	})
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
