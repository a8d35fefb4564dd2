package strategy

import (
	"testing"

	"github.com/salesplan/salesplan/targets"
)

// TestDatedTeamTargets checks that team and channel targets count a
// member in the tree and channels of each day: west moves from under
// amer to under emea on 1 March 2027, and from then on sells through
// emea's channel (partner) instead of amer's (direct).
func TestDatedTeamTargets(t *testing.T) {
	s, err := Parse("t.yaml", []byte(header+`channels:
  - {id: direct, kind: direct}
  - {id: partner, kind: indirect}
roles: [{id: ae}]
teams:
  - {id: sales}
  - {id: amer, parent: sales, channels: [direct]}
  - {id: emea, parent: sales, channels: [partner]}
  - id: west
    parent: amer
    changes: [{from: 2027-03-01, parent: emea}]
members:
  - {id: ana, role: ae, assignments: [{team: amer}]}
  - {id: wes, role: ae, assignments: [{team: west}]}
targets:
  proration: days
  quotas:
    - {owner: role:ae, measure: bookings, period: FY2027-Q1, amount: 90000}
commission:
  measures: [{id: bookings}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      components: [{id: c, measure: bookings, rate: "0.1"}]
`))
	if err != nil {
		t.Fatal(err)
	}
	q1 := s.Calendar().MustParse("FY2027-Q1")
	// FY2027-Q1 has 90 days; ana and wes each carry 90,000 (1,000 a
	// day). wes is under amer for the 59 days of January and February
	// and under emea for the 31 of March.
	tests := []struct {
		kind, id, want string
	}{
		{targets.Team, "sales", "180000"}, // both, all quarter
		{targets.Team, "amer", "149000"},  // ana 90,000 + wes 59 days
		{targets.Team, "emea", "31000"},   // wes 31 days
		{targets.Team, "west", "90000"},   // wes, all quarter
		{targets.Channel, "direct", "149000"},
		{targets.Channel, "partner", "31000"},
	}
	for _, tt := range tests {
		got, ok, err := s.Targets().RollUp(tt.kind, tt.id, "bookings", q1)
		if err != nil || !ok || got.String() != tt.want {
			t.Errorf("RollUp(%s:%s) = %s, %v, %v; want %s", tt.kind, tt.id, got, ok, err, tt.want)
		}
	}
}
