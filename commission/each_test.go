package commission

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
)

// TestRunEachAsRun checks that RunEach hands the statements of Run, in
// its order, whatever the number of workers: the JSON and the CSV of the
// statements handed are Run's, byte for byte, its Result keeps the
// credits and no statement, and a run error is Run's.
func TestRunEachAsRun(t *testing.T) {
	n, cases := 400, 6
	if testing.Short() || raceEnabled {
		n, cases = 200, 3
	}
	p := calendar.Calendar{}.MustParse("FY2026-Q1")
	rates := RateMap{"EUR/USD": dec("1.0834")}
	out := func(res *Result) string {
		js, err := res.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var csv bytes.Buffer
		if err := res.WriteCSV(&csv); err != nil {
			t.Fatal(err)
		}
		cs, err := json.Marshal(res.Credits)
		if err != nil {
			t.Fatal(err)
		}
		return string(js) + csv.String() + string(cs)
	}
	for seed := range cases {
		g := &gen{r: rand.New(rand.NewPCG(uint64(seed), 13)), p: p}
		sec, org, quotas := g.section()
		e, err := Compile(sec, Config{Org: org, Quotas: quotas, Currency: "USD"})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		deals := g.deals("E", n, true)
		want, err := e.Run(p, deals, WithRates(rates), WithWorkers(1))
		if err != nil { // a generated plan may fail: RunEach fails as it does
			for _, workers := range []int{1, 2, 8} {
				_, got := e.RunEach(p, deals, nil, WithRates(rates), WithWorkers(workers))
				if got == nil || got.Error() != err.Error() {
					t.Errorf("seed %d, %d workers: RunEach's error %v, want Run's %v", seed, workers, got, err)
				}
			}
			continue
		}
		_, noRate := e.Run(p, deals, WithWorkers(1)) // a payee's error: no EUR rate
		for _, workers := range []int{1, 2, 8} {
			var sts []Statement
			var csv bytes.Buffer
			cw := NewCSVWriter(&csv, p.ID)
			res, err := e.RunEach(p, deals, func(st Statement) error {
				sts = append(sts, st)
				return cw.Write(&st)
			}, WithRates(rates), WithWorkers(workers), withCreditShard(16))
			if err != nil {
				t.Fatalf("seed %d, %d workers: %v", seed, workers, err)
			}
			if err := cw.Flush(); err != nil {
				t.Fatal(err)
			}
			if res.Statements != nil || res.Credits != nil {
				t.Errorf("seed %d, %d workers: RunEach's Result holds %d statements and %d credits", seed, workers, len(res.Statements), len(res.Credits))
			}
			res.Statements, res.Credits = sts, want.Credits
			if diff := cmp.Diff(out(want), out(res)); diff != "" {
				t.Errorf("seed %d, %d workers: RunEach differs from Run (-want +got):\n%s", seed, workers, diff)
			}
			var wantCSV bytes.Buffer
			if err := want.WriteCSV(&wantCSV); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(wantCSV.Bytes(), csv.Bytes()) {
				t.Errorf("seed %d, %d workers: CSVWriter's rows are not WriteCSV's", seed, workers)
			}
			if noRate != nil {
				_, err := e.RunEach(p, deals, func(Statement) error { return nil }, WithWorkers(workers))
				if err == nil || err.Error() != noRate.Error() {
					t.Errorf("seed %d, %d workers: RunEach's error %v, want Run's %v", seed, workers, err, noRate)
				}
			}
		}
	}
}

// TestRunEachErrors checks what RunEach hands when the run fails: none
// for a bad deal, and none after each's error, which it returns as it
// is, whatever the number of workers.
func TestRunEachErrors(t *testing.T) {
	p := calendar.Calendar{}.MustParse("FY2026-Q1")
	g := &gen{r: rand.New(rand.NewPCG(0, 13)), p: p}
	sec, org, quotas := g.section()
	e, err := Compile(sec, Config{Org: org, Quotas: quotas, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	deals := g.deals("E", 200, false)
	rates := WithRates(RateMap{"EUR/USD": dec("1.0834")})
	bad := append(deals[:0:0], deals...)
	bad[5].Owner = "nobody"
	_, wantBad := e.Run(p, bad, rates)
	if wantBad == nil {
		t.Fatal("a deal of nobody's gives no error")
	}
	stop := errors.New("disk full")
	for _, workers := range []int{1, 2, 8} {
		calls := 0
		_, err := e.RunEach(p, bad, func(Statement) error { calls++; return nil }, rates, WithWorkers(workers))
		if err == nil || err.Error() != wantBad.Error() || calls != 0 {
			t.Errorf("%d workers: a bad deal: %d statements handed and %v, want none and %v", workers, calls, err, wantBad)
		}
		calls = 0
		_, err = e.RunEach(p, deals, func(Statement) error {
			calls++
			if calls == 2 {
				return stop
			}
			return nil
		}, rates, WithWorkers(workers))
		if err != stop || calls != 2 {
			t.Errorf("%d workers: each's error after 2 statements: %d handed and %v, want 2 and %v", workers, calls, err, stop)
		}
	}
}
