package plantest_test

import (
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/plantest"
)

// TestOwnPlans runs the test files that carry their own plans: two of
// the commission conformance cases (commission/testdata/conformance), a
// team pool of the file's org, and terms: yearly on the file's 4-4-5
// calendar.
func TestOwnPlans(t *testing.T) {
	plantest.Run(t, os.DirFS("testdata"), "", "running-straddle.yaml", "splits-rollup.yaml", "team-pool.yaml", "yearly-terms.yaml")
}

// plan is a small plan of a test file's own: 10% of bookings, a 500
// bonus at 100% of a 10,000 quota, at most 1,200 a period.
const plan = `org:
  ana: {role: ae, managers: [omar]}
  ben: {role: ae, managers: [omar]}
  omar: {role: rvp}
quotas:
  ana: {bookings: 10000}
  ben: {bookings: 10000}
commission:
  measures: [{id: bookings}]
  crediting:
    rollup: {enabled: true}
  plans:
    - id: ae
      eligible: {roles: [ae]}
      cap: 1200
      components:
        - {id: commission, measure: bookings, rate: "0.1"}
        - {id: bonus, per: period, gate: attainment.bookings >= 1, amount: "500"}
    - id: rvp
      eligible: {roles: [rvp]}
      components:
        - {id: override, kinds: [rollup], measure: bookings, rate: "0.01"}
`

