package strategy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/payout"
)

// yearlyTermsDoc is a document whose plan reads ana's yearly target
// incentive (60,000) as the period's share (terms: yearly), on the
// horizon given, and pays it times her attainment of a quota of 100,000
// a quarter.
func yearlyTermsDoc(horizon, calendar string) []byte {
	return []byte(header + calendar + `roles: [{id: ae}]
teams: [{id: t}]
members:
  - id: ana
    role: ae
    assignments: [{team: t}]
    terms: [{ote: 160000, target_incentive: 60000}]
targets:
  seasonality: [{id: even, period: quarter, weights: [0.25, 0.25, 0.25, 0.25]}]
  quotas: [{owner: role:ae, measure: bookings, period: FY2026, amount: 400000, seasonality: even}]
commission:
  measures: [{id: bookings}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      horizon: ` + horizon + `
      terms: yearly
      negative_balance: pay
      components:
        - {id: ti, per: period, amount: payee.target_incentive * attainment.bookings}
`)
}

// TestYearlyTermsYearToDate: a plan on a yearly horizon reads the year
// to date's share of the terms. Its line is the year to date now less
// the year to date at the end of the quarter before:
//
//	      bookings  YTD      YTD quota  attainment  TI read            YTD pay
//	Q1     50,000    50,000  100,000     50%        60,000 x 3/12      7,500
//	Q2    150,000   200,000  200,000    100%        60,000 x 6/12     30,000
//
//	lines: Q1 7,500; Q2 30,000 − 7,500 = 22,500. Run and Payout agree.
func TestYearlyTermsYearToDate(t *testing.T) {
	s, err := Parse("ytd.yaml", yearlyTermsDoc("year", ""))
	if err != nil {
		t.Fatal(err)
	}
	var year []deal.Deal
	var ledger *payout.Ledger
	for _, q := range []struct {
		id, date, amount, want string
	}{
		{"FY2026-Q1", "2026-02-10", "50000", "7500.00"},
		{"FY2026-Q2", "2026-05-10", "150000", "22500.00"},
	} {
		year = append(year, deal.Deal{ID: "D-" + q.id, Date: day(q.date), Amount: dec(q.amount), Currency: "USD", Owner: "ana"})
		res, err := s.Run(q.id, year)
		if err != nil {
			t.Fatalf("%s: %v", q.id, err)
		}
		st, _ := res.Statement("ana")
		if len(st.Lines) != 1 || st.Lines[0].Amount.StringFixed(2) != q.want {
			t.Fatalf("%s: lines %+v, want one of %s", q.id, st.Lines, q.want)
		}
		po, err := s.Payout(q.id, year, PayoutInput{Ledger: ledger})
		if err != nil {
			t.Fatalf("%s: payout: %v", q.id, err)
		}
		ledger = po.Ledger
		if !po.Payables[0].Amount.Equal(st.Total) {
			t.Errorf("%s: paid %s, Run's total %s", q.id, po.Payables[0].Amount, st.Total)
		}
		if q.id == "FY2026-Q2" {
			want := "year to date 30,000.00 (payee.target_incentive * attainment.bookings (attainment.bookings = 100%, payee.target_incentive = 30,000.00 (60,000.00 a year x 6/12)) = 30,000.00), less 7,500.00 earned to the end of FY2026-Q1 = 22,500.00"
			if got := st.Lines[0].Explanation(); got != want {
				t.Errorf("explanation:\n%s\nwant\n%s", got, want)
			}
		}
	}
}

// TestYearlyTerms445: the document's calendar gives the months. In a
// 4-4-5 calendar the third month of a quarter is 5 weeks and still a
// twelfth of the year: 60,000 x 1/12 = 5,000 at 100% (a month's quota
// is a third of the quarter's).
func TestYearlyTerms445(t *testing.T) {
	s, err := Parse("445.yaml", yearlyTermsDoc("period", "calendar: {pattern: 4-4-5, week_end: 6, year_end: last}\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Calendar().Parse("FY2026-M03")
	if err != nil {
		t.Fatal(err)
	}
	if p.Days() != 35 {
		t.Fatalf("FY2026-M03 has %d days, want 35", p.Days())
	}
	res, err := s.Run("FY2026-Q1", []deal.Deal{{ID: "D", Date: p.Start, Amount: dec("100000"), Currency: "USD", Owner: "ana"}})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := res.Statement("ana")
	if got := st.Lines[0].Amount.StringFixed(2); got != "15000.00" {
		t.Errorf("FY2026-Q1: %s, want 15000.00", got)
	}
}

// TestYearlyTermsDocument: terms: yearly survives the formatter, and a
// wrong value is a positioned error with a hint.
func TestYearlyTermsDocument(t *testing.T) {
	src := yearlyTermsDoc("period", "")
	out, err := Format("s.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "      terms: yearly\n") {
		t.Errorf("formatted document lost terms: yearly:\n%s", out)
	}
	bad := strings.Replace(string(src), "terms: yearly", "terms: yealy", 1)
	_, err = Parse("s.yaml", []byte(bad))
	if err == nil || !strings.Contains(err.Error(), `s.yaml:20:14: commission.plans[0].terms: unknown terms "yealy": want as_written (the terms as given) or yearly (the terms are a year's, and rules read the period's share) (did you mean yearly?)`) {
		t.Errorf("Parse: %v", err)
	}
}

// TestYearlyMissingScoreNamesPeriod: a score missing from a plan on a
// yearly horizon is named by the period it is given for (FY2026-Q1), not
// the year to date the engine runs over (FY2026-Q1-YTD). Regression: the
// error said "in FY2026-Q1-YTD", an id no scores file can hold.
func TestYearlyMissingScoreNamesPeriod(t *testing.T) {
	s, err := Parse("ytd.yaml", []byte(header+`roles: [{id: ae}]
teams: [{id: t}]
members: [{id: ana, role: ae, assignments: [{team: t}]}]
commission:
  measures: [{id: bookings}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      horizon: year
      components:
        - {id: mbo, per: period, amount: score.hygiene * 1000}
`))
	if err != nil {
		t.Fatal(err)
	}
	scores := commission.WithScores(commission.ScoreMap{"ana": {"FY2026-Q2": {"hygiene": dec("0.8")}}})
	_, err = s.Run("FY2026-Q2", nil, scores)
	want := "year to date to the end of FY2026-Q1: payee ana has no score of hygiene in FY2026-Q1, and plan ae, component mbo reads score.hygiene (set missing_score: zero or skip in the component to pay without it)"
	if err == nil || err.Error() != want {
		t.Errorf("Run: %v\nwant %s", err, want)
	}
	_, err = s.Run("FY2026-Q3", nil, scores)
	want = "payee ana has no score of hygiene in FY2026-Q3, and plan ae, component mbo reads score.hygiene (set missing_score: zero or skip in the component to pay without it)"
	if diff := cmp.Diff(want, errText(err)); diff != "" {
		t.Errorf("Run FY2026-Q3 (-want +got):\n%s", diff)
	}
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
