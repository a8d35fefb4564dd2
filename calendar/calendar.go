package calendar

import (
	"errors"
	"fmt"
	"time"
)

// ErrInvalidCalendar is wrapped by every error of [Calendar.Validate], so
// errors.Is(err, ErrInvalidCalendar) tells a bad calendar from other errors.
var ErrInvalidCalendar = errors.New("invalid calendar")

// Naming says which calendar year gives a fiscal year its number. It only
// matters when the fiscal year does not start in January: then a fiscal year
// spans two calendar years, and the organisation must pick one of them.
type Naming string

// The two naming conventions.
const (
	// NamingEnd names a fiscal year for the calendar year it ends in: with
	// StartMonth February, FY2027 runs from 2026-02-01 to 2027-01-31. It is
	// the default (the empty Naming) and the more common convention: the US
	// federal government's FY2027 starts on 2026-10-01, and Microsoft's on
	// 2026-07-01.
	NamingEnd Naming = "end"
	// NamingStart names a fiscal year for the calendar year it starts in:
	// with StartMonth February, FY2026 runs from 2026-02-01 to 2027-01-31.
	// The NRF retail calendar ([NRF]) is named this way.
	NamingStart Naming = "start"
)

// Pattern says how a fiscal year is cut into months.
type Pattern string

// The patterns. The empty Pattern is [PatternMonths].
const (
	// PatternMonths cuts the fiscal year into the twelve calendar months
	// from StartMonth on.
	PatternMonths Pattern = "months"
	// Pattern445 is a week-based (retail) calendar whose quarters are 13
	// weeks cut into fiscal months of 4, 4 and 5 weeks.
	Pattern445 Pattern = "4-4-5"
	// Pattern454 is a week-based calendar with months of 4, 5 and 4 weeks
	// in each quarter, as in the NRF retail calendar.
	Pattern454 Pattern = "4-5-4"
	// Pattern544 is a week-based calendar with months of 5, 4 and 4 weeks
	// in each quarter.
	Pattern544 Pattern = "5-4-4"
)

// YearEnd says, for a week-based calendar, which week-end day closes the
// fiscal year. See [Calendar] for the rule.
type YearEnd string

// The year-end rules of a week-based calendar.
const (
	// YearEndLast ends the fiscal year on the last WeekEnd day that falls
	// in the month before StartMonth.
	YearEndLast YearEnd = "last"
	// YearEndNearest ends the fiscal year on the WeekEnd day nearest to the
	// last day of the month before StartMonth, which may fall up to three
	// days into StartMonth. The NRF calendar ends on the Saturday nearest
	// the end of January.
	YearEndNearest YearEnd = "nearest"
)

