package calendar

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	tests := []struct {
		cal  Calendar
		id   string
		want Period
	}{
		{calendarYear, "FY2026", Period{ID: "FY2026", Kind: Year, FiscalYear: 2026, Index: 1, Start: d("2026-01-01"), End: d("2026-12-31")}},
		{calendarYear, "FY2026-H2", Period{ID: "FY2026-H2", Kind: Half, FiscalYear: 2026, Index: 2, Start: d("2026-07-01"), End: d("2026-12-31")}},
		{calendarYear, "FY2026-Q1", Period{ID: "FY2026-Q1", Kind: Quarter, FiscalYear: 2026, Index: 1, Start: d("2026-01-01"), End: d("2026-03-31")}},
		{calendarYear, "FY2024-M02", Period{ID: "FY2024-M02", Kind: Month, FiscalYear: 2024, Index: 2, Start: d("2024-02-01"), End: d("2024-02-29")}},
		{calendarYear, "FY2026-M12", Period{ID: "FY2026-M12", Kind: Month, FiscalYear: 2026, Index: 12, Start: d("2026-12-01"), End: d("2026-12-31")}},
		{febEnd, "FY2027", Period{ID: "FY2027", Kind: Year, FiscalYear: 2027, Index: 1, Start: d("2026-02-01"), End: d("2027-01-31")}},
		{febEnd, "FY2027-M01", Period{ID: "FY2027-M01", Kind: Month, FiscalYear: 2027, Index: 1, Start: d("2026-02-01"), End: d("2026-02-28")}},
		{febStart, "FY2026-Q4", Period{ID: "FY2026-Q4", Kind: Quarter, FiscalYear: 2026, Index: 4, Start: d("2026-11-01"), End: d("2027-01-31")}},
		{nrf, "FY2023-Q4", Period{ID: "FY2023-Q4", Kind: Quarter, FiscalYear: 2023, Index: 4, Start: d("2023-10-29"), End: d("2024-02-03")}},
		{calendarYear, "FY0001", Period{ID: "FY0001", Kind: Year, FiscalYear: 1, Index: 1, Start: d("0001-01-01"), End: d("0001-12-31")}},
		{calendarYear, "FY9999-M12", Period{ID: "FY9999-M12", Kind: Month, FiscalYear: 9999, Index: 12, Start: d("9999-12-01"), End: d("9999-12-31")}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			got, err := tt.cal.Parse(tt.id)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.id, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.id, diff)
			}
		})
	}
}

func TestParseError(t *testing.T) {
	const shape = ": want FY<year>, FY<year>-H<n>, FY<year>-Q<n> or FY<year>-M<nn>"
	tests := []struct {
		id   string
		want string
	}{
		{"FY2027-Q5", `invalid period "FY2027-Q5": a quarter is Q1 to Q4`},
		{"FY2027-Q0", `invalid period "FY2027-Q0": a quarter is Q1 to Q4`},
		{"FY2027-Q", `invalid period "FY2027-Q": a quarter is Q1 to Q4`},
		{"FY2027-Q01", `invalid period "FY2027-Q01": a quarter is Q1 to Q4`},
		{"FY2027-H3", `invalid period "FY2027-H3": a half is H1 or H2`},
		{"FY2027-H0", `invalid period "FY2027-H0": a half is H1 or H2`},
		{"FY2027-M13", `invalid period "FY2027-M13": a month is M01 to M12`},
		{"FY2027-M00", `invalid period "FY2027-M00": a month is M01 to M12`},
		{"FY2027-M1", `invalid period "FY2027-M1": a month is M01 to M12`},
		{"FY2027-M001", `invalid period "FY2027-M001": a month is M01 to M12`},
		{"FY2027-M+1", `invalid period "FY2027-M+1": a month is M01 to M12`},
		{"FY2027-M-1", `invalid period "FY2027-M-1": a month is M01 to M12`},
		{"FY0000", `invalid period "FY0000": the year is 0001 to 9999`},
		{"2027-Q1", `invalid period "2027-Q1"` + shape},
		{"", `invalid period ""` + shape},
		{"FY", `invalid period "FY"` + shape},
		{"FY27", `invalid period "FY27"` + shape},
		{"FY27-Q1", `invalid period "FY27-Q1"` + shape},
		{"FY20271", `invalid period "FY20271"` + shape},
		{"FY12345", `invalid period "FY12345"` + shape},
		{"FY2027-", `invalid period "FY2027-"` + shape},
		{"FY2027Q1", `invalid period "FY2027Q1"` + shape},
		{"FY2027-W01", `invalid period "FY2027-W01"` + shape},
		{"FY2027-q1", `invalid period "FY2027-q1"` + shape},
		{"fy2027", `invalid period "fy2027"` + shape},
		{" FY2027", `invalid period " FY2027"` + shape},
		{"FY-027", `invalid period "FY-027"` + shape},
		{"FY2027 ", `invalid period "FY2027 "` + shape},
		{"FY" + strings.Repeat("9", 100), `invalid period "FY99999999999999999999999999999999999999..."` + shape},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			got, err := calendarYear.Parse(tt.id)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want error %q", tt.id, got, tt.want)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("Parse(%q) error (-want +got):\n%s", tt.id, diff)
			}
			if !errors.Is(err, ErrInvalidPeriod) {
				t.Errorf("errors.Is(%v, ErrInvalidPeriod) = false", err)
			}
			if got != (Period{}) {
				t.Errorf("Parse(%q) = %+v with an error, want the zero Period", tt.id, got)
			}
		})
	}
}

