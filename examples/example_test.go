package examples_test

import (
	"fmt"

	"github.com/salesplan/salesplan/examples"
)

// A test, or a program, can start from a known plan in one line: the
// Northwind strategy and its first quarter of deals.
func ExampleNorthwind() {
	ex, err := examples.Northwind()
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := ex.Strategy.Run(ex.Period, ex.Deals)
	if err != nil {
		fmt.Println(err)
		return
	}
	st, _ := res.Statement("ana")
	fmt.Printf("%s: %d deals in %s\n", ex.Strategy.Name(), len(ex.Deals), ex.Period)
	fmt.Printf("ana earns %s %s\n", st.Total.StringFixed(2), st.Currency)
	// Output:
	// Northwind Software FY2027: 221 deals in FY2027-Q1
	// ana earns 48660.40 USD
}
