package plantest_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/plantest"
)

// failures writes the failures of a result one a line: position, payee,
// what, want and got.
func failures(r plantest.Result) []string {
	var out []string
	for _, f := range r.Failures {
		out = append(out, strings.TrimSpace(f.Pos.String()+" "+f.Payee)+" "+f.What+": want "+f.Want+", got "+f.Got)
	}
	return out
}

// TestTermsStretchScores: a file's own plan gives its members terms and
// stretch targets, and a test gives the scores of its period, inline or
// from a file.
func TestTermsStretchScores(t *testing.T) {
	files := fstest.MapFS{
		"t.yaml": {Data: []byte(`# ana: TI 20,000; stretch 125,000, bookings 150,000.
#   mbo   score 1.2 x 0.3 x 20,000      7,200.00
#   kick  10% of 150,000 - 125,000      2,500.00
org:
  ana: {role: ae, terms: [{ote: 120000, target_incentive: 20000}]}
  ben: {role: ae, terms: [{target_incentive: 20000}]}
quotas:
  ana: {bookings: 100000}
stretch:
  ana: {bookings: 125000}
  ben: {bookings: 125000}
commission:
  measures: [{id: bookings}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      components:
        - {id: mbo, per: period, weight: 0.3, missing_score: zero, amount: score.hygiene * component.target_incentive}
        - {id: kick, per: period, when: measure.bookings > stretch.bookings, base: measure.bookings - stretch.bookings, rate: "0.1"}
tests:
  - name: inline
    period: FY2026-Q1
    scores: {ana: {hygiene: 1.2}}
    deals: [{id: A1, date: 2026-01-10, amount: 150000, currency: USD, owner: ana}]
    strict: true
    expect:
      ana:
        total: "9700.00"
        lines:
          - {component: mbo, kind: period, amount: "7200.00"}
          - {component: kick, kind: period, base: "25000.00", rate: "0.1", amount: "2500.00"}
      ben: {total: "0.00", lines: [{component: mbo, kind: period, amount: "0.00"}]}
  - name: file
    period: FY2026-Q1
    scores: data/scores.csv
    deals: []
    expect:
      ben: {total: "6000.00"}
  - name: wrong-base
    period: FY2026-Q1
    deals: [{id: A1, date: 2026-01-10, amount: 150000, currency: USD, owner: ana}]
    expect:
      ana: {lines: [{component: kick, kind: period, base: "50000.00"}]}
`)},
		"data/scores.csv": {Data: []byte("payee,period,objective,score\nben,FY2026-Q1,hygiene,1\n")},
	}
	res := load(t, files, "t.yaml").Run(nil)
	for _, r := range res[:2] {
		if !r.Passed() {
			t.Errorf("%s:\n%s", r.Name, r.Diff())
		}
	}
	want := []string{"t.yaml:43:59 ana line kick (period) base: want 50000.00, got 25000.00"}
	if diff := cmp.Diff(want, failures(res[2])); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}
	if res[0].Commission() == nil || res[0].Payout() != nil {
		t.Errorf("Commission %v, Payout %v: want the statements and no payout", res[0].Commission(), res[0].Payout())
	}
}

