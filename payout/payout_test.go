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
	Steps      []payoutStep                          `yaml:"steps"`
}

type payoutStep struct {
	Period   string                     `yaml:"period"`
	Deals    []deal.Deal                `yaml:"deals"`
	Events   []caseEvent                `yaml:"events"`
	Restated map[string][]deal.Deal     `yaml:"restated"`
	Held     []string                   `yaml:"held"`
	Want     map[string]payoutWant      `yaml:"want"`
	Owed     map[string]decimal.Decimal `yaml:"owed"`
	Error    string                     `yaml:"error"`
}

type caseEvent struct {
	Deal   string          `yaml:"deal"`
	Kind   string          `yaml:"kind"`
	Date   calendar.Date   `yaml:"date"`
	Amount decimal.Decimal `yaml:"amount"`
}

type payoutWant struct {
	Amount string   `yaml:"amount"`
	Items  []string `yaml:"items"`
	Held   []string `yaml:"held"`
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
	return fmt.Sprintf("%s %s %s %s %s", it.Kind, it.Period, comp, deal, it.Amount.StringFixed(2))
}

func runPayoutCase(t *testing.T, c payoutCase, shuffle *rand.Rand) []string {
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
	e, err := commission.Compile(c.Commission, commission.Config{Org: caseOrg(c.Org), Quotas: q, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	cal := calendar.Calendar{}
	var ledger *Ledger
	var infos []deal.Deal
	var outputs []string
	for i, s := range c.Steps {
		p := cal.MustParse(s.Period)
		in := Input{Period: p, Deals: s.Deals, Ledger: ledger, Held: s.Held, DealInfo: infos}
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
			in.Events = append(in.Events, Event{Deal: ev.Deal, Kind: EventKind(ev.Kind), Date: ev.Date, Amount: ev.Amount})
		}
		for _, q := range sortedKeys(s.Restated) {
			in.Restated = append(in.Restated, Restatement{Period: cal.MustParse(q), Deals: s.Restated[q]})
		}
		if shuffle != nil {
			shuffle.Shuffle(len(in.Deals), func(a, b int) { in.Deals[a], in.Deals[b] = in.Deals[b], in.Deals[a] })
			shuffle.Shuffle(len(in.Events), func(a, b int) { in.Events[a], in.Events[b] = in.Events[b], in.Events[a] })
		}
		before, _ := json.Marshal(ledger)
		po, err := Run(e, in)
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
		if shuffle == nil {
			got := map[string]payoutWant{}
			for _, pay := range po.Payables {
				w := payoutWant{Amount: pay.Amount.StringFixed(2)}
				for _, it := range pay.Items {
					w.Items = append(w.Items, payItemString(it))
				}
				for _, it := range pay.Held {
					w.Held = append(w.Held, payItemString(it))
				}
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
		}
		checkLedgerIdentity(t, po.Ledger)
		// Round-trip the ledger through JSON, as payroll stores it.
		j, err := json.Marshal(po.Ledger)
		if err != nil {
			t.Fatal(err)
		}
		var back Ledger
		if err := json.Unmarshal(j, &back); err != nil {
			t.Fatal(err)
		}
		if j2, _ := json.Marshal(&back); string(j2) != string(j) {
			t.Fatalf("step %d: the ledger does not round-trip through JSON", i)
		}
		ledger = &back
		infos = append(infos, s.Deals...)
	}
	return outputs
}

// checkLedgerIdentity checks, for every payee, that what was paid in all
// equals what was settled on lines, less what yearly caps withheld, plus
// the draw balances:
// Paid = Σ item.Paid − Σ cap.Withheld + DrawOwed + Guaranteed + Forgiven.
func checkLedgerIdentity(t *testing.T, l *Ledger) {
	t.Helper()
	for _, p := range l.Payees {
		sum := p.DrawOwed.Add(p.Guaranteed).Add(p.Forgiven)
		for _, c := range p.Caps {
			sum = sum.Sub(c.Withheld)
		}
		for _, it := range p.Items {
			sum = sum.Add(it.Paid)
		}
		if !sum.Equal(p.Paid) {
			t.Errorf("%s: paid %s, but lines, draws and guarantees add up to %s", p.Payee, p.Paid, sum)
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
			want := runPayoutCase(t, c, nil)
			// The order of deals and events does not matter.
			r := rand.New(rand.NewPCG(3, 5))
			for range 3 {
				if diff := cmp.Diff(want, runPayoutCase(t, loadPayoutCase(t, f), r)); diff != "" {
					t.Fatalf("shuffled inputs changed the payouts:\n%s", diff)
				}
			}
		})
	}
}
