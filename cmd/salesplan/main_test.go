package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salesplan/salesplan/diag"
)

const (
	northwind = "../../examples/northwind/strategy.yaml"
	deals     = "../../examples/northwind/deals-fy2027-q1.csv"
)

// TestExitCodes checks the command's interface: exit codes, and where
// output and messages go.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("version: 1\nname: x\ncurrency: USD\nteams: [{id: a, manager: nobody}]\n"), 0o644)
	badDeals := filepath.Join(dir, "deals.csv")
	os.WriteFile(badDeals, []byte("id,date,amount,currency,owner\nD1,2026-02-30,1,USD,ana\n"), 0o644)
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // a substring of stdout
		stderr string // a substring of stderr
	}{
		{"no args", nil, 2, "", "usage:"},
		{"unknown command", []string{"pay"}, 2, "", `unknown command "pay"`},
		{"validate ok", []string{"validate", northwind}, 0, "ok: Northwind Software FY2027", ""},
		{"validate bad", []string{"validate", bad}, 1, "", `bad.yaml:4:26: teams[0].manager: manager "nobody" is not a member`},
		{"validate missing file", []string{"validate", filepath.Join(dir, "none.yaml")}, 1, "", "no such file"},
		{"validate two files", []string{"validate", northwind, northwind}, 2, "", "want one strategy file, got 2"},
		{"run without deals", []string{"run", northwind, "--period", "FY2027-Q1"}, 2, "", "--deals is required"},
		{"run bad format", []string{"run", northwind, "--deals", deals, "--period", "FY2027-Q1", "--format", "xml"}, 2, "", "want json or csv"},
		{"run bad period", []string{"run", northwind, "--deals", deals, "--period", "2027-Q1"}, 1, "", `invalid period "2027-Q1"`},
		{"run bad deals", []string{"run", northwind, "--deals", badDeals, "--period", "FY2027-Q1"}, 1, "", `deals.csv:2:4: deal D1: column date: invalid date "2026-02-30": no such day`},
		{"run json", []string{"run", northwind, "--deals", deals, "--period", "FY2027-Q1"}, 0, `"period": "FY2027-Q1"`, ""},
		{"run csv", []string{"run", "--format", "csv", northwind, "--deals", deals, "--period", "FY2027-Q1"}, 0, "payee,period,plan,component,deal,kind,amount,currency,payroll_code\n", ""},
		{"explain", []string{"explain", northwind, "--deals", deals, "--period", "FY2027-Q1", "--payee", "ana"}, 0, "Statement of Ana Lima (ana) for FY2027-Q1, in USD", ""},
		{"explain unknown payee", []string{"explain", northwind, "--deals", deals, "--period", "FY2027-Q1", "--payee", "zed"}, 1, "", `unknown payee "zed"`},
		{"explain no plan", []string{"explain", northwind, "--deals", deals, "--period", "FY2027-Q1", "--payee", "farid"}, 1, "", "farid has no plan in force in FY2027-Q1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(tt.args, nil, &out, &errb)
			if code != tt.code {
				t.Errorf("exit code %d, want %d; stderr: %s", code, tt.code, errb.String())
			}
			if !strings.Contains(out.String(), tt.stdout) {
				t.Errorf("stdout does not contain %q:\n%s", tt.stdout, out.String())
			}
			if !strings.Contains(errb.String(), tt.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.stderr, errb.String())
			}
		})
	}
}

