package strategy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/payout"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/targets"
	"github.com/shopspring/decimal"
)

// PayoutInput is what one period's payout takes beyond the period and its
// deals: the ledger of earlier periods, deal events, restated periods and
// holds.
type PayoutInput struct {
	// Ledger is the ledger the previous period's payout returned; nil
	// for the first period.
	Ledger *payout.Ledger
	// Events are the deal events (invoiced, paid, cancelled, refunded,
	// hold, release) new since the ledger: the ledger keeps the events it
	// has seen, so each period's events file need only hold that
	// period's (events given again change nothing). Read them with
	// [payout.ReadEventsCSV] or [payout.ReadEventsJSON].
	Events []payout.Event
	// DealInfo gives earlier deals that events refer to. The ledger
	// records what a payout needs of a deal (its amount, date, currency
	// and term) with its lines, so it is not needed for them.
	DealInfo []deal.Deal
	// Restated maps closed period ids to their corrected deals.
	Restated map[string][]deal.Deal
	// Held lists payees whose whole payout is held this period.
	Held []string
	// YearDeals are the deals of the fiscal year before the period, which
	// plans on a yearly horizon are computed over with the period's own.
	// (The period's deals may also hold them: with a yearly plan, deals
	// dated before the period count towards the year to date.)
	YearDeals []deal.Deal
	// Migrate pays from a ledger computed under other compensation terms
	// than the strategy's (its digest differs: the plans changed), or one
	// that names payees or plans the strategy no longer has: a deliberate
	// migration, see [payout.Input.Migrate]. Without it such a ledger is
	// refused, with what differs.
	Migrate bool
}

// Payout computes a period's payout for payroll: the statements of the
// period (as [Strategy.Run] does), and what to pay each payee now given
// the ledger of earlier periods, with the new ledger that closes the
// period. The ledger must be this strategy's, must not have closed the
// period already, and must have closed the period before it (when it has
// closed any): periods are paid in order, none skipped. The ledger is
// checked ([payout.Ledger.Check]) and must carry the digest of the
// strategy's compensation terms, unless in.Migrate says otherwise.
// Each payable shows where its payee stands against a draw
// ([payout.Payable.Draw]) and the period's quotas a ramp applies to
// ([payout.Payable.Ramps]), from the targets section. Scores and terms
// given in opts are checked as [Strategy.Run] checks them.
func (s *Strategy) Payout(periodID string, deals []deal.Deal, in PayoutInput, opts ...commission.RunOption) (*payout.Result, error) {
	p, err := s.cal.Parse(periodID)
	if err != nil {
		return nil, fmt.Errorf("strategy %s: %w", s.name, err)
	}
	if l := in.Ledger; l != nil {
		if l.Strategy != "" && l.Strategy != s.name {
			return nil, fmt.Errorf("the ledger belongs to strategy %q, not %q", l.Strategy, s.name)
		}
		if len(l.Closed) > 0 && !slices.Contains(l.Closed, p.ID) {
			// periods are paid in order, with no gap and no overlap,
			// whatever their length (months, then a quarter, say)
			var last calendar.Period
			for _, id := range l.Closed {
				c, err := s.cal.Parse(id)
				if err != nil {
					return nil, fmt.Errorf("the ledger's closed period: %w", err)
				}
				if !c.End.Before(p.Start) && !p.End.Before(c.Start) {
					return nil, fmt.Errorf("period %s overlaps %s, which the ledger has closed: its deals were paid then", p.ID, c.ID)
				}
				if c.End.After(last.End) {
					last = c
				}
			}
			if next := last.End.AddDays(1); p.Start.After(next) {
				return nil, fmt.Errorf("period %s skips ahead: the ledger's last closed period is %s, so the next to pay starts on %s (%s)", p.ID, last.ID, next, s.cal.Next(last).ID)
			}
		}
	}
	if opts, err = s.checkInputs(p, opts); err != nil {
		return nil, err
	}
	for _, h := range in.Held {
		if _, ok := s.org.Member(h); !ok {
			return nil, fmt.Errorf("held payee %q is not a member", h)
		}
	}
	var pol policyEffects
	if deals, err = s.qualify(deals, p, &pol); err != nil {
		return nil, err
	}
	var ytd *payout.YearToDate
	if s.comm.Yearly() {
		yp := calendar.Period{ID: p.ID + "-YTD", Kind: p.Kind, FiscalYear: p.FiscalYear, Start: s.cal.Year(p.FiscalYear).Start, End: p.End}
		ydeals := append(slices.Clone(in.YearDeals), deals...)
		if s.proc != nil {
			if ydeals, err = s.qualify(ydeals, yp, &pol); err != nil {
				return nil, err
			}
		} else {
			ydeals = slices.DeleteFunc(ydeals, func(d deal.Deal) bool { return !yp.Contains(d.Date) })
		}
		// the period's own deals: those dated in it
		deals = slices.DeleteFunc(slices.Clone(deals), func(d deal.Deal) bool { return !p.Contains(d.Date) })
		ytd = &payout.YearToDate{Period: yp, Deals: ydeals, Quotas: yearToDateQuotas{book: s.book, cal: s.cal, base: p}}
	}
	ramps, err := s.ramps(p)
	if err != nil {
		return nil, err
	}
	ci := payout.Input{Period: p, Deals: deals, Ledger: in.Ledger, Events: in.Events, DealInfo: in.DealInfo, Held: in.Held, YearToDate: ytd, Migrate: in.Migrate, Ramps: ramps}
	for _, id := range sortedKeys(in.Restated) {
		q, err := s.cal.Parse(id)
		if err != nil {
			return nil, fmt.Errorf("restated period: %w", err)
		}
		ds := in.Restated[id]
		var rpol policyEffects // a restated period's flags are its own
		if ds, err = s.qualify(ds, q, &rpol); err != nil {
			return nil, fmt.Errorf("restated period %s: %w", id, err)
		}
		ci.Restated = append(ci.Restated, payout.Restatement{Period: q, Deals: ds})
	}
	po, err := payout.Run(s.comm, ci, pol.options(opts)...)
	if err != nil {
		return nil, err
	}
	pol.note(po.Commission)
	pol.note(po.YearToDate)
	po.Ledger.Strategy = s.name
	return po, nil
}

