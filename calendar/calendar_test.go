package calendar

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var d = MustParseDate

// span is a period's identity and dates, the part of a Period that tests
// spell out.
type span struct{ ID, Start, End string }

func spanOf(p Period) span { return span{p.ID, p.Start.String(), p.End.String()} }

func spansOf(ps []Period) []span {
	out := make([]span, len(ps))
	for i, p := range ps {
		out[i] = spanOf(p)
	}
	return out
}

var (
	calendarYear = Calendar{}
	febEnd       = Calendar{StartMonth: time.February}
	febStart     = Calendar{StartMonth: time.February, Naming: NamingStart}
	julyEnd      = Calendar{StartMonth: time.July, Naming: NamingEnd}
	julyStart    = Calendar{StartMonth: time.July, Naming: NamingStart}
	nrf          = NRF()
	nrfEnd       = Calendar{StartMonth: time.February, Pattern: Pattern454, WeekEnd: time.Saturday, YearEnd: YearEndNearest}
	jan445Last   = Calendar{Pattern: Pattern445, WeekEnd: time.Saturday, YearEnd: YearEndLast}
	july544      = Calendar{StartMonth: time.July, Pattern: Pattern544, WeekEnd: time.Sunday, YearEnd: YearEndNearest}
	janStart445  = Calendar{StartMonth: time.January, Naming: NamingStart, Pattern: Pattern445, WeekEnd: time.Saturday, YearEnd: YearEndLast}
)

