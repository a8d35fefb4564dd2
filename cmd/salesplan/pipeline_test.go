package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestPipeline(t *testing.T) {
	var o, e bytes.Buffer
	if code := run([]string{"pipeline", northwind, "--deals", deals, "--period", "FY2027-Q2"}, nil, &o, &e); code != 0 {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	for _, want := range []string{"Open pipeline, in USD", "stage", "Forecast of FY2027-Q2 against the bookings target", "team sales", "by stage"} {
		if !strings.Contains(o.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, o.String())
		}
	}
	o.Reset()
	if code := run([]string{"pipeline", northwind, "--deals", deals, "--period", "FY2027-Q2", "--member", "ana", "--format", "json"}, nil, &o, &e); code != 0 ||
		!strings.Contains(o.String(), `"scope": "member ana"`) {
		t.Errorf("json: exit %d\n%s%s", code, o.String(), e.String())
	}
	dir := t.TempDir()
	hist := filepath.Join(dir, "history.csv")
	os.WriteFile(hist, []byte("deal,from,to,date\nNW-9999,prospect,qualified,2026-02-01\n"), 0o644)
	for _, tt := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"--team", "amr"}, 1, `unknown team "amr" (did you mean amer?)`},
		{[]string{"--team", "amer", "--member", "ana"}, 2, "give one of --team, --member and --channel"},
		{[]string{"--measure", "bookngs"}, 2, "the strategy has no such measure (did you mean bookings?)"},
		{[]string{"--history", hist}, 1, "stage change of deal NW-9999, which is not in the deals file"},
	} {
		e.Reset()
		args := append([]string{"pipeline", northwind, "--deals", deals, "--period", "FY2027-Q2"}, tt.args...)
		if code := run(args, nil, &o, &e); code != tt.code || !strings.Contains(e.String(), tt.stderr) {
			t.Errorf("%v: exit %d, stderr %q; want %d, %q", tt.args, code, e.String(), tt.code, tt.stderr)
		}
	}
}

// TestRates is the regression test of a deal in another currency, which
// the command line could not convert: no exchange rate from GBP to USD.
func TestRates(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile(deals)
	lines := strings.Split(strings.TrimSpace(string(src)), "\n")
	gbp := strings.Replace(lines[1], ",USD,", ",GBP,", 1)
	d := filepath.Join(dir, "deals.csv")
	os.WriteFile(d, []byte(lines[0]+"\n"+gbp+"\n"), 0o644)
	var o, e bytes.Buffer
	if code := run([]string{"run", northwind, "--deals", d, "--period", "FY2027-Q1"}, nil, &o, &e); code != 1 || !strings.Contains(e.String(), "no exchange rate from GBP to USD") {
		t.Fatalf("without rates: exit %d: %s", code, e.String())
	}
	rates := filepath.Join(dir, "rates.csv")
	os.WriteFile(rates, []byte("from,to,date,rate\nGBP,USD,2026-01-01,1.25\n"), 0o644)
	o.Reset()
	e.Reset()
	if code := run([]string{"run", northwind, "--deals", d, "--period", "FY2027-Q1", "--rates", rates, "--format", "csv"}, nil, &o, &e); code != 0 {
		t.Fatalf("with rates: exit %d: %s", code, e.String())
	}
	o.Reset()
	if code := run([]string{"explain", northwind, "--deals", d, "--period", "FY2027-Q1", "--rates", rates, "--payee", "ana"}, nil, &o, &e); code != 0 ||
		!strings.Contains(o.String(), "1,223.21") { // 978.57 GBP at 1.25
		t.Errorf("explain with rates: exit %d\n%s%s", code, o.String(), e.String())
	}
	os.WriteFile(rates, []byte("from,to,date,rate\nGBP,USD,2026-01-01,0\n"), 0o644)
	e.Reset()
	if code := run([]string{"run", northwind, "--deals", d, "--period", "FY2027-Q1", "--rates", rates}, nil, &o, &e); code != 1 ||
		!strings.Contains(e.String(), "rates.csv:2:1: rate: a rate must be above 0, not 0 [invalid-value]") {
		t.Errorf("bad rate: exit %d: %s", code, e.String())
	}
}

