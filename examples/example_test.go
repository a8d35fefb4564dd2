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

// The Brightline example's plans read MBO scores: a run takes them, with
// the sample's run options.
func ExampleBrightline() {
	ex, err := examples.Brightline()
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := ex.Strategy.Run(ex.Period, ex.Deals, ex.RunOptions()...)
	if err != nil {
		fmt.Println(err)
		return
	}
	st, _ := res.Statement("alex")
	fmt.Printf("%s: %d deals in %s, scores from %s\n", ex.Strategy.Name(), len(ex.Deals), ex.Period, ex.ScoresFile)
	for _, l := range st.Lines {
		if l.Deal == "" {
			fmt.Printf("%-8s %9s\n", l.Component, l.Amount.StringFixed(2))
		}
	}
	fmt.Printf("alex earns %s %s\n", st.Total.StringFixed(2), st.Currency)
	// Output:
	// Brightline Analytics FY2026: 73 deals in FY2026-Q1, scores from brightline/scores-fy2026-q1.csv
	// new-arr   39840.00
	// mbo        3800.00
	// east-pool   2557.84
	// arr-cap   -9415.00
	// alex earns 48607.84 USD
}
