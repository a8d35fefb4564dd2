package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	acmeBefore = "../../whatif/testdata/before.yaml"
	acmeAfter  = "../../whatif/testdata/after.yaml"
	acmeDeals  = "../../whatif/testdata/deals.csv"
)

func TestCompareCommand(t *testing.T) {
	code, out, errs := call(compareCmd, acmeBefore, acmeAfter, "--deals", acmeDeals, "--period", "FY2026-Q1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"Acme FY2026 (accelerator 10%) compared with Acme FY2026, FY2026-Q1, in USD\n",
		"total  18,400.00  19,000.00     +600.00  +3.26%\n",
		"ana     8,400.00   9,000.00     +600.00  +7.14%\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = call(compareCmd, "--format", "csv", acmeBefore, acmeAfter, "--deals", acmeDeals, "--period", "FY2026-Q1")
	if code != 0 || !strings.HasPrefix(out, "row,payee,plan,component,before,after,difference,percent\ntotal,,,,18400.00,19000.00,600.00,0.032609\n") {
		t.Errorf("csv: exit %d\n%s", code, out)
	}
	code, out, _ = call(compareCmd, "--format", "json", acmeBefore, acmeAfter, "--deals", "-", "--period", "FY2026-Q1")
	if code != 1 {
		t.Errorf("deals from an empty standard input: exit %d\n%s", code, out)
	}
	// a plan compared with itself: every difference is 0
	code, out, _ = call(compareCmd, nwStrategy, nwStrategy, "--deals", nwDeals, "--period", "FY2027-Q1")
	if code != 0 || !strings.Contains(out, "compared with "+nwStrategy) || !strings.Contains(out, "+0.00") && !strings.Contains(out, "  0.00") {
		t.Errorf("same plan: exit %d\n%s", code, out)
	}
}

func TestCompareCommandStdin(t *testing.T) {
	deals, _ := os.ReadFile(acmeDeals)
	var o, e strings.Builder
	env := &env{stdin: strings.NewReader(string(deals)), stdout: &o, stderr: &e}
	if err := compareCmd(env, []string{acmeBefore, acmeAfter, "--deals", "-", "--period", "FY2026-Q1", "--format", "json"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(o.String(), `"difference": "600.00"`) {
		t.Errorf("json:\n%s", o.String())
	}
}

func TestSimulateCommand(t *testing.T) {
	code, out, errs := call(simulateCmd, nwStrategy, "--deals", nwDeals, "--period", "FY2027-Q1", "--payee", "ana", "--steps", "4")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"Payout of Ana Lima (ana) in FY2027-Q1 by attainment of bookings, in USD\n",
		"attainment is bookings against ana's quota of 240,000.00 in FY2027-Q1; on the deals as given it is 138.57%",
		"each point multiplies the amounts of the 69 deals credited to ana by one factor",
		"      200%  480,000.00  60,000.00\n", // the plan's cap
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// without deals: one synthetic deal a point
	code, out, errs = call(simulateCmd, nwStrategy, "--period", "FY2027-Q1", "--payee", "ana", "--steps", "2", "--format", "csv")
	if code != 0 || !strings.HasPrefix(out, "attainment,measured,bookings,payout,") || !strings.Contains(out, "\n1,1,240000,19200.00,") {
		t.Errorf("synthetic csv: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = call(simulateCmd, acmeBefore, "--deals", acmeDeals, "--period", "FY2026-Q1", "--payee", "ana", "--max", "150%", "--steps", "3", "--format", "json")
	if code != 0 || !strings.Contains(out, `"method": "scale"`) || !strings.Contains(out, `"attainment": "1.5"`) {
		t.Errorf("json: exit %d\n%s", code, out)
	}
	// a plan with an MBO needs its scores: alex's MBO pays 3,800 at any
	// attainment (examples/brightline/README.md)
	bl := filepath.Join("..", "..", "examples", "brightline")
	args := []string{filepath.Join(bl, "strategy.yaml"), "--period", "FY2026-Q1", "--payee", "alex", "--steps", "2", "--format", "csv"}
	if code, _, errs = call(simulateCmd, args...); code != 1 || !strings.Contains(errs, "payee alex has no score of mbo in FY2026-Q1") {
		t.Errorf("without --scores: exit %d: %s", code, errs)
	}
	code, out, errs = call(simulateCmd, append(args, "--scores", filepath.Join(bl, "scores-fy2026-q1.csv"))...)
	if code != 0 || !strings.Contains(out, "\n0,0,0,3800.00,") {
		t.Errorf("--scores: exit %d\n%s%s", code, out, errs)
	}
	file := filepath.Join(t.TempDir(), "curve.csv")
	if code, _, errs := call(simulateCmd, acmeBefore, "--deals", acmeDeals, "--period", "FY2026-Q1", "--payee", "ben", "--out", file, "--format", "csv"); code != 0 {
		t.Fatalf("--out: exit %d: %s", code, errs)
	}
	if b, err := os.ReadFile(file); err != nil || !strings.HasPrefix(string(b), "attainment,") {
		t.Errorf("--out file: %q, %v", b, err)
	}
}

func TestWhatIfUsage(t *testing.T) {
	tests := []struct {
		name   string
		cmd    func(*env, []string) error
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"compare help", compareCmd, []string{"--help"}, 0, "-format", ""},
		{"compare one file", compareCmd, []string{acmeBefore, "--deals", acmeDeals, "--period", "FY2026-Q1"}, 2, "", "want two strategy files, before and after, got 1"},
		{"compare format", compareCmd, []string{acmeBefore, acmeAfter, "--deals", acmeDeals, "--period", "FY2026-Q1", "--format", "xml"}, 2, "", "want text, csv or json"},
		{"compare twice", compareCmd, []string{acmeBefore, acmeAfter, "--period", "FY2026-Q1", "--period", "FY2026-Q2"}, 2, "", "flag --period given twice"},
		{"compare no deals", compareCmd, []string{acmeBefore, acmeAfter, "--period", "FY2026-Q1"}, 2, "", "--deals is required"},
		{"compare bad period", compareCmd, []string{acmeBefore, acmeAfter, "--deals", acmeDeals, "--period", "2026-Q1"}, 1, "", `invalid period "2026-Q1"`},
		{"simulate help", simulateCmd, []string{"--help"}, 0, "-steps", ""},
		{"simulate no payee", simulateCmd, []string{acmeBefore, "--period", "FY2026-Q1"}, 2, "", "--payee is required"},
		{"simulate steps", simulateCmd, []string{acmeBefore, "--period", "FY2026-Q1", "--payee", "ana", "--steps", "0"}, 2, "", "--steps 0: want 1 to 1000"},
		{"simulate max", simulateCmd, []string{acmeBefore, "--period", "FY2026-Q1", "--payee", "ana", "--max", "lots"}, 2, "", "invalid value \"lots\" for flag -max"},
		{"simulate method", simulateCmd, []string{acmeBefore, "--period", "FY2026-Q1", "--payee", "ana", "--method", "guess"}, 2, "", "want scale or synthetic"},
		{"simulate twice", simulateCmd, []string{acmeBefore, "--payee", "ana", "--payee", "ben"}, 2, "", "flag --payee given twice"},
		{"simulate unknown payee", simulateCmd, []string{acmeBefore, "--period", "FY2026-Q1", "--payee", "anna"}, 1, "", `unknown payee "anna" (did you mean ana?)`},
		{"simulate no quota", simulateCmd, []string{nwStrategy, "--deals", nwDeals, "--period", "FY2027-Q1", "--payee", "omar"}, 1, "", "omar has no quota in FY2027-Q1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := call(tt.cmd, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errs, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, out, errs, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}
