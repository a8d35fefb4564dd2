package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/plantest"
	"github.com/salesplan/salesplan/strategy"
	"go.yaml.in/yaml/v3"
)

// The test command: salesplan test STRATEGY.yaml [TESTS...].
//
// It runs the plan tests of a strategy (package plantest): the
// *_test.yaml files beside it and the tests folder, or the test files and
// folders given after it, and prints ok or FAIL for each test, a diff of
// what a failed test expected and got, and the summary line
// "N passed, M failed". Test files that carry their own plan run without
// a strategy: salesplan test cases/*.yaml.
//
// Flags:
//
//	--run REGEX   run only the tests whose names match
//	--update      rewrite the expectations of the failed tests from the
//	              current results (review the diff before committing it)
//
// It exits 0 when every test passed, 1 when one failed or could not run
// (a summary problem on standard error says how many), 2 for a usage
// error.

// errTestsFailed is the code of the error that says tests failed.
const errTestsFailed diag.Code = "test-failed"

func testCmd(e *env, args []string) error {
	fset := newFlags(e, "test")
	runRE := fset.String("run", "", "run only the tests whose names match this regular expression")
	update := fset.Bool("update", false, "rewrite the expectations of the failed tests from the current results")
	pos, err := parseArgs(fset, args, -1, "a strategy file, then test files or folders")
	if err != nil {
		return err
	}
	var match *regexp.Regexp
	if *runRE != "" {
		if match, err = regexp.Compile(*runRE); err != nil {
			return fmt.Errorf("%w: --run: %v", errUsage, err)
		}
	}
	strategyFile, files, err := testFiles(pos)
	if err != nil {
		return err
	}
	fsys := osFS{}
	var s *strategy.Strategy
	if strategyFile != "" {
		if s, err = strategy.Load(strategyFile); err != nil {
			return err
		}
	}
	var out bytes.Buffer
	var outs []output
	passed, failed, updated := 0, 0, 0
	for _, name := range files {
		f, err := plantest.Load(fsys, name)
		if err != nil {
			fmt.Fprintf(&out, "FAIL %s\n%s", name, indent(err.Error()))
			failed++
			continue
		}
		if !f.OwnPlan() && s == nil {
			fmt.Fprintf(&out, "FAIL %s\n    error: the file tests a strategy: give it first (salesplan test STRATEGY.yaml %s)\n", name, name)
			failed++
			continue
		}
		var results []plantest.Result
		for _, t := range f.Tests {
			if match != nil && !match.MatchString(t.Name) {
				continue
			}
			r := f.RunTest(s, t.Name)
			results = append(results, r)
		}
		var fixed []string
		if *update {
			src, names, skipped, err := f.Update(results)
			if err != nil {
				return err
			}
			if len(names) > 0 {
				outs = append(outs, output{path: name, data: src})
				fixed = names
			}
			for _, sk := range skipped {
				fmt.Fprintf(&out, "not updated: %s: %s\n", name, sk)
			}
		}
		for _, r := range results {
			switch {
			case r.Passed():
				fmt.Fprintf(&out, "ok   %s\n", r.Name)
				passed++
			case slices.Contains(fixed, r.Name):
				fmt.Fprintf(&out, "UPDATED %s\n%s", r.Name, r.Diff())
				updated++
			default:
				fmt.Fprintf(&out, "FAIL %s\n%s", r.Name, r.Diff())
				failed++
			}
		}
	}
	if passed+failed+updated == 0 {
		if match != nil {
			return fmt.Errorf("%w: --run %s matches no test", errUsage, *runRE)
		}
		return errors.New("no tests to run")
	}
	if updated > 0 {
		fmt.Fprintf(&out, "updated %d %s: review the diff\n", updated, plural(updated, "test", "tests"))
	}
	fmt.Fprintf(&out, "%d passed, %d failed\n", passed, failed)
	if err := writeOutputs(e, append(outs, output{data: out.Bytes()})...); err != nil {
		return err
	}
	if failed > 0 {
		return &diag.Problem{Code: errTestsFailed, Message: fmt.Sprintf("%d of %d plan %s failed", failed, passed+failed+updated, plural(passed+failed+updated, "test", "tests"))}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// indent puts four spaces before every line of s.
func indent(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString("    " + line + "\n")
	}
	return b.String()
}

// testFiles sorts the positional arguments of test into the strategy
// (the first, unless it is itself a test file) and the test files:
// folders stand for their .yaml files; with none given, the tests beside
// the strategy.
func testFiles(pos []string) (string, []string, error) {
	strategyFile := ""
	if first := pos[0]; !isDir(first) && !isTestFile(first) {
		strategyFile, pos = first, pos[1:]
	}
	var files []string
	for _, p := range pos {
		if !isDir(p) {
			files = append(files, p)
			continue
		}
		found, err := filepath.Glob(filepath.Join(p, "*.yaml"))
		if err != nil {
			return "", nil, err
		}
		if len(found) == 0 {
			return "", nil, fmt.Errorf("%s: no .yaml test files in the folder", p)
		}
		slices.Sort(found)
		files = append(files, found...)
	}
	if len(files) == 0 && strategyFile != "" {
		found, err := plantest.Discover(osFS{}, filepath.ToSlash(strategyFile))
		if err != nil {
			return "", nil, err
		}
		if len(found) == 0 {
			return "", nil, fmt.Errorf("%s: no plan tests beside it: want *_test.yaml files in its folder or .yaml files in a tests folder beside it, or name the test files", strategyFile)
		}
		files = found
	}
	return strategyFile, files, nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// isTestFile reports whether the file at p is a test file: a YAML mapping
// with a tests key and no version (which a strategy document has).
func isTestFile(p string) bool {
	data, err := os.ReadFile(p)
	if err != nil {
		return false
	}
	var top map[string]yaml.Node
	if yaml.Unmarshal(data, &top) != nil {
		return false
	}
	_, tests := top["tests"]
	_, version := top["version"]
	return tests && !version
}

// osFS is the operating system's files as an fs.FS, by the paths the user
// gives (relative, with .., or absolute), so that problems name files as
// the user wrote them.
type osFS struct{}

func (osFS) Open(name string) (fs.File, error) { return os.Open(filepath.FromSlash(name)) }
