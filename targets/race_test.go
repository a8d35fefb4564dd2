package targets_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/salesplan/salesplan/targets"
)

// TestConcurrentQueries runs every kind of query on one Book from many
// goroutines at once; under -race it proves a Book is safe for concurrent
// use, and it checks that every goroutine gets the answers of a lone one.
func TestConcurrentQueries(t *testing.T) {
	for _, r := range []targets.QuotaRounding{targets.MinorUnit, targets.Exact} {
		t.Run(string(r), func(t *testing.T) { concurrentQueries(t, r) })
	}
}

func concurrentQueries(t *testing.T, rounding targets.QuotaRounding) {
	b := compile(t, targets.Section{
		Rounding:    rounding,
		Proration:   targets.Months,
		Seasonality: []targets.Seasonality{saas},
		Ramps:       []targets.Ramp{aeRamp},
		Quotas: []targets.Quota{
			quota("role:ae", "bookings", "FY2026", "120000", seasonal("saas"), ramped("ae-ramp")),
			quota("member:ana", "bookings", "FY2026", "800000", stretch("1000000"), seasonal("saas")),
			quota("team:amer", "bookings", "FY2026", "500000", allocate(targets.Allocation{OverAssign: dec("1.15")})),
		},
	}, targets.Env{})
	cal := b.Calendar()
	run := func() string {
		var out string
		for _, p := range cal.Periods(2026, 4) {
			for _, m := range []string{"ana", "ben", "cal", "fay"} {
				q, ok, err := b.Quota(m, "bookings", p)
				out += fmt.Sprintln(m, p.ID, q, ok, err)
				qd, ok, err := b.QuotaDetail(m, "bookings", p)
				out += fmt.Sprintln(qd, ok, err)
				s, ok, err := b.Stretch(m, "bookings", p)
				out += fmt.Sprintln(s, ok, err)
			}
			for _, o := range [][2]string{{"team", "emea"}, {"team", "amer"}, {"role", "ae"}, {"channel", "direct"}} {
				v, ok, err := b.TargetOf(o[0], o[1], "bookings", p)
				out += fmt.Sprintln(o, p.ID, v, ok, err)
				at, err := b.YTD(o[0], o[1], "bookings", p, credits)
				out += fmt.Sprintln(at.Actual, at.Target, at.OfTarget, err)
			}
		}
		return out
	}
	want := run()
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = run()
		}()
	}
	wg.Wait()
	for i, g := range got {
		if g != want {
			t.Errorf("goroutine %d got other answers:\n%s\nwant:\n%s", i, g, want)
		}
	}
}
