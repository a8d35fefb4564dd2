package strategy

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// northwindAtScale is the Northwind strategy with n more account
// executives, and a quarter of generated deals for them.
func northwindAtScale(b *testing.B, reps, deals int) (*Strategy, []deal.Deal) {
	b.Helper()
	src, err := os.ReadFile("../examples/northwind/strategy.yaml")
	if err != nil {
		b.Fatal(err)
	}
	var m strings.Builder
	for i := range reps {
		team := "amer"
		if i%2 == 1 {
			team = "emea"
		}
		fmt.Fprintf(&m, "  - {id: rep%04d, role: ae, assignments: [{team: %s, from: 2025-02-01}]}\n", i, team)
	}
	doc := strings.Replace(string(src), "\ntargets:", m.String()+"\ntargets:", 1)
	s, err := Parse("northwind-scale.yaml", []byte(doc))
	if err != nil {
		b.Fatal(err)
	}
	q := s.Calendar().MustParse("FY2027-Q1")
	r := rand.New(rand.NewPCG(2027, 1))
	products := []string{"core", "analytics", "platform"}
	channels := []string{"direct", "direct", "direct", "partner"}
	out := make([]deal.Deal, deals)
	for i := range out {
		out[i] = deal.Deal{
			ID:       fmt.Sprintf("G%06d", i),
			Date:     q.Start.AddDays(r.IntN(q.Days())),
			Amount:   decimal.New(int64(100000+r.IntN(3000000)), -2),
			Currency: "USD",
			Owner:    fmt.Sprintf("rep%04d", r.IntN(reps)),
			Channel:  channels[r.IntN(len(channels))],
			Product:  products[r.IntN(len(products))],
			Stage:    "closed_won",
			Type:     "new",
			Attrs:    deal.AttrsOf(map[string]any{"term_months": int64(12 * (1 + r.IntN(3))), "new_logo": r.IntN(4) == 0, "discount": decimal.New(int64(r.IntN(30)), -2), "segment": "mid-market"}),
		}
	}
	return s, out
}

// BenchmarkNorthwindRun runs the whole pipeline through Strategy.Run:
// qualification by the sales process, crediting with roll-ups and the
// partner overlay, measures, quotas from the targets section, the four
// Northwind plans and the statements, for 100,000 deals and 1,000 reps.
func BenchmarkNorthwindRun(b *testing.B) {
	s, deals := northwindAtScale(b, 1000, 100_000)
	for _, mode := range []struct {
		name string
		opts []commission.RunOption
	}{{"explained", nil}, {"bulk", []commission.RunOption{commission.WithoutExplanations()}}} {
		b.Run(mode.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Run("FY2027-Q1", deals, mode.opts...); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(deals))*float64(b.N)/b.Elapsed().Seconds(), "deals/s")
		})
	}
}
