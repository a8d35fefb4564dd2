package strategy_test

import (
	"fmt"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/strategy"
	"github.com/shopspring/decimal"
)

// printLines prints a payee's statement the way the examples below show
// it: component, deal, amount and why.
func printLines(res *commission.Result, payee string) {
	st, ok := res.Statement(payee)
	if !ok {
		fmt.Println(payee, "has no statement")
		return
	}
	for _, l := range st.Lines {
		d := l.Deal
		if d == "" {
			d = "-"
		}
		fmt.Printf("%s %-14s %-2s %9s  %s\n", payee, l.Component, d, l.Amount.StringFixed(2), l.Explanation())
	}
	fmt.Println(payee, "total", st.Total.StringFixed(2))
}

func usd(id, date, owner, amount string) deal.Deal {
	return deal.Deal{ID: id, Date: calendar.MustParseDate(date), Amount: decimal.RequireFromString(amount), Currency: "USD", Owner: owner}
}

// Pay mix in the plan's words: ana's on-target earnings are 120,000 a
// year on a 50/50 mix, so her target incentive is 60,000 a year (terms
// are read as HR gives them), 15,000 a quarter. The commission is
// weighted 0.8 of it (component.target_incentive is 48,000 a year, 12,000
// a quarter) and paid on a payout curve of attainment; the kicker 0.2
// (3,000 a quarter). One cap covers both: 1.5 x the quarter's target
// incentive, 22,500.
//
// ana books 130,000 of a 100,000 quota: 130% on the curve (100% pays
// 1.0, 150% pays 2.0, linear between) is 1.6, so the commission pays
// 1.6 x 12,000 = 19,200 and the kicker 1.3 x 3,000 = 3,900; 23,100 is
// 600 over the cap, which withholds it.
func Example_payMix() {
	s, err := strategy.Parse("saas.yaml", []byte(`
version: 1
name: Pay mix
currency: USD
roles: [{id: ae}]
teams: [{id: east}]
members:
  - id: ana
    role: ae
    assignments: [{team: east, from: 2026-01-01}]
    terms: [{from: 2026-01-01, ote: 120000, base: 60000, currency: USD}]
targets:
  quotas:
    - {owner: role:ae, measure: bookings, period: FY2026-Q1, amount: 100000}
commission:
  measures: [{id: bookings}]
  tables:
    - id: curve
      mode: linear
      bands: [{from: 0, rate: 0}, {from: 1, rate: 1}, {from: 1.5, rate: 2}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      caps: [{id: ti-cap, components: [commission, kicker], amount: "1.5 * payee.target_incentive / 4"}]
      components:
        - {id: commission, per: period, weight: 0.8, amount: 'rate("curve", attainment.bookings) * component.target_incentive / 4'}
        - {id: kicker, per: period, weight: 0.2, amount: attainment.bookings * component.target_incentive / 4}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := s.Run("FY2026-Q1", []deal.Deal{usd("D1", "2026-02-10", "ana", "130000")})
	if err != nil {
		fmt.Println(err)
		return
	}
	printLines(res, "ana")
	// Output:
	// ana commission     -   19200.00  rate("curve", attainment.bookings) * component.target_incentive / 4 (attainment.bookings = 130%, component.target_incentive = 48,000.00) = 19,200.00
	// ana kicker         -    3900.00  attainment.bookings * component.target_incentive / 4 (attainment.bookings = 130%, component.target_incentive = 12,000.00) = 3,900.00
	// ana ti-cap         -    -600.00  cap ti-cap (commission, kicker) of 22,500.00 (1.5 * payee.target_incentive / 4, payee.target_incentive = 60,000.00): earned 23,100.00, 600.00 withheld
	// ana total 22500.00
}

// Scores people give (MBO, KPI) come from a CSV that the people who score
// them keep, and rules read them as score.<objective>: ana's pipeline
// hygiene was scored 120%, so an MBO weighted 0.25 of her 20,000 target
// incentive pays 1.2 x 5,000 = 6,000.
func Example_scores() {
	s, err := strategy.Parse("mbo.yaml", []byte(`
version: 1
name: MBO
currency: USD
roles: [{id: ae}]
teams: [{id: east}]
members:
  - id: ana
    role: ae
    assignments: [{team: east, from: 2026-01-01}]
    terms: [{from: 2026-01-01, target_incentive: 20000}]
commission:
  measures: [{id: bookings}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      components:
        - {id: mbo, per: period, weight: 0.25, amount: score.hygiene * component.target_incentive}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	scores, err := commission.ReadScoresCSV("scores.csv", strings.NewReader(
		"payee,period,objective,score\nana,FY2026-Q1,hygiene,1.2\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := s.Run("FY2026-Q1", nil, commission.WithScores(scores))
	if err != nil {
		fmt.Println(err)
		return
	}
	printLines(res, "ana")
	// Output:
	// ana mbo            -    6000.00  score.hygiene * component.target_incentive (component.target_incentive = 5,000.00, score.hygiene = 120%) = 6,000.00
	// ana total 6000.00
}

// The owner of a split deal and the split partner are told apart by
// credit.owner: the new-logo bonus goes to the owner only. A manager's
// override is on the whole deal (rollup credit: deal), not on the union
// of the reports' shares.
//
// D1 of 100,000 is ana's, split 60/40 with ben; both report to mia.
// ana: 5% of 60,000 = 3,000 and the 500 bonus; ben: 5% of 40,000 =
// 2,000; mia: 2% of 100,000 = 2,000.
func Example_crediting() {
	s, err := strategy.Parse("split.yaml", []byte(`
version: 1
name: Splits
currency: USD
roles: [{id: ae}, {id: mgr}]
teams: [{id: east, manager: mia}]
members:
  - {id: mia, role: mgr, assignments: [{team: east, from: 2026-01-01}]}
  - {id: ana, role: ae, assignments: [{team: east, from: 2026-01-01}]}
  - {id: ben, role: ae, assignments: [{team: east, from: 2026-01-01}]}
commission:
  measures: [{id: bookings}]
  crediting:
    rollup: {enabled: true, credit: deal}
  plans:
    - id: ae
      eligible: {roles: [ae]}
      components:
        - {id: commission, measure: bookings, rate: "0.05"}
        - {id: new-logo, when: credit.owner, base: credit.amount, amount: "500"}
    - id: mgr
      eligible: {roles: [mgr]}
      components:
        - {id: override, kinds: [rollup], measure: bookings, rate: "0.02"}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	d := usd("D1", "2026-01-10", "ana", "100000")
	d.Splits = []deal.Split{{Member: "ana", Share: decimal.RequireFromString("0.6")}, {Member: "ben", Share: decimal.RequireFromString("0.4")}}
	res, err := s.Run("FY2026-Q1", []deal.Deal{d})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range []string{"ana", "ben", "mia"} {
		printLines(res, p)
	}
	// Output:
	// ana commission     D1   3000.00  60,000.00 x 5% = 3,000.00
	// ana new-logo       D1    500.00  500 = 500.00
	// ana total 3500.00
	// ben commission     D1   2000.00  40,000.00 x 5% = 2,000.00
	// ben total 2000.00
	// mia override       D1   2000.00  100,000.00 x 2% = 2,000.00
	// mia total 2000.00
}

// Rules read the stretch target beside the quota (stretch.<measure>,
// stretch_attainment.<measure>) and the channel a deal came through
// (channel.kind, channel.attrs.<name>).
//
// ana's quota is 100,000 and her stretch 125,000; she books 150,000, 30%
// of it (45,000) through a partner. The stretch bonus pays 1,000 at 100%
// of the stretch (she is at 120%); partner-sourced deals pay a 1% partner
// kicker: 450.
func Example_stretchAndChannels() {
	s, err := strategy.Parse("stretch.yaml", []byte(`
version: 1
name: Stretch
currency: USD
channels:
  - {id: field, kind: direct}
  - {id: resellers, kind: indirect, attrs: {programme: gold}}
roles: [{id: ae}]
teams: [{id: east, channels: [field, resellers]}]
members:
  - {id: ana, role: ae, assignments: [{team: east, from: 2026-01-01}]}
targets:
  quotas:
    - {owner: role:ae, measure: bookings, period: FY2026-Q1, amount: 100000, stretch: 125000}
commission:
  measures: [{id: bookings}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      components:
        - {id: partner-kicker, when: 'channel.kind == "indirect"', measure: bookings, rate: "0.01"}
        - {id: stretch-bonus, per: period, when: stretch_attainment.bookings >= 1, amount: "1000"}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	d1, d2 := usd("D1", "2026-01-20", "ana", "105000"), usd("D2", "2026-02-20", "ana", "45000")
	d1.Channel, d2.Channel = "field", "resellers"
	res, err := s.Run("FY2026-Q1", []deal.Deal{d1, d2})
	if err != nil {
		fmt.Println(err)
		return
	}
	printLines(res, "ana")
	// Output:
	// ana partner-kicker D2    450.00  45,000.00 x 1% = 450.00
	// ana stretch-bonus  -    1000.00  1000 = 1,000.00
	// ana total 1450.00
}
