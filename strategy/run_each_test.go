package strategy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// TestRunEachAsRun checks that RunEach hands Run's statements, notes
// included, with one worker, two and eight: for the notes of a deal a
// policy blocks, and for plans on a yearly horizon (whose statements are
// handed once the year-to-date runs are done).
func TestRunEachAsRun(t *testing.T) {
	policy, err := Parse("p.yaml", []byte(strings.Replace(policyDoc, "ACTION", "block", 1)))
	if err != nil {
		t.Fatal(err)
	}
	d1 := usd("D1", "2026-01-10", "9000", "ana")
	d1.Stage, d1.Attrs = "won", deal.AttrsOf(map[string]any{"discount": decimal.RequireFromString("0.1"), "approver": ""})
	d2 := usd("D2", "2026-01-12", "5000", "ana")
	d2.Stage, d2.Attrs = "won", deal.AttrsOf(map[string]any{"discount": decimal.RequireFromString("0.25"), "approver": ""})
	yearly, err := Parse("ytd.yaml", []byte(header+`roles: [{id: ae}]
teams: [{id: t}]
members: [{id: ana, role: ae, assignments: [{team: t}]}, {id: ben, role: ae, assignments: [{team: t}]}]
commission:
  measures: [{id: bookings}]
  tables: [{id: tiers, basis: amount, mode: marginal, bands: [{from: 0, rate: 0.01}, {from: 150000, rate: 0.02}]}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      horizon: year
      components: [{id: c, measure: bookings, table: tiers, scope: running}]
`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		s      *Strategy
		period string
		deals  []deal.Deal
	}{
		{"blocked deal's note", policy, "FY2026-M01", []deal.Deal{d1, d2}},
		{"yearly horizon", yearly, "FY2026-Q2", []deal.Deal{
			usd("D1", "2026-02-10", "130000", "ana"), usd("D2", "2026-05-10", "100000", "ana"), usd("D3", "2026-05-11", "5000", "ben")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want, err := c.s.Run(c.period, c.deals)
			if err != nil {
				t.Fatal(err)
			}
			wantJSON, err := want.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			for _, workers := range []int{1, 2, 8} {
				var sts []commission.Statement
				res, err := c.s.RunEach(c.period, c.deals, func(st commission.Statement) error {
					sts = append(sts, st)
					return nil
				}, commission.WithWorkers(workers))
				if err != nil {
					t.Fatal(err)
				}
				if res.Statements != nil {
					t.Errorf("%d workers: RunEach's Result holds statements", workers)
				}
				res.Statements = sts
				got, err := res.MarshalJSON()
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(string(wantJSON), string(got)); diff != "" {
					t.Errorf("%d workers: RunEach (-Run +RunEach):\n%s", workers, diff)
				}
			}
			if len(want.Statements) == 0 {
				t.Fatal("no statements")
			}
		})
	}
}
