package fixed

import (
	"math/bits"

	"github.com/shopspring/decimal"
)

// Num is an exact decimal number C × 10^E whose coefficient fits in an
// int64 (|C| ≤ [Limit]) and whose exponent is between -[MaxPlaces] and 0:
// a decimal as shopspring holds it, coefficient and exponent both, so
// that a Num's [Num.Decimal] is the decimal shopspring's arithmetic
// gives, written the same way (12.30 stays 1230 × 10^-2, not 123 ×
// 10^-1). The zero Num is 0.
type Num struct {
	C int64
	E int32
}

// pow10s are the powers of ten up to 10^18.
var pow10s = func() (p [MaxPlaces + 1]int64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// Of returns d as a Num; ok is false when d's coefficient or exponent is
// out of a Num's range.
func Of(d decimal.Decimal) (Num, bool) {
	e := d.Exponent()
	if e > 0 || e < -MaxPlaces {
		return Num{}, false
	}
	if !fits(d, -e) {
		return Num{}, false
	}
	return Num{C: d.CoefficientInt64(), E: e}, true
}

// Decimal returns n as a decimal, with n's coefficient and exponent. A
// small whole number (a count) and a zero are made once, and shared:
// a decimal is immutable.
func (n Num) Decimal() decimal.Decimal {
	switch {
	case n.E == 0 && n.C >= smallMin && n.C < smallMin+int64(len(smallInts)):
		return smallInts[n.C-smallMin]
	case n.C == 0 && n.E <= 0 && n.E >= -MaxPlaces:
		return zeros[-n.E]
	}
	return decimal.New(n.C, n.E)
}

// smallInts are the whole numbers from smallMin, at exponent 0; zeros
// are 0 at each exponent from 0 to -MaxPlaces.
var (
	smallInts = func() (d [1152]decimal.Decimal) {
		for i := range d {
			d[i] = decimal.New(int64(i)+smallMin, 0)
		}
		return d
	}()
	zeros = func() (d [MaxPlaces + 1]decimal.Decimal) {
		for i := range d {
			d[i] = decimal.New(0, -int32(i))
		}
		return d
	}()
)

const smallMin = -128

// Sign returns -1, 0 or 1.
func (n Num) Sign() int {
	switch {
	case n.C < 0:
		return -1
	case n.C > 0:
		return 1
	}
	return 0
}

// align returns a and b's coefficients at the smaller of their
// exponents, as shopspring's Add does; ok is false when one does not fit.
func align(a, b Num) (int64, int64, int32, bool) {
	e := min(a.E, b.E)
	x, ok1 := scale(a.C, a.E-e)
	y, ok2 := scale(b.C, b.E-e)
	return x, y, e, ok1 && ok2
}

// Add returns a + b at the smaller exponent (decimal's Add).
func (a Num) Add(b Num) (Num, bool) {
	x, y, e, ok := align(a, b)
	if !ok {
		return Num{}, false
	}
	s, ok := Add(x, y)
	return Num{C: s, E: e}, ok
}

// Sub returns a - b at the smaller exponent (decimal's Sub).
func (a Num) Sub(b Num) (Num, bool) { return a.Add(Num{C: -b.C, E: b.E}) }

// Neg returns -n.
func (n Num) Neg() Num { return Num{C: -n.C, E: n.E} }

// Mul returns a × b at the sum of the exponents (decimal's Mul); ok is
// false when the product does not fit.
func (a Num) Mul(b Num) (Num, bool) {
	e := a.E + b.E
	if e < -MaxPlaces {
		return Num{}, false
	}
	neg := (a.C < 0) != (b.C < 0)
	hi, lo := bits.Mul64(abs(a.C), abs(b.C))
	if hi != 0 || lo > Limit {
		return Num{}, false
	}
	c := int64(lo)
	if neg {
		c = -c
	}
	return Num{C: c, E: e}, true
}

func abs(c int64) uint64 {
	if c < 0 {
		return uint64(-c)
	}
	return uint64(c)
}

// Cmp compares a and b: -1, 0 or 1; ok is false when they cannot be
// aligned.
func (a Num) Cmp(b Num) (int, bool) {
	x, y, _, ok := align(a, b)
	switch {
	case !ok:
		return 0, false
	case x < y:
		return -1, true
	case x > y:
		return 1, true
	}
	return 0, true
}

// Mode is a rounding mode, in the order of money.Rounding's constants.
type Mode uint8

// The rounding modes (money.Rounding's).
const (
	HalfEven Mode = iota // to the nearest, a tie to the even neighbour
	HalfUp               // to the nearest, a tie away from zero
	HalfDown             // to the nearest, a tie toward zero
	Down                 // toward zero
	Up                   // away from zero
	Ceiling              // toward +∞
	Floor                // toward -∞
)

// Round returns n rounded to places decimal places with mode, written
// with exactly places places (exponent -places), as money.Rounding's
// Round writes it; ok is false for places out of range, a mode it does
// not know, or a result that does not fit.
func (n Num) Round(places int32, mode Mode) (Num, bool) {
	if places < 0 || places > MaxPlaces || mode > Floor {
		return Num{}, false
	}
	if n.E >= -places {
		c, ok := scale(n.C, n.E+places)
		return Num{C: c, E: -places}, ok
	}
	k := -places - n.E // digits dropped, 1 to 2×MaxPlaces
	if k > MaxPlaces {
		// every digit is dropped, and |C| ≤ 2^62 < 5 × 10^18 is below
		// half a unit: the nearest is 0, a directed mode goes a unit away
		q := int64(0)
		switch {
		case n.C > 0 && (mode == Up || mode == Ceiling):
			q = 1
		case n.C < 0 && (mode == Up || mode == Floor):
			q = -1
		}
		return Num{C: q, E: -places}, true
	}
	p := pow10s[k]
	q, r := n.C/p, n.C%p // toward zero
	sign := int64(1)
	if n.C < 0 {
		sign = -1
	}
	ar := r
	if ar < 0 {
		ar = -ar
	}
	// twice the remainder against a unit, without overflow: ar < p ≤ 10^18
	half := 0 // -1 below half a unit, 0 a tie, 1 above
	switch {
	case ar > p-ar:
		half = 1
	case ar < p-ar:
		half = -1
	}
	away := false
	switch mode {
	case HalfEven:
		away = half > 0 || (half == 0 && q%2 != 0)
	case HalfUp:
		away = half >= 0
	case HalfDown:
		away = half > 0
	case Up:
		away = r != 0
	case Ceiling:
		away = r != 0 && sign > 0
	case Floor:
		away = r != 0 && sign < 0
	}
	if away {
		q += sign
	}
	return Num{C: q, E: -places}, true
}

// Cmp compares a and b as a.Cmp(b) does: -1, 0 or 1. Of two decimals of
// different exponents, Cmp makes a rescaled copy of one; this compares
// them in fixed point when both fit, without it.
func Cmp(a, b decimal.Decimal) int {
	if a.Exponent() != b.Exponent() {
		if x, ok := Of(a); ok {
			if y, ok := Of(b); ok {
				if c, ok := x.Cmp(y); ok {
					return c
				}
			}
		}
	}
	return a.Cmp(b)
}

// ParsePlain reads s as money.ParseDecimal reads a plain-notation number
// of at most 18 significant digits (an optional sign, digits, an optional
// point and digits: "-12.50", ".5", "7."), the number it gives written
// the same way (12.50 is 1250 × 10^-2); ok is false for anything else,
// which the caller reads with money.ParseDecimal, for its value or its
// error.
func ParsePlain(s string) (n Num, ok bool) {
	i := 0
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	digits, places, point := 0, 0, false
	var c int64
	for ; i < len(s); i++ {
		b := s[i]
		switch {
		case b >= '0' && b <= '9':
			if c != 0 || b != '0' {
				digits++ // significant: leading zeros of the whole part not counted
			}
			if point {
				places++
				if places > MaxPlaces {
					return Num{}, false
				}
			}
			if digits > MaxPlaces {
				return Num{}, false
			}
			c = c*10 + int64(b-'0')
		case b == '.' && !point:
			point = true
		default:
			return Num{}, false
		}
	}
	start := 0
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		start = 1
	}
	if n := len(s) - start; n == 0 || n == 1 && point {
		return Num{}, false // no digits
	}
	if neg {
		c = -c
	}
	return Num{C: c, E: -int32(places)}, true
}
