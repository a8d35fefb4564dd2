package commission_test

import (
	"encoding/json"
	"flag"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"runtime"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/plantest"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The conformance cases are plan tests (package plantest) that carry
// their own plan: testdata/conformance/<case>.yaml holds a commission
// section, the organisation, quotas, terms and stretch targets it runs
// against, and one test: a period's deals and what every payee must be
// paid, worked out by hand in the comments at the top (strict: every
// line of every statement, its component, deal, kind, amount, and base,
// rate or explanation where they carry numbers; subtotals, totals,
// measures and attainment). The error-*.yaml cases expect the run (or
// the compile) to fail with every problem, each at its place in the file.
// salesplan test commission/testdata/conformance runs the same files.
const casesDir = "testdata/conformance"

func caseFiles(t *testing.T) (fs.FS, []string) {
	t.Helper()
	fsys := os.DirFS(casesDir)
	files, err := fs.Glob(fsys, "*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance cases in %s (%v)", casesDir, err)
	}
	return fsys, files
}

// TestConformance runs every case: one subtest per case file, and in it
// its test (TestConformance/running-straddle.yaml/running-straddle).
func TestConformance(t *testing.T) {
	fsys, files := caseFiles(t)
	plantest.Run(t, fsys, "", files...)
}

// TestConformanceTotals checks that every statement of every case adds
// up: its total is the sum of its lines, and of its subtotals.
func TestConformanceTotals(t *testing.T) {
	fsys, files := caseFiles(t)
	for _, name := range files {
		for _, r := range load(t, fsys, name).Run(nil) {
			res := r.Commission()
			if res == nil {
				continue // an error case
			}
			for _, s := range res.Statements {
				lines, subs := decimal.Zero, decimal.Zero
				for _, l := range s.Lines {
					lines = lines.Add(l.Amount)
				}
				for _, st := range s.Subtotals {
					subs = subs.Add(st.Amount)
				}
				if !lines.Equal(s.Total) || !subs.Equal(s.Total) {
					t.Errorf("%s: %s: total %s, lines add to %s, subtotals to %s", name, s.Payee, s.Total, lines, subs)
				}
			}
		}
	}
}

// TestShuffle runs every case with its deals in other orders and with
// one and three workers (GOMAXPROCS, the default number, as go test -cpu
// sets it): the JSON result must be byte-identical, and the case must
// still pass.
func TestShuffle(t *testing.T) {
	fsys, files := caseFiles(t)
	r := rand.New(rand.NewPCG(7, 11))
	for _, name := range files {
		f := load(t, fsys, name)
		tc := f.Tests[0]
		first := f.RunTest(nil, tc.Name)
		if first.Commission() == nil {
			continue // an error case
		}
		want := marshal(t, first.Commission())
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		variants := map[string][]byte{"as written": src}
		for i := range 10 {
			variants["shuffled "+string(rune('0'+i))] = shuffleDeals(t, src, r)
		}
		for what, v := range variants {
			for _, procs := range []int{1, 3} {
				old := runtime.GOMAXPROCS(procs)
				res := load(t, fstest.MapFS{name: {Data: v}}, name).RunTest(nil, tc.Name)
				runtime.GOMAXPROCS(old)
				if !res.Passed() {
					t.Fatalf("%s, deals %s, %d workers:\n%s", name, what, procs, res.Diff())
				}
				if got := marshal(t, res.Commission()); got != want {
					t.Fatalf("%s: the result depends on the order of the deals or the number of workers (deals %s, %d workers):\n%s",
						name, what, procs, cmp.Diff(want, got))
				}
			}
		}
	}
}

// shuffleDeals returns the test file src with the deals of each test in
// another order.
func shuffleDeals(t *testing.T, src []byte, r *rand.Rand) []byte {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	tests := mapValue(doc.Content[0], "tests")
	for _, tc := range tests.Content {
		if deals := mapValue(tc, "deals"); deals != nil && deals.Kind == yaml.SequenceNode {
			r.Shuffle(len(deals.Content), func(i, j int) { deals.Content[i], deals.Content[j] = deals.Content[j], deals.Content[i] })
		}
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// TestResultJSON pins the JSON form of the result ([commission.Result.MarshalJSON])
// on cases that have every part of it: plans in force for part of the
// period, quotas and attainment, caps that withhold, gates, table
// pricing with rows and slices, converted deals. Refresh with
// go test ./commission -run ResultJSON -update.
func TestResultJSON(t *testing.T) {
	fsys, _ := caseFiles(t)
	for _, name := range []string{"gates-and-caps", "plan-change", "regress-explanation-numbers"} {
		t.Run(name, func(t *testing.T) {
			f := load(t, fsys, name+".yaml")
			r := f.RunTest(nil, f.Tests[0].Name)
			if !r.Passed() {
				t.Fatalf("the case fails:\n%s", r.Diff())
			}
			got, err := r.Commission().MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, path.Join(casesDir, "json", name+".golden.json"), got)
		})
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(name, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (run go test ./commission -run ResultJSON -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", name, diff)
	}
}

func load(t *testing.T, fsys fs.FS, name string) *plantest.File {
	t.Helper()
	f, err := plantest.Load(fsys, name)
	if err != nil {
		t.Fatalf("%s:\n%v", name, err)
	}
	return f
}

func marshal(t *testing.T, res *commission.Result) string {
	t.Helper()
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
