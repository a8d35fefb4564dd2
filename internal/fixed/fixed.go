// Package fixed is exact fixed-point arithmetic on money for the
// engine's hot paths: an amount with a set number of decimal places is
// the whole number of units of its last place (cents, for two places),
// held in an int64 while it fits, so that summing, rounding and
// comparing it allocates nothing. shopspring's decimal.Decimal stays the
// type of every public value: this package reads decimals and makes
// decimals, and each function says when it cannot answer (ok false), so
// that its caller falls back to decimal arithmetic; it never rounds
// silently and never wraps around.
//
// Every function is pure; the package has no state.
package fixed

import (
	"math/bits"
	"unsafe"

	"github.com/shopspring/decimal"
)

// MaxPlaces is the most decimal places this package works at.
const MaxPlaces = 18

// Limit is the largest magnitude of a number of units: 2^62, so that the
// sum of two never overflows an int64 before it is checked.
const Limit = 1 << 62

// hi and lo are ±Limit units at each exponent, for Units to compare
// with at the same exponent, which allocates nothing.
var hi, lo = func() (hi, lo [MaxPlaces + 1]decimal.Decimal) {
	for p := range hi {
		hi[p] = decimal.New(Limit, -int32(p))
		lo[p] = decimal.New(-Limit, -int32(p))
	}
	return hi, lo
}()

// fits reports whether d's coefficient is within ±[Limit]; d's exponent
// is -places. Where shopspring's layout is known (slab.go), the
// coefficient's big.Int is read as it is: one that is an int64 is
// compared as one, and one that is not is beyond Limit (Limit < 2^63);
// else a coefficient of at most 18 digits fits (10^18 < 2^62), and a
// longer one is compared with ±Limit at the same exponent.
func fits(d decimal.Decimal, places int32) bool {
	if slabOK {
		v := (*decimalParts)(unsafe.Pointer(&d)).value
		if v == nil {
			return true // shopspring's zero value: 0
		}
		if !v.IsInt64() {
			return false
		}
		c := v.Int64()
		return c >= -Limit && c <= Limit
	}
	return fitsByDigits(d, places)
}

// fitsByDigits is fits without reading the decimal's parts.
func fitsByDigits(d decimal.Decimal, places int32) bool {
	if d.NumDigits() <= MaxPlaces {
		return true
	}
	return d.Cmp(hi[places]) <= 0 && d.Cmp(lo[places]) >= 0
}

// Units returns d as a whole number of units of places decimal places
// (12.34 at 2 places is 1234) when d is written with exactly that many
// places (its exponent is -places, as a rounded amount is) and the
// number is at most [Limit] in magnitude; ok is false otherwise.
func Units(d decimal.Decimal, places int32) (u int64, ok bool) {
	if places < 0 || places > MaxPlaces || d.Exponent() != -places {
		return 0, false
	}
	if !fits(d, places) {
		return 0, false
	}
	return d.CoefficientInt64(), true
}

// Decimal returns u units of places decimal places as a decimal, written
// with exactly places places: the form shopspring gives a sum of amounts
// of places places.
func Decimal(u int64, places int32) decimal.Decimal { return Num{C: u, E: -places}.Decimal() }

// Add returns a + b, or ok false when the sum is beyond [Limit].
func Add(a, b int64) (int64, bool) {
	s := a + b // a and b are within ±Limit, so s does not wrap
	if s > Limit || s < -Limit || a > Limit || a < -Limit || b > Limit || b < -Limit {
		return 0, false
	}
	return s, true
}

// At returns d as a whole number of units of 10^exp (12.3 at exp -2 is
// 1230) when d is one (its exponent is at least exp) and the number is
// at most [Limit] in magnitude; ok is false otherwise.
func At(d decimal.Decimal, exp int32) (int64, bool) {
	e := d.Exponent()
	if e < exp || e > 0 || e < -MaxPlaces {
		return 0, false
	}
	if !fits(d, -e) {
		return 0, false
	}
	return scale(d.CoefficientInt64(), e-exp)
}

// scale returns u × 10^k, or ok false beyond [Limit].
func scale(u int64, k int32) (int64, bool) {
	for ; k > 0; k-- {
		if u > Limit/10 || u < -Limit/10 {
			return 0, false
		}
		u *= 10
	}
	return u, true
}

// weights returns ws as whole numbers of one unit of their smallest
// exponent, and that exponent; ok is false when one is below zero, one
// does not fit, or there are none or more than max.
func weights(dst []int64, ws []decimal.Decimal, max int) ([]int64, int32, bool) {
	if len(ws) == 0 || len(ws) > max {
		return nil, 0, false
	}
	exp := ws[0].Exponent()
	for _, w := range ws[1:] {
		exp = min(exp, w.Exponent())
	}
	for _, w := range ws {
		u, ok := At(w, exp)
		if !ok || u < 0 {
			return nil, 0, false
		}
		dst = append(dst, u)
	}
	return dst, exp, true
}

// SumIsOne reports whether ws add up to exactly 1, when it can tell
// without allocating; false means they do not or it cannot tell.
func SumIsOne(ws []decimal.Decimal) bool {
	var buf [8]int64
	us, exp, ok := weights(buf[:0], ws, len(buf))
	if !ok || exp > 0 {
		return false
	}
	sum := int64(0)
	for _, u := range us {
		if sum, ok = Add(sum, u); !ok {
			return false
		}
	}
	one, ok := scale(1, -exp)
	return ok && sum == one
}

// Allocate appends to dst the parts of total in proportion to weights,
// each a whole number of units of places decimal places, by largest
// remainder: every part is first rounded toward zero, then the units left
// over go one each to the parts with the largest remainders, equal
// remainders to the earlier part; a total below zero gets the negated
// parts of its absolute value. The parts are written with exactly places
// places. It is money.Allocate for up to eight weights whose numbers fit
// in an int64; ok is false for anything else (weights below zero or all
// zero, a total that is not whole units, numbers that do not fit), which
// the caller allocates as decimals.
func Allocate(dst []decimal.Decimal, total decimal.Decimal, ws []decimal.Decimal, places int32) ([]decimal.Decimal, bool) {
	if places < 0 || places > MaxPlaces {
		return dst, false
	}
	t, ok := At(total, -places)
	if !ok {
		return dst, false
	}
	neg := t < 0
	if neg {
		t = -t
	}
	var wbuf [8]int64
	us, _, ok := weights(wbuf[:0], ws, len(wbuf))
	if !ok {
		return dst, false
	}
	sum := int64(0)
	for _, u := range us {
		if sum, ok = Add(sum, u); !ok {
			return dst, false
		}
	}
	if sum == 0 {
		return dst, false
	}
	var qs, rs [8]uint64
	given := int64(0)
	for i, u := range us {
		hi, lo := bits.Mul64(uint64(t), uint64(u))
		if hi >= uint64(sum) {
			return dst, false
		}
		qs[i], rs[i] = bits.Div64(hi, lo, uint64(sum))
		given += int64(qs[i]) // at most t in all
	}
	// the parts with the largest remainders, earlier first on a tie
	var order [8]int
	for i := range us {
		j := i
		for ; j > 0 && rs[order[j-1]] < rs[i]; j-- {
			order[j] = order[j-1]
		}
		order[j] = i
	}
	left := t - given
	if left < 0 || left > int64(len(us)) {
		return dst, false // cannot happen: each part is short of less than a unit
	}
	for _, i := range order[:left] {
		qs[i]++
	}
	for i := range us {
		q := int64(qs[i])
		if neg {
			q = -q
		}
		dst = append(dst, Decimal(q, places))
	}
	return dst, true
}
