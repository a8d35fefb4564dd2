package fixed_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/salesplan/salesplan/internal/fixed"
	"github.com/shopspring/decimal"
)

// refRound is rounding in shopspring's arithmetic, mode by mode, as
// money.Rounding rounds: the reference Num.Round is checked against.
func refRound(d decimal.Decimal, places int32, m fixed.Mode) decimal.Decimal {
	switch m {
	case fixed.HalfUp:
		return d.Round(places)
	case fixed.HalfDown:
		t := d.RoundDown(places)
		if d.Sub(t).Abs().Cmp(decimal.New(5, -places-1)) > 0 {
			return d.RoundUp(places)
		}
		return t
	case fixed.Down:
		return d.RoundDown(places)
	case fixed.Up:
		return d.RoundUp(places)
	case fixed.Ceiling:
		return d.RoundCeil(places)
	case fixed.Floor:
		return d.RoundFloor(places)
	}
	return d.RoundBank(places)
}

var modes = []fixed.Mode{fixed.HalfEven, fixed.HalfUp, fixed.HalfDown, fixed.Down, fixed.Up, fixed.Ceiling, fixed.Floor}

// checkNum compares every operation of Num on a and b with shopspring's
// on the same decimals: the same value written the same way (coefficient
// and exponent) whenever Num answers, and an answer whenever the result
// is in Num's range.
func checkNum(t *testing.T, a, b decimal.Decimal) {
	t.Helper()
	if got, want := fixed.Cmp(a, b), a.Cmp(b); got != want {
		t.Errorf("fixed.Cmp(%s, %s) = %d, shopspring %d", a, b, got, want)
	}
	na, oka := fixed.Of(a)
	nb, okb := fixed.Of(b)
	if !oka || !okb {
		return
	}
	if !same(na.Decimal(), a) || !same(nb.Decimal(), b) {
		t.Fatalf("Of(%s), Of(%s) do not round-trip: %v %v", a, b, na, nb)
	}
	fits := func(d decimal.Decimal) bool { _, ok := fixed.Of(d); return ok }
	for _, op := range []struct {
		name string
		num  func() (fixed.Num, bool)
		dec  decimal.Decimal
	}{
		{"+", func() (fixed.Num, bool) { return na.Add(nb) }, a.Add(b)},
		{"-", func() (fixed.Num, bool) { return na.Sub(nb) }, a.Sub(b)},
		{"x", func() (fixed.Num, bool) { return na.Mul(nb) }, a.Mul(b)},
	} {
		got, ok := op.num()
		if !ok {
			if fits(op.dec) && op.name != "x" && a.Exponent() == b.Exponent() {
				t.Errorf("%s %s %s: no answer, shopspring gives %s", a, op.name, b, op.dec)
			}
			continue
		}
		if !same(got.Decimal(), op.dec) {
			t.Errorf("%s %s %s = %s (exp %d), shopspring %s (exp %d)", a, op.name, b, got.Decimal(), got.E, op.dec, op.dec.Exponent())
		}
	}
	if c, ok := na.Cmp(nb); ok && c != a.Cmp(b) {
		t.Errorf("Cmp(%s, %s) = %d, shopspring %d", a, b, c, a.Cmp(b))
	}
	for _, places := range []int32{0, 1, 2, 3, 4, 6} {
		for _, m := range modes {
			want := refRound(a, places, m)
			got, ok := na.Round(places, m)
			if !ok {
				if fits(want) {
					t.Errorf("Round(%s, %d, %d): no answer, shopspring gives %s", a, places, m, want)
				}
				continue
			}
			if !same(got.Decimal(), want) {
				t.Errorf("Round(%s, %d, mode %d) = %s (exp %d), shopspring %s (exp %d)", a, places, m, got.Decimal(), got.E, want, want.Exponent())
			}
		}
	}
}

// TestNumDifferential checks Num against shopspring on ties (…5 at every
// place), negatives, zero, values at and beyond the limit (which must
// fall back), and random values.
func TestNumDifferential(t *testing.T) {
	vals := []string{"0", "0.00", "-0.005", "0.005", "0.015", "0.025", "-0.015", "-0.025", "2.5", "-2.5", "3.5", "-3.5", "0.125", "1.0049999",
		"12345.675", "-12345.685", "0.0000000000000000005", "-0.000000000000000001", "99.995", "1234567890123.455", "4611686018427387904",
		"-4611686018427387904", "4611686018427387905", "46116860184273879.045", "0.999999999999999999", "1E+3", "12.3400", "-7"}
	for _, x := range vals {
		for _, y := range vals {
			checkNum(t, dec(x), dec(y))
		}
	}
	r := rand.New(rand.NewPCG(13, 4))
	for range 20000 {
		a := decimal.New(r.Int64N(2_000_000_001)-1_000_000_000, -int32(r.IntN(7)))
		b := decimal.New(r.Int64N(20_001)-10_000, -int32(r.IntN(5)))
		if r.IntN(4) == 0 { // a tie at some place
			a = decimal.New((r.Int64N(2_000_001)-1_000_000)*10+5, -int32(1+r.IntN(6)))
		}
		checkNum(t, a, b)
	}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// FuzzNum checks Num against shopspring on any pair of decimals.
func FuzzNum(f *testing.F) {
	for _, s := range [][2]string{{"0.005", "3"}, {"-2.5", "0.01"}, {"4611686018427387904", "2"}, {"12.345", "-0.0001"}, {"1E+5", "0.1"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, x, y string) {
		a, err1 := decimal.NewFromString(x)
		b, err2 := decimal.NewFromString(y)
		if err1 != nil || err2 != nil || len(x) > 60 || len(y) > 60 {
			return
		}
		checkNum(t, a, b)
	})
}

func ExampleNum_Round() {
	n, _ := fixed.Of(dec("2.345"))
	for _, m := range []fixed.Mode{fixed.HalfEven, fixed.HalfUp, fixed.Down} {
		r, _ := n.Round(2, m)
		fmt.Println(r.Decimal())
	}
	// Output:
	// 2.34
	// 2.35
	// 2.34
}

// TestNumDecimalShared checks the decimals Num.Decimal makes once and
// shares (small whole numbers, zeros) against decimal.New, and that
// arithmetic on them leaves them as they were.
func TestNumDecimalShared(t *testing.T) {
	for e := int32(0); e >= -fixed.MaxPlaces-1; e-- {
		for c := int64(-200); c <= 1200; c++ {
			n := fixed.Num{C: c, E: e}
			if got, want := n.Decimal(), decimal.New(c, e); !same(got, want) {
				t.Fatalf("Num{%d, %d}.Decimal() = %s (exp %d), want %s (exp %d)", c, e, got, got.Exponent(), want, want.Exponent())
			}
		}
	}
	for _, n := range []fixed.Num{{C: 0, E: 0}, {C: 1, E: 0}, {C: -1, E: 0}, {C: 0, E: -2}, {C: 1023, E: 0}} {
		d := n.Decimal()
		_ = d.Add(d).Mul(d).Neg().Abs().Round(1).Sub(decimal.New(3, -1))
		if again := n.Decimal(); !same(again, decimal.New(n.C, n.E)) || !same(d, again) {
			t.Fatalf("Num{%d, %d}.Decimal() changed to %s (exp %d)", n.C, n.E, again, again.Exponent())
		}
	}
	if got := fixed.Decimal(0, 2); !same(got, decimal.New(0, -2)) {
		t.Fatalf("Decimal(0, 2) = %s (exp %d)", got, got.Exponent())
	}
}
