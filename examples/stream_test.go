package examples

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/strategy"
)

// TestRunEachCSV checks that the payroll CSV written statement by
// statement as RunEach hands them ([commission.CSVWriter]), as `salesplan
// run --format csv` writes it, is the CSV of Run's result byte for byte,
// with one worker, two and eight.
func TestRunEachCSV(t *testing.T) {
	examples := []struct{ dir, deals, scores, period string }{
		{"northwind", "deals-fy2027-q1.csv", "", "FY2027-Q1"},
		{"brightline", "deals-fy2026-q1.csv", "scores-fy2026-q1.csv", "FY2026-Q1"},
	}
	for _, ex := range examples {
		t.Run(ex.dir, func(t *testing.T) {
			s, err := strategy.Load(filepath.Join(ex.dir, "strategy.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			src, err := os.ReadFile(filepath.Join(ex.dir, ex.deals))
			if err != nil {
				t.Fatal(err)
			}
			deals, err := deal.ReadCSV(ex.deals, bytes.NewReader(src), s.Schema())
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
			for _, bulk := range []bool{false, true} {
				o := opts
				if bulk {
					o = append(o[:len(o):len(o)], commission.WithoutExplanations())
				}
				res, err := s.Run(ex.period, deals, o...)
				if err != nil {
					t.Fatal(err)
				}
				var want bytes.Buffer
				if err := res.WriteCSV(&want); err != nil {
					t.Fatal(err)
				}
				for _, workers := range []int{1, 2, 8} {
					var got bytes.Buffer
					cw := commission.NewCSVWriter(&got, ex.period)
					n := 0
					each, err := s.RunEach(ex.period, deals, func(st commission.Statement) error {
						n++
						return cw.Write(&st)
					}, append(o[:len(o):len(o)], commission.WithWorkers(workers))...)
					if err != nil {
						t.Fatal(err)
					}
					if err := cw.Flush(); err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(want.String(), got.String()); diff != "" {
						t.Errorf("%d workers: RunEach's CSV (-Run's +RunEach's):\n%s", workers, diff)
					}
					if n != len(res.Statements) || each.Statements != nil || each.Credits != nil {
						t.Errorf("%d workers: %d statements handed, %d kept, %d credits kept; want %d, none, none",
							workers, n, len(each.Statements), len(each.Credits), len(res.Statements))
					}
				}
			}
		})
	}
}