func load(t *testing.T, files fstest.MapFS, name string) *plantest.File {
	t.Helper()
	f, err := plantest.Load(files, name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestPass(t *testing.T) {
	files := fstest.MapFS{
		"plan_test.yaml": {Data: []byte(plan + `tests:
  - name: inline
    period: FY2026-Q1
    # A1 6,000 and A2 5,000: 1,100 and the bonus, 1,600, capped at 1,200
    deals:
      - {id: A1, date: 2026-01-05, amount: 6000, currency: USD, owner: ana}
      - {id: A2, date: 2026-02-05, amount: 5000, currency: USD, owner: ana}
      - {id: B1, date: 2026-02-06, amount: 1000, currency: USD, owner: ben}
    expect:
      ana:
        total: "1200"
        components: {commission: "1100.00", ae/bonus: "500", plan-cap: "-400.00"}
        lines:
          - {component: commission, deal: A1, amount: "600.00"}
          - {component: bonus, amount: "500.00"}
          - {plan: ae, component: plan-cap, kind: cap, amount: "-400.00"}
        measures: {bookings: "11000"}
        attainment: {bookings: "1.1"}
      ben:
        lines: [{component: bonus, kind: gate, amount: "0"}]
      omar: {total: "120.00"}
  - name: csv-rows
    period: FY2026-Q1
    deals: |
      id,date,amount,currency,owner
      A1,2026-01-05,1000,USD,ana
    expect:
      ana: {total: "100.00"}
      ben: {total: "0"}
  - name: file
    period: FY2026-Q1
    deals: data/deals.csv
    expect:
      ana: {total: "100.00"}
  - name: no-deals
    period: FY2026-Q1
    deals: []
    strict: true
    expect: {}
  - name: paid
    period: FY2026-Q1
    deals: data/deals.csv
    expect:
      ana:
        pay: "100.00"
        items: [{kind: earned, component: commission, deal: A1, amount: "100.00"}]
  - name: next
    period: FY2026-Q2
    after: paid
    deals: []
    events: data/events.csv
    expect:
      ana: {pay: "0"}
  - name: dated-rates
    period: FY2026-Q1
    # 1,000 EUR at 1.10 in January, at 1.20 from February: 110 + 120
    rates:
      - {from: EUR, to: USD, date: 2026-01-01, rate: "1.10"}
      - {from: EUR, to: USD, date: 2026-02-01, rate: "1.20"}
    deals:
      - {id: E1, date: 2026-01-20, amount: 1000, currency: EUR, owner: ana}
      - {id: E2, date: 2026-02-20, amount: 1000, currency: EUR, owner: ana}
    expect:
      ana: {total: "230.00"}
  - name: rates-file
    period: FY2026-Q1
    rates: data/rates.csv
    deals:
      - {id: E1, date: 2026-01-20, amount: 1000, currency: EUR, owner: ana}
    expect:
      ana: {total: "110.00"}
  - name: inline-events
    period: FY2026-Q2
    after: paid
    deals: []
    events:
      - {deal: A1, kind: paid, date: 2026-04-02, amount: "1000"}
    expect:
      ana: {pay: "0"}
`)},
		"data/rates.csv":  {Data: []byte("from,to,date,rate\nEUR,USD,2026-01-01,1.10\n")},
		"data/deals.csv":  {Data: []byte("id,date,amount,currency,owner\nA1,2026-01-05,1000,USD,ana\n")},
		"data/events.csv": {Data: []byte("deal,kind,date,amount\nA1,paid,2026-04-02,1000\n")},
	}
	f := load(t, files, "plan_test.yaml")
	if !f.OwnPlan() || len(f.Tests) != 9 || f.Tests[0].Pos.String() != "plan_test.yaml:24:5" {
		t.Fatalf("file: own plan %v, %d tests, first at %s", f.OwnPlan(), len(f.Tests), f.Tests[0].Pos)
	}
	for _, r := range f.Run(nil) {
		if !r.Passed() {
			t.Errorf("%s:\n%s", r.Name, r.Diff())
		}
	}
}

// TestScoresAndTerms gives a test the scores its rules read (a file, or
// a mapping in the test's period) and a terms file.
func TestScoresAndTerms(t *testing.T) {
	files := fstest.MapFS{
		"plan_test.yaml": {Data: []byte(`org:
  ana: {role: ae}
  ben: {role: ae}
commission:
  measures: [{id: bookings}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      components:
        - {id: mbo, per: period, missing_score: skip, amount: score.mbo * 1000}
        - {id: bonus, per: period, amount: payee.target_incentive / 4}
tests:
  # ana 0.9 x 1,000 and 40,000 / 4; ben has no score: no mbo line
  - name: mapping
    period: FY2026-Q1
    deals: []
    scores: {ana: {mbo: 0.9}}
    terms: data/terms.csv
    strict: true
    expect:
      ana: {total: "10900.00", lines: [{component: mbo, amount: "900.00"}, {component: bonus, amount: "10000.00"}]}
      ben: {total: "5000.00", lines: [{component: bonus, amount: "5000.00"}]}
  - name: file
    period: FY2026-Q2
    deals: []
    scores: data/scores.csv
    terms: data/terms.csv
    expect:
      ana: {components: {mbo: "1200.00"}}
      ben: {components: {mbo: "500.00"}}
`)},
		"data/scores.csv": {Data: []byte("payee,period,objective,score\nana,FY2026-Q2,mbo,1.2\nben,FY2026-Q2,mbo,0.5\n")},
		"data/terms.csv":  {Data: []byte("payee,from,to,ote,base,target_incentive,currency\nana,,,100000,60000,,USD\nben,,,,,20000,USD\n")},
	}
	f := load(t, files, "plan_test.yaml")
	for _, r := range f.Run(nil) {
		if !r.Passed() {
			t.Errorf("%s:\n%s", r.Name, r.Diff())
		}
	}
	for _, tt := range []struct{ src, want string }{
		{"scores: {ana: {mbo: -1}}", "t.yaml:2:65: tests[0].scores.ana.mbo: a score is at least 0, not -1"},
		{"scores: {ana: 1}", "t.yaml:2:59: tests[0].scores.ana: a payee's scores map objectives to scores ({mbo: 0.9})"},
		{"scores: [1]", "t.yaml:2:53: tests[0].scores: scores is a scores file (CSV payee,period,objective,score) or a mapping of payee to objective to score"},
	} {
		_, err := plantest.Load(fstest.MapFS{"t.yaml": {Data: []byte("tests:\n  - {name: a, period: FY2026-Q1, deals: [], " + tt.src + "}\n")}}, "t.yaml")
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: got %v, want %s", tt.src, err, tt.want)
		}
	}
	files["plan_test.yaml"].Data = []byte(strings.Replace(string(files["plan_test.yaml"].Data), "data/scores.csv", "data/nope.csv", 1))
	f = load(t, files, "plan_test.yaml")
	if r := f.Run(nil)[1]; r.Passed() || !strings.Contains(r.Diff(), "scores file: open data/nope.csv") {
		t.Errorf("a missing scores file: %s", r.Diff())
	}
}

// TestFailures breaks expectations of each kind and checks what the
// failures say.
func TestFailures(t *testing.T) {
	files := fstest.MapFS{
		"plan_test.yaml": {Data: []byte(plan + `tests:
  - name: wrong
    period: FY2026-Q1
    deals:
      - {id: A1, date: 2026-01-05, amount: 6000, currency: USD, owner: ana}
      - {id: B1, date: 2026-02-06, amount: 1000, currency: USD, owner: ben}
    strict: true
    expect:
      ana:
        total: "650.00"
        components: {comission: "600"}
        lines:
          - {component: commission, deal: A1, amount: "650.00"}
          - {component: commission, deal: B1, amount: "100.00"}
          - {component: bonus, amount: "500"}
        attainment: {bookings: "0.61"}
      anna: {total: "1"}
  - name: error-expected
    period: FY2026-Q1
    deals: []
    error: no such thing
  - name: run-fails
    period: FY2026-Q1
    deals: [{id: X, date: 2026-01-05, amount: 1, currency: USD, owner: zed}]
    expect:
      ana: {total: "0"}
  - name: nothing
    period: FY2026-Q1
    deals: []
`)},
	}
	f := load(t, files, "plan_test.yaml")
	res := f.Run(nil)
	type failure struct{ Pos, Payee, What, Want, Got, Delta, Note string }
	var got []failure
	for _, fl := range res[0].Failures {
		got = append(got, failure{fl.Pos.String(), fl.Payee, fl.What, fl.Want, fl.Got, fl.Delta, fl.Note})
	}
	want := []failure{
		{"plan_test.yaml:31:7", "ben", "statement", "none", "100.00", "", "strict: every payee with a line that is not zero must be expected"},
		{"plan_test.yaml:31:7", "omar", "statement", "none", "70.00", "", "strict: every payee with a line that is not zero must be expected"},
		{"plan_test.yaml:32:16", "ana", "total", "650.00", "600.00", "-50.00", ""},
		{"plan_test.yaml:33:33", "ana", "component comission", "600", "0.00", "-600.00", "ana has no line of component comission; its components: commission, bonus"},
		{"plan_test.yaml:35:55", "ana", "line commission A1", "650.00", "600.00", "-50.00", ""},
		{"plan_test.yaml:36:13", "ana", "line commission B1", "100.00", "none", "", "ana has 1 line of commission; deal B1 is credited to ben (direct), omar (rollup)"},
		{"plan_test.yaml:37:40", "ana", "line bonus", "500", "0.00", "-500.00", ""}, // the gate's line
		{"plan_test.yaml:38:32", "ana", "attainment bookings", "0.61", "0.60", "-0.01", "6000 of bookings quota 10000; compared at the 2 decimals written"},
		{"plan_test.yaml:39:13", "anna", "payee", "anna", "none", "", "anna is not a member (did you mean ana?)"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}
	if d := res[0].Diff(); !strings.Contains(d, "\n    plan_test.yaml:32:16: ana: total\n        want 650.00\n        got  600.00 (-50.00)\n    plan_test.yaml:33:33: ana: component comission\n") ||
		!strings.Contains(d, "\n        why  ") {
		t.Errorf("diff:\n%s", d)
	}
	if d := res[1].Diff(); d != "    plan_test.yaml:43:12: error\n        want no such thing\n        got  none\n        note the run succeeded\n" {
		t.Errorf("error expected:\n%s", d)
	}
	if r := res[2]; r.Err == nil || !strings.Contains(r.Diff(), "    error: plan_test.yaml:46:72: deals[0].owner: deal X: ") {
		t.Errorf("run fails:\n%s", r.Diff())
	}
	if d := res[3].Diff(); !strings.Contains(d, "expects nothing") {
		t.Errorf("nothing expected:\n%s", d)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"empty", "", "t.yaml: the document is empty"},
		{"no tests", "description: x\n", "t.yaml:1:1: tests: the file has no tests: give a list of tests, each with a name, a period, deals and what to expect"},
		{"unknown key", "tests:\n  - name: a\n    perod: FY2026-Q1\n", "t.yaml:3:5: tests[0].perod: unknown key perod (did you mean period?)"},
		{"missing", "tests:\n  - {description: x}\n", strings.Join([]string{
			"t.yaml:2:5: tests[0].deals: missing deals: a deals file (CSV or JSON), CSV rows, or a list of deals ([] for none)",
			"t.yaml:2:5: tests[0].name: missing test name",
			"t.yaml:2:5: tests[0].period: missing period (a period id such as FY2027-Q1)"}, "\n")},
		{"twice", "tests:\n  - {name: a, period: P, deals: [], expect: {}}\n  - {name: a, period: P, deals: []}\n",
			"t.yaml:3:12: tests[1].name: test \"a\" is named twice (first at tests[0])"},
		{"bad number", "tests:\n  - {name: a, period: P, deals: [], expect: {ana: {total: '1,000'}}}\n",
			`t.yaml:2:59: tests[0].expect.ana.total: "1,000" is not a`},
		{"after", "tests:\n  - {name: a, period: P, deals: []}\n  - {name: b, period: P, deals: [], after: c}\n",
			`t.yaml:3:44: tests[1].after: after names an earlier test of this file; "c" is not one`},
		{"both", "tests:\n  - {name: a, period: P, deals: [], error: x, expect: {ana: {total: 1}}}\n",
			"t.yaml:2:44: tests[0].error: a test expects an error or payouts, not both"},
		{"rates", "tests:\n  - {name: a, period: P, deals: [], rates: {EURUSD: 1}}\n",
			"t.yaml:2:53: tests[0].rates.EURUSD: a rate is keyed by a pair of currencies, FROM/TO: EUR/USD is one euro in dollars"},
		{"line", "tests:\n  - {name: a, period: P, deals: [], expect: {ana: {lines: [{deal: D1}]}}}\n", strings.Join([]string{
			"t.yaml:2:60: tests[0].expect.ana.lines[0].amount: missing amount of the line",
			"t.yaml:2:60: tests[0].expect.ana.lines[0].component: missing component of the line"}, "\n")},
		{"org without plan", "org: {ana: {role: ae}}\ntests:\n  - {name: a, period: P, deals: []}\n",
			"t.yaml:1:6: org: org describes a plan of the file's own and goes with a commission section; without one, the file tests the strategy it is given"},
		{"own plan", "org: {ana: {role: ae, managers: [omr]}, omar: {role: rvp}}\ncommission: {plans: [{id: p, components: [{id: c, measure: nope, rate: '0.1'}]}]}\ntests:\n  - {name: a, period: P, deals: []}\n",
			"t.yaml:1:34: org.ana.managers[0]: manager \"omr\" is not in the org (did you mean omar?)"},
		{"own plan compile", "org: {ana: {role: ae}}\ncommission: {plans: [{id: p, eligible: {roles: [ae]}, components: [{id: c, measure: nope, rate: '0.1'}]}]}\ntests:\n  - {name: a, period: P, deals: []}\n",
			"t.yaml:2:85: commission.plans[0].components[0].measure: unknown measure \"nope\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := plantest.Load(fstest.MapFS{"t.yaml": {Data: []byte(tt.src)}}, "t.yaml")
			if err == nil {
				t.Fatal("no error")
			}
			if got := err.Error(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("error:\n%s\nwant it to start with:\n%s", got, tt.want)
			}
		})
	}
}