func TestRunOut(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pay.csv")
	var o, e bytes.Buffer
	if code := run([]string{"run", northwind, "--deals", deals, "--period", "FY2027-Q1", "--format", "csv", "--out", out}, nil, &o, &e); code != 0 {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(b, []byte("payee,period")) || o.Len() != 0 {
		t.Errorf("out file %q, stdout %q, err %v", b[:min(len(b), 40)], o.String(), err)
	}
}

// TestLedgerFlow closes a period into a new ledger, then checks that the
// ledger refuses the same period again and a skipped one, and that a
// ledger of another strategy is refused.
func TestLedgerFlow(t *testing.T) {
	dir := t.TempDir()
	l1 := filepath.Join(dir, "l1.json")
	var o, e bytes.Buffer
	if code := run([]string{"close", northwind, "--deals", deals, "--period", "FY2027-Q1", "--ledger-out", l1, "--format", "csv"}, nil, &o, &e); code != 0 {
		t.Fatalf("close: exit %d: %s", code, e.String())
	}
	if !strings.HasPrefix(o.String(), "payee,period,kind,plan,component,deal,original_period,amount,currency,payroll_code\nana,FY2027-Q1,earned,ae,commission,NW-1001,FY2027-Q1,") {
		t.Errorf("payroll CSV starts %q", o.String()[:min(200, o.Len())])
	}
	other := filepath.Join(dir, "other.json")
	b, _ := os.ReadFile(l1)
	os.WriteFile(other, bytes.Replace(b, []byte(`"strategy": "Northwind Software FY2027"`), []byte(`"strategy": "Contoso"`), 1), 0o644)
	events := filepath.Join(dir, "events.csv")
	os.WriteFile(events, []byte("deal,kind,date,amount\nNW-1001,cancelled,2026-05-02,\n"), 0o644)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"closed again", []string{"run", northwind, "--deals", deals, "--period", "FY2027-Q1", "--ledger", l1}, 1, "period FY2027-Q1 is already closed in the ledger"},
		{"skipped", []string{"run", northwind, "--deals", deals, "--period", "FY2027-Q3", "--ledger", l1}, 1, "period FY2027-Q3 skips ahead: the ledger's last closed period is FY2027-Q1, so the next to pay starts on 2026-05-01 (FY2027-Q2)"},
		{"held payee unknown", []string{"run", northwind, "--deals", deals, "--period", "FY2027-Q2", "--ledger", l1, "--hold", "ben, anna"}, 1, `held payee "anna" is not a member`},
		{"another strategy", []string{"run", northwind, "--deals", deals, "--period", "FY2027-Q2", "--ledger", other}, 1, `the ledger belongs to strategy "Contoso", not "Northwind Software FY2027"`},
		{"close without ledger-out", []string{"close", northwind, "--deals", deals, "--period", "FY2027-Q1"}, 2, "close needs --ledger-out"},
		{"bad ledger", []string{"run", northwind, "--deals", deals, "--period", "FY2027-Q2", "--ledger", deals}, 1, "invalid character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var o, e bytes.Buffer
			if code := run(tt.args, nil, &o, &e); code != tt.code || !strings.Contains(e.String(), tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, e.String(), tt.code, tt.stderr)
			}
		})
	}
	// A month closed, then the quarter that holds it: refused, or the
	// month's deals would be paid twice.
	m1 := filepath.Join(dir, "m1.json")
	o.Reset()
	e.Reset()
	if code := run([]string{"close", northwind, "--deals", deals, "--period", "FY2027-M01", "--ledger-out", m1}, nil, &o, &e); code != 0 {
		t.Fatalf("close M01: exit %d: %s", code, e.String())
	}
	e.Reset()
	if code := run([]string{"run", northwind, "--deals", deals, "--period", "FY2027-Q1", "--ledger", m1}, nil, &o, &e); code != 1 ||
		!strings.Contains(e.String(), "period FY2027-Q1 overlaps FY2027-M01, which the ledger has closed") {
		t.Errorf("quarter after a month: exit %d, stderr %q", code, e.String())
	}
	// The next quarter, with no deals of its own, claws back nothing for a
	// deal the plans have no clawback window for, and pays nothing.
	noDeals := filepath.Join(dir, "q2.csv")
	os.WriteFile(noDeals, []byte("id,date,amount,currency,owner\n"), 0o644)
	o.Reset()
	e.Reset()
	if code := run([]string{"run", northwind, "--deals", noDeals, "--period", "FY2027-Q2", "--ledger", l1, "--events", events}, nil, &o, &e); code != 0 {
		t.Fatalf("run Q2: exit %d: %s", code, e.String())
	}
	if !strings.Contains(o.String(), `"period": "FY2027-Q2"`) {
		t.Errorf("Q2 payout: %s", o.String()[:min(300, o.Len())])
	}
}

