package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// managersPlan has a sales team (vic, with no target of its own) over
// east, whose manager hands over from dana to eli on 10 February; east has
// a target of its own, 180,000 for a quarter of 90 days, and the managers'
// quotas are east's target on the days each manages it (of:
// managed_team): dana 40 days, 80,000; eli 50 days, 100,000. vic has a
// quota of his own.
const managersPlan = `version: 1
name: Managers
currency: USD
roles: [{id: ae}, {id: manager}, {id: vp}]
channels: [{id: direct, kind: direct}]
teams:
  - {id: sales, manager: vic, channels: [direct]}
  - id: east
    parent: sales
    manager: dana
    changes:
      - {from: 2026-02-10, manager: eli}
members:
  - {id: vic, role: vp, assignments: [{team: sales, from: 2025-01-01}]}
  - {id: dana, role: manager, assignments: [{team: east, from: 2025-01-01}]}
  - {id: eli, role: manager, assignments: [{team: east, from: 2025-01-01}]}
  - {id: ann, role: ae, assignments: [{team: east, from: 2025-01-01}]}
  - {id: bob, role: ae, assignments: [{team: east, from: 2025-01-01}]}
commission:
  measures: [{id: bookings}]
targets:
  quotas:
    - {owner: role:ae, measure: bookings, period: FY2026-Q1, amount: 100000}
    - {owner: team:east, measure: bookings, period: FY2026-Q1, amount: 180000}
    - {owner: role:manager, measure: bookings, period: FY2026-Q1, of: managed_team}
    - {owner: member:vic, measure: bookings, period: FY2026-Q1, amount: 220000}
process:
  processes:
    - id: p
      stages:
        - {id: open, probability: 0.5, forecast: commit}
        - {id: won, probability: 1, outcome: won}
        - {id: lost, probability: 0, outcome: lost}
`

const managersDeals = `id,date,amount,currency,owner,channel,stage,close_date
D-1,2026-01-20,30000,USD,ann,direct,won,
D-2,2026-02-20,20000,USD,bob,direct,open,2026-03-15
`

// TestPipelineLeavesOutManagers is the regression test of a team without
// a target of its own, whose forecast added up every member's quota,
// managers and VP included: sales' target is ann's and bob's 200,000,
// not 600,000 with dana's 80,000, eli's 100,000 and vic's 220,000.
func TestPipelineLeavesOutManagers(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "strategy.yaml")
	dealsFile := filepath.Join(dir, "deals.csv")
	if err := os.WriteFile(plan, []byte(managersPlan), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dealsFile, []byte(managersDeals), 0o644); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, scope := range [][]string{nil, {"--team", "east"}, {"--member", "dana"}, {"--member", "eli"}, {"--member", "vic"}} {
		var o, e bytes.Buffer
		args := append([]string{"pipeline", plan, "--deals", dealsFile, "--period", "FY2026-Q1", "--format", "json"}, scope...)
		if code := run(args, nil, &o, &e); code != 0 {
			t.Fatalf("%v: exit %d: %s", scope, code, e.String())
		}
		var rep struct {
			Forecasts []struct {
				Scope  string `json:"scope"`
				Target string `json:"target"`
			} `json:"forecasts"`
		}
		if err := json.Unmarshal(o.Bytes(), &rep); err != nil {
			t.Fatalf("%v: %v\n%s", scope, err, o.String())
		}
		for _, f := range rep.Forecasts {
			got[f.Scope] = f.Target
		}
	}
	want := map[string]string{
		"team sales":  "200000",
		"team east":   "180000",
		"member dana": "80000",
		"member eli":  "100000",
		"member vic":  "220000",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("targets (-want +got):\n%s", diff)
	}
}
