package targets_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/targets"
	"github.com/shopspring/decimal"
)

var decimalEqual = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

// attainmentBook: by months, ana 400,000 weighted 15/25/25/35 (60,000,
// 100,000, 100,000, 140,000) with a 500,000 stretch; ben 200,000 (50,000 a
// quarter).
func attainmentBook(t *testing.T) *targets.Book {
	return compile(t, targets.Section{
		Proration:   targets.Months,
		Seasonality: []targets.Seasonality{saas},
		Quotas: []targets.Quota{
			quota("member:ana", "bookings", "FY2026", "400000", seasonal("saas"), stretch("500000")),
			quota("member:ben", "bookings", "FY2026", "200000"),
		},
	}, targets.Env{Measures: []string{"bookings", "margin"}})
}

func credit(deal, member, day, measure, amount, total string) targets.Credit {
	return targets.Credit{Deal: deal, Member: member, Date: date(day), Measure: measure, Amount: dec(amount), DealTotal: dec(total)}
}

var credits = []targets.Credit{
	// D1: ana and ben both get full credit (an overlay).
	credit("D1", "ana", "2026-02-10", "bookings", "100000", "100000"),
	credit("D1", "ben", "2026-02-10", "bookings", "100000", "100000"),
	// D2: split 40/60.
	credit("D2", "ana", "2026-03-05", "bookings", "20000", "50000"),
	credit("D2", "ben", "2026-03-05", "bookings", "30000", "50000"),
	// D3: ana's 40% of a deal shared with someone outside emea.
	credit("D3", "ana", "2026-05-20", "bookings", "40000", "100000"),
	credit("D3", "fay", "2026-05-20", "bookings", "60000", "100000"),
	// D4: a return.
	credit("D4", "ana", "2026-06-30", "bookings", "-10000", "-10000"),
	// Another measure, and another year.
	credit("D5", "ana", "2026-07-01", "margin", "30000", "30000"),
	credit("D6", "ana", "2025-12-31", "bookings", "99999", "99999"),
	credit("D7", "ana", "2026-08-10", "bookings", "20000", "20000"),
}