// calendars are the valid calendars the property tests run on.
var calendars = map[string]Calendar{
	"calendar year":      calendarYear,
	"february end":       febEnd,
	"february start":     febStart,
	"july end":           julyEnd,
	"july start":         julyStart,
	"december start":     {StartMonth: time.December, Naming: NamingStart, Pattern: PatternMonths},
	"nrf 4-5-4":          nrf,
	"nrf named for end":  nrfEnd,
	"4-4-5 last sat jan": jan445Last,
	"5-4-4 nearest sun":  july544,
	"4-4-5 last fri oct": {StartMonth: time.October, Pattern: Pattern445, WeekEnd: time.Friday, YearEnd: YearEndLast, Naming: NamingStart},
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		cal  Calendar
		want string // "" for valid
	}{
		{"zero", Calendar{}, ""},
		{"months", Calendar{StartMonth: time.December, Naming: NamingStart, Pattern: PatternMonths}, ""},
		{"nrf", NRF(), ""},
		{"4-4-5 last sunday", Calendar{Pattern: Pattern445, YearEnd: YearEndLast}, ""},
		{"start month 13", Calendar{StartMonth: 13},
			"invalid calendar: start_month 13: want 1 to 12, or 0 for January"},
		{"start month -1", Calendar{StartMonth: -1},
			"invalid calendar: start_month -1: want 1 to 12, or 0 for January"},
		{"naming", Calendar{Naming: "middle"},
			`invalid calendar: naming "middle": want "end" or "start"`},
		{"pattern", Calendar{Pattern: "4-4-4"},
			`invalid calendar: pattern "4-4-4": want "months", "4-4-5", "4-5-4" or "5-4-4"`},
		{"week end with months", Calendar{WeekEnd: time.Saturday},
			"invalid calendar: week_end 6 applies only to a week-based pattern"},
		{"year end with months", Calendar{Pattern: PatternMonths, YearEnd: YearEndLast},
			`invalid calendar: year_end "last" applies only to a week-based pattern`},
		{"week end out of range", Calendar{Pattern: Pattern454, WeekEnd: 7, YearEnd: YearEndLast},
			"invalid calendar: week_end 7: want 0 (Sunday) to 6 (Saturday)"},
		{"year end missing", Calendar{Pattern: Pattern544, WeekEnd: time.Saturday},
			`invalid calendar: year_end is required with pattern "5-4-4": want "last" or "nearest"`},
		{"year end unknown", Calendar{Pattern: Pattern445, YearEnd: "first"},
			`invalid calendar: year_end "first": want "last" or "nearest"`},
		{"every problem at once", Calendar{StartMonth: 14, Naming: "x", Pattern: "weeks", WeekEnd: 9, YearEnd: "y"},
			"invalid calendar: start_month 14: want 1 to 12, or 0 for January\n" +
				`invalid calendar: naming "x": want "end" or "start"` + "\n" +
				`invalid calendar: pattern "weeks": want "months", "4-4-5", "4-5-4" or "5-4-4"`},
		{"two problems", Calendar{StartMonth: 13, Pattern: Pattern445, WeekEnd: -1},
			"invalid calendar: start_month 13: want 1 to 12, or 0 for January\n" +
				"invalid calendar: week_end -1: want 0 (Sunday) to 6 (Saturday)\n" +
				`invalid calendar: year_end is required with pattern "4-4-5": want "last" or "nearest"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cal.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want %q", tt.want)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("Validate() error (-want +got):\n%s", diff)
			}
			if !errors.Is(err, ErrInvalidCalendar) {
				t.Errorf("errors.Is(%v, ErrInvalidCalendar) = false", err)
			}
		})
	}
	for name, c := range calendars {
		if err := c.Validate(); err != nil {
			t.Errorf("%s: Validate() = %v", name, err)
		}
	}
}

func TestCalendarJSON(t *testing.T) {
	tests := []struct {
		name string
		cal  Calendar
		want string
	}{
		{"zero", Calendar{}, `{}`},
		{"february start", febStart, `{"start_month":2,"naming":"start"}`},
		{"nrf", NRF(), `{"start_month":2,"naming":"start","pattern":"4-5-4","week_end":6,"year_end":"nearest"}`},
		{"sunday week end", Calendar{Pattern: Pattern445, YearEnd: YearEndLast}, `{"pattern":"4-4-5","year_end":"last"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.cal)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(b)); diff != "" {
				t.Errorf("json.Marshal (-want +got):\n%s", diff)
			}
			var got Calendar
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.cal, got); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestYear(t *testing.T) {
	tests := []struct {
		name string
		cal  Calendar
		fy   int
		want span
	}{
		{"calendar year", calendarYear, 2026, span{"FY2026", "2026-01-01", "2026-12-31"}},
		{"calendar year leap", calendarYear, 2024, span{"FY2024", "2024-01-01", "2024-12-31"}},
		{"january named for start", Calendar{Naming: NamingStart}, 2026, span{"FY2026", "2026-01-01", "2026-12-31"}},
		{"february named for end", febEnd, 2027, span{"FY2027", "2026-02-01", "2027-01-31"}},
		{"february named for start", febStart, 2026, span{"FY2026", "2026-02-01", "2027-01-31"}},
		{"july named for end", julyEnd, 2027, span{"FY2027", "2026-07-01", "2027-06-30"}},
		{"july named for start", julyStart, 2026, span{"FY2026", "2026-07-01", "2027-06-30"}},
		{"march across a leap day", Calendar{StartMonth: time.March}, 2024, span{"FY2024", "2023-03-01", "2024-02-29"}},
		{"nrf 2022", nrf, 2022, span{"FY2022", "2022-01-30", "2023-01-28"}},
		{"nrf 2023, 53 weeks", nrf, 2023, span{"FY2023", "2023-01-29", "2024-02-03"}},
		{"nrf 2024", nrf, 2024, span{"FY2024", "2024-02-04", "2025-02-01"}},
		{"nrf 2025", nrf, 2025, span{"FY2025", "2025-02-02", "2026-01-31"}},
		{"nrf named for end", nrfEnd, 2024, span{"FY2024", "2023-01-29", "2024-02-03"}},
		{"4-4-5 last saturday of december", jan445Last, 2026, span{"FY2026", "2025-12-28", "2026-12-26"}},
		{"4-4-5 53 weeks", jan445Last, 2022, span{"FY2022", "2021-12-26", "2022-12-31"}},
		{"january named for start, weeks", janStart445, 2022, span{"FY2022", "2021-12-26", "2022-12-31"}},
		{"5-4-4 sunday nearest june 30", july544, 2026, span{"FY2026", "2025-06-30", "2026-06-28"}},
		{"5-4-4 nearest sunday before", july544, 2027, span{"FY2027", "2026-06-29", "2027-06-27"}},
		{"5-4-4 nearest sunday after, 53 weeks", july544, 2028, span{"FY2028", "2027-06-28", "2028-07-02"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, spanOf(tt.cal.Year(tt.fy))); diff != "" {
				t.Errorf("Year(%d) (-want +got):\n%s", tt.fy, diff)
			}
		})
	}
}

