package commission

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestTableBounds checks that a value equal to a bound belongs to the
// higher band, and what lies below the first bound.
func TestTableBounds(t *testing.T) {
	tb, err := NewTable(TableDef{ID: "t", Mode: Highest, Bands: []Band{{From: dec("100"), Rate: dec("0.03")}, {From: dec("200"), Rate: dec("0.05")}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ v, want string }{{"50", "0"}, {"100", "0.03"}, {"199.99", "0.03"}, {"200", "0.05"}, {"1e9", "0.05"}} {
		if got, _ := tb.Rate("", dec(tt.v)); !got.Equal(dec(tt.want)) {
			t.Errorf("Rate(%s) = %s, want %s", tt.v, got, tt.want)
		}
	}
}

// TestTableAdditivity is the property that makes running totals work:
// pricing a slice in two parts gives the same as pricing it whole, for
// the split modes (marginal, linear, step), whatever the cut and the
// direction (linear to 1e-9: its interpolated rates are quotients kept
// to 20 places).
func TestTableAdditivity(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 13))
	for i := range 2000 {
		mode := []Mode{Marginal, Linear, Step}[i%3]
		n := 1 + r.IntN(5)
		bands := make([]Band, n)
		from := int64(0)
		for j := range bands {
			bands[j].From = decimal.NewFromInt(from)
			if mode == Step {
				bands[j].Amount = decimal.NewFromInt(int64(r.IntN(1000)))
			} else {
				bands[j].Rate = decimal.New(int64(r.IntN(200)), -3)
			}
			from += int64(1 + r.IntN(50000))
		}
		tb, err := NewTable(TableDef{ID: "t", Mode: mode, Bands: bands})
		if err != nil {
			t.Fatal(err)
		}
		v := func() decimal.Decimal { return decimal.New(int64(r.IntN(30000000)), -2) }
		a, b, c := v(), v(), v()
		ab, _ := tb.ApplyRange("", a, b)
		bc, _ := tb.ApplyRange("", b, c)
		ac, _ := tb.ApplyRange("", a, c)
		if got := ab.Amount.Add(bc.Amount); got.Sub(ac.Amount).Abs().GreaterThan(decimal.New(1, -9)) {
			t.Fatalf("%s table %v: [%s,%s] + [%s,%s] = %s, but [%s,%s] = %s", mode, bands, a, b, b, c, got, a, c, ac.Amount)
		}
		if mode == Marginal {
			whole, _ := tb.Apply("", c)
			zero, _ := tb.ApplyRange("", decimal.Zero, c)
			if !whole.Amount.Equal(zero.Amount) {
				t.Fatalf("marginal Apply(%s) = %s, ApplyRange(0, %s) = %s", c, whole.Amount, c, zero.Amount)
			}
		}
	}
}

// FuzzTable prices arbitrary values with arbitrary tables: no panic, and
// a negative value is priced as the negated price of its absolute value.
func FuzzTable(f *testing.F) {
	f.Add("highest", int64(0), int64(3), int64(20000), int64(5), int64(30000))
	f.Add("linear", int64(10), int64(0), int64(10), int64(100), int64(-5))
	f.Fuzz(func(t *testing.T, mode string, b0, r0, b1, r1, v int64) {
		tb, err := NewTable(TableDef{ID: "t", Mode: Mode(mode), Bands: []Band{
			{From: decimal.NewFromInt(b0), Rate: decimal.New(r0, -2)}, {From: decimal.NewFromInt(b1), Rate: decimal.New(r1, -2)}}})
		if err != nil {
			return
		}
		x := decimal.NewFromInt(v)
		p, err := tb.Apply("", x)
		if err != nil {
			t.Fatal(err)
		}
		q, _ := tb.Apply("", x.Neg())
		if !p.Amount.Equal(q.Amount.Neg()) {
			t.Fatalf("Apply(%s) = %s but Apply(%s) = %s", x, p.Amount, x.Neg(), q.Amount)
		}
		if _, err := tb.ApplyRange("", x, decimal.NewFromInt(b1)); err != nil {
			t.Fatal(err)
		}
	})
}