func TestMustParse(t *testing.T) {
	if got := calendarYear.MustParse("FY2026-Q2").ID; got != "FY2026-Q2" {
		t.Errorf("MustParse = %s", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("MustParse(bad) did not panic")
		}
	}()
	calendarYear.MustParse("Q2")
}

// FuzzParse checks that Parse never panics, on any calendar, and that an
// identifier it accepts round-trips.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"FY2027", "FY2027-H1", "FY2027-H2", "FY2027-Q1", "FY2027-Q4", "FY2027-M01", "FY2027-M12",
		"FY0001", "FY9999-M12", "FY0000", "FY2027-Q5", "2027-Q1", "", "FY", "FY2027-", "FY2027-M1",
		"FY2027-M+1", "FY2027-X1", "FY\xff\xfe-Q1",
	} {
		f.Add(s, uint8(0))
	}
	f.Add("FY2023-Q4", uint8(6))
	cals := []Calendar{calendarYear, febEnd, febStart, julyEnd, nrf, nrfEnd, jan445Last, july544, {StartMonth: 20, Pattern: "bad"}}
	f.Fuzz(func(t *testing.T, id string, which uint8) {
		c := cals[int(which)%len(cals)]
		p, err := c.Parse(id)
		if err != nil {
			if !errors.Is(err, ErrInvalidPeriod) {
				t.Fatalf("Parse(%q) error %v does not wrap ErrInvalidPeriod", id, err)
			}
			return
		}
		if p.ID != id {
			t.Fatalf("Parse(%q).ID = %q", id, p.ID)
		}
		if p.End.Before(p.Start) {
			t.Fatalf("Parse(%q) = %s..%s", id, p.Start, p.End)
		}
		if again, err := c.Parse(p.ID); err != nil || again != p {
			t.Fatalf("Parse(Parse(%q).ID) = %+v, %v; want %+v", id, again, err, p)
		}
		if got := c.PeriodOf(p.Kind, p.Start); got != p {
			t.Fatalf("PeriodOf(%v, %s) = %+v, want %+v", p.Kind, p.Start, got, p)
		}
		if got := c.Next(c.Prev(p)); got != p {
			t.Fatalf("Next(Prev(%s)) = %+v", id, got)
		}
	})
}

// FuzzPeriodOf checks that no calendar, valid or not, makes PeriodOf panic,
// and that on a valid calendar the period contains the day.
func FuzzPeriodOf(f *testing.F) {
	f.Add(0, "", "", 0, "", 20000, 4)
	f.Add(2, "start", "4-5-4", 6, "nearest", 19386, 3)
	f.Add(1, "end", "4-4-5", 6, "last", -719162, 1)
	f.Add(13, "x", "y", 9, "z", 2932896, 2)
	f.Fuzz(func(t *testing.T, start int, naming, pattern string, weekEnd int, yearEnd string, days, kind int) {
		// Stay within years 1 to 9999, the years of a valid Date.
		lo, hi := d("0001-01-01").Days(), d("9999-12-31").Days()
		days = lo + (days%(hi-lo+1)+(hi-lo+1))%(hi-lo+1)
		c := Calendar{StartMonth: time.Month(start), Naming: Naming(naming), Pattern: Pattern(pattern), WeekEnd: time.Weekday(weekEnd), YearEnd: YearEnd(yearEnd)}
		day := FromDays(days)
		p := c.PeriodOf(Kind(kind), day)
		c.Next(p)
		c.Prev(p)
		c.Sub(p, Month)
		c.Parent(p, Year)
		if Kind(kind).count() == 0 || c.Validate() != nil {
			return
		}
		if !p.Contains(day) {
			t.Fatalf("%+v: PeriodOf(%v, %s) = %+v", c, Kind(kind), day, p)
		}
	})
}
