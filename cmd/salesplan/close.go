package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/salesplan/salesplan/internal/numfmt"
	"github.com/salesplan/salesplan/payout"
	"github.com/salesplan/salesplan/strategy"
	"github.com/shopspring/decimal"
)

// writePayoutText writes a payout for a person (close --format text):
// per payee what is paid now, each item, what is held, and for a payee
// with a draw a short "draw:" block with where they stand against it, and
// the quotas a ramp applies to. It words the numbers of the result; it
// computes none of its own.
func writePayoutText(w io.Writer, po *payout.Result, s *strategy.Strategy) error {
	var b strings.Builder
	total := map[string]decimal.Decimal{}
	var currencies []string
	for _, p := range po.Payables {
		if _, ok := total[p.Currency]; !ok {
			currencies = append(currencies, p.Currency)
		}
		total[p.Currency] = total[p.Currency].Add(p.Amount)
	}
	var sums []string
	for _, c := range currencies {
		sums = append(sums, numfmt.Amount(total[c])+" "+c)
	}
	if len(sums) == 0 {
		sums = []string{"nothing"}
	}
	payees := "payees"
	if len(po.Payables) == 1 {
		payees = "payee"
	}
	fmt.Fprintf(&b, "%s: %d %s, %s paid\n", po.Period, len(po.Payables), payees, strings.Join(sums, " + "))
	for _, p := range po.Payables {
		name := p.Payee
		if m, ok := s.Org().Member(p.Payee); ok && m.Name != "" {
			name = fmt.Sprintf("%s (%s)", m.Name, p.Payee)
		}
		fmt.Fprintf(&b, "\n%s: pays %s %s\n", name, numfmt.Amount(p.Amount), p.Currency)
		items := func(list []payout.Item, prefix string) {
			for _, it := range list {
				what := it.Component
				if it.Deal != "" {
					what = strings.TrimSpace(what + " " + it.Deal)
				}
				fmt.Fprintf(&b, "  %s%-9s %-11s %-24s %14s\n", prefix, it.Kind, it.Period, what, numfmt.Amount(it.Amount))
			}
		}
		items(p.Items, "")
		items(p.Held, "held ")
		if !p.Deferred.IsZero() {
			fmt.Fprintf(&b, "  deferred %s (earned, released later)\n", numfmt.Amount(p.Deferred))
		}
		if !p.Carried.IsZero() {
			fmt.Fprintf(&b, "  negative balance carried %s\n", numfmt.Amount(p.Carried))
		}
		if d := p.Draw; d != nil {
			writeDraw(&b, d)
		}
		for _, r := range p.Ramps {
			var months []string
			for _, m := range r.Ramp {
				months = append(months, fmt.Sprint(m.Month))
			}
			fmt.Fprintf(&b, "  quota %s: %s, %s of the full %s (ramp month %s)\n", r.Measure, numfmt.Number(r.Quota), numfmt.Percent(r.Share),
				numfmt.Number(r.Full), strings.Join(months, ", "))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeDraw writes the "draw:" block of a payee.
func writeDraw(b *strings.Builder, d *payout.DrawPosition) {
	a := numfmt.Amount
	switch {
	case d.Plan == "":
		fmt.Fprintf(b, "  draw: none this period\n")
	case d.Recoverable:
		fmt.Fprintf(b, "  draw: recoverable %s (plan %s)\n", a(d.Amount), d.Plan)
	default:
		fmt.Fprintf(b, "  draw: guarantee %s (plan %s)\n", a(d.Amount), d.Plan)
	}
	for _, r := range d.Restated {
		fmt.Fprintf(b, "    %s restated: %s counted against its draw of %s (was %s), %s now\n", r.Period, a(r.Counted), a(r.Amount), a(r.CountedBefore), a(r.Paid))
	}
	fmt.Fprintf(b, "    earned %s, owed before %s: net %s\n", a(d.Earned), a(d.OwedBefore), a(d.Net))
	var moves []string
	for _, m := range []struct {
		what string
		v    decimal.Decimal
	}{{"advanced", d.Advanced}, {"topped up", d.ToppedUp}, {"recovered", d.Recovered}, {"forgiven", d.Forgiven}} {
		if !m.v.IsZero() {
			moves = append(moves, m.what+" "+a(m.v))
		}
	}
	moves = append(moves, "paid above the draw "+a(d.AboveDraw), "owed after "+a(d.OwedAfter))
	fmt.Fprintf(b, "    %s\n", strings.Join(moves, ", "))
}
