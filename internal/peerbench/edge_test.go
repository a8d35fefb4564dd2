package peerbench_test

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
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

// expected reads the peer's lines.csv and totals.csv in dir, and checks
// that reading and writing them back gives the same bytes (so that a
// difference from salesplan's is salesplan's, not the harness's).
func expected(tb testing.TB, dir string) (lines, totals []byte) {
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
	return lf, tf
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
// totals.csv are byte for byte the hand-worked expected files, C5
// included.
func TestEdge(t *testing.T) {
	p := convert(t, readFile(t, "testdata/edge/payees.csv"), readFile(t, "testdata/edge/deals.csv"))
	wantL, wantT := expected(t, "testdata/edge/expected")
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
	wantL, wantT := expected(t, "testdata/edge/expected")
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

// TestCapC5 pins the cap C5 (PLAN.md §10) on worked numbers. Rep 2
// (TI 10.00, K = 30.00) of the edge quarter has C1 + C2 lines of 38.03,
// so one line of 30.00 − 38.03 = −8.03 without a deal; the three others
// (TI 1,000.00, K = 3,000.00) stay under theirs. Below, checked against
// gocalc too: a rep exactly at the cap gets no line, one a cent above it
// gets −0.01, and one whose C1 + C2 is negative (a credit note first)
// gets none, whatever their C3 and C4, which are never capped.
func TestCapC5(t *testing.T) {
	lines, totals := expected(t, "testdata/edge/expected")
	if !bytes.Contains(lines, []byte("\n2,C5,,-8.03\n")) || bytes.Count(lines, []byte(",C5,")) != 1 {
		t.Fatalf("the edge quarter's expected lines have not one C5 line, rep 2's -8.03:\n%s", lines)
	}
	p := convert(t, readFile(t, "testdata/edge/payees.csv"), readFile(t, "testdata/edge/deals.csv"))
	gotL, gotT := p.outputs(t)
	if !bytes.Equal(gotL, lines) || !bytes.Equal(gotT, totals) {
		t.Errorf("edge quarter: got lines\n%s\ntotals\n%s", gotL, gotT)
	}

	// quota 100.00: a credit of Q moves the running total from 0 to Q,
	// C1 = 0.04 × 50 + 0.08 × 50 + 0.12 × (Q − 100) = 6 + 0.12 × (Q − 100).
	// Rep 2: TI 1.00, K 3.00; a 12-month credit of 100.00 earns C1 6.00.
	// Rep 3: TI 2.00, K 6.00; the same: C1 6.00, exactly at the cap.
	// Rep 4: TI 2.00, K 6.00; 100.09: C1 6.0108 → 6.01, a cent above.
	// Rep 5: TI 1.00, K 3.00; a 24-month credit note of −500.00 first
	// (C1 0.00, C2 −5.00), then 10.00 new-logo analytics in February (C1
	// 0.00: the total stays below 0; C3 500.00, C4 250.00): S = −5.00.
	payees := "id,team,manager_id,quota,target_incentive\n1,1,,0.00,0.00\n" +
		"2,1,1,100.00,1.00\n3,1,1,100.00,2.00\n4,1,1,100.00,2.00\n5,1,1,100.00,1.00\n"
	deals := "id,close_date,owner,amount,term_months,is_new_logo,product,split_with\n" +
		"1,2027-01-05,2,100.00,12,false,core,\n" +
		"2,2027-01-05,3,100.00,12,false,core,\n" +
		"3,2027-01-05,4,100.09,12,false,core,\n" +
		"4,2027-01-05,5,-500.00,24,false,core,\n" +
		"5,2027-02-10,5,10.00,12,true,analytics,\n"
	gotL, gotT = convert(t, []byte(payees), []byte(deals)).outputs(t)
	wantL := "payee,component,deal_id,amount\n" +
		"1,OVR,1,2.00\n1,OVR,2,2.00\n1,OVR,3,2.00\n1,OVR,4,-10.00\n1,OVR,5,0.20\n" +
		"2,C1,1,6.00\n2,C5,,-3.00\n" +
		"3,C1,2,6.00\n" +
		"4,C1,3,6.01\n4,C5,,-0.01\n" +
		"5,C1,4,0.00\n5,C1,5,0.00\n5,C2,4,-5.00\n5,C3,5,500.00\n5,C4,5,250.00\n"
	wantT := "payee,total\n1,-3.80\n2,3.00\n3,6.00\n4,6.00\n5,745.00\n"
	if diff := cmp.Diff(wantL, string(gotL)); diff != "" {
		t.Errorf("lines.csv (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantT, string(gotT)); diff != "" {
		t.Errorf("totals.csv (-want +got):\n%s", diff)
	}
	gp, err := readPayees("payees.csv", strings.NewReader(payees))
	if err != nil {
		t.Fatal(err)
	}
	gd, err := readDeals("deals.csv", strings.NewReader(deals))
	if err != nil {
		t.Fatal(err)
	}
	gl, gt, err := Calculate(gp, gd)
	if err != nil {
		t.Fatal(err)
	}
	var l, tt bytes.Buffer
	if err := writeOutputs(&l, &tt, gl, gt); err != nil {
		t.Fatal(err)
	}
	if l.String() != wantL || tt.String() != wantT {
		t.Errorf("gocalc disagrees with the worked numbers: lines\n%s\ntotals\n%s", l.Bytes(), tt.Bytes())
	}
}

// TestZeroTargetIncentive pins the one rep PLAN.md allows and salesplan's
// terms cannot give: a target incentive of 0.00 (a cap of 0) is refused
// by the converter, naming the rep, rather than run without a cap.
func TestZeroTargetIncentive(t *testing.T) {
	payees, err := peerbench.ReadPayees(strings.NewReader("id,team,manager_id,quota,target_incentive\n1,1,,0.00,0.00\n2,1,1,100.00,0.00\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = peerbench.WriteStrategy(io.Discard, peerbench.Template, payees)
	const want = "rep 2 has a target incentive of 0.00: salesplan's terms cannot give a zero target incentive"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
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
