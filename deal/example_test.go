package deal_test

import (
	"fmt"
	"strings"

	"github.com/salesplan/salesplan/deal"
)

// Reading deals one at a time, and naming the place of a deal's field in
// a problem found after reading.
func ExampleScanCSV() {
	schema, _ := deal.NewSchema(deal.Attr{Name: "segment", Type: deal.String})
	src := "id,date,amount,currency,owner,segment\n" +
		"NW-1041,2027-01-04,1200.00,USD,ana,smb\n" +
		"NW-1042,2027-01-05,1e999,USD,ben,smb\n" +
		"NW-1043,2027-01-05,800.00,USD,anaa,mid-market\n"
	members := map[string]bool{"ana": true, "ben": true}
	for d, err := range deal.ScanCSV("deals.csv", strings.NewReader(src), schema) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		if !members[d.Owner] {
			fmt.Printf("%s: deal %s: owner %q is not a member\n", d.Source.Field("owner"), d.ID, d.Owner)
			continue
		}
		segment, _ := d.Attrs.Get("segment")
		fmt.Println(d.ID, d.Amount.StringFixed(2), segment)
	}
	// Output:
	// NW-1041 1200.00 smb
	// deals.csv:3:20: deal NW-1042: column amount: "1e999" is too large (more than 200 digits)
	// deals.csv:4:31: deal NW-1043: owner "anaa" is not a member
}

func ExampleReadJSON() {
	src := `[
  {"id": "D1", "date": "2027-01-04", "amount": 1200.00, "currency": "USD", "owner": "ana"},
  {"id": "D2", "date": "2027-01-05", "amount": 50, "amount": 60, "currency": "USD", "owner": "ben"}
]`
	_, err := deal.ReadJSON("deals.json", strings.NewReader(src), nil)
	fmt.Println(err)
	// Output:
	// deals.json:3:52: [1].amount: deal D2: field amount is given twice (also at 3:38)
}

// Building a deal's attributes in Go, and reading them.
func ExampleAttrsOf() {
	attrs := deal.AttrsOf(map[string]any{"segment": "enterprise", "term_months": int64(24)})
	renewal := attrs.With("segment", "mid-market") // attrs is not changed
	segment, _ := attrs.Get("segment")
	fmt.Println(segment, attrs.Len())
	for name, v := range renewal.All() {
		fmt.Println(name, v)
	}
	_, ok := attrs.Get("discount")
	fmt.Println(ok)
	// Output:
	// enterprise 2
	// segment mid-market
	// term_months 24
	// false
}

// Two deals of a file with one id: the error is at the second's id,
// naming the first's line.
func ExampleCheckIDs() {
	deals, err := deal.ReadCSV("pipeline.csv", strings.NewReader(`id,date,amount,currency,owner,stage
NW-1,2026-02-01,1000,USD,ana,proposal
NW-2,2026-02-03,500,USD,ana,proposal
NW-1,2026-02-05,2000,USD,ben,negotiation
`), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(deal.CheckIDs(deals))
	fmt.Println(deal.CheckIDs(deals[:2]))
	// Output:
	// pipeline.csv:4:1: deal NW-1: duplicate deal id (also pipeline.csv:2)
	// <nil>
}