func TestPeriods(t *testing.T) {
	tests := []struct {
		name string
		cal  Calendar
		fy   int
		kind Kind
		want []span
	}{
		{"calendar quarters", calendarYear, 2026, Quarter, []span{
			{"FY2026-Q1", "2026-01-01", "2026-03-31"},
			{"FY2026-Q2", "2026-04-01", "2026-06-30"},
			{"FY2026-Q3", "2026-07-01", "2026-09-30"},
			{"FY2026-Q4", "2026-10-01", "2026-12-31"},
		}},
		{"calendar halves", calendarYear, 2026, Half, []span{
			{"FY2026-H1", "2026-01-01", "2026-06-30"},
			{"FY2026-H2", "2026-07-01", "2026-12-31"},
		}},
		{"calendar year", calendarYear, 2026, Year, []span{{"FY2026", "2026-01-01", "2026-12-31"}}},
		{"february quarters named for end", febEnd, 2027, Quarter, []span{
			{"FY2027-Q1", "2026-02-01", "2026-04-30"},
			{"FY2027-Q2", "2026-05-01", "2026-07-31"},
			{"FY2027-Q3", "2026-08-01", "2026-10-31"},
			{"FY2027-Q4", "2026-11-01", "2027-01-31"},
		}},
		{"february halves named for start", febStart, 2026, Half, []span{
			{"FY2026-H1", "2026-02-01", "2026-07-31"},
			{"FY2026-H2", "2026-08-01", "2027-01-31"},
		}},
		{"july quarters", julyEnd, 2027, Quarter, []span{
			{"FY2027-Q1", "2026-07-01", "2026-09-30"},
			{"FY2027-Q2", "2026-10-01", "2026-12-31"},
			{"FY2027-Q3", "2027-01-01", "2027-03-31"},
			{"FY2027-Q4", "2027-04-01", "2027-06-30"},
		}},
		{"february months of a leap year", febEnd, 2025, Month, []span{
			{"FY2025-M01", "2024-02-01", "2024-02-29"},
			{"FY2025-M02", "2024-03-01", "2024-03-31"},
			{"FY2025-M03", "2024-04-01", "2024-04-30"},
			{"FY2025-M04", "2024-05-01", "2024-05-31"},
			{"FY2025-M05", "2024-06-01", "2024-06-30"},
			{"FY2025-M06", "2024-07-01", "2024-07-31"},
			{"FY2025-M07", "2024-08-01", "2024-08-31"},
			{"FY2025-M08", "2024-09-01", "2024-09-30"},
			{"FY2025-M09", "2024-10-01", "2024-10-31"},
			{"FY2025-M10", "2024-11-01", "2024-11-30"},
			{"FY2025-M11", "2024-12-01", "2024-12-31"},
			{"FY2025-M12", "2025-01-01", "2025-01-31"},
		}},
		// NRF 4-5-4, fiscal 2023: 53 weeks, the extra one in January.
		{"nrf 2023 months", nrf, 2023, Month, []span{
			{"FY2023-M01", "2023-01-29", "2023-02-25"},
			{"FY2023-M02", "2023-02-26", "2023-04-01"},
			{"FY2023-M03", "2023-04-02", "2023-04-29"},
			{"FY2023-M04", "2023-04-30", "2023-05-27"},
			{"FY2023-M05", "2023-05-28", "2023-07-01"},
			{"FY2023-M06", "2023-07-02", "2023-07-29"},
			{"FY2023-M07", "2023-07-30", "2023-08-26"},
			{"FY2023-M08", "2023-08-27", "2023-09-30"},
			{"FY2023-M09", "2023-10-01", "2023-10-28"},
			{"FY2023-M10", "2023-10-29", "2023-11-25"},
			{"FY2023-M11", "2023-11-26", "2023-12-30"},
			{"FY2023-M12", "2023-12-31", "2024-02-03"},
		}},
		{"nrf 2023 quarters", nrf, 2023, Quarter, []span{
			{"FY2023-Q1", "2023-01-29", "2023-04-29"},
			{"FY2023-Q2", "2023-04-30", "2023-07-29"},
			{"FY2023-Q3", "2023-07-30", "2023-10-28"},
			{"FY2023-Q4", "2023-10-29", "2024-02-03"},
		}},
		{"nrf 2023 halves", nrf, 2023, Half, []span{
			{"FY2023-H1", "2023-01-29", "2023-07-29"},
			{"FY2023-H2", "2023-07-30", "2024-02-03"},
		}},
		{"nrf 2024 months", nrf, 2024, Month, []span{
			{"FY2024-M01", "2024-02-04", "2024-03-02"},
			{"FY2024-M02", "2024-03-03", "2024-04-06"},
			{"FY2024-M03", "2024-04-07", "2024-05-04"},
			{"FY2024-M04", "2024-05-05", "2024-06-01"},
			{"FY2024-M05", "2024-06-02", "2024-07-06"},
			{"FY2024-M06", "2024-07-07", "2024-08-03"},
			{"FY2024-M07", "2024-08-04", "2024-08-31"},
			{"FY2024-M08", "2024-09-01", "2024-10-05"},
			{"FY2024-M09", "2024-10-06", "2024-11-02"},
			{"FY2024-M10", "2024-11-03", "2024-11-30"},
			{"FY2024-M11", "2024-12-01", "2025-01-04"},
			{"FY2024-M12", "2025-01-05", "2025-02-01"},
		}},
		// 4-4-5, year ending on the last Saturday of December; FY2022 has
		// 53 weeks, so its last month has 6.
		{"4-4-5 2022 months", jan445Last, 2022, Month, []span{
			{"FY2022-M01", "2021-12-26", "2022-01-22"},
			{"FY2022-M02", "2022-01-23", "2022-02-19"},
			{"FY2022-M03", "2022-02-20", "2022-03-26"},
			{"FY2022-M04", "2022-03-27", "2022-04-23"},
			{"FY2022-M05", "2022-04-24", "2022-05-21"},
			{"FY2022-M06", "2022-05-22", "2022-06-25"},
			{"FY2022-M07", "2022-06-26", "2022-07-23"},
			{"FY2022-M08", "2022-07-24", "2022-08-20"},
			{"FY2022-M09", "2022-08-21", "2022-09-24"},
			{"FY2022-M10", "2022-09-25", "2022-10-22"},
			{"FY2022-M11", "2022-10-23", "2022-11-19"},
			{"FY2022-M12", "2022-11-20", "2022-12-31"},
		}},
		{"4-4-5 2026 quarters", jan445Last, 2026, Quarter, []span{
			{"FY2026-Q1", "2025-12-28", "2026-03-28"},
			{"FY2026-Q2", "2026-03-29", "2026-06-27"},
			{"FY2026-Q3", "2026-06-28", "2026-09-26"},
			{"FY2026-Q4", "2026-09-27", "2026-12-26"},
		}},
		{"unknown kind", calendarYear, 2026, 0, nil},
		{"kind too large", calendarYear, 2026, 5, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.cal.Periods(tt.fy, tt.kind)
			if tt.want == nil {
				if got != nil {
					t.Errorf("Periods(%d, %v) = %v, want nil", tt.fy, tt.kind, got)
				}
				return
			}
			if diff := cmp.Diff(tt.want, spansOf(got)); diff != "" {
				t.Errorf("Periods(%d, %v) (-want +got):\n%s", tt.fy, tt.kind, diff)
			}
		})
	}

	t.Run("5-4-4 first quarter", func(t *testing.T) {
		want := []span{
			{"FY2026-M01", "2025-06-30", "2025-08-03"},
			{"FY2026-M02", "2025-08-04", "2025-08-31"},
			{"FY2026-M03", "2025-09-01", "2025-09-28"},
		}
		got := july544.Sub(july544.MustParse("FY2026-Q1"), Month)
		if diff := cmp.Diff(want, spansOf(got)); diff != "" {
			t.Errorf("Sub(FY2026-Q1, Month) (-want +got):\n%s", diff)
		}
	})
}

