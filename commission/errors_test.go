package commission

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
)

// TestRunErrorsAtSource checks that the problems of deals read from a file
// are named by the file, line and column of the field to fix, every one of
// them at once, with a did-you-mean for a member id.
func TestRunErrorsAtSource(t *testing.T) {
	const csv = `id,date,amount,currency,owner,splits
NW-1040,2026-01-05,100,USD,ana,
NW-1041,2026-01-05,100,GBP,ana,
NW-1042,2026-01-06,100,USD,anaa,
NW-1043,2026-02-10,100,USD,ben,
NW-1044,2026-01-07,100,USD,ana,ana:0.5;zed:0.5
NW-1045,2026-01-08,100,JPY,ana,
NW-1040,2026-01-09,100,USD,ana,
`
	deals, err := deal.ReadCSV("deals.csv", strings.NewReader(csv), nil)
	if err != nil {
		t.Fatal(err)
	}
	org := caseOrg{"ana": {Role: "ae"}, "ben": {Role: "ae", Left: calendar.MustParseDate("2026-01-31")}}
	sec := Section{Measures: []MeasureDef{{ID: "bookings"}},
		Plans: []PlanDef{{ID: "ae", Eligible: Eligibility{Roles: []string{"ae"}}, Components: []ComponentDef{{ID: "c", Measure: "bookings", Rate: "0.1"}}}}}
	e, err := Compile(sec, Config{Org: org, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Run(calendar.Calendar{}.MustParse("FY2026-Q1"), deals)
	want := `deals.csv:3:24: deal NW-1041: no exchange rate from GBP to USD on 2026-01-05
deals.csv:4:28: deal NW-1042: owner "anaa" is not a member (did you mean ana?)
deals.csv:5:28: deal NW-1043: owner "ben" is not in the organisation on 2026-02-10: their last day was 2026-01-31; the credit goes to nobody (give the deal to a member in the organisation that day, or give the credit to one with a crediting.reassign rule)
deals.csv:6:32: deal NW-1044: split member "zed" is not a member
deals.csv:7:24: deal NW-1045: no exchange rate from JPY to USD on 2026-01-08
deals.csv:8:1: deal NW-1040: duplicate deal id (also deals.csv:2)`
	if err == nil {
		t.Fatal("no error")
	}
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("error (-want +got):\n%s", diff)
	}
}

// TestRunReportsEverySplitMember checks that two split members of one
// deal who are not in the organisation are both reported.
func TestRunReportsEverySplitMember(t *testing.T) {
	left := calendar.MustParseDate("2026-01-31")
	org := caseOrg{"ana": {Role: "ae", Left: left}, "ben": {Role: "ae", Left: left}, "cy": {Role: "ae"}}
	sec := Section{Measures: []MeasureDef{{ID: "bookings"}},
		Plans: []PlanDef{{ID: "ae", Eligible: Eligibility{Roles: []string{"ae"}}, Components: []ComponentDef{{ID: "c", Measure: "bookings", Rate: "0.1"}}}}}
	e, err := Compile(sec, Config{Org: org, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Run(calendar.Calendar{}.MustParse("FY2026-Q1"), []deal.Deal{{ID: "D1", Date: calendar.MustParseDate("2026-02-02"), Amount: dec("100"), Currency: "USD", Owner: "cy",
		Splits: []deal.Split{{Member: "cy", Share: dec("0.4")}, {Member: "ben", Share: dec("0.3")}, {Member: "ana", Share: dec("0.3")}}}})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{`deals[0].splits[1].member: deal D1: split member "ben" is not in the organisation`, `deals[0].splits[2].member: deal D1: split member "ana" is not in the organisation`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error has no %q:\n%v", want, err)
		}
	}
}