// TestDealErrors: problems of inline deals and of deal files are errors
// of the test, positioned where the deal is written.
func TestDealErrors(t *testing.T) {
	files := fstest.MapFS{
		"t.yaml": {Data: []byte(plan + `tests:
  - name: inline
    period: FY2026-Q1
    deals:
      - {id: A1, date: 2026-02-30, amount: 1e3, currency: USD, owner: ana, colour: red}
    expect: {ana: {total: "0"}}
  - name: rows
    period: FY2026-Q1
    deals: |
      id,date,amount,currency,owner
      A1,2026-01-05,12.5.0,USD,ana
    expect: {ana: {total: "0"}}
  - name: missing-file
    period: FY2026-Q1
    deals: nowhere.csv
    expect: {ana: {total: "0"}}
  - name: bad-event
    period: FY2026-Q1
    deals: []
    events:
      - {deal: A1, kind: paid, date: 2026-01-02}
      - {deal: A1, kind: payed, date: 2026-01-03, colour: red}
    expect: {ana: {total: "0"}}
  - name: bad-kind
    period: FY2026-Q1
    deals: []
    events:
      - {deal: A1, kind: paid, date: 2026-01-02}
      - {deal: A1, kind: payed, date: 2026-01-03}
    expect: {ana: {total: "0"}}
`)},
	}
	f := load(t, files, "t.yaml")
	res := f.Run(nil)
	var got []string
	for _, r := range res {
		var list diag.List
		if r.Err == nil {
			t.Fatalf("%s: no error", r.Name)
		}
		if l, ok := r.Err.(diag.List); ok {
			list = l
		}
		for _, p := range list {
			got = append(got, p.Pos.String()+" "+p.Message)
		}
	}
	want := []string{
		`t.yaml:27:24 invalid date "2026-02-30": no such day`,
		`t.yaml:27:44 "1e3" is`,
		`t.yaml:27:84 unknown field colour of a deal`,
		`t.yaml:33:21 deals: deal A1: column amount: "12.5.0" is not`,
		`t.yaml:37:12 deals file: open nowhere.csv: file does not exist`,
		`t.yaml:44:59 unknown field colour of an event`,
		`t.yaml:50:16 amount: `, // a payment needs one: at the item's first field
		`t.yaml:51:26 kind: unknown event "payed"`,
	}
	if len(got) != len(want) {
		t.Fatalf("problems:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d: %s\nwant it to start with %s", i, got[i], want[i])
		}
	}
}

