package whatif_test

import (
	"fmt"
	"os"

	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/strategy"
	"github.com/salesplan/salesplan/whatif"
)

// exampleInputs loads the small plan of testdata (5% to quota, then 8%, a
// 1,000 bonus at 100%, at most 10,000 a quarter), the same plan with a
// 10% accelerator, and their deals.
func exampleInputs() (before, after *strategy.Strategy, deals []deal.Deal, err error) {
	if before, err = strategy.Load("testdata/before.yaml"); err != nil {
		return
	}
	if after, err = strategy.Load("testdata/after.yaml"); err != nil {
		return
	}
	f, err := os.Open("testdata/deals.csv")
	if err != nil {
		return
	}
	defer f.Close()
	deals, err = deal.ReadCSV("deals.csv", f, before.Schema())
	return
}

// What raising the accelerator from 8% to 10% costs in a quarter, and
// whom it pays more.
func ExampleCompare() {
	before, after, deals, err := exampleInputs()
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := whatif.Compare(before, after, "FY2026-Q1", deals)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("cost of the change:", c.Total.Diff.StringFixed(2), c.Currency)
	for _, p := range c.Payees {
		fmt.Println(p.Payee, p.Before.StringFixed(2), "->", p.After.StringFixed(2))
	}
	// Output:
	// cost of the change: 600.00 USD
	// ana 8400.00 -> 9000.00
	// ben 10000.00 -> 10000.00
}

// Ana's payout curve: 5% to quota, the bonus at 100%, 8% above, the cap.
func ExampleSimulate() {
	s, _, deals, err := exampleInputs()
	if err != nil {
		fmt.Println(err)
		return
	}
	curve, err := whatif.Simulate(s, "ana", "FY2026-Q1", deals, whatif.Options{Steps: 4, Method: whatif.Synthetic})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range curve.Points {
		fmt.Printf("%s%% %s\n", p.Attainment.Shift(2), p.Payout.StringFixed(2))
	}
	// Output:
	// 0% 0.00
	// 50% 2500.00
	// 100% 6000.00
	// 150% 10000.00
	// 200% 10000.00
}
