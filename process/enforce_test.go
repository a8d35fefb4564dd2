package process

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
)

// enforceBook has a policy of each action: discount-approval blocks,
// legal-review flags (the default), signed (bound to the won stage) flags,
// and product (global, named for the won stage) stops the run.
func enforceBook(t *testing.T) *Book {
	t.Helper()
	schema, err := deal.NewSchema(
		deal.Attr{Name: "discount", Type: deal.Decimal},
		deal.Attr{Name: "approver", Type: deal.String},
		deal.Attr{Name: "legal_review", Type: deal.Boolean},
		deal.Attr{Name: "signed", Type: deal.Boolean},
	)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Compile(Section{
		Policies: []PolicyDef{
			{ID: "discount-approval", When: "deal.attrs.discount > 0.2", Require: `deal.attrs.approver != ""`, Message: "a discount above 20% needs an approver", OnBreak: OnBreakBlock},
			{ID: "legal-review", When: "deal.amount > 250000", Require: "deal.attrs.legal_review", Message: "a deal above 250,000 needs a legal review"},
			{ID: "product", Require: `deal.product != ""`, Message: "a won deal names its product", Stages: []string{"won"}, OnBreak: OnBreakError},
		},
		Processes: []ProcessDef{{ID: "sales", Stages: []StageDef{
			{ID: "open", Probability: dec("0.2")},
			{ID: "won", Probability: dec("1"), Outcome: Won, Policies: []PolicyDef{
				{ID: "signed", Require: "deal.attrs.signed", Message: "a won deal is signed", OnBreak: OnBreakFlag},
			}},
			{ID: "lost", Outcome: Lost},
		}}},
	}, Config{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// won returns a won deal that breaks no policy, changed by the options.
func won(id, amount string, opts ...func(*deal.Deal)) deal.Deal {
	d := deal.Deal{ID: id, Date: date("2026-02-10"), Amount: dec(amount), Currency: "USD", Owner: "ann", Product: "core", Stage: "won",
		Attrs: deal.AttrsOf(map[string]any{"discount": dec("0.1"), "signed": true})}
	for _, o := range opts {
		o(&d)
	}
	return d
}

func attr(name string, v any) func(*deal.Deal) {
	return func(d *deal.Deal) { d.Attrs = d.Attrs.With(name, v) }
}

func TestEnforce(t *testing.T) {
	b := enforceBook(t)
	deals := []deal.Deal{
		won("D1", "1000"),
		won("D2", "1000", attr("discount", dec("0.25"))),
		won("D3", "300000"),
		won("D4", "300000", attr("discount", dec("0.3")), attr("signed", false)),
		won("D2-R", "-1000", attr("discount", dec("0.25"))), // the return of D2: blocked as its twin
		won("D3-R", "-300000"), // the return of D3: flagged as its twin
		won("D5", "300000", attr("legal_review", true), attr("discount", dec("0.25")), attr("approver", "cfo")),
	}
	kept, breaks, err := b.Enforce(deals)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range kept {
		ids = append(ids, d.ID)
	}
	if diff := cmp.Diff([]string{"D1", "D3", "D3-R", "D5"}, ids); diff != "" {
		t.Errorf("kept (-want +got):\n%s", diff)
	}
	want := []Break{
		{Deal: "D2", Policy: "discount-approval", Message: "a discount above 20% needs an approver", Action: OnBreakBlock},
		{Deal: "D3", Policy: "legal-review", Message: "a deal above 250,000 needs a legal review", Action: OnBreakFlag},
		{Deal: "D4", Policy: "signed", Stage: "won", Message: "a won deal is signed", Action: OnBreakFlag},
		{Deal: "D4", Policy: "discount-approval", Message: "a discount above 20% needs an approver", Action: OnBreakBlock},
		{Deal: "D4", Policy: "legal-review", Message: "a deal above 250,000 needs a legal review", Action: OnBreakFlag},
		{Deal: "D2-R", Policy: "discount-approval", Message: "a discount above 20% needs an approver", Action: OnBreakBlock},
		{Deal: "D3-R", Policy: "legal-review", Message: "a deal above 250,000 needs a legal review", Action: OnBreakFlag},
	}
	if diff := cmp.Diff(want, breaks); diff != "" {
		t.Errorf("breaks (-want +got):\n%s", diff)
	}
	// the deals given are not changed, the credit notes keep their sign
	if !deals[5].Amount.Equal(dec("-300000")) || !kept[2].Amount.Equal(dec("-300000")) {
		t.Errorf("a credit note's amount changed: %s, %s", deals[5].Amount, kept[2].Amount)
	}
	// no policy broken: every deal kept, no breaks
	kept, breaks, err = b.Enforce(deals[:1])
	if err != nil || len(kept) != 1 || breaks != nil {
		t.Errorf("clean deal: %v, %v, %v", kept, breaks, err)
	}
	kept, breaks, err = b.Enforce(nil)
	if err != nil || len(kept) != 0 || breaks != nil {
		t.Errorf("no deals: %v, %v, %v", kept, breaks, err)
	}
}

func TestEnforceError(t *testing.T) {
	b := enforceBook(t)
	noProduct := func(d *deal.Deal) { d.Product = "" }
	d7 := won("D7", "1000", noProduct, attr("discount", dec("0.25")))
	d7.Source = deal.SourceAt(diag.Pos{File: "deals.csv", Line: 8, Col: 1})
	deals := []deal.Deal{won("D1", "1000"), won("D6", "1000", noProduct), d7, won("D2", "1000", attr("discount", dec("0.25")))}
	kept, breaks, err := b.Enforce(deals)
	want := "deals.csv:8:1: deal D7 breaks policy product: a won deal names its product (on_break: error)\n" +
		"deal D6 breaks policy product: a won deal names its product (on_break: error)"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	if kept != nil || breaks != nil {
		t.Errorf("an error returns no deals and no breaks: %v, %v", kept, breaks)
	}
	var list diag.List
	if !errors.As(err, &list) || len(list) != 2 || !errors.Is(err, diag.InvalidInput) {
		t.Errorf("err is not a diag.List of two invalid-input problems: %#v", err)
	}
}

func TestEnforceBadDeals(t *testing.T) {
	b := enforceBook(t)
	tests := []struct {
		name string
		d    deal.Deal
		want string
	}{
		{"unknown stage", won("D1", "1", func(d *deal.Deal) { d.Stage = "wonn" }), `deal D1: process sales has no stage "wonn"`},
		{"policy fails", won("D2", "1", attr("discount", "a lot")), `deal D2: policy discount-approval: when: rule "policies[0].when": 1:12: attribute discount holds "a lot", which is not a decimal number
 | deal.attrs.discount > 0.2
 |            ^`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := b.Enforce([]deal.Deal{tt.d})
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestOnBreakProblems(t *testing.T) {
	sec := Section{
		Policies: []PolicyDef{
			{ID: "p1", Require: "true", Message: "m", OnBreak: "warn"},
			{ID: "p2", Require: "true", Message: "m", OnBreak: "Block"},
			{ID: "p3", Require: "true", Message: "m", OnBreak: "maybe"},
		},
		Processes: []ProcessDef{{ID: "a", Stages: []StageDef{
			{ID: "w", Outcome: Won, Policies: []PolicyDef{{ID: "p4", Require: "true", Message: "m", OnBreak: "stop"}}},
		}}},
	}
	_, err := Compile(sec, Config{})
	want := `policies[0].on_break: unknown on_break "warn" (want flag, block or error) (did you mean flag?)
policies[1].on_break: unknown on_break "Block" (want flag, block or error) (did you mean block?)
policies[2].on_break: unknown on_break "maybe" (want flag, block or error)
processes[0].stages[0].policies[0].on_break: unknown on_break "stop" (want flag, block or error) (did you mean error?)`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	if !errors.Is(err, diag.InvalidValue) {
		t.Errorf("err is not invalid-value: %v", err)
	}
}

// TestEnforceDoesNotChangeCheck: on_break is for runs; Check reports a
// violation of every policy, whatever its action.
func TestEnforceDoesNotChangeCheck(t *testing.T) {
	b := enforceBook(t)
	d := won("D4", "300000", attr("discount", dec("0.3")), attr("signed", false), func(d *deal.Deal) { d.Product = "" })
	vs, err := b.Check(&d)
	if err != nil {
		t.Fatal(err)
	}
	var rules []string
	for _, v := range vs {
		rules = append(rules, v.Rule)
	}
	if diff := cmp.Diff([]string{"signed", "discount-approval", "legal-review", "product"}, rules); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
