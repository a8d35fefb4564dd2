package strategy

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/payout"
	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// TestPayoutYearToDate pays a plan on a yearly horizon quarter by quarter:
// marginal tiers on year-to-date attainment, with the year-to-date quota
// the sum of the quarters' (100,000 each).
//
//	Q1: D1 120,000 against 100,000: 100,000 x 5% + 20,000 x 10% = 7,000.
//	Q2: D2 50,000; the year to date is 170,000 against 200,000, all at 5%:
//	    D1 is re-priced to 6,000 (a true-up of -1,000) and D2 earns 2,500:
//	    1,500 paid. In all 8,500 = 170,000 x 5%.
func TestPayoutYearToDate(t *testing.T) {
	s, err := Parse("ytd.yaml", []byte(header+`roles: [{id: ae}]
teams: [{id: t}]
members: [{id: ana, role: ae, assignments: [{team: t}]}]
targets:
  seasonality: [{id: even, period: quarter, weights: [0.25, 0.25, 0.25, 0.25]}]
  quotas: [{owner: role:ae, measure: bookings, period: FY2026, amount: 400000, seasonality: even}]
commission:
  measures: [{id: bookings}]
  tables:
    - {id: tiers, mode: marginal, basis: attainment, bands: [{from: 0, rate: 0.05}, {from: 1, rate: 0.1}]}
  plans:
    - id: ae
      eligible: {roles: [ae]}
      horizon: year
      components: [{id: c, measure: bookings, table: tiers, scope: running}]
`))
	if err != nil {
		t.Fatal(err)
	}
	d := func(id, date, amount string) deal.Deal {
		return deal.Deal{ID: id, Date: day(date), Amount: decimal.RequireFromString(amount), Currency: "USD", Owner: "ana"}
	}
	q1 := []deal.Deal{d("D1", "2026-02-10", "120000")}
	po, err := s.Payout("FY2026-Q1", q1, PayoutInput{})
	if err != nil {
		t.Fatal(err)
	}
	if got := po.Payables[0].Amount.StringFixed(2); got != "7000.00" {
		t.Errorf("Q1 paid %s, want 7000.00", got)
	}
	// The deals file may hold the whole year to date.
	po, err = s.Payout("FY2026-Q2", append(q1, d("D2", "2026-05-10", "50000")), PayoutInput{Ledger: po.Ledger})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range po.Payables[0].Items {
		got = append(got, string(it.Kind)+" "+it.Deal+" "+it.Amount.StringFixed(2))
	}
	if diff := cmp.Diff([]string{"trueup D1 -1000.00", "earned D2 2500.00"}, got); diff != "" {
		t.Errorf("Q2 items (-want +got):\n%s", diff)
	}
	if a := po.Payables[0].Amount.StringFixed(2); a != "1500.00" {
		t.Errorf("Q2 paid %s, want 1500.00", a)
	}
}

// propStrategy is the strategy the payout property test pays: two
// account executives on a recoverable draw, paid half on booking, a
// quarter on invoice and a quarter on cash, with half of what was paid
// clawed back within 60 days; and their manager, paid on roll-up credit
// by a retroactive highest table on the year to date, capped by year,
// with a carried negative balance recovered at most half a payout.
const propStrategy = header + `roles: [{id: ae}, {id: mgr}]
teams: [{id: t, manager: mia}]
members:
  - {id: mia, role: mgr, assignments: [{team: t}]}
  - {id: ana, role: ae, assignments: [{team: t}]}
  - {id: bob, role: ae, assignments: [{team: t}]}
commission:
  crediting: {rollup: {enabled: true}}
  measures: [{id: bookings}]
  tables:
    - {id: mt, mode: highest, bands: [{from: 0, rate: 0.01}, {from: 50000, rate: 0.02}]}
  plans:
    - id: ae
      eligible: {roles: [ae]}
      clawback: {days: 60, fraction: 0.5}
      draw: {amount: 300, recoverable: true, recovery_limit: 0.5}
      components:
        - id: c
          measure: bookings
          rate: "RATE"
          kinds: [direct]
          release: [{on: booking, share: 0.5}, {on: invoice, share: 0.25}, {on: cash, share: 0.25}]
    - id: mgr
      eligible: {roles: [mgr]}
      horizon: year
      year_cap: 3000
      negative_recovery_limit: 0.5
      components: [{id: o, measure: bookings, kinds: [rollup], table: mt, scope: running, retroactive: true}]
`

func propStrategies(t testing.TB) (*Strategy, *Strategy) {
	t.Helper()
	s, err := Parse("prop.yaml", []byte(strings.Replace(propStrategy, "RATE", "0.1", 1)))
	if err != nil {
		t.Fatal(err)
	}
	// the same name, other terms
	other, err := Parse("prop.yaml", []byte(strings.Replace(propStrategy, "RATE", "0.12", 1)))
	if err != nil {
		t.Fatal(err)
	}
	return s, other
}

