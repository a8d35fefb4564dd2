package commission

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/diag"
	"github.com/shopspring/decimal"
)

// TestCompileErrors checks every problem Compile reports, by path, with
// its exact text.
func TestCompileErrors(t *testing.T) {
	org := caseOrg{"ana": {Role: "ae"}}
	ok := Section{Measures: []MeasureDef{{ID: "bookings"}}, Plans: []PlanDef{{ID: "p", Eligible: Eligibility{Roles: []string{"ae"}},
		Components: []ComponentDef{{ID: "c", Measure: "bookings", Rate: "0.1"}}}}}
	tests := []struct {
		name string
		edit func(s *Section)
		want []string
	}{
		{"unknown measure with hint", func(s *Section) { s.Plans[0].Components[0].Measure = "booking" },
			[]string{`plans[0].components[0].measure: unknown measure "booking" (did you mean bookings?)`}},
		{"two ways", func(s *Section) { s.Plans[0].Components[0].Amount = "5" },
			[]string{"plans[0].components[0]: a component computes its amount one way: give exactly one of rate, table and amount"}},
		{"unknown table", func(s *Section) {
			s.Tables = []TableDef{{ID: "ae", Mode: Marginal, Bands: []Band{{Rate: dec("0.1")}}}}
			s.Plans[0].Components[0] = ComponentDef{ID: "c", Measure: "bookings", Table: "aa"}
		}, []string{`plans[0].components[0].table: unknown table "aa" (did you mean ae?)`}},
		{"bad table", func(s *Section) {
			s.Tables = []TableDef{{ID: "t", Mode: "graduated", Bands: []Band{{From: dec("10")}, {From: dec("5")}}}}
		}, []string{
			`tables[0].bands[1].from: bands must be ascending: 5 does not come after 10`,
			`tables[0].mode: unknown table mode "graduated": want highest, marginal, linear, step or prorated`,
		}},
		{"step with rates", func(s *Section) {
			s.Tables = []TableDef{{ID: "t", Mode: Step, Bands: []Band{{Rate: dec("0.1")}}}}
		}, []string{"tables[0].bands[0].rate: a step table pays amounts, not rates"}},
		{"retroactive needs highest running", func(s *Section) {
			s.Plans[0].Components[0].Retroactive = true
		}, []string{"plans[0].components[0].retroactive: retroactive re-pricing needs a one-dimensional highest table with scope running"}},
		{"expression error", func(s *Section) { s.Plans[0].Components[0].Rate = "deal.amout * 0.1" },
			[]string{"plans[0].components[0].rate: unknown field amout of deal (did you mean amount?)"}},
		{"wrong result type", func(s *Section) { s.Plans[0].Components[0].When = "deal.amount" },
			[]string{"plans[0].components[0].when: the rule must give a boolean, but it gives a decimal"}},
		{"unknown param", func(s *Section) {
			s.Plans[0].Params = map[string]decimal.Decimal{"bonus": dec("1")}
			s.Plans[0].Components[0].Rate = "params.bonsu"
		}, []string{"plans[0].components[0].rate: unknown param bonsu: the plan's params do not define it (did you mean bonus?)"}},
		{"brackets", func(s *Section) { s.Plans[0].Components[0].Rate = `attainment["bookings"]` },
			[]string{"plans[0].components[0].rate: write measure.<id>, attainment.<id>, quota.<id> and params.<name> with a dot, so that the name is checked"}},
		{"plan problems", func(s *Section) {
			s.Plans = append(s.Plans, PlanDef{ID: "p", Proration: "weeks", ZeroQuota: "ignore", Currency: "usd"})
		}, []string{
			"plans[1].components: the plan has no components",
			`plans[1].currency: invalid currency "usd": want a three-letter ISO 4217 code such as USD (did you mean USD?)`,
			"plans[1].eligible: the plan applies to nobody: give eligible roles, teams or members",
			`plans[1].id: duplicate plan id "p"`,
			`plans[1].proration: unknown proration "weeks": want days or none`,
			`plans[1].zero_quota: unknown zero_quota "ignore": want error or zero`,
		}},
		{"override of unknown param", func(s *Section) {
			s.Plans[0].Params = map[string]decimal.Decimal{"ti": dec("1")}
			s.Plans[0].Overrides = map[string]map[string]decimal.Decimal{"ana": {"tii": dec("2")}}
		}, []string{"plans[0].overrides.ana.tii: override of unknown param tii: declare it in the plan's params first (did you mean ti?)"}},
		{"overlay without payee", func(s *Section) { s.Crediting.Overlays = []OverlayDef{{ID: "o"}} },
			[]string{`crediting.overlays[0].payee: missing payee: an expression giving the member credited, such as '"paula"'`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cloneSection(ok)
			tt.edit(&s)
			_, err := Compile(s, Config{Org: org, Currency: "USD"})
			if err == nil {
				t.Fatal("Compile succeeded")
			}
			var list diag.List
			if !errors.As(err, &list) {
				t.Fatalf("%T is not a diag.List", err)
			}
			var got []string
			for _, p := range list {
				s := p.Path + ": " + p.Message
				if p.Hint != "" {
					s += " (" + p.Hint + ")"
				}
				got = append(got, s)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\nfull error:\n%s", diff, strings.TrimSpace(err.Error()))
			}
		})
	}
}

func cloneSection(s Section) Section {
	s.Plans = append([]PlanDef(nil), s.Plans...)
	for i := range s.Plans {
		s.Plans[i].Components = append([]ComponentDef(nil), s.Plans[i].Components...)
	}
	return s
}
