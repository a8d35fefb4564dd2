package calendar

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestKind(t *testing.T) {
	tests := []struct {
		kind Kind
		name string
	}{
		{Year, "year"},
		{Half, "half"},
		{Quarter, "quarter"},
		{Month, "month"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.kind.String(); got != tt.name {
				t.Errorf("String() = %q, want %q", got, tt.name)
			}
			got, err := ParseKind(tt.name)
			if err != nil || got != tt.kind {
				t.Errorf("ParseKind(%q) = %v, %v; want %v", tt.name, got, err, tt.kind)
			}
			b, err := tt.kind.MarshalText()
			if err != nil || string(b) != tt.name {
				t.Errorf("MarshalText() = %q, %v; want %q", b, err, tt.name)
			}
			var k Kind
			if err := k.UnmarshalText([]byte(tt.name)); err != nil || k != tt.kind {
				t.Errorf("UnmarshalText(%q) = %v, %v; want %v", tt.name, k, err, tt.kind)
			}
		})
	}

	if got := Kind(7).String(); got != "Kind(7)" {
		t.Errorf("Kind(7).String() = %q", got)
	}
	if got := Kind(0).String(); got != "Kind(0)" {
		t.Errorf("Kind(0).String() = %q", got)
	}
	if b, err := Kind(0).MarshalText(); err != nil || len(b) != 0 {
		t.Errorf("Kind(0).MarshalText() = %q, %v; want empty", b, err)
	}
	if _, err := Kind(7).MarshalText(); err == nil || err.Error() != "invalid period kind 7" || !errors.Is(err, ErrInvalidKind) {
		t.Errorf("Kind(7).MarshalText() error = %v", err)
	}
	k := Quarter
	if err := k.UnmarshalText(nil); err != nil || k != 0 {
		t.Errorf("UnmarshalText(empty) = %v, %v; want 0", k, err)
	}
}

func TestParseKindError(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"weekly", `invalid period kind "weekly": want year, half, quarter or month`},
		{"Year", `invalid period kind "Year": want year, half, quarter or month`},
		{"", `invalid period kind "": want year, half, quarter or month`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseKind(tt.in)
			if err == nil {
				t.Fatalf("ParseKind(%q) = nil error", tt.in)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if !errors.Is(err, ErrInvalidKind) {
				t.Errorf("errors.Is(%v, ErrInvalidKind) = false", err)
			}
		})
	}
	var k Kind
	if err := k.UnmarshalText([]byte("weekly")); err == nil {
		t.Error("UnmarshalText(weekly) = nil error")
	}
}

func TestPeriodJSON(t *testing.T) {
	p := calendarYear.MustParse("FY2026-Q2")
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"FY2026-Q2","kind":"quarter","fiscal_year":2026,"index":2,"start":"2026-04-01","end":"2026-06-30"}`
	if diff := cmp.Diff(want, string(b)); diff != "" {
		t.Errorf("json.Marshal (-want +got):\n%s", diff)
	}
	var got Period
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestContains(t *testing.T) {
	q2 := calendarYear.MustParse("FY2026-Q2")
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"first day", q2.Contains(d("2026-04-01")), true},
		{"last day", q2.Contains(d("2026-06-30")), true},
		{"day before", q2.Contains(d("2026-03-31")), false},
		{"day after", q2.Contains(d("2026-07-01")), false},
		{"its month", q2.ContainsPeriod(calendarYear.MustParse("FY2026-M06")), true},
		{"itself", q2.ContainsPeriod(q2), true},
		{"another month", q2.ContainsPeriod(calendarYear.MustParse("FY2026-M07")), false},
		{"its year", q2.ContainsPeriod(calendarYear.MustParse("FY2026")), false},
		{"year contains it", calendarYear.MustParse("FY2026").ContainsPeriod(q2), true},
		{"half contains it", calendarYear.MustParse("FY2026-H1").ContainsPeriod(q2), true},
		{"other half", calendarYear.MustParse("FY2026-H2").ContainsPeriod(q2), false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if got, want := q2.String(), "FY2026-Q2"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := q2.Days(), 91; got != want {
		t.Errorf("Days() = %d, want %d", got, want)
	}
	if diff := cmp.Diff(Range{From: d("2026-04-01"), To: d("2026-06-30")}, q2.Range()); diff != "" {
		t.Errorf("Range() (-want +got):\n%s", diff)
	}
}
