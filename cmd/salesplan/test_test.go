package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/strategy"
)

const (
	nwDir      = "../../examples/northwind"
	nwStrategy = nwDir + "/strategy.yaml"
	nwDeals    = nwDir + "/deals-fy2027-q1.csv"
)

// call runs one of this file's commands as run does once it is wired into
// the dispatch: the exit code, standard output and standard error.
func call(cmd func(*env, []string) error, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	err := cmd(e, args)
	switch {
	case err == nil || errors.Is(err, errHelp):
		return exitOK, out.String(), errb.String()
	case errors.Is(err, errUsage):
		errb.WriteString("salesplan: " + strings.TrimPrefix(err.Error(), "usage: ") + " [usage]\n")
		return exitUsage, out.String(), errb.String()
	default:
		writeErrors(&errb, err)
		return exitInput, out.String(), errb.String()
	}
}

// copyExample copies the Northwind example into a temporary folder, so
// that a test may break its expectations and update them.
func copyExample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.Walk(nwDir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(nwDir, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// explanation returns the explanation of payee's line of the deal in the
// Northwind quarter, as the engine words it.
func explanation(t *testing.T, payee, dealID string) string {
	t.Helper()
	s, err := strategy.Load(nwStrategy)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(nwDeals)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	deals, err := deal.ReadCSV(nwDeals, f, s.Schema())
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Run("FY2027-Q1", deals)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := res.Statement(payee)
	for _, l := range st.Lines {
		if l.Deal == dealID {
			return l.Explanation()
		}
	}
	t.Fatalf("%s has no line of %s", payee, dealID)
	return ""
}

func TestTestCommand(t *testing.T) {
	code, out, errs := call(testCmd, nwStrategy)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	last := lines[len(lines)-1]
	if !strings.HasSuffix(last, " passed, 0 failed") || !strings.Contains(out, "ok   ana-q1\n") {
		t.Errorf("output:\n%s", out)
	}

	code, out, _ = call(testCmd, nwStrategy, "--run", "^ana-")
	if code != 0 || out != "ok   ana-q1\n1 passed, 0 failed\n" {
		t.Errorf("--run: exit %d\n%s", code, out)
	}
}

// TestTestCommandFailure breaks an expectation on purpose and checks that
// the diff reads well, that the command exits 1, and that --update puts
// the current result back.
func TestTestCommandFailure(t *testing.T) {
	dir := copyExample(t)
	file := filepath.Join(dir, "strategy_test.yaml")
	src, _ := os.ReadFile(file)
	broken := bytes.Replace(src, []byte(`deal: NW-1156, amount: "1016.57"`), []byte(`deal: NW-1156, amount: "1066.57"`), 1)
	if bytes.Equal(broken, src) {
		t.Fatal("the expectation to break is not in the file")
	}
	os.WriteFile(file, broken, 0o644)
	strat := filepath.Join(dir, "strategy.yaml")

	code, out, errs := call(testCmd, strat, file)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errs)
	}
	line := 1 + bytes.Count(broken[:bytes.Index(broken, []byte(`deal: NW-1156, amount`))], []byte("\n"))
	want := "FAIL ana-q1\n" +
		fmt.Sprintf("    %s:%d:60: ana: line commission NW-1156\n", file, line) +
		"        want 1066.57\n" +
		"        got  1016.57 (-50.00)\n" +
		"        why  " + explanation(t, "ana", "NW-1156") + "\n"
	if !strings.HasPrefix(out, want) {
		t.Errorf("diff:\n%s\nwant it to start with:\n%s", out, want)
	}
	if !strings.HasSuffix(out, " passed, 1 failed\n") {
		t.Errorf("summary:\n%s", out)
	}
	if !strings.HasSuffix(errs, " plan tests failed [test-failed]\n") {
		t.Errorf("stderr: %s", errs)
	}

	code, out, errs = call(testCmd, strat, file, "--update")
	if code != 0 || !strings.Contains(out, "UPDATED ana-q1\n") || !strings.Contains(out, "updated 1 test: review the diff\n") {
		t.Fatalf("--update: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = call(testCmd, strat, file)
	if code != 0 {
		t.Errorf("after --update: exit %d\n%s", code, out)
	}
	got, _ := os.ReadFile(file)
	if !bytes.Contains(got, []byte(`amount: "1016.57"`)) || !bytes.Contains(got, []byte("# Plan tests of the Northwind strategy")) {
		t.Errorf("updated file:\n%s", got)
	}
}

func TestTestCommandUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"no args", nil, 2, "", "want a strategy file, then test files or folders"},
		{"help", []string{"--help"}, 0, "-update", ""},
		{"repeated flag", []string{nwStrategy, "--run", "a", "--run", "b"}, 2, "", "flag --run given twice"},
		{"bad regexp", []string{nwStrategy, "--run", "("}, 2, "", "--run: error parsing regexp"},
		{"no match", []string{nwStrategy, "--run", "nothing-like-this"}, 2, "", "matches no test"},
		{"missing strategy", []string{"nowhere.yaml"}, 1, "", "nowhere.yaml: no plan tests beside it"},
	}
	if _, out, _ := call(testCmd, "--help"); strings.Count(out, "usage:") != 1 {
		t.Errorf("--help prints the usage %d times:\n%s", strings.Count(out, "usage:"), out)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := call(testCmd, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errs, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, out, errs, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

// TestWired runs the commands as the command line does, through run.
func TestWired(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stdout string
	}{
		{[]string{"test", nwStrategy, "--run", "tiers|bands"}, 0, "ok   across-the-bands\n1 passed, 0 failed\n"},
		{[]string{"compare", acmeBefore, acmeAfter, "--deals", acmeDeals, "--period", "FY2026-Q1", "--format", "csv"}, 0, "total,,,,18400.00,19000.00,600.00,0.032609\n"},
		{[]string{"simulate", acmeBefore, "--deals", acmeDeals, "--period", "FY2026-Q1", "--payee", "ana", "--steps", "2"}, 0, "      100%  100,000.00   6,000.00\n"},
		{[]string{"help", "test"}, 0, "usage: salesplan test STRATEGY.yaml"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := run(tt.args, strings.NewReader(""), &out, &errb)
		if code != tt.code || !strings.Contains(out.String(), tt.stdout) {
			t.Errorf("salesplan %s: exit %d, stdout:\n%s\nstderr: %s\nwant %d and %q", strings.Join(tt.args, " "), code, out.String(), errb.String(), tt.code, tt.stdout)
		}
	}
}

// A plan-test file that carries its own plan and expects errors: the
// conformance case passes, and the same file with a problem it does not
// expect fails with the expected and the actual problems.
func TestTestCommandErrorList(t *testing.T) {
	src, err := os.ReadFile("../../commission/testdata/conformance/error-splits.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "error-splits.yaml")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := call(testCmd, file); code != 0 || !strings.Contains(out, "ok   error-splits\n") || !strings.Contains(out, "1 passed, 0 failed") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	bad := strings.Replace(string(src), "add up to 0.9", "add up to 0.8", 1)
	if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := call(testCmd, file)
	if code != 1 || !strings.Contains(out, "FAIL error-splits") || !strings.Contains(out, "add up to 0.8") || !strings.Contains(out, "add up to 0.9, not 1 (100%)") ||
		!strings.Contains(out, "0 passed, 1 failed") {
		t.Errorf("a problem not expected: exit %d\n%s%s", code, out, errs)
	}
}
