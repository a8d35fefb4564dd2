package targets_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/targets"
	"github.com/shopspring/decimal"
)

// owned is one TargetOf, StretchOf or RollUp query and its answer.
type owned struct {
	kind, id, period string
	want             string
}

func TestTargetOf(t *testing.T) {
	tests := []struct {
		name  string
		sec   targets.Section
		get   func(*targets.Book) func(kind, id, measure string, p string) (string, error)
		cases []owned
	}{
		{
			// Whole months. ana 800,000 of her own; every other AE
			// 120,000 (10,000 a month): ben all year, cal from June (7
			// months), dan from July (6), eve to May (5), fay all year.
			name: "roll-up of role and member targets",
			sec: targets.Section{
				Proration: targets.Months,
				Quotas: []targets.Quota{
					quota("role:ae", "bookings", "FY2026", "120000"),
					quota("member:ana", "bookings", "FY2026", "800000"),
				},
			},
			get: targetOf,
			cases: []owned{
				{"member", "ana", "FY2026", "800000.00"},
				{"member", "cal", "FY2026", "70000.00"},
				// emea with emea-north: ana 800,000 + ben 120,000 + cal
				// 70,000 + dan 60,000 + eve 50,000.
				{"team", "emea", "FY2026", "1100000.00"},
				{"team", "emea", "FY2026-Q1", "260000.00"},
				{"team", "emea-north", "FY2026", "120000.00"},
				{"team", "amer", "FY2026", "120000.00"},
				{"role", "ae", "FY2026", "1220000.00"},
				// dan is an SDR in H1: no AE target then.
				{"role", "ae", "FY2026-H1", "580000.00"},
				{"role", "sdr", "FY2026", "-"},
				// fr is covered by emea-north (ben), de by emea without
				// its sub-team.
				{"territory", "fr", "FY2026", "120000.00"},
				{"territory", "de", "FY2026", "980000.00"},
				{"territory", "us", "FY2026", "-"},
				// direct: emea and amer, each without sub-teams.
				{"channel", "direct", "FY2026", "1100000.00"},
				{"channel", "partners", "FY2026", "120000.00"},
			},
		},
		{
			name: "explicit team target wins over the roll-up",
			sec: targets.Section{
				Proration: targets.Months,
				Quotas: []targets.Quota{
					quota("role:ae", "bookings", "FY2026", "120000"),
					quota("team:emea", "bookings", "FY2026-H2", "1000000"),
					quota("territory:us", "bookings", "FY2026", "500000"),
				},
			},
			get: targetOf,
			cases: []owned{
				// H1: the roll-up (ana 60,000, ben 60,000, cal 10,000,
				// eve 50,000); H2: the team's own.
				{"team", "emea", "FY2026-H1", "180000.00"},
				{"team", "emea", "FY2026-H2", "1000000.00"},
				{"team", "emea", "FY2026", "1180000.00"},
				{"territory", "us", "FY2026-Q1", "125000.00"},
			},
		},
		{
			// 2,500,000 over-assigned by 1.15 to the 5 members of emea
			// (with emea-north) on 1 January: ana, ben, dan, eve and…
			// not cal, who joins in June. 2,875,000 / 4 = 718,750 each.
			name: "over-assignment, even",
			sec: targets.Section{
				Quotas: []targets.Quota{
					quota("team:emea", "bookings", "FY2026", "2500000", allocate(targets.Allocation{OverAssign: dec("1.15")})),
				},
			},
			get: quotaOf,
			cases: []owned{
				{"member", "ana", "FY2026", "718750.00"},
				{"member", "ben", "FY2026", "718750.00"},
				{"member", "cal", "FY2026", "-"},
				{"member", "dan", "FY2026", "718750.00"},
				// eve leaves on 15 May: 135 days of 365.
				{"member", "eve", "FY2026", "265839.04"},
			},
		},
		{
			name: "over-assignment, team target and roll-up",
			sec: targets.Section{
				Quotas: []targets.Quota{
					quota("team:emea", "bookings", "FY2026", "2500000", allocate(targets.Allocation{OverAssign: dec("1.15")})),
				},
			},
			get: targetOf,
			cases: []owned{
				{"team", "emea", "FY2026", "2500000.00"},
				{"team", "emea-north", "FY2026", "718750.00"},
			},
		},
		{
			name: "over-assignment, roll-up adds up to target × 1.15 while all stay",
			sec: targets.Section{
				Quotas: []targets.Quota{
					quota("team:emea", "bookings", "FY2026-Q1", "1000000", allocate(targets.Allocation{OverAssign: dec("1.15")})),
				},
			},
			get: rollUp,
			cases: []owned{
				// ana, ben, dan, eve at 287,500 each, and 31/90 of it in
				// January: 99,027.78.
				{"team", "emea", "FY2026-Q1", "1150000.00"},
				{"team", "emea", "FY2026-M01", "396111.12"},
			},
		},
		{
			// 100,000 × 1.1 by weights 2:1:1 among three members:
			// 55,000, 27,500, 27,500; a thirds split leaves a cent.
			name: "over-assignment, by weights",
			sec: targets.Section{
				Quotas: []targets.Quota{
					quota("team:emea", "bookings", "FY2026", "100000", allocate(targets.Allocation{OverAssign: dec("1.1"), Weights: map[string]decimal.Decimal{"ana": dec("2"), "ben": dec("1"), "cal": dec("1")}})),
					quota("team:amer", "bookings", "FY2026", "100", allocate(targets.Allocation{By: "weights", Weights: map[string]decimal.Decimal{"fay": dec("1"), "gus": dec("1")}})),
				},
			},
			get: quotaOf,
			cases: []owned{
				{"member", "ana", "FY2026", "55000.00"},
				// ben is in emea-north, below emea, all year. (A weight
				// for him in amer, where he never is, is a compile error:
				// see TestWeightsToOutsiders.)
				{"member", "ben", "FY2026", "27500.00"},
				// cal's part counts from June: 214 of 365 days.
				{"member", "cal", "FY2026", "16123.29"},
				// fay 50.00, gus 50.00 from 15 March (292 days of 365):
				// 50 x 292/365 = 40.00.
				{"member", "fay", "FY2026", "50.00"},
				{"member", "gus", "FY2026", "40.00"},
			},
		},
		{
			// A member's own target wins over their part of a team's.
			name: "member target wins over an allocated part",
			sec: targets.Section{
				Quotas: []targets.Quota{
					quota("team:amer", "bookings", "FY2026", "200", allocate(targets.Allocation{})),
					quota("member:fay", "bookings", "FY2026", "500"),
					quota("role:ae", "bookings", "FY2026", "999"),
				},
			},
			get: quotaOf,
			cases: []owned{
				{"member", "fay", "FY2026", "500.00"},
				// fay was alone in amer on 1 January: all of 200 × 1 is
				// hers, none for gus, who falls back on… no role target
				// for se.
				{"member", "gus", "FY2026", "-"},
			},
		},
		{
			// The members' parts are ramped: ana in place for long,
			// cal from 1 June (0, 25, 50, 75% then 3 full months of
			// 200,000 / 12).
			name: "over-assignment with a ramp",
			sec: targets.Section{
				Proration: targets.Months,
				Ramps:     []targets.Ramp{aeRamp},
				Quotas: []targets.Quota{
					quota("team:emea", "bookings", "FY2026", "400000", ramped("ae-ramp"), allocate(targets.Allocation{Weights: map[string]decimal.Decimal{"ana": dec("1"), "cal": dec("1")}})),
				},
			},
			get: quotaOf,
			cases: []owned{
				{"member", "ana", "FY2026", "200000.00"},
				{"member", "cal", "FY2026", "75000.00"},
			},
		},
		{
			name: "stretch of a member",
			sec: targets.Section{
				Proration: targets.Months,
				Quotas: []targets.Quota{
					quota("member:ana", "bookings", "FY2026", "800000", stretch("1000000")),
					quota("member:ana", "bookings", "FY2026", "900000", from("2026-07-01")),
					quota("member:ben", "bookings", "FY2026", "1000"),
				},
			},
			get: memberStretch,
			cases: []owned{
				// The second target has no stretch: it counts at its
				// amount.
				{"member", "ana", "FY2026-H1", "500000.00"},
				{"member", "ana", "FY2026", "950000.00"},
				{"member", "ana", "FY2026-Q3", "-"},
				{"member", "ben", "FY2026", "-"},
			},
		},
		{
			name: "stretch",
			sec: targets.Section{
				Proration:   targets.Months,
				Seasonality: []targets.Seasonality{saas},
				Quotas: []targets.Quota{
					quota("member:ana", "bookings", "FY2026", "800000", stretch("1000000"), seasonal("saas")),
					quota("member:ben", "bookings", "FY2026", "120000"),
					quota("team:amer", "bookings", "FY2026", "1000", stretch("2000"), allocate(targets.Allocation{})),
				},
			},
			get: stretchOf,
			cases: []owned{
				{"member", "ana", "FY2026-Q1", "150000.00"},
				{"member", "ana", "FY2026", "1000000.00"},
				{"member", "ben", "FY2026", "-"},
				// ana's stretch plus ben's target.
				{"team", "emea", "FY2026", "1120000.00"},
				{"member", "fay", "FY2026", "2000.00"},
				{"team", "amer", "FY2026", "2000.00"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := compile(t, tt.sec, targets.Env{})
			get := tt.get(b)
			var want, got []string
			for _, c := range tt.cases {
				want = append(want, c.kind+":"+c.id+" "+c.period+" "+c.want)
				v, err := get(c.kind, c.id, "bookings", c.period)
				if err != nil {
					t.Fatalf("%s:%s %s: %v", c.kind, c.id, c.period, err)
				}
				got = append(got, c.kind+":"+c.id+" "+c.period+" "+v)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func targetOf(b *targets.Book) func(kind, id, measure, p string) (string, error) {
	return func(kind, id, measure, p string) (string, error) {
		v, ok, err := b.TargetOf(kind, id, measure, b.Calendar().MustParse(p))
		return str(v, ok), err
	}
}

func stretchOf(b *targets.Book) func(kind, id, measure, p string) (string, error) {
	return func(kind, id, measure, p string) (string, error) {
		v, ok, err := b.StretchOf(kind, id, measure, b.Calendar().MustParse(p))
		return str(v, ok), err
	}
}

func memberStretch(b *targets.Book) func(kind, id, measure, p string) (string, error) {
	return func(_, id, measure, p string) (string, error) {
		v, ok, err := b.Stretch(id, measure, b.Calendar().MustParse(p))
		return str(v, ok), err
	}
}

func rollUp(b *targets.Book) func(kind, id, measure, p string) (string, error) {
	return func(kind, id, measure, p string) (string, error) {
		v, ok, err := b.RollUp(kind, id, measure, b.Calendar().MustParse(p))
		return str(v, ok), err
	}
}

func quotaOf(b *targets.Book) func(kind, id, measure, p string) (string, error) {
	return func(_, id, measure, p string) (string, error) {
		v, ok, err := b.Quota(id, measure, b.Calendar().MustParse(p))
		return str(v, ok), err
	}
}

// TestRollUpIsSumOfQuotas checks that a team's roll-up is exactly the sum of
// its members' quotas, month by month, when nobody moves.
func TestRollUpIsSumOfQuotas(t *testing.T) {
	b := compile(t, targets.Section{
		Seasonality: []targets.Seasonality{saas},
		Quotas: []targets.Quota{
			quota("member:ana", "bookings", "FY2026", "333333.33", seasonal("saas")),
			quota("member:ben", "bookings", "FY2026", "111111.11"),
		},
	}, targets.Env{})
	cal := b.Calendar()
	for _, p := range cal.Periods(2026, 4) {
		a, _, _ := b.Quota("ana", "bookings", p)
		bq, _, _ := b.Quota("ben", "bookings", p)
		r, _, err := b.RollUp("team", "emea", "bookings", p)
		if err != nil {
			t.Fatal(err)
		}
		if want := a.Add(bq); !want.Equal(r) {
			t.Errorf("%s: roll-up %s, want %s + %s = %s", p.ID, r, a, bq, want)
		}
	}
}
