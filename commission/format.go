package commission

import (
	"strings"

	"github.com/salesplan/salesplan/internal/numfmt"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// The number formats of explanations (see package numfmt).

func formatAmount(d decimal.Decimal) string  { return numfmt.Amount(d) }
func formatNumber(d decimal.Decimal) string  { return numfmt.Number(d) }
func formatRate(r decimal.Decimal) string    { return numfmt.Rate(r) }
func formatPercent(r decimal.Decimal) string { return numfmt.Percent(r) }

// fixed writes an amount with its currency's decimal places, and more
// only where it has digits other than zero, without thousands
// separators: 1900 → 1900.00, 2018.807 → 2018.807, 14000.000000 →
// 14000.00. It is the form of money in JSON and CSV output.
func fixed(d decimal.Decimal, currency string) string {
	var buf [40]byte
	return string(appendFixed(buf[:0], d, int(money.MinorUnits(currency))))
}

// fixedSlow is fixed for an amount whose coefficient does not fit an
// int64, or whose exponent is above 0 or below -18.
func fixedSlow(d decimal.Decimal, places int) string {
	s := d.String() // no trailing zeros after the point
	have := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		have = len(s) - i - 1
	}
	if have >= places {
		return s
	}
	if have == 0 {
		s += "."
	}
	return s + strings.Repeat("0", places-have)
}

// formatFX writes an exchange rate with at least two decimals and at most
// ten: 1.1 → 1.10, 1.08345 → 1.08345.
func formatFX(r decimal.Decimal) string {
	if r.Exponent() < -10 {
		r = r.Round(10)
	}
	return numfmt.Amount(r)
}
