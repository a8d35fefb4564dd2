package targets

import (
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
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

// TestRoundRatModes checks that a fraction rounds with every mode as its
// decimal expansion does with money.Rounding.Round: ties (1/8, 5/2),
// thirds, negatives, and a value far beyond int64.
func TestRoundRatModes(t *testing.T) {
	big1 := new(big.Rat).SetFrac(new(big.Int).Exp(big.NewInt(10), big.NewInt(30), nil), big.NewInt(3)) // 333…333.33…
	fracs := []*big.Rat{
		big.NewRat(1, 8), big.NewRat(-1, 8), big.NewRat(3, 8), big.NewRat(-3, 8), big.NewRat(5, 2), big.NewRat(-5, 2),
		big.NewRat(1, 3), big.NewRat(-2, 3), big.NewRat(50000*30, 91), big.NewRat(-50000*30, 91), big.NewRat(7, 1),
		big1, new(big.Rat).Neg(big1),
	}
	for _, r := range fracs {
		// r exactly, or to 40 places: far enough that no rounding below
		// changes the rounding at 0 to 20 places
		exact := decimal.NewFromBigRat(r, 40)
		for _, places := range []int32{0, 1, 2, 20} {
			for _, mode := range money.Roundings() {
				got := roundRat(r, places, mode)
				want := mode.Round(exact, places)
				if !got.Equal(want) {
					t.Errorf("roundRat(%s, %d, %v) = %s, want %s", r.RatString(), places, mode, got, want)
				}
			}
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
