package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRunCSVStreamed checks that run --format csv, which writes the rows
// of each statement as the run hands it over, writes the payroll CSV of
// the example (its golden file) to --out and to standard output.
func TestRunCSVStreamed(t *testing.T) {
	want, err := os.ReadFile("../../examples/testdata/northwind/FY2027-Q1.golden.csv")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "pay.csv")
	var o, e bytes.Buffer
	if code := run([]string{"run", northwind, "--deals", deals, "--period", "FY2027-Q1", "--format", "csv", "--out", out}, nil, &o, &e); code != 0 {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("--out (-want +got):\n%s", diff)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("--out's mode %v, %v: want 0644", fi.Mode(), err)
	}
	o.Reset()
	if code := run([]string{"run", northwind, "--deals", deals, "--period", "FY2027-Q1", "--format", "csv"}, nil, &o, &e); code != 0 {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	if diff := cmp.Diff(string(want), o.String()); diff != "" {
		t.Errorf("standard output (-want +got):\n%s", diff)
	}
}

// TestRunCSVPayeeErrorWritesNothing is the regression test of a run
// whose rows are written as the statements come: a payee's error (a
// deal in a currency with no rate, found when the statements before it
// were written) exits 1, leaves --out as it was and no temporary file,
// and writes nothing to standard output.
func TestRunCSVPayeeErrorWritesNothing(t *testing.T) {
	src, err := os.ReadFile(deals)
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSuffix(string(src), "\n"), "\n")
	// dev's first won deal in EUR: dev's statement fails after ana's,
	// ben's and chloe's are made
	for i, r := range rows {
		if f := strings.Split(r, ","); f[4] == "dev" && f[9] == "closed_won" {
			f[3] = "EUR"
			rows[i] = strings.Join(f, ",")
			break
		}
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "deals.csv")
	if err := os.WriteFile(bad, []byte(strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "pay.csv")
	os.WriteFile(out, []byte("the last good run\n"), 0o644)
	for _, args := range [][]string{{"--out", out}, nil} {
		var o, e bytes.Buffer
		if code := run(append([]string{"run", northwind, "--deals", bad, "--period", "FY2027-Q1", "--format", "csv"}, args...), nil, &o, &e); code != 1 {
			t.Fatalf("%v: exit %d, want 1: %s", args, code, e.String())
		}
		if !strings.Contains(e.String(), "no exchange rate from EUR") || o.Len() != 0 {
			t.Errorf("%v: stdout %q, stderr %q", args, o.String(), e.String())
		}
	}
	if b, _ := os.ReadFile(out); string(b) != "the last good run\n" {
		t.Errorf("a failed run changed --out: %q", b[:min(len(b), 60)])
	}
	entries, _ := os.ReadDir(dir)
	for _, en := range entries {
		if strings.HasSuffix(en.Name(), ".tmp") {
			t.Errorf("temporary file left behind: %s", en.Name())
		}
	}
}
