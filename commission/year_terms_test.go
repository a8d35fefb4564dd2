package commission

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// yearTermsPlan is a plan with terms: yearly whose components read every
// term: a bonus of the target incentive, a weighted component of half of
// it, the OTE, base and pay mix as amounts, a year share, and a cap group
// of twice the target incentive on a commission.
func yearTermsPlan(terms string) Section {
	return Section{
		Measures: []MeasureDef{{ID: "bookings"}},
		Plans: []PlanDef{{ID: "ae", Eligible: Eligibility{Roles: []string{"ae"}}, Terms: terms,
			Params: map[string]decimal.Decimal{"bonus": dec("12000")},
			Caps:   []CapGroupDef{{ID: "cap", Components: []string{"commission"}, Amount: "2 * payee.target_incentive"}},
			Components: []ComponentDef{
				{ID: "commission", Measure: "bookings", Rate: "0.5"},
				{ID: "ti", Per: PerPeriod, Amount: "payee.target_incentive"},
				{ID: "half", Per: PerPeriod, Weight: ptr(dec("0.5")), Amount: "component.target_incentive"},
				{ID: "ote", Per: PerPeriod, Amount: "payee.ote"},
				{ID: "base", Per: PerPeriod, Amount: "payee.base"},
				{ID: "mix", Per: PerPeriod, Amount: "payee.pay_mix * 1000"},
				{ID: "share", Per: PerPeriod, Amount: "params.bonus * period.year_share"},
			}}},
	}
}

