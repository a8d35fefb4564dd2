package report

import (
	"strings"

	"github.com/salesplan/salesplan/internal/numfmt"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// minus is the sign of a negative amount on a page: a real minus (U+2212),
// which screen readers read as "minus" and which lines up with the digits.
const minus = "\u2212"

// amount writes d for a person with thousands separators and its
// currency's decimal places (more when it has them): 1234.5 in USD is
// "1,234.50", -2 is "−2.00". It never rounds.
func amount(d decimal.Decimal, currency string) string {
	s := numfmt.Number(d)
	places := int(money.MinorUnits(currency))
	whole, frac, _ := strings.Cut(s, ".")
	for len(frac) < places {
		frac += "0"
	}
	if frac != "" {
		s = whole + "." + frac
	} else {
		s = whole
	}
	return signed(s)
}

// number writes d with thousands separators and only the decimals it has.
func number(d decimal.Decimal) string { return signed(numfmt.Number(d)) }

// percent writes an attainment as a percentage to two places at most.
func percent(r decimal.Decimal) string { return signed(numfmt.Percent(r)) }

// machine writes d as the page's machine-readable value (data-value):
// plain decimal notation at the currency's places, as the JSON form has it.
func machine(d decimal.Decimal, currency string) string { return numfmt.Fixed(d, currency) }

func signed(s string) string {
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		return minus + rest
	}
	return s
}
