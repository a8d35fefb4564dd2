package commission

import (
	"fmt"
	"strings"
)

// Explain formats a statement for a person: the plans in force, the
// measures against quota, each component's lines with their explanations
// and subtotal, and the total. name is how to call the payee.
func Explain(st Statement, period, name string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Statement of %s for %s, in %s\n", name, period, st.Currency)
	for _, p := range st.Plans {
		fmt.Fprintf(&b, "Plan %s from %s to %s (%d days)\n", p.Plan, p.From, p.To, p.Days)
	}
	if len(st.Measures) > 0 {
		b.WriteString("\nMeasures\n")
		for _, m := range st.Measures {
			num := formatAmount // money; counts with the digits they have
			if m.Count {
				num = formatNumber
			}
			fmt.Fprintf(&b, "  %-14s %16s", m.Measure, num(m.Value))
			if m.HasQuota {
				fmt.Fprintf(&b, "  quota %s, attainment %s", num(m.Quota), formatPercent(m.Attainment))
			}
			b.WriteByte('\n')
		}
	}
	i := 0
	for _, sub := range st.Subtotals {
		fmt.Fprintf(&b, "\n%s (plan %s)\n", sub.Component, sub.Plan)
		for ; i < len(st.Lines) && st.Lines[i].Plan == sub.Plan && st.Lines[i].Component == sub.Component; i++ {
			l := st.Lines[i]
			deal := l.Deal
			if deal == "" {
				deal = "-"
			}
			fmt.Fprintf(&b, "  %-10s %-7s %14s  %s\n", deal, l.Kind, formatAmount(l.Amount), l.Explanation())
			for _, f := range l.Flags {
				fmt.Fprintf(&b, "  %-10s %-7s %14s  flagged: %s\n", "", "", "", f)
			}
		}
		fmt.Fprintf(&b, "  %-18s %14s\n", "subtotal", formatAmount(sub.Amount))
	}
	fmt.Fprintf(&b, "\n%-20s %14s %s\n", "Total", formatAmount(st.Total), st.Currency)
	if len(st.Notes) > 0 {
		b.WriteString("\nNot paid\n")
		for _, n := range st.Notes {
			fmt.Fprintf(&b, "  %s\n", n)
		}
	}
	return b.String()
}
