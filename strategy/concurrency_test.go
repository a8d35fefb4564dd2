package strategy

import (
	"os"
	"sync"
	"testing"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
)

// TestConcurrentRuns runs one parsed Strategy from 64 goroutines at once,
// on different periods and subsets of the Northwind deals, with one and
// two workers, and checks that every result is byte for byte the one a
// sequential run gives. Under go test -race it proves that a Strategy and
// its compiled plans are safe for concurrent use.
func TestConcurrentRuns(t *testing.T) {
	s, err := Load("../examples/northwind/strategy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../examples/northwind/deals-fy2027-q1.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := deal.ReadCSV("deals-fy2027-q1.csv", f, s.Schema())
	if err != nil {
		t.Fatal(err)
	}
	type job struct {
		period string
		deals  []deal.Deal
		opts   []commission.RunOption
	}
	periods := []string{"FY2027-Q1", "FY2027-M01", "FY2027-M02", "FY2027-M03"}
	var jobs []job
	for i := range 64 {
		// every k-th deal from an offset: a different subset each time
		k, off := i%4+1, i%3
		var sub []deal.Deal
		for j := off; j < len(all); j += k {
			sub = append(sub, all[j])
		}
		opts := []commission.RunOption{commission.WithWorkers(1 + i%2)}
		if i%5 == 0 {
			opts = append(opts, commission.WithoutExplanations())
		}
		jobs = append(jobs, job{periods[i%len(periods)], sub, opts})
	}
	encode := func(j job) (string, error) {
		res, err := s.Run(j.period, j.deals, j.opts...)
		if err != nil {
			return "", err
		}
		b, err := res.MarshalJSON()
		return string(b), err
	}
	want := make([]string, len(jobs))
	for i, j := range jobs {
		if want[i], err = encode(j); err != nil {
			t.Fatalf("job %d (%s): %v", i, j.period, err)
		}
	}
	got := make([]string, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Go(func() { got[i], errs[i] = encode(j) })
	}
	wg.Wait()
	for i := range jobs {
		if errs[i] != nil {
			t.Errorf("job %d: %v", i, errs[i])
			continue
		}
		if got[i] != want[i] {
			t.Errorf("job %d (%s, %d deals): the concurrent run differs from the sequential one", i, jobs[i].period, len(jobs[i].deals))
		}
	}
	// and the subsets really differ: the test is not 64 times one run
	distinct := map[string]bool{}
	for _, w := range want {
		distinct[w] = true
	}
	if len(distinct) < 10 {
		t.Errorf("only %d distinct results among %d jobs", len(distinct), len(jobs))
	}
}
