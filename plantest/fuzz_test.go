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
	for _, name := range []string{"testdata/running-straddle.yaml", "testdata/splits-rollup.yaml", "testdata/team-pool.yaml", "testdata/yearly-terms.yaml"} {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte(plan + "tests:\n  - {name: a, period: FY2026-Q1, deals: 'id,date,amount,currency,owner\n', expect: {}}\n"))
	f.Add([]byte(`org: {ana: {role: ae, terms: [{target_incentive: 100}]}}
stretch: {ana: {b: 10}}
commission: {measures: [{id: b}], plans: [{id: p, eligible: {roles: [ae]}, components: [{id: c, per: period, weight: 1, missing_score: zero, amount: score.s * component.target_incentive}]}]}
tests:
  - {name: a, period: FY2026-Q1, scores: {ana: {s: 1.5}}, deals: [{id: D1, date: 2026-01-05, amount: 1, currency: USD, owner: ana}], expect: {ana: {lines: [{component: c, base: 1, amount: 150}]}}}
  - {name: b, period: FY2026-Q1, deals: [{id: D1, date: 2026-01-05, amount: 1, currency: USD, owner: bob}], error: ["t.yaml:5:91: deals[0].owner", x]}
`))
	f.Add([]byte(`org: {ana: {role: ae}}
commission: {plans: [{id: p, eligible: {roles: [ae]}, components: [{id: c, measure: nope, rate: '0.1'}]}]}
tests:
  - {name: a, period: FY2026-Q1, deals: [], error: [unknown measure]}
`))
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
