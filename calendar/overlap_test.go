package calendar

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestOverlap(t *testing.T) {
	tests := []struct {
		name       string
		cal        Calendar
		period     string
		from, to   string // "" for a zero date
		wantMonths int
		wantDays   int
	}{
		// The worked example: a member starting 2026-06-01.
		{"starts on the first, Q2", calendarYear, "FY2026-Q2", "2026-06-01", "", 1, 30},
		{"starts on the first, Q1", calendarYear, "FY2026-Q1", "2026-06-01", "", 0, 0},
		{"starts on the first, Q3", calendarYear, "FY2026-Q3", "2026-06-01", "", 3, 92},
		{"starts on the first, year", calendarYear, "FY2026", "2026-06-01", "", 7, 214},
		{"starts on the first, H1", calendarYear, "FY2026-H1", "2026-06-01", "", 1, 30},
		{"starts on the first, its month", calendarYear, "FY2026-M06", "2026-06-01", "", 1, 30},

		{"starts on the second", calendarYear, "FY2026-Q2", "2026-06-02", "", 0, 29},
		{"starts on the last day", calendarYear, "FY2026-Q2", "2026-06-30", "", 0, 1},
		{"starts before the period", calendarYear, "FY2026-Q2", "2025-11-17", "", 3, 91},
		{"since forever", calendarYear, "FY2026-Q2", "", "", 3, 91},
		{"leaves mid-month", calendarYear, "FY2026-Q2", "", "2026-05-15", 2, 45},
		{"leaves on the last day of a month", calendarYear, "FY2026-Q2", "", "2026-05-31", 2, 61},
		{"leaves on the first of a month", calendarYear, "FY2026-Q2", "", "2026-06-01", 3, 62},
		{"leaves before the period", calendarYear, "FY2026-Q2", "", "2026-03-31", 0, 0},
		{"inside one month", calendarYear, "FY2026-Q2", "2026-05-10", "2026-05-20", 0, 11},
		{"one month exactly", calendarYear, "FY2026-Q2", "2026-05-01", "2026-05-31", 1, 31},
		{"one day", calendarYear, "FY2026-Q2", "2026-04-01", "2026-04-01", 1, 1},
		{"empty range", calendarYear, "FY2026-Q2", "2026-05-20", "2026-05-10", 0, 0},

		// Leap years.
		{"leap quarter, from the leap day", calendarYear, "FY2024-Q1", "2024-02-29", "", 1, 32},
		{"leap quarter, whole", calendarYear, "FY2024-Q1", "", "", 3, 91},
		{"leap quarter, until the leap day", calendarYear, "FY2024-Q1", "", "2024-02-29", 2, 60},
		{"leap month, whole", calendarYear, "FY2024-M02", "2024-02-01", "2024-02-29", 1, 29},
		{"leap month, until the 28th", calendarYear, "FY2024-M02", "2024-01-15", "2024-02-28", 1, 28},
		{"non-leap quarter", calendarYear, "FY2026-Q1", "", "", 3, 90},
		{"february year across a leap day", febEnd, "FY2025-Q1", "2024-02-15", "", 2, 76},
		{"nrf leap day", nrf, "FY2024-M01", "2024-02-29", "", 0, 3},

		// Fiscal years that do not start in January.
		{"july year, from october", julyEnd, "FY2027", "2026-10-01", "", 9, 273},
		{"february start, the last quarter", febStart, "FY2026-Q4", "2026-12-01", "2027-01-15", 2, 46},
		{"february start, leaves before january", febStart, "FY2026-Q4", "2026-12-01", "2026-12-31", 1, 31},

		// A week-based calendar counts its 4- and 5-week fiscal months.
		{"nrf 53-week quarter", nrf, "FY2023-Q4", "2023-11-26", "", 2, 70},
		{"nrf 53-week quarter, first day of the 53rd week", nrf, "FY2023-Q4", "2024-01-28", "", 0, 7},
		{"nrf quarter, in the middle of a month", nrf, "FY2024-Q1", "2024-02-05", "2024-04-06", 1, 62},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.cal.MustParse(tt.period)
			from, to := optDate(tt.from), optDate(tt.to)
			got := [2]int{OverlapMonths(tt.cal, p, from, to), OverlapDays(p, from, to)}
			want := [2]int{tt.wantMonths, tt.wantDays}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("[months, days] of %s in %s..%s (-want +got):\n%s", tt.period, tt.from, tt.to, diff)
			}
		})
	}
	if got := OverlapDays(Period{}, Date{}, Date{}); got != 0 {
		t.Errorf("OverlapDays(zero Period) = %d, want 0", got)
	}
	if got := OverlapMonths(calendarYear, Period{}, Date{}, Date{}); got != 0 {
		t.Errorf("OverlapMonths(zero Period) = %d, want 0", got)
	}
}

