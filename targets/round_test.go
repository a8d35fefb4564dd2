package targets

import (
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/money"
)

func TestRoundRat(t *testing.T) {
	tests := []struct {
		num, den int64
		places   int32
		mode     money.Rounding
		want     string
	}{
		{1, 3, 2, money.HalfEven, "0.33"},
		{2, 3, 2, money.HalfEven, "0.67"},
		{-2, 3, 2, money.HalfEven, "-0.67"},
		{1, 8, 2, money.HalfEven, "0.12"},
		{3, 8, 2, money.HalfEven, "0.38"},
		{1, 8, 2, money.HalfUp, "0.13"},
		{-1, 8, 2, money.HalfUp, "-0.13"},
		{-1, 8, 2, money.HalfEven, "-0.12"},
		{-3, 8, 2, money.HalfEven, "-0.38"},
		{5, 2, 0, money.HalfEven, "2"},
		{7, 2, 0, money.HalfEven, "4"},
		{0, 1, 2, money.HalfEven, "0"},
	}
	for _, tt := range tests {
		got := roundRat(big.NewRat(tt.num, tt.den), tt.places, tt.mode).String()
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("roundRat(%d/%d, %d, %v) (-want +got):\n%s", tt.num, tt.den, tt.places, tt.mode, diff)
		}
	}
}

func TestTenureMonth(t *testing.T) {
	tests := []struct {
		start, day string
		want       int
	}{
		{"2026-06-15", "2026-06-14", 0},
		{"2026-06-15", "2026-06-15", 1},
		{"2026-06-15", "2026-07-14", 1},
		{"2026-06-15", "2026-07-15", 2},
		{"2026-01-31", "2026-02-27", 1},
		{"2026-01-31", "2026-02-28", 2},
		{"2026-01-31", "2026-03-30", 2},
		{"2026-01-31", "2026-03-31", 3},
		{"2024-02-29", "2025-02-28", 13},
		{"2025-10-01", "2026-01-01", 4},
	}
	for _, tt := range tests {
		got := TenureMonth(calendar.MustParseDate(tt.start), calendar.MustParseDate(tt.day))
		if got != tt.want {
			t.Errorf("TenureMonth(%s, %s) = %d, want %d", tt.start, tt.day, got, tt.want)
		}
	}
}
