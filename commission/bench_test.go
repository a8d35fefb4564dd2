package commission

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// benchSetup is 100,000 deals over 1,000 payees and a five-component plan:
// marginal tiers on the running total, a kicker by deal type, a SPIF, a
// per-deal cap and a gated per-period bonus.
func benchSetup(b *testing.B, nDeals, nPayees int) (*Engine, calendar.Period, []deal.Deal) {
	b.Helper()
	org := caseOrg{}
	quotas := QuotaMap{}
	p := calendar.Calendar{}.MustParse("FY2026-Q1")
	for i := range nPayees {
		id := fmt.Sprintf("rep%04d", i)
		org[id] = caseMember{Role: "ae", Team: "t"}
		quotas[id] = map[string]map[string]decimal.Decimal{"bookings": {p.ID: decimal.NewFromInt(500000)}}
	}
	sec := Section{
		Measures: []MeasureDef{{ID: "bookings"}},
		Tables: []TableDef{{ID: "ae", Mode: Marginal, Bands: []Band{
			{From: dec("0"), Rate: dec("0.05")}, {From: dec("250000"), Rate: dec("0.07")}, {From: dec("500000"), Rate: dec("0.1")}}}},
		Plans: []PlanDef{{ID: "ae", Eligible: Eligibility{Roles: []string{"ae"}}, Params: map[string]decimal.Decimal{"bonus": dec("2500")},
			Components: []ComponentDef{
				{ID: "commission", Measure: "bookings", Table: "ae", Scope: RunningScope},
				{ID: "kicker", Measure: "bookings", Rate: `deal.type == "renewal" ? 0.01 : 0.02`},
				{ID: "spif", Measure: "bookings", When: `deal.product == "analytics"`, Amount: "100"},
				{ID: "capped", Measure: "bookings", Rate: "0.015", CapPerDeal: ptr(dec("500"))},
				{ID: "bonus", Per: PerPeriod, Gate: "attainment.bookings >= 0.5", Amount: "params.bonus"},
			}}},
	}
	e, err := Compile(sec, Config{Org: org, Quotas: quotas, Currency: "USD"})
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 1))
	deals := make([]deal.Deal, nDeals)
	types := []string{"new", "renewal", "upsell"}
	products := []string{"core", "analytics", "platform"}
	for i := range deals {
		deals[i] = deal.Deal{
			ID:       fmt.Sprintf("D%06d", i),
			Date:     p.Start.AddDays(r.IntN(p.Days())),
			Amount:   decimal.New(int64(1000+r.IntN(50000)*100), -2),
			Currency: "USD",
			Owner:    fmt.Sprintf("rep%04d", r.IntN(nPayees)),
			Type:     types[r.IntN(3)],
			Product:  products[r.IntN(3)],
		}
	}
	return e, p, deals
}

func ptr[T any](v T) *T { return &v }

// BenchmarkRun measures crediting, measures, components and statements
// through the engine; credits/s is reported per run.
func BenchmarkRun(b *testing.B) {
	e, p, deals := benchSetup(b, 100_000, 1_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Run(p, deals, WithWorkers(1)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(deals))*float64(b.N)/b.Elapsed().Seconds(), "credits/s")
}

// BenchmarkHandWritten is the baseline: the same plan written directly in
// Go with shopspring decimals (sorting, crediting, running totals,
// marginal tiers, kicker, SPIF, cap, gate, rounding, statement lines and
// sums), without explanations.
func BenchmarkHandWritten(b *testing.B) {
	_, p, deals := benchSetup(b, 100_000, 1_000)
	bounds := []decimal.Decimal{dec("0"), dec("250000"), dec("500000")}
	rates := []decimal.Decimal{dec("0.05"), dec("0.07"), dec("0.1")}
	k1, k2, spif, capRate, capAmt, bonus, half, quota := dec("0.01"), dec("0.02"), dec("100"), dec("0.015"), dec("500"), dec("2500"), dec("0.5"), dec("500000")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ds := make([]*deal.Deal, len(deals))
		for i := range deals {
			ds[i] = &deals[i]
		}
		slices.SortFunc(ds, func(a, b *deal.Deal) int {
			if c := a.Date.Compare(b.Date); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		byPayee := map[string][]*deal.Deal{}
		for _, d := range ds {
			byPayee[d.Owner] = append(byPayee[d.Owner], d)
		}
		type line struct {
			payee, component, deal string
			amount                 decimal.Decimal
		}
		totals := map[string]decimal.Decimal{}
		lines := make([]line, 0, 4*len(ds))
		for payee, list := range byPayee {
			run := decimal.Zero
			total := decimal.Zero
			for _, d := range list {
				before, after := run, run.Add(d.Amount)
				run = after
				amt := decimal.Zero
				for i := range bounds {
					lo := decimal.Max(before, bounds[i])
					hi := after
					if i+1 < len(bounds) {
						hi = decimal.Min(hi, bounds[i+1])
					}
					if hi.GreaterThan(lo) {
						amt = amt.Add(hi.Sub(lo).Mul(rates[i]))
					}
				}
				amt = amt.RoundBank(2)
				total = total.Add(amt)
				lines = append(lines, line{payee, "commission", d.ID, amt})
				k := k2
				if d.Type == "renewal" {
					k = k1
				}
				kick := d.Amount.Mul(k).RoundBank(2)
				total = total.Add(kick)
				lines = append(lines, line{payee, "kicker", d.ID, kick})
				if d.Product == "analytics" {
					total = total.Add(spif)
					lines = append(lines, line{payee, "spif", d.ID, spif})
				}
				capped := decimal.Min(d.Amount.Mul(capRate), capAmt).RoundBank(2)
				total = total.Add(capped)
				lines = append(lines, line{payee, "capped", d.ID, capped})
			}
			if run.DivRound(quota, 20).GreaterThanOrEqual(half) {
				total = total.Add(bonus)
				lines = append(lines, line{payee, "bonus", "", bonus})
			}
			totals[payee] = total
		}
		if len(lines) == 0 || len(totals) == 0 {
			b.Fatal("no lines")
		}
		_ = p
	}
	b.ReportMetric(float64(len(deals))*float64(b.N)/b.Elapsed().Seconds(), "credits/s")
}

// BenchmarkRunWithoutExplanations is BenchmarkRun for a bulk run that
// does not write the explanation text.
func BenchmarkRunWithoutExplanations(b *testing.B) {
	e, p, deals := benchSetup(b, 100_000, 1_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Run(p, deals, WithoutExplanations(), WithWorkers(1)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(deals))*float64(b.N)/b.Elapsed().Seconds(), "credits/s")
}

// BenchmarkRunParallel is BenchmarkRun with the default workers (one per
// core): the wall-clock time a caller sees on this machine.
func BenchmarkRunParallel(b *testing.B) {
	e, p, deals := benchSetup(b, 100_000, 1_000)
	for _, mode := range []struct {
		name string
		opts []RunOption
	}{{"explained", nil}, {"bulk", []RunOption{WithoutExplanations()}}} {
		b.Run(mode.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Run(p, deals, mode.opts...); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(deals))*float64(b.N)/b.Elapsed().Seconds(), "credits/s")
		})
	}
}