// propMonth is one generated month of the strategy property test.
type propMonth struct {
	period   calendar.Period
	deals    []deal.Deal
	events   []payout.Event
	restated map[string][]deal.Deal
	held     []string
}

// propSequence generates months from a random start in FY2026's second
// half across the year boundary into FY2027: deals and credit notes,
// payments and reversals, invoices, partial and full refunds,
// cancellations, deals on hold, restatements with late deals, held
// payees; and a last month that invoices, releases and pays every deal.
func propSequence(s *Strategy, r *rand.Rand) []propMonth {
	cal := s.Calendar()
	p := cal.MustParse(fmt.Sprintf("FY2026-M%02d", 7+r.IntN(5)))
	n := 3 + r.IntN(4)
	var out []propMonth
	var all []deal.Deal
	amount := map[string]decimal.Decimal{}
	collected := map[string]decimal.Decimal{}
	refunded := map[string]bool{}
	done, invoiced, onHold := map[string]bool{}, map[string]bool{}, map[string]bool{}
	id := 0
	for m := 0; m <= n; m++ {
		final := m == n
		g := propMonth{period: p}
		day := func() calendar.Date { return p.Start.AddDays(r.IntN(p.Days())) }
		if !final {
			for range r.IntN(4) {
				id++
				a := decimal.New(int64(500000+r.IntN(4000000)), -2)
				if r.IntN(7) == 0 {
					a = a.Neg().Div(decimal.NewFromInt(5)).Round(2)
				}
				d := deal.Deal{ID: fmt.Sprintf("N%d", id), Date: day(), Amount: a, Currency: "USD", Owner: []string{"ana", "bob"}[r.IntN(2)]}
				g.deals = append(g.deals, d)
				amount[d.ID] = a
			}
		}
		for _, d := range all {
			a := amount[d.ID].Abs()
			if final {
				if onHold[d.ID] {
					g.events = append(g.events, payout.Event{Deal: d.ID, Kind: payout.DealReleased, Date: p.End})
				}
				if done[d.ID] {
					continue
				}
				if !invoiced[d.ID] {
					g.events = append(g.events, payout.Event{Deal: d.ID, Kind: payout.Invoiced, Date: p.Start})
				}
				if left := a.Sub(collected[d.ID]); left.Sign() > 0 {
					g.events = append(g.events, payout.Event{ID: "final-" + d.ID, Deal: d.ID, Kind: payout.PaymentReceived, Date: p.End, Amount: left})
				}
				continue
			}
			if done[d.ID] {
				continue
			}
			switch x := r.IntN(20); {
			case x < 4:
				v := a.Div(decimal.NewFromInt(3)).Round(2)
				g.events = append(g.events, payout.Event{ID: fmt.Sprintf("p-%s-%s", p.ID, d.ID), Deal: d.ID, Kind: payout.PaymentReceived, Date: day(), Amount: v})
				collected[d.ID] = collected[d.ID].Add(v)
			case x == 4 && collected[d.ID].Sign() > 0:
				v := collected[d.ID].Neg()
				g.events = append(g.events, payout.Event{ID: fmt.Sprintf("r-%s-%s", p.ID, d.ID), Deal: d.ID, Kind: payout.PaymentReceived, Date: p.Start, Amount: v})
				collected[d.ID] = decimal.Zero
			case x == 5 && !invoiced[d.ID]:
				g.events = append(g.events, payout.Event{Deal: d.ID, Kind: payout.Invoiced, Date: day()})
				invoiced[d.ID] = true
			case x == 6:
				g.events = append(g.events, payout.Event{Deal: d.ID, Kind: payout.Cancelled, Date: day()})
				done[d.ID] = true
			case x == 7 && !refunded[d.ID]:
				ev := payout.Event{ID: "f-" + d.ID, Deal: d.ID, Kind: payout.Refunded, Date: day(), Amount: a.Div(decimal.NewFromInt(4)).Round(2)}
				if r.IntN(2) == 0 {
					ev.Amount = decimal.Zero // the whole deal
					done[d.ID] = true
				}
				g.events = append(g.events, ev)
				refunded[d.ID] = true
			case x == 8:
				kind := payout.DealHeld
				if onHold[d.ID] {
					kind = payout.DealReleased
				}
				onHold[d.ID] = !onHold[d.ID]
				g.events = append(g.events, payout.Event{Deal: d.ID, Kind: kind, Date: p.Start.AddDays(m % 20)})
			}
		}
		if m > 0 && !final && r.IntN(4) == 0 {
			q := out[m-1]
			id++
			late := deal.Deal{ID: fmt.Sprintf("L%d", id), Date: q.period.Start, Amount: dec("20000"), Currency: "USD", Owner: "ana"}
			deals := append(slices.Clone(q.deals), late)
			g.restated = map[string][]deal.Deal{q.period.ID: deals}
			out[m-1].deals = deals // what the month holds from now on
			amount[late.ID] = late.Amount
			all = append(all, late)
		}
		if !final && r.IntN(6) == 0 {
			g.held = []string{[]string{"ana", "bob", "mia"}[r.IntN(3)]}
		}
		out = append(out, g)
		all = append(all, g.deals...)
		p = cal.Next(p)
	}
	return out
}

