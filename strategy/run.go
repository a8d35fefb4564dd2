package strategy

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/internal/numfmt"
	"github.com/salesplan/salesplan/process"
	"github.com/shopspring/decimal"
)

// Run computes the payouts of the period with the given id (FY2027-Q1)
// from deals. With a process section, the processes qualify the deals:
// only those in a won stage, dated (won) inside the period, count, and
// deals may include the open pipeline and other periods. Without one,
// every deal given counts and each must be dated inside the period. The
// deals that count are credited, measured against quotas (the targets
// section) and rewarded by the plans in force. Options carry what varies
// per run: exchange rates, whether to write explanations.
//
// A deal on a channel or territory the strategy does not declare is an
// error that names the deal and the field: nothing is paid on a deal the
// strategy does not know.
//
// Plans on a yearly horizon (horizon: year) are computed over the fiscal
// year to date: deals may then include the year's earlier deals, and the
// period's lines of those plans are what the year to date earns now less
// what it had earned at the end of the period before. An earlier deal
// re-priced at the band the year has reached is a line of this period.
// These are the lines [Strategy.Payout] pays for the period when the
// earlier periods were paid in full, so run, explain and close agree.
// What the rules of such a plan read is the year to date's: its quota and
// stretch target are the sums of the periods' from the year's first
// (stretch.bookings of the year to date to FY2027-Q2 is Q1's plus Q2's),
// and score.<objective> is the score given for the period the year to
// date ends with (FY2027-Q2), taken as the year-to-date score at its end:
// the period's line pays the change from the score of the period before,
// so the scores file holds the year's scores.
//
// The scores and terms the options give ([commission.WithScores],
// [commission.WithTerms]) are checked first when they list what they
// hold ([commission.ScoreLister], [commission.TermLister], as the files
// [commission.ReadScoresCSV] and [commission.ReadTermsCSV] read do): a
// score of a period id the calendar does not have, of a payee who is not
// a member or of an objective no rule reads, and the terms of an id that
// is not a member, would never be read, and are an error at the line of
// the file, with the calendar's period ids or a did-you-mean.
//
// The result is deterministic: the same strategy and deals, in any order,
// give byte-identical JSON.
func (s *Strategy) Run(periodID string, deals []deal.Deal, opts ...commission.RunOption) (*commission.Result, error) {
	return s.run(periodID, deals, nil, opts)
}

// RunEach is [Strategy.Run] for a caller that writes each statement out
// and keeps none, as [commission.Engine.RunEach]: it hands each payee's
// statement (with its notes) to each, in payee order, as soon as it and
// every one before it are made, and returns a Result with no statements
// and no credits (Run gives them).
// The statements and their order are those of Run's. An error of each
// stops the run and is returned as it is; a caller must discard what it
// wrote of a run that returns an error.
//
// With plans on a yearly horizon a statement is made of three runs (the
// period, the year to date now and at the end of the period before), so
// the statements are handed once all three are done: as Run, then one
// by one. Only then does the run hold every statement.
func (s *Strategy) RunEach(periodID string, deals []deal.Deal, each func(commission.Statement) error, opts ...commission.RunOption) (*commission.Result, error) {
	if each == nil {
		each = func(commission.Statement) error { return nil }
	}
	return s.run(periodID, deals, each, opts)
}

// run is Run (each nil) and RunEach.
func (s *Strategy) run(periodID string, deals []deal.Deal, each func(commission.Statement) error, opts []commission.RunOption) (*commission.Result, error) {
	p, err := s.cal.Parse(periodID)
	if err != nil {
		return nil, fmt.Errorf("strategy %s: %w", s.name, err)
	}
	if err := s.checkDeals(deals); err != nil {
		return nil, err
	}
	if opts, err = s.checkInputs(p, opts); err != nil {
		return nil, err
	}
	var pol policyEffects
	var res *commission.Result
	switch {
	case s.comm.Yearly():
		if res, err = s.runYearly(p, deals, opts, &pol); err != nil {
			return nil, err
		}
	default:
		if deals, err = s.qualify(deals, p, &pol); err != nil {
			return nil, err
		}
		if each != nil {
			return s.comm.RunEach(p, deals, func(st commission.Statement) error {
				pol.noteOn(&st)
				return each(st)
			}, pol.options(opts)...)
		}
		if res, err = s.comm.Run(p, deals, pol.options(opts)...); err != nil {
			return nil, err
		}
	}
	pol.note(res)
	if each != nil {
		for _, st := range res.Statements {
			if err := each(st); err != nil {
				return nil, err
			}
		}
		res.Statements, res.Credits = nil, nil
	}
	return res, nil
}