// TestTermsAndScores reads compensation terms and MBO scores from files,
// as HR and managers hand them over: the terms replace the document's.
//
//	document terms: OTE 200,000, base 120,000: TI 80,000
//	  cap group of commission and kicker: 80,000 / 4 x 5% = 1,000; they
//	  earn 1,200 + 240 = 1,440: 440 withheld
//	  mbo: 120% x 80,000 / 4 x 10% = 2,400; total 3,400
//	--terms: OTE 240,000, base 120,000: TI 120,000; the cap is 1,500, not
//	  reached; mbo 3,600; total 5,040
func TestTermsAndScores(t *testing.T) {
	dir := t.TempDir()
	d := filepath.Join(dir, "deals.csv")
	os.WriteFile(d, []byte("id,date,amount,currency,owner\nD1,2026-02-01,12000.00,USD,ana\n"), 0o644)
	scores := filepath.Join(dir, "scores.csv")
	os.WriteFile(scores, []byte("payee,period,objective,score\nana,FY2026-Q1,pipeline,1.2\n"), 0o644)
	terms := filepath.Join(dir, "terms.csv")
	os.WriteFile(terms, []byte("payee,from,to,ote,base,target_incentive,currency\nana,2026-01-01,,240000,120000,,USD\n"), 0o644)
	base := []string{"run", "testdata/terms-strategy.yaml", "--deals", d, "--period", "FY2026-Q1", "--format", "csv"}
	total := func(args ...string) string {
		t.Helper()
		var o, e bytes.Buffer
		if code := run(append(slices.Clone(base), args...), nil, &o, &e); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, e.String())
		}
		sum := decimal.Zero
		for _, row := range strings.Split(strings.TrimSpace(o.String()), "\n")[1:] {
			sum = sum.Add(decimal.RequireFromString(strings.Split(row, ",")[6]))
		}
		return sum.StringFixed(2)
	}
	if got := total("--scores", scores); got != "3400.00" {
		t.Errorf("with the document's terms: %s, want 3400.00", got)
	}
	if got := total("--scores", scores, "--terms", terms); got != "5040.00" {
		t.Errorf("with --terms: %s, want 5040.00", got)
	}
	var o, e bytes.Buffer
	if code := run(base, nil, &o, &e); code != 1 || !strings.Contains(e.String(), "payee ana has no score of pipeline in FY2026-Q1") {
		t.Errorf("without scores: exit %d: %s", code, e.String())
	}
}

// TestCurveMultiCurrency is the regression test of statement --all on
// deals in three currencies with a credit note: the curve's points
// scaled the deals, and the converted, rounded amounts left the measure
// a fraction of a cent short, which failed the whole command.
func TestCurveMultiCurrency(t *testing.T) {
	ex := "../../examples/northwind/"
	var o, e bytes.Buffer
	if code := run([]string{"statement", ex + "strategy.yaml", "--deals", ex + "deals-fy2027-q2-emea.csv", "--rates", ex + "rates-fy2027.csv",
		"--period", "FY2027-Q2", "--payee", "chloe", "--html", "-"}, nil, &o, &e); code != 0 || !strings.Contains(o.String(), "<svg") {
		t.Errorf("exit %d: %s", code, e.String())
	}
}

// TestPipelineRates is the regression test of a pipeline over deals in
// several currencies, which could only fail ("convert the deals to one
// currency"): --rates converts them, and a missing rate names the deal.
func TestPipelineRates(t *testing.T) {
	ex := "../../examples/northwind/"
	args := []string{"pipeline", ex + "strategy.yaml", "--deals", ex + "deals-fy2027-q2-emea.csv", "--period", "FY2027-Q2", "--member", "chloe"}
	var o, e bytes.Buffer
	if code := run(append(slices.Clone(args), "--rates", ex+"rates-fy2027.csv"), nil, &o, &e); code != 0 || !strings.Contains(o.String(), "member chloe  141,200.00") {
		t.Errorf("with rates: exit %d\n%s%s", code, o.String(), e.String()) // the won bookings of chloe's statement
	}
	rates := filepath.Join(t.TempDir(), "r.csv")
	os.WriteFile(rates, []byte("from,to,date,rate\nEUR,USD,2026-02-01,1.08\n"), 0o644)
	e.Reset()
	if code := run(append(slices.Clone(args), "--rates", rates), nil, &o, &e); code != 1 ||
		!strings.Contains(e.String(), "deals-fy2027-q2-emea.csv:3:29: deal NW-2002: no exchange rate from GBP to USD on 2026-05-18") {
		t.Errorf("a missing rate: exit %d: %s", code, e.String())
	}
}
