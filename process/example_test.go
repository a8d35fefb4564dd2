package process_test

import (
	"fmt"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/process"
	"github.com/shopspring/decimal"
)

func Example() {
	sec := process.Section{
		Processes: []process.ProcessDef{{
			ID: "direct",
			Stages: []process.StageDef{
				{ID: "discovery", Probability: decimal.RequireFromString("0.1")},
				{ID: "proposal", Probability: decimal.RequireFromString("0.5"), Required: []string{"close_date"}},
				{ID: "won", Probability: decimal.NewFromInt(1), Outcome: process.Won},
				{ID: "lost", Outcome: process.Lost},
			},
		}},
	}
	book, err := process.Compile(sec, process.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	d := deal.Deal{ID: "D1", Amount: decimal.NewFromInt(1000), Stage: "discovery"}
	vs, _ := book.CheckMove(&d, "discovery", "won")
	for _, v := range vs {
		fmt.Println(v.Rule+":", v.Message)
	}
	vs, _ = book.CheckMove(&d, "discovery", "proposal")
	for _, v := range vs {
		fmt.Println(v.Rule+":", v.Message)
	}
	d.Stage, d.Date = "won", calendar.MustParseDate("2026-03-15")
	q1 := calendar.Calendar{}.MustParse("FY2026-Q1")
	won, _ := book.Qualify([]deal.Deal{d}, q1)
	fmt.Println(len(won), "won in", q1.ID)
	// Output:
	// skip: cannot move from discovery to won: it skips proposal, and process direct does not allow skipping stages
	// required: close_date is required in stage proposal
	// 1 won in FY2026-Q1
}
