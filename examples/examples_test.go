package examples

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/plantest"
	"github.com/salesplan/salesplan/strategy"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./examples -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// TestDescribe parses each example and compares its description on a few
// dates (before and after a promotion or a hire) with its golden file.
func TestDescribe(t *testing.T) {
	examples := []struct {
		dir   string
		dates []string
	}{
		{"northwind", []string{"2026-03-15", "2026-06-15"}},
		{"brightline", []string{"2026-01-15", "2026-02-15"}},
	}
	for _, ex := range examples {
		t.Run(ex.dir, func(t *testing.T) {
			s, err := strategy.Load(filepath.Join(ex.dir, "strategy.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			for _, d := range ex.dates {
				if err := s.Describe(&b, calendar.MustParseDate(d)); err != nil {
					t.Fatal(err)
				}
				b.WriteString("\n")
			}
			golden(t, ex.dir+"/describe.golden", b.Bytes())
		})
	}
}

// TestPayouts runs each example's bundled quarter of deals (with its
// scores, when its plans read them) and compares the statements (stable
// JSON), the payroll CSV and one payee's explained statement with their
// golden files.
func TestPayouts(t *testing.T) {
	examples := []struct {
		dir, deals, scores, period, payee string
	}{
		{"northwind", "deals-fy2027-q1.csv", "", "FY2027-Q1", "ana"},
		{"brightline", "deals-fy2026-q1.csv", "scores-fy2026-q1.csv", "FY2026-Q1", "alex"},
	}
	for _, ex := range examples {
		t.Run(ex.dir, func(t *testing.T) {
			s, err := strategy.Load(filepath.Join(ex.dir, "strategy.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(filepath.Join(ex.dir, ex.deals))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			deals, err := deal.ReadCSV(ex.deals, f, s.Schema())
			if err != nil {
				t.Fatal(err)
			}
			var opts []commission.RunOption
			if ex.scores != "" {
				src, err := os.ReadFile(filepath.Join(ex.dir, ex.scores))
				if err != nil {
					t.Fatal(err)
				}
				scores, err := commission.ReadScoresCSV(ex.scores, bytes.NewReader(src))
				if err != nil {
					t.Fatal(err)
				}
				opts = append(opts, commission.WithScores(scores))
			}
			res, err := s.Run(ex.period, deals, opts...)
			if err != nil {
				t.Fatal(err)
			}
			j, err := res.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, ex.dir+"/"+ex.period+".golden.json", j)
			var csv bytes.Buffer
			if err := res.WriteCSV(&csv); err != nil {
				t.Fatal(err)
			}
			golden(t, ex.dir+"/"+ex.period+".golden.csv", csv.Bytes())
			st, ok := res.Statement(ex.payee)
			if !ok {
				t.Fatalf("no statement for %s", ex.payee)
			}
			golden(t, ex.dir+"/"+ex.period+"-"+ex.payee+".golden.txt", []byte(commission.Explain(st, res.Period, ex.payee)))
		})
	}
}

// TestPlanTests runs each example's plan tests (its *_test.yaml files and
// tests folder) from the embedded files, as a user's go test would.
func TestPlanTests(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			plantest.Run(t, FS, name+"/strategy.yaml")
		})
	}
}

// TestSamples checks that every example loads from FS, with its deals.
func TestSamples(t *testing.T) {
	for _, name := range Names() {
		ex, err := Load(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ex.Name != name || len(ex.Deals) == 0 || ex.Period == "" {
			t.Errorf("%s: %d deals in %q", name, len(ex.Deals), ex.Period)
		}
		if _, err := fs.Stat(FS, name+"/README.md"); err != nil {
			t.Errorf("%s has no README: %v", name, err)
		}
	}
	if _, err := Load("contoso"); err == nil || err.Error() != `examples: no example "contoso" (the examples are [brightline northwind])` {
		t.Errorf("unknown example: %v", err)
	}
	a, _ := Northwind()
	b, _ := Northwind()
	a.Deals[0].Amount = a.Deals[0].Amount.Neg()
	if a.Deals[0].Amount.Equal(b.Deals[0].Amount) {
		t.Error("two calls share their deals")
	}
	if a.Scores != nil || a.ScoresFile != "" || a.RunOptions() != nil {
		t.Errorf("northwind has scores: %v %q", a.Scores, a.ScoresFile)
	}
}

// TestBrightline checks the typed helper of the Brightline example: its
// deals and scores, a run with its options, and that a run without the
// scores is refused rather than paying no MBO.
func TestBrightline(t *testing.T) {
	ex, err := Brightline()
	if err != nil {
		t.Fatal(err)
	}
	if ex.Name != "brightline" || ex.Period != "FY2026-Q1" || len(ex.Deals) != 73 || ex.DealsFile != "brightline/deals-fy2026-q1.csv" ||
		ex.ScoresFile != "brightline/scores-fy2026-q1.csv" || len(ex.Scores.Map()) != 13 {
		t.Fatalf("%s %s: %d deals from %s, %d payees scored from %s", ex.Name, ex.Period, len(ex.Deals), ex.DealsFile, len(ex.Scores.Map()), ex.ScoresFile)
	}
	res, err := ex.Strategy.Run(ex.Period, ex.Deals, ex.RunOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	// the per-payee totals strategy_test.yaml works out by hand
	want := map[string]string{
		"alex": "48607.84", "bianca": "34776.85", "carlos": "4385.21", "priya": "12610.65",
		"elena": "35310.00", "felix": "23420.00", "grace": "16800.00", "hiro": "14575.00",
		"sam": "10341.00", "tess": "5950.13", "dana": "25482.29", "jordan": "22628.57", "morgan": "32533.93",
	}
	got := map[string]string{}
	for _, st := range res.Statements {
		got[st.Payee] = st.Total.StringFixed(2)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("totals (-want +got):\n%s", diff)
	}
	if _, err := ex.Strategy.Run(ex.Period, ex.Deals); err == nil || !strings.Contains(err.Error(), "payee alex has no score of mbo in FY2026-Q1") {
		t.Errorf("a run without the scores: %v", err)
	}
	b, _ := Brightline()
	if b.Scores == ex.Scores {
		t.Error("two calls share their scores")
	}
}