// TestFiftyThreeWeekYears checks which NRF years have 53 weeks against the
// published list, and where the extra week goes.
func TestFiftyThreeWeekYears(t *testing.T) {
	var got []int
	for fy := 2000; fy <= 2030; fy++ {
		y := nrf.Year(fy)
		switch y.Days() {
		case 371:
			got = append(got, fy)
		case 364:
		default:
			t.Errorf("%s has %d days", y.ID, y.Days())
		}
	}
	want := []int{2000, 2006, 2012, 2017, 2023, 2028}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("53-week NRF years (-want +got):\n%s", diff)
	}

	weeks := func(ps []Period) []int {
		out := make([]int, len(ps))
		for i, p := range ps {
			out[i] = p.Days() / 7
		}
		return out
	}
	tests := []struct {
		name string
		cal  Calendar
		fy   int
		kind Kind
		want []int
	}{
		{"4-5-4, 52 weeks", nrf, 2024, Month, []int{4, 5, 4, 4, 5, 4, 4, 5, 4, 4, 5, 4}},
		{"4-5-4, 53 weeks", nrf, 2023, Month, []int{4, 5, 4, 4, 5, 4, 4, 5, 4, 4, 5, 5}},
		{"4-4-5, 52 weeks", jan445Last, 2026, Month, []int{4, 4, 5, 4, 4, 5, 4, 4, 5, 4, 4, 5}},
		{"4-4-5, 53 weeks", jan445Last, 2022, Month, []int{4, 4, 5, 4, 4, 5, 4, 4, 5, 4, 4, 6}},
		{"5-4-4, 52 weeks", july544, 2026, Month, []int{5, 4, 4, 5, 4, 4, 5, 4, 4, 5, 4, 4}},
		{"5-4-4, 53 weeks", july544, 2028, Month, []int{5, 4, 4, 5, 4, 4, 5, 4, 4, 5, 4, 5}},
		{"quarters, 53 weeks", nrf, 2023, Quarter, []int{13, 13, 13, 14}},
		{"halves, 53 weeks", nrf, 2023, Half, []int{26, 27}},
		{"year, 53 weeks", nrf, 2023, Year, []int{53}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, weeks(tt.cal.Periods(tt.fy, tt.kind))); diff != "" {
				t.Errorf("weeks of Periods(%d, %v) (-want +got):\n%s", tt.fy, tt.kind, diff)
			}
		})
	}
}

