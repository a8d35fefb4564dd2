package money

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func ds(ss ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = d(s)
	}
	return out
}

func strs(ds []decimal.Decimal) []string {
	out := make([]string, len(ds))
	for i, v := range ds {
		out[i] = v.StringFixed(2)
	}
	return out
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		name    string
		total   string
		weights []string
		want    []string
	}{
		{"thirds", "100", []string{"1", "1", "1"}, []string{"33.34", "33.33", "33.33"}},
		{"negative thirds", "-100", []string{"1", "1", "1"}, []string{"-33.34", "-33.33", "-33.33"}},
		{"seasonality 15/25/25/35", "200000", []string{"0.15", "0.25", "0.25", "0.35"}, []string{"30000.00", "50000.00", "50000.00", "70000.00"}},
		{"largest remainder wins", "10", []string{"0.333", "0.333", "0.334"}, []string{"3.33", "3.33", "3.34"}},
		{"zero weight", "10.01", []string{"0", "1", "1"}, []string{"0.00", "5.01", "5.00"}},
		{"split 60/40 of odd cents", "1000.01", []string{"0.6", "0.4"}, []string{"600.01", "400.00"}},
		{"one part", "12.34", []string{"7"}, []string{"12.34"}},
		{"zero total", "0", []string{"1", "2"}, []string{"0.00", "0.00"}},
		{"over-assignment 1.15 over 3", "115000", []string{"1", "1", "1"}, []string{"38333.34", "38333.33", "38333.33"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Allocate(d(tt.total), ds(tt.weights...), 2)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, strs(got)); diff != "" {
				t.Errorf("Allocate(%s, %v) (-want +got):\n%s", tt.total, tt.weights, diff)
			}
		})
	}
}

func TestAllocateErrors(t *testing.T) {
	tests := []struct {
		name    string
		total   string
		weights []string
		want    string
	}{
		{"no weights", "1", nil, "invalid weights: no weights"},
		{"negative", "1", []string{"1", "-1"}, "invalid weights: weight 2 is negative (-1)"},
		{"all zero", "1", []string{"0", "0"}, "invalid weights: all weights are zero"},
		{"sub-cent total", "1.005", []string{"1"}, "cannot allocate 1.005 in units of 0.01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Allocate(d(tt.total), ds(tt.weights...), 2)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got error %v, want %q", err, tt.want)
			}
		})
	}
}

// TestAllocateConserves is the property: whatever the weights, the parts
// add up to the total exactly, each is within one unit of its exact share,
// and none has a sign opposite to the total.
func TestAllocateConserves(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 5000 {
		n := 1 + r.IntN(12)
		w := make([]decimal.Decimal, n)
		sum := decimal.Zero
		for j := range w {
			w[j] = decimal.New(r.Int64N(100000), -int32(r.IntN(5)))
			sum = sum.Add(w[j])
		}
		if sum.IsZero() {
			continue
		}
		total := decimal.New(r.Int64N(1e12)-5e11, -2)
		parts, err := Allocate(total, w, 2)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		got := decimal.Zero
		for j, p := range parts {
			got = got.Add(p)
			exact := total.Mul(w[j]).DivRound(sum, 10)
			if p.Sub(exact).Abs().GreaterThan(d("0.01")) {
				t.Fatalf("case %d: part %d = %s, exact %s", i, j, p, exact)
			}
			if p.Sign()*total.Sign() < 0 {
				t.Fatalf("case %d: part %d = %s has the wrong sign", i, j, p)
			}
		}
		if !got.Equal(total) {
			t.Fatalf("case %d: parts add up to %s, want %s", i, got, total)
		}
	}
}

func TestRounding(t *testing.T) {
	tests := []struct {
		in   string
		mode Rounding
		want string
	}{
		{"2.345", HalfEven, "2.34"},
		{"2.355", HalfEven, "2.36"},
		{"2.345", HalfUp, "2.35"},
		{"-2.345", HalfUp, "-2.35"},
		{"-2.345", HalfEven, "-2.34"},
		{"2.3451", HalfEven, "2.35"},
	}
	for _, tt := range tests {
		if got := tt.mode.Round(d(tt.in), 2).StringFixed(2); got != tt.want {
			t.Errorf("%v.Round(%s) = %s, want %s", tt.mode, tt.in, got, tt.want)
		}
	}
	if _, err := ParseRounding("nearest"); err == nil || err.Error() != `unknown rounding "nearest" (want half-even or half-up)` {
		t.Errorf("ParseRounding(nearest) error = %v", err)
	}
}