// TestYearlyTerms works the period's share of yearly terms by hand. Ana's
// terms are OTE 150,000, base 90,000, target incentive 60,000 (a 60/40
// mix), and from 2026-02-15 OTE 162,000 and target incentive 72,000.
//
//	period                 months  TI read                             OTE read
//	FY2026-M01 (Jan)        1/12   60,000 / 12 = 5,000                 12,500
//	FY2026-Q2               3/12   72,000 x 3/12 = 18,000              40,500
//	FY2026-Q2-YTD (Jan-Jun) 6/12   (60,000 x 45 + 72,000 x 136) / 181
//	                               = 69,016.57… x 6/12 = 34,508.29     79,508.29
//	FY2026-Q1 (90 days)     3/12   (60,000 x 45 + 72,000 x 45) / 90
//	                               = 66,000 x 3/12 = 16,500            39,000
//
// The base is 90,000 throughout (22,500 a quarter); the pay mix is TI ÷
// OTE of the year's amounts, the same as written (0.4 in January,
// 66,000 / 156,000 = 0.4231 in Q1); the weighted component half the TI
// read; period.year_share times 12,000 is the bonus's share. A deal of
// 100,000 at 50% earns 50,000, capped at twice the TI read.
func TestYearlyTerms(t *testing.T) {
	terms := TermMap{"ana": {
		{To: calendar.MustParseDate("2026-02-14"), OTE: dec("150000"), Base: dec("90000")},
		{From: calendar.MustParseDate("2026-02-15"), OTE: dec("162000"), TargetIncentive: dec("72000")},
	}}
	e, err := Compile(yearTermsPlan(TermsYearly), Config{Org: caseOrg{"ana": {Role: "ae"}}, Terms: terms})
	if err != nil {
		t.Fatal(err)
	}
	cal := calendar.Calendar{}
	q2 := cal.MustParse("FY2026-Q2")
	ytd := calendar.Period{ID: "FY2026-Q2-YTD", Kind: calendar.Quarter, FiscalYear: 2026, Start: cal.Year(2026).Start, End: q2.End}
	for _, tc := range []struct {
		period calendar.Period
		deal   string // dated inside the period
		want   []string
	}{
		{cal.MustParse("FY2026-M01"), "2026-01-10", []string{"commission D direct 50000.00", "ti - period 5000.00", "half - period 2500.00", "ote - period 12500.00",
			"base - period 7500.00", "mix - period 400.00", "share - period 1000.00", "cap - cap -40000.00"}},
		{q2, "2026-05-10", []string{"commission D direct 50000.00", "ti - period 18000.00", "half - period 9000.00", "ote - period 40500.00",
			"base - period 22500.00", "mix - period 444.44", "share - period 3000.00", "cap - cap -14000.00"}},
		{ytd, "2026-05-10", []string{"commission D direct 50000.00", "ti - period 34508.29", "half - period 17254.14", "ote - period 79508.29",
			"base - period 45000.00", "mix - period 434.02", "share - period 6000.00"}},
		{cal.MustParse("FY2026-Q1"), "2026-03-10", []string{"commission D direct 50000.00", "ti - period 16500.00", "half - period 8250.00", "ote - period 39000.00",
			"base - period 22500.00", "mix - period 423.08", "share - period 3000.00", "cap - cap -17000.00"}},
	} {
		t.Run(tc.period.ID, func(t *testing.T) {
			res, err := e.Run(tc.period, []deal.Deal{{ID: "D", Date: calendar.MustParseDate(tc.deal), Amount: dec("100000"), Currency: "USD", Owner: "ana"}})
			if err != nil {
				t.Fatal(err)
			}
			st, _ := res.Statement("ana")
			var got []string
			for _, l := range st.Lines {
				got = append(got, lineString(l))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestYearlyTermsExplained: an explanation shows the year's amount and
// the share beside each term it reads.
func TestYearlyTermsExplained(t *testing.T) {
	terms := TermMap{"ana": {{OTE: dec("150000"), TargetIncentive: dec("60000")}}}
	e, err := Compile(yearTermsPlan(TermsYearly), Config{Org: caseOrg{"ana": {Role: "ae"}}, Terms: terms})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Run(calendar.Calendar{}.MustParse("FY2026-Q1"), []deal.Deal{{ID: "D", Date: calendar.MustParseDate("2026-02-01"), Amount: dec("100000"), Currency: "USD", Owner: "ana"}})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := res.Statement("ana")
	var got []string
	for _, l := range st.Lines {
		got = append(got, l.Component+": "+l.Explanation())
	}
	want := []string{
		"commission: 100,000.00 x 50% = 50,000.00",
		"ti: payee.target_incentive (payee.target_incentive = 15,000.00 (60,000.00 a year x 3/12)) = 15,000.00",
		"half: component.target_incentive (component.target_incentive = 7,500.00 (30,000.00 a year x 3/12)) = 7,500.00",
		"ote: payee.ote (payee.ote = 37,500.00 (150,000.00 a year x 3/12)) = 37,500.00",
		"base: payee.base (payee.base = 22,500.00 (90,000.00 a year x 3/12)) = 22,500.00",
		"mix: payee.pay_mix * 1000 (payee.pay_mix = 40%) = 400.00",
		"share: params.bonus * period.year_share (params.bonus = 12,000.00) = 3,000.00",
		"cap: cap cap (commission) of 30,000.00 (2 * payee.target_incentive, payee.target_incentive = 15,000.00 (60,000.00 a year x 3/12)): earned 50,000.00, 20,000.00 withheld",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// as written, the same terms read as given, and period.year_share
	// is the period's all the same
	e, err = Compile(yearTermsPlan(""), Config{Org: caseOrg{"ana": {Role: "ae"}}, Terms: terms})
	if err != nil {
		t.Fatal(err)
	}
	res, err = e.Run(calendar.Calendar{}.MustParse("FY2026-Q1"), nil)
	if err != nil {
		t.Fatal(err)
	}
	st, _ = res.Statement("ana")
	got = nil
	for _, l := range st.Lines {
		got = append(got, lineString(l))
	}
	if diff := cmp.Diff([]string{"ti - period 60000.00", "half - period 30000.00", "ote - period 150000.00", "base - period 90000.00", "mix - period 400.00", "share - period 3000.00"}, got); diff != "" {
		t.Errorf("as written (-want +got):\n%s", diff)
	}
}

// TestYearlyTerms445 reads the share in fiscal months of a 4-4-5
// calendar: its third month is 5 weeks and its first 4, and each is a
// twelfth of the year; its first quarter, 13 weeks, is three. Ana's
// target incentive is 52,000 a year.
func TestYearlyTerms445(t *testing.T) {
	cal := calendar.Calendar{Pattern: calendar.Pattern445, WeekEnd: time.Saturday, YearEnd: calendar.YearEndLast}
	sec := Section{Plans: []PlanDef{{ID: "ae", Eligible: Eligibility{Roles: []string{"ae"}}, Terms: TermsYearly,
		Components: []ComponentDef{{ID: "ti", Per: PerPeriod, Amount: "payee.target_incentive"}}}}}
	e, err := Compile(sec, Config{Org: caseOrg{"ana": {Role: "ae"}}, Calendar: cal, Terms: TermMap{"ana": {{TargetIncentive: dec("52000")}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id   string
		days int
		want string
	}{
		{"FY2026-M01", 28, "4333.33"}, {"FY2026-M03", 35, "4333.33"}, {"FY2026-Q1", 91, "13000.00"}, {"FY2026-H2", 182, "26000.00"}, {"FY2026", 364, "52000.00"},
	} {
		p := cal.MustParse(tc.id)
		if p.Days() != tc.days {
			t.Fatalf("%s has %d days, want %d", tc.id, p.Days(), tc.days)
		}
		res, err := e.Run(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := res.Statement("ana")
		if got := st.Lines[0].Amount.StringFixed(2); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.id, got, tc.want)
		}
	}
}

func TestYearlyTermsErrors(t *testing.T) {
	org := caseOrg{"ana": {Role: "ae"}}
	terms := TermMap{"ana": {{TargetIncentive: dec("60000")}}}
	_, err := Compile(yearTermsPlan("yearl"), Config{Org: org})
	if want := `plans[0].terms: unknown terms "yearl": want as_written (the terms as given) or yearly (the terms are a year's, and rules read the period's share) (did you mean yearly?)`; err == nil || err.Error() != want {
		t.Errorf("Compile: %v\nwant %s", err, want)
	}
	_, err = Compile(yearTermsPlan(TermsYearly), Config{Org: org, Calendar: calendar.Calendar{Pattern: "4-4-4"}})
	if err == nil || !strings.HasPrefix(err.Error(), "Config.Calendar: invalid calendar: pattern") {
		t.Errorf("Compile with a bad calendar: %v", err)
	}
	e, err := Compile(yearTermsPlan(TermsYearly), Config{Org: org, Terms: terms})
	if err != nil {
		t.Fatal(err)
	}
	// a period of the engine's own that holds no month's first day
	odd := calendar.Period{ID: "P", Kind: calendar.Month, FiscalYear: 2026, Start: calendar.MustParseDate("2026-01-02"), End: calendar.MustParseDate("2026-01-20")}
	_, err = e.Run(odd, nil)
	if want := "payee ana: plan ae reads the terms as a year's (terms: yearly), and the period P (2026-01-02 to 2026-01-20) holds no first day of a fiscal month, so it has no share of the year"; err == nil || err.Error() != want {
		t.Errorf("Run: %v\nwant %s", err, want)
	}
	// as written, the same period runs, its year share zero
	e, err = Compile(yearTermsPlan(TermsAsWritten), Config{Org: org, Terms: terms})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Run(odd, nil); err != nil {
		t.Errorf("Run as written: %v", err)
	}
}

// TestYearlyTermsDigest: terms: yearly pays otherwise, so the digest
// tells it from as_written, which is the digest of a plan that says
// nothing.
func TestYearlyTermsDigest(t *testing.T) {
	digest := func(terms string) string {
		e, err := Compile(yearTermsPlan(terms), Config{Org: caseOrg{"ana": {Role: "ae"}}})
		if err != nil {
			t.Fatal(err)
		}
		return e.Digest()
	}
	if digest("") != digest(TermsAsWritten) || digest("") == digest(TermsYearly) {
		t.Errorf("digests: none %s, as_written %s, yearly %s", digest(""), digest(TermsAsWritten), digest(TermsYearly))
	}
}

func TestFiscalMonths(t *testing.T) {
	cal := calendar.Calendar{StartMonth: time.April}
	d := calendar.MustParseDate
	for _, tc := range []struct {
		from, to string
		want     int
	}{
		{"2026-04-01", "2026-06-30", 3}, // a quarter
		{"2025-04-01", "2026-03-31", 12},
		{"2025-04-01", "2025-09-30", 6},  // a year to date
		{"2026-04-15", "2026-05-14", 1},  // the first of May
		{"2026-04-02", "2026-04-30", 0},  // no first day
		{"2024-04-01", "2026-03-31", 24}, // two years
	} {
		p := calendar.Period{ID: "P", Start: d(tc.from), End: d(tc.to)}
		if got := fiscalMonths(cal, p); got != tc.want {
			t.Errorf("%s to %s: %d months, want %d", tc.from, tc.to, got, tc.want)
		}
	}
}
