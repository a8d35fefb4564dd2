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

// Every mode on a tie (2.345), a value below it (2.341) and the negative
// tie (-2.345), to the cent.
func ExampleRounding_Round() {
	for _, mode := range money.Roundings() {
		fmt.Printf("%-9s", mode)
		for _, s := range []string{"2.345", "2.341", "-2.345"} {
			fmt.Printf(" %6s", mode.Round(decimal.RequireFromString(s), 2))
		}
		fmt.Println()
	}
	// Output:
	// half-even   2.34   2.34  -2.34
	// half-up     2.35   2.34  -2.35
	// half-down   2.34   2.34  -2.34
	// down        2.34   2.34  -2.34
	// up          2.35   2.35  -2.35
	// ceiling     2.35   2.35  -2.34
	// floor       2.34   2.34  -2.35
}

// A document names the mode; an unknown name says what was probably meant.
func ExampleParseRounding() {
	mode, err := money.ParseRounding("down")
	fmt.Println(mode, err)
	_, err = money.ParseRounding("truncate")
	fmt.Println(err)
	// Output:
	// down <nil>
	// unknown rounding "truncate" (did you mean down? want half-even, half-up, half-down, down, up, ceiling or floor)
}

// Reading an amount from an input file: plain decimal notation only,
// exactly, with at most money.MaxDigits digits.
func ExampleParseDecimal() {
	for _, s := range []string{"1234.50", "-0.125", "1,234.50", "1.5e3", "1e100000"} {
		d, err := money.ParseDecimal(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(d.StringFixed(-d.Exponent()))
	}
	// Output:
	// 1234.50
	// -0.125
	// "1,234.50" is not a decimal number (write 1234.56, without thousands separators)
	// "1.5e3" is written with an exponent (write 1500)
	// "1e100000" is too large (more than 200 digits)
}

func ExampleCheckCurrency() {
	fmt.Println(money.CheckCurrency("EUR"))
	fmt.Println(money.CheckCurrency("EUE"))
	fmt.Println(money.MinorUnits("JPY"), money.MinorUnits("KWD"))
	// Output:
	// <nil>
	// unknown currency "EUE": not an ISO 4217 code (did you mean EUR?)
	// 0 3
}