func TestAttainment(t *testing.T) {
	b := attainmentBook(t)
	cal := b.Calendar()
	q := func(id string) calendar.Period { return cal.MustParse(id) }
	tests := []struct {
		name     string
		ytd      bool
		kind, id string
		period   string
		want     targets.Attainment
	}{
		{
			name: "member, quarter, against stretch", kind: "member", id: "ana", period: "FY2026-Q1",
			want: targets.Attainment{
				Actual: dec("120000"), Target: dec("60000"), Stretch: dec("75000"), HasTarget: true, HasStretch: true,
				OfTarget: dec("2"), OfStretch: dec("1.6"),
			},
		},
		{
			name: "member, quarter with a return", kind: "member", id: "ana", period: "FY2026-Q2",
			want: targets.Attainment{
				Actual: dec("30000"), Target: dec("100000"), Stretch: dec("125000"), HasTarget: true, HasStretch: true,
				OfTarget: dec("0.3"), OfStretch: dec("0.24"),
			},
		},
		{
			name: "member, year to date", ytd: true, kind: "member", id: "ana", period: "FY2026-Q2",
			want: targets.Attainment{
				From:   date("2026-01-01"),
				Actual: dec("150000"), Target: dec("160000"), Stretch: dec("200000"), HasTarget: true, HasStretch: true,
				OfTarget: dec("0.9375"), OfStretch: dec("0.75"),
			},
		},
		{
			name: "member without stretch", kind: "member", id: "ben", period: "FY2026-Q1",
			want: targets.Attainment{Actual: dec("130000"), Target: dec("50000"), HasTarget: true, OfTarget: dec("2.6")},
		},
		{
			// D1 counts once (100,000, not 200,000); D2 50,000.
			name: "team, no double counting", kind: "team", id: "emea", period: "FY2026-Q1",
			want: targets.Attainment{
				Actual: dec("150000"), Target: dec("110000"), Stretch: dec("125000"), HasTarget: true, HasStretch: true,
				OfTarget: dec("1.3636363636"), OfStretch: dec("1.2"),
			},
		},
		{
			name: "team, year to date", ytd: true, kind: "team", id: "emea", period: "FY2026-Q2",
			want: targets.Attainment{
				From:   date("2026-01-01"),
				Actual: dec("180000"), Target: dec("260000"), Stretch: dec("300000"), HasTarget: true, HasStretch: true,
				OfTarget: dec("0.6923076923"), OfStretch: dec("0.6"),
			},
		},
		{
			name: "year to date of a whole year", ytd: true, kind: "member", id: "ben", period: "FY2026",
			want: targets.Attainment{
				From:   date("2026-01-01"),
				Actual: dec("130000"), Target: dec("200000"), HasTarget: true, OfTarget: dec("0.65"),
			},
		},
		{
			name: "no target: no attainment", kind: "member", id: "cal", period: "FY2026-Q1",
			want: targets.Attainment{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := q(tt.period)
			want := tt.want
			want.Kind, want.ID, want.Measure, want.Period, want.To = tt.kind, tt.id, "bookings", p, p.End
			if want.From.IsZero() {
				want.From = p.Start
			}
			at := b.Attainment
			if tt.ytd {
				at = b.YTD
			}
			got, err := at(tt.kind, tt.id, "bookings", p, credits)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, decimalEqual); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestActual(t *testing.T) {
	b := attainmentBook(t)
	fy := b.Calendar().MustParse("FY2026")
	tests := []struct {
		kind, id, measure string
		want              string
	}{
		// 100,000 + 20,000 + 40,000 − 10,000 + 20,000.
		{"member", "ana", "bookings", "170000"},
		{"member", "ana", "margin", "30000"},
		// D1 and D2 once each, D3 40,000, D4 and D7.
		{"team", "emea", "bookings", "200000"},
		// emea and amer without emea-north: ben is not in; fay's 60,000
		// and ana's 40,000 make up D3.
		{"channel", "direct", "bookings", "230000"},
		{"role", "ae", "bookings", "260000"},
		{"territory", "fr", "bookings", "130000"},
	}
	for _, tt := range tests {
		t.Run(tt.kind+":"+tt.id+" "+tt.measure, func(t *testing.T) {
			got, err := b.Actual(tt.kind, tt.id, tt.measure, fy, credits)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestGap(t *testing.T) {
	b := attainmentBook(t)
	q3 := b.Calendar().MustParse("FY2026-Q3")
	tests := []struct {
		name string
		asOf string
		want targets.Gap
	}{
		{
			// 46 days of 92 gone, 20,000 of 100,000 done: 80,000 in 46
			// days is 1,739.1304… a day, rounded up.
			name: "mid-quarter", asOf: "2026-08-15",
			want: targets.Gap{Actual: dec("20000"), Remaining: dec("80000"), DaysElapsed: 46, DaysLeft: 46, RunRate: dec("434.78"), Needed: dec("1739.14")},
		},
		{
			name: "before the quarter", asOf: "2026-06-01",
			want: targets.Gap{Remaining: dec("100000"), DaysLeft: 92, Needed: dec("1086.96")},
		},
		{
			name: "after the quarter", asOf: "2026-10-05",
			want: targets.Gap{Actual: dec("20000"), Remaining: dec("80000"), DaysElapsed: 92, RunRate: dec("217.39")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			want.Kind, want.ID, want.Measure, want.Period, want.AsOf, want.Target = "member", "ana", "bookings", q3, date(tt.asOf), dec("100000")
			got, err := b.Gap("member", "ana", "bookings", q3, date(tt.asOf), credits)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, decimalEqual); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCreditErrors(t *testing.T) {
	b := attainmentBook(t)
	fy := b.Calendar().MustParse("FY2026")
	tests := []struct {
		name    string
		credits []targets.Credit
		want    string
	}{
		{
			name:    "unknown member",
			credits: []targets.Credit{credit("D1", "anna", "2026-01-05", "bookings", "1", "1")},
			want:    `credits[0].member: deal "D1": unknown member "anna" (did you mean ana?)`,
		},
		{
			name:    "more than the deal",
			credits: []targets.Credit{credit("D1", "ana", "2026-01-05", "bookings", "120", "100")},
			want:    `credits[0].amount: deal "D1": credited 120 of a deal of 100`,
		},
		{
			name:    "other sign",
			credits: []targets.Credit{credit("D1", "ana", "2026-01-05", "bookings", "-10", "100")},
			want:    `credits[0].amount: deal "D1": credited -10 of a deal of 100`,
		},
		{
			name: "totals disagree",
			credits: []targets.Credit{
				credit("D1", "ana", "2026-01-05", "bookings", "10", "100"),
				credit("D1", "ben", "2026-01-05", "bookings", "10", "120"),
			},
			want: `credits[1].deal_total: deal "D1": the deal's bookings total is 120 here but 100 in credits[0]`,
		},
		{
			name:    "missing deal, measure and date",
			credits: []targets.Credit{{Member: "ana", Amount: dec("1"), DealTotal: dec("1")}},
			want: `credits[0].date: deal "": invalid credit date 0000-00-00
credits[0].deal: missing deal id
credits[0].measure: deal "": missing measure`,
		},
		{
			name:    "absurd amount",
			credits: []targets.Credit{credit("D1", "ana", "2026-01-05", "bookings", "1e20", "1e20")},
			want:    `credits[0].amount: deal "D1": amount 100000000000000000000 or deal total 100000000000000000000 is out of range`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := b.Actual("member", "ana", "bookings", fy, tt.credits)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, diag.InvalidInput) {
				t.Errorf("error %v is not diag.InvalidInput", err)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestQueryErrors(t *testing.T) {
	b := attainmentBook(t)
	fy := b.Calendar().MustParse("FY2026")
	other := calendar.Calendar{StartMonth: 7}.MustParse("FY2026")
	tests := []struct {
		name string
		call func() error
		code diag.Code
		want string
	}{
		{"unknown member", func() error { _, _, err := b.Quota("anna", "bookings", fy); return err }, diag.UnknownRef, `unknown member "anna" (did you mean ana?)`},
		{"unknown measure", func() error { _, _, err := b.Quota("ana", "booking", fy); return err }, diag.UnknownRef, `unknown measure "booking" (did you mean bookings?)`},
		{"missing measure", func() error { _, _, err := b.Quota("ana", "", fy); return err }, diag.Missing, `missing measure`},
		{"unknown kind", func() error { _, _, err := b.TargetOf("teams", "emea", "bookings", fy); return err }, diag.UnknownRef, `unknown owner kind "teams": want member, role, team, territory or channel (did you mean team?)`},
		{"unknown team", func() error { _, _, err := b.TargetOf("team", "emae", "bookings", fy); return err }, diag.UnknownRef, `unknown team "emae" (did you mean emea?)`},
		{"period of another calendar", func() error { _, _, err := b.Quota("ana", "bookings", other); return err }, diag.InvalidPeriod, `period "FY2026" (2025-07-01 to 2026-06-30) is not a period of the calendar`},
		{"zero period", func() error { _, _, err := b.Quota("ana", "bookings", calendar.Period{}); return err }, diag.InvalidPeriod, `period "" (0000-00-00 to 0000-00-00) is not a period of the calendar`},
		{"YTD of a zero period", func() error { _, err := b.YTD("member", "ana", "bookings", calendar.Period{}, nil); return err }, diag.InvalidPeriod, `period "" (0000-00-00 to 0000-00-00) is not a period of the calendar`},
		{"gap with no date", func() error { _, err := b.Gap("member", "ana", "bookings", fy, calendar.Date{}, nil); return err }, diag.InvalidInput, `invalid as-of date 0000-00-00`},
		{"gap with bad credits", func() error {
			_, err := b.Gap("member", "ana", "bookings", fy, date("2026-01-01"), []targets.Credit{{}})
			return err
		}, diag.InvalidInput, `credits[0].date: deal "": invalid credit date 0000-00-00
credits[0].deal: missing deal id
credits[0].measure: deal "": missing measure
credits[0].member: deal "": unknown member ""`},
		{"attainment of an unknown owner", func() error { _, err := b.Attainment("role", "xx", "bookings", fy, nil); return err }, diag.UnknownRef, `unknown role "xx"`},
		{"attainment with bad credits", func() error {
			_, err := b.Attainment("member", "ana", "bookings", fy, []targets.Credit{credit("D", "ana", "2026-01-01", "bookings", "2", "1")})
			return err
		}, diag.InvalidInput, `credits[0].amount: deal "D": credited 2 of a deal of 1`},
		{"capacity rate", func() error { _, err := b.Capacity("team", "emea", "bookings", fy, dec("-1")); return err }, diag.InvalidInput, `attainment rate -1 is not between 0 and 10`},
		{"capacity of unknown team", func() error { _, err := b.Capacity("team", "x", "bookings", fy, dec("1")); return err }, diag.UnknownRef, `unknown team "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, tt.code) {
				t.Errorf("error %v is not %s", err, tt.code)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
