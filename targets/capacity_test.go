package targets_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/targets"
	"github.com/shopspring/decimal"
)

func TestBookCapacity(t *testing.T) {
	// Every AE on 120,000 with the 5-month ramp, by months. In FY2026,
	// emea carries ana 120,000 + ben 120,000 + cal (from June: 0, 2,500,
	// 5,000, 7,500 then 3 × 10,000) 45,000 + dan (AE from July, in place
	// since before the ramp) 60,000 + eve (to May) 50,000 = 395,000.
	b := compile(t, targets.Section{
		Proration: targets.Months,
		Ramps:     []targets.Ramp{aeRamp},
		Quotas: []targets.Quota{
			quota("role:ae", "bookings", "FY2026", "120000", ramped("ae-ramp")),
			quota("team:emea", "bookings", "FY2026", "1"),
		},
	}, targets.Env{})
	fy := b.Calendar().MustParse("FY2026")
	tests := []struct {
		kind, id, rate string
		want           string
	}{
		{"team", "emea", "1", "395000.00"},
		{"team", "emea", "0.8", "316000.00"},
		{"team", "emea-north", "0.85", "102000.00"},
		{"member", "cal", "0.9", "40500.00"},
		{"role", "ae", "0", "0.00"},
	}
	for _, tt := range tests {
		t.Run(tt.kind+":"+tt.id+" at "+tt.rate, func(t *testing.T) {
			got, err := b.Capacity(tt.kind, tt.id, "bookings", fy, dec(tt.rate))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got.StringFixed(2)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCapacityPlan(t *testing.T) {
	// Q = 10,000 a month, r = 80%, M = 12, a = 20% a year, ramp 0, 25, 50,
	// 75, 100%:
	//	k       = 1 − 0.2 × 12 / 24 = 0.9
	//	ramped  = 10,000 × 0.8 × 12 × 0.9 = 86,400
	//	newHire = 10,000 × 0.8 × (0 + .25 + .5 + .75 + 8) × 0.9 = 68,400
	//	heads(1,000,000) = ⌈11.57⌉ = 12
	//	hires(1,000,000, carried 600,000) = ⌈400,000 / 68,400⌉ = ⌈5.85⌉ = 6
	plan := targets.CapacityPlan{
		Months:     12,
		Quota:      dec("10000"),
		Attainment: dec("0.8"),
		Ramp:       aeRamp.Shares,
		Attrition:  dec("0.2"),
	}
	type result struct {
		Ramped, NewHire string
		Heads, Hires    int
	}
	run := func(pl targets.CapacityPlan, target, carried string) (result, error) {
		var r result
		ramped, err := pl.Ramped()
		if err != nil {
			return r, err
		}
		newHire, err := pl.NewHire()
		if err != nil {
			return r, err
		}
		r.Ramped, r.NewHire = ramped.String(), newHire.String()
		if r.Heads, err = pl.Heads(dec(target)); err != nil {
			return r, err
		}
		r.Hires, err = pl.Hires(dec(target), dec(carried))
		return r, err
	}
	tests := []struct {
		name            string
		plan            func(*targets.CapacityPlan)
		target, carried string
		want            result
	}{
		{"worked example", nil, "1000000", "600000", result{"86400", "68400", 12, 6}},
		{"exact fit", nil, "864000", "0", result{"86400", "68400", 10, 13}},
		{"no gap", nil, "500000", "600000", result{"86400", "68400", 6, 0}},
		{"no target", nil, "0", "0", result{"86400", "68400", 0, 0}},
		{"no attrition, no ramp, full attainment", func(p *targets.CapacityPlan) {
			p.Attrition, p.Ramp, p.Attainment = decimal.Zero, nil, decimal.Zero
		}, "1000000", "0", result{"120000", "120000", 9, 9}},
		{
			// A quarter: k = 1 − 0.2 × 3 / 24 = 0.975; a new hire carries
			// 10,000 × 0.8 × 0.75 × 0.975 = 5,850 in it.
			"a quarter", func(p *targets.CapacityPlan) { p.Months = 3 }, "100000", "0", result{"23400", "5850", 5, 18},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl := plan
			if tt.plan != nil {
				tt.plan(&pl)
			}
			got, err := run(pl, tt.target, tt.carried)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCapacityPlanErrors(t *testing.T) {
	tests := []struct {
		name string
		plan targets.CapacityPlan
		want string
	}{
		{"zero plan", targets.CapacityPlan{}, "invalid capacity plan: months 0 is not between 1 and 120\ninvalid capacity plan: quota 0 must be positive and below 10^15"},
		{"bad numbers", targets.CapacityPlan{Months: 12, Quota: dec("1"), Attainment: dec("11"), Attrition: dec("1.5"), Ramp: decs("2")},
			"invalid capacity plan: attainment 11 is not between 0 and 10\ninvalid capacity plan: attrition 1.5 is not between 0 and 1\ninvalid capacity plan: ramp share 1 (2) is not between 0 and 1"},
		{"everyone leaves", targets.CapacityPlan{Months: 24, Quota: dec("1"), Attrition: dec("1")}, "invalid capacity plan: attrition 1 over 24 months leaves no one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.plan.Heads(dec("1"))
			if !errors.Is(err, targets.ErrPlan) {
				t.Fatalf("error %v is not ErrPlan", err)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			for _, f := range []func() error{
				func() error { _, err := tt.plan.Ramped(); return err },
				func() error { _, err := tt.plan.NewHire(); return err },
				func() error { _, err := tt.plan.Hires(dec("1"), dec("0")); return err },
			} {
				if err := f(); err == nil || err.Error() != tt.want {
					t.Errorf("error %v, want %s", err, tt.want)
				}
			}
		})
	}
	// A ramp that never ends carries nothing; a huge target needs too many.
	stuck := targets.CapacityPlan{Months: 3, Quota: dec("1"), Ramp: decs("0", "0", "0", "1")}
	if _, err := stuck.Hires(dec("10"), dec("0")); err == nil || err.Error() != "invalid capacity plan: a rep carries nothing over the horizon (ramp too long or attainment zero)" {
		t.Errorf("stuck ramp: %v", err)
	}
	tiny := targets.CapacityPlan{Months: 1, Quota: dec("0.01")}
	if _, err := tiny.Heads(dec("100000000000000")); err == nil || err.Error() != "invalid capacity plan: the target needs more than a billion reps" {
		t.Errorf("huge target: %v", err)
	}
	if _, err := tiny.Heads(dec("1e20")); err == nil || err.Error() != "invalid capacity plan: target 100000000000000000000 or carried 0 is out of range" {
		t.Errorf("absurd target: %v", err)
	}
}
