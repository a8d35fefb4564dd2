package plantest_test

import (
	"fmt"
	"testing/fstest"

	"github.com/salesplan/salesplan/plantest"
)

// A test file with a plan of its own: 10% of bookings. The second test
// expects the wrong total, and says so.
func ExampleFile_Run() {
	files := fstest.MapFS{"rate_test.yaml": {Data: []byte(`
org:
  ana: {role: ae}
commission:
  measures: [{id: bookings}]
  plans:
    - {id: ae, eligible: {roles: [ae]}, components: [{id: commission, measure: bookings, rate: "0.1"}]}
tests:
  - name: ten-percent
    period: FY2026-Q1
    deals: [{id: D1, date: 2026-01-05, amount: 1234.50, currency: USD, owner: ana}]
    expect:
      ana: {total: "123.45"}
  - name: wrong-total
    period: FY2026-Q1
    deals: [{id: D1, date: 2026-01-05, amount: 1000, currency: USD, owner: ana}]
    expect:
      ana: {total: "110.00"}
`)}}
	f, err := plantest.Load(files, "rate_test.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range f.Run(nil) {
		if r.Passed() {
			fmt.Println("ok  ", r.Name)
			continue
		}
		fmt.Println("FAIL", r.Name)
		fmt.Print(r.Diff())
	}
	// Output:
	// ok   ten-percent
	// FAIL wrong-total
	//     rate_test.yaml:18:20: ana: total
	//         want 110.00
	//         got  100.00 (-10.00)
}
