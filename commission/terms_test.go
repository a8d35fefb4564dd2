package commission

import "testing"

// TestDigestCoversTerms checks that the digest of a commission section
// changes with every term that changes what a ledger's lines are worth:
// a cap rule, a cap group, a table's bound rule, limit and penalty flag;
// and only with them.
func TestDigestCoversTerms(t *testing.T) {
	org := caseOrg{"ana": {Role: "ae"}}
	base := func() Section {
		return Section{
			Measures: []MeasureDef{{ID: "bookings"}},
			Tables:   []TableDef{{ID: "t", Mode: Marginal, Bands: []Band{{From: dec("0"), Rate: dec("0.05")}, {From: dec("1000"), Rate: dec("0.08")}}}},
			Plans: []PlanDef{{ID: "ae", Eligible: Eligibility{Roles: []string{"ae"}}, Components: []ComponentDef{
				{ID: "c", Measure: "bookings", Table: "t"}, {ID: "k", Measure: "bookings", Rate: "0.01"}}}},
		}
	}
	digest := func(sec Section) string {
		t.Helper()
		e, err := Compile(sec, Config{Org: org, Currency: "USD"})
		if err != nil {
			t.Fatal(err)
		}
		return e.Digest()
	}
	d0 := digest(base())
	if again := digest(base()); again != d0 {
		t.Fatalf("the same section gives two digests: %s, %s", d0, again)
	}
	changes := map[string]func(*Section){
		"plan cap rule": func(s *Section) { s.Plans[0].CapRule = "2 * 1000" },
		"cap group": func(s *Section) {
			s.Plans[0].Caps = []CapGroupDef{{ID: "g", Components: []string{"c", "k"}, Amount: "500"}}
		},
		"bounds upper": func(s *Section) { s.Tables[0].Bounds = UpperBounds },
		"limit": func(s *Section) {
			to := dec("5000")
			s.Tables[0].To, s.Tables[0].Above = &to, AboveNone
		},
	}
	seen := map[string]string{d0: "the base"}
	for name, change := range changes {
		sec := base()
		change(&sec)
		d := digest(sec)
		if other, dup := seen[d]; dup {
			t.Errorf("%s gives the digest of %s", name, other)
		}
		seen[d] = name
	}
}
