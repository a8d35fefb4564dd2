package money

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/internal/fixed"
	"github.com/shopspring/decimal"
)

// Rounding is how an amount is rounded to a number of decimal places: a
// statement line to its currency's minor unit, a quota, or a value in a
// rule (round(x, 2, "down")). The zero value is HalfEven.
//
// A document names a mode by its [Rounding.String] (the rounding: key of a
// strategy or a plan, read with [ParseRounding]). The modes are those of
// payroll systems and of Java's RoundingMode, and, on 2 places:
//
//	mode        2.345   2.355   -2.345  2.341   -2.341  2.349
//	half-even   2.34    2.36    -2.34   2.34    -2.34   2.35
//	half-up     2.35    2.36    -2.35   2.34    -2.34   2.35
//	half-down   2.34    2.35    -2.34   2.34    -2.34   2.35
//	down        2.34    2.35    -2.34   2.34    -2.34   2.34
//	up          2.35    2.36    -2.35   2.35    -2.35   2.35
//	ceiling     2.35    2.36    -2.34   2.35    -2.34   2.35
//	floor       2.34    2.35    -2.35   2.34    -2.35   2.34
//
// The half- modes differ only on a tie (a value exactly half way between
// its neighbours); down, up, ceiling and floor move every value that is
// not already whole at places. Up and down are about zero: a payroll that
// rounds a commission down rounds a clawback (a negative line) towards
// zero as well, so a credit note still reverses its twin exactly; ceiling
// and floor are about the number line, and do not have that symmetry.
type Rounding int

const (
	// HalfEven rounds to the nearest, a tie to the even neighbour
	// (banker's rounding): 2.345 → 2.34, 2.355 → 2.36, -2.345 → -2.34.
	// It is the default.
	HalfEven Rounding = iota
	// HalfUp rounds to the nearest, a tie away from zero (commercial
	// rounding): 2.345 → 2.35, -2.345 → -2.35.
	HalfUp
	// HalfDown rounds to the nearest, a tie towards zero: 2.345 → 2.34,
	// -2.345 → -2.34, 2.3451 → 2.35.
	HalfDown
	// Down rounds towards zero (truncates): 2.349 → 2.34, -2.349 → -2.34.
	Down
	// Up rounds away from zero: 2.341 → 2.35, -2.341 → -2.35.
	Up
	// Ceiling rounds towards positive infinity: 2.341 → 2.35,
	// -2.349 → -2.34.
	Ceiling
	// Floor rounds towards negative infinity: 2.349 → 2.34,
	// -2.341 → -2.35.
	Floor
)

// roundingNames are the document names of the modes, in the order of the
// constants.
var roundingNames = [...]string{"half-even", "half-up", "half-down", "down", "up", "ceiling", "floor"}

// ErrRounding is what [ParseRounding] and [Rounding.UnmarshalText] return
// (wrapped) for a name that is not a rounding mode: match it with
// errors.Is.
var ErrRounding = errors.New("unknown rounding")

// Roundings returns every rounding mode, in the order of their constants
// (HalfEven first): the closed set of values of a document's rounding:
// key.
func Roundings() []Rounding {
	out := make([]Rounding, len(roundingNames))
	for i := range out {
		out[i] = Rounding(i)
	}
	return out
}

// Valid reports whether r is one of the modes [Roundings] lists.
func (r Rounding) Valid() bool { return r >= 0 && int(r) < len(roundingNames) }

// String returns the mode's name as a document spells it: half-even,
// half-up, half-down, down, up, ceiling or floor.
func (r Rounding) String() string {
	if r.Valid() {
		return roundingNames[r]
	}
	return fmt.Sprintf("Rounding(%d)", int(r))
}

// roundingHints are names people write for a mode, which [ParseRounding]
// suggests the mode for (it does not accept them).
var roundingHints = map[string]string{
	"truncate": "down", "trunc": "down", "toward-zero": "down", "towards-zero": "down",
	"away-from-zero": "up", "ceil": "ceiling", "bankers": "half-even", "banker": "half-even",
	"commercial": "half-up", "round": "half-up",
}

// ParseRounding parses a rounding mode by its name (see [Rounding]); the
// empty string is HalfEven. Any other text is an error that wraps
// [ErrRounding], lists the names and, for a likely typo or another
// product's name (truncate, ceil), says which mode was probably meant:
//
//	unknown rounding "truncate" (did you mean down? want half-even, half-up, half-down, down, up, ceiling or floor)
func ParseRounding(s string) (Rounding, error) {
	if s == "" {
		return HalfEven, nil
	}
	for i, n := range roundingNames {
		if s == n {
			return Rounding(i), nil
		}
	}
	hint := ""
	if h, ok := roundingHints[strings.ToLower(s)]; ok {
		hint = "did you mean " + h + "? "
	} else if h := diag.DidYouMean(s, roundingNames[:]); h != "" {
		hint = h + " "
	}
	return 0, fmt.Errorf("%w %s (%swant half-even, half-up, half-down, down, up, ceiling or floor)", ErrRounding, Quote(s), hint)
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

// Round rounds d to places decimal places with mode r; a negative places
// rounds to tens, hundreds… The result has exactly places decimal places
// (its exponent is -places), whatever the mode, so 2.3 rounded to 2 places
// is 2.30. A mode that is not [Rounding.Valid] rounds as HalfEven.
func (r Rounding) Round(d decimal.Decimal, places int32) decimal.Decimal {
	if d.Exponent() == -places {
		return d // nothing to round, and already written with places places
	}
	var noSlab *fixed.Slab // decimals made with decimal.New
	if q, ok := noSlab.Round(d, places, fixed.Mode(r)); ok && r.Valid() {
		return q
	}
	return r.roundDecimal(d, places)
}

// roundDecimal is Round in shopspring's arithmetic, for any decimal.
func (r Rounding) roundDecimal(d decimal.Decimal, places int32) decimal.Decimal {
	switch r {
	case HalfUp:
		return d.Round(places)
	case HalfDown:
		t := d.RoundDown(places)
		// |d - t| is below one unit; only a remainder above the half
		// moves away from zero.
		if d.Sub(t).Abs().Cmp(decimal.New(5, -places-1)) > 0 {
			return d.RoundUp(places)
		}
		return t
	case Down:
		return d.RoundDown(places)
	case Up:
		return d.RoundUp(places)
	case Ceiling:
		return d.RoundCeil(places)
	case Floor:
		return d.RoundFloor(places)
	}
	return d.RoundBank(places)
}

// AppendAllocate is [Allocate] that appends the parts to dst and returns
// the extended slice (dst unchanged on an error). The parts are the same;
// for a few weights and amounts that fit in an int64 they are computed
// without allocating beyond dst's growth.
func AppendAllocate(dst []decimal.Decimal, total decimal.Decimal, weights []decimal.Decimal, places int32) ([]decimal.Decimal, error) {
	if out, ok := fixed.Allocate(dst, total, weights, places); ok {
		return out, nil
	}
	parts, err := Allocate(total, weights, places)
	if err != nil {
		return dst, err
	}
	return append(dst, parts...), nil
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
