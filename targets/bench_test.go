package targets_test

import (
	"testing"

	"github.com/salesplan/salesplan/targets"
)

// BenchmarkQuota measures what the commission engine pays per payee and
// period: a ramped role target spread by seasonality, asked for the last
// month of the year (the worst case: the year so far is added up too).
func BenchmarkQuota(b *testing.B) {
	for _, basis := range []targets.Basis{targets.Days, targets.Months} {
		b.Run(string(basis), func(b *testing.B) {
			book, err := targets.Compile(targets.Section{
				Proration:   basis,
				Seasonality: []targets.Seasonality{saas},
				Ramps:       []targets.Ramp{aeRamp},
				Quotas:      []targets.Quota{quota("role:ae", "bookings", "FY2026", "120000", seasonal("saas"), ramped("ae-ramp"))},
			}, targets.Env{Org: newOrg()})
			if err != nil {
				b.Fatal(err)
			}
			p := book.Calendar().MustParse("FY2026-M12")
			for b.Loop() {
				if _, _, err := book.Quota("cal", "bookings", p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTeamTarget measures a team's roll-up for a quarter.
func BenchmarkTeamTarget(b *testing.B) {
	book, err := targets.Compile(targets.Section{
		Quotas: []targets.Quota{quota("role:ae", "bookings", "FY2026", "120000")},
	}, targets.Env{Org: newOrg()})
	if err != nil {
		b.Fatal(err)
	}
	p := book.Calendar().MustParse("FY2026-Q4")
	for b.Loop() {
		if _, _, err := book.TargetOf("team", "emea", "bookings", p); err != nil {
			b.Fatal(err)
		}
	}
}
