package commission

import (
	"github.com/salesplan/salesplan/internal/numfmt"
	"github.com/shopspring/decimal"
)

// The number formats of explanations (see package numfmt).

func formatAmount(d decimal.Decimal) string  { return numfmt.Amount(d) }
func formatNumber(d decimal.Decimal) string  { return numfmt.Number(d) }
func formatRate(r decimal.Decimal) string    { return numfmt.Rate(r) }
func formatPercent(r decimal.Decimal) string { return numfmt.Percent(r) }

// fixed writes an amount with its currency's decimal places: 1900 → 1900.00.
func fixed(d decimal.Decimal, currency string) string { return numfmt.Fixed(d, currency) }
