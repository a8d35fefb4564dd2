package targets_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/money"
	"github.com/salesplan/salesplan/targets"
	"github.com/shopspring/decimal"
)

// detail is a QuotaDetail as strings, for a readable diff.
type detail struct {
	Full, Quota, Share string
	Ramp               []string // month share from..to
}

func detailOf(qd targets.QuotaDetail) detail {
	out := detail{Full: qd.Full.StringFixed(2), Quota: qd.Quota.StringFixed(2), Share: qd.Share.String()}
	for _, s := range qd.Ramp {
		out.Ramp = append(out.Ramp, s.Share.String()+" m"+itoa(s.Month)+" "+s.From.String()+".."+s.To.String())
	}
	return out
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }

func TestQuotaDetail(t *testing.T) {
	hal := targets.Env{Org: &fakeOrg{
		members: map[string][]stint{"hal": {{team: "t", role: "ae", from: date("2026-06-15")}}},
		parents: map[string]string{"t": ""},
	}}
	monthsRamp := targets.Section{
		Proration: targets.Months,
		Ramps:     []targets.Ramp{aeRamp},
		Quotas:    []targets.Quota{quota("role:ae", "bookings", "FY2026", "120000", ramped("ae-ramp"))},
	}
	tests := []struct {
		name   string
		env    targets.Env
		sec    targets.Section
		member string
		period string
		want   detail
	}{
		{
			// cal joins 1 June: July, August and September are months 2,
			// 3 and 4 of the ramp, at 25, 50 and 75% of 10,000 a month.
			name: "months: a quarter inside the ramp", sec: monthsRamp, member: "cal", period: "FY2026-Q3",
			want: detail{Full: "30000.00", Quota: "15000.00", Share: "0.5", Ramp: []string{
				"0.25 m2 2026-07-01..2026-07-31", "0.5 m3 2026-08-01..2026-08-31", "0.75 m4 2026-09-01..2026-09-30"}},
		},
		{
			name: "months: one month", sec: monthsRamp, member: "cal", period: "FY2026-M08",
			want: detail{Full: "10000.00", Quota: "5000.00", Share: "0.5", Ramp: []string{"0.5 m3 2026-08-01..2026-08-31"}},
		},
		{
			// In place for June only, at 0% in the first month.
			name: "months: joins in the quarter", sec: monthsRamp, member: "cal", period: "FY2026-Q2",
			want: detail{Full: "10000.00", Quota: "0.00", Share: "0", Ramp: []string{"0 m1 2026-06-01..2026-06-30"}},
		},
		{
			// Months 5 to 7: the last share, 1, is no step.
			name: "months: past the ramp", sec: monthsRamp, member: "cal", period: "FY2026-Q4",
			want: detail{Full: "30000.00", Quota: "30000.00", Share: "1"},
		},
		{
			name: "months: in place longer than the ramp", sec: monthsRamp, member: "ana", period: "FY2026-Q1",
			want: detail{Full: "30000.00", Quota: "30000.00", Share: "1"},
		},
		{
			// hal starts 15 June; by days at 120,000/365 a day. Q3 has
			// 14 days at 0%, 31 at 25%, 31 at 50% and 16 at 75%: 35.25
			// full days, 11,589.04 (nothing before Q3 is carried).
			// Full: 108 days to 30 September less 16 in June,
			// 35,506.85 − 5,260.27 = 30,246.58. Share 11,589.04 /
			// 30,246.58 = 0.3831520787.
			name: "days: tenure months straddle calendar months", env: hal, member: "hal", period: "FY2026-Q3",
			sec: targets.Section{Ramps: []targets.Ramp{aeRamp}, Quotas: []targets.Quota{quota("member:hal", "bookings", "FY2026", "120000", ramped("ae-ramp"))}},
			want: detail{Full: "30246.58", Quota: "11589.04", Share: "0.3831520787", Ramp: []string{
				"0 m1 2026-07-01..2026-07-14", "0.25 m2 2026-07-15..2026-08-14", "0.5 m3 2026-08-15..2026-09-14", "0.75 m4 2026-09-15..2026-09-30"}},
		},
		{
			name: "no ramp", member: "ana", period: "FY2026-Q1",
			sec:  targets.Section{Proration: targets.Months, Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026", "120000")}},
			want: detail{Full: "30000.00", Quota: "30000.00", Share: "1"},
		},
		{
			// eve left on 15 May: her target applies, at nothing.
			name: "not in place: no share", sec: monthsRamp, member: "eve", period: "FY2026-Q3",
			want: detail{Full: "0.00", Quota: "0.00", Share: "0"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := compile(t, tt.sec, tt.env)
			p := b.Calendar().MustParse(tt.period)
			qd, ok, err := b.QuotaDetail(tt.member, "bookings", p)
			if err != nil || !ok {
				t.Fatalf("QuotaDetail = %v, %v", ok, err)
			}
			if diff := cmp.Diff(tt.want, detailOf(qd)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			q, _, _ := b.Quota(tt.member, "bookings", p)
			if !qd.Quota.Equal(q) || qd.Member != tt.member || qd.Measure != "bookings" || qd.Period != p {
				t.Errorf("detail %+v does not match Quota %s", qd, q)
			}
		})
	}
}

func TestQuotaDetailErrors(t *testing.T) {
	b := compile(t, targets.Section{Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026", "1")}}, targets.Env{Measures: []string{"bookings", "margin"}})
	fy := b.Calendar().MustParse("FY2026")
	if qd, ok, err := b.QuotaDetail("ana", "margin", fy); ok || err != nil || !qd.Full.IsZero() || qd.Member != "" {
		t.Errorf("no target: got %+v, %v, %v", qd, ok, err)
	}
	for _, tc := range []struct {
		member, measure string
		p               calendar.Period
		want            string
	}{
		{"anna", "bookings", fy, `unknown member "anna" (did you mean ana?)`},
		{"ana", "bookngs", fy, `unknown measure "bookngs" (did you mean bookings?)`},
		{"ana", "bookings", calendar.Period{ID: "FY2026-Q5"}, `period "FY2026-Q5" (0000-00-00 to 0000-00-00) is not a period of the calendar`},
	} {
		_, _, err := b.QuotaDetail(tc.member, tc.measure, tc.p)
		_, _, qerr := b.Quota(tc.member, tc.measure, tc.p)
		if err == nil || err.Error() != tc.want || qerr == nil || qerr.Error() != err.Error() {
			t.Errorf("QuotaDetail(%s, %s, %s) error = %v (Quota: %v), want %s", tc.member, tc.measure, tc.p.ID, err, qerr, tc.want)
		}
	}
}

// Stretches is the interface a commission engine declares to read stretch
// targets (as commission.Quotas reads quotas): *targets.Book satisfies it.
type Stretches interface {
	Stretch(member, measure string, p calendar.Period) (decimal.Decimal, bool, error)
}

var _ Stretches = (*targets.Book)(nil)

func TestStretch(t *testing.T) {
	tests := []struct {
		name    string
		sec     targets.Section
		member  string
		periods []string
		want    []string // quota/stretch, "-" for no stretch
	}{
		{
			// cal joins 1 June on a ramp: the stretch is prorated and
			// ramped like the quota, 150,000 / 12 × (0.25 + 0.5 + 0.75)
			// = 18,750 in Q3 against 15,000.
			name: "prorated and ramped like the quota",
			sec: targets.Section{Proration: targets.Months, Ramps: []targets.Ramp{aeRamp},
				Quotas: []targets.Quota{quota("member:cal", "bookings", "FY2026", "120000", stretch("150000"), ramped("ae-ramp"))}},
			member:  "cal",
			periods: []string{"FY2026-Q2", "FY2026-Q3", "FY2026-Q4", "FY2026"},
			want:    []string{"0.00/0.00", "15000.00/18750.00", "30000.00/37500.00", "45000.00/56250.00"},
		},
		{
			// 200,000 (stretch 250,000) weighted 15/25/25/35.
			name: "seasonal",
			sec: targets.Section{Seasonality: []targets.Seasonality{saas},
				Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026", "200000", stretch("250000"), seasonal("saas"))}},
			member:  "ana",
			periods: []string{"FY2026-Q1", "FY2026-Q4"},
			want:    []string{"30000.00/37500.00", "70000.00/87500.00"},
		},
		{
			// 1,000,000 (stretch 1,200,000) over ana, ben, dan and eve:
			// 250,000 (300,000) each.
			name: "allocated",
			sec: targets.Section{Quotas: []targets.Quota{quota("team:emea", "bookings", "FY2026", "1000000", stretch("1200000"),
				allocate(targets.Allocation{Weights: map[string]decimal.Decimal{"ana": dec("1"), "ben": dec("1"), "dan": dec("1"), "eve": dec("1")}}))}},
			member:  "ana",
			periods: []string{"FY2026"},
			want:    []string{"250000.00/300000.00"},
		},
		{
			// 800,000 (stretch 1,000,000) to July, then 900,000 without a
			// stretch, by months: the stretch counts 7/12 of 1,000,000
			// and, where none is set, 5/12 of the target, 958,333.33.
			name: "a change without a stretch counts at its amount",
			sec: targets.Section{Proration: targets.Months, Quotas: []targets.Quota{
				quota("member:ana", "bookings", "FY2026", "800000", stretch("1000000")),
				quota("member:ana", "bookings", "FY2026", "900000", from("2026-08-01")),
			}},
			member:  "ana",
			periods: []string{"FY2026-M07", "FY2026-M08", "FY2026"},
			want:    []string{"66666.67/83333.33", "75000.00/-", "841666.67/958333.33"},
		},
		{
			name:    "no stretch",
			sec:     targets.Section{Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026", "800000")}},
			member:  "ana",
			periods: []string{"FY2026"},
			want:    []string{"800000.00/-"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := compile(t, tt.sec, targets.Env{})
			var st Stretches = b
			var got []string
			for _, id := range tt.periods {
				p := b.Calendar().MustParse(id)
				q, _, err := b.Quota(tt.member, "bookings", p)
				if err != nil {
					t.Fatal(err)
				}
				s, ok, err := st.Stretch(tt.member, "bookings", p)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, q.StringFixed(2)+"/"+str(s, ok))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("quota/stretch of %s (-want +got):\n%s", tt.member, diff)
			}
		})
	}
}

// exact returns the quotas of member in each period in full, "-" for no
// target.
func exactQuotas(t *testing.T, b *targets.Book, member, measure string, ids ...string) []string {
	t.Helper()
	var out []string
	for _, id := range ids {
		q, ok, err := b.Quota(member, measure, b.Calendar().MustParse(id))
		if err != nil {
			t.Fatalf("Quota(%s, %s, %s): %v", member, measure, id, err)
		}
		if !ok {
			out = append(out, "-")
			continue
		}
		out = append(out, q.String())
	}
	return out
}

var months2026 = []string{"FY2026-M01", "FY2026-M02", "FY2026-M03", "FY2026-M04", "FY2026-M05", "FY2026-M06",
	"FY2026-M07", "FY2026-M08", "FY2026-M09", "FY2026-M10", "FY2026-M11", "FY2026-M12"}

// TestExactRounding is targets.rounding: exact against the default
// (minor-unit), with the numbers worked by hand in each case.
func TestExactRounding(t *testing.T) {
	thirds := targets.Seasonality{ID: "thirds", Period: calendar.Quarter, Weights: decs("0.1", "0.2", "0.3", "0.4")}
	tests := []struct {
		name          string
		env           targets.Env
		sec           targets.Section
		member        string
		measure       string
		periods       []string
		exact, minor  []string
		sumsToPeriod  string // the months of the year add up to it, exactly
		sumsToPeriods []string
	}{
		{
			// 100,000 / 12 = 8,333.333…: January is that to 20 places,
			// February the running total 16,666.66666666666666666667
			// less January.
			name:    "flat over twelve months",
			sec:     targets.Section{Proration: targets.Months, Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026", "100000")}},
			member:  "ana",
			periods: []string{"FY2026-M01", "FY2026-M02", "FY2026-M03", "FY2026-Q1", "FY2026"},
			exact:   []string{"8333.33333333333333333333", "8333.33333333333333333334", "8333.33333333333333333333", "25000", "100000"},
			minor:   []string{"8333.33", "8333.34", "8333.33", "25000", "100000"},
		},
		{
			// Q2 is 200,000 × 0.25 = 50,000 exactly; cal is in place 30
			// of its 91 days: 1,500,000 / 91 = 16,483.516483516483…
			name: "seasonal, prorated by days",
			sec: targets.Section{Seasonality: []targets.Seasonality{saas},
				Quotas: []targets.Quota{quota("member:cal", "bookings", "FY2026", "200000", seasonal("saas"))}},
			member:  "cal",
			periods: []string{"FY2026-Q2", "FY2026-Q3", "FY2026"},
			exact:   []string{"16483.51648351648351648352", "50000", "136483.51648351648351648352"},
			minor:   []string{"16483.52", "50000", "136483.52"},
		},
		{
			// 100,000 × 1.15 = 115,000 over three equal weights: the
			// unit left over (10^-20, or the cent) goes to the first.
			name: "allocated over three",
			sec: targets.Section{Quotas: []targets.Quota{quota("team:emea", "bookings", "FY2026", "100000",
				allocate(targets.Allocation{OverAssign: dec("1.15"), Weights: map[string]decimal.Decimal{"ana": dec("1"), "ben": dec("1"), "dan": dec("1")}}))}},
			member:  "ana",
			periods: []string{"FY2026"},
			exact:   []string{"38333.33333333333333333334"},
			minor:   []string{"38333.34"},
		},
		{
			name: "allocated over four divides exactly",
			sec: targets.Section{Quotas: []targets.Quota{quota("team:emea", "bookings", "FY2026", "100000",
				allocate(targets.Allocation{OverAssign: dec("1.15"), Weights: map[string]decimal.Decimal{"ana": dec("1"), "ben": dec("1"), "dan": dec("1"), "eve": dec("1")}}))}},
			member:  "ben",
			periods: []string{"FY2026"},
			exact:   []string{"28750"},
			minor:   []string{"28750"},
		},
		{
			// A half spread by quarter weights 0.1 and 0.2, rescaled to
			// 1/3 and 2/3 of 100,000: the unit left over goes to Q2, whose
			// remainder (2/3 of a unit) is the larger.
			name: "a half spread by rescaled weights",
			sec: targets.Section{Seasonality: []targets.Seasonality{thirds},
				Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026-H1", "100000", seasonal("thirds"))}},
			member:  "ana",
			periods: []string{"FY2026-Q1", "FY2026-Q2", "FY2026-H1"},
			exact:   []string{"33333.33333333333333333333", "66666.66666666666666666667", "100000"},
			minor:   []string{"33333.33", "66666.67", "100000"},
		},
		{
			// 12 logos by days: January is 12 × 31/365.
			name:    "a count measure",
			env:     targets.Env{Counts: []string{"logos"}},
			sec:     targets.Section{Quotas: []targets.Quota{quota("member:ana", "logos", "FY2026", "12")}},
			member:  "ana",
			measure: "logos",
			periods: []string{"FY2026-M01", "FY2026"},
			exact:   []string{"1.01917808219178082192", "12"},
			minor:   []string{"1", "12"},
		},
		{
			// Rounding down: 8,333.333… down, then 16,666.666…66 down
			// less January, and March takes what is left.
			name:    "rounding down",
			env:     targets.Env{Rounding: money.Down},
			sec:     targets.Section{Proration: targets.Months, Quotas: []targets.Quota{quota("member:ana", "bookings", "FY2026", "100000")}},
			member:  "ana",
			periods: []string{"FY2026-M01", "FY2026-M02", "FY2026-M03"},
			exact:   []string{"8333.33333333333333333333", "8333.33333333333333333333", "8333.33333333333333333334"},
			minor:   []string{"8333.33", "8333.33", "8333.34"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			measure := tt.measure
			if measure == "" {
				measure = "bookings"
			}
			for _, mode := range []targets.QuotaRounding{targets.Exact, targets.MinorUnit, ""} {
				sec := tt.sec
				sec.Rounding = mode
				b := compile(t, sec, tt.env)
				want := tt.minor
				if mode == targets.Exact {
					want = tt.exact
				}
				if diff := cmp.Diff(want, exactQuotas(t, b, tt.member, measure, tt.periods...)); diff != "" {
					t.Errorf("rounding %q (-want +got):\n%s", mode, diff)
				}
				// the months of the year add up to the year exactly
				sum := decimal.Zero
				for _, m := range months2026 {
					q, _, _ := b.Quota(tt.member, measure, b.Calendar().MustParse(m))
					sum = sum.Add(q)
				}
				year, _, _ := b.Quota(tt.member, measure, b.Calendar().MustParse("FY2026"))
				if !sum.Equal(year) {
					t.Errorf("rounding %q: the months add up to %s, the year is %s", mode, sum, year)
				}
			}
		})
	}
}

// TestExactRoundingRollUp checks that the members' exact parts of an
// allocated target add up to it: 115,000 over three, 10^-20 more for ana.
func TestExactRoundingRollUp(t *testing.T) {
	b := compile(t, targets.Section{Rounding: targets.Exact, Quotas: []targets.Quota{quota("team:emea", "bookings", "FY2026", "100000",
		allocate(targets.Allocation{OverAssign: dec("1.15"), Weights: map[string]decimal.Decimal{"ana": dec("1"), "ben": dec("1"), "dan": dec("1")}}))}}, targets.Env{})
	fy := b.Calendar().MustParse("FY2026")
	got, ok, err := b.RollUp("team", "emea", "bookings", fy)
	if err != nil || !ok || got.String() != "115000" {
		t.Errorf("RollUp = %s, %v, %v; want 115000", got, ok, err)
	}
	if b.Rounding() != targets.Exact || b.Places("bookings") != targets.ExactPlaces {
		t.Errorf("Rounding() = %q, Places = %d", b.Rounding(), b.Places("bookings"))
	}
	ben, _, _ := b.Quota("ben", "bookings", fy)
	if ben.String() != "38333.33333333333333333333" {
		t.Errorf("ben = %s", ben)
	}
}

func TestQuotaRoundingErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"cents", `rounding: unknown rounding "cents": want minor-unit or exact`},
		{"exakt", `rounding: unknown rounding "exakt": want minor-unit or exact (did you mean exact?)`},
		{"half-up", `rounding: unknown rounding "half-up": want minor-unit or exact (a rounding mode is set by the strategy's rounding: key)`},
	} {
		_, err := targets.Compile(targets.Section{Rounding: targets.QuotaRounding(tc.in)}, targets.Env{Org: newOrg()})
		if err == nil || err.Error() != tc.want || !errors.Is(err, diag.InvalidValue) {
			t.Errorf("rounding %q: error %v\nwant %s", tc.in, err, tc.want)
		}
	}
}
