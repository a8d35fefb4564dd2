package payout

import (
	"encoding/json"
	"fmt"
	"github.com/salesplan/salesplan/commission"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/internal/yamldoc"
	"github.com/shopspring/decimal"
)

// payoutCase is a multi-period scenario: a commission section, then one
// step a period, each with its inputs and the payables worked out by hand.
type payoutCase struct {
	Org        map[string]caseMember                 `yaml:"org"`
	Quotas     map[string]map[string]decimal.Decimal `yaml:"quotas"`
	Commission commission.Section                    `yaml:"commission"`
	// Attributes declares custom deal attributes: name → type.
	Attributes map[string]string `yaml:"attributes"`
	Steps      []payoutStep      `yaml:"steps"`
}

type payoutStep struct {
	Period string      `yaml:"period"`
	Deals  []deal.Deal `yaml:"deals"`
	Events []caseEvent `yaml:"events"`
	// EventsCSV is an events file, read with ReadEventsCSV as
	// "events.csv" (so errors name its lines).
	EventsCSV string                     `yaml:"events_csv"`
	Restated  map[string][]deal.Deal     `yaml:"restated"`
	Held      []string                   `yaml:"held"`
	Migrate   bool                       `yaml:"migrate"`
	Want      map[string]payoutWant      `yaml:"want"`
	Owed      map[string]decimal.Decimal `yaml:"owed"`
	// Ledger lists, per payee, the ledger's lines after the step:
	// "period component deal earned paid clawed_back forfeited deferred
	// [closed]".
	Ledger map[string][]string `yaml:"ledger"`
	// Ramps are the ramped quotas given to the payout (Input.Ramps).
	Ramps []caseRamp `yaml:"ramps"`
	Error string     `yaml:"error"`
}

type caseRamp struct {
	Payee   string          `yaml:"payee"`
	Measure string          `yaml:"measure"`
	Full    decimal.Decimal `yaml:"full"`
	Quota   decimal.Decimal `yaml:"quota"`
	Share   decimal.Decimal `yaml:"share"`
	Months  []int           `yaml:"months"`
}

type caseEvent struct {
	ID         string          `yaml:"id"`
	Deal       string          `yaml:"deal"`
	Kind       string          `yaml:"kind"`
	Date       calendar.Date   `yaml:"date"`
	Amount     decimal.Decimal `yaml:"amount"`
	DealAmount decimal.Decimal `yaml:"deal_amount"`
	DealDate   calendar.Date   `yaml:"deal_date"`
	Term       decimal.Decimal `yaml:"term"`
}

type payoutWant struct {
	Amount   string   `yaml:"amount"`
	Carried  string   `yaml:"carried"`
	Deferred string   `yaml:"deferred"`
	Items    []string `yaml:"items"`
	Held     []string `yaml:"held"`
	// Draw is the payee's draw position (drawString), compared when
	// given; Ramps the ramped quotas shown (rampString).
	Draw  string   `yaml:"draw"`
	Ramps []string `yaml:"ramps"`
	// Explain lists texts that the explanation of an item must hold, as
	// "DEAL: text"; they are checked, not compared.
	Explain []string `yaml:"explain"`
}

func payItemString(it Item) string {
	deal := it.Deal
	if deal == "" {
		deal = "-"
	}
	comp := it.Component
	if comp == "" {
		comp = "-"
	}
	s := fmt.Sprintf("%s %s %s %s %s", it.Kind, it.Period, comp, deal, it.Amount.StringFixed(2))
	if it.Kind == Forfeited {
		s += " of " + it.Base.StringFixed(2)
	}
	if it.Kind == Clawback && !it.Share.Equal(one) {
		s += " share " + it.Share.String()
	}
	return s
}