func optDate(s string) Date {
	if s == "" {
		return Date{}
	}
	return d(s)
}

func TestRange(t *testing.T) {
	r := func(from, to string) Range { return Range{From: optDate(from), To: optDate(to)} }
	tests := []struct {
		name   string
		a, b   Range
		want   Range
		wantOK bool
	}{
		{"both closed, overlapping", r("2026-01-01", "2026-06-30"), r("2026-04-01", "2026-12-31"), r("2026-04-01", "2026-06-30"), true},
		{"one inside the other", r("2026-01-01", "2026-12-31"), r("2026-04-01", "2026-04-30"), r("2026-04-01", "2026-04-30"), true},
		{"touching on one day", r("2026-01-01", "2026-04-01"), r("2026-04-01", "2026-12-31"), r("2026-04-01", "2026-04-01"), true},
		{"disjoint", r("2026-01-01", "2026-03-31"), r("2026-04-01", "2026-12-31"), r("2026-04-01", "2026-03-31"), false},
		{"open-ended", r("2026-01-01", ""), r("2025-01-01", "2026-06-30"), r("2026-01-01", "2026-06-30"), true},
		{"since forever", r("", "2026-06-30"), r("2026-01-01", ""), r("2026-01-01", "2026-06-30"), true},
		{"both unbounded", r("", ""), r("", ""), r("", ""), true},
		{"unbounded with closed", r("", ""), r("2026-01-01", "2026-01-31"), r("2026-01-01", "2026-01-31"), true},
		{"both open-ended", r("2026-01-01", ""), r("2026-03-01", ""), r("2026-03-01", ""), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, order := range [][2]Range{{tt.a, tt.b}, {tt.b, tt.a}} {
				got, ok := order[0].Intersect(order[1])
				if diff := cmp.Diff(tt.want, got); diff != "" || ok != tt.wantOK {
					t.Errorf("%v.Intersect(%v) = %v, want %v, %v (-want +got):\n%s", order[0], order[1], ok, tt.wantOK, tt.want, diff)
				}
				if got.Empty() == ok {
					t.Errorf("Empty() = %v with ok %v", got.Empty(), ok)
				}
			}
		})
	}

	contains := []struct {
		r    Range
		day  string
		want bool
	}{
		{r("2026-01-01", "2026-01-31"), "2026-01-01", true},
		{r("2026-01-01", "2026-01-31"), "2026-01-31", true},
		{r("2026-01-01", "2026-01-31"), "2025-12-31", false},
		{r("2026-01-01", "2026-01-31"), "2026-02-01", false},
		{r("", "2026-01-31"), "0001-01-01", true},
		{r("2026-01-01", ""), "9999-12-31", true},
		{r("2026-01-02", "2026-01-01"), "2026-01-01", false},
	}
	for _, tt := range contains {
		if got := tt.r.Contains(d(tt.day)); got != tt.want {
			t.Errorf("%v.Contains(%s) = %v, want %v", tt.r, tt.day, got, tt.want)
		}
	}
}

func TestRangeJSON(t *testing.T) {
	tests := []struct {
		r    Range
		want string
	}{
		{Range{}, `{}`},
		{Range{From: d("2026-06-01")}, `{"from":"2026-06-01"}`},
		{Range{From: d("2026-06-01"), To: d("2026-12-31")}, `{"from":"2026-06-01","to":"2026-12-31"}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.r)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, string(b)); diff != "" {
			t.Errorf("json.Marshal (-want +got):\n%s", diff)
		}
		var got Range
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		if got != tt.r {
			t.Errorf("round trip = %v, want %v", got, tt.r)
		}
	}
}
