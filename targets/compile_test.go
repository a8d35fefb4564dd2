package targets_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/money"
	"github.com/salesplan/salesplan/targets"
	"github.com/shopspring/decimal"
)

func TestCompileErrors(t *testing.T) {
	measures := []string{"bookings", "margin", "logos"}
	tests := []struct {
		name string
		sec  targets.Section
		want string // one problem a line: path [code] message (hint)
	}{
		{
			name: "owner",
			sec: targets.Section{Quotas: []targets.Quota{
				quota("", "bookings", "FY2026", "1"),
				quota("ana", "bookings", "FY2026", "1"),
				quota("membre:ana", "bookings", "FY2026", "1"),
				quota("member:anna", "bookings", "FY2026", "1"),
				quota("team:", "bookings", "FY2026", "1"),
				quota("team:emae", "bookings", "FY2026", "1"),
			}},
			want: `quotas[0].owner [missing] missing owner: write it kind:id, such as member:ana or team:emea
quotas[1].owner [invalid-value] owner "ana": write it kind:id, such as member:ana or team:emea
quotas[2].owner [invalid-value] owner "membre:ana": unknown kind "membre": want member, role, team, territory or channel (did you mean member?)
quotas[3].owner [unknown-ref] unknown member anna (did you mean ana?)
quotas[4].owner [invalid-value] owner "team:": missing the team id after the colon
quotas[5].owner [unknown-ref] unknown team emae (did you mean emea?)`,
		},
		{
			name: "measure and period",
			sec: targets.Section{Quotas: []targets.Quota{
				quota("member:ana", "", "FY2026", "1"),
				quota("member:ana", "booking", "FY2026", "1"),
				quota("member:ana", "bookings", "", "1"),
				quota("member:ana", "bookings", "FY2026-Q5", "1"),
				quota("member:ana", "bookings", "2026", "1"),
			}},
			want: `quotas[0].measure [missing] missing measure, such as bookings
quotas[1].measure [unknown-ref] unknown measure booking (did you mean bookings?)
quotas[2].period [missing] missing period, such as FY2027 or FY2027-Q1
quotas[3].period [invalid-period] invalid period "FY2026-Q5": a quarter is Q1 to Q4
quotas[4].period [invalid-period] invalid period "2026": want FY<year>, FY<year>-H<n>, FY<year>-Q<n> or FY<year>-M<nn>`,
		},
		{
			name: "amounts",
			sec: targets.Section{Quotas: []targets.Quota{
				quota("member:ana", "bookings", "FY2026", "-5"),
				quota("member:ben", "bookings", "FY2026", "10.005"),
				quota("member:cal", "bookings", "FY2026", "1e15"),
				quota("member:dan", "bookings", "FY2026", "100", stretch("90")),
				quota("member:eve", "logos", "FY2026", "2.5"),
				quota("member:fay", "bookings", "FY2026", "100", stretch("-1")),
			}},
			want: `quotas[0].amount [invalid-value] amount -5 is negative (set allow_negative: true to accept negative targets)
quotas[1].amount [invalid-value] amount 10.005 has more decimal places than the minor unit (2 places)
quotas[2].amount [invalid-value] amount 1000000000000000 is out of range: it must be below 10^15
quotas[3].stretch [invalid-value] stretch 90 is below the target 100
quotas[4].amount [invalid-value] amount 2.5 has more decimal places than whole units
quotas[5].stretch [invalid-value] stretch -1 is negative (set allow_negative: true to accept negative targets)`,
		},
		{
			name: "from dates",
			sec: targets.Section{Quotas: []targets.Quota{
				quota("member:ana", "bookings", "FY2026-Q2", "1", from("2026-03-31")),
				quota("member:ben", "bookings", "FY2026-Q2", "1", from("2026-07-01")),
				{Owner: "member:cal", Measure: "bookings", Period: "FY2026", Amount: dec("1"), From: calendar.Date{Year: 2026, Month: 2, Day: 30}},
			}},
			want: `quotas[0].from [date-order] from 2026-03-31 is before FY2026-Q2 starts (2026-04-01)
quotas[1].from [date-order] from 2026-07-01 is after FY2026-Q2 ends (2026-06-30)
quotas[2].from [invalid-value] from 2026-02-30 is not a real day`,
		},
		{
			name: "overlaps",
			sec: targets.Section{Quotas: []targets.Quota{
				quota("member:ana", "bookings", "FY2026", "1"),
				quota("member:ana", "bookings", "FY2026", "2"),
				quota("member:ben", "bookings", "FY2026", "1", from("2026-03-01")),
				quota("member:ben", "bookings", "FY2026", "2", from("2026-03-01")),
				quota("member:cal", "bookings", "FY2026", "1"),
				quota("member:cal", "bookings", "FY2026-Q3", "1"),
				// Not overlaps: another measure, another year, a quarter
				// before a year that starts after it.
				quota("member:ana", "margin", "FY2026", "1"),
				quota("member:ana", "bookings", "FY2027", "1"),
				quota("member:dan", "bookings", "FY2026-Q1", "1"),
				quota("member:dan", "bookings", "FY2026", "1", from("2026-04-01")),
			}},
			want: `quotas[1] [overlap] member:ana already has a bookings target for FY2026 from 2026-01-01 (quotas[0]); give the change a later from date
quotas[3] [overlap] member:ben already has a bookings target for FY2026 from 2026-03-01 (quotas[2]); give the change a later from date
quotas[5] [overlap] member:cal has bookings targets for both FY2026 (quotas[4]) and FY2026-Q3 in force on 2026-07-01: give a target for the year or for its parts, not both`,
		},
		{
			name: "seasonality",
			sec: targets.Section{
				Seasonality: []targets.Seasonality{
					{ID: "a", Period: calendar.Quarter, Weights: decs("0.25", "0.25", "0.25", "0.2")},
					{ID: "a", Period: calendar.Quarter, Weights: decs("0.25", "0.25", "0.25", "0.25")},
					{ID: "", Period: calendar.Quarter, Weights: decs("0.25", "0.25", "0.25", "0.25")},
					{ID: "b", Period: calendar.Month, Weights: decs("0.5", "0.5")},
					{ID: "c", Period: calendar.Year, Weights: decs("1")},
					{ID: "d", Weights: decs("1")},
					{ID: "e", Period: calendar.Half},
					{ID: "f", Period: calendar.Half, Weights: decs("1.5", "-0.5")},
					{ID: "g", Period: calendar.Half, Weights: decs("0.0000000000001", "0.9999999999999")},
					{ID: "h", Period: calendar.Half, Weights: decs("0", "1")},
				},
				Quotas: []targets.Quota{
					quota("member:ana", "bookings", "FY2026", "1", seasonal("saas")),
					quota("member:ben", "bookings", "FY2026-Q1", "1", seasonal("h")),
					quota("member:cal", "bookings", "FY2026-H1", "1", seasonal("h")),
					quota("member:dan", "bookings", "FY2026", "1", seasonal("a")),
				},
			},
			want: `quotas[0].seasonality [unknown-ref] unknown seasonality saas
quotas[1].seasonality [invalid-value] seasonality h spreads a target over halves; it cannot spread a target for FY2026-Q1
quotas[2].seasonality [invalid-value] seasonality h spreads a target over halves; it cannot spread a target for FY2026-H1
seasonality[0].weights [invalid-value] the weights add up to 0.95, not 1
seasonality[1].id [duplicate-id] seasonality a is defined twice (first at seasonality[0])
seasonality[2].id [missing] missing seasonality id
seasonality[3].weights [invalid-value] 2 weights for a year of 12 months: give one weight per month
seasonality[4].period [invalid-value] a seasonality spreads a target over halves, quarters or months, not year
seasonality[5].period [missing] missing period: half, quarter or month
seasonality[6].weights [missing] missing weights
seasonality[7].weights[0] [invalid-value] weight 1.5 is not between 0 and 1
seasonality[7].weights[1] [invalid-value] weight -0.5 is not between 0 and 1
seasonality[8].weights[0] [invalid-value] weight 0.0000000000001 has more than 12 decimal places
seasonality[8].weights[1] [invalid-value] weight 0.9999999999999 has more than 12 decimal places`,
		},
		{
			name: "seasonality with all-zero weights for the period",
			sec: targets.Section{
				Seasonality: []targets.Seasonality{{ID: "h2", Period: calendar.Quarter, Weights: decs("0", "0", "0.5", "0.5")}},
				Quotas:      []targets.Quota{quota("member:ana", "bookings", "FY2026-H1", "1", seasonal("h2"))},
			},
			want: `quotas[0].seasonality [invalid-value] seasonality h2 cannot spread FY2026-H1: its weights for FY2026-H1 are all zero`,
		},
		{
			name: "ramps",
			sec: targets.Section{
				Ramps: []targets.Ramp{
					{ID: "r", Shares: decs("0", "1.5")},
					{ID: "r", Shares: decs("1")},
					{ID: "s"},
					{ID: "t", Shares: decs("1e-20")},
				},
				Quotas: []targets.Quota{
					quota("member:ana", "bookings", "FY2026", "1", ramped("rmp")),
					quota("team:emea", "bookings", "FY2026", "1", ramped("ok")),
					quota("member:ben", "bookings", "FY2026", "1", hired("2026-01-01")),
					quota("role:ae", "bookings", "FY2026", "1", ramped("ok"), hired("2026-01-01")),
					quota("member:cal", "bookings", "FY2026", "1", ramped("r")),
					{Owner: "member:dan", Measure: "bookings", Period: "FY2026", Amount: dec("1"), Ramp: "ok", Hired: calendar.Date{Year: 2026, Month: 13, Day: 1}},
				},
			},
			want: `quotas[0].ramp [unknown-ref] unknown ramp rmp
quotas[1].ramp [invalid-value] a ramp applies to members: set it on a member or role target, or allocate the team target to its members
quotas[2].hired [invalid-value] hired only matters with a ramp: add one, or drop hired
quotas[3].hired [invalid-value] hired applies to a member target; for a role each member's tenure starts on their first day
quotas[5].hired [invalid-value] hired 2026-13-01 is not a real day
ramps[0].shares[1] [invalid-value] share 1.5 is not between 0 and 1
ramps[1].id [duplicate-id] ramp r is defined twice (first at ramps[0])
ramps[2].shares [missing] missing shares: the quota share for each month of tenure, such as [0, 0.5, 1]
ramps[3].shares[0] [invalid-value] share 0.00000000000000000001 has more than 12 decimal places`,
		},
		{
			name: "allocations",
			sec: targets.Section{Quotas: []targets.Quota{
				quota("member:ana", "bookings", "FY2026", "1", allocate(targets.Allocation{})),
				quota("team:emea", "bookings", "FY2026", "1", allocate(targets.Allocation{OverAssign: dec("-1"), By: "evenly"})),
				quota("team:amer", "bookings", "FY2026", "1", allocate(targets.Allocation{By: "weights"})),
				quota("team:emea-north", "bookings", "FY2026", "1", allocate(targets.Allocation{By: "even", Weights: map[string]decimal.Decimal{"ben": dec("1")}})),
				quota("territory:fr", "margin", "FY2026", "1", allocate(targets.Allocation{Weights: map[string]decimal.Decimal{"bem": dec("1"), "ben": dec("-1")}})),
				quota("territory:de", "logos", "FY2026", "1", allocate(targets.Allocation{Weights: map[string]decimal.Decimal{"ben": dec("0")}})),
				quota("territory:us", "bookings", "FY2026", "1", allocate(targets.Allocation{})),
				quota("channel:partners", "margin", "FY2026", "1", allocate(targets.Allocation{OverAssign: dec("1.0000000000001")})),
			}},
			want: `quotas[0].allocate [invalid-value] only a team, territory or channel target can be allocated to members
quotas[1].allocate.by [invalid-value] unknown allocation "evenly": want even or weights (did you mean even?)
quotas[1].allocate.over_assign [invalid-value] over_assign -1 is not between 0 and 10 (1.15 hands out 15% more than the target)
quotas[2].allocate.weights [missing] missing weights: give each member's weight, such as {ana: 2, ben: 1}
quotas[3].allocate.by [invalid-value] by even takes no weights: drop them, or write by: weights
quotas[4].allocate.weights.bem [unknown-ref] unknown member bem (did you mean ben?)
quotas[4].allocate.weights.ben [invalid-value] weight -1 is negative
quotas[5].allocate.weights [invalid-value] the weights are all zero
quotas[6].allocate [invalid-value] territory:us has no members on 2026-01-01 to allocate its target to (a manager takes no part): list them under weights
quotas[7].allocate.over_assign [invalid-value] over_assign 1.0000000000001 has more than 12 decimal places`,
		},
		{
			// ana is in emea and in territory de (covered by emea) all
			// year: both allocations would give her a part.
			name: "two allocations for one member",
			sec: targets.Section{Quotas: []targets.Quota{
				quota("team:emea", "bookings", "FY2026", "100", allocate(targets.Allocation{})),
				quota("territory:de", "bookings", "FY2026-Q2", "100", allocate(targets.Allocation{Weights: map[string]decimal.Decimal{"ana": dec("1")}})),
				quota("member:ben", "bookings", "FY2026", "100"),
			}},
			want: `quotas[1].allocate [overlap] ana would get a part of both the team:emea (quotas[0]) and the territory:de bookings targets on 2026-04-01: give ana a target of their own, or allocate by weights`,
		},
		{
			name: "proration",
			sec:  targets.Section{Proration: "month"},
			want: `proration [invalid-value] unknown proration "month": want days or months (did you mean months?)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sec := tt.sec
			sec.Ramps = append(sec.Ramps, targets.Ramp{ID: "ok", Shares: decs("1")})
			_, err := targets.Compile(sec, targets.Env{Org: newOrg(), Measures: measures, Counts: []string{"logos"}})
			var list diag.List
			if !errors.As(err, &list) {
				t.Fatalf("error %v (%T) is not a diag.List", err, err)
			}
			var got []string
			for _, p := range list {
				line := p.Path + " [" + string(p.Code) + "] " + p.Message
				if p.Hint != "" {
					line += " (" + p.Hint + ")"
				}
				got = append(got, line)
			}
			if diff := cmp.Diff(lines(tt.want), got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCompileEnvErrors(t *testing.T) {
	tests := []struct {
		name string
		env  targets.Env
		want string
	}{
		{"no org", targets.Env{}, "targets: Env.Org is nil: targets need the sales organisation"},
		{"bad calendar", targets.Env{Org: newOrg(), Calendar: calendar.Calendar{StartMonth: 13}}, "targets: invalid calendar: start_month 13: want 1 to 12, or 0 for January"},
		{"bad rounding", targets.Env{Org: newOrg(), Rounding: money.Rounding(7)}, "targets: unknown rounding Rounding(7)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := targets.Compile(targets.Section{}, tt.env)
			if err == nil {
				t.Fatal("no error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestAllowNegative: a net-returns target may be negative when the section
// says so, and is prorated like any other.
func TestAllowNegative(t *testing.T) {
	b := compile(t, targets.Section{
		AllowNegative: true,
		Proration:     targets.Months,
		Seasonality:   []targets.Seasonality{saas},
		Quotas:        []targets.Quota{quota("member:cal", "returns", "FY2026", "-200000", seasonal("saas"))},
	}, targets.Env{})
	got := quotas(t, b, "cal", "returns", quarters2026...)
	want := []string{"0.00", "-16666.67", "-50000.00", "-70000.00", "-136666.67"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestEmptySection: the zero Section compiles, and has no quota.
func TestEmptySection(t *testing.T) {
	b := compile(t, targets.Section{}, targets.Env{Calendar: calendar.Calendar{StartMonth: time.July}})
	if b.Basis() != targets.Days {
		t.Errorf("Basis() = %q, want days", b.Basis())
	}
	if got := b.Places("bookings"); got != 2 {
		t.Errorf("Places = %d, want 2", got)
	}
	q, ok, err := b.Quota("ana", "anything", b.Calendar().MustParse("FY2027-M01"))
	if err != nil || ok || !q.IsZero() {
		t.Errorf("Quota = %s, %v, %v; want 0, false, nil", q, ok, err)
	}
}