// Calendar is a fiscal calendar: where fiscal years start, how they are
// named, and how they are cut into halves, quarters and months. It is a
// plain configuration value that serialises to YAML and JSON and is checked
// by [Calendar.Validate].
//
// The zero Calendar is the calendar year: fiscal years run from 1 January to
// 31 December, FY2026 is the calendar year 2026, and its months are the
// calendar months.
//
// # Calendar months
//
// With the default [PatternMonths], a fiscal year starts on the first day of
// StartMonth and has twelve calendar months; its halves and quarters are 6
// and 3 of those months. Which calendar year names it is set by [Naming].
//
// # Week-based calendars
//
// With [Pattern445], [Pattern454] or [Pattern544], a fiscal year is made of
// whole weeks that end on the WeekEnd day. The year ends on the WeekEnd day
// chosen by YearEnd ([YearEndLast] or [YearEndNearest]) relative to the
// last day of the month before StartMonth (the "anchor month"): January for
// a year that starts in February, December for one that starts in January.
// The year starts the day after the previous year ends, so it has 52 weeks
// (364 days) or, every five or six years, 53 (371 days).
//
// Each quarter is 13 weeks, cut into three fiscal months by the pattern
// (4-4-5: months of 4, 4 and 5 weeks). In a 53-week year the extra week goes
// to the last month of the fourth quarter, fiscal month 12, which makes Q4
// 14 weeks and H2 27. Halves are two quarters. Months of a week-based
// calendar are these fiscal months, not calendar months.
//
// A week-based fiscal year is named, as set by [Naming], for the calendar
// year of its anchor month (NamingEnd) or for that year minus one when
// StartMonth is not January (NamingStart). So with StartMonth February,
// NamingStart and YearEndNearest, fiscal 2023 is named for the year it
// starts in even though it starts on 2023-01-29, and it ends on 2024-02-03.
//
// # Invalid calendars
//
// The methods of a Calendar assume that [Calendar.Validate] passed. On a
// calendar that fails it they never panic, but their results are
// unspecified.
//
// A Calendar is a value: its methods do not modify it and are safe for
// concurrent use.
type Calendar struct {
	// StartMonth is the month whose first day starts the fiscal year (or,
	// in a week-based calendar, the month the anchor month precedes).
	// 0 means January. It serialises as a number, 1 to 12.
	StartMonth time.Month `yaml:"start_month,omitempty" json:"start_month,omitempty"`
	// Naming chooses the calendar year a fiscal year is named for. The
	// empty Naming is [NamingEnd].
	Naming Naming `yaml:"naming,omitempty" json:"naming,omitempty"`
	// Pattern chooses calendar months ("" or "months") or a week-based
	// pattern ("4-4-5", "4-5-4" or "5-4-4").
	Pattern Pattern `yaml:"pattern,omitempty" json:"pattern,omitempty"`
	// WeekEnd is the last day of every week of a week-based calendar. It
	// serialises as a number, 0 (Sunday) to 6 (Saturday); its zero value is
	// Sunday. It must be left zero with calendar months.
	WeekEnd time.Weekday `yaml:"week_end,omitempty" json:"week_end,omitempty"`
	// YearEnd chooses the year-end rule of a week-based calendar: "last"
	// or "nearest". It is required with a week-based pattern and must be
	// empty with calendar months.
	YearEnd YearEnd `yaml:"year_end,omitempty" json:"year_end,omitempty"`
}

// NRF returns the retail calendar of the National Retail Federation: a 4-5-4
// week-based calendar whose weeks end on Saturday and whose year ends on the
// Saturday nearest the end of January, named for the calendar year it starts
// in. Its fiscal 2023 ran from 2023-01-29 to 2024-02-03 (53 weeks), and its
// fiscal 2024 from 2024-02-04 to 2025-02-01.
func NRF() Calendar {
	return Calendar{
		StartMonth: time.February,
		Naming:     NamingStart,
		Pattern:    Pattern454,
		WeekEnd:    time.Saturday,
		YearEnd:    YearEndNearest,
	}
}

// Validate reports every problem of c at once, as one error joining one
// error per problem (see [errors.Join]); each wraps [ErrInvalidCalendar] and
// names the field by its serialised name. It returns nil for a valid
// calendar, such as the zero Calendar.
func (c Calendar) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalidCalendar}, args...)...))
	}
	if c.StartMonth < 0 || c.StartMonth > time.December {
		bad("start_month %d: want 1 to 12, or 0 for January", int(c.StartMonth))
	}
	switch c.Naming {
	case "", NamingEnd, NamingStart:
	default:
		bad("naming %q: want %q or %q", c.Naming, NamingEnd, NamingStart)
	}
	switch c.Pattern {
	case "", PatternMonths:
		if c.WeekEnd != 0 {
			bad("week_end %d applies only to a week-based pattern", int(c.WeekEnd))
		}
		if c.YearEnd != "" {
			bad("year_end %q applies only to a week-based pattern", c.YearEnd)
		}
	case Pattern445, Pattern454, Pattern544:
		if c.WeekEnd < time.Sunday || c.WeekEnd > time.Saturday {
			bad("week_end %d: want 0 (Sunday) to 6 (Saturday)", int(c.WeekEnd))
		}
		switch c.YearEnd {
		case YearEndLast, YearEndNearest:
		case "":
			bad("year_end is required with pattern %q: want %q or %q", c.Pattern, YearEndLast, YearEndNearest)
		default:
			bad("year_end %q: want %q or %q", c.YearEnd, YearEndLast, YearEndNearest)
		}
	default:
		bad("pattern %q: want %q, %q, %q or %q", c.Pattern, PatternMonths, Pattern445, Pattern454, Pattern544)
	}
	return errors.Join(errs...)
}

