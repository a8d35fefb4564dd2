package fixed

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestFits checks fits, which reads a decimal's big.Int where
// shopspring's layout is known, against fitsByDigits, which does not, at
// the limits (±2^62, ±2^63, the zero value) and on random coefficients of
// every length up to 25 digits, at every exponent.
func TestFits(t *testing.T) {
	if !slabOK {
		t.Skip("shopspring's layout is not the one fits reads; TestSlabLayout says why")
	}
	coefs := []*big.Int{big.NewInt(0), big.NewInt(1), big.NewInt(-1), big.NewInt(Limit), big.NewInt(-Limit),
		big.NewInt(Limit + 1), big.NewInt(-Limit - 1), big.NewInt(math.MaxInt64), big.NewInt(math.MinInt64),
		new(big.Int).Add(big.NewInt(math.MaxInt64), big.NewInt(1)), new(big.Int).Sub(big.NewInt(math.MinInt64), big.NewInt(1)),
		big.NewInt(999999999999999999), big.NewInt(-999999999999999999), big.NewInt(1000000000000000000)}
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		digits := 1 + r.IntN(25)
		c := new(big.Int)
		for range digits {
			c.Mul(c, big.NewInt(10))
			c.Add(c, big.NewInt(int64(r.IntN(10))))
		}
		if r.IntN(2) == 0 {
			c.Neg(c)
		}
		coefs = append(coefs, c)
	}
	for places := int32(0); places <= MaxPlaces; places++ {
		if got := fits(decimal.Decimal{}, places); !got {
			t.Errorf("fits(the zero value, %d) = false", places)
		}
		for _, c := range coefs {
			dec := decimal.NewFromBigInt(c, -places)
			if got, want := fits(dec, places), fitsByDigits(dec, places); got != want {
				t.Errorf("fits(%s, %d) = %v, fitsByDigits %v", dec, places, got, want)
			}
		}
	}
}