// TestLoadInputErrors: bad terms, stretch and scores are errors of the
// file, at their place.
func TestLoadInputErrors(t *testing.T) {
	const own = "commission: {measures: [{id: b}], plans: [{id: p, eligible: {roles: [ae]}, components: [{id: c, measure: b, rate: '0.1'}]}]}\n"
	tests := []struct {
		name, src, want string
	}{
		{"terms", "org: {ana: {role: ae, terms: [{ote: 100, base: 200}]}}\n" + own + "tests:\n  - {name: a, period: FY2026-Q1, deals: []}\n",
			"t.yaml:1:31: org.ana.terms[0]: base 200 is more than ote 100"},
		{"stretch", "org: {ana: {role: ae}}\nstretch: {anna: {b: 1}}\n" + own + "tests:\n  - {name: a, period: FY2026-Q1, deals: []}\n",
			`t.yaml:2:17: stretch.anna: stretch of "anna", who is not in the org (did you mean ana?)`},
		{"stretch without plan", "stretch: {ana: {b: 1}}\ntests:\n  - {name: a, period: FY2026-Q1, deals: []}\n",
			"t.yaml:1:10: stretch: stretch describes a plan of the file's own"},
		{"score", "tests:\n  - {name: a, period: P, deals: [], scores: {ana: {mbo: -1}}}\n",
			"t.yaml:2:57: tests[0].scores.ana.mbo: a score is at least 0, not -1"},
		{"scores", "tests:\n  - {name: a, period: P, deals: [], scores: [1]}\n",
			"t.yaml:2:45: tests[0].scores: scores is a scores file (CSV payee,period,objective,score) or a mapping of payee to objective to score"},
		{"error list", "tests:\n  - {name: a, period: P, deals: [], error: [x, {y: 1}]}\n",
			"t.yaml:2:44: tests[0].error: error is a list of texts, one a problem"},
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

// TestExpectedErrors: an error expected as a list of problems, each at
// its place in the file: of deals listed or written as CSV rows, and of
// a plan of the file's own that does not compile.
func TestExpectedErrors(t *testing.T) {
	files := fstest.MapFS{
		"t.yaml": {Data: []byte(plan + `tests:
  - name: listed
    period: FY2026-Q1
    deals:
      - {id: D1, date: 2026-01-05, amount: 100, currency: USD, owner: ana}
      - {id: D1, date: 2026-01-06, amount: 100, currency: USD, owner: ana}
      - {id: D3, date: 2026-01-06, amount: 100, currency: USD, owner: zoe}
    error:
      - "t.yaml:28:14: deals[1].id: deal D1: duplicate deal id (also deals[0])"
      - deals[2].owner
  - name: rows
    period: FY2026-Q1
    deals: |
      id,date,amount,currency,owner
      R1,2026-01-05,100,USD,ana
      R2,2026-01-05,100,GBP,ana
    error: ["t.yaml:38:25: deal R2: no exchange rate from GBP to USD"]
  - name: one-text
    period: FY2026-Q1
    deals: [{id: D1, date: 2026-01-05, amount: 100, currency: USD, owner: zoe}]
    error: owner "zoe" is not a member
  - name: too-few
    period: FY2026-Q1
    deals:
      - {id: D1, date: 2026-01-05, amount: 100, currency: USD, owner: zoe}
      - {id: D2, date: 2026-01-05, amount: 100, currency: USD, owner: zed}
    error: [zoe]
  - name: another
    period: FY2026-Q1
    deals: [{id: D1, date: 2026-01-05, amount: 100, currency: USD, owner: zoe}]
    error: ["t.yaml:48:70: deals[0].owner"]
  - name: none
    period: FY2026-Q1
    deals: []
    error: [something]
`)},
	}
	res := load(t, files, "t.yaml").Run(nil)
	for _, r := range res[:3] {
		if !r.Passed() {
			t.Errorf("%s:\n%s", r.Name, r.Diff())
		}
	}
	want := [][]string{
		{`t.yaml:49:12 error: want zoe, got t.yaml:47:71: deals[0].owner: deal D1: owner "zoe" is not a member` + "\n" +
			`t.yaml:48:71: deals[1].owner: deal D2: owner "zed" is not a member`},
		{`t.yaml:53:12 error, problem 1: want t.yaml:48:70: deals[0].owner, got t.yaml:52:75: deals[0].owner: deal D1: owner "zoe" is not a member`},
		{`t.yaml:57:12 error: want something, got none`},
	}
	for i, w := range want {
		if diff := cmp.Diff(w, failures(res[3+i])); diff != "" {
			t.Errorf("%s: failures (-want +got):\n%s", res[3+i].Name, diff)
		}
	}
	// the problems of a list, one a line under want and got
	if d := res[3].Diff(); !strings.Contains(d, "\n        got  t.yaml:47:71: deals[0].owner: deal D1: owner \"zoe\" is not a member\n"+
		"             t.yaml:48:71: deals[1].owner: deal D2: owner \"zed\" is not a member\n        note want 1 problem, got 2\n") {
		t.Errorf("diff:\n%s", d)
	}
}

// TestCompileError: a plan of the file's own that does not compile is a
// problem of the file, unless every test expects an error.
func TestCompileError(t *testing.T) {
	const src = `org: {ana: {role: ae}}
commission:
  measures: [{id: bookings}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      components:
        - {id: bonus, per: period, amount: 2 * component.target_incentive}
tests:
  - name: refused
    period: FY2026-Q1
    deals: []
    error: ["t.yaml:8:48: commission.plans[0].components[0].amount: component.target_incentive needs the component's weight"]
`
	f := load(t, fstest.MapFS{"t.yaml": {Data: []byte(src)}}, "t.yaml")
	if r := f.RunTest(nil, "refused"); !r.Passed() {
		t.Errorf("refused:\n%s", r.Diff())
	}
	_, err := plantest.Load(fstest.MapFS{"t.yaml": {Data: []byte(src + "  - {name: paid, period: FY2026-Q1, deals: [], expect: {ana: {total: 0}}}\n")}}, "t.yaml")
	if err == nil || !strings.HasPrefix(err.Error(), "t.yaml:8:48: commission.plans[0].components[0].amount: component.target_incentive needs") {
		t.Errorf("error %v", err)
	}
}

// TestUpdateErrors: an update writes the problems of an expected error
// as they are now, without positions (which the update itself may
// move), in the form the test wrote: one text or a list.
func TestUpdateErrors(t *testing.T) {
	src := plan + `tests:
  - name: list
    period: FY2026-Q1
    deals:
      - {id: D1, date: 2026-01-05, amount: 100, currency: USD, owner: zoe}
      - {id: D2, date: 2026-01-05, amount: 100, currency: USD, owner: zed}
    error: [zoe]
  - name: one
    period: FY2026-Q1
    deals: [{id: D1, date: 2026-01-05, amount: 100, currency: USD, owner: zoe}]
    error: zed
  - name: base
    period: FY2026-Q1
    deals: [{id: A1, date: 2026-01-05, amount: 1000, currency: USD, owner: ana}]
    expect:
      ana:
        lines: [{component: commission, deal: A1, base: "1", amount: "1"}]
`
	files := fstest.MapFS{"t.yaml": {Data: []byte(src)}}
	f := load(t, files, "t.yaml")
	out, updated, skipped, err := f.Update(f.Run(nil))
	if err != nil || len(updated) != 3 || len(skipped) > 0 {
		t.Fatalf("updated %q, skipped %q, %v", updated, skipped, err)
	}
	want := plan + `tests:
  - name: list
    period: FY2026-Q1
    deals:
      - {id: D1, date: 2026-01-05, amount: 100, currency: USD, owner: zoe}
      - {id: D2, date: 2026-01-05, amount: 100, currency: USD, owner: zed}
    error:
      - "deals[0].owner: deal D1: owner \"zoe\" is not a member"
      - "deals[1].owner: deal D2: owner \"zed\" is not a member"
  - name: one
    period: FY2026-Q1
    deals: [{id: D1, date: 2026-01-05, amount: 100, currency: USD, owner: zoe}]
    error: "deals[0].owner: deal D1: owner \"zoe\" is not a member"
  - name: base
    period: FY2026-Q1
    deals: [{id: A1, date: 2026-01-05, amount: 1000, currency: USD, owner: ana}]
    expect:
      ana:
        lines:
          - {component: commission, deal: A1, amount: "100.00", base: "1000.00"}
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

// TestUpdateLastLineWithoutNewline: a file whose last line, the key an
// update rewrites, has no newline was cut one byte past its end (a
// panic, found by FuzzLoad).
func TestUpdateLastLineWithoutNewline(t *testing.T) {
	src := plan + `tests:
  - name: one
    period: FY2026-Q1
    deals: [{id: D1, date: 2026-01-05, amount: 100, currency: USD, owner: zoe}]
    error: zed`
	files := fstest.MapFS{"t.yaml": {Data: []byte(src)}}
	f := load(t, files, "t.yaml")
	out, updated, _, err := f.Update(f.Run(nil))
	if err != nil || len(updated) != 1 {
		t.Fatalf("updated %q, %v", updated, err)
	}
	want := strings.TrimSuffix(src, "zed") + `"deals[0].owner: deal D1: owner \"zoe\" is not a member"` + "\n"
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("updated file (-want +got):\n%s", diff)
	}
}

// endless is a file system whose every file is regular and endless, as
// a FIFO or a device behind a regular name might be.
type endless struct{}

func (endless) Open(name string) (fs.File, error) { return endlessFile{name}, nil }

type endlessFile struct{ name string }

func (f endlessFile) Stat() (fs.FileInfo, error) { return endlessInfo(f), nil }
func (endlessFile) Close() error                 { return nil }
func (endlessFile) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}

type endlessInfo struct{ name string }

func (i endlessInfo) Name() string     { return i.name }
func (endlessInfo) Size() int64        { return 0 }
func (endlessInfo) Mode() fs.FileMode  { return 0o644 }
func (endlessInfo) ModTime() time.Time { return time.Time{} }
func (endlessInfo) IsDir() bool        { return false }
func (endlessInfo) Sys() any           { return nil }

// TestInputFiles: a file a test names is a regular file, named relative
// to the test file, of at most 256 MiB; anything else is refused at the
// field, before it is read whole (/dev/zero was read until memory ran
// out).
func TestInputFiles(t *testing.T) {
	test := func(deals string) string {
		return plan + "tests:\n  - {name: a, period: FY2026-Q1, deals: " + deals + ", expect: {ana: {total: 0}}}\n"
	}
	for _, c := range []struct {
		name, deals string
		fsys        fs.FS
		want        string
	}{
		{"absolute", "/etc/passwd", fstest.MapFS{}, "t.yaml:24:41: tests[0].deals: deals file /etc/passwd is an absolute path: name it relative to the test file"},
		{"device", "zero.csv", fstest.MapFS{"zero.csv": {Mode: fs.ModeDevice}}, "t.yaml:24:41: tests[0].deals: deals file zero.csv is not a regular file"},
		{"folder", "data", fstest.MapFS{"data/d.csv": {}}, "t.yaml:24:41: tests[0].deals: deals file data is a folder"},
		{"endless", "d.csv", endless{}, "t.yaml:24:41: tests[0].deals: deals file d.csv is larger than 256 MiB"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := test(c.deals)
			fsys := c.fsys
			if m, ok := fsys.(fstest.MapFS); ok {
				m["t.yaml"] = &fstest.MapFile{Data: []byte(src)}
			} else {
				fsys = overlay{fstest.MapFS{"t.yaml": {Data: []byte(src)}}, fsys}
			}
			f, err := plantest.Load(fsys, "t.yaml")
			if err != nil {
				t.Fatal(err)
			}
			r := f.RunTest(nil, "a")
			if r.Err == nil || !strings.Contains(r.Err.Error(), c.want) {
				t.Errorf("error %v, want %s", r.Err, c.want)
			}
		})
	}
}

// overlay reads t.yaml from its first file system, anything else from
// its second.
type overlay struct{ first, second fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	if name == "t.yaml" {
		return o.first.Open(name)
	}
	return o.second.Open(name)
}
