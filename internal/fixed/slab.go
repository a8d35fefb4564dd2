package fixed

import (
	"math/big"
	"math/bits"
	"reflect"
	"unsafe"

	"github.com/shopspring/decimal"
)

// A Slab makes the decimals of Nums with their numbers in blocks it
// allocates 128 at a time, where [Num.Decimal] allocates a big.Int and its
// one word for every decimal: the engine makes a decimal for every
// amount of every line of a run (millions of them), and made one by one
// they were most of its allocations (14 a credit on the peer plan; 3.4
// with a Slab). The decimals are shopspring's,
// equal to Num.Decimal's and written the same way (coefficient and
// exponent); they share nothing a caller can change (a decimal's number
// is never changed after it is made, by shopspring or by this package).
// A block stays in memory while any decimal made in it is reachable.
//
// The zero Slab is ready to use. A Slab is not safe for concurrent use:
// each goroutine keeps its own.
type Slab struct {
	blk *slabBlock
	n   int
}

const slabSize = 128

// A slabBlock holds each number's big.Int beside its word: a reader of a
// decimal far from the last one it read (a deal's amount, say) waits for
// one cache line, mostly, not for two of different pages.
type slabBlock [slabSize]struct {
	n big.Int
	w [1]big.Word
}

// Decimal returns n as a decimal, as [Num.Decimal] does; a nil Slab
// is Num.Decimal.
func (s *Slab) Decimal(n Num) decimal.Decimal {
	if s == nil || !slabOK || n.E > 0 || n.E < -MaxPlaces || n.C == 0 || (n.E == 0 && n.C >= smallMin && n.C < smallMin+int64(len(smallInts))) {
		return n.Decimal()
	}
	if s.blk == nil || s.n == slabSize {
		s.blk, s.n = new(slabBlock), 0
	}
	e := &s.blk[s.n]
	s.n++
	e.w[0] = big.Word(abs(n.C))
	z := e.n.SetBits(e.w[:])
	if n.C < 0 {
		z.Neg(z)
	}
	return decimalOf(z, n.E)
}

// Round returns d rounded to places decimal places with mode, written
// with exactly places places, made in s (nil: with decimal.New), when d
// and the result fit a Num; ok is false otherwise, for the caller to
// round in shopspring's arithmetic. It is money.Rounding.Round's fast
// path.
func (s *Slab) Round(d decimal.Decimal, places int32, mode Mode) (decimal.Decimal, bool) {
	n, ok := Of(d)
	if !ok {
		return decimal.Decimal{}, false
	}
	q, ok := n.Round(places, mode)
	if !ok {
		return decimal.Decimal{}, false
	}
	return s.Decimal(q), true
}

// decimalParts is shopspring's decimal.Decimal as it is laid out (in
// v1.6.0): the number's coefficient and exponent. slabOK says it still
// is; it is worked out once, from the type itself, and when it is not,
// Slab makes its decimals with decimal.New.
type decimalParts struct {
	value *big.Int
	exp   int32
}

var slabOK = func() bool {
	if bits.UintSize != 64 {
		return false // a coefficient may need two words
	}
	t, p := reflect.TypeFor[decimal.Decimal](), reflect.TypeFor[decimalParts]()
	if t.Size() != p.Size() || t.NumField() != p.NumField() {
		return false
	}
	for i := range t.NumField() {
		f, g := t.Field(i), p.Field(i)
		if f.Name != g.Name || f.Type != g.Type || f.Offset != g.Offset {
			return false
		}
	}
	return true
}()

// decimalOf returns the decimal v × 10^exp that holds v itself, not a
// copy of it (decimal.NewFromBigInt copies it).
func decimalOf(v *big.Int, exp int32) decimal.Decimal {
	return *(*decimal.Decimal)(unsafe.Pointer(&decimalParts{value: v, exp: exp}))
}
