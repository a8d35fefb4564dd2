package payout

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
)

// FuzzLedgerJSON checks that any ledger file is read or refused with an
// error, never a panic, and that a ledger read back is self-consistent
// (its Check passes) and writes the same bytes again: the JSON round trip
// payroll stores it through.
func FuzzLedgerJSON(f *testing.F) {
	f.Add(`{"version": 2, "closed": [], "payees": []}`)
	f.Add(`{"version": 2, "strategy": "Mini", "closed": ["FY2026-Q1"], "payees": [{"payee": "ana", "currency": "USD", "plan": "p", "paid": "100.00", "earned": "100.00",
		"draw_owed": "0.00", "guaranteed": "0.00", "forgiven": "0.00", "recovered": "0.00", "carried": "0.00", "payments": [{"period": "FY2026-Q1", "amount": "100.00"}],
		"items": [{"period": "FY2026-Q1", "plan": "p", "component": "c", "deal": "D1", "kind": "direct", "deal_date": "2026-02-01", "deal_amount": "1000.00",
		"deal_currency": "USD", "earned": "100.00", "paid": "100.00", "deferred": "0.00"}]}]}`)
	f.Add(`{"version": 2, "closed": ["FY2026-M01", "FY2026-M01"], "payees": []}`)
	f.Add(`{"version": 1}`)
	f.Add(`[`)
	f.Fuzz(func(t *testing.T, src string) {
		var l Ledger
		if err := json.Unmarshal([]byte(src), &l); err != nil {
			return
		}
		if err := l.Check(); err != nil {
			t.Fatalf("a ledger read without error fails its check: %v", err)
		}
		b, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		var back Ledger
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("the ledger does not read back: %v\n%s", err, b)
		}
		if b2, _ := json.Marshal(back); string(b2) != string(b) {
			t.Fatalf("the ledger does not round-trip:\n%s\n%s", b, b2)
		}
	})
}

// TestPlanPayrollCodes is the regression test of draw and guarantee rows
// that carried no payroll code, with no way to set one: the plan names
// the codes of its own items.
func TestPlanPayrollCodes(t *testing.T) {
	sec := commission.Section{
		Measures: []commission.MeasureDef{{ID: "bookings"}},
		Plans: []commission.PlanDef{{ID: "ae", Eligible: commission.Eligibility{Roles: []string{"ae"}},
			Draw:         &commission.DrawDef{Amount: dec("1000")},
			PayrollCodes: map[string]string{"guarantee": "GTE"},
			Components:   []commission.ComponentDef{{ID: "c", Measure: "bookings", Rate: "0.1", PayrollCode: "COM"}}}},
	}
	e, err := commission.Compile(sec, commission.Config{Org: caseOrg{"ana": {Role: "ae"}}, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	p := calendar.Calendar{}.MustParse("FY2026-M01")
	po, err := Run(e, Input{Period: p, Deals: []deal.Deal{{ID: "D1", Date: p.Start, Amount: dec("4000"), Currency: "USD", Owner: "ana"}}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range po.Payables[0].Items {
		got = append(got, string(it.Kind)+" "+it.PayrollCode+" "+it.Amount.StringFixed(2))
	}
	if want := "earned COM 400.00,guarantee GTE 600.00"; strings.Join(got, ",") != want {
		t.Errorf("items %v, want %s", got, want)
	}
	sec.Plans[0].PayrollCodes = map[string]string{"guarante": "GTE"}
	if _, err := commission.Compile(sec, commission.Config{Org: caseOrg{"ana": {Role: "ae"}}, Currency: "USD"}); err == nil ||
		!strings.Contains(err.Error(), `plans[0].payroll_codes.guarante: unknown payout kind "guarante"`) || !strings.Contains(err.Error(), "did you mean guarantee?") {
		t.Errorf("an unknown kind: %v", err)
	}
}