func ledgerItemString(it LedgerItem) string {
	deal := it.Deal
	if deal == "" {
		deal = "-"
	}
	s := fmt.Sprintf("%s %s %s %s %s %s %s %s", it.Period, it.Component, deal, it.Earned.StringFixed(2), it.Paid.StringFixed(2),
		it.ClawedBack.StringFixed(2), it.Forfeited.StringFixed(2), it.Deferred.StringFixed(2))
	if it.Closed {
		s += " closed"
	}
	return s
}

// The ways a scenario is run; each gives the same payouts.
type caseMode struct {
	// incremental sends each event once, in the first step that lists
	// it, as an events file of that month would; otherwise every step
	// sends the events it lists (and the ledger knows them already).
	incremental bool
	// dealInfo passes the deals of earlier steps as DealInfo, as a Go
	// caller may and the command line cannot.
	dealInfo bool
	shuffle  *rand.Rand
}

func runPayoutCase(t *testing.T, c payoutCase, mode caseMode) []string {
	t.Helper()
	q := commission.QuotaMap{}
	for payee, ms := range c.Quotas {
		q[payee] = map[string]map[string]decimal.Decimal{}
		for m, v := range ms {
			q[payee][m] = map[string]decimal.Decimal{}
			for _, s := range c.Steps {
				q[payee][m][s.Period] = v
			}
		}
	}
	var attrs []deal.Attr
	for _, name := range sortedKeys(c.Attributes) {
		typ, err := deal.ParseAttrType(c.Attributes[name])
		if err != nil {
			t.Fatal(err)
		}
		attrs = append(attrs, deal.Attr{Name: name, Type: typ})
	}
	schema, err := deal.NewSchema(attrs...)
	if err != nil {
		t.Fatal(err)
	}
	// YAML gives attribute values as text: type them as the schema says
	for i := range c.Steps {
		for _, list := range append([][]deal.Deal{c.Steps[i].Deals}, mapValues(c.Steps[i].Restated)...) {
			for j := range list {
				for name, v := range list[j].Attrs.All() {
					if a, _, ok := schema.Lookup(name); ok {
						if tv, err := a.Type.ParseValue(fmt.Sprint(v)); err == nil {
							list[j].Attrs = list[j].Attrs.With(name, tv)
						}
					}
				}
			}
		}
	}
	e, err := commission.Compile(c.Commission, commission.Config{Org: caseOrg(c.Org), Quotas: q, Currency: "USD", Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	cal := calendar.Calendar{}
	var ledger *Ledger
	var infos []deal.Deal
	var outputs []string
	sent := map[string]bool{}
	for i, s := range c.Steps {
		p := cal.MustParse(s.Period)
		in := Input{Period: p, Deals: slices.Clone(s.Deals), Ledger: ledger, Held: s.Held, Migrate: s.Migrate}
		if mode.dealInfo {
			in.DealInfo = infos
		}
		if e.Yearly() {
			// the year to date: the year's first day to the period's end,
			// with the deals of the year so far
			yd := slices.Clone(s.Deals)
			for _, d := range infos {
				if cal.PeriodOf(calendar.Year, d.Date).FiscalYear == p.FiscalYear {
					yd = append(yd, d)
				}
			}
			in.YearToDate = &YearToDate{Period: calendar.Period{ID: p.ID + "-YTD", Kind: p.Kind, FiscalYear: p.FiscalYear,
				Start: cal.Year(p.FiscalYear).Start, End: p.End}, Deals: yd}
		}
		for _, ev := range s.Events {
			key := fmt.Sprint(ev)
			if mode.incremental && sent[key] {
				continue
			}
			sent[key] = true
			in.Events = append(in.Events, Event{ID: ev.ID, Deal: ev.Deal, Kind: EventKind(ev.Kind), Date: ev.Date, Amount: ev.Amount,
				DealAmount: ev.DealAmount, DealDate: ev.DealDate, Term: ev.Term})
		}
		var readErr error
		if s.EventsCSV != "" {
			evs, err := ReadEventsCSV("events.csv", strings.NewReader(s.EventsCSV))
			in.Events = append(in.Events, evs...)
			readErr = err
		}
		for _, q := range sortedKeys(s.Restated) {
			in.Restated = append(in.Restated, Restatement{Period: cal.MustParse(q), Deals: s.Restated[q]})
		}
		for _, r := range s.Ramps {
			rq := RampedQuota{Payee: r.Payee, Measure: r.Measure, Full: r.Full, Quota: r.Quota, Share: r.Share}
			for _, m := range r.Months {
				rq.Ramp = append(rq.Ramp, RampMonth{Month: m, Share: r.Share, From: p.Start, To: p.End})
			}
			in.Ramps = append(in.Ramps, rq)
		}
		if mode.shuffle != nil {
			mode.shuffle.Shuffle(len(in.Deals), func(a, b int) { in.Deals[a], in.Deals[b] = in.Deals[b], in.Deals[a] })
			mode.shuffle.Shuffle(len(in.Events), func(a, b int) { in.Events[a], in.Events[b] = in.Events[b], in.Events[a] })
		}
		before, _ := json.Marshal(ledger)
		var po *Result
		err := readErr
		if err == nil {
			po, err = Run(e, in)
		}
		if s.Error != "" {
			if err == nil || err.Error() != s.Error {
				t.Fatalf("step %d: error %v, want %s", i, err, s.Error)
			}
			continue
		}
		if err != nil {
			t.Fatalf("step %d (%s): %v", i, s.Period, err)
		}
		if after, _ := json.Marshal(ledger); string(after) != string(before) {
			t.Fatalf("step %d: Payout changed its input ledger", i)
		}
		// Idempotent: the same inputs and ledger give the same payout.
		again, err := Run(e, in)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(po)
		b, _ := json.Marshal(again)
		la, _ := json.Marshal(po.Ledger)
		lb, _ := json.Marshal(again.Ledger)
		if string(a) != string(b) || string(la) != string(lb) {
			t.Fatalf("step %d: re-running the period gave another result", i)
		}
		outputs = append(outputs, string(a), string(la))
		if mode.shuffle == nil {
			got := map[string]payoutWant{}
			for _, pay := range po.Payables {
				w := payoutWant{Amount: pay.Amount.StringFixed(2)}
				if want, ok := s.Want[pay.Payee]; ok && want.Carried != "" {
					w.Carried = pay.Carried.StringFixed(2)
				}
				if want, ok := s.Want[pay.Payee]; ok && want.Deferred != "" {
					w.Deferred = pay.Deferred.StringFixed(2)
				}
				for _, it := range pay.Items {
					w.Items = append(w.Items, payItemString(it))
				}
				for _, it := range pay.Held {
					w.Held = append(w.Held, payItemString(it))
				}
				if want, ok := s.Want[pay.Payee]; ok && want.Draw != "" && pay.Draw != nil {
					w.Draw = drawString(pay.Draw)
				}
				for _, r := range pay.Ramps {
					w.Ramps = append(w.Ramps, rampString(r))
					// the ramped quota is the one the statement measures
					// attainment against
					if st, ok := po.Commission.Statement(pay.Payee); ok {
						for _, m := range st.Measures {
							if m.Measure == r.Measure && m.HasQuota && !m.Quota.Equal(r.Quota) {
								t.Errorf("step %d: %s's ramped quota of %s is %s, the statement's %s", i, pay.Payee, r.Measure, r.Quota, m.Quota)
							}
						}
					}
				}
				for _, ex := range s.Want[pay.Payee].Explain {
					deal, text, _ := strings.Cut(ex, ": ")
					if !slices.ContainsFunc(pay.Items, func(it Item) bool { return it.Deal == deal && strings.Contains(it.Explanation, text) }) {
						t.Errorf("step %d (%s): no item of %s for deal %s explains %q: %v", i, s.Period, pay.Payee, deal, text, pay.Items)
					}
				}
				w.Explain = s.Want[pay.Payee].Explain
				got[pay.Payee] = w
			}
			if diff := cmp.Diff(s.Want, got); diff != "" {
				t.Errorf("step %d (%s) payables (-want +got):\n%s", i, s.Period, diff)
			}
			for payee, owed := range s.Owed {
				pl, _ := po.Ledger.Payee(payee)
				if !pl.DrawOwed.Equal(owed) {
					t.Errorf("step %d: %s owes %s, want %s", i, payee, pl.DrawOwed, owed)
				}
			}
			for payee, want := range s.Ledger {
				pl, _ := po.Ledger.Payee(payee)
				var got []string
				for _, it := range pl.Items {
					got = append(got, ledgerItemString(it))
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("step %d (%s) ledger of %s (-want +got):\n%s", i, s.Period, payee, diff)
				}
			}
		}
		checkLedgerIdentity(t, po.Ledger)
		for _, pay := range po.Payables {
			if err := checkDrawPosition(pay, ledger, po.Ledger, p.ID); err != nil {
				t.Errorf("step %d (%s): %v", i, s.Period, err)
			}
		}
		// Round-trip the ledger through JSON, as payroll stores it.
		j, err := json.Marshal(po.Ledger)
		if err != nil {
			t.Fatal(err)
		}
		var back Ledger
		if err := json.Unmarshal(j, &back); err != nil {
			t.Fatalf("step %d: the ledger does not read back: %v", i, err)
		}
		if j2, _ := json.Marshal(&back); string(j2) != string(j) {
			t.Fatalf("step %d: the ledger does not round-trip through JSON", i)
		}
		ledger = &back
		infos = append(infos, s.Deals...)
	}
	return outputs
}

// checkLedgerIdentity checks, for every payee, the ledger's identities
// (Ledger.Check), and the main one again by hand: what was paid in all
// equals what was settled on lines, less what yearly caps withheld, plus
// the draw and carried balances:
// Paid = Σ item.Paid − Σ cap.Withheld + DrawOwed + Guaranteed + Forgiven + Carried.
func checkLedgerIdentity(t *testing.T, l *Ledger) {
	t.Helper()
	if err := l.Check(); err != nil {
		t.Error(err)
	}
	for _, p := range l.Payees {
		sum := p.DrawOwed.Add(p.Guaranteed).Add(p.Forgiven).Add(p.Carried)
		for _, c := range p.Caps {
			sum = sum.Sub(c.Withheld)
		}
		for _, it := range p.Items {
			sum = sum.Add(it.Paid)
		}
		if !sum.Equal(p.Paid) {
			t.Errorf("%s: paid %s, but lines, draws, guarantees and the carried balance add up to %s", p.Payee, p.Paid, sum)
		}
	}
}

func loadPayoutCase(t *testing.T, path string) payoutCase {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c payoutCase
	if _, list := yamldoc.Decode(path, src, &c, yamldoc.Limits{}); len(list) > 0 {
		t.Fatal(list)
	}
	return c
}

// TestPayouts runs the multi-period scenarios in testdata/payouts.
func TestPayouts(t *testing.T) {
	files, _ := filepath.Glob("testdata/payouts/*.yaml")
	if len(files) == 0 {
		t.Fatal("no payout scenarios")
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".yaml"), func(t *testing.T) {
			c := loadPayoutCase(t, f)
			want := runPayoutCase(t, c, caseMode{})
			// The order of deals and events does not matter, nor whether
			// events are sent once or again each period, nor whether the
			// deals of earlier periods are given.
			r := rand.New(rand.NewPCG(3, 5))
			for i, mode := range []caseMode{{incremental: true}, {dealInfo: true}, {incremental: true, dealInfo: true}, {shuffle: r}, {shuffle: r, incremental: true}} {
				if diff := cmp.Diff(want, runPayoutCase(t, loadPayoutCase(t, f), mode)); diff != "" {
					t.Fatalf("mode %d (%+v) changed the payouts:\n%s", i, mode, diff)
				}
			}
		})
	}
}

func mapValues[V any](m map[string]V) []V {
	var out []V
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}
