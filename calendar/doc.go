// Package calendar defines the fiscal calendars and periods that the rest of
// salesplan counts in: civil [Date]s, a fiscal [Calendar] (the month the
// fiscal year starts, how years are named, calendar months or a 4-4-5 style
// week-based pattern), its [Period]s (years, halves, quarters, months) with
// identifiers such as FY2027-Q3 that round-trip through [Calendar.Parse],
// and the overlap of a date [Range] with a period that proration needs
// ([OverlapDays], [OverlapMonths]).
//
// A calendar whose fiscal year starts in February, named for the year it
// ends in:
//
//	cal := calendar.Calendar{StartMonth: time.February}
//	if err := cal.Validate(); err != nil {
//		return err
//	}
//	q, err := cal.Parse("FY2027-Q1") // 2026-02-01 to 2026-04-30
//	if err != nil {
//		return err
//	}
//	start := calendar.MustParseDate("2026-03-01")
//	share := calendar.OverlapMonths(cal, q, start, calendar.Date{}) // 2 of cal.MonthsIn(q) = 3
//
// The zero [Calendar] is the calendar year (fiscal years from 1 January,
// named for their calendar year, with calendar months), the zero [Date] is
// "no date" (an open end in a [Range]), and the zero [Range] holds every day.
//
// Everything here is a value: a Calendar, a Period or a Date is never
// modified by a method, there is no package state and no clock, so every
// function and method is safe for concurrent use and gives the same result
// in every time zone. No function panics on any input, except those named
// Must, which are meant for constants in tests and examples.
package calendar