// policyEffects gathers what the sales policies did to the deals of a run:
// the lines of flagged deals carry why (commission.WithFlags), and the
// statements of the members of a blocked deal say why it is not paid.
type policyEffects struct {
	flags map[string][]string // deal id → why it is flagged
	notes map[string][]string // member → why their deals are not paid
}

// qualify keeps the deals that count in p (the processes qualify them)
// and applies the sales policies to them (process.Book.Enforce): a
// blocked deal is left out, a flagged one kept with its flags, and a
// policy whose on_break is error fails the run.
func (s *Strategy) qualify(deals []deal.Deal, p calendar.Period, pol *policyEffects) ([]deal.Deal, error) {
	if s.proc == nil {
		return deals, nil
	}
	won, err := s.proc.Qualify(deals, p)
	if err != nil {
		return nil, err
	}
	kept, breaks, err := s.proc.Enforce(won)
	if err != nil {
		return nil, err
	}
	if len(breaks) == 0 {
		return kept, nil
	}
	byID := make(map[string]*deal.Deal, len(won))
	for i := range won {
		byID[won[i].ID] = &won[i]
	}
	for _, b := range breaks {
		why := fmt.Sprintf("policy %s: %s", b.Policy, b.Message)
		switch b.Action {
		case process.OnBreakBlock:
			d := byID[b.Deal]
			if d == nil {
				continue
			}
			if pol.notes == nil {
				pol.notes = map[string][]string{}
			}
			note := fmt.Sprintf("deal %s of %s (%s %s) is not paid: it breaks %s", d.ID, d.Date, numfmt.Amount(d.Amount), d.Currency, why)
			members := []string{d.Owner}
			for _, sp := range d.Splits {
				if sp.Member != d.Owner {
					members = append(members, sp.Member)
				}
			}
			for _, m := range members {
				if !slices.Contains(pol.notes[m], note) {
					pol.notes[m] = append(pol.notes[m], note)
				}
			}
		default:
			if pol.flags == nil {
				pol.flags = map[string][]string{}
			}
			if !slices.Contains(pol.flags[b.Deal], why) {
				pol.flags[b.Deal] = append(pol.flags[b.Deal], why)
			}
		}
	}
	return kept, nil
}

// options adds the flags of the policies to a run's options.
func (pol *policyEffects) options(opts []commission.RunOption) []commission.RunOption {
	if len(pol.flags) == 0 {
		return opts
	}
	return append(slices.Clone(opts), commission.WithFlags(pol.flags))
}

// note writes on each statement why the payee's blocked deals are not
// paid.
func (pol *policyEffects) note(res *commission.Result) {
	if res == nil || len(pol.notes) == 0 {
		return
	}
	for i := range res.Statements {
		pol.noteOn(&res.Statements[i])
	}
}

// noteOn writes on st why the payee's blocked deals are not paid.
func (pol *policyEffects) noteOn(st *commission.Statement) {
	if len(pol.notes) == 0 {
		return
	}
	st.Notes = append(st.Notes, pol.notes[st.Payee]...)
}

// RunSeq is [Strategy.Run] for deals that arrive one at a time (from a
// database cursor, a file being read): it takes the deals from seq until
// seq ends or yields an error, which stops the run and is returned. The
// engine orders deals by date and id, so it holds the period's deals in
// memory while it runs.
func (s *Strategy) RunSeq(periodID string, seq iter.Seq2[deal.Deal, error], opts ...commission.RunOption) (*commission.Result, error) {
	var deals []deal.Deal
	for d, err := range seq {
		if err != nil {
			return nil, err
		}
		deals = append(deals, d)
	}
	return s.Run(periodID, deals, opts...)
}

// checkDeals refuses deals on a channel or territory the strategy does not
// declare: every such deal is named, with the field and the known ids.
func (s *Strategy) checkDeals(deals []deal.Deal) error {
	var list diag.List
	if s.proc != nil {
		// the sales process leaves open and lost deals out before the
		// engine, which finds duplicate ids, sees the deals: a won deal
		// and an open one with its id would go unseen
		if err := deal.CheckIDs(deals); err != nil {
			var l diag.List
			if errors.As(err, &l) {
				list = append(list, l...)
			}
		}
	}
	for i := range deals {
		d := &deals[i]
		// the path is made for a problem only: a million deals are read
		// here on one goroutine
		path := func() string { return fmt.Sprintf("deals[%d]", i) }
		if d.Channel != "" {
			if _, ok := s.org.Channel(d.Channel); !ok {
				unknownRef(&list, d, path(), "channel", d.Channel, s.org.ChannelIDs())
			}
		}
		if d.Territory != "" {
			if _, ok := s.org.Territory(d.Territory); !ok {
				unknownRef(&list, d, path(), "territory", d.Territory, s.org.TerritoryIDs())
			}
		}
	}
	return list.Err()
}

