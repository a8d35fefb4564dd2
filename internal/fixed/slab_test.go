package fixed

import (
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestSlabLayout checks that Slab makes its decimals in blocks on this
// platform: shopspring's Decimal is still laid out as decimalParts. If it
// fails after an upgrade of shopspring/decimal, Slab still gives the right
// decimals (with decimal.New), only slower: update decimalParts.
func TestSlabLayout(t *testing.T) {
	if bits.UintSize == 64 && !slabOK {
		t.Fatal("shopspring's decimal.Decimal is no longer {value *big.Int; exp int32}: Slab falls back to decimal.New")
	}
}

// TestSlab checks Slab's decimals against decimal.New: the same value
// written the same way, over several blocks, for negatives, zeros, small
// whole numbers, the limits and every exponent; that shopspring's
// arithmetic on them gives what it gives on decimal.New's; and that the
// arithmetic leaves them as they were (a decimal made later in the same
// block is not changed by it either).
func TestSlab(t *testing.T) {
	var s Slab
	r := rand.New(rand.NewPCG(7, 11))
	type made struct {
		n Num
		d decimal.Decimal
	}
	var all []made
	for i := range 5000 {
		n := Num{C: r.Int64N(2_000_000_001) - 1_000_000_000, E: -int32(r.IntN(MaxPlaces + 1))}
		switch i % 9 {
		case 0:
			n.C = Limit
		case 1:
			n.C = -Limit
		case 2:
			n.C = 0
		case 3:
			n.C, n.E = r.Int64N(300)-150, 0
		case 4:
			n.C = r.Int64N(10) - 5
		}
		d := s.Decimal(n)
		want := decimal.New(n.C, n.E)
		if !sameAs(d, want) {
			t.Fatalf("Slab.Decimal(%v) = %s (exp %d), want %s (exp %d)", n, d, d.Exponent(), want, want.Exponent())
		}
		all = append(all, made{n, d})
	}
	for i := 1; i < len(all); i++ {
		a, b := all[i-1].d, all[i].d
		x, y := decimal.New(all[i-1].n.C, all[i-1].n.E), decimal.New(all[i].n.C, all[i].n.E)
		for _, op := range []struct {
			name      string
			got, want decimal.Decimal
		}{
			{"add", a.Add(b), x.Add(y)},
			{"sub", a.Sub(b), x.Sub(y)},
			{"mul", a.Mul(b), x.Mul(y)},
			{"neg", a.Neg(), x.Neg()},
			{"abs", a.Abs(), x.Abs()},
			{"round", a.Round(1), x.Round(1)},
			{"bank", a.RoundBank(2), x.RoundBank(2)},
			{"sum", decimal.Sum(a, b, a), decimal.Sum(x, y, x)},
		} {
			if !sameAs(op.got, op.want) {
				t.Fatalf("%s of %s and %s: %s, want %s", op.name, a, b, op.got, op.want)
			}
		}
		if a.BigInt().Cmp(x.BigInt()) != 0 {
			t.Fatalf("BigInt of %s: %s", a, a.BigInt())
		}
	}
	for _, m := range all {
		if want := decimal.New(m.n.C, m.n.E); !sameAs(m.d, want) {
			t.Fatalf("%v changed to %s after arithmetic", m.n, m.d)
		}
	}
	var nilSlab *Slab
	if d := nilSlab.Decimal(Num{C: 1234, E: -2}); !sameAs(d, decimal.New(1234, -2)) {
		t.Fatalf("a nil Slab made %s", d)
	}
}

// sameAs tells whether a and b are the same value written the same way.
func sameAs(a, b decimal.Decimal) bool { return a.Equal(b) && a.Exponent() == b.Exponent() }

func BenchmarkSlab(b *testing.B) {
	n := Num{C: 123456, E: -2}
	b.Run("Num.Decimal", func(b *testing.B) {
		b.ReportAllocs()
		var d decimal.Decimal
		for b.Loop() {
			d = n.Decimal()
		}
		_ = d
	})
	b.Run("Slab", func(b *testing.B) {
		b.ReportAllocs()
		var s Slab
		var d decimal.Decimal
		for b.Loop() {
			d = s.Decimal(n)
		}
		_ = d
	})
}

// TestSlabRound checks Slab.Round against Num.Round, with a Slab and
// without one, and that it says when it cannot round (a number beyond a
// Num, a mode it does not know).
func TestSlabRound(t *testing.T) {
	var s Slab
	for _, x := range []string{"2.345", "-2.345", "2.335", "0.005", "-0.015", "12", "1234567.891", "0.0000000000000000001"} {
		d := decimal.RequireFromString(x)
		n, fits := Of(d) // 10^-19 does not: shopspring rounds it
		for m := HalfEven; m <= Floor; m++ {
			q, ok := n.Round(2, m)
			ok = ok && fits
			for _, sl := range []*Slab{&s, nil} {
				got, gotOK := sl.Round(d, 2, m)
				if gotOK != ok || ok && !sameAs(got, q.Decimal()) {
					t.Errorf("Round(%s, 2, %d) = %s, %v; Num.Round gives %s, %v", x, m, got, gotOK, q.Decimal(), ok)
				}
			}
		}
	}
	if _, ok := s.Round(decimal.RequireFromString("1e30"), 2, HalfEven); ok {
		t.Error("Round of 1e30 answered; want it left to shopspring")
	}
	if _, ok := s.Round(decimal.RequireFromString("1.5"), 0, Floor+1); ok {
		t.Error("Round with an unknown mode answered")
	}
}
