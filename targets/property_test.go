package targets_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/money"
	"github.com/salesplan/salesplan/targets"
	"github.com/shopspring/decimal"
)

// randomWeights returns n weights of 4 decimal places that add up to
// exactly 1, some of them zero.
func randomWeights(r *rand.Rand, n int) []decimal.Decimal {
	cuts := []int{0, 10000}
	for range n - 1 {
		c := r.IntN(10001)
		if r.IntN(4) == 0 {
			c = cuts[r.IntN(len(cuts))] // an empty part
		}
		cuts = append(cuts, c)
	}
	slices.Sort(cuts)
	w := make([]decimal.Decimal, n)
	for i := range w {
		w[i] = decimal.New(int64(cuts[i+1]-cuts[i]), -4)
	}
	return w
}

// TestAllocationKeepsEveryCent: whatever the weights, the total, the
// over-assignment, the basis, the calendar and the rounding (to the cent
// or exact, in any mode), a target's parts add up to
// it exactly: the months to the quarters, the quarters to the year, the
// year to the amount, and the members' parts of an over-assigned team
// target to the target × the factor, rounded once.
func TestAllocationKeepsEveryCent(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 7))
	for i := range 100 {
		kinds := []calendar.Kind{calendar.Half, calendar.Quarter, calendar.Month}
		kind := kinds[r.IntN(3)]
		n := map[calendar.Kind]int{calendar.Half: 2, calendar.Quarter: 4, calendar.Month: 12}[kind]
		weights := randomWeights(r, n)
		total := decimal.New(r.Int64N(100_000_000_000), -2)
		over := decimal.New(int64(100+r.IntN(31)), -2)
		basis := []targets.Basis{targets.Days, targets.Months}[r.IntN(2)]
		cal := calendar.Calendar{StartMonth: time.Month(1 + r.IntN(12))}
		team := 1 + r.IntN(7)
		org := &fakeOrg{members: map[string][]stint{}, parents: map[string]string{"t": ""}}
		for m := range team {
			org.members[fmt.Sprintf("m%d", m)] = []stint{{team: "t", role: "ae"}}
		}
		mode := money.Roundings()[r.IntN(len(money.Roundings()))]
		rounding := []targets.QuotaRounding{targets.MinorUnit, targets.Exact}[r.IntN(2)]
		name := fmt.Sprintf("#%d: %s over %v %v, ×%s to %d, %s, from month %d, %s %s", i, total, kind, weights, over, team, basis, cal.StartMonth, rounding, mode)
		b, err := targets.Compile(targets.Section{
			Rounding:    rounding,
			Proration:   basis,
			Seasonality: []targets.Seasonality{{ID: "s", Period: kind, Weights: weights}},
			Quotas: []targets.Quota{
				{Owner: "member:m0", Measure: "bookings", Period: "FY2027", Amount: total, Seasonality: "s"},
				{Owner: "team:t", Measure: "margin", Period: "FY2027", Amount: total, Seasonality: "s", Allocate: &targets.Allocation{OverAssign: over}},
			},
		}, targets.Env{Calendar: cal, Org: org, Rounding: mode})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		year := cal.Year(2027)
		check := func(what string, get func(calendar.Period) decimal.Decimal, want decimal.Decimal) {
			if got := get(year); !got.Equal(want) {
				t.Fatalf("%s: %s of the year = %s, want %s", name, what, got, want)
			}
			for _, k := range []calendar.Kind{calendar.Half, calendar.Quarter, calendar.Month} {
				sum := decimal.Zero
				for _, p := range cal.Periods(2027, k) {
					sum = sum.Add(get(p))
				}
				if !sum.Equal(want) {
					t.Fatalf("%s: %s of the %ss add up to %s, want %s", name, what, k, sum, want)
				}
			}
		}
		check("quota", func(p calendar.Period) decimal.Decimal {
			q, _, err := b.Quota("m0", "bookings", p)
			if err != nil {
				t.Fatal(err)
			}
			return q
		}, total)
		check("roll-up", func(p calendar.Period) decimal.Decimal {
			q, _, err := b.RollUp("team", "t", "margin", p)
			if err != nil {
				t.Fatal(err)
			}
			return q
		}, overAssigned(total, over, rounding, mode))
		check("team target", func(p calendar.Period) decimal.Decimal {
			q, _, err := b.TargetOf("team", "t", "margin", p)
			if err != nil {
				t.Fatal(err)
			}
			return q
		}, total)
	}
}

// overAssigned is what the members' parts of an over-assigned target add
// up to: the total × the factor, rounded once to the cent, or exactly.
func overAssigned(total, over decimal.Decimal, r targets.QuotaRounding, mode money.Rounding) decimal.Decimal {
	if r == targets.Exact {
		return total.Mul(over)
	}
	return mode.Round(total.Mul(over), 2)
}
