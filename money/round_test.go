package money

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestRoundFastPath checks that Round, which rounds in int64 where the
// number fits, gives every mode's decimal as shopspring's arithmetic
// does (roundDecimal), written the same way: ties at every place,
// negatives, numbers finer than eighteen places and too large for an
// int64, which take shopspring's path.
func TestRoundFastPath(t *testing.T) {
	vals := []string{"0", "0.005", "-0.005", "0.015", "-0.025", "2.5", "-3.5", "1.0049999", "99.995", "12345678901234567.895",
		"123456789012345678901234567890.125", "-0.0000000000000000000000001", "0.1234567890123456789", "1E+3", "-7", "12.3400"}
	r := rand.New(rand.NewPCG(14, 13))
	for range 5000 {
		vals = append(vals, decimal.New(r.Int64N(2e12)-1e12, -int32(r.IntN(12))).String())
	}
	for _, s := range vals {
		d := decimal.RequireFromString(s)
		for _, m := range Roundings() {
			for _, places := range []int32{0, 2, 3, 8} {
				want, got := m.roundDecimal(d, places), m.Round(d, places)
				if !got.Equal(want) || got.Exponent() != want.Exponent() {
					t.Errorf("%s.Round(%s, %d) = %s (exp %d), want %s (exp %d)", m, s, places, got, got.Exponent(), want, want.Exponent())
				}
			}
		}
	}
}