func TestPeriodOf(t *testing.T) {
	tests := []struct {
		name string
		cal  Calendar
		kind Kind
		date string
		want string
	}{
		{"calendar month", calendarYear, Month, "2026-06-15", "FY2026-M06"},
		{"calendar quarter first day", calendarYear, Quarter, "2026-04-01", "FY2026-Q2"},
		{"calendar quarter last day", calendarYear, Quarter, "2026-03-31", "FY2026-Q1"},
		{"calendar half", calendarYear, Half, "2026-07-01", "FY2026-H2"},
		{"calendar year", calendarYear, Year, "2026-12-31", "FY2026"},
		{"leap day month", calendarYear, Month, "2024-02-29", "FY2024-M02"},
		{"leap day quarter", calendarYear, Quarter, "2024-02-29", "FY2024-Q1"},
		{"february end, january", febEnd, Month, "2027-01-31", "FY2027-M12"},
		{"february end, february", febEnd, Month, "2026-02-01", "FY2027-M01"},
		{"february end, leap day", febEnd, Month, "2024-02-29", "FY2025-M01"},
		{"february start, january", febStart, Year, "2027-01-31", "FY2026"},
		{"february start, february", febStart, Quarter, "2026-02-01", "FY2026-Q1"},
		{"july end, december", julyEnd, Quarter, "2026-12-31", "FY2027-Q2"},
		{"july end, june", julyEnd, Year, "2026-06-30", "FY2026"},
		{"july start, july", julyStart, Month, "2026-07-01", "FY2026-M01"},
		{"july start, june", julyStart, Month, "2027-06-30", "FY2026-M12"},
		{"nrf, january in the next fiscal year", nrf, Year, "2023-01-29", "FY2023"},
		{"nrf, january in the previous fiscal year", nrf, Year, "2023-01-28", "FY2022"},
		{"nrf, february in the previous fiscal year", nrf, Month, "2024-02-03", "FY2023-M12"},
		{"nrf, the 53rd week", nrf, Quarter, "2024-01-30", "FY2023-Q4"},
		{"nrf, leap day", nrf, Month, "2024-02-29", "FY2024-M01"},
		{"nrf, first day of M02", nrf, Month, "2024-03-03", "FY2024-M02"},
		{"4-4-5, december in the next fiscal year", jan445Last, Year, "2025-12-28", "FY2026"},
		{"4-4-5, december 31 in a 53-week year", jan445Last, Month, "2022-12-31", "FY2022-M12"},
		{"4-4-5, january 1 in the previous year", jan445Last, Year, "2023-01-01", "FY2023"},
		{"5-4-4, june in the next fiscal year", july544, Month, "2025-06-30", "FY2026-M01"},
		{"unknown kind", calendarYear, 0, "2026-01-01", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.cal.PeriodOf(tt.kind, d(tt.date))
			if got.ID != tt.want {
				t.Errorf("PeriodOf(%v, %s) = %s, want %s", tt.kind, tt.date, got.ID, tt.want)
			}
			if tt.want != "" && !got.Contains(d(tt.date)) {
				t.Errorf("PeriodOf(%v, %s) = %s %s..%s, which does not contain it", tt.kind, tt.date, got.ID, got.Start, got.End)
			}
		})
	}
}

