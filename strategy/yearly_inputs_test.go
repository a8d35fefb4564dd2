package strategy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/payout"
	"github.com/shopspring/decimal"
)

// TestYearlyScoresAndStretch pays a plan on a yearly horizon, quarter by
// quarter, whose rules read a score and a stretch target; Run and Payout
// give the same lines.
//
// The year to date to the end of a quarter reads the score given for that
// quarter (the year-to-date score at its end), and a stretch target that
// is the sum of the quarters' so far (120,000 a quarter: 480,000 spread
// evenly). A period's line is the year to date now less the year to date
// at the end of the quarter before:
//
//	      bookings  YTD      YTD stretch  YTD stretch  score  mbo YTD   bonus YTD
//	                                      attainment          (x 1,000)
//	Q1    130,000   130,000  120,000      108%         0.5      500     1,000
//	Q2    100,000   230,000  240,000       96%         0.8      800         0
//	Q3    150,000   380,000  360,000      106%         0.8      800     1,000
//
//	lines: Q1 mbo 500, bonus 1,000; Q2 mbo 800 − 500 = 300, bonus 0 −
//	1,000 = −1,000; Q3 mbo 800 − 800 = 0 (no line), bonus 1,000 − 0 =
//	1,000. The commission (1% of bookings) is the period's own.
func TestYearlyScoresAndStretch(t *testing.T) {
	s, err := Parse("ytd.yaml", []byte(header+`roles: [{id: ae}]
teams: [{id: t}]
members: [{id: ana, role: ae, assignments: [{team: t}]}]
targets:
  seasonality: [{id: even, period: quarter, weights: [0.25, 0.25, 0.25, 0.25]}]
  quotas: [{owner: role:ae, measure: bookings, period: FY2026, amount: 400000, stretch: 480000, seasonality: even}]
commission:
  measures: [{id: bookings}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      horizon: year
      negative_balance: pay
      components:
        - {id: c, measure: bookings, rate: "0.01"}
        - {id: mbo, per: period, amount: score.hygiene * 1000}
        - {id: bonus, per: period, when: stretch_attainment.bookings >= 1, amount: "1000"}
`))
	if err != nil {
		t.Fatal(err)
	}
	scores, err := commission.ReadScoresCSV("scores.csv", strings.NewReader("payee,period,objective,score\n"+
		"ana,FY2026-Q1,hygiene,0.5\nana,FY2026-Q2,hygiene,0.8\nana,FY2026-Q3,hygiene,0.8\n"))
	if err != nil {
		t.Fatal(err)
	}
	d := func(id, date, amount string) deal.Deal {
		return deal.Deal{ID: id, Date: day(date), Amount: decimal.RequireFromString(amount), Currency: "USD", Owner: "ana"}
	}
	quarters := []struct {
		id    string
		deal  deal.Deal
		lines []string
	}{
		{"FY2026-Q1", d("D1", "2026-02-10", "130000"), []string{"c D1 1300.00", "mbo - 500.00", "bonus - 1000.00"}},
		{"FY2026-Q2", d("D2", "2026-05-10", "100000"), []string{"c D2 1000.00", "mbo - 300.00", "bonus - -1000.00"}},
		{"FY2026-Q3", d("D3", "2026-08-10", "150000"), []string{"c D3 1500.00", "bonus - 1000.00"}},
	}
	var year []deal.Deal
	var ledger *payout.Ledger
	for _, q := range quarters {
		year = append(year, q.deal)
		res, err := s.Run(q.id, year, commission.WithScores(scores))
		if err != nil {
			t.Fatalf("%s: %v", q.id, err)
		}
		var got []string
		st, _ := res.Statement("ana")
		for _, l := range st.Lines {
			deal := l.Deal
			if deal == "" {
				deal = "-"
			}
			got = append(got, l.Component+" "+deal+" "+l.Amount.StringFixed(2))
		}
		if diff := cmp.Diff(q.lines, got); diff != "" {
			t.Errorf("%s: Run's lines (-want +got):\n%s", q.id, diff)
		}
		// Payout pays the same: the year to date less what was paid.
		po, err := s.Payout(q.id, year, PayoutInput{Ledger: ledger}, commission.WithScores(scores))
		if err != nil {
			t.Fatalf("%s: payout: %v", q.id, err)
		}
		ledger = po.Ledger
		if !po.Payables[0].Amount.Equal(st.Total) {
			t.Errorf("%s: paid %s, Run's total %s", q.id, po.Payables[0].Amount, st.Total)
		}
	}
}

// TestRunChecksScoresAndTerms: scores and terms given in Go are checked
// like files, by their path; a year-to-date period id gets a hint.
func TestRunChecksScoresAndTerms(t *testing.T) {
	s, err := Parse("s.yaml", []byte(header+`roles: [{id: ae}]
teams: [{id: t}]
members: [{id: ana, role: ae, assignments: [{team: t}]}]
commission:
  measures: [{id: bookings}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      components:
        - {id: mbo, per: period, missing_score: zero, amount: score.hygiene * 1000}
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		opt  commission.RunOption
		want string
	}{
		{"a year-to-date id", commission.WithScores(commission.ScoreMap{"ana": {"FY2026-Q2-YTD": {"hygiene": dec("1")}}}),
			`scores[0].period: ana's score of hygiene is for "FY2026-Q2-YTD", which is not a period of the calendar, so no run reads it: the periods of FY2026 are FY2026, FY2026-H1 and -H2, FY2026-Q1 to -Q4 and FY2026-M01 to -M12 (a plan on a yearly horizon reads, for the year to date to the end of FY2026-Q2, the score given for FY2026-Q2)`},
		{"a member and an objective", commission.WithScores(commission.ScoreMap{"bo": {"FY2026-Q1": {"hygeine": dec("1")}}}),
			"scores[0].objective: bo's score of hygeine in FY2026-Q1: no rule reads score.hygeine (the rules read score.hygiene), so it would never be read (did you mean hygiene?)\n" +
				"scores[0].payee: a score of hygeine in FY2026-Q1 for bo, who is not a member of the strategy: it would never be read"},
		{"terms", commission.WithTerms(commission.TermMap{"ana": {{OTE: dec("1")}}, "zed": {{OTE: dec("1")}}}),
			"terms[1].payee: terms of zed, who is not a member of the strategy: they would never be read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Run("FY2026-Q1", nil, tc.opt)
			if err == nil || err.Error() != tc.want {
				t.Errorf("Run: %v\nwant %s", err, tc.want)
			}
			_, err = s.Payout("FY2026-Q1", nil, PayoutInput{}, tc.opt)
			if err == nil || err.Error() != tc.want {
				t.Errorf("Payout: %v\nwant %s", err, tc.want)
			}
		})
	}
}
