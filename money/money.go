package money

import (
	"errors"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"
)

// Rounding is how an amount is rounded to its currency's minor unit. The
// zero value is HalfEven.
type Rounding int

const (
	// HalfEven rounds a half to the even neighbour (banker's rounding):
	// 2.345 → 2.34, 2.355 → 2.36. It is the default.
	HalfEven Rounding = iota
	// HalfUp rounds a half away from zero: 2.345 → 2.35, -2.345 → -2.35.
	HalfUp
)

// String returns half-even or half-up, as a document spells them.
func (r Rounding) String() string {
	switch r {
	case HalfEven:
		return "half-even"
	case HalfUp:
		return "half-up"
	}
	return fmt.Sprintf("Rounding(%d)", int(r))
}

// ParseRounding parses half-even or half-up; the empty string is HalfEven.
func ParseRounding(s string) (Rounding, error) {
	switch s {
	case "half-even", "":
		return HalfEven, nil
	case "half-up":
		return HalfUp, nil
	}
	return 0, fmt.Errorf("unknown rounding %q (want half-even or half-up)", s)
}

// MarshalText implements encoding.TextMarshaler.
func (r Rounding) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with [ParseRounding].
func (r *Rounding) UnmarshalText(b []byte) error {
	v, err := ParseRounding(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Round rounds d to places decimal places with mode r.
func (r Rounding) Round(d decimal.Decimal, places int32) decimal.Decimal {
	if r == HalfUp {
		return d.Round(places)
	}
	return d.RoundBank(places)
}

// ErrWeights is returned by [Allocate] for weights that cannot divide a
// total: none, a negative one, or all zero.
var ErrWeights = errors.New("invalid weights")

// Allocate divides total into len(weights) parts proportional to the
// weights, each rounded to places decimal places, so that the parts add up
// to total exactly. It uses the largest remainder method: every part is
// first rounded toward zero, then the units left over go one each to the
// parts with the largest remainders; equal remainders go to the earlier
// part, so callers that order parts by a stable key get a stable result.
//
// Weights need not add up to 1; they must not be negative and not all
// zero. total may be negative: the parts are then the negated parts of
// -total. total must itself be a whole number of units of places (an
// error otherwise).
func Allocate(total decimal.Decimal, weights []decimal.Decimal, places int32) ([]decimal.Decimal, error) {
	if len(weights) == 0 {
		return nil, fmt.Errorf("%w: no weights", ErrWeights)
	}
	sum := decimal.Zero
	for i, w := range weights {
		if w.Sign() < 0 {
			return nil, fmt.Errorf("%w: weight %d is negative (%s)", ErrWeights, i+1, w)
		}
		sum = sum.Add(w)
	}
	if sum.Sign() == 0 {
		return nil, fmt.Errorf("%w: all weights are zero", ErrWeights)
	}
	if !total.Equal(total.Truncate(places)) {
		return nil, fmt.Errorf("cannot allocate %s in units of %s", total, decimal.New(1, -places))
	}
	if total.Sign() < 0 {
		parts, err := Allocate(total.Neg(), weights, places)
		for i := range parts {
			parts[i] = parts[i].Neg()
		}
		return parts, err
	}
	parts := make([]decimal.Decimal, len(weights))
	rems := make([]decimal.Decimal, len(weights))
	given := decimal.Zero
	for i, w := range weights {
		// exact = total × w / sum; the quotient is truncated well below
		// the unit so that remainders compare correctly.
		q, r := total.Mul(w).QuoRem(sum, places)
		parts[i] = q
		rems[i] = r
		given = given.Add(q)
	}
	unit := decimal.New(1, -places)
	left := total.Sub(given).Shift(places).IntPart() // 0 <= left < len(weights)
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return rems[b].Cmp(rems[a]) })
	for _, i := range order[:left] {
		parts[i] = parts[i].Add(unit)
	}
	return parts, nil
}