// unknownRef reports a deal's reference to an id the strategy does not
// declare: at the field's file:line:col for a deal read from a file, by
// its path (deals[3].channel) for a deal built in Go.
func unknownRef(list *diag.List, d *deal.Deal, path, kind, id string, known []string) {
	p := list.Add(path+"."+kind, diag.InvalidInput, "deal %s: unknown %s %q: the strategy declares %s", d.ID, kind, id, knownList(known))
	p.Hint = diag.DidYouMean(id, known)
	if pos := d.Source.Field(kind); pos.IsValid() {
		p.Pos, p.Path = pos, ""
	}
}

// knownList names the known ids, or says there are none.
func knownList(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	if len(ids) > 12 {
		return strings.Join(ids[:12], ", ") + fmt.Sprintf(" and %d more", len(ids)-12)
	}
	return strings.Join(ids, ", ")
}

// yearToDate returns the span from the first day of p's fiscal year to
// the end of p, which plans on a yearly horizon are computed over.
func (s *Strategy) yearToDate(p calendar.Period) calendar.Period {
	return calendar.Period{ID: p.ID + "-YTD", Kind: p.Kind, FiscalYear: p.FiscalYear, Start: s.cal.Year(p.FiscalYear).Start, End: p.End}
}

// yearDeals returns the deals that count towards the year to date yp:
// qualified by the processes, or, without them, every deal (the run
// refuses one dated outside the year to date).
func (s *Strategy) yearDeals(yp calendar.Period, deals []deal.Deal, pol *policyEffects) ([]deal.Deal, error) {
	return s.qualify(deals, yp, pol)
}

// runYearly is Run for a strategy with plans on a yearly horizon: their
// lines are the year to date now less the year to date at the end of the
// period before; the other plans' lines are the period's own.
func (s *Strategy) runYearly(p calendar.Period, deals []deal.Deal, opts []commission.RunOption, pol *policyEffects) (*commission.Result, error) {
	yp := s.yearToDate(p)
	ydeals, err := s.yearDeals(yp, deals, pol)
	if err != nil {
		return nil, err
	}
	opts = pol.options(opts)
	own := slices.DeleteFunc(slices.Clone(ydeals), func(d deal.Deal) bool { return !p.Contains(d.Date) })
	period, err := s.comm.Run(p, own, opts...)
	if err != nil {
		return nil, err
	}
	now, err := s.comm.Run(yp, ydeals, append(slices.Clone(opts), commission.WithQuotas(yearToDateQuotas{book: s.book, cal: s.cal, base: p}))...)
	if err != nil {
		return nil, fmt.Errorf("year to date to the end of %s: %w", p.ID, err)
	}
	var before *commission.Result
	prevID := ""
	if p.Start.After(yp.Start) {
		prev := s.cal.Prev(p)
		if prev.End.AddDays(1) != p.Start {
			return nil, fmt.Errorf("plans on a yearly horizon: the period before %s (%s) does not end the day before it starts", p.ID, prev.ID)
		}
		prevID = prev.ID
		pdeals := slices.DeleteFunc(slices.Clone(ydeals), func(d deal.Deal) bool { return d.Date.After(prev.End) })
		before, err = s.comm.Run(s.yearToDate(prev), pdeals, append(slices.Clone(opts), commission.WithQuotas(yearToDateQuotas{book: s.book, cal: s.cal, base: prev}))...)
		if err != nil {
			return nil, fmt.Errorf("year to date to the end of %s: %w", prev.ID, err)
		}
	}
	return mergeYearly(s.comm, period, now, before, prevID), nil
}

// lineKey identifies a line across runs, as the ledger does.
type lineKey struct {
	plan, component, deal string
	kind                  commission.LineKind
}

func keyOf(l *commission.Line) lineKey {
	return lineKey{l.Plan, l.Component, l.Deal, l.Kind}
}

// yearlyLines returns the lines of a statement of yearly plans, summed by
// key, in their order.
func yearlyLines(st commission.Statement, yearly map[string]bool) ([]lineKey, map[lineKey]commission.Line) {
	var order []lineKey
	by := map[lineKey]commission.Line{}
	for _, l := range st.Lines {
		if !yearly[l.Plan] {
			continue
		}
		k := keyOf(&l)
		if v, ok := by[k]; ok {
			// the explanations first: they are worded from the amounts
			v.SetExplanation(v.Explanation() + "; " + l.Explanation())
			v.Amount = v.Amount.Add(l.Amount)
			v.Withheld = v.Withheld.Add(l.Withheld)
			by[k] = v
			continue
		}
		order = append(order, k)
		by[k] = l
	}
	return order, by
}

