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

// yearly is a strategy with a plan on a yearly horizon (ana, marginal
// tiers on year-to-date attainment) beside a plan on the period (sam,
// 10% of the quarter's bookings).
const yearly = header + `roles: [{id: ae}, {id: se}]
teams: [{id: t}]
members:
  - {id: ana, role: ae, assignments: [{team: t}]}
  - {id: sam, role: se, assignments: [{team: t}]}
targets:
  seasonality: [{id: even, period: quarter, weights: [0.25, 0.25, 0.25, 0.25]}]
  quotas: [{owner: role:ae, measure: bookings, period: FY2026, amount: 400000, seasonality: even}]
commission:
  measures: [{id: bookings}]
  tables:
    - {id: tiers, mode: marginal, basis: attainment, bands: [{from: 0, rate: 0.05}, {from: 1, rate: 0.1}]}
  plans:
    - id: ae
      eligible: {roles: [ae]}
      horizon: year
      components: [{id: c, measure: bookings, table: tiers, scope: running}]
    - id: se
      eligible: {roles: [se]}
      components: [{id: s, measure: bookings, rate: "0.1"}]
`

func usd(id, date, amount, owner string) deal.Deal {
	return deal.Deal{ID: id, Date: day(date), Amount: decimal.RequireFromString(amount), Currency: "USD", Owner: owner}
}

// lineAmounts sums a result's lines by payee, plan, component and deal.
func lineAmounts(res *commission.Result) map[string]string {
	sum := map[string]decimal.Decimal{}
	for _, st := range res.Statements {
		for _, l := range st.Lines {
			k := st.Payee + " " + l.Plan + " " + l.Component + " " + l.Deal
			sum[k] = sum[k].Add(l.Amount)
		}
	}
	out := map[string]string{}
	for k, v := range sum {
		out[k] = v.StringFixed(2)
	}
	return out
}

// TestRunYearlyAgreesWithPayout is the regression test of "horizon: year
// in run and explain": Run of a quarter gives the lines that Payout pays
// for it (the true-up of an earlier deal re-priced at the year-to-date
// band, and the new deal at that band), and the period plan's lines are
// the quarter's own.
//
//	Q1: D1 120,000 against 100,000: 100,000 x 5% + 20,000 x 10% = 7,000.
//	Q2: D2 50,000; the year to date is 170,000 against 200,000, all at 5%:
//	    D1 is re-priced to 6,000 (-1,000) and D2 earns 2,500: 1,500.
//	sam: S1 10,000 in Q1 (1,000), S2 20,000 in Q2 (2,000).
func TestRunYearlyAgreesWithPayout(t *testing.T) {
	s, err := Parse("ytd.yaml", []byte(yearly))
	if err != nil {
		t.Fatal(err)
	}
	q1 := []deal.Deal{usd("D1", "2026-02-10", "120000", "ana"), usd("S1", "2026-03-01", "10000", "sam")}
	q2 := append(q1, usd("D2", "2026-05-10", "50000", "ana"), usd("S2", "2026-06-01", "20000", "sam"))

	res1, err := s.Run("FY2026-Q1", q1)
	if err != nil {
		t.Fatal(err)
	}
	po1, err := s.Payout("FY2026-Q1", q1, PayoutInput{})
	if err != nil {
		t.Fatal(err)
	}
	res2, err := s.Run("FY2026-Q2", q2)
	if err != nil {
		t.Fatal(err)
	}
	po2, err := s.Payout("FY2026-Q2", q2, PayoutInput{Ledger: po1.Ledger})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"ana ae c D1": "-1000.00", "ana ae c D2": "2500.00", "sam se s S2": "2000.00"}
	if diff := cmp.Diff(want, lineAmounts(res2)); diff != "" {
		t.Errorf("Run FY2026-Q2 lines (-want +got):\n%s", diff)
	}
	for i, c := range []struct {
		res  *commission.Result
		pays map[string]string
	}{{res1, paid(po1.Payables)}, {res2, paid(po2.Payables)}} {
		got := map[string]string{}
		for _, st := range c.res.Statements {
			got[st.Payee] = st.Total.StringFixed(2)
		}
		if diff := cmp.Diff(c.pays, got); diff != "" {
			t.Errorf("Q%d: Run totals differ from what Payout pays (-payout +run):\n%s", i+1, diff)
		}
	}
	st, _ := res2.Statement("ana")
	if e := st.Lines[0].Explanation(); !strings.Contains(e, "less 7,000.00 earned to the end of FY2026-Q1 = -1,000.00") {
		t.Errorf("the true-up line does not say what it nets: %s", e)
	}
}

