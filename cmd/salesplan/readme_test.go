package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/salesplan/salesplan/strategy"
)

// snippet is a fenced block of README.md.
type snippet struct {
	lang, body string
	line       int
}

func readmeSnippets(t *testing.T) []snippet {
	t.Helper()
	src, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []snippet
	re := regexp.MustCompile("(?ms)^```(\\w*)\\n(.*?)^```")
	for _, m := range re.FindAllSubmatchIndex(src, -1) {
		out = append(out, snippet{string(src[m[2]:m[3]]), string(src[m[4]:m[5]]), bytes.Count(src[:m[0]], []byte("\n")) + 1})
	}
	return out
}

// TestREADME checks that every snippet of README.md still works as
// written: each salesplan command of a sh block runs and exits 0, each
// strategy document parses (and the error shown for it is the error
// given), the plan test passes on the bundled example, the Go program
// builds and runs, and the rates and the explanation shown are what the
// example files give.
func TestREADME(t *testing.T) {
	snips := readmeSnippets(t)
	if len(snips) < 8 {
		t.Fatalf("README.md has %d snippets", len(snips))
	}
	root, _ := filepath.Abs("../..")
	var doc string
	for _, sn := range snips {
		switch {
		case sn.lang == "sh":
			for _, line := range strings.Split(strings.TrimSpace(sn.body), "\n") {
				checkCommand(t, sn.line, root, line)
			}
		case sn.lang == "yaml" && strings.HasPrefix(sn.body, "version:"):
			doc = sn.body
			if _, err := strategy.Parse("strategy.yaml", []byte(sn.body)); err != nil {
				t.Errorf("README.md:%d: the strategy does not parse:\n%v", sn.line, err)
			}
		case sn.lang == "yaml" && strings.HasPrefix(sn.body, "tests:"):
			checkPlanTest(t, sn, root)
		case sn.lang == "go":
			checkProgram(t, sn, root)
		case strings.HasPrefix(sn.body, "strategy.yaml:"):
			// the error of the document above with manager: omr
			dir := t.TempDir()
			p := filepath.Join(dir, "strategy.yaml")
			os.WriteFile(p, []byte(strings.Replace(doc, "manager: omar", "manager: omr", 1)), 0o644)
			var o, e bytes.Buffer
			run([]string{"validate", p}, nil, &o, &e)
			if got := strings.ReplaceAll(e.String(), dir+string(filepath.Separator), ""); got != sn.body {
				t.Errorf("README.md:%d: the error shown is\n%s\nbut validate says\n%s", sn.line, sn.body, got)
			}
		case strings.HasPrefix(sn.body, "from,to,date,rate"):
			b, _ := os.ReadFile(filepath.Join(root, "examples/northwind/rates-fy2027.csv"))
			if string(b) != sn.body {
				t.Errorf("README.md:%d: the rates shown are not examples/northwind/rates-fy2027.csv", sn.line)
			}
		case strings.HasPrefix(sn.body, "NW-2001"):
			var o, e bytes.Buffer
			ex := filepath.Join(root, "examples/northwind/")
			if code := run([]string{"explain", ex + "/strategy.yaml", "--deals", ex + "/deals-fy2027-q2-emea.csv", "--period", "FY2027-Q2", "--payee", "chloe", "--rates", ex + "/rates-fy2027.csv"}, nil, &o, &e); code != 0 {
				t.Fatalf("explain chloe: %s", e.String())
			}
			for _, l := range strings.Split(strings.TrimSpace(sn.body), "\n") {
				for _, part := range strings.Split(l, "...") {
					for _, f := range strings.Fields(part) {
						if !strings.Contains(o.String(), f) {
							t.Errorf("README.md:%d: %q is not in what explain prints:\n%s", sn.line, f, o.String())
						}
					}
				}
			}
		}
	}
}

// checkCommand runs a README command line: go run ./cmd/salesplan ARGS
// (paths of the repository made absolute, files written into a temporary
// folder), or the test command.
func checkCommand(t *testing.T, at int, root, line string) {
	t.Helper()
	if line == "go test -race ./..." {
		return
	}
	args, ok := strings.CutPrefix(line, "go run ./cmd/salesplan ")
	if !ok {
		t.Errorf("README.md:%d: a command this test does not know: %s", at, line)
		return
	}
	fields := strings.Fields(args)
	dir := t.TempDir()
	for i, f := range fields {
		switch {
		case i > 0 && (fields[i-1] == "--ledger-out" || fields[i-1] == "--out" || fields[i-1] == "--html" || fields[i-1] == "--svg"):
			fields[i] = filepath.Join(dir, f)
		case strings.Contains(f, "/"):
			fields[i] = filepath.Join(root, f)
		}
	}
	var o, e bytes.Buffer
	if code := run(fields, nil, &o, &e); code != 0 {
		t.Errorf("README.md:%d: %s\nexits %d:\n%s", at, line, code, e.String())
	}
}

// checkPlanTest runs the README's plan test beside the bundled strategy.
func checkPlanTest(t *testing.T, sn snippet, root string) {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"strategy.yaml", "deals-fy2027-q1.csv"} {
		b, err := os.ReadFile(filepath.Join(root, "examples/northwind", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	test := filepath.Join(dir, "readme_test.yaml")
	os.WriteFile(test, []byte(sn.body), 0o644)
	var o, e bytes.Buffer
	if code := run([]string{"test", filepath.Join(dir, "strategy.yaml"), test}, nil, &o, &e); code != 0 || !strings.Contains(o.String(), "1 passed, 0 failed") {
		t.Errorf("README.md:%d: the plan test fails (exit %d):\n%s%s", sn.line, code, o.String(), e.String())
	}
}

// checkProgram builds and runs the README's Go program in the module, as
// an overlay file: nothing is written into the repository.
func checkProgram(t *testing.T, sn snippet, root string) {
	t.Helper()
	if testing.Short() {
		t.Skip("go run of the README's program: not in -short")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	main := filepath.Join(dir, "main.go")
	os.WriteFile(main, []byte(sn.body), 0o644)
	overlay, _ := json.Marshal(map[string]map[string]string{"Replace": {filepath.Join(root, "internal/readmecheck/main.go"): main}})
	ov := filepath.Join(dir, "overlay.json")
	os.WriteFile(ov, overlay, 0o644)
	cmd := exec.Command(goBin, "run", "-overlay", ov, "./internal/readmecheck")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "ana earned 48660.40") {
		t.Errorf("README.md:%d: the Go program: %v\n%s", sn.line, err, out)
	}
}