func TestUpdate(t *testing.T) {
	src := plan + `tests:
  # a comment kept
  - name: fresh
    period: FY2026-Q1
    deals:
      - {id: A1, date: 2026-01-05, amount: 6000, currency: USD, owner: ana}
  - name: stale
    description: the total and a line are off; a line is gone
    period: FY2026-Q1
    deals:
      - {id: A1, date: 2026-01-05, amount: 6000, currency: USD, owner: ana}
    expect:
      ana:
        total: "1.00"   # comments inside a rewritten block go
        lines:
          - {component: commission, deal: A1, amount: "2.00"}
          - {component: commission, deal: GONE, amount: "3.00"}
        attainment: {bookings: "0.5"}

  - name: passes
    period: FY2026-Q1
    deals: []
    expect:
      ana: {total: "0"}    # untouched
  - name: error
    period: FY2026-Q1
    deals: [{id: X, date: 2026-01-05, amount: 1, currency: USD, owner: zed}]
    error: something else
`
	files := fstest.MapFS{"t.yaml": {Data: []byte(src)}}
	f := load(t, files, "t.yaml")
	res := f.Run(nil)
	out, updated, skipped, err := f.Update(res)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"fresh", "stale", "error"}, updated); diff != "" || len(skipped) > 0 {
		t.Errorf("updated (-want +got):\n%s\nskipped %q", diff, skipped)
	}
	want := plan + `tests:
  # a comment kept
  - name: fresh
    period: FY2026-Q1
    deals:
      - {id: A1, date: 2026-01-05, amount: 6000, currency: USD, owner: ana}
    expect:
      ana:
        total: "600.00"
        components:
          commission: "600.00"
          bonus: "0.00"
      omar:
        total: "60.00"
        components:
          override: "60.00"
  - name: stale
    description: the total and a line are off; a line is gone
    period: FY2026-Q1
    deals:
      - {id: A1, date: 2026-01-05, amount: 6000, currency: USD, owner: ana}
    expect:
      ana:
        total: "600.00"
        lines:
          - {component: commission, deal: A1, amount: "600.00"}
        attainment:
          bookings: "0.6"

  - name: passes
    period: FY2026-Q1
    deals: []
    expect:
      ana: {total: "0"}    # untouched
  - name: error
    period: FY2026-Q1
    deals: [{id: X, date: 2026-01-05, amount: 1, currency: USD, owner: zed}]
    error: "deals[0].owner: deal X: owner \"zed\" is not a member"
`
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("updated file (-want +got):\n%s", diff)
	}
	files["t.yaml"] = &fstest.MapFile{Data: out}
	for _, r := range load(t, files, "t.yaml").Run(nil) {
		if !r.Passed() {
			t.Errorf("after the update, %s fails:\n%s", r.Name, r.Diff())
		}
	}
}