// TestPayoutProperties pays generated sequences of months through
// Strategy.Payout, across a fiscal year boundary, with roll-ups to a
// manager on a yearly plan, draws, releases on booking, invoice and
// cash, refunds, clawbacks, holds, restatements and incremental events
// files, and checks after every month that the ledger checks itself and
// reads back from JSON as it was, that a re-run gives the same payout,
// that what was paid adds up; at a random month of each sequence, that
// the refusals hold (a closed period again, a skipped one, a ledger of
// another strategy or other terms, a ledger edited, an event for an
// unknown deal, a contradictory event); and after the last month, which
// settles every deal, that nothing is deferred.
//
// It runs 60 sequences; SALESPLAN_LONG=1 runs 10,000.
func TestPayoutProperties(t *testing.T) {
	s, other := propStrategies(t)
	n := 60
	if os.Getenv("SALESPLAN_LONG") != "" {
		n = 10000
	}
	start := time.Now()
	periods, refusals := 0, 0
	kinds := map[payout.Kind]int{}
	for seed := range uint64(n) {
		r := rand.New(rand.NewPCG(seed, 2027))
		months := propSequence(s, r)
		var ledger *payout.Ledger
		yearDeals := map[int][]deal.Deal{}
		paid := map[string]decimal.Decimal{}
		check := rand.New(rand.NewPCG(seed, 7)).IntN(len(months))
		for i, g := range months {
			in := PayoutInput{Ledger: ledger, Events: g.events, Restated: g.restated, Held: g.held, YearDeals: yearDeals[g.period.FiscalYear]}
			fail := func(format string, args ...any) {
				t.Helper()
				t.Fatalf("seed %d, %s: %s", seed, g.period.ID, fmt.Sprintf(format, args...))
			}
			if i == check && ledger != nil {
				refusals += checkRefusals(t, s, other, g, in, months[i-1].period.ID, fail)
			}
			po, err := s.Payout(g.period.ID, g.deals, in)
			if err != nil {
				fail("%v", err)
			}
			again, err := s.Payout(g.period.ID, g.deals, in)
			if err != nil {
				fail("again: %v", err)
			}
			// one computation, read two ways: what Run gives for the
			// period is what the payout was computed from
			if err := sameLines(s, g.period.ID, append(slices.Clone(yearDeals[g.period.FiscalYear]), g.deals...), po); err != nil {
				fail("run and close disagree: %v", err)
			}
			j1, _ := po.MarshalJSON()
			j2, _ := again.MarshalJSON()
			l1, _ := po.Ledger.MarshalJSON()
			l2, _ := again.Ledger.MarshalJSON()
			if string(j1) != string(j2) || string(l1) != string(l2) {
				fail("a re-run gave another payout")
			}
			if err := po.Ledger.Check(); err != nil {
				fail("the ledger does not add up: %v", err)
			}
			var back payout.Ledger
			if err := json.Unmarshal(l1, &back); err != nil {
				fail("the ledger does not read back: %v", err)
			}
			if l3, _ := back.MarshalJSON(); string(l3) != string(l1) {
				fail("the ledger does not round-trip through JSON")
			}
			for _, pay := range po.Payables {
				if pay.Amount.Sign() < 0 {
					fail("%s is paid %s, a negative amount, by plans that carry it", pay.Payee, pay.Amount)
				}
				paid[pay.Payee] = paid[pay.Payee].Add(pay.Amount)
				for _, it := range pay.Items {
					kinds[it.Kind]++
				}
			}
			for _, pl := range back.Payees {
				if !pl.Paid.Equal(paid[pl.Payee]) {
					fail("%s: the ledger paid %s, the payables %s", pl.Payee, pl.Paid, paid[pl.Payee])
				}
				for _, it := range pl.Items {
					if i == len(months)-1 && !it.Deferred.IsZero() {
						fail("%s: a line still defers %s after everything was settled: %+v", pl.Payee, it.Deferred, it)
					}
				}
			}
			ledger = &back
			fy := g.period.FiscalYear
			yearDeals[fy] = append(yearDeals[fy], g.deals...)
			if i+1 < len(months) && months[i+1].restated != nil {
				// the restated month's deals, corrected, count towards
				// the year to date from now on
				yearDeals[fy] = nil
				for _, m := range months[:i+1] {
					if m.period.FiscalYear == fy {
						yearDeals[fy] = append(yearDeals[fy], m.deals...)
					}
				}
			}
			periods++
		}
	}
	for _, k := range []payout.Kind{payout.Earned, payout.Release, payout.TrueUp, payout.Clawback, payout.Draw, payout.Recovery, payout.Forfeited, payout.Carried, payout.Balance} {
		if kinds[k] == 0 {
			t.Errorf("no %s item in %d sequences: %v", k, n, kinds)
		}
	}
	t.Logf("%d sequences, %d periods, %d refusals checked in %s; items %v", n, periods, refusals, time.Since(start).Round(time.Millisecond), kinds)
}

