package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// yearlyTermsStrategy is a quarterly plan that reads ana's yearly target
// incentive (60,000) as the quarter's share (terms: yearly).
const yearlyTermsStrategy = `version: 1
name: Yearly terms
currency: USD
roles: [{id: ae}]
teams: [{id: t}]
members:
  - id: ana
    role: ae
    assignments: [{team: t}]
    terms: [{ote: 160000, target_incentive: 60000}]
commission:
  measures: [{id: bookings}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      terms: yearly
      components:
        - {id: mbo, per: period, amount: payee.target_incentive}
`

// TestYearlyTermsCommands: terms: yearly reaches the command line
// through the document: explain shows the year's amount and the share,
// fmt keeps it canonical, schema knows it, and test runs the plan-test
// files of a file's own plan that use it (and a team pool).
func TestYearlyTermsCommands(t *testing.T) {
	dir := t.TempDir()
	doc := filepath.Join(dir, "s.yaml")
	deals := filepath.Join(dir, "deals.csv")
	os.WriteFile(doc, []byte(yearlyTermsStrategy), 0o644)
	os.WriteFile(deals, []byte("id,date,amount,currency,owner\n"), 0o644)
	var out, errb bytes.Buffer
	if code := run([]string{"explain", doc, "--deals", deals, "--period", "FY2026-Q1", "--payee", "ana"}, nil, &out, &errb); code != 0 {
		t.Fatalf("explain: exit %d: %s", code, errb.String())
	}
	if want := "payee.target_incentive (payee.target_incentive = 15,000.00 (60,000.00 a year x 3/12)) = 15,000.00"; !strings.Contains(out.String(), want) {
		t.Errorf("explain does not show\n%s\nin\n%s", want, out.String())
	}
	out.Reset()
	if code := run([]string{"fmt", "--check", doc}, nil, &out, &errb); code != 0 {
		t.Errorf("fmt --check: exit %d: %s%s", code, out.String(), errb.String())
	}
	out.Reset()
	if code := run([]string{"schema"}, nil, &out, &errb); code != 0 || !strings.Contains(out.String(), `"enum": [
            "as_written",
            "yearly"
          ]`) {
		t.Errorf("schema: exit %d, no enum of terms", code)
	}
	for _, f := range []string{"yearly-terms.yaml", "team-pool.yaml"} {
		code, got, errs := call(testCmd, filepath.Join("../../plantest/testdata", f))
		if code != 0 || !strings.HasSuffix(got, " passed, 0 failed\n") {
			t.Errorf("test %s: exit %d\n%s%s", f, code, got, errs)
		}
	}
}