// Year returns fiscal year fy.
func (c Calendar) Year(fy int) Period { return c.at(Year, fy, 1) }

// PeriodOf returns the period of the given kind that contains d: the fiscal
// year, half, quarter or month of d. A d that does not exist (2026-02-30) is
// read as the day it normalises to (2026-03-02). It returns the zero Period
// for an unknown kind.
func (c Calendar) PeriodOf(kind Kind, d Date) Period {
	n := kind.count()
	if n == 0 {
		return Period{}
	}
	fy, start := c.yearOf(d)
	m := c.monthIndex(start, FromDays(d.Days()))
	return c.at(kind, fy, (m-1)/(12/n)+1)
}

// Periods returns the periods of the given kind in fiscal year fy, in order:
// its 1 year, 2 halves, 4 quarters or 12 months. They tile the year: each
// starts the day after the one before it ends. It returns nil for an
// unknown kind.
func (c Calendar) Periods(fy int, kind Kind) []Period {
	n := kind.count()
	if n == 0 {
		return nil
	}
	out := make([]Period, n)
	for i := range out {
		out[i] = c.at(kind, fy, i+1)
	}
	return out
}

// Sub returns the periods of the given kind that make up p, in order: the
// quarters of a year, the months of a quarter, the quarters of a half.
// Sub(p, p.Kind) is p alone. Like [Calendar.Next], it reads p by its Kind,
// FiscalYear and Index. It returns nil when kind is longer than p's
// kind or either kind is unknown.
func (c Calendar) Sub(p Period, kind Kind) []Period {
	np, nk := p.Kind.count(), kind.count()
	if np == 0 || nk == 0 || nk < np {
		return nil
	}
	p = c.at(p.Kind, p.FiscalYear, p.Index)
	per := nk / np
	out := make([]Period, per)
	for i := range out {
		out[i] = c.at(kind, p.FiscalYear, (p.Index-1)*per+i+1)
	}
	return out
}

// Parent returns the period of the given kind that contains p: the quarter
// of a month, the year of a half. Parent(p, p.Kind) is p. Like
// [Calendar.Next], it reads p by its Kind, FiscalYear and Index. It returns
// the zero Period when kind is shorter than p's kind or either kind is
// unknown.
func (c Calendar) Parent(p Period, kind Kind) Period {
	np, nk := p.Kind.count(), kind.count()
	if np == 0 || nk == 0 || nk > np {
		return Period{}
	}
	p = c.at(p.Kind, p.FiscalYear, p.Index)
	return c.at(kind, p.FiscalYear, (p.Index-1)/(np/nk)+1)
}

// Next returns the period of p's kind that follows p: the next month after
// FY2026-M12 is FY2027-M01. It reads p by its Kind, FiscalYear and Index,
// not its dates, and an Index out of range steps into the next or previous
// fiscal year (month 13 of FY2026 is FY2027-M01). It returns the zero Period
// when p's kind is unknown.
func (c Calendar) Next(p Period) Period { return c.at(p.Kind, p.FiscalYear, p.Index+1) }

// Prev returns the period of p's kind that precedes p. It returns the zero
// Period when p's kind is unknown.
func (c Calendar) Prev(p Period) Period { return c.at(p.Kind, p.FiscalYear, p.Index-1) }

// MonthsIn returns the number of fiscal months in p: 12 in a year, 6 in a
// half, 3 in a quarter, 1 in a month, and 0 for an unknown kind. It is the
// denominator of a proration by [OverlapMonths].
func (c Calendar) MonthsIn(p Period) int {
	if n := p.Kind.count(); n > 0 {
		return 12 / n
	}
	return 0
}

// at returns period index of the given kind in fiscal year fy. An index
// outside 1..n moves to an earlier or later fiscal year, so at(Month, fy, 13)
// is the first month of fy+1. It returns the zero Period for an unknown
// kind.
func (c Calendar) at(kind Kind, fy, index int) Period {
	n := kind.count()
	if n == 0 {
		return Period{}
	}
	shift := floorDiv(index-1, n)
	fy += shift
	index -= shift * n
	per := 12 / n
	start, end := c.span(fy, (index-1)*per+1, index*per)
	return Period{
		ID:         formatID(kind, fy, index),
		Kind:       kind,
		FiscalYear: fy,
		Index:      index,
		Start:      start,
		End:        end,
	}
}