// editable finds an amount earned or paid to edit in a ledger.
var editable = regexp.MustCompile(`"(earned|paid)": "[0-9]`)

// checkRefusals checks that a payout from a ledger refuses what it must,
// and returns how many refusals it checked.
func checkRefusals(t *testing.T, s, other *Strategy, g propMonth, in PayoutInput, prev string, fail func(string, ...any)) int {
	t.Helper()
	refuse := func(what string, err error, want string) {
		t.Helper()
		if err == nil || !strings.Contains(err.Error(), want) {
			fail("%s: error %v, want %q", what, err, want)
		}
	}
	_, err := s.Payout(prev, nil, in)
	refuse("a closed period again", err, "is already closed in the ledger")
	_, err = s.Payout(s.Calendar().Next(g.period).ID, nil, in)
	refuse("a skipped period", err, "skips ahead")
	l := *in.Ledger
	l.Strategy = "Other"
	bad := in
	bad.Ledger = &l
	_, err = s.Payout(g.period.ID, g.deals, bad)
	refuse("another strategy's ledger", err, `the ledger belongs to strategy "Other"`)
	_, err = other.Payout(g.period.ID, g.deals, in)
	refuse("other terms", err, "the ledger was computed under other compensation terms")
	mig := in
	mig.Migrate = true
	if _, err := other.Payout(g.period.ID, g.deals, mig); err != nil {
		fail("a migration to other terms: %v", err)
	}
	src, _ := in.Ledger.MarshalJSON()
	if loc := editable.FindIndex(src); loc != nil {
		edited := string(src[:loc[1]-1]) + "9" + string(src[loc[1]-1:]) // 120.00 becomes 9120.00
		var back payout.Ledger
		refuse("an edited ledger", json.Unmarshal([]byte(edited), &back), "but")
	}
	bad = in
	bad.Events = append(slices.Clone(in.Events), payout.Event{Deal: "X1", Kind: payout.Cancelled, Date: g.period.Start})
	_, err = s.Payout(g.period.ID, g.deals, bad)
	refuse("an unknown deal", err, "deal X1: an event for a deal that neither this payout nor the ledger knows")
	n := 7
	for _, ev := range in.Ledger.Events {
		if ev.Kind == payout.Cancelled {
			bad.Events = []payout.Event{{Deal: ev.Deal, Kind: payout.Cancelled, Date: ev.Date.AddDays(1)}}
			_, err = s.Payout(g.period.ID, g.deals, bad)
			refuse("a second cancellation", err, "a deal is cancelled once")
			n++
			break
		}
	}
	return n
}

// sameLines checks that Run of a period gives, for the plans on a period
// horizon, the lines the payout was computed from, line for line (plans
// on a yearly horizon are checked by TestRunYearlyAgreesWithPayout).
func sameLines(s *Strategy, period string, deals []deal.Deal, po *payout.Result) error {
	res, err := s.Run(period, deals)
	if err != nil {
		return err
	}
	yearly := map[string]bool{}
	for _, p := range s.Commission().Plans() {
		yearly[p.ID] = p.Yearly
	}
	lines := func(r *commission.Result) map[string][]string {
		out := map[string][]string{}
		for _, st := range r.Statements {
			for _, l := range st.Lines {
				if !yearly[l.Plan] {
					out[st.Payee] = append(out[st.Payee], fmt.Sprintf("%s %s %s %s %s %s", l.Plan, l.Component, l.Deal, l.Kind, l.Amount.StringFixed(2), l.Explanation()))
				}
			}
		}
		return out
	}
	if diff := cmp.Diff(lines(po.Commission), lines(res)); diff != "" {
		return fmt.Errorf("(-close +run):\n%s", diff)
	}
	return nil
}
