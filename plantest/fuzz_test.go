package plantest_test

import (
	"os"
	"testing"
	"testing/fstest"

	"github.com/salesplan/salesplan/plantest"
)

// FuzzLoad loads and runs fuzzed test files (with plans of their own, so
// that they run without a strategy), and rewrites their expectations:
// nothing may panic, and a file that loads must run and update.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"testdata/running-straddle.yaml", "testdata/splits-rollup.yaml"} {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte(plan + "tests:\n  - {name: a, period: FY2026-Q1, deals: 'id,date,amount,currency,owner\n', expect: {}}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := fstest.MapFS{"t.yaml": {Data: src}, "d.csv": {Data: []byte("id,date,amount,currency,owner\nA1,2026-01-05,1,USD,ana\n")}}
		file, err := plantest.Load(fsys, "t.yaml")
		if err != nil {
			return
		}
		res := file.Run(nil)
		for _, r := range res {
			_ = r.Diff()
		}
		if _, _, _, err := file.Update(res); err != nil {
			t.Logf("update: %v", err)
		}
	})
}
