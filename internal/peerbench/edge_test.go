package peerbench_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/internal/peerbench"
	"github.com/salesplan/salesplan/strategy"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// peerRun is the peer data converted and run through salesplan.
type peerRun struct {
	payees   []peerbench.Payee
	strategy []byte // the strategy document
	dealsCSV []byte // the salesplan deals file
	s        *strategy.Strategy
	deals    []deal.Deal
}

// convert reads the peer's payees.csv and deals.csv and makes salesplan's
// strategy and deals of them, through the documents the command line
// reads.
func convert(tb testing.TB, payeesCSV, dealsCSV []byte) *peerRun {
	tb.Helper()
	payees, err := peerbench.ReadPayees(bytes.NewReader(payeesCSV))
	if err != nil {
		tb.Fatal(err)
	}
	pdeals, err := peerbench.ReadDeals(bytes.NewReader(dealsCSV))
	if err != nil {
		tb.Fatal(err)
	}
	var doc, dl bytes.Buffer
	if err := peerbench.WriteStrategy(&doc, peerbench.Template, payees); err != nil {
		tb.Fatal(err)
	}
	if err := peerbench.WriteDeals(&dl, pdeals, payees); err != nil {
		tb.Fatal(err)
	}
	s, err := strategy.Parse("peer-strategy.yaml", doc.Bytes())
	if err != nil {
		tb.Fatal(err)
	}
	deals, err := deal.ReadCSV("peer-deals.csv", bytes.NewReader(dl.Bytes()), s.Schema())
	if err != nil {
		tb.Fatal(err)
	}
	return &peerRun{payees: payees, strategy: doc.Bytes(), dealsCSV: dl.Bytes(), s: s, deals: deals}
}

