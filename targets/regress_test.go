package targets_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/salesplan/salesplan/targets"
)

// TestGapIgnoresCreditsAfterThePeriod is the regression test for a gap
// asked after the period's end counting credits dated after it.
func TestGapIgnoresCreditsAfterThePeriod(t *testing.T) {
	b := compile(t, targets.Section{
		Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026-Q1", "90000")},
	}, targets.Env{})
	cr := []targets.Credit{credit("D1", "ana", "2026-02-01", "bookings", "10000", "10000"), credit("D2", "ana", "2026-05-01", "bookings", "50000", "50000")}
	g, err := b.Gap("member", "ana", "bookings", b.Calendar().MustParse("FY2026-Q1"), date("2026-06-30"), cr)
	if err != nil {
		t.Fatal(err)
	}
	if g.Actual.String() != "10000" || g.Remaining.String() != "80000" || g.DaysLeft != 0 {
		t.Errorf("gap = actual %s, remaining %s, days left %d; want 10000, 80000, 0", g.Actual, g.Remaining, g.DaysLeft)
	}
}

// TestWeightsToOutsiders is the regression test for a weighted allocation
// that silently lost the part given to a member outside the owner.
func TestWeightsToOutsiders(t *testing.T) {
	_, err := targets.Compile(targets.Section{Quotas: []targets.Quota{{
		Owner: "team:emea", Measure: "bookings", Period: "FY2026", Amount: decimal.NewFromInt(100000),
		Allocate: &targets.Allocation{Weights: map[string]decimal.Decimal{"ana": decimal.NewFromInt(1), "fay": decimal.NewFromInt(1)}},
	}}}, targets.Env{Org: newOrg()})
	want := "quotas[0].allocate.weights.fay: fay is never in team:emea from 2026-01-01 to 2026-12-31, so its part of the target would be lost"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
}

// TestRollUpCountedManagers is the regression test of a team without a
// target of its own whose roll-up added the managers' quotas to their
// reports': emea's AEs ana, ben and eve carry 30,000 each in Q1, and its
// managers mia (40 days of emea's 100,000 and amer's 60,000), max and nat
// quotas of their own, which are their teams' numbers, not additions.
func TestRollUpCountedManagers(t *testing.T) {
	b := compile(t, targets.Section{Quotas: []targets.Quota{
		quota("role:ae", "bookings", "FY2026-Q1", "30000"),
		quota("role:mgr", "bookings", "FY2026-Q1", "100000"),
	}}, targets.Env{Org: newManagedOrg()})
	q1 := b.Calendar().MustParse("FY2026-Q1")
	for _, tt := range []struct{ kind, id, want string }{
		{"team", "emea", "90000.00"}, // not 90,000 + mia's, max's and nat's
		// fay 30,000; pat, who manages no team, 100,000; oli, before he
		// takes amer over on 10 February, 100,000 × 40/90 = 44,444.44
		{"team", "amer", "174444.44"},
	} {
		got, _, err := b.TargetOf(tt.kind, tt.id, "bookings", q1)
		if err != nil || got.StringFixed(2) != tt.want {
			t.Errorf("TargetOf(%s %s) = %s, %v; want %s", tt.kind, tt.id, got, err, tt.want)
		}
	}
}
