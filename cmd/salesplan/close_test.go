package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCloseDraws closes three months of a new hire on a ramp with a
// recoverable draw (testdata/draws, the payout worked by hand in
// strategy's TestPayoutRampedDraw) and checks the text a person reads and
// the JSON payroll stores: the draw block and the ramped quota.
func TestCloseDraws(t *testing.T) {
	dir := t.TempDir()
	s := "testdata/draws/strategy.yaml"
	ledger := filepath.Join(dir, "ledger.json")
	close := func(month, format string) string {
		t.Helper()
		args := []string{"close", s, "--deals", "testdata/draws/deals-" + strings.ToLower(month) + ".csv", "--period", "FY2026-" + month, "--ledger-out", ledger, "--format", format}
		if month != "M02" {
			args = append(args, "--ledger", ledger)
		}
		var o, e bytes.Buffer
		if code := run(args, nil, &o, &e); code != 0 {
			t.Fatalf("close %s: exit %d: %s", month, code, e.String())
		}
		return o.String()
	}
	m02 := close("M02", "json")
	var po struct {
		Payables []struct {
			Payee string          `json:"payee"`
			Draw  json.RawMessage `json:"draw"`
			Ramps json.RawMessage `json:"ramps"`
		} `json:"payables"`
	}
	if err := json.Unmarshal([]byte(m02), &po); err != nil {
		t.Fatal(err)
	}
	wantDraw := `{"plan":"ae","recoverable":true,"amount":"1000.00","earned":"1150.00","owed_before":"0.00","advanced":"0.00","topped_up":"0.00",` +
		`"recovered":"0.00","forgiven":"0.00","owed_after":"0.00","net":"150.00","above_draw":"150.00"}`
	wantRamps := `[{"measure":"bookings","full":"10000","quota":"2500","share":"0.25","ramp":[{"month":1,"share":"0.25","from":"2026-02-01","to":"2026-02-28"}]}]`
	var compact bytes.Buffer
	json.Compact(&compact, po.Payables[0].Draw)
	if diff := cmp.Diff(wantDraw, compact.String()); diff != "" {
		t.Errorf("M02 draw (-want +got):\n%s", diff)
	}
	compact.Reset()
	json.Compact(&compact, po.Payables[0].Ramps)
	if diff := cmp.Diff(wantRamps, compact.String()); diff != "" {
		t.Errorf("M02 ramps (-want +got):\n%s", diff)
	}

	want03 := `FY2026-M03: 1 payee, 1,000.00 USD paid

Ben Okafor (ben): pays 1,000.00 USD
  earned    FY2026-M03  commission D2                    200.00
  draw      FY2026-M03                                   800.00
  draw: recoverable 1,000.00 (plan ae)
    earned 200.00, owed before 0.00: net -800.00
    advanced 800.00, paid above the draw 0.00, owed after 800.00
  quota bookings: 5,000, 50% of the full 10,000 (ramp month 2)
`
	if diff := cmp.Diff(want03, close("M03", "text")); diff != "" {
		t.Errorf("M03 text (-want +got):\n%s", diff)
	}
	// M04: the ramp is over (no quota line); 600 of the 800 recovered.
	want04 := `FY2026-M04: 1 payee, 1,000.00 USD paid

Ben Okafor (ben): pays 1,000.00 USD
  earned    FY2026-M04  bonus                          1,000.00
  earned    FY2026-M04  commission D3                    600.00
  recovery  FY2026-M04                                  -600.00
  draw: recoverable 1,000.00 (plan ae)
    earned 1,600.00, owed before 800.00: net -200.00
    recovered 600.00, paid above the draw 0.00, owed after 200.00
`
	if diff := cmp.Diff(want04, close("M04", "text")); diff != "" {
		t.Errorf("M04 text (-want +got):\n%s", diff)
	}
}