// span returns the first day of fiscal month first and the last day of
// fiscal month last of fiscal year fy, 1 <= first <= last <= 12.
func (c Calendar) span(fy, first, last int) (Date, Date) {
	ey := c.anchorYear(fy)
	start := c.yearEnd(ey - 1).AddDays(1)
	end := c.yearEnd(ey)
	if last < 12 {
		end = c.monthStart(start, last+1).AddDays(-1)
	}
	return c.monthStart(start, first), end
}

// monthStart returns the first day of fiscal month i of the fiscal year
// that starts on ys.
func (c Calendar) monthStart(ys Date, i int) Date {
	w, ok := c.weeks()
	if !ok {
		return ys.AddMonths(i - 1)
	}
	q, j := (i-1)/3, (i-1)%3
	weeks := 13 * q
	for _, n := range w[:j] {
		weeks += n
	}
	return ys.AddDays(7 * weeks)
}

// monthIndex returns the fiscal month, 1 to 12, of d in the fiscal year
// that starts on ys and contains d.
func (c Calendar) monthIndex(ys, d Date) int {
	w, ok := c.weeks()
	if !ok {
		return (int(d.Month)-int(ys.Month)+12)%12 + 1
	}
	week := ys.DaysUntil(d) / 7
	q := min(max(week/13, 0), 3)
	r := week - 13*q
	switch {
	case r < w[0]:
		return 3*q + 1
	case r < w[0]+w[1]:
		return 3*q + 2
	}
	return 3*q + 3
}

// yearOf returns the fiscal year that contains d and its first day.
func (c Calendar) yearOf(d Date) (int, Date) {
	dn := d.Days()
	ey := FromDays(dn).Year
	// A year ends within a few days of the end of its anchor month, so the
	// calendar year of d is at most one off the anchor year of its fiscal
	// year.
	if dn > c.yearEnd(ey).Days() {
		ey++
	} else if dn <= c.yearEnd(ey-1).Days() {
		ey--
	}
	return c.fiscalYear(ey), c.yearEnd(ey - 1).AddDays(1)
}

// anchorYear returns the calendar year of the anchor month (the month before
// StartMonth) at the end of fiscal year fy.
func (c Calendar) anchorYear(fy int) int {
	if c.Naming == NamingStart && c.startMonth() != time.January {
		return fy + 1
	}
	return fy
}

// fiscalYear is the inverse of anchorYear.
func (c Calendar) fiscalYear(anchorYear int) int {
	if c.Naming == NamingStart && c.startMonth() != time.January {
		return anchorYear - 1
	}
	return anchorYear
}

// yearEnd returns the last day of the fiscal year whose anchor month falls
// in calendar year y.
func (c Calendar) yearEnd(y int) Date {
	m := c.startMonth() - 1
	if m == 0 {
		m = time.December
	}
	last := Date{Year: y, Month: m, Day: DaysIn(y, m)}
	if _, ok := c.weeks(); !ok {
		return last
	}
	we := (int(c.WeekEnd)%7 + 7) % 7
	back := (int(last.Weekday()) - we + 7) % 7 // days since the last week end
	if c.YearEnd == YearEndNearest && back > 3 {
		return last.AddDays(7 - back)
	}
	return last.AddDays(-back)
}

// startMonth returns StartMonth, January for 0 (or any invalid month).
func (c Calendar) startMonth() time.Month {
	if c.StartMonth < time.January || c.StartMonth > time.December {
		return time.January
	}
	return c.StartMonth
}

// weeks returns the weeks in the three months of each quarter of a
// week-based calendar, and false for a calendar of months.
func (c Calendar) weeks() ([3]int, bool) {
	switch c.Pattern {
	case Pattern445:
		return [3]int{4, 4, 5}, true
	case Pattern454:
		return [3]int{4, 5, 4}, true
	case Pattern544:
		return [3]int{5, 4, 4}, true
	}
	return [3]int{}, false
}
