package strategy

import (
	"os"
	"strings"
	"testing"

	"github.com/salesplan/salesplan/deal"
)

// TestDuplicateOfAnOpenDeal is the regression test of a deals file that
// gives one id to a won deal and an open one: the sales process leaves
// the open deal out before the engine, which finds duplicate ids, so the
// duplicate went unseen. It is an error at the second deal's id, naming
// the first, as the engine's is.
func TestDuplicateOfAnOpenDeal(t *testing.T) {
	src, err := os.ReadFile("../examples/northwind/strategy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse("strategy.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	csv := `id,date,amount,currency,owner,channel,territory,product,type,stage,close_date,splits,segment,term_months,discount,new_logo,sourced_by
NW-1,2026-02-01,978.57,USD,ana,direct,amer-west,platform,upsell,closed_won,,,smb,12,0.05,false,
NW-2,2026-02-03,500.00,USD,ana,direct,amer-west,platform,upsell,closed_won,,,smb,12,0.05,false,
NW-1,2026-02-05,2000.00,USD,ana,direct,amer-west,platform,new,proposal,2026-03-30,,smb,12,0.05,false,
`
	deals, err := deal.ReadCSV("deals.csv", strings.NewReader(csv), s.Schema())
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Run("FY2027-Q1", deals)
	want := "deals.csv:4:1: deal NW-1: duplicate deal id (also deals.csv:2)"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
	// without the duplicate, the same deals run
	if _, err := s.Run("FY2027-Q1", deals[:2]); err != nil {
		t.Errorf("without the duplicate: %v", err)
	}
}
