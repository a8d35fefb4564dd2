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

// TestStatementAllManagerChange: statement --all on the dated-teams
// strategy, where bob takes amer over from omar on 15 February, writes
// one page for amer that names both with their days, and omar, who ends
// the quarter in sales, finds it from his entry on the index: a manager
// who handed over mid-quarter is no longer left without a team page.
func TestStatementAllManagerChange(t *testing.T) {
	dir := t.TempDir()
	deals := filepath.Join(dir, "deals.csv")
	os.WriteFile(deals, []byte("id,date,amount,currency,owner\nA1,2027-01-20,10000,USD,ana\nA2,2027-02-14,5000,USD,ana\n"+
		"A3,2027-02-15,8000,USD,ana\nW1,2027-02-10,4000,USD,wes\nW2,2027-02-28,3000,USD,wes\nW3,2027-03-01,6000,USD,wes\n"), 0o644)
	out := filepath.Join(dir, "pages")
	var b bytes.Buffer
	e := &env{stdout: &b, stderr: &bytes.Buffer{}}
	if err := statementCmd(e, []string{"../../strategy/testdata/dated-teams/strategy.yaml", "--deals", deals, "--period", "FY2027-Q1", "--all", "--html", out}); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), out+": 6 statements, 10 pages\n"; got != want {
		t.Errorf("--all says %q, want %q", got, want)
	}
	page, err := os.ReadFile(filepath.Join(out, "team-amer.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`Managed by omar (<span class="days">2027-01-01 to 2027-02-14</span>), then bob (<span class="days">2027-02-15 to 2027-03-31</span>)`,
		`<a href="omar.html">omar</a><span class="kind">manager <span class="days">2027-01-01 to 2027-02-14</span></span>`,
		`<a href="bob.html">bob</a><span class="kind">manager <span class="days">2027-02-15 to 2027-03-31</span></span>`,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("amer's page has no %s", want)
		}
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(index), `<a href="omar.html">omar</a><span class="kind">in the team <span class="days">2027-02-15 to 2027-03-31</span></span><a class="team-page kind" href="team-amer.html">Team page of amer</a>`) {
		t.Errorf("omar's entry in sales does not link to amer's page:\n%s", index)
	}
	// west has no manager: no page, and no link to one
	if _, err := os.Stat(filepath.Join(out, "team-west.html")); err == nil || strings.Contains(string(index), "team-west.html") {
		t.Error("a page for west, which nobody manages")
	}
}
