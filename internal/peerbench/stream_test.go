package peerbench_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/internal/peerbench"
)

// TestEdgeRunEachCSV checks that the CSV of the edge quarter written
// statement by statement as RunEach hands them, as `salesplan run
// --format csv` writes it, is the CSV of Run's result byte for byte with
// one worker, two and eight, and reads back as the hand-worked expected
// files.
func TestEdgeRunEachCSV(t *testing.T) {
	p := convert(t, readFile(t, "testdata/edge/payees.csv"), readFile(t, "testdata/edge/deals.csv"))
	wantL, wantT := expected(t, "testdata/edge/expected")
	bulk := commission.WithoutExplanations()
	res, err := p.s.Run(peerbench.PeriodID, p.deals, bulk)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := res.WriteCSV(&want); err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 2, 8} {
		var got bytes.Buffer
		cw := commission.NewCSVWriter(&got, peerbench.PeriodID)
		if _, err := p.s.RunEach(peerbench.PeriodID, p.deals, func(st commission.Statement) error {
			return cw.Write(&st)
		}, bulk, commission.WithWorkers(workers)); err != nil {
			t.Fatal(err)
		}
		if err := cw.Flush(); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.String(), got.String()); diff != "" {
			t.Fatalf("%d workers: RunEach's CSV (-Run's +RunEach's):\n%s", workers, diff)
		}
		ls, ts, err := peerbench.FromCSV(&got, p.payees)
		if err != nil {
			t.Fatal(err)
		}
		if l, tt := writeBoth(t, ls, ts); !bytes.Equal(l, wantL) || !bytes.Equal(tt, wantT) {
			t.Errorf("%d workers: from RunEach's CSV: lines.csv\n%s\ntotals.csv\n%s", workers, l, tt)
		}
	}
}