// TestConcurrent runs the tests of one file from many goroutines.
func TestConcurrent(t *testing.T) {
	f, err := plantest.Load(os.DirFS("testdata"), "splits-rollup.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, r := range f.Run(nil) {
				if !r.Passed() {
					t.Errorf("%s:\n%s", r.Name, r.Diff())
				}
			}
		})
	}
	wg.Wait()
}

func TestRunTestUnknown(t *testing.T) {
	f, err := plantest.Load(os.DirFS("testdata"), "splits-rollup.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := f.RunTest(nil, "split-rollup")
	if r.Err == nil || r.Err.Error() != `splits-rollup.yaml has no test "split-rollup" (did you mean splits-rollup?)` {
		t.Errorf("error %v", r.Err)
	}
}

// TestStatementAndRate: a payee with no plan has no statement, and a
// line's rate can be pinned.
func TestStatementAndRate(t *testing.T) {
	files := fstest.MapFS{"t.yaml": {Data: []byte(`org:
  ana: {role: ae}
  olga: {role: ops}
  zoe: {role: ae, joined: 2026-03-01}
commission:
  measures: [{id: bookings}]
  plans:
    - {id: ae, eligible: {roles: [ae]}, components: [{id: c, measure: bookings, rate: "0.1"}]}
tests:
  - name: pass
    period: FY2026-Q1
    deals: [{id: A1, date: 2026-01-05, amount: 100, currency: USD, owner: ana}]
    expect:
      ana: {statement: true, lines: [{component: c, deal: A1, rate: "0.1", amount: "10"}]}
      olga: {statement: false}
  - name: fail
    period: FY2026-Q1
    deals: [{id: A1, date: 2026-01-05, amount: 100, currency: USD, owner: ana}]
    expect:
      ana: {statement: false, lines: [{component: c, deal: A1, rate: "0.2"}]}
      olga: {statement: true}
  - name: not-yet-joined
    period: FY2026-Q1
    deals: [{id: Z1, date: 2026-02-05, amount: 100, currency: USD, owner: zoe}]
    error: zoe
`)}}
	res := load(t, files, "t.yaml").Run(nil)
	if !res[0].Passed() || !res[2].Passed() {
		t.Errorf("pass:\n%s\nnot yet joined:\n%s", res[0].Diff(), res[2].Diff())
	}
	var got []string
	for _, f := range res[1].Failures {
		got = append(got, f.Pos.String()+" "+f.Payee+" "+f.What+": want "+f.Want+", got "+f.Got)
	}
	want := []string{
		"t.yaml:20:24 ana statement: want none, got a statement of 10.00",
		"t.yaml:20:70 ana line c A1 rate: want 0.2, got 0.1",
		"t.yaml:21:25 olga statement: want a statement, got none",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}
}