// TestHelp checks that every command's help exits 0 and lists its flags,
// whether asked as salesplan help COMMAND or salesplan COMMAND --help.
func TestHelp(t *testing.T) {
	for _, c := range commands() {
		for _, args := range [][]string{{"help", c.name}, {c.name, "--help"}, {c.name, "-h"}} {
			var o, e bytes.Buffer
			if code := run(args, nil, &o, &e); code != 0 || e.Len() != 0 {
				t.Errorf("%v: exit %d, stderr %q", args, code, e.String())
			}
			if !strings.HasPrefix(o.String(), "usage: salesplan "+c.name+" ") || strings.Count(o.String(), "usage:") != 1 {
				t.Errorf("%v: stdout %q", args, o.String())
			}
		}
	}
	var o, e bytes.Buffer
	run([]string{"help", "run"}, nil, &o, &e)
	for _, flag := range []string{"-deals", "-period", "-format", "-out", "-ledger", "-ledger-out", "-events", "-hold"} {
		if !strings.Contains(o.String(), "  "+flag+" ") {
			t.Errorf("salesplan help run does not list %s:\n%s", flag, o.String())
		}
	}
	o.Reset()
	if code := run([]string{"help"}, nil, &o, &e); code != 0 || !strings.Contains(o.String(), "explain    print one payee's statement") {
		t.Errorf("salesplan help: exit %d\n%s", code, o.String())
	}
}

// TestUsageErrors checks the regressions of command lines that were
// accepted in silence: a flag given twice kept the last value.
func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args   []string
		stderr string
	}{
		{[]string{"run", northwind, "--deals", deals, "--period", "FY2027-Q1", "--period", "FY2027-Q2"}, "flag --period given twice [usage]"},
		{[]string{"run", northwind, "--deals=" + deals, "-deals", deals, "--period", "FY2027-Q1"}, "flag --deals given twice [usage]"},
		{[]string{"run", northwind, "--deals", deals, "--period", "FY2027-Q1", "--error-format", "xml"}, "--error-format xml: want json or text"},
		{[]string{"run", northwind, "--deals", deals, "--period", "FY2027-Q1", "--bogus"}, "flag provided but not defined: -bogus [usage]\nusage: salesplan run STRATEGY.yaml"},
		{[]string{"help", "pay"}, `unknown command "pay"`},
	}
	for _, tt := range tests {
		var o, e bytes.Buffer
		if code := run(tt.args, nil, &o, &e); code != 2 || !strings.Contains(e.String(), tt.stderr) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, e.String(), tt.stderr)
		}
	}
}

// TestStdio reads deals from standard input and writes --out - to
// standard output.
func TestStdio(t *testing.T) {
	src, err := os.ReadFile(deals)
	if err != nil {
		t.Fatal(err)
	}
	var want, o, e bytes.Buffer
	if code := run([]string{"run", northwind, "--deals", deals, "--period", "FY2027-Q1", "--format", "csv"}, nil, &want, &e); code != 0 {
		t.Fatal(e.String())
	}
	if code := run([]string{"run", northwind, "--deals", "-", "--period", "FY2027-Q1", "--format", "csv", "--out", "-"}, bytes.NewReader(src), &o, &e); code != 0 {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	if o.String() != want.String() {
		t.Errorf("deals from standard input gave another result")
	}
}

// TestErrorFormats checks that each error line ends with its code, and
// that --error-format json writes the same problems as JSON objects.
func TestErrorFormats(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("version: 1\nname: x\ncurrency: USD\nteams: [{id: a, manager: nobody, colour: red}]\n"), 0o644)
	var o, e bytes.Buffer
	if code := run([]string{"validate", bad}, nil, &o, &e); code != 1 {
		t.Fatalf("exit %d", code)
	}
	for _, line := range strings.Split(strings.TrimSpace(e.String()), "\n") {
		if !strings.HasSuffix(line, "]") {
			t.Errorf("error line without a code: %q", line)
		}
	}
	if !strings.Contains(e.String(), "bad.yaml:4:34: teams[0].colour: unknown key colour (known keys: id, name, parent, manager, channels, territories, changes) [unknown-key]") {
		t.Errorf("stderr:\n%s", e.String())
	}
	e.Reset()
	if code := run([]string{"validate", bad, "--error-format", "json"}, nil, &o, &e); code != 1 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(e.String()), "\n")
	if len(lines) != 1 || !strings.Contains(e.String(), `"line":4,"column":34,"path":"teams[0].colour","code":"unknown-key","message":"unknown key colour","hint":"known keys: id, name, parent, manager, channels, territories, changes"}`) {
		t.Errorf("json errors:\n%s", e.String())
	}
}

