package calendar

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr string
	}{
		{"2026-06-01", Date{2026, time.June, 1}, ""},
		{"2024-02-29", Date{2024, time.February, 29}, ""},
		{"0001-01-01", Date{1, time.January, 1}, ""},
		{"9999-12-31", Date{9999, time.December, 31}, ""},
		{"2026-02-29", Date{}, `invalid date "2026-02-29": no such day`},
		{"1900-02-29", Date{}, `invalid date "1900-02-29": no such day`},
		{"2026-13-01", Date{}, `invalid date "2026-13-01": no such day`},
		{"0000-01-01", Date{}, `invalid date "0000-01-01": no such day`},
		{"2026-6-1", Date{}, `invalid date "2026-6-1": want YYYY-MM-DD`},
		{"2026/06/01", Date{}, `invalid date "2026/06/01": want YYYY-MM-DD`},
		{"+026-06-01", Date{}, `invalid date "+026-06-01": want YYYY-MM-DD`},
		{"2026-+6-01", Date{}, `invalid date "2026-+6-01": want YYYY-MM-DD`},
		{"2026-06-+1", Date{}, `invalid date "2026-06-+1": want YYYY-MM-DD`},
		{"2026-0x-01", Date{}, `invalid date "2026-0x-01": want YYYY-MM-DD`},
		{"", Date{}, `invalid date "": want YYYY-MM-DD`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if diff := cmp.Diff(tt.wantErr, gotErr); diff != "" {
				t.Errorf("ParseDate(%q) error (-want +got):\n%s", tt.in, diff)
			}
			if got != tt.want {
				t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestDate(t *testing.T) {
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"NewDate", NewDate(2026, time.June, 1), d("2026-06-01")},
		{"NewDate does not normalise", NewDate(2026, time.February, 30).Valid(), false},
		{"DateOf", DateOf(time.Date(2026, 6, 1, 23, 59, 0, 0, time.FixedZone("x", -5*3600))), d("2026-06-01")},
		{"zero", Date{}.IsZero(), true},
		{"not zero", d("2026-06-01").IsZero(), false},
		{"zero is not valid", Date{}.Valid(), false},
		{"String", d("0042-03-04").String(), "0042-03-04"},
		{"String out of range", Date{12345, 1, 2}.String(), "12345-01-02"},
		{"String negative", Date{-1, 1, 2}.String(), "-001-01-02"},
		{"Days of epoch", d("1970-01-01").Days(), 0},
		{"Days before epoch", d("1969-12-31").Days(), -1},
		{"Days", d("2026-06-01").Days(), 20605},
		{"FromDays", FromDays(20605), d("2026-06-01")},
		{"FromDays negative", FromDays(-1), d("1969-12-31")},
		{"AddDays across a leap day", d("2024-02-28").AddDays(2), d("2024-03-01")},
		{"AddDays back", d("2026-01-01").AddDays(-1), d("2025-12-31")},
		{"AddMonths clamps", d("2026-01-31").AddMonths(1), d("2026-02-28")},
		{"AddMonths clamps leap", d("2024-01-31").AddMonths(1), d("2024-02-29")},
		{"AddMonths across years", d("2026-11-15").AddMonths(3), d("2027-02-15")},
		{"AddMonths back", d("2026-01-15").AddMonths(-1), d("2025-12-15")},
		{"AddMonths back many", d("2026-03-31").AddMonths(-25), d("2024-02-29")},
		{"Weekday", d("2026-06-01").Weekday(), time.Monday},
		{"Compare before", d("2026-06-01").Compare(d("2026-06-02")), -1},
		{"Compare same", d("2026-06-01").Compare(d("2026-06-01")), 0},
		{"Compare month", d("2026-07-01").Compare(d("2026-06-30")), 1},
		{"Compare year", d("2025-12-31").Compare(d("2026-01-01")), -1},
		{"Before", d("2026-06-01").Before(d("2026-06-02")), true},
		{"After", d("2026-06-01").After(d("2026-06-02")), false},
		{"DaysUntil", d("2026-01-01").DaysUntil(d("2027-01-01")), 365},
		{"DaysUntil leap", d("2024-01-01").DaysUntil(d("2025-01-01")), 366},
		{"DaysIn February leap", DaysIn(2024, time.February), 29},
		{"DaysIn February", DaysIn(2026, time.February), 28},
		{"DaysIn February 1900", DaysIn(1900, time.February), 28},
		{"DaysIn February 2000", DaysIn(2000, time.February), 29},
		{"DaysIn April", DaysIn(2026, time.April), 30},
		{"DaysIn December", DaysIn(2026, time.December), 31},
		{"floorDiv negative", floorDiv(-1, 12), -1},
		{"floorDiv exact negative", floorDiv(-12, 12), -1},
		{"floorDiv positive", floorDiv(13, 12), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDateText(t *testing.T) {
	type doc struct {
		D Date `json:"d"`
	}
	b, err := json.Marshal(doc{d("2026-06-01")})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(`{"d":"2026-06-01"}`, string(b)); diff != "" {
		t.Errorf("json.Marshal (-want +got):\n%s", diff)
	}
	var got doc
	if err := json.Unmarshal(b, &got); err != nil || got.D != d("2026-06-01") {
		t.Errorf("json.Unmarshal = %v, %v", got, err)
	}
	err = json.Unmarshal([]byte(`{"d":"2026-02-30"}`), &got)
	if err == nil || err.Error() != `invalid date "2026-02-30": no such day` {
		t.Errorf("json.Unmarshal(bad date) error = %v", err)
	}
}

func TestMustParseDate(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParseDate(bad) did not panic")
		}
	}()
	MustParseDate("2026-02-30")
}
