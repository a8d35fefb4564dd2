package targets_test

import (
	"fmt"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/targets"
	"github.com/shopspring/decimal"
)

// team is a one-team organisation for the examples: each member's start
// date, all account executives in team sales.
type team map[string]calendar.Date

func (t team) MemberIDs() []string {
	var ids []string
	for id := range t {
		ids = append(ids, id)
	}
	return ids
}
func (t team) TeamIDs() []string                           { return []string{"sales"} }
func (t team) TerritoryIDs() []string                      { return nil }
func (t team) ChannelIDs() []string                        { return nil }
func (t team) RoleIDs() []string                           { return []string{"ae"} }
func (t team) ChannelTeams(string, calendar.Date) []string { return nil }
func (t team) Active(m string, d calendar.Date) bool {
	start, ok := t[m]
	return ok && !d.Before(start)
}
func (t team) TeamOf(m string, d calendar.Date) (string, bool) { return "sales", t.Active(m, d) }
func (t team) RoleOf(m string, d calendar.Date) (string, bool) {
	_, ok := t[m]
	return "ae", ok
}
func (t team) Members(_ string, d calendar.Date, _ bool) []string {
	var out []string
	for _, m := range []string{"ana", "ben"} {
		if t.Active(m, d) {
			out = append(out, m)
		}
	}
	return out
}
func (t team) CoveringMembers(string, calendar.Date) []string { return nil }

// A 200,000 yearly target for every account executive, weighted 15/25/25/35%
// over the quarters and prorated by whole months: ben, who starts on
// 1 June, has nothing in Q1 and one month of three in Q2.
func Example() {
	sec := targets.Section{
		Proration: targets.Months,
		Seasonality: []targets.Seasonality{{
			ID: "saas", Period: calendar.Quarter,
			Weights: []decimal.Decimal{
				decimal.RequireFromString("0.15"), decimal.RequireFromString("0.25"),
				decimal.RequireFromString("0.25"), decimal.RequireFromString("0.35"),
			},
		}},
		Quotas: []targets.Quota{{
			Owner: "role:ae", Measure: "bookings", Period: "FY2026",
			Amount: decimal.NewFromInt(200000), Seasonality: "saas",
		}},
	}
	org := team{"ana": calendar.MustParseDate("2020-01-01"), "ben": calendar.MustParseDate("2026-06-01")}
	book, err := targets.Compile(sec, targets.Env{Org: org, Currency: "USD"})
	if err != nil {
		fmt.Println(err)
		return
	}
	cal := book.Calendar()
	for _, p := range append(cal.Periods(2026, calendar.Quarter), cal.Year(2026)) {
		q, _, _ := book.Quota("ben", "bookings", p)
		t, _, _ := book.TargetOf("team", "sales", "bookings", p)
		fmt.Printf("%-9s ben %9s  team %9s\n", p.ID, q.StringFixed(2), t.StringFixed(2))
	}
	// Output:
	// FY2026-Q1 ben      0.00  team  30000.00
	// FY2026-Q2 ben  16666.67  team  66666.67
	// FY2026-Q3 ben  50000.00  team 100000.00
	// FY2026-Q4 ben  70000.00  team 140000.00
	// FY2026    ben 136666.67  team 336666.67
}