// outputs runs the period and writes PLAN.md's lines.csv and totals.csv.
func (p *peerRun) outputs(tb testing.TB, opts ...commission.RunOption) (lines, totals []byte) {
	tb.Helper()
	res, err := p.s.Run(peerbench.PeriodID, p.deals, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	ls, ts, err := peerbench.FromResult(res, p.payees)
	if err != nil {
		tb.Fatal(err)
	}
	return writeBoth(tb, ls, ts)
}

func writeBoth(tb testing.TB, ls []peerbench.Line, ts []peerbench.Total) ([]byte, []byte) {
	tb.Helper()
	var l, t bytes.Buffer
	if err := peerbench.WriteLines(&l, ls); err != nil {
		tb.Fatal(err)
	}
	if err := peerbench.WriteTotals(&t, ts); err != nil {
		tb.Fatal(err)
	}
	return l.Bytes(), t.Bytes()
}

// expectedWithoutCap reads the peer's lines.csv and totals.csv in dir and
// takes them to the plan without C5 ([peerbench.WithoutCap]), written
// back in PLAN.md §12's format.
func expectedWithoutCap(tb testing.TB, dir string) (lines, totals []byte) {
	tb.Helper()
	lf, tf := readFile(tb, filepath.Join(dir, "lines.csv")), readFile(tb, filepath.Join(dir, "totals.csv"))
	ls, err := peerbench.ReadLines(bytes.NewReader(lf))
	if err != nil {
		tb.Fatal(err)
	}
	ts, err := peerbench.ReadTotals(bytes.NewReader(tf))
	if err != nil {
		tb.Fatal(err)
	}
	// reading and writing back is the identity on the peer's files
	if l, t := writeBoth(tb, ls, ts); !bytes.Equal(l, lf) || !bytes.Equal(t, tf) {
		tb.Fatalf("%s: the peer's files do not read and write back byte for byte", dir)
	}
	wl, wt := peerbench.WithoutCap(ls, ts)
	return writeBoth(tb, wl, wt)
}

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestEdge runs the peer's 13-deal edge quarter (testdata/edge, copied
// from ../shared/peer-plan/testdata/edge) and checks that lines.csv and
// totals.csv are byte for byte the hand-worked expected files without C5:
// the C5 lines dropped and each total less its payee's C5 line.
func TestEdge(t *testing.T) {
	p := convert(t, readFile(t, "testdata/edge/payees.csv"), readFile(t, "testdata/edge/deals.csv"))
	wantL, wantT := expectedWithoutCap(t, "testdata/edge/expected")
	for _, run := range []struct {
		name string
		opts []commission.RunOption
	}{
		{"explained", nil},
		{"bulk", []commission.RunOption{commission.WithoutExplanations()}},
		{"one worker", []commission.RunOption{commission.WithWorkers(1)}},
	} {
		t.Run(run.name, func(t *testing.T) {
			gotL, gotT := p.outputs(t, run.opts...)
			if diff := cmp.Diff(string(wantL), string(gotL)); diff != "" {
				t.Errorf("lines.csv (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(string(wantT), string(gotT)); diff != "" {
				t.Errorf("totals.csv (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEdgeCommandLineCSV checks the other way to the peer's format: the
// CSV that `salesplan run --format csv` writes, read back by FromCSV.
func TestEdgeCommandLineCSV(t *testing.T) {
	p := convert(t, readFile(t, "testdata/edge/payees.csv"), readFile(t, "testdata/edge/deals.csv"))
	res, err := p.s.Run(peerbench.PeriodID, p.deals)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := res.WriteCSV(&out); err != nil {
		t.Fatal(err)
	}
	ls, ts, err := peerbench.FromCSV(&out, p.payees)
	if err != nil {
		t.Fatal(err)
	}
	gotL, gotT := writeBoth(t, ls, ts)
	wantL, wantT := expectedWithoutCap(t, "testdata/edge/expected")
	if !bytes.Equal(gotL, wantL) || !bytes.Equal(gotT, wantT) {
		t.Errorf("from the command line's CSV: lines.csv\n%s\ntotals.csv\n%s", gotL, gotT)
	}
}

// TestEdgeDocuments keeps the converted strategy and deals file of the
// edge quarter as golden files (go test -update rewrites them), so that a
// reader can see what the converter makes.
func TestEdgeDocuments(t *testing.T) {
	p := convert(t, readFile(t, "testdata/edge/payees.csv"), readFile(t, "testdata/edge/deals.csv"))
	for _, g := range []struct {
		file string
		got  []byte
	}{{"testdata/edge/strategy.golden.yaml", p.strategy}, {"testdata/edge/deals.golden.csv", p.dealsCSV}} {
		if *update {
			if err := os.WriteFile(g.file, g.got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if diff := cmp.Diff(string(readFile(t, g.file)), string(g.got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", g.file, diff)
		}
	}
}

// TestWithoutCap pins how the expected output is taken to the plan
// without C5: rep 2's C5 line of -8.03 goes, and their total of 2,530.00
// becomes 2,538.03; nothing else changes.
func TestWithoutCap(t *testing.T) {
	lf := readFile(t, "testdata/edge/expected/lines.csv")
	wantL, wantT := expectedWithoutCap(t, "testdata/edge/expected")
	if got, want := bytes.Count(lf, []byte("\n"))-bytes.Count(wantL, []byte("\n")), 1; got != want {
		t.Errorf("%d lines dropped, want %d", got, want)
	}
	if bytes.Contains(wantL, []byte(",C5,")) {
		t.Errorf("a C5 line is left:\n%s", wantL)
	}
	want := "payee,total\n1,16.29\n2,2538.03\n3,12.01\n10,5.25\n11,1265.64\n12,499.88\n"
	if diff := cmp.Diff(want, string(wantT)); diff != "" {
		t.Errorf("totals without C5 (-want +got):\n%s", diff)
	}
}

// TestOverrideOnTheFullDeal pins why the template's override reads
// base: deal.amount. PLAN.md §9 pays each manager 2% of the full deal
// once, also when only one of their reps shares in it; salesplan's
// roll-up credit is the share of the manager's own reps (commission's
// rollupCredits), so a deal of 1,000.00 split 60/40 across two teams
// would pay 12.00 and 8.00 on credit.amount. PLAN.md wants 20.00 each.
func TestOverrideOnTheFullDeal(t *testing.T) {
	payees := "id,team,manager_id,quota,target_incentive\n1,1,,0.00,0.00\n2,1,1,1000.00,10.00\n10,2,,0.00,0.00\n11,2,10,1000.00,10.00\n"
	deals := "id,close_date,owner,amount,term_months,is_new_logo,product,split_with\n1,2027-01-05,2,1000.00,12,false,core,11\n"
	p := convert(t, []byte(payees), []byte(deals))
	lines, _ := p.outputs(t)
	for _, want := range []string{"1,OVR,1,20.00\n", "10,OVR,1,20.00\n", "2,C1,1,28.00\n", "11,C1,1,16.00\n"} {
		if !bytes.Contains(lines, []byte(want)) {
			t.Errorf("no line %q in\n%s", want, lines)
		}
	}
}
