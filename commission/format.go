package commission

import (
	"strings"

	"github.com/shopspring/decimal"
)

// formatAmount writes d with thousands separators and at least two decimal
// places: 15000 → 15,000.00, 0.125 → 0.125. It never rounds.
func formatAmount(d decimal.Decimal) string {
	places := max(2, -d.Exponent())
	s := d.StringFixed(places)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	if places > 2 {
		frac = strings.TrimRight(frac, "0")
		for len(frac) < 2 {
			frac += "0"
		}
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

// formatNumber writes d with thousands separators and only the decimals
// it has: 200000 → 200,000, 0.5 → 0.5.
func formatNumber(d decimal.Decimal) string {
	s := d.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
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
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

var hundred = decimal.NewFromInt(100)

// formatRate writes a rate as a percentage with the decimals it needs:
// 0.05 → 5%, 0.0125 → 1.25%.
func formatRate(r decimal.Decimal) string {
	p := r.Mul(hundred)
	if p.Exponent() < -6 {
		p = p.Round(6)
	}
	return p.String() + "%"
}

// formatPercent writes an attainment as a percentage to two places at
// most: 0.91234 → 91.23%.
func formatPercent(r decimal.Decimal) string {
	return r.Mul(hundred).Round(2).String() + "%"
}