func TestSubParentNextPrev(t *testing.T) {
	c := febEnd
	p := c.MustParse
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"quarters of a year", spansOf(c.Sub(p("FY2027"), Quarter)), []span{
			{"FY2027-Q1", "2026-02-01", "2026-04-30"},
			{"FY2027-Q2", "2026-05-01", "2026-07-31"},
			{"FY2027-Q3", "2026-08-01", "2026-10-31"},
			{"FY2027-Q4", "2026-11-01", "2027-01-31"},
		}},
		{"months of a quarter", spansOf(c.Sub(p("FY2027-Q4"), Month)), []span{
			{"FY2027-M10", "2026-11-01", "2026-11-30"},
			{"FY2027-M11", "2026-12-01", "2026-12-31"},
			{"FY2027-M12", "2027-01-01", "2027-01-31"},
		}},
		{"quarters of a half", spansOf(c.Sub(p("FY2027-H2"), Quarter)), []span{
			{"FY2027-Q3", "2026-08-01", "2026-10-31"},
			{"FY2027-Q4", "2026-11-01", "2027-01-31"},
		}},
		{"months of a half", len(c.Sub(p("FY2027-H1"), Month)), 6},
		{"halves of a year", len(c.Sub(p("FY2027"), Half)), 2},
		{"months of a year", len(c.Sub(p("FY2027"), Month)), 12},
		{"itself", c.Sub(p("FY2027-Q2"), Quarter), []Period{p("FY2027-Q2")}},
		{"longer kind", c.Sub(p("FY2027-M02"), Quarter), []Period(nil)},
		{"unknown kind", c.Sub(p("FY2027"), 0), []Period(nil)},
		{"zero period", c.Sub(Period{}, Month), []Period(nil)},

		{"quarter of a month", c.Parent(p("FY2027-M06"), Quarter), p("FY2027-Q2")},
		{"half of a month", c.Parent(p("FY2027-M07"), Half), p("FY2027-H2")},
		{"year of a month", c.Parent(p("FY2027-M12"), Year), p("FY2027")},
		{"half of a quarter", c.Parent(p("FY2027-Q2"), Half), p("FY2027-H1")},
		{"year of a half", c.Parent(p("FY2027-H2"), Year), p("FY2027")},
		{"parent itself", c.Parent(p("FY2027-Q3"), Quarter), p("FY2027-Q3")},
		{"parent shorter kind", c.Parent(p("FY2027-Q3"), Month), Period{}},
		{"parent unknown kind", c.Parent(p("FY2027-Q3"), 9), Period{}},

		{"next month", c.Next(p("FY2027-M03")), p("FY2027-M04")},
		{"next month across years", c.Next(p("FY2027-M12")), p("FY2028-M01")},
		{"next quarter across years", c.Next(p("FY2027-Q4")), p("FY2028-Q1")},
		{"next half", c.Next(p("FY2027-H1")), p("FY2027-H2")},
		{"next year", c.Next(p("FY2027")), p("FY2028")},
		{"prev month across years", c.Prev(p("FY2027-M01")), p("FY2026-M12")},
		{"prev quarter", c.Prev(p("FY2027-Q3")), p("FY2027-Q2")},
		{"prev half across years", c.Prev(p("FY2027-H1")), p("FY2026-H2")},
		{"prev year", c.Prev(p("FY2027")), p("FY2026")},
		{"next of zero period", c.Next(Period{}), Period{}},

		{"months in a year", c.MonthsIn(p("FY2027")), 12},
		{"months in a half", c.MonthsIn(p("FY2027-H1")), 6},
		{"months in a quarter", c.MonthsIn(p("FY2027-Q1")), 3},
		{"months in a month", c.MonthsIn(p("FY2027-M01")), 1},
		{"months in zero period", c.MonthsIn(Period{}), 0},

		// A period with an out-of-range index, built by hand, is read as
		// the period that many steps on.
		{"hand-made index 13", c.Sub(Period{Kind: Month, FiscalYear: 2027, Index: 13}, Month), []Period{p("FY2028-M01")}},
		{"hand-made index 0", c.Parent(Period{Kind: Quarter, FiscalYear: 2027, Index: 0}, Year), p("FY2026")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestRoundTrip checks, for every day of thirteen years and every calendar
// and kind, that PeriodOf, Parse, Next, Prev and Parent agree.
func TestRoundTrip(t *testing.T) {
	from, to := d("2019-01-01").Days(), d("2031-12-31").Days()
	for name, c := range calendars {
		t.Run(name, func(t *testing.T) {
			seen := map[string]Period{}
			for n := from; n <= to; n++ {
				day := FromDays(n)
				month := c.PeriodOf(Month, day)
				for _, kind := range []Kind{Year, Half, Quarter, Month} {
					p := c.PeriodOf(kind, day)
					if !p.Contains(day) {
						t.Fatalf("PeriodOf(%v, %s) = %s %s..%s, which does not contain it", kind, day, p.ID, p.Start, p.End)
					}
					if !p.ContainsPeriod(month) {
						t.Fatalf("%s does not contain %s", p.ID, month.ID)
					}
					if q, ok := seen[p.ID]; ok {
						if q != p {
							t.Fatalf("PeriodOf gave two periods %s: %+v and %+v", p.ID, q, p)
						}
						continue
					}
					seen[p.ID] = p
					if got := c.Parent(month, kind); got != p {
						t.Fatalf("Parent(%s, %v) = %s, want %s", month.ID, kind, got.ID, p.ID)
					}
					q, err := c.Parse(p.ID)
					if err != nil {
						t.Fatalf("Parse(%q): %v", p.ID, err)
					}
					if q != p {
						t.Fatalf("Parse(%q) = %+v, want %+v", p.ID, q, p)
					}
					if got := c.Next(c.Prev(p)); got != p {
						t.Fatalf("Next(Prev(%s)) = %s", p.ID, got.ID)
					}
					if got := c.Prev(c.Next(p)); got != p {
						t.Fatalf("Prev(Next(%s)) = %s", p.ID, got.ID)
					}
					if got := c.Next(p).Start; got != p.End.AddDays(1) {
						t.Fatalf("Next(%s) starts %s, want %s", p.ID, got, p.End.AddDays(1))
					}
					if got := c.PeriodOf(kind, p.Start); got != p {
						t.Fatalf("PeriodOf(%v, %s) = %s, want %s", kind, p.Start, got.ID, p.ID)
					}
					if got := c.PeriodOf(kind, p.End); got != p {
						t.Fatalf("PeriodOf(%v, %s) = %s, want %s", kind, p.End, got.ID, p.ID)
					}
				}
			}
		})
	}
}

// TestTiling checks that, for every calendar, fiscal years follow each other
// with no gap or overlap and the periods of each kind tile their year.
func TestTiling(t *testing.T) {
	for name, c := range calendars {
		t.Run(name, func(t *testing.T) {
			_, weekBased := c.weeks()
			for fy := 1990; fy <= 2040; fy++ {
				y := c.Year(fy)
				if next := c.Year(fy + 1); next.Start != y.End.AddDays(1) {
					t.Fatalf("%s ends %s but %s starts %s", y.ID, y.End, next.ID, next.Start)
				}
				if weekBased {
					if n := y.Days(); n != 364 && n != 371 {
						t.Fatalf("%s has %d days", y.ID, n)
					}
					if y.End.Weekday() != c.WeekEnd {
						t.Fatalf("%s ends on %s", y.ID, y.End.Weekday())
					}
				} else if y.Start.Day != 1 || y.Start.Month != c.startMonth() {
					t.Fatalf("%s starts %s", y.ID, y.Start)
				}
				for _, kind := range []Kind{Year, Half, Quarter, Month} {
					ps := c.Periods(fy, kind)
					if len(ps) != 12/c.MonthsIn(ps[0]) {
						t.Fatalf("%d periods of kind %v", len(ps), kind)
					}
					next := y.Start
					for i, p := range ps {
						if p.Start != next {
							t.Fatalf("%s starts %s, want %s", p.ID, p.Start, next)
						}
						if p.End.Before(p.Start) {
							t.Fatalf("%s ends %s before it starts %s", p.ID, p.End, p.Start)
						}
						if p.Kind != kind || p.FiscalYear != fy || p.Index != i+1 {
							t.Fatalf("%s is %v %d #%d", p.ID, p.Kind, p.FiscalYear, p.Index)
						}
						if weekBased && p.Days()%7 != 0 {
							t.Fatalf("%s has %d days", p.ID, p.Days())
						}
						if !y.ContainsPeriod(p) {
							t.Fatalf("%s does not contain %s", y.ID, p.ID)
						}
						next = p.End.AddDays(1)
					}
					if next != y.End.AddDays(1) {
						t.Fatalf("the periods of kind %v of %s end %s, want %s", kind, y.ID, next.AddDays(-1), y.End)
					}
				}
			}
		})
	}
}

// TestInvalidCalendarNoPanic calls every method on calendars that fail
// Validate: the results are unspecified, but there must be no panic and
// periods must still hold their dates in order.
func TestInvalidCalendarNoPanic(t *testing.T) {
	bad := []Calendar{
		{StartMonth: 13},
		{StartMonth: -5, Naming: "x"},
		{Pattern: "weeks"},
		{Pattern: Pattern445, WeekEnd: 12, YearEnd: "x"},
		{Pattern: Pattern454, WeekEnd: -3},
		{StartMonth: 99, Naming: NamingStart, Pattern: Pattern544, WeekEnd: 100, YearEnd: YearEndNearest},
	}
	for _, c := range bad {
		if c.Validate() == nil {
			t.Errorf("%+v: Validate() = nil", c)
		}
		for _, kind := range []Kind{-1, 0, Year, Half, Quarter, Month, 5} {
			p := c.PeriodOf(kind, d("2026-05-17"))
			c.Next(p)
			c.Prev(p)
			c.Sub(p, Month)
			c.Parent(p, Year)
			c.Periods(2026, kind)
			OverlapMonths(c, p, d("2026-01-01"), Date{})
			if kind.count() > 0 && (p.End.Before(p.Start) || !p.Contains(d("2026-05-17"))) {
				t.Errorf("%+v: PeriodOf(%v) = %+v", c, kind, p)
			}
		}
		if _, err := c.Parse("FY2026-Q1"); err != nil {
			t.Errorf("%+v: Parse: %v", c, err)
		}
	}
}

// TestOddDates checks that dates out of the usual range, and dates that
// do not exist, give periods without a panic.
func TestOddDates(t *testing.T) {
	odd := []Date{{}, {Year: 2026, Month: 2, Day: 30}, {Year: 2026, Month: 13, Day: 1}, {Year: 1, Month: 1, Day: 1}, {Year: 9999, Month: 12, Day: 31}, {Year: -400, Month: 1, Day: 1}}
	for name, c := range calendars {
		for _, day := range odd {
			for _, kind := range []Kind{Year, Half, Quarter, Month} {
				p := c.PeriodOf(kind, day)
				if p.Days() < 28 {
					t.Errorf("%s: PeriodOf(%v, %+v) = %+v", name, kind, day, p)
				}
			}
		}
	}
	// A date that does not exist is read as the day it normalises to.
	if got := calendarYear.PeriodOf(Month, Date{Year: 2026, Month: 2, Day: 30}).ID; got != "FY2026-M03" {
		t.Errorf("PeriodOf(Month, 2026-02-30) = %s, want FY2026-M03", got)
	}
}

// TestConcurrent shows that a Calendar is safe for concurrent use; run it
// with -race.
func TestConcurrent(t *testing.T) {
	c := NRF()
	want := c.PeriodOf(Month, d("2024-01-30"))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				if got := c.PeriodOf(Month, d("2024-01-30")); got != want {
					t.Errorf("PeriodOf = %v, want %v", got, want)
					return
				}
				if got := c.MustParse(want.ID); got != want {
					t.Errorf("Parse = %v, want %v", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}
