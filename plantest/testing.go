package plantest

import (
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/salesplan/salesplan/strategy"
)

// Run runs plan tests as subtests of t: one subtest per test file, and in
// it one per test, named as the file names them. strategyPath is the
// strategy document in fsys that the tests run against; files are the
// test files, and when none is given, those [Discover] finds beside the
// strategy (finding none is a failure: a strategy without tests is
// probably a mistake of the path). strategyPath may be empty when every
// file carries its own plan.
//
// A test that does not meet its expectations fails through t with the
// readable diff of [Result.Diff]; a strategy or test file that does not
// parse fails with every problem and its position.
//
//	//go:embed plans
//	var plans embed.FS
//
//	func TestPlans(t *testing.T) {
//		plantest.Run(t, plans, "plans/strategy.yaml")
//	}
//
// Run it with go test -run 'TestPlans/strategy_test.yaml/ana' to pick
// tests, as with any subtests.
func Run(t *testing.T, fsys fs.FS, strategyPath string, files ...string) {
	t.Helper()
	var s *strategy.Strategy
	if strategyPath != "" {
		src, err := fs.ReadFile(fsys, strategyPath)
		if err != nil {
			t.Fatal(err)
		}
		if s, err = strategy.Parse(strategyPath, src); err != nil {
			t.Fatalf("%s:\n%v", strategyPath, err)
		}
		if len(files) == 0 {
			if files, err = Discover(fsys, strategyPath); err != nil {
				t.Fatal(err)
			}
			if len(files) == 0 {
				t.Fatalf("no plan tests beside %s: want *_test.yaml files in its folder, or .yaml files in a tests folder beside it", strategyPath)
			}
		}
	} else if len(files) == 0 {
		t.Fatal("plantest.Run: give a strategy or test files that carry their own plans")
	}
	dir := path.Dir(strategyPath)
	for _, name := range files {
		sub := strings.TrimPrefix(name, dir+"/")
		t.Run(sub, func(t *testing.T) {
			f, err := Load(fsys, name)
			if err != nil {
				t.Fatalf("\n%v", err)
			}
			for _, tc := range f.Tests {
				t.Run(tc.Name, func(t *testing.T) {
					r := f.RunTest(s, tc.Name)
					if !r.Passed() {
						t.Errorf("%s: %s\n%s", tc.Pos, tc.Name, r.Diff())
					}
				})
			}
		})
	}
}
