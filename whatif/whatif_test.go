package whatif_test

import (
	"bytes"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/strategy"
	"github.com/salesplan/salesplan/whatif"
	"github.com/shopspring/decimal"
)

func load(t *testing.T, name string) *strategy.Strategy {
	t.Helper()
	s, err := strategy.Load("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func deals(t *testing.T, s *strategy.Strategy) []deal.Deal {
	t.Helper()
	f, err := os.Open("testdata/deals.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ds, err := deal.ReadCSV("deals.csv", f, s.Schema())
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func changeString(c whatif.Change) string {
	p, ok := c.Percent()
	s := c.Before.StringFixed(2) + " -> " + c.After.StringFixed(2) + " " + c.Diff.StringFixed(2)
	if ok {
		s += " " + p.String()
	}
	return s
}

// TestCompare checks a change of accelerator (8% to 10% above quota) on
// hand-worked deals. Quota 100,000; 5% to quota, then the accelerator;
// a 1,000 bonus at 100%; at most 10,000 a quarter.
//
//	ana 130,000: before 3,000 + 3,600 + 800 + 1,000 = 8,400
//	             after  3,000 + 4,000 + 1,000 + 1,000 = 9,000   +600
//	ben 200,000: before 2,500 + 10,500 + 1,000 = 14,000, capped 10,000
//	             after  2,500 + 12,500 + 1,000 = 16,000, capped 10,000
//
// The change costs 600: Ben is at the cap either way.
func TestCompare(t *testing.T) {
	before, after := load(t, "before.yaml"), load(t, "after.yaml")
	c, err := whatif.Compare(before, after, "FY2026-Q1", deals(t, before))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	got = append(got, "total "+changeString(c.Total))
	for _, p := range c.Payees {
		got = append(got, p.Payee+" "+changeString(p.Change))
		for _, x := range p.Components {
			got = append(got, "  "+x.Plan+"/"+x.Component+" "+changeString(x.Change))
		}
	}
	for _, x := range c.Components {
		got = append(got, x.Plan+"/"+x.Component+" "+changeString(x.Change))
	}
	want := []string{
		"total 18400.00 -> 19000.00 600.00 0.032609",
		"ana 8400.00 -> 9000.00 600.00 0.071429",
		"  ae/commission 7400.00 -> 8000.00 600.00 0.081081",
		"  ae/bonus 1000.00 -> 1000.00 0.00 0",
		"ben 10000.00 -> 10000.00 0.00 0",
		"  ae/commission 13000.00 -> 15000.00 2000.00 0.153846",
		"  ae/plan-cap -4000.00 -> -6000.00 -2000.00 -0.5",
		"  ae/bonus 1000.00 -> 1000.00 0.00 0",
		"ae/commission 20400.00 -> 23000.00 2600.00 0.127451",
		"ae/plan-cap -4000.00 -> -6000.00 -2000.00 -0.5",
		"ae/bonus 2000.00 -> 2000.00 0.00 0",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("comparison (-want +got):\n%s", diff)
	}
	if c.Before != "Acme FY2026" || c.After != "Acme FY2026 (accelerator 10%)" || c.Currency != "USD" || c.Period != "FY2026-Q1" {
		t.Errorf("names: %q %q %q %q", c.Before, c.After, c.Currency, c.Period)
	}

	var text, csv bytes.Buffer
	if err := c.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	wantText := `Acme FY2026 (accelerator 10%) compared with Acme FY2026, FY2026-Q1, in USD

          before      after  difference  change
total  18,400.00  19,000.00     +600.00  +3.26%

payee     before      after  difference  change
ana     8,400.00   9,000.00     +600.00  +7.14%
ben    10,000.00  10,000.00        0.00      0%

component         before      after  difference   change
ae/commission  20,400.00  23,000.00   +2,600.00  +12.75%
ae/plan-cap    -4,000.00  -6,000.00   -2,000.00     -50%
ae/bonus        2,000.00   2,000.00        0.00       0%
`
	if diff := cmp.Diff(wantText, text.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
	if err := c.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(csv.String(), "row,payee,plan,component,before,after,difference,percent\ntotal,,,,18400.00,19000.00,600.00,0.032609\npayee,ana,,,8400.00,9000.00,600.00,0.071429\n") {
		t.Errorf("csv:\n%s", csv.String())
	}
	j, err := c.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(j, []byte(`"total": {
    "before": "18400.00",
    "after": "19000.00",
    "difference": "600.00",
    "percent": "0.032609"
  }`)) {
		t.Errorf("json:\n%s", j)
	}
}

// TestCompareSamePlan: a plan compared with itself changes nothing.
func TestCompareSamePlan(t *testing.T) {
	s := load(t, "before.yaml")
	c, err := whatif.Compare(s, s, "FY2026-Q1", deals(t, s))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Total.Diff.IsZero() || !c.Total.Before.Equal(decimal.RequireFromString("18400")) {
		t.Errorf("total %+v", c.Total)
	}
	for _, p := range c.Payees {
		if !p.Diff.IsZero() {
			t.Errorf("%s changes by %s", p.Payee, p.Diff)
		}
	}
}

// TestSimulate checks Ana's curve on the plan worked by hand: 5% to
// quota, 8% above, a 1,000 bonus from 100%, a 10,000 cap.
func TestSimulate(t *testing.T) {
	s := load(t, "before.yaml")
	ds := deals(t, s)
	for _, m := range []whatif.Method{whatif.Scale, whatif.Synthetic} {
		t.Run(string(m), func(t *testing.T) {
			c, err := whatif.Simulate(s, "ana", "FY2026-Q1", ds, whatif.Options{Steps: 4, Method: m})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range c.Points {
				got = append(got, p.Attainment.String()+" "+p.Payout.StringFixed(2))
			}
			half := "0.5 2500.00" // 50,000 x 5%
			if m == whatif.Scale {
				// the three deals scaled (60,000, 60,000 and 10,000 x 5/13),
				// each line rounded to the cent: 1,153.85 twice and 192.31
				half = "0.5 2500.01"
			}
			want := []string{
				"0 0.00", // nothing sold
				half,
				"1 6000.00",    // 100,000 x 5% + the bonus: the gate is open at 100%
				"1.5 10000.00", // 5,000 + 50,000 x 8% + 1,000: just the cap
				"2 10000.00",   // 5,000 + 8,000 + 1,000 = 14,000, capped
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("points (-want +got):\n%s", diff)
			}
			if c.Measure != "bookings" || !c.Quota.Equal(decimal.NewFromInt(100000)) || c.Actual.String() != "1.3" || c.Deals != 3 || c.Method != m {
				t.Errorf("curve: %s %s %s %d %s", c.Measure, c.Quota, c.Actual, c.Deals, c.Method)
			}
			for _, p := range c.Points {
				if p.Measured.LessThan(p.Attainment) || p.Measured.Sub(p.Attainment).GreaterThan(decimal.New(1, -6)) {
					t.Errorf("at %s the run reached %s", p.Attainment, p.Measured)
				}
			}
			if len(c.Assumptions) < 3 {
				t.Errorf("assumptions: %q", c.Assumptions)
			}
		})
	}
}

func TestSimulateText(t *testing.T) {
	s := load(t, "before.yaml")
	c, err := whatif.Simulate(s, "ben", "FY2026-Q1", deals(t, s), whatif.Options{Steps: 2})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	c.WriteText(&b)
	want := `Payout of Ben Okafor (ben) in FY2026-Q1 by attainment of bookings, in USD
  - attainment is bookings against ben's quota of 100,000.00 in FY2026-Q1; on the deals as given it is 200%
  - each point multiplies the amounts of the 2 deals credited to ben by one factor, so that bookings reaches the attainment; every other deal is as given
  - the number of deals, their dates, products and splits stay as they are, so what a plan pays per deal (a SPIF, a cap per deal) does not grow with attainment; at 0% the deals are left out
  - the payout is the total of ben's statement for FY2026-Q1: what the plans earn, before draws, holds and releases

attainment    bookings     payout
        0%        0.00       0.00
      100%  100,000.00   6,000.00
      200%  200,000.00  10,000.00
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
	var csv bytes.Buffer
	c.WriteCSV(&csv)
	wantCSV := "attainment,measured,bookings,payout,commission,bonus,plan-cap\n0,0,0,0.00,0.00,0.00,0.00\n1,1,100000,6000.00,5000.00,1000.00,0.00\n"
	if !strings.HasPrefix(csv.String(), wantCSV) {
		t.Errorf("csv:\n%s", csv.String())
	}
}

func TestSimulateErrors(t *testing.T) {
	s := load(t, "before.yaml")
	ds := deals(t, s)
	tests := []struct {
		payee string
		opt   whatif.Options
		want  string
	}{
		{"anna", whatif.Options{}, `unknown payee "anna" (did you mean ana?)`},
		{"vera", whatif.Options{}, "vera has no plan in force in FY2026-Q1, so no payout to simulate"},
		{"ana", whatif.Options{Measure: "booking"}, `unknown measure "booking" (did you mean bookings?)`},
		{"ana", whatif.Options{Steps: 5000}, "steps: 5000: want 1 to 1000"},
		{"ana", whatif.Options{Max: decimal.NewFromInt(-1)}, "max: -1: want an attainment above 0"},
		{"ana", whatif.Options{Method: "guess"}, `unknown method "guess": want scale or synthetic`},
	}
	for _, tt := range tests {
		_, err := whatif.Simulate(s, tt.payee, "FY2026-Q1", ds, tt.opt)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %+v: error %v, want %q", tt.payee, tt.opt, err, tt.want)
		}
	}
}

// TestSimulateNoDeals: a payee with no deals gets a synthetic curve.
func TestSimulateNoDeals(t *testing.T) {
	s := load(t, "before.yaml")
	ds := slices.DeleteFunc(deals(t, s), func(d deal.Deal) bool { return d.Owner == "ana" })
	c, err := whatif.Simulate(s, "ana", "FY2026-Q1", ds, whatif.Options{Steps: 2})
	if err != nil {
		t.Fatal(err)
	}
	if c.Method != whatif.Synthetic || c.Deals != 0 || c.Points[1].Payout.StringFixed(2) != "6000.00" {
		t.Errorf("method %s, %d deals, points %+v", c.Method, c.Deals, c.Points)
	}
}

// TestDeterministic: the order of the deals and concurrent calls change
// nothing.
func TestDeterministic(t *testing.T) {
	s := load(t, "before.yaml")
	ds := deals(t, s)
	want, err := whatif.Simulate(s, "ana", "FY2026-Q1", ds, whatif.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := want.MarshalJSON()
	r := rand.New(rand.NewPCG(1, 2))
	var wg sync.WaitGroup
	for range 4 {
		shuffled := slices.Clone(ds)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		wg.Go(func() {
			got, err := whatif.Simulate(s, "ana", "FY2026-Q1", shuffled, whatif.Options{})
			if err != nil {
				t.Error(err)
				return
			}
			if j, _ := got.MarshalJSON(); !bytes.Equal(j, wantJSON) {
				t.Errorf("the curve depends on the order of the deals")
			}
		})
	}
	wg.Wait()
}
