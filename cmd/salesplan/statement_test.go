package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	stmtStrategy = "../../examples/northwind/strategy.yaml"
	stmtDeals    = "../../examples/northwind/deals-fy2027-q1.csv"
)

func TestStatementCmd(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	e := &env{stdout: &out, stderr: &bytes.Buffer{}}
	page := filepath.Join(dir, "ana.html")
	if err := statementCmd(e, []string{stmtStrategy, "--deals", stmtDeals, "--period", "FY2027-Q1", "--payee", "ana", "--html", page}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Ana Lima", `data-value="48660.40"`, "Account Executive FY2027", `<svg viewBox=`, "15% from 150%", "plan cap 60,000.00"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("the page has no %q", want)
		}
	}

	all := filepath.Join(dir, "all")
	if err := statementCmd(e, []string{stmtStrategy, "--deals", stmtDeals, "--period", "FY2027-Q1", "--all", "--html", all}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"index.html", "ana.html", "grace.html", "team-amer.html", "team-sales.html"} {
		if _, err := os.Stat(filepath.Join(all, f)); err != nil {
			t.Error(err)
		}
	}
	if !strings.Contains(out.String(), "9 statements") {
		t.Errorf("--all says %q", out.String())
	}
}

func TestCurveCmd(t *testing.T) {
	dir := t.TempDir()
	e := &env{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	svg := filepath.Join(dir, "ae.svg")
	if err := curveCmd(e, []string{stmtStrategy, "--deals", stmtDeals, "--period", "FY2027-Q1", "--plan", "ae", "--payee", "ana", "--svg", svg}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte(`<svg xmlns="http://www.w3.org/2000/svg"`)) || !bytes.Contains(data, []byte(`class="payee"`)) {
		t.Errorf("not a curve with the payee's point:\n%.300s", data)
	}
	// without a payee: the plan's curve, no point
	var b bytes.Buffer
	e.stdout = &b
	if err := curveCmd(e, []string{stmtStrategy, "--deals", stmtDeals, "--period", "FY2027-Q1", "--plan", "ae", "--svg", "-"}); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b.Bytes(), []byte(`class="payee"`)) || !bytes.Contains(b.Bytes(), []byte("drawn for the quota of")) {
		t.Errorf("the plan's curve:\n%.400s", b.Bytes())
	}
}

func TestStatementUsage(t *testing.T) {
	e := &env{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	base := []string{stmtStrategy, "--deals", stmtDeals, "--period", "FY2027-Q1"}
	for _, args := range [][]string{
		append(base[:5:5], "--payee", "ana"),
		append(base[:5:5], "--html", "x.html"),
		append(base[:5:5], "--all", "--payee", "ana", "--html", "x"),
		append(base[:5:5], "--all", "--html", "-"),
		append(base[:5:5], "--payee", "ana", "--html", "x.html", "--hold", "ana"),
	} {
		if err := statementCmd(e, args); !errors.Is(err, errUsage) {
			t.Errorf("statement %v: %v, want a usage error", args[5:], err)
		}
	}
	for _, args := range [][]string{
		append(base[:5:5], "--svg", "x.svg"),
		append(base[:5:5], "--plan", "ae"),
	} {
		if err := curveCmd(e, args); !errors.Is(err, errUsage) {
			t.Errorf("curve %v: %v, want a usage error", args[5:], err)
		}
	}
	if err := statementCmd(e, append(base[:5:5], "--payee", "anna", "--html", "x.html")); err == nil || !strings.Contains(err.Error(), "did you mean ana") {
		t.Errorf("unknown payee: %v", err)
	}
	if err := curveCmd(e, append(base[:5:5], "--plan", "aee", "--svg", "x.svg")); err == nil || !strings.Contains(err.Error(), `unknown plan "aee"`) {
		t.Errorf("unknown plan: %v", err)
	}
}