// A document with an error in every quota: Compile reports them all at
// once, by path, with a hint where a name is close to a known one.
func ExampleCompile_errors() {
	sec := targets.Section{
		Seasonality: []targets.Seasonality{{
			ID: "saas", Period: calendar.Quarter,
			Weights: []decimal.Decimal{decimal.RequireFromString("0.5"), decimal.RequireFromString("0.4"), decimal.Zero, decimal.Zero},
		}},
		Quotas: []targets.Quota{
			{Owner: "member:anna", Measure: "bookings", Period: "FY2026", Amount: decimal.NewFromInt(1)},
			{Owner: "member:ana", Measure: "booking", Period: "FY2026-Q5", Amount: decimal.NewFromInt(-1)},
		},
	}
	org := team{"ana": calendar.MustParseDate("2020-01-01")}
	_, err := targets.Compile(sec, targets.Env{Org: org, Measures: []string{"bookings", "margin"}})
	fmt.Println(err)
	// Output:
	// quotas[0].owner: unknown member anna (did you mean ana?)
	// quotas[1].amount: amount -1 is negative (set allow_negative: true to accept negative targets)
	// quotas[1].measure: unknown measure booking (did you mean bookings?)
	// quotas[1].period: invalid period "FY2026-Q5": a quarter is Q1 to Q4
	// seasonality[0].weights: the weights add up to 0.9, not 1
}

// How many reps a 1,000,000 year needs, and how many new hires when the
// current team carries 600,000: see [targets.CapacityPlan] for the
// formulas.
func ExampleCapacityPlan() {
	plan := targets.CapacityPlan{
		Months:     12,
		Quota:      decimal.NewFromInt(10000), // a month, fully ramped
		Attainment: decimal.RequireFromString("0.8"),
		Ramp: []decimal.Decimal{
			decimal.Zero, decimal.RequireFromString("0.25"), decimal.RequireFromString("0.5"),
			decimal.RequireFromString("0.75"), decimal.NewFromInt(1),
		},
		Attrition: decimal.RequireFromString("0.2"),
	}
	ramped, _ := plan.Ramped()
	newHire, _ := plan.NewHire()
	heads, _ := plan.Heads(decimal.NewFromInt(1000000))
	hires, _ := plan.Hires(decimal.NewFromInt(1000000), decimal.NewFromInt(600000))
	fmt.Println("a ramped rep carries", ramped, "and a new hire", newHire)
	fmt.Println(heads, "ramped reps, or", hires, "new hires to close the gap")
	// Output:
	// a ramped rep carries 86400 and a new hire 68400
	// 12 ramped reps, or 6 new hires to close the gap
}

// A new hire on a ramp: ben starts on 1 June on 120,000 a year by whole
// months, at 0, 25, 50 and 75% of his quota in his first four months. A
// draw report shows his full quota, the ramped one and the shares.
func ExampleBook_QuotaDetail() {
	share := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	sec := targets.Section{
		Proration: targets.Months,
		Ramps:     []targets.Ramp{{ID: "ae-ramp", Shares: []decimal.Decimal{share("0"), share("0.25"), share("0.5"), share("0.75"), share("1")}}},
		Quotas: []targets.Quota{{
			Owner: "role:ae", Measure: "bookings", Period: "FY2026",
			Amount: decimal.NewFromInt(120000), Ramp: "ae-ramp",
		}},
	}
	org := team{"ana": calendar.MustParseDate("2020-01-01"), "ben": calendar.MustParseDate("2026-06-01")}
	book, err := targets.Compile(sec, targets.Env{Org: org})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, id := range []string{"FY2026-Q2", "FY2026-Q3", "FY2026-Q4"} {
		qd, _, err := book.QuotaDetail("ben", "bookings", book.Calendar().MustParse(id))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %s of %s (%s)\n", id, qd.Quota.StringFixed(2), qd.Full.StringFixed(2), qd.Share)
		for _, s := range qd.Ramp {
			fmt.Printf("  month %d at %s: %s to %s\n", s.Month, s.Share, s.From, s.To)
		}
	}
	// Output:
	// FY2026-Q2: 0.00 of 10000.00 (0)
	//   month 1 at 0: 2026-06-01 to 2026-06-30
	// FY2026-Q3: 15000.00 of 30000.00 (0.5)
	//   month 2 at 0.25: 2026-07-01 to 2026-07-31
	//   month 3 at 0.5: 2026-08-01 to 2026-08-31
	//   month 4 at 0.75: 2026-09-01 to 2026-09-30
	// FY2026-Q4: 30000.00 of 30000.00 (1)
}
