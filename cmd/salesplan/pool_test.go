package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// poolStrategy is the strategy of commission's hand-worked team pools.
const poolStrategy = "../../commission/testdata/pools/strategy.yaml"

// TestPoolStatements runs a strategy with team pools through run,
// explain and close, and checks each member's share on the statement,
// the JSON and the payout.
func TestPoolStatements(t *testing.T) {
	dir := t.TempDir()
	dealsCSV := filepath.Join(dir, "deals.csv")
	os.WriteFile(dealsCSV, []byte("id,date,amount,currency,owner\n"+
		"A1,2026-01-10,400000,USD,ana\nB1,2026-01-20,300000,USD,ben\nC1,2026-02-10,200000,USD,chloe\n"+
		"D1,2026-02-01,220000,USD,dan\nO1,2026-03-05,500000,USD,omar\n"), 0o644)
	args := []string{poolStrategy, "--deals", dealsCSV, "--period", "FY2026-Q1"}

	var out, errb bytes.Buffer
	if code := run(append([]string{"explain", "--payee", "ana"}, args...), nil, &out, &errb); code != 0 {
		t.Fatalf("explain: exit %d: %s", code, errb.String())
	}
	for _, want := range []string{
		"spif-equal (plan emea-pool)\n  -          pool          1,000.00  team emea: team.attainment.bookings >= 1.10 (team.attainment.bookings = 1,120,000.00 / 1,000,000.00 = 112%); pool 5000 = 5,000.00; shared equally among 5 members = 1,000.00\n",
		"  -          pool            444.45  team emea: pool 1000 = 1,000.00; shared by bookings among 5 members: 1,000.00 x 400,000.00 / 900,000.00 = 444.4444444444, to the cent by largest remainder = 444.45\n",
		"  -          pool              0.00  team emea: pool 2000 = 2,000.00, not paid: no member who shares it has any big_deals (5 members, each 0)\n",
		"Total                      3,444.45 USD\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("explain does not show\n%s\nin\n%s", want, out.String())
		}
	}

	out.Reset()
	if code := run(append([]string{"run"}, args...), nil, &out, &errb); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errb.String())
	}
	var res struct {
		Statements []struct {
			Payee string `json:"payee"`
			Total string `json:"total"`
			Lines []struct {
				Component string `json:"component"`
				Kind      string `json:"kind"`
				Amount    string `json:"amount"`
				Pool      *struct {
					Team        string `json:"team"`
					Pool        string `json:"pool"`
					Distribute  string `json:"distribute"`
					Members     int    `json:"members"`
					Weight      string `json:"weight"`
					TotalWeight string `json:"total_weight"`
				} `json:"pool"`
			} `json:"lines"`
		} `json:"statements"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	shares := map[string]string{}
	for _, st := range res.Statements {
		for _, l := range st.Lines {
			if l.Component == "spif-bookings" {
				if l.Kind != "pool" || l.Pool == nil || l.Pool.Team != "emea" || l.Pool.Pool != "1000.00" || l.Pool.Distribute != "measure.bookings" || l.Pool.Members != 5 || l.Pool.TotalWeight != "900000" {
					t.Errorf("%s: line %+v, pool %+v", st.Payee, l, l.Pool)
				}
				shares[st.Payee] = l.Amount
			}
		}
	}
	want := map[string]string{"ana": "444.45", "ben": "333.33", "chloe": "222.22", "eva": "0.00", "ines": "0.00"}
	if len(shares) != len(want) {
		t.Errorf("spif-bookings shares: got %v, want %v", shares, want)
	}
	for p, a := range want {
		if shares[p] != a {
			t.Errorf("%s's share: got %s, want %s", p, shares[p], a)
		}
	}

	out.Reset()
	ledger := filepath.Join(dir, "ledger.json")
	if code := run(append([]string{"close", "--ledger-out", ledger, "--format", "csv"}, args...), nil, &out, &errb); code != 0 {
		t.Fatalf("close: exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"ines,FY2026-Q1,earned,emea-pool,spif-ti,,FY2026-Q1,4000.00,USD,", "ana,FY2026-Q1,earned,emea-pool,spif-equal,,FY2026-Q1,1000.00,USD,SPIF"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the payout does not pay %q:\n%s", want, out.String())
		}
	}
}
