package commission

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/salesplan/salesplan/calendar"
)

// TestWriteJSONAsMarshalJSON checks that WriteJSON writes what
// MarshalJSON gives, byte for byte: generated runs (two currencies,
// credit notes, roll-ups, overlays), a result with no statement, and one
// with notes and text that JSON escapes.
func TestWriteJSONAsMarshalJSON(t *testing.T) {
	p := calendar.Calendar{}.MustParse("FY2026-Q1")
	rates := RateMap{"EUR/USD": dec("1.0834")}
	results := []*Result{
		{Period: "FY2026-Q1"},
		{Period: "FY2026-Q1", Notes: []string{`pool "east" <&> not shared`, "second"},
			Statements: []Statement{{Payee: "ana", Currency: "USD", Total: dec("1.5")}, {Payee: "ben", Currency: "EUR", Notes: []string{"a\tb"}}}},
	}
	for seed := range 4 {
		g := &gen{r: rand.New(rand.NewPCG(uint64(seed), 31)), p: p}
		sec, org, quotas := g.section()
		terms := termsOf(org)
		e, err := Compile(sec, Config{Org: org, Quotas: quotas, Currency: "USD", Terms: terms})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		res, err := e.Run(p, g.deals("J", 300, true), WithRates(rates))
		if err != nil {
			continue // a generated plan may fail: TestWorkersSameResult compares those
		}
		results = append(results, res)
	}
	if len(results) < 5 {
		t.Fatalf("only %d results to compare", len(results))
	}
	for i, res := range results {
		want, err := res.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := res.WriteJSON(&got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("result %d: WriteJSON differs from MarshalJSON (%d bytes, want %d)", i, got.Len(), len(want))
		}
	}
}
