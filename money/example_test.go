package money_test

import (
	"fmt"

	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// Three equal shares of 100.00: the cent left over goes to the first
// share, so the parts add up to the total exactly.
func ExampleAllocate() {
	one := decimal.NewFromInt(1)
	parts, err := money.Allocate(decimal.RequireFromString("100"), []decimal.Decimal{one, one, one}, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range parts {
		fmt.Println(p.StringFixed(2))
	}
	// Output:
	// 33.34
	// 33.33
	// 33.33
}

func ExampleRounding_Round() {
	d := decimal.RequireFromString("2.345")
	fmt.Println(money.HalfEven.Round(d, 2), money.HalfUp.Round(d, 2))
	// Output: 2.34 2.35
}
