package deal

import (
	"fmt"
	"strings"
	"testing"
)

// TestInlineIDs checks that the value ids an Attrs keeps itself give the
// values its block's ids give, for every slot, on deals whose values are
// in the tables, in the block's own values (past the tables' room) and
// missing.
func TestInlineIDs(t *testing.T) {
	s, err := NewSchema(
		Attr{Name: "term_months", Type: Integer},
		Attr{Name: "is_new_logo", Type: Boolean},
		Attr{Name: "segment", Type: String},
	)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("id,date,amount,currency,owner,term_months,is_new_logo,segment\n")
	for i := range maxInterned + 600 {
		term, logo := fmt.Sprint(i), "true" // a new term for each deal: the table fills up
		if i%3 == 0 {
			term, logo = "", ""
		}
		fmt.Fprintf(&b, "D%d,2026-02-01,1,USD,ana,%s,%s,s%d\n", i, term, logo, i%4)
	}
	deals, err := ReadCSV("deals.csv", strings.NewReader(b.String()), s)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range deals {
		a := d.Attrs
		if a.blk == nil {
			t.Fatalf("deal %d has no attributes", i)
		}
		for j := range a.blk.keys.names {
			if got, want := a.value(j), a.blk.value(int(a.at), j); got != want {
				t.Fatalf("deal %d, slot %d: %v inline, %v in the block", i, j, got, want)
			}
		}
	}
}
