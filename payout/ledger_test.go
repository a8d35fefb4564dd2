package payout

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
)

// TestLedgerJSONErrors checks that a ledger that is not right is refused
// with a reason, never read in part.
func TestLedgerJSONErrors(t *testing.T) {
	payee := func(fields string) string {
		return `{"version": 2, "closed": [], "payees": [{"payee": "ana", "currency": "USD", "paid": "0", "earned": "0", "draw_owed": "0",
			"guaranteed": "0", "forgiven": "0", "recovered": "0", "carried": "0", "payments": [], "items": []` + fields + `}]}`
	}
	tests := []struct{ name, src, want string }{
		{"version", `{"version": 1, "closed": [], "payees": []}`, "ledger: version 1, this salesplan reads version 2"},
		{"unknown field", payee(`, "draw_owd": "300"`), `unknown field "draw_owd"`},
		{"payee twice", `{"version": 2, "closed": [], "payees": [{"payee": "ana", "paid": "0", "earned": "0", "draw_owed": "0", "guaranteed": "0", "forgiven": "0", "recovered": "0", "carried": "0", "items": []},
			{"payee": "ana", "paid": "0", "earned": "0", "draw_owed": "0", "guaranteed": "0", "forgiven": "0", "recovered": "0", "carried": "0", "items": []}]}`, `ledger: payee "ana" is unnamed or given twice`},
		{"period twice", `{"version": 2, "closed": ["FY2026-M01", "FY2026-M01"], "payees": []}`, `ledger: closed periods: "FY2026-M01" is empty or given twice`},
		{"negative owed", strings.Replace(payee(""), `"draw_owed": "0"`, `"draw_owed": "-5"`, 1), "ledger: ana: draw_owed is negative (-5.00)"},
		{"not a number", strings.Replace(payee(""), `"paid": "0"`, `"paid": "ten"`, 1), `ledger: ana.paid: "ten" is not a decimal number`},
		{"exponent", strings.Replace(payee(""), `"paid": "0"`, `"paid": "1e3"`, 1), `ledger: ana.paid: "1e3" is written with an exponent`},
		{"missing amount", strings.Replace(payee(""), `"carried": "0", `, ``, 1), `ledger: ana.carried: missing`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l Ledger
			err := json.Unmarshal([]byte(tt.src), &l)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// tamperEngine is a plan with a clawback and releases half on booking,
// half on cash, for the ledger tests.
func tamperEngine(t *testing.T, rate string, mods ...func(*commission.PlanDef)) *commission.Engine {
	t.Helper()
	sec := commission.Section{
		Measures: []commission.MeasureDef{{ID: "bookings"}},
		Plans: []commission.PlanDef{{ID: "ae", Eligible: commission.Eligibility{Roles: []string{"ae"}}, Clawback: &commission.ClawbackDef{Days: 90},
			Components: []commission.ComponentDef{{ID: "c", Measure: "bookings", Rate: rate,
				Release: []commission.ReleaseDef{{On: commission.OnBooking, Share: dec("0.5")}, {On: commission.OnCash, Share: dec("0.5")}}}}}},
	}
	for _, m := range mods {
		m(&sec.Plans[0])
	}
	e, err := commission.Compile(sec, commission.Config{Org: caseOrg{"ana": {Role: "ae"}, "ben": {Role: "ae"}}, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func tamperLedger(t *testing.T, e *commission.Engine) []byte {
	t.Helper()
	cal := calendar.Calendar{}
	po, err := Run(e, Input{Period: cal.MustParse("FY2026-M01"), Deals: []deal.Deal{
		{ID: "D1", Date: calendar.MustParseDate("2026-01-10"), Amount: dec("1000"), Currency: "USD", Owner: "ana"},
		{ID: "D2", Date: calendar.MustParseDate("2026-01-12"), Amount: dec("3000"), Currency: "USD", Owner: "ana"},
	}, Events: []Event{{Deal: "D1", Kind: PaymentReceived, Date: calendar.MustParseDate("2026-01-20"), Amount: dec("400")}}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := po.Ledger.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestLedgerTampered is the regression test of ledgers edited by hand:
// they were read and paid from. Each edit is refused, saying what does
// not add up.
func TestLedgerTampered(t *testing.T) {
	src := string(tamperLedger(t, tamperEngine(t, "0.1")))
	// D1: 100 earned, 50 on booking + 50 x 40% on cash = 70 paid;
	// D2: 300 earned, 150 paid.
	for _, want := range []string{`"deal_amount": "1000.00"`, `"deal_currency": "USD"`, `"earned": "100.00"`, `"paid": "70.00"`, `"deferred": "30.00"`,
		`"paid": "220.00"`, `"amount": "400.00"`} {
		if !strings.Contains(src, want) {
			t.Fatalf("the ledger has no %s:\n%s", want, src)
		}
	}
	tests := []struct{ name, old, new, want string }{
		{"item paid", `"paid": "70.00"`, `"paid": "90.00"`,
			"ledger: ana: line FY2026-M01 ae/c D1 (direct) earned 100.00, but paid 90.00 + clawed back 0.00 + forfeited 0.00 + deferred 30.00 = 120.00\n" +
				"ledger: ana: paid 220.00, but the lines paid 240.00 − caps withheld 0.00 + draw owed 0.00 + guaranteed 0.00 + forgiven 0.00 + carried 0.00 = 240.00"},
		{"item earned", `"earned": "100.00"`, `"earned": "1000.00"`,
			"ledger: ana: earned 400.00, but its lines earned 1300.00\n" +
				"ledger: ana: line FY2026-M01 ae/c D1 (direct) earned 1000.00, but paid 70.00 + clawed back 0.00 + forfeited 0.00 + deferred 30.00 = 100.00"},
		{"total paid", `"paid": "220.00"`, `"paid": "2200.00"`,
			"ledger: ana: paid 2200.00, but the lines paid 220.00 − caps withheld 0.00 + draw owed 0.00 + guaranteed 0.00 + forgiven 0.00 + carried 0.00 = 220.00\n" +
				"ledger: ana: paid 2200.00, but the payments of its periods add up to 220.00"},
		{"payment", `"amount": "220.00"`, `"amount": "2200.00"`, "ledger: ana: paid 220.00, but the payments of its periods add up to 2200.00"},
		{"event", `"kind": "paid"`, `"kind": "payed"`, `ledger: event D1 payed on 2026-01-20 400.00: kind: unknown event "payed"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(src, tt.old) {
				t.Fatalf("no %s in the ledger", tt.old)
			}
			var l Ledger
			err := json.Unmarshal([]byte(strings.Replace(src, tt.old, tt.new, 1)), &l)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("err =\n%v\nwant\n%s", err, tt.want)
			}
		})
	}
}

// TestLedgerOtherTerms is the regression test of ledgers of another
// strategy's terms, payee or plan: they were paid from without a word.
// Now they are refused unless the payout is a migration.
func TestLedgerOtherTerms(t *testing.T) {
	e := tamperEngine(t, "0.1")
	var l Ledger
	if err := json.Unmarshal(tamperLedger(t, e), &l); err != nil {
		t.Fatal(err)
	}
	cal := calendar.Calendar{}
	m02 := cal.MustParse("FY2026-M02")
	// The same terms: fine.
	if _, err := Run(e, Input{Period: m02, Ledger: &l}); err != nil {
		t.Fatal(err)
	}
	// Other rates: the digest differs.
	other := tamperEngine(t, "0.2")
	_, err := Run(other, Input{Period: m02, Ledger: &l})
	if err == nil || !strings.Contains(err.Error(), "the ledger was computed under other compensation terms (sha256:") ||
		!strings.Contains(err.Error(), "(pay from it only as a deliberate migration to the changed terms (migrate))") {
		t.Errorf("other terms: %v", err)
	}
	po, err := Run(other, Input{Period: m02, Ledger: &l, Migrate: true})
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if po.Ledger.Digest != other.Digest() || po.Ledger.Digest == e.Digest() {
		t.Errorf("the migrated ledger has digest %s", po.Ledger.Digest)
	}
	// A payee and a plan the engine does not have.
	sec := commission.Section{Measures: []commission.MeasureDef{{ID: "bookings"}},
		Plans: []commission.PlanDef{{ID: "se", Eligible: commission.Eligibility{Roles: []string{"ae"}}, Components: []commission.ComponentDef{{ID: "c", Measure: "bookings", Rate: "0.1"}}}}}
	noAna, err := commission.Compile(sec, commission.Config{Org: caseOrg{"anna": {Role: "ae"}}, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	l2 := l
	l2.Digest = "" // a ledger built in Go, without a digest
	_, err = Run(noAna, Input{Period: m02, Ledger: &l2})
	want := "the ledger pays ana under plan ae, which the strategy does not have\n" +
		"the ledger pays ana, who is not a member of the strategy (did you mean anna?)\n" +
		"the ledger pays ben, who is not a member of the strategy"
	if err == nil || err.Error() != want {
		t.Errorf("unknown payee and plan: %v\nwant %s", err, want)
	}
	var list diag.List
	if !errors.As(err, &list) || !errors.Is(err, diag.UnknownRef) {
		t.Errorf("the error is not a diag.List of unknown-ref: %#v", err)
	}
	// A migration forfeits what the lines of the plan that is gone still
	// had to pay, visibly.
	po, err = Run(noAna, Input{Period: m02, Ledger: &l2, Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range po.Payables[0].Items {
		got = append(got, payItemString(it))
	}
	if strings.Join(got, "; ") != "forfeited FY2026-M01 c D1 0.00 of 30.00; forfeited FY2026-M01 c D2 0.00 of 150.00" {
		t.Errorf("migration items: %v", got)
	}
	checkLedgerIdentity(t, po.Ledger)
}

// TestDigest checks that the digest depends on what the terms say only.
func TestDigest(t *testing.T) {
	half := func(s string) func(*commission.PlanDef) {
		return func(p *commission.PlanDef) {
			p.Components[0].Release[0].Share = dec(s)
			p.Components[0].Release[1].Share = dec(s)
		}
	}
	a, b := tamperEngine(t, "0.1", half("0.5")), tamperEngine(t, "0.1", half("0.50"))
	if a.Digest() != b.Digest() || !strings.HasPrefix(a.Digest(), "sha256:") || len(a.Digest()) != 7+64 {
		t.Errorf("digests %s and %s", a.Digest(), b.Digest())
	}
	for name, c := range map[string]*commission.Engine{
		"rate":     tamperEngine(t, "0.11"),
		"text":     tamperEngine(t, "0.10"),
		"fraction": tamperEngine(t, "0.1", func(p *commission.PlanDef) { p.Clawback.Fraction = ptr(dec("0.5")) }),
		"negative": tamperEngine(t, "0.1", func(p *commission.PlanDef) { p.NegativeBalance = commission.PayNegative }),
	} {
		if c.Digest() == a.Digest() {
			t.Errorf("%s changed, the digest did not", name)
		}
	}
	if n := tamperEngine(t, "0.1", func(p *commission.PlanDef) { p.Components[0].Name = "Commission" }); n.Digest() != a.Digest() {
		t.Error("a display name changed the digest")
	}
}

// TestPayoutJSON checks that the payout's JSON writes amounts at the
// currency's minor unit and an item's numbers (base, share) beside its
// explanation.
func TestPayoutJSON(t *testing.T) {
	e := tamperEngine(t, "0.1")
	var l Ledger
	if err := json.Unmarshal(tamperLedger(t, e), &l); err != nil {
		t.Fatal(err)
	}
	po, err := Run(e, Input{Period: calendar.Calendar{}.MustParse("FY2026-M02"), Ledger: &l,
		Events: []Event{{Deal: "D2", Kind: Cancelled, Date: calendar.MustParseDate("2026-02-01")}}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := po.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"amount": "-150.00"`, `"base": "150.00"`, `"share": "1"`, `"cancelled": "2026-02-01"`, `"window": 90`,
		`"fraction": "1"`, `"pro_rata": "1"`, `"carried": "150.00"`, `"deferred": "30.00"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the payout JSON has no %s:\n%s", want, b)
		}
	}
}