func paid(ps []payout.Payable) map[string]string {
	out := map[string]string{}
	for _, p := range ps {
		out[p.Payee] = p.Amount.StringFixed(2)
	}
	return out
}

// TestRunUnknownChannel is the regression test of deals on a channel or
// territory the strategy does not declare: they were accepted and paid.
func TestRunUnknownChannel(t *testing.T) {
	s, err := Parse("s.yaml", []byte(org+`commission:
  measures: [{id: bookings}]
  plans: [{id: p, eligible: {roles: [ae]}, components: [{id: c, measure: bookings, rate: "0.1"}]}]
`))
	if err != nil {
		t.Fatal(err)
	}
	d := usd("D1", "2026-03-01", "1000", "ana")
	d.Channel, d.Territory = "drect", "mars"
	_, err = s.Run("FY2026-Q1", []deal.Deal{d})
	want := `deals[0].channel: deal D1: unknown channel "drect": the strategy declares direct (did you mean direct?)` + "\n" +
		`deals[0].territory: deal D1: unknown territory "mars": the strategy declares `
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v\nwant prefix %s", err, want)
	}
}

// TestChannelInRules is the regression test of a channel's kind and
// attributes, which rules could not read (unknown name channel): a
// partner bonus on indirect deals, and an overlay for the partner
// manager by programme.
//
//	P1 10,000 on the partner channel (indirect, programme gold):
//	  ana 10% = 1,000 and the indirect bonus 2% = 200; pam's overlay
//	  3% = 300
//	D1 5,000 direct: ana 10% = 500, no bonus, no overlay
func TestChannelInRules(t *testing.T) {
	s, err := Parse("c.yaml", []byte(header+`channels:
  - {id: direct, kind: direct}
  - {id: partner, kind: indirect, attrs: {program: gold}}
roles: [{id: ae}, {id: pam}]
teams: [{id: t, channels: [direct, partner]}]
members:
  - {id: ana, role: ae, assignments: [{team: t}]}
  - {id: pam, role: pam, assignments: [{team: t}]}
commission:
  measures: [{id: bookings}]
  crediting:
    overlays: [{id: partner-manager, when: 'channel.attrs.program == "gold"', payee: '"pam"'}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      components:
        - {id: commission, measure: bookings, rate: "0.1"}
        - {id: indirect-bonus, measure: bookings, when: 'channel.kind == "indirect"', rate: "0.02"}
    - id: pam
      eligible: {roles: [pam]}
      components: [{id: overlay, measure: bookings, rate: "0.03"}]
`))
	if err != nil {
		t.Fatal(err)
	}
	p1 := usd("P1", "2026-02-01", "10000", "ana")
	p1.Channel = "partner"
	d1 := usd("D1", "2026-02-02", "5000", "ana")
	d1.Channel = "direct"
	res, err := s.Run("FY2026-Q1", []deal.Deal{p1, d1})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"ana ae commission P1": "1000.00", "ana ae commission D1": "500.00", "ana ae indirect-bonus P1": "200.00", "pam pam overlay P1": "300.00"}
	if diff := cmp.Diff(want, lineAmounts(res)); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}
