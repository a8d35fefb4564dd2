package payout_test

import (
	"fmt"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/payout"
	"github.com/shopspring/decimal"
)

// org is a one-member organisation.
type org struct{}

func (org) Managers(string, calendar.Date) []string { return nil }
func (org) RoleOf(m string, _ calendar.Date) (string, bool) {
	return "ae", m == "ana"
}
func (org) TeamOf(m string, _ calendar.Date) (string, bool) { return "sales", m == "ana" }
func (org) TeamPath(t string, _ calendar.Date) []string     { return []string{t} }
func (org) MemberIDs() []string                             { return []string{"ana"} }

// A deal cancelled within the clawback window takes back what was paid
// on it. When that is more than the period pays, nothing is paid: the
// balance is carried forward and recovered from the next payouts.
func ExampleRun() {
	e, err := commission.Compile(commission.Section{
		Measures: []commission.MeasureDef{{ID: "bookings"}},
		Plans: []commission.PlanDef{{ID: "ae", Eligible: commission.Eligibility{Roles: []string{"ae"}},
			Clawback:   &commission.ClawbackDef{Days: 90},
			Components: []commission.ComponentDef{{ID: "c", Measure: "bookings", Rate: "0.1"}}}},
	}, commission.Config{Org: org{}, Currency: "USD"})
	if err != nil {
		fmt.Println(err)
		return
	}
	cal := calendar.Calendar{}
	d := func(id, date, amount string) deal.Deal {
		return deal.Deal{ID: id, Date: calendar.MustParseDate(date), Amount: decimal.RequireFromString(amount), Currency: "USD", Owner: "ana"}
	}
	var ledger *payout.Ledger
	for _, step := range []struct {
		period string
		deals  []deal.Deal
		events string
	}{
		{"FY2026-M01", []deal.Deal{d("D1", "2026-01-10", "10000")}, ""},
		{"FY2026-M02", []deal.Deal{d("D2", "2026-02-10", "2000")}, "D1,cancelled,2026-02-15,\n"},
		{"FY2026-M03", []deal.Deal{d("D3", "2026-03-10", "9000")}, ""},
	} {
		events, err := payout.ReadEventsCSV("events.csv", strings.NewReader("deal,kind,date,amount\n"+step.events))
		if err != nil {
			fmt.Println(err)
			return
		}
		po, err := payout.Run(e, payout.Input{Period: cal.MustParse(step.period), Deals: step.deals, Ledger: ledger, Events: events})
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, pay := range po.Payables {
			fmt.Printf("%s: %s pays %s\n", po.Period, pay.Payee, pay.Amount.StringFixed(2))
			for _, it := range pay.Items {
				fmt.Printf("  %-8s %s\n", it.Kind, it.Amount.StringFixed(2))
			}
		}
		ledger = po.Ledger
	}
	// Output:
	// FY2026-M01: ana pays 1000.00
	//   earned   1000.00
	// FY2026-M02: ana pays 0.00
	//   clawback -1000.00
	//   earned   200.00
	//   carried  800.00
	// FY2026-M03: ana pays 100.00
	//   earned   900.00
	//   balance  -800.00
}

// An events file with problems: every one is reported, where it is.
func ExampleReadEventsCSV() {
	_, err := payout.ReadEventsCSV("events.csv", strings.NewReader(`deal,kind,date,amount
D1,paid,2026-02-05,1500.00
D1,payed,2026-02-06,1,500.00
D2,refunded,2026-02-31,300
`))
	fmt.Println(err)
	// Output:
	// events.csv:3:1: 5 fields, the header has 4
	// events.csv:4:13: date: invalid date "2026-02-31": no such day
}

// Where a payee stands against a recoverable draw of 2,000 a month,
// recovered at most 50% of a month's earnings: month 1 earns 500 and is
// advanced 1,500; month 2 earns 4,000, of which 1,500 is recovered and
// 500 paid above the draw.
func ExampleDrawPosition() {
	e, err := commission.Compile(commission.Section{
		Measures: []commission.MeasureDef{{ID: "bookings"}},
		Plans: []commission.PlanDef{{ID: "ae", Eligible: commission.Eligibility{Roles: []string{"ae"}},
			Draw:       &commission.DrawDef{Amount: decimal.NewFromInt(2000), Recoverable: true, RecoveryLimit: ptr(decimal.RequireFromString("0.5"))},
			Components: []commission.ComponentDef{{ID: "c", Measure: "bookings", Rate: "0.1"}}}},
	}, commission.Config{Org: org{}, Currency: "USD"})
	if err != nil {
		fmt.Println(err)
		return
	}
	cal := calendar.Calendar{}
	var ledger *payout.Ledger
	for _, step := range []struct{ period, date, amount string }{
		{"FY2026-M01", "2026-01-10", "5000"},
		{"FY2026-M02", "2026-02-10", "40000"},
	} {
		deals := []deal.Deal{{ID: "D" + step.period[9:], Date: calendar.MustParseDate(step.date), Amount: decimal.RequireFromString(step.amount), Currency: "USD", Owner: "ana"}}
		po, err := payout.Run(e, payout.Input{Period: cal.MustParse(step.period), Deals: deals, Ledger: ledger})
		if err != nil {
			fmt.Println(err)
			return
		}
		pay := po.Payables[0]
		d := pay.Draw
		fmt.Printf("%s: pays %s; earned %s, owed before %s, advanced %s, recovered %s, owed after %s, net %s, above the draw %s\n",
			po.Period, pay.Amount.StringFixed(2), d.Earned.StringFixed(2), d.OwedBefore.StringFixed(2), d.Advanced.StringFixed(2),
			d.Recovered.StringFixed(2), d.OwedAfter.StringFixed(2), d.Net.StringFixed(2), d.AboveDraw.StringFixed(2))
		ledger = po.Ledger
	}
	// Output:
	// FY2026-M01: pays 2000.00; earned 500.00, owed before 0.00, advanced 1500.00, recovered 0.00, owed after 1500.00, net -1500.00, above the draw 0.00
	// FY2026-M02: pays 2500.00; earned 4000.00, owed before 1500.00, advanced 0.00, recovered 1500.00, owed after 0.00, net 500.00, above the draw 500.00
}

func ptr[T any](v T) *T { return &v }