// mergeYearly puts together the period's statements: the lines of plans
// on a period horizon from period, the lines of yearly plans as now less
// before (the year to date at the end of the period before, nil for the
// year's first period).
func mergeYearly(e *commission.Engine, period, now, before *commission.Result, prevID string) *commission.Result {
	yearly := map[string]bool{}
	rank := map[[2]string]int{} // plan and component → document order
	for _, t := range e.Plans() {
		yearly[t.ID] = t.Yearly
		for _, c := range t.Components {
			rank[[2]string{t.ID, c.ID}] = len(rank)
		}
	}
	planRank := map[string]int{}
	for i, id := range e.PlanIDs() {
		planRank[id] = i
	}
	payees := map[string]bool{}
	for _, r := range []*commission.Result{period, now, before} {
		if r == nil {
			continue
		}
		for _, st := range r.Statements {
			payees[st.Payee] = true
		}
	}
	out := &commission.Result{Period: period.Period, Credits: period.Credits}
	for _, payee := range slices.Sorted(maps.Keys(payees)) {
		st, inPeriod := period.Statement(payee)
		nst, inNow := now.Statement(payee)
		var bst commission.Statement
		if before != nil {
			bst, _ = before.Statement(payee)
		}
		if !inPeriod {
			if !inNow {
				continue // only earlier in the year: nothing new
			}
			st = commission.Statement{Payee: payee, Currency: nst.Currency, Plans: nst.Plans, Measures: nst.Measures}
		}
		lines := make([]commission.Line, 0, len(st.Lines))
		for _, l := range st.Lines {
			if !yearly[l.Plan] {
				lines = append(lines, l)
			}
		}
		order, nowBy := yearlyLines(nst, yearly)
		border, beforeBy := yearlyLines(bst, yearly)
		for _, k := range order {
			l := nowBy[k]
			b, had := beforeBy[k]
			if !had {
				if prevID != "" {
					l.SetExplanation("year to date: " + l.Explanation())
				}
				lines = append(lines, l)
				continue
			}
			diff := l.Amount.Sub(b.Amount)
			if diff.IsZero() {
				continue
			}
			l.SetExplanation(fmt.Sprintf("year to date %s (%s), less %s earned to the end of %s = %s",
				numfmt.Amount(l.Amount), l.Explanation(), numfmt.Amount(b.Amount), prevID, numfmt.Amount(diff)))
			l.Amount = diff
			l.Rate = l.Rate.Sub(b.Rate)
			l.Withheld = l.Withheld.Sub(b.Withheld)
			lines = append(lines, l)
		}
		for _, k := range border {
			if _, still := nowBy[k]; still {
				continue
			}
			b := beforeBy[k]
			if b.Amount.IsZero() {
				continue
			}
			b.SetExplanation(fmt.Sprintf("earned %s to the end of %s, nothing in the year to date now = %s",
				numfmt.Amount(b.Amount), prevID, numfmt.Amount(b.Amount.Neg())))
			b.Amount, b.Withheld = b.Amount.Neg(), b.Withheld.Neg()
			lines = append(lines, b)
		}
		slices.SortStableFunc(lines, func(a, b commission.Line) int {
			return cmp.Or(cmp.Compare(planRank[a.Plan], planRank[b.Plan]), cmp.Compare(rankOf(rank, a), rankOf(rank, b)))
		})
		st.Lines, st.Subtotals, st.Total = lines, nil, decimal.Zero
		for _, l := range lines {
			n := len(st.Subtotals)
			if n > 0 && st.Subtotals[n-1].Plan == l.Plan && st.Subtotals[n-1].Component == l.Component {
				st.Subtotals[n-1].Amount = st.Subtotals[n-1].Amount.Add(l.Amount)
			} else {
				st.Subtotals = append(st.Subtotals, commission.Subtotal{Plan: l.Plan, Component: l.Component, Amount: l.Amount})
			}
			st.Total = st.Total.Add(l.Amount)
		}
		out.Statements = append(out.Statements, st)
	}
	return out
}

// rankOf orders a line within its plan: by component, a plan cap last.
func rankOf(rank map[[2]string]int, l commission.Line) int {
	if r, ok := rank[[2]string{l.Plan, l.Component}]; ok {
		return r
	}
	return len(rank)
}
