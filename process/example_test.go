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

// A run pays the deals Qualify returns, less those a policy blocks:
// D2's discount has no approver, so it earns nothing, and the statement
// can say why; D3 breaks a policy that only flags it.
func ExampleBook_Enforce() {
	schema, _ := deal.NewSchema(deal.Attr{Name: "discount", Type: deal.Decimal}, deal.Attr{Name: "approver", Type: deal.String})
	sec := process.Section{
		Policies: []process.PolicyDef{
			{ID: "discount-approval", When: "deal.attrs.discount > 0.2", Require: `deal.attrs.approver != ""`,
				Message: "a discount above 20% needs an approver", OnBreak: process.OnBreakBlock},
			{ID: "big-deal-review", When: "deal.amount > 250000", Require: `deal.attrs.approver == "cfo"`,
				Message: "a deal above 250,000 is reviewed by the CFO"}, // on_break: flag, the default
		},
		Processes: []process.ProcessDef{{ID: "direct", Stages: []process.StageDef{
			{ID: "open", Probability: decimal.RequireFromString("0.3")},
			{ID: "won", Probability: decimal.NewFromInt(1), Outcome: process.Won},
		}}},
	}
	book, err := process.Compile(sec, process.Config{Schema: schema})
	if err != nil {
		fmt.Println(err)
		return
	}
	day := calendar.MustParseDate("2026-03-15")
	deals := []deal.Deal{
		{ID: "D1", Date: day, Amount: decimal.NewFromInt(40000), Stage: "won", Attrs: deal.AttrsOf(map[string]any{"discount": decimal.RequireFromString("0.1")})},
		{ID: "D2", Date: day, Amount: decimal.NewFromInt(60000), Stage: "won", Attrs: deal.AttrsOf(map[string]any{"discount": decimal.RequireFromString("0.3")})},
		{ID: "D3", Date: day, Amount: decimal.NewFromInt(300000), Stage: "won"},
	}
	won, _ := book.Qualify(deals, calendar.Calendar{}.MustParse("FY2026-Q1"))
	kept, breaks, err := book.Enforce(won)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range kept {
		fmt.Println("paid:", d.ID)
	}
	for _, b := range breaks {
		fmt.Printf("%s %s: %s (%s)\n", b.Action, b.Deal, b.Message, b.Policy)
	}
	// Output:
	// paid: D1
	// paid: D3
	// block D2: a discount above 20% needs an approver (discount-approval)
	// flag D3: a deal above 250,000 is reviewed by the CFO (big-deal-review)
}
