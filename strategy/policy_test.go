package strategy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

const policyDoc = `version: 1
name: P
currency: USD
attributes: [{name: discount, type: decimal}, {name: approver, type: string}]
channels: [{id: field, kind: direct}]
roles: [{id: ae}]
teams: [{id: sales, channels: [field]}]
members: [{id: ana, role: ae, assignments: [{team: sales, from: 2026-01-01}]}]
process:
  policies:
    - {id: discount-approval, when: deal.attrs.discount > 0.2, require: 'deal.attrs.approver != ""', message: a discount above 20% needs an approver, on_break: ACTION}
    - {id: big-deal, when: deal.amount > 8000, require: 'deal.attrs.approver == "cfo"', message: 'a deal above 8,000 is reviewed by the CFO'}
  processes: [{id: sales, stages: [{id: open, probability: 0.2}, {id: won, probability: 1, outcome: won}]}]
commission:
  measures: [{id: bookings}]
  plans: [{id: ae, eligible: {roles: [ae]}, components: [{id: commission, measure: bookings, rate: "0.1"}]}]
`

// TestPolicies is the regression test of policies checked but not
// enforced: a deal that broke one was paid without a word. D1 breaks
// big-deal (flag, the default): paid, its line flagged. D2 breaks
// discount-approval: with on_break: block it earns nothing and Ana's
// statement says why; with flag it is paid and flagged; with error the
// run fails naming it.
func TestPolicies(t *testing.T) {
	deals := func() []deal.Deal {
		d1 := usd("D1", "2026-01-10", "9000", "ana")
		d1.Stage, d1.Attrs = "won", deal.AttrsOf(map[string]any{"discount": decimal.RequireFromString("0.1"), "approver": ""})
		d2 := usd("D2", "2026-01-12", "5000", "ana")
		d2.Stage, d2.Attrs = "won", deal.AttrsOf(map[string]any{"discount": decimal.RequireFromString("0.25"), "approver": ""})
		return []deal.Deal{d1, d2}
	}
	run := func(action string) (*commission.Result, error) {
		t.Helper()
		s, err := Parse("p.yaml", []byte(strings.Replace(policyDoc, "ACTION", action, 1)))
		if err != nil {
			t.Fatal(err)
		}
		return s.Run("FY2026-M01", deals())
	}
	res, err := run("block")
	if err != nil {
		t.Fatal(err)
	}
	st, _ := res.Statement("ana")
	type line struct {
		Deal, Amount string
		Flags        []string
	}
	var got []line
	for _, l := range st.Lines {
		got = append(got, line{l.Deal, l.Amount.StringFixed(2), l.Flags})
	}
	want := []line{{"D1", "900.00", []string{"policy big-deal: a deal above 8,000 is reviewed by the CFO"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("block: lines (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"deal D2 of 2026-01-12 (5,000.00 USD) is not paid: it breaks policy discount-approval: a discount above 20% needs an approver"}, st.Notes); diff != "" {
		t.Errorf("block: notes (-want +got):\n%s", diff)
	}
	if ex := commission.Explain(st, res.Period, "Ana"); !strings.Contains(ex, "flagged: policy big-deal") || !strings.Contains(ex, "Not paid\n  deal D2") {
		t.Errorf("explain does not show the flag and the note:\n%s", ex)
	}
	res, err = run("flag")
	if err != nil {
		t.Fatal(err)
	}
	st, _ = res.Statement("ana")
	if st.Total.StringFixed(2) != "1400.00" || len(st.Lines) != 2 || len(st.Lines[1].Flags) != 1 || len(st.Notes) != 0 {
		t.Errorf("flag: total %s, lines %+v, notes %v", st.Total, st.Lines, st.Notes)
	}
	if _, err = run("error"); err == nil || !strings.Contains(err.Error(), "deal D2 breaks policy discount-approval") {
		t.Errorf("error: %v", err)
	}
}