// yearToDateQuotas gives a year-to-date run its quotas: for the year to
// date of base, the sum of the quotas of base's kind of period from the
// year's first to base; for any other period, the book's.
type yearToDateQuotas struct {
	book *targets.Book
	cal  calendar.Calendar
	base calendar.Period
}

func (y yearToDateQuotas) Quota(member, measure string, p calendar.Period) (decimal.Decimal, bool, error) {
	return y.sum(p, func(q calendar.Period) (decimal.Decimal, bool, error) { return y.book.Quota(member, measure, q) })
}

// TargetOf is a team's target (commission.Targets, for a pool of a plan
// on the period's horizon computed in the year-to-date run), summed over
// the year to date as Quota sums a member's.
func (y yearToDateQuotas) TargetOf(kind, id, measure string, p calendar.Period) (decimal.Decimal, bool, error) {
	return y.sum(p, func(q calendar.Period) (decimal.Decimal, bool, error) { return y.book.TargetOf(kind, id, measure, q) })
}

// sum returns of(p), or for the year to date of the base period the sum
// of of over the periods of its kind up to it.
func (y yearToDateQuotas) sum(p calendar.Period, of func(calendar.Period) (decimal.Decimal, bool, error)) (decimal.Decimal, bool, error) {
	if p.ID != y.base.ID+"-YTD" {
		return of(p)
	}
	sum, found := decimal.Zero, false
	for _, q := range y.cal.Periods(y.base.FiscalYear, y.base.Kind) {
		if q.Start.After(y.base.End) {
			break
		}
		v, ok, err := of(q)
		if err != nil {
			return decimal.Zero, false, err
		}
		if ok {
			sum, found = sum.Add(v), true
		}
	}
	return sum, found, nil
}

// ramps returns the quotas of p that a ramp schedule applies to, for
// every member and measure ([targets.Book.QuotaDetail]): the payout shows
// each beside the member's draw. A quota with no ramp month in p (none
// applies, or the ramp is over) is left out. For plans on a yearly
// horizon it is still the period's quota, not the year to date's.
func (s *Strategy) ramps(p calendar.Period) ([]payout.RampedQuota, error) {
	if s.book == nil {
		return nil, nil
	}
	var out []payout.RampedQuota
	for _, m := range s.org.MemberIDs() {
		for _, measure := range s.comm.MeasureIDs() {
			if who, ok := s.ramped[measure]; !ok || who != nil && !slices.Contains(who, m) {
				continue // no target of measure that m carries has a ramp
			}
			qd, ok, err := s.book.QuotaDetail(m, measure, p)
			if err != nil {
				return nil, fmt.Errorf("the ramped quota of %s for %s: %w", m, measure, err)
			}
			if !ok || len(qd.Ramp) == 0 {
				continue
			}
			r := payout.RampedQuota{Payee: m, Measure: measure, Full: qd.Full, Quota: qd.Quota, Share: qd.Share}
			for _, st := range qd.Ramp {
				r.Ramp = append(r.Ramp, payout.RampMonth{Month: st.Month, Share: st.Share, From: st.From, To: st.To})
			}
			out = append(out, r)
		}
	}
	return out, nil
}

// rampedOwners returns, by measure, the members who carry a target with a
// ramp: the member of a member target, nil (any member) for a target of a
// role, team, territory or channel.
func rampedOwners(quotas []targets.Quota) map[string][]string {
	out := map[string][]string{}
	anyone := map[string]bool{}
	for _, q := range quotas {
		if q.Ramp == "" {
			continue
		}
		if id, ok := strings.CutPrefix(q.Owner, "member:"); ok && !anyone[q.Measure] {
			if !slices.Contains(out[q.Measure], id) {
				out[q.Measure] = append(out[q.Measure], id)
			}
			continue
		}
		anyone[q.Measure] = true
		out[q.Measure] = nil
	}
	return out
}
