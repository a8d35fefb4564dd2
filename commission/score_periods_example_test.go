package commission_test

import (
	"fmt"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/shopspring/decimal"
)

// quarterScores reads the scores of a run over a year to date
// (FY2026-Q1-YTD) under the quarter it ends with, and says so
// (commission.ScorePeriods): a missing score is named by the quarter, the
// id a scores file holds.
type quarterScores struct{ commission.ScoreMap }

func (q quarterScores) ScorePeriod(p calendar.Period) calendar.Period {
	if id, ok := strings.CutSuffix(p.ID, "-YTD"); ok {
		return calendar.Calendar{}.MustParse(id)
	}
	return p
}

func (q quarterScores) Score(member, objective string, p calendar.Period) (decimal.Decimal, bool, error) {
	return q.ScoreMap.Score(member, objective, q.ScorePeriod(p))
}

func ExampleScorePeriods() {
	sec := commission.Section{Plans: []commission.PlanDef{{ID: "ae", Eligible: commission.Eligibility{Roles: []string{"ae"}},
		Components: []commission.ComponentDef{{ID: "mbo", Per: commission.PerPeriod, Amount: "score.hygiene * 1000"}}}}}
	scores := quarterScores{commission.ScoreMap{"ana": {"FY2026-Q2": {"hygiene": decimal.RequireFromString("0.8")}}}}
	e, err := commission.Compile(sec, commission.Config{Org: org{}, Scores: scores})
	if err != nil {
		fmt.Println(err)
		return
	}
	cal := calendar.Calendar{}
	for _, q := range []string{"FY2026-Q2", "FY2026-Q1"} {
		p := cal.MustParse(q)
		ytd := calendar.Period{ID: q + "-YTD", Kind: p.Kind, FiscalYear: p.FiscalYear, Start: cal.Year(2026).Start, End: p.End}
		res, err := e.Run(ytd, nil)
		if err != nil {
			fmt.Println(err)
			continue
		}
		st, _ := res.Statement("ana")
		fmt.Println(ytd.ID, st.Total.StringFixed(2))
	}
	// Output:
	// FY2026-Q2-YTD 800.00
	// payee ana has no score of hygiene in FY2026-Q1, and plan ae, component mbo reads score.hygiene (set missing_score: zero or skip in the component to pay without it)
}