// TestNoHalfWrittenFiles is the regression test of a failed close that
// had already rewritten its ledger: the payroll file was never written, a
// retry was refused as already closed, and the previous ledger was gone.
func TestNoHalfWrittenFiles(t *testing.T) {
	dir := t.TempDir()
	l := filepath.Join(dir, "ledger.json")
	var o, e bytes.Buffer
	if code := run([]string{"close", northwind, "--deals", deals, "--period", "FY2027-M01", "--ledger-out", l}, nil, &o, &e); code != 0 {
		t.Fatalf("close M01: %s", e.String())
	}
	before, _ := os.ReadFile(l)
	empty := filepath.Join(dir, "none.csv")
	os.WriteFile(empty, []byte("id,date,amount,currency,owner\n"), 0o644)
	missing := filepath.Join(dir, "missing", "pay.csv")
	e.Reset()
	if code := run([]string{"close", northwind, "--deals", empty, "--period", "FY2027-M02", "--ledger", l, "--ledger-out", l, "--out", missing}, nil, &o, &e); code != 1 {
		t.Fatalf("close into a missing folder: exit %d", code)
	}
	if after, _ := os.ReadFile(l); string(after) != string(before) {
		t.Errorf("a failed close changed its ledger")
	}
	// A run that fails leaves no output behind.
	out := filepath.Join(dir, "pay.csv")
	if code := run([]string{"run", northwind, "--deals", deals, "--period", "FY2027-Q9", "--out", out}, nil, &o, &e); code != 1 {
		t.Fatalf("bad period: exit %d", code)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed run left %s", out)
	}
	entries, _ := os.ReadDir(dir)
	for _, en := range entries {
		if strings.HasSuffix(en.Name(), ".tmp") {
			t.Errorf("temporary file left behind: %s", en.Name())
		}
	}
	// The retry, into a folder that exists, pays and closes.
	if code := run([]string{"close", northwind, "--deals", empty, "--period", "FY2027-M02", "--ledger", l, "--ledger-out", l, "--out", out}, nil, &o, &e); code != 0 {
		t.Fatalf("retry: %s", e.String())
	}
}

// TestMigrate pays from a ledger computed under other terms only when
// --migrate says it is meant.
func TestMigrate(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile(northwind)
	s := filepath.Join(dir, "strategy.yaml")
	os.WriteFile(s, src, 0o644)
	l := filepath.Join(dir, "ledger.json")
	var o, e bytes.Buffer
	if code := run([]string{"close", s, "--deals", deals, "--period", "FY2027-M01", "--ledger-out", l}, nil, &o, &e); code != 0 {
		t.Fatal(e.String())
	}
	changed := bytes.Replace(src, []byte("new_logo_bonus: 500"), []byte("new_logo_bonus: 600"), 1)
	if bytes.Equal(changed, src) {
		t.Fatal("the example has no new_logo_bonus: 500 to change")
	}
	os.WriteFile(s, changed, 0o644)
	args := []string{"run", s, "--deals", deals, "--period", "FY2027-M02", "--ledger", l}
	if code := run(args, nil, &o, &e); code != 1 || !strings.Contains(e.String(), "other compensation terms") {
		t.Errorf("without --migrate: exit %d, %s", code, e.String())
	}
	e.Reset()
	if code := run(append(args, "--migrate"), nil, &o, &e); code != 0 {
		t.Errorf("with --migrate: exit %d, %s", code, e.String())
	}
}

// The text error format writes the first problems and how many there are;
// the JSON format writes every one.
func TestWriteErrorsCapped(t *testing.T) {
	var list diag.List
	for i := range maxShown + 50 {
		list.Add(fmt.Sprintf("rows[%d]", i), diag.InvalidValue, "bad row %d", i)
	}
	var b strings.Builder
	writeErrors(&b, list.Err())
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != maxShown+1 || lines[len(lines)-1] != fmt.Sprintf("... and 50 more problems, %d in all (--error-format json lists every one)", maxShown+50) {
		t.Errorf("%d lines, the last %q", len(lines), lines[len(lines)-1])
	}
	b.Reset()
	writeJSONErrors(&b, list.Err(), "")
	if n := strings.Count(b.String(), "\n"); n != maxShown+50 {
		t.Errorf("json: %d problems, want %d", n, maxShown+50)
	}
}
