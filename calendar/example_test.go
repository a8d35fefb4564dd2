package calendar_test

import (
	"fmt"
	"time"

	"github.com/salesplan/salesplan/calendar"
)

func Example() {
	// The fiscal year starts in February and is named for the year it ends in.
	cal := calendar.Calendar{StartMonth: time.February}
	if err := cal.Validate(); err != nil {
		panic(err)
	}
	fy := cal.Year(2027)
	fmt.Println(fy.ID, fy.Start, fy.End)
	for _, q := range cal.Sub(fy, calendar.Quarter) {
		fmt.Println(q.ID, q.Start, q.End)
	}
	m := cal.PeriodOf(calendar.Month, calendar.MustParseDate("2026-12-24"))
	fmt.Println(m.ID, "is in", cal.Parent(m, calendar.Quarter).ID)
	// Output:
	// FY2027 2026-02-01 2027-01-31
	// FY2027-Q1 2026-02-01 2026-04-30
	// FY2027-Q2 2026-05-01 2026-07-31
	// FY2027-Q3 2026-08-01 2026-10-31
	// FY2027-Q4 2026-11-01 2027-01-31
	// FY2027-M11 is in FY2027-Q4
}

func ExampleCalendar_Parse() {
	var cal calendar.Calendar // the calendar year
	for _, id := range []string{"FY2026-Q2", "FY2026-M02", "FY2027-Q5", "2027-Q1"} {
		p, err := cal.Parse(id)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(p.ID, p.Kind, p.Start, p.End, p.Days(), "days")
	}
	// Output:
	// FY2026-Q2 quarter 2026-04-01 2026-06-30 91 days
	// FY2026-M02 month 2026-02-01 2026-02-28 28 days
	// invalid period "FY2027-Q5": a quarter is Q1 to Q4
	// invalid period "2027-Q1": want FY<year>, FY<year>-H<n>, FY<year>-Q<n> or FY<year>-M<nn>
}

func ExampleOverlapMonths() {
	// A member in place from 2026-06-01, on the calendar year.
	var cal calendar.Calendar
	start := calendar.MustParseDate("2026-06-01")
	for _, q := range cal.Periods(2026, calendar.Quarter)[:3] {
		fmt.Printf("%s: %d of %d months, %d of %d days\n", q.ID,
			calendar.OverlapMonths(cal, q, start, calendar.Date{}), cal.MonthsIn(q),
			calendar.OverlapDays(q, start, calendar.Date{}), q.Days())
	}
	// Output:
	// FY2026-Q1: 0 of 3 months, 0 of 90 days
	// FY2026-Q2: 1 of 3 months, 30 of 91 days
	// FY2026-Q3: 3 of 3 months, 92 of 92 days
}

func ExampleNRF() {
	cal := calendar.NRF() // 4-5-4, Saturday nearest the end of January
	for _, fy := range []int{2023, 2024} {
		y := cal.Year(fy)
		last := cal.Periods(fy, calendar.Month)[11]
		fmt.Printf("%s %s..%s %d weeks, %s has %d weeks\n", y.ID, y.Start, y.End, y.Days()/7, last.ID, last.Days()/7)
	}
	// Output:
	// FY2023 2023-01-29..2024-02-03 53 weeks, FY2023-M12 has 5 weeks
	// FY2024 2024-02-04..2025-02-01 52 weeks, FY2024-M12 has 4 weeks
}
