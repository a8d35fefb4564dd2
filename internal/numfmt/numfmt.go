// Package numfmt writes numbers for people: amounts with thousands
// separators, rates and attainments as percentages, and amounts at their
// currency's minor unit for machine-readable output. It never rounds an
// amount unless its doc comment says so.
package numfmt

import (
	"strconv"
	"strings"

	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

var pow10 = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// format writes the decimal c × 10^exp with thousands separators and at
// least minFrac decimals (more when it has them, trailing zeros beyond
// minFrac trimmed). It works on the coefficient as an int64 when it fits,
// without big.Int's String, which explanations would otherwise spend most
// of their time in.
func format(d decimal.Decimal, shift int32, minFrac int) string {
	exp := d.Exponent() + shift
	if d.NumDigits() > 18 || exp > 0 || exp < -18 {
		return formatSlow(d.Shift(shift), minFrac)
	}
	c := d.CoefficientInt64()
	neg := c < 0
	u := uint64(c)
	if neg {
		u = -u
	}
	places := int(-exp)
	intPart, frac := u/pow10[places], u%pow10[places]
	var buf [48]byte
	b := buf[:0]
	if neg {
		b = append(b, '-')
	}
	b = appendThousands(b, intPart)
	// the fraction, zero-padded to its places, then trimmed to minFrac
	var fb [20]byte
	f := strconv.AppendUint(fb[:0], frac, 10)
	digits := make([]byte, 0, 20)
	for range places - len(f) {
		digits = append(digits, '0')
	}
	digits = append(digits, f...)
	if places == 0 {
		digits = digits[:0]
	}
	for len(digits) > minFrac && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	for len(digits) < minFrac {
		digits = append(digits, '0')
	}
	if len(digits) > 0 {
		b = append(b, '.')
		b = append(b, digits...)
	}
	return string(b)
}

func appendThousands(b []byte, u uint64) []byte {
	var tmp [20]byte
	s := strconv.AppendUint(tmp[:0], u, 10)
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, ch)
	}
	return b
}

// formatSlow is format for decimals whose coefficient does not fit an
// int64.
func formatSlow(d decimal.Decimal, minFrac int) string {
	s := d.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	for len(frac) < minFrac {
		frac += "0"
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// Amount writes d with thousands separators and at least two decimal
// places: 15000 → 15,000.00, 0.125 → 0.125. It never rounds.
func Amount(d decimal.Decimal) string { return format(d, 0, 2) }

// Number writes d with thousands separators and only the decimals
// it has: 200000 → 200,000, 0.5 → 0.5.
func Number(d decimal.Decimal) string { return format(d, 0, 0) }

// Rate writes a rate as a percentage with the decimals it needs,
// six at most: 0.05 → 5%, 0.0125 → 1.25%.
func Rate(r decimal.Decimal) string {
	if r.Exponent() < -8 {
		r = r.Round(8)
	}
	return format(r, 2, 0) + "%"
}

// Percent writes an attainment as a percentage to two places at
// most: 0.91234 → 91.23%.
//
// A ratio that two places would round to a whole percent it is not
// (615,999.99 of 560,000.00 is 109.9999982%) is written with up to six
// places instead, 109.999998%: a value a rule compares with a bound must
// not read as the bound it misses.
func Percent(r decimal.Decimal) string {
	shown := r.Round(4)
	if !shown.Equal(r) && shown.Equal(r.Round(2)) {
		if near := r.Round(8); !near.Equal(shown) {
			return format(near, 2, 0) + "%"
		}
	}
	return format(shown, 2, 0) + "%"
}

// Fixed writes an amount with at least its currency's decimal places, and
// more when it has them, without thousands separators: 1900 → "1900.00"
// in USD. It is the form of amounts in JSON and CSV output.
func Fixed(d decimal.Decimal, currency string) string {
	return d.StringFixed(max(money.MinorUnits(currency), -d.Exponent()))
}
