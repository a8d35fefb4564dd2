package commission

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
)

// withCreditShard sets the fewest deals of a shard of the crediting, so
// that a test's few deals are credited in many shards.
func withCreditShard(n int) RunOption {
	return func(c *runConfig) error {
		c.shard = n
		return nil
	}
}

// TestWorkersSameResult checks that a run's result does not depend on how
// many workers make it: generated plans (roll-ups, overlays, splits,
// credit notes, two currencies) over deals credited in one shard and in
// many, with one worker, two and eight, give the same credits, the same
// JSON and the same explanations, byte for byte; and bad deals spread
// over the shards (unknown members, splits that do not add up, a
// duplicate id, a missing one) give the same error.
func TestWorkersSameResult(t *testing.T) {
	n, cases := 600, 6
	if testing.Short() || raceEnabled {
		n, cases = 300, 3
	}
	p := calendar.Calendar{}.MustParse("FY2026-Q1")
	rates := RateMap{"EUR/USD": dec("1.0834")}
	for seed := range cases {
		g := &gen{r: rand.New(rand.NewPCG(uint64(seed), 13)), p: p}
		sec, org, quotas := g.section()
		e, err := Compile(sec, Config{Org: org, Quotas: quotas, Currency: "USD"})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		deals := g.deals("S", n, true)
		bad := append([]deal.Deal(nil), deals...)
		for _, i := range []int{3, n / 3, n / 2, n - 1} {
			bad[i].Owner = "nobody"
		}
		bad[n/4].Splits = []deal.Split{{Member: "r1", Share: dec("0.5")}, {Member: "r2", Share: dec("0.6")}}
		bad[n/5].ID = bad[n-2].ID
		bad[n/6].ID = ""
		run := func(ds []deal.Deal, opts ...RunOption) string {
			res, err := e.Run(p, ds, append([]RunOption{WithRates(rates)}, opts...)...)
			if err != nil {
				return "error: " + err.Error()
			}
			var b bytes.Buffer
			js, err := res.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			b.Write(js)
			cs, err := json.Marshal(res.Credits)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(cs)
			return b.String()
		}
		for _, ds := range [][]deal.Deal{deals, bad} {
			want := run(ds, WithWorkers(1))
			for _, opts := range [][]RunOption{
				{WithWorkers(1), withCreditShard(16)},
				{WithWorkers(2), withCreditShard(16)},
				{WithWorkers(8), withCreditShard(16)},
				{WithWorkers(8), withCreditShard(1)},
				{WithWorkers(3)},
			} {
				if got := run(ds, opts...); got != want {
					t.Fatalf("seed %d: the result with options %d differs from one worker's (%d bytes, %d bytes)", seed, len(opts), len(got), len(want))
				}
			}
			if ds[3].Owner == "nobody" && len(want) > 0 && want[:6] != "error:" {
				t.Fatalf("seed %d: bad deals give no error", seed)
			}
		}
	}
}

// hidingOrg is an Org whose MemberIDs leaves some members out: a run
// keeps their credits by id, not by index in the member ids (kept.go).
type hidingOrg struct {
	caseOrg
	hide map[string]bool
}

func (o hidingOrg) MemberIDs() []string {
	var ids []string
	for _, id := range o.caseOrg.MemberIDs() {
		if !o.hide[id] {
			ids = append(ids, id)
		}
	}
	return ids
}

// TestCreditsOfMembersNotListed checks that the credits of payees an Org
// does not list in MemberIDs are kept as the others: the same credits,
// and the same statements for the members listed.
func TestCreditsOfMembersNotListed(t *testing.T) {
	p := calendar.Calendar{}.MustParse("FY2026-Q1")
	rates := RateMap{"EUR/USD": dec("1.0834")}
	for seed := range 3 {
		g := &gen{r: rand.New(rand.NewPCG(uint64(seed), 17)), p: p}
		sec, org, quotas := g.section()
		deals := g.deals("H", 200, true)
		terms := termsOf(org)
		results := make([]*Result, 2)
		for i, o := range []Org{org, hidingOrg{org, map[string]bool{"r2": true, "m1": true, "pm": true}}} {
			e, err := Compile(sec, Config{Org: o, Quotas: quotas, Currency: "USD", Terms: terms})
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			if results[i], err = e.Run(p, deals, WithRates(rates), WithWorkers(2), withCreditShard(16)); err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
		}
		want, _ := json.Marshal(results[0].Credits)
		got, _ := json.Marshal(results[1].Credits)
		if !bytes.Equal(want, got) {
			t.Errorf("seed %d: the credits differ when members are not listed", seed)
		}
		for _, st := range results[1].Statements {
			w, _ := results[0].Statement(st.Payee)
			wj, _ := json.Marshal(w)
			gj, _ := json.Marshal(st)
			if !bytes.Equal(wj, gj) {
				t.Errorf("seed %d: %s's statement differs when others are not listed", seed, st.Payee)
			}
		}
		if len(results[1].Statements) >= len(results[0].Statements) {
			t.Errorf("seed %d: %d statements with members hidden, %d without", seed, len(results[1].Statements), len(results[0].Statements))
		}
	}
}
