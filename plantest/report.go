package plantest

import (
	"strings"

	"github.com/salesplan/salesplan/internal/numfmt"
	"github.com/shopspring/decimal"
)

// fixed writes an amount with its currency's decimals (all of them when
// the currency is unknown).
func fixed(d decimal.Decimal, currency string) string {
	if currency == "" {
		return d.String()
	}
	return numfmt.Fixed(d, currency)
}

// signed writes a difference with its sign: +50.00, -0.01.
func signed(d decimal.Decimal, currency string) string {
	s := fixed(d, currency)
	if d.Sign() >= 0 {
		s = "+" + s
	}
	return s
}

// hang indents the lines of s after the first under it, as Diff writes
// a figure after "want " or "got  ".
func hang(s string) string { return strings.ReplaceAll(s, "\n", "\n             ") }

// Diff returns what went wrong, for a person: each expectation that was
// not met, with its position in the test file, what was expected and what
// the run gave, and the explanation of each statement line concerned; or
// the error that kept the test from running. Every line is indented by
// four spaces; Diff is empty for a test that passed.
//
//	northwind/strategy_test.yaml:21:17: ana: line commission NW-1156
//	    want 1066.57
//	    got  1016.57 (-50.00)
//	    line (running bookings 230,403.90 to 241,303.90: …) = 1,016.57
func (r *Result) Diff() string {
	var b strings.Builder
	if r.Err != nil {
		for i, line := range strings.Split(r.Err.Error(), "\n") {
			if i == 0 {
				b.WriteString("    error: ")
			} else {
				b.WriteString("           ")
			}
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	for _, f := range r.Failures {
		b.WriteString("    ")
		if s := f.Pos.String(); s != "" {
			b.WriteString(s)
			b.WriteString(": ")
		}
		if f.Payee != "" {
			b.WriteString(f.Payee)
			b.WriteString(": ")
		}
		b.WriteString(f.What)
		b.WriteByte('\n')
		b.WriteString("        want " + hang(f.Want) + "\n")
		b.WriteString("        got  " + hang(f.Got))
		if f.Delta != "" {
			b.WriteString(" (" + f.Delta + ")")
		}
		b.WriteByte('\n')
		for _, w := range f.Why {
			if w != "" {
				b.WriteString("        why  " + w + "\n")
			}
		}
		if f.Note != "" {
			b.WriteString("        note " + f.Note + "\n")
		}
	}
	return b.String()
}
