package money

import (
	"errors"
	"math/rand/v2"
	"strings"
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

// TestRounding is the table of the Rounding doc comment, and more: ties,
// negatives, values already at places, fewer places than asked, negative
// places, and values far beyond int64.
func TestRounding(t *testing.T) {
	modes := []Rounding{HalfEven, HalfUp, HalfDown, Down, Up, Ceiling, Floor}
	tests := []struct {
		in     string
		places int32
		want   [7]string // in the order of modes
	}{
		// the doc comment's table
		{"2.345", 2, [7]string{"2.34", "2.35", "2.34", "2.34", "2.35", "2.35", "2.34"}},
		{"2.355", 2, [7]string{"2.36", "2.36", "2.35", "2.35", "2.36", "2.36", "2.35"}},
		{"-2.345", 2, [7]string{"-2.34", "-2.35", "-2.34", "-2.34", "-2.35", "-2.34", "-2.35"}},
		{"2.341", 2, [7]string{"2.34", "2.34", "2.34", "2.34", "2.35", "2.35", "2.34"}},
		{"-2.341", 2, [7]string{"-2.34", "-2.34", "-2.34", "-2.34", "-2.35", "-2.34", "-2.35"}},
		{"2.349", 2, [7]string{"2.35", "2.35", "2.35", "2.34", "2.35", "2.35", "2.34"}},
		// just past a tie: every half- mode goes away from the tie's side
		{"2.3451", 2, [7]string{"2.35", "2.35", "2.35", "2.34", "2.35", "2.35", "2.34"}},
		{"-2.3451", 2, [7]string{"-2.35", "-2.35", "-2.35", "-2.34", "-2.35", "-2.34", "-2.35"}},
		{"2.34499999999", 2, [7]string{"2.34", "2.34", "2.34", "2.34", "2.35", "2.35", "2.34"}},
		// ties to whole units
		{"2.5", 0, [7]string{"2", "3", "2", "2", "3", "3", "2"}},
		{"3.5", 0, [7]string{"4", "4", "3", "3", "4", "4", "3"}},
		{"-2.5", 0, [7]string{"-2", "-3", "-2", "-2", "-3", "-2", "-3"}},
		{"-0.5", 0, [7]string{"0", "-1", "0", "0", "-1", "0", "-1"}},
		{"0.4", 0, [7]string{"0", "0", "0", "0", "1", "1", "0"}},
		{"-0.4", 0, [7]string{"0", "0", "0", "0", "-1", "0", "-1"}},
		// already at places, or with fewer: no mode moves it
		{"2.34", 2, [7]string{"2.34", "2.34", "2.34", "2.34", "2.34", "2.34", "2.34"}},
		{"-2.3", 2, [7]string{"-2.30", "-2.30", "-2.30", "-2.30", "-2.30", "-2.30", "-2.30"}},
		{"0", 2, [7]string{"0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"}},
		{"1250", 2, [7]string{"1250.00", "1250.00", "1250.00", "1250.00", "1250.00", "1250.00", "1250.00"}},
		// negative places: to hundreds
		{"1250", -2, [7]string{"1200", "1300", "1200", "1200", "1300", "1300", "1200"}},
		{"-1250", -2, [7]string{"-1200", "-1300", "-1200", "-1200", "-1300", "-1200", "-1300"}},
		{"1251", -2, [7]string{"1300", "1300", "1300", "1200", "1300", "1300", "1200"}},
		// beyond int64 and beyond float64's 17 digits
		{"123456789012345678901234567890.125", 2, [7]string{
			"123456789012345678901234567890.12", "123456789012345678901234567890.13", "123456789012345678901234567890.12",
			"123456789012345678901234567890.12", "123456789012345678901234567890.13", "123456789012345678901234567890.13",
			"123456789012345678901234567890.12"}},
		{"-99999999999999999999.995", 2, [7]string{
			"-100000000000000000000.00", "-100000000000000000000.00", "-99999999999999999999.99",
			"-99999999999999999999.99", "-100000000000000000000.00", "-99999999999999999999.99",
			"-100000000000000000000.00"}},
		{"0.00000000000000000000000000000000000005", 2, [7]string{"0.00", "0.00", "0.00", "0.00", "0.01", "0.01", "0.00"}},
	}
	for _, tt := range tests {
		for i, mode := range modes {
			got := mode.Round(d(tt.in), tt.places)
			if s := got.StringFixed(max(tt.places, 0)); s != tt.want[i] {
				t.Errorf("%v.Round(%s, %d) = %s, want %s", mode, tt.in, tt.places, s, tt.want[i])
			}
			if got.Exponent() != -tt.places {
				t.Errorf("%v.Round(%s, %d) has exponent %d, want %d", mode, tt.in, tt.places, got.Exponent(), -tt.places)
			}
		}
	}
}

// TestRoundingSymmetry is the property that lets a credit note reverse
// its twin: every mode but ceiling and floor rounds -x to -(x rounded),
// and floor(-x) is -ceiling(x).
func TestRoundingSymmetry(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 5000 {
		x := decimal.New(r.Int64N(2e9)-1e9, -int32(r.IntN(7)))
		places := int32(r.IntN(6)) - 1
		for _, mode := range []Rounding{HalfEven, HalfUp, HalfDown, Down, Up} {
			if a, b := mode.Round(x.Neg(), places), mode.Round(x, places).Neg(); !a.Equal(b) {
				t.Fatalf("case %d: %v.Round(-%s, %d) = %s, -Round(%s) = %s", i, mode, x, places, a, x, b)
			}
		}
		if a, b := Floor.Round(x.Neg(), places), Ceiling.Round(x, places).Neg(); !a.Equal(b) {
			t.Fatalf("case %d: floor(-%s, %d) = %s, -ceiling = %s", i, x, places, a, b)
		}
		// every mode is within one unit of x, and the nearest ones
		// within half a unit
		unit := decimal.New(1, -places)
		for _, mode := range Roundings() {
			dist := mode.Round(x, places).Sub(x).Abs()
			limit := unit
			if mode <= HalfDown {
				limit = unit.Div(decimal.NewFromInt(2))
			}
			if dist.GreaterThan(limit) || (mode > HalfDown && dist.Equal(unit)) {
				t.Fatalf("case %d: %v.Round(%s, %d) is %s from it", i, mode, x, places, dist)
			}
		}
	}
}

func TestParseRounding(t *testing.T) {
	for _, mode := range Roundings() {
		got, err := ParseRounding(mode.String())
		if err != nil || got != mode {
			t.Errorf("ParseRounding(%q) = %v, %v; want %v", mode.String(), got, err, mode)
		}
		var u Rounding
		b, _ := mode.MarshalText()
		if err := u.UnmarshalText(b); err != nil || u != mode {
			t.Errorf("UnmarshalText(%s) = %v, %v", b, u, err)
		}
	}
	if got, err := ParseRounding(""); err != nil || got != HalfEven {
		t.Errorf(`ParseRounding("") = %v, %v; want half-even`, got, err)
	}
	const want = "want half-even, half-up, half-down, down, up, ceiling or floor)"
	tests := []struct{ in, want string }{
		{"nearest", `unknown rounding "nearest" (` + want},
		{"half_up", `unknown rounding "half_up" (did you mean half-up? ` + want},
		{"ceil", `unknown rounding "ceil" (did you mean ceiling? ` + want},
		{"Truncate", `unknown rounding "Truncate" (did you mean down? ` + want},
		{"HALF-EVEN", `unknown rounding "HALF-EVEN" (` + want},
		{strings.Repeat("x", 300), `unknown rounding "` + strings.Repeat("x", 40) + `…" (300 bytes) (` + want},
	}
	for _, tt := range tests {
		_, err := ParseRounding(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseRounding(%.20q) error = %v\nwant %s", tt.in, err, tt.want)
		}
		if !errors.Is(err, ErrRounding) {
			t.Errorf("ParseRounding(%.20q) error %v is not ErrRounding", tt.in, err)
		}
	}
	if Rounding(7).Valid() || Rounding(-1).Valid() || !Floor.Valid() {
		t.Errorf("Valid is wrong")
	}
	if got := Rounding(7).String(); got != "Rounding(7)" {
		t.Errorf("Rounding(7).String() = %s", got)
	}
}
