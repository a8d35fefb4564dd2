package targets_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/money"
	"github.com/salesplan/salesplan/targets"
	"github.com/shopspring/decimal"
)

var quarters2026 = []string{"FY2026-Q1", "FY2026-Q2", "FY2026-Q3", "FY2026-Q4", "FY2026"}

func TestQuota(t *testing.T) {
	tests := []struct {
		name    string
		env     targets.Env // Org defaults to newOrg()
		sec     targets.Section
		member  string
		measure string // bookings unless set
		periods []string
		want    []string
	}{
		{
			// The worked example of the issue: a 200,000 year weighted
			// 15/25/25/35, a member starting on 1 June, whole months.
			name: "seasonality, months, joins 1 June",
			sec: targets.Section{
				Proration:   targets.Months,
				Seasonality: []targets.Seasonality{saas},
				Quotas:      []targets.Quota{quota("member:cal", "bookings", "FY2026", "200000", seasonal("saas"))},
			},
			member:  "cal",
			periods: quarters2026,
			want:    []string{"0.00", "16666.67", "50000.00", "70000.00", "136666.67"},
		},
		{
			// Before joining, the role target applies at nothing: 0, not "no target".
			name: "seasonality, months, joins 1 June, through the role",
			sec: targets.Section{
				Proration:   targets.Months,
				Seasonality: []targets.Seasonality{saas},
				Quotas:      []targets.Quota{quota("role:ae", "bookings", "FY2026", "200000", seasonal("saas"))},
			},
			member:  "cal",
			periods: quarters2026,
			want:    []string{"0.00", "16666.67", "50000.00", "70000.00", "136666.67"},
		},
		{
			// Q2: 50,000 × 30/91 = 16,483.5164…
			name: "seasonality, days, joins 1 June",
			sec: targets.Section{
				Seasonality: []targets.Seasonality{saas},
				Quotas:      []targets.Quota{quota("member:cal", "bookings", "FY2026", "200000", seasonal("saas"))},
			},
			member:  "cal",
			periods: quarters2026,
			want:    []string{"0.00", "16483.52", "50000.00", "70000.00", "136483.52"},
		},
		{
			name: "seasonality, in place all year, months of Q1 by days",
			sec: targets.Section{
				Seasonality: []targets.Seasonality{saas},
				Quotas:      []targets.Quota{quota("member:ana", "bookings", "FY2026", "200000", seasonal("saas"))},
			},
			member: "ana",
			// Q1 is 30,000 over 90 days: 31, 28 and 31 of them.
			periods: []string{"FY2026-M01", "FY2026-M02", "FY2026-M03", "FY2026-Q1", "FY2026-H1", "FY2026"},
			want:    []string{"10333.33", "9333.34", "10333.33", "30000.00", "80000.00", "200000.00"},
		},
		{
			// Cumulative rounding: 16,847.826…, 16,304.347…, 16,847.826…
			// add up to 50,000.00 exactly.
			name: "months of a quarter add up to the quarter",
			sec: targets.Section{
				Seasonality: []targets.Seasonality{saas},
				Quotas:      []targets.Quota{quota("member:ana", "bookings", "FY2026", "200000", seasonal("saas"))},
			},
			member:  "ana",
			periods: []string{"FY2026-M07", "FY2026-M08", "FY2026-M09", "FY2026-Q3"},
			want:    []string{"16847.83", "16847.82", "16304.35", "50000.00"},
		},
		{
			name: "no seasonality, months: even by month",
			sec: targets.Section{
				Proration: targets.Months,
				Quotas:    []targets.Quota{quota("member:cal", "bookings", "FY2026", "120000")},
			},
			member:  "cal",
			periods: []string{"FY2026-M05", "FY2026-M06", "FY2026-Q2", "FY2026-H2", "FY2026"},
			want:    []string{"0.00", "10000.00", "10000.00", "60000.00", "70000.00"},
		},
		{
			// eve leaves on 15 May: with whole months she counts May (in
			// place on its first day).
			name: "leaves mid-month, months",
			sec: targets.Section{
				Proration: targets.Months,
				Quotas:    []targets.Quota{quota("member:eve", "bookings", "FY2026", "120000")},
			},
			member:  "eve",
			periods: []string{"FY2026-M05", "FY2026-M06", "FY2026-Q2", "FY2026"},
			want:    []string{"10000.00", "0.00", "20000.00", "50000.00"},
		},
		{
			// By days: 135 of 365 days, Jan 1 to May 15.
			name: "leaves mid-month, days",
			sec: targets.Section{
				Quotas: []targets.Quota{quota("member:eve", "bookings", "FY2026", "365000")},
			},
			member:  "eve",
			periods: []string{"FY2026-M05", "FY2026-Q2", "FY2026"},
			want:    []string{"15000.00", "45000.00", "135000.00"},
		},
		{
			// A leap year: Q1 of 2028 has 91 days; a member joining on
			// 29 February has 32 of them, and 307 of the year's 366.
			name: "leap year, days",
			env:  targets.Env{Org: &fakeOrg{members: map[string][]stint{"leo": {{team: "t", role: "ae", from: date("2028-02-29")}}}, parents: map[string]string{"t": ""}}},
			sec: targets.Section{
				Seasonality: []targets.Seasonality{saas},
				Quotas:      []targets.Quota{quota("member:leo", "bookings", "FY2028", "200000", seasonal("saas"))},
			},
			member:  "leo",
			periods: []string{"FY2028-M02", "FY2028-Q1", "FY2028"},
			// 30,000 × 1/91 = 329.67; 30,000 × 32/91 = 10,549.45.
			want: []string{"329.67", "10549.45", "180549.45"},
		},
		{
			name:    "leap year, days, no seasonality",
			env:     targets.Env{Org: &fakeOrg{members: map[string][]stint{"leo": {{team: "t", role: "ae", from: date("2028-02-29")}}}, parents: map[string]string{"t": ""}}},
			sec:     targets.Section{Quotas: []targets.Quota{quota("member:leo", "units", "FY2028", "366000")}},
			member:  "leo",
			measure: "units",
			periods: []string{"FY2028-M02", "FY2028"},
			want:    []string{"1000.00", "307000.00"},
		},
		{
			// FY2027 runs from 1 Feb 2026; its Q1 is Feb–Apr 2026 (89
			// days). A member starting 15 March 2026 counts April only
			// by months, 47 of 89 days by days.
			name: "fiscal year from February, months",
			env:  targets.Env{Calendar: calendar.Calendar{StartMonth: time.February}},
			sec: targets.Section{
				Proration:   targets.Months,
				Seasonality: []targets.Seasonality{saas},
				Quotas:      []targets.Quota{quota("member:gus", "bookings", "FY2027", "200000", seasonal("saas"))},
			},
			member:  "gus",
			periods: []string{"FY2027-M01", "FY2027-M03", "FY2027-Q1", "FY2027"},
			want:    []string{"0.00", "10000.00", "10000.00", "180000.00"},
		},
		{
			name: "fiscal year from February, days",
			env:  targets.Env{Calendar: calendar.Calendar{StartMonth: time.February}},
			sec: targets.Section{
				Seasonality: []targets.Seasonality{saas},
				Quotas:      []targets.Quota{quota("member:gus", "bookings", "FY2027", "200000", seasonal("saas"))},
			},
			member:  "gus",
			periods: []string{"FY2027-Q1", "FY2027"},
			want:    []string{"15842.70", "185842.70"},
		},
		{
			// FY2029 from February: 1 Feb 2028 to 31 Jan 2029, with 29
			// February 2028 in Q1 (90 days). gus starts 15 March 2026.
			name: "fiscal year from February, leap year, days",
			env:  targets.Env{Calendar: calendar.Calendar{StartMonth: time.February}},
			sec: targets.Section{
				Quotas: []targets.Quota{quota("member:gus", "bookings", "FY2029", "366000")},
			},
			member:  "gus",
			periods: []string{"FY2029-M01", "FY2029-Q1", "FY2029"},
			want:    []string{"29000.00", "90000.00", "366000.00"},
		},
		{
			// 120,000 a year, 10,000 a month, from 1 June: June at 0%,
			// July 25%, August 50%, September 75%, then 100%.
			name: "ramp, months",
			sec: targets.Section{
				Proration: targets.Months,
				Ramps:     []targets.Ramp{aeRamp},
				Quotas:    []targets.Quota{quota("member:cal", "bookings", "FY2026", "120000", ramped("ae-ramp"))},
			},
			member:  "cal",
			periods: []string{"FY2026-Q2", "FY2026-M07", "FY2026-M08", "FY2026-Q3", "FY2026-Q4", "FY2026"},
			want:    []string{"0.00", "2500.00", "5000.00", "15000.00", "30000.00", "45000.00"},
		},
		{
			name: "ramp through the role, months",
			sec: targets.Section{
				Proration: targets.Months,
				Ramps:     []targets.Ramp{aeRamp},
				Quotas:    []targets.Quota{quota("role:ae", "bookings", "FY2026", "120000", ramped("ae-ramp"))},
			},
			member:  "cal",
			periods: []string{"FY2026-Q3", "FY2026"},
			want:    []string{"15000.00", "45000.00"},
		},
		{
			// Days, starting 15 June: tenure months of 30, 31, 31 and 30
			// days at 0, 25, 50 and 75%, then 78 days at 100%:
			// 120,000 × 123.75 / 365 = 40,684.93.
			name: "ramp, days, mid-month start",
			env: targets.Env{Org: &fakeOrg{
				members: map[string][]stint{"hal": {{team: "t", role: "ae", from: date("2026-06-15")}}},
				parents: map[string]string{"t": ""},
			}},
			sec: targets.Section{
				Ramps:  []targets.Ramp{aeRamp},
				Quotas: []targets.Quota{quota("member:hal", "bookings", "FY2026", "120000", ramped("ae-ramp"))},
			},
			member:  "hal",
			periods: []string{"FY2026-Q2", "FY2026"},
			want:    []string{"0.00", "40684.93"},
		},
		{
			name: "ramp, in place for longer than the ramp",
			sec: targets.Section{
				Proration: targets.Months,
				Ramps:     []targets.Ramp{aeRamp},
				Quotas:    []targets.Quota{quota("member:ana", "bookings", "FY2026", "120000", ramped("ae-ramp"))},
			},
			member:  "ana",
			periods: []string{"FY2026-M01", "FY2026"},
			want:    []string{"10000.00", "120000.00"},
		},
		{
			// Hired 1 October 2025: January 2026 is the fourth month.
			name: "ramp, hire date in the document",
			sec: targets.Section{
				Proration: targets.Months,
				Ramps:     []targets.Ramp{aeRamp},
				Quotas:    []targets.Quota{quota("member:ana", "bookings", "FY2026", "120000", ramped("ae-ramp"), hired("2025-10-01"))},
			},
			member:  "ana",
			periods: []string{"FY2026-M01", "FY2026-M02", "FY2026"},
			want:    []string{"7500.00", "10000.00", "117500.00"},
		},
		{
			// Nothing before the hire date, though in the organisation.
			name: "ramp, hire date inside the year",
			sec: targets.Section{
				Proration: targets.Months,
				Ramps:     []targets.Ramp{aeRamp},
				Quotas:    []targets.Quota{quota("member:ana", "bookings", "FY2026", "120000", ramped("ae-ramp"), hired("2026-11-01"))},
			},
			member:  "ana",
			periods: []string{"FY2026-M10", "FY2026-M11", "FY2026-M12", "FY2026"},
			want:    []string{"0.00", "0.00", "2500.00", "2500.00"},
		},
		{
			// Leaves 31 March, comes back 1 September: tenure restarts.
			name: "ramp restarts after a break",
			env: targets.Env{Org: &fakeOrg{
				members: map[string][]stint{"ivy": {
					{team: "t", role: "ae", to: date("2026-03-31")},
					{team: "t", role: "ae", from: date("2026-09-01")},
				}},
				parents: map[string]string{"t": ""},
			}},
			sec: targets.Section{
				Proration: targets.Months,
				Ramps:     []targets.Ramp{aeRamp},
				Quotas:    []targets.Quota{quota("member:ivy", "bookings", "FY2026", "120000", ramped("ae-ramp"))},
			},
			member:  "ivy",
			periods: []string{"FY2026-Q1", "FY2026-Q2", "FY2026-M09", "FY2026-M10", "FY2026-Q4"},
			want:    []string{"30000.00", "0.00", "0.00", "2500.00", "15000.00"},
		},
		{
			// 800,000 a year, 900,000 a year from 1 August: by months,
			// 7 months of the first and 5 of the second.
			name: "mid-year change, months",
			sec: targets.Section{
				Proration: targets.Months,
				Quotas: []targets.Quota{
					quota("member:ana", "bookings", "FY2026", "800000"),
					quota("member:ana", "bookings", "FY2026", "900000", from("2026-08-01")),
				},
			},
			member:  "ana",
			periods: []string{"FY2026-M07", "FY2026-M08", "FY2026-Q3", "FY2026"},
			want:    []string{"66666.67", "75000.00", "216666.67", "841666.67"},
		},
		{
			// By days, Q3 straddles the change: 31 days of July at
			// 800,000/365 and 61 of August and September at 900,000/365.
			name: "mid-year change, days",
			sec: targets.Section{
				Quotas: []targets.Quota{
					quota("member:ana", "bookings", "FY2026", "900000", from("2026-08-01")),
					quota("member:ana", "bookings", "FY2026", "800000"),
				},
			},
			member:  "ana",
			periods: []string{"FY2026-Q3", "FY2026"},
			want:    []string{"218356.16", "841917.81"},
		},
		{
			// A change on 15 August counts from September by months.
			name: "mid-month change, months",
			sec: targets.Section{
				Proration: targets.Months,
				Quotas: []targets.Quota{
					quota("member:ana", "bookings", "FY2026", "120000"),
					quota("member:ana", "bookings", "FY2026", "240000", from("2026-08-15")),
				},
			},
			member:  "ana",
			periods: []string{"FY2026-M08", "FY2026-M09", "FY2026"},
			want:    []string{"10000.00", "20000.00", "160000.00"},
		},
		{
			// A target that starts on From, with nothing before.
			name: "target from a date, nothing before",
			sec: targets.Section{
				Proration: targets.Months,
				Quotas:    []targets.Quota{quota("member:ana", "bookings", "FY2026", "120000", from("2026-10-01"))},
			},
			member:  "ana",
			periods: []string{"FY2026-Q3", "FY2026-Q4", "FY2026"},
			want:    []string{"-", "30000.00", "30000.00"},
		},
		{
			name: "quarterly targets, no year",
			sec: targets.Section{
				Quotas: []targets.Quota{
					quota("member:ana", "bookings", "FY2026-Q1", "30000"),
					quota("member:ana", "bookings", "FY2026-Q3", "50000"),
				},
			},
			member:  "ana",
			periods: []string{"FY2026-M01", "FY2026-Q1", "FY2026-Q2", "FY2026"},
			want:    []string{"10333.33", "30000.00", "-", "80000.00"},
		},
		{
			// Member targets win over the role's: ana has her own.
			name: "member target wins over role target",
			sec: targets.Section{
				Quotas: []targets.Quota{
					quota("role:ae", "bookings", "FY2026", "600000"),
					quota("member:ana", "bookings", "FY2026", "800000"),
				},
			},
			member:  "ana",
			periods: []string{"FY2026"},
			want:    []string{"800000.00"},
		},
		{
			// dan is an SDR to 30 June, then an AE: each role's target
			// for the months he holds it.
			name: "moves role mid-year",
			sec: targets.Section{
				Proration: targets.Months,
				Quotas: []targets.Quota{
					quota("role:ae", "bookings", "FY2026", "120000"),
					quota("role:sdr", "bookings", "FY2026", "60000"),
				},
			},
			member:  "dan",
			periods: []string{"FY2026-H1", "FY2026-H2", "FY2026"},
			want:    []string{"30000.00", "60000.00", "90000.00"},
		},
		{
			name:    "no target for the measure",
			sec:     targets.Section{Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026", "1")}},
			member:  "ana",
			measure: "margin",
			periods: []string{"FY2026"},
			want:    []string{"-"},
		},
		{
			// 0.03 over 6 months is 0.005 a month: M01 rounds the half
			// to even (0.00), M02 is 0.01 − 0.00.
			name:    "half-even rounding",
			sec:     targets.Section{Proration: targets.Months, Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026-H1", "0.03")}},
			member:  "ana",
			periods: []string{"FY2026-M01", "FY2026-M02", "FY2026-Q1"},
			want:    []string{"0.00", "0.01", "0.02"},
		},
		{
			name:    "half-up rounding",
			env:     targets.Env{Rounding: money.HalfUp},
			sec:     targets.Section{Proration: targets.Months, Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026-H1", "0.03")}},
			member:  "ana",
			periods: []string{"FY2026-M01", "FY2026-M02", "FY2026-Q1"},
			want:    []string{"0.01", "0.00", "0.02"},
		},
		{
			// The other modes on the same 0.005 a month: the running
			// totals 0.005, 0.010 and 0.015 rounded, less the one before.
			name:    "down rounding",
			env:     targets.Env{Rounding: money.Down},
			sec:     targets.Section{Proration: targets.Months, Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026-H1", "0.03")}},
			member:  "ana",
			periods: []string{"FY2026-M01", "FY2026-M02", "FY2026-Q1", "FY2026-H1"},
			want:    []string{"0.00", "0.01", "0.01", "0.03"},
		},
		{
			name:    "up rounding",
			env:     targets.Env{Rounding: money.Up},
			sec:     targets.Section{Proration: targets.Months, Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026-H1", "0.03")}},
			member:  "ana",
			periods: []string{"FY2026-M01", "FY2026-M02", "FY2026-Q1", "FY2026-H1"},
			want:    []string{"0.01", "0.00", "0.02", "0.03"},
		},
		{
			name:    "half-down rounding",
			env:     targets.Env{Rounding: money.HalfDown},
			sec:     targets.Section{Proration: targets.Months, Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026-H1", "0.03")}},
			member:  "ana",
			periods: []string{"FY2026-M01", "FY2026-M02", "FY2026-Q1", "FY2026-H1"},
			want:    []string{"0.00", "0.01", "0.01", "0.03"},
		},
		{
			// -0.005 a month: ceiling goes towards zero, floor and up
			// away from it.
			name:    "ceiling rounding, negative target",
			env:     targets.Env{Rounding: money.Ceiling},
			sec:     targets.Section{AllowNegative: true, Proration: targets.Months, Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026-H1", "-0.03")}},
			member:  "ana",
			periods: []string{"FY2026-M01", "FY2026-M02", "FY2026-Q1", "FY2026-H1"},
			want:    []string{"0.00", "-0.01", "-0.01", "-0.03"},
		},
		{
			name:    "floor rounding, negative target",
			env:     targets.Env{Rounding: money.Floor},
			sec:     targets.Section{AllowNegative: true, Proration: targets.Months, Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026-H1", "-0.03")}},
			member:  "ana",
			periods: []string{"FY2026-M01", "FY2026-M02", "FY2026-Q1", "FY2026-H1"},
			want:    []string{"-0.01", "0.00", "-0.02", "-0.03"},
		},
		{
			name:    "up rounding, negative target",
			env:     targets.Env{Rounding: money.Up},
			sec:     targets.Section{AllowNegative: true, Proration: targets.Months, Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026-H1", "-0.03")}},
			member:  "ana",
			periods: []string{"FY2026-M01", "FY2026-M02", "FY2026-Q1", "FY2026-H1"},
			want:    []string{"-0.01", "0.00", "-0.02", "-0.03"},
		},
		{
			name:    "yen: no minor unit",
			env:     targets.Env{Currency: "JPY"},
			sec:     targets.Section{Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026", "1000000")}},
			member:  "ana",
			periods: []string{"FY2026-M01", "FY2026-M02"},
			want:    []string{"84932.00", "76712.00"},
		},
		{
			// 10 logos weighted 15/25/25/35: 1.5, 2.5, 2.5, 3.5 → the two
			// half units left go to the earlier quarters.
			name:    "count measure in whole units",
			env:     targets.Env{Counts: []string{"logos"}},
			sec:     targets.Section{Seasonality: []targets.Seasonality{saas}, Quotas: []targets.Quota{quota("member:ana", "logos", "FY2026", "10", seasonal("saas"))}},
			member:  "ana",
			measure: "logos",
			periods: []string{"FY2026-Q1", "FY2026-Q2", "FY2026-Q3", "FY2026-Q4", "FY2026-M01"},
			want:    []string{"2.00", "3.00", "2.00", "3.00", "1.00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := compile(t, tt.sec, tt.env)
			measure := tt.measure
			if measure == "" {
				measure = "bookings"
			}
			got := quotas(t, b, tt.member, measure, tt.periods...)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("quotas of %s for %v (-want +got):\n%s", tt.member, tt.periods, diff)
			}
		})
	}
}

// TestQuotaOfUntargetedMeasure checks the quota of a measure no target
// names, for each kind of owner and as a stretch: none, and a zero
// written at the measure's places, as the sum of nothing rounded is.
func TestQuotaOfUntargetedMeasure(t *testing.T) {
	env := targets.Env{Counts: []string{"logos"}}
	b := compile(t, targets.Section{Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026", "200000")}}, env)
	p := b.Calendar().MustParse("FY2026-Q2")
	for _, tt := range []struct {
		kind, id, measure string
		exp               int32
	}{
		{targets.Member, "ana", "pipeline", -2},
		{targets.Member, "ana", "logos", 0},
		{targets.Role, "ae", "pipeline", -2},
		{targets.Team, "emea", "pipeline", -2},
	} {
		for _, stretch := range []bool{false, true} {
			var q decimal.Decimal
			var ok bool
			var err error
			switch {
			case tt.kind == targets.Member && stretch:
				q, ok, err = b.Stretch(tt.id, tt.measure, p)
			case tt.kind == targets.Member:
				q, ok, err = b.Quota(tt.id, tt.measure, p)
			case stretch:
				q, ok, err = b.StretchOf(tt.kind, tt.id, tt.measure, p)
			default:
				q, ok, err = b.TargetOf(tt.kind, tt.id, tt.measure, p)
			}
			if err != nil || ok || !q.IsZero() || q.Exponent() != tt.exp {
				t.Errorf("%s %s %s (stretch %v) = %s (exponent %d), %v, %v; want 0 at exponent %d, false, nil",
					tt.kind, tt.id, tt.measure, stretch, q, q.Exponent(), ok, err, tt.exp)
			}
		}
	}
}

// TestQuotaDaysAcrossMonthEnds checks a quota by days over periods that
// cross the ends of months of every length (and a leap day): the share
// of a year's target for the days of each.
func TestQuotaDaysAcrossMonthEnds(t *testing.T) {
	b := compile(t, targets.Section{Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2028", "366000")}}, targets.Env{})
	var ids []string
	for m := 1; m <= 12; m++ {
		ids = append(ids, fmt.Sprintf("FY2028-M%02d", m))
	}
	got := quotas(t, b, "ana", "bookings", ids...)
	want := []string{"31000.00", "29000.00", "31000.00", "30000.00", "31000.00", "30000.00", "31000.00", "31000.00", "30000.00", "31000.00", "30000.00", "31000.00"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("quotas of FY2028's months (-want +got):\n%s", diff)
	}
}
