package commission

import (
	"strings"
	"testing"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
)

// TestTermsInAnotherCurrency checks the error of terms in a currency the
// plan does not pay in, and of terms in two currencies in one period: at
// the line of the terms file that gives them, without a position for
// terms given in Go.
func TestTermsInAnotherCurrency(t *testing.T) {
	sec := Section{Measures: []MeasureDef{{ID: "bookings"}}, Plans: []PlanDef{{ID: "ae", Eligible: Eligibility{Roles: []string{"ae"}},
		Components: []ComponentDef{{ID: "c", Per: PerPeriod, Amount: "payee.target_incentive / 4"}}}}}
	org := caseOrg{"ana": {Role: "ae"}}
	e, err := Compile(sec, Config{Org: org, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	q1 := calendar.Calendar{}.MustParse("FY2026-Q1")
	deals := []deal.Deal{{ID: "D1", Date: calendar.MustParseDate("2026-01-02"), Amount: dec("1000"), Currency: "USD", Owner: "ana"}}
	for _, tc := range []struct{ name, csv, want string }{
		{"another currency", "payee,from,to,ote,base,target_incentive,currency\nana,,,200000,120000,,EUR\n",
			"terms.csv:2:1: payee ana: the compensation terms are in EUR and plan ae pays in USD: give the terms in USD"},
		{"two currencies", "payee,from,to,ote,base,target_incentive,currency\nana,2026-01-01,2026-01-31,200000,120000,,USD\nana,2026-02-01,,200000,120000,,EUR\n",
			"terms.csv:3:1: payee ana: terms in USD and in EUR in one period"},
	} {
		terms, err := ReadTermsCSV("terms.csv", strings.NewReader(tc.csv))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Run(q1, deals, WithTerms(terms)); err == nil || err.Error() != tc.want {
			t.Errorf("%s: err = %v\nwant %s", tc.name, err, tc.want)
		}
		// the same terms given in Go: no line to name
		if _, err := e.Run(q1, deals, WithTerms(terms.Map())); err == nil || err.Error() != tc.want[strings.Index(tc.want, "payee"):] {
			t.Errorf("%s, from Go: err = %v", tc.name, err)
		}
	}
}
