package payout_test

import (
	"bytes"
	"testing"

	"github.com/salesplan/salesplan/examples"
	"github.com/salesplan/salesplan/payout"
	"github.com/salesplan/salesplan/strategy"
)

// TestWriteJSONAsMarshalJSON checks that the payout's and the ledger's
// WriteJSON write what their MarshalJSON gives, byte for byte: the
// examples' periods paid from an empty ledger and then again from the
// ledger they close (payments, items, carried balances, draws), and an
// empty payout and ledger.
func TestWriteJSONAsMarshalJSON(t *testing.T) {
	same := func(name string, m interface{ MarshalJSON() ([]byte, error) }, w func(*bytes.Buffer) error) {
		t.Helper()
		want, err := m.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := w(&got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: WriteJSON differs from MarshalJSON (%d bytes, want %d)", name, got.Len(), len(want))
		}
	}
	empty := &payout.Result{Period: "FY2026-Q1"}
	same("empty payout", empty, func(b *bytes.Buffer) error { return empty.WriteJSON(b) })
	same("empty ledger", payout.Ledger{}, func(b *bytes.Buffer) error { return payout.Ledger{}.WriteJSON(b) })
	for _, load := range []func() (*examples.Sample, error){examples.Northwind, examples.Brightline} {
		ex, err := load()
		if err != nil {
			t.Fatal(err)
		}
		po, err := ex.Strategy.Payout(ex.Period, ex.Deals, strategy.PayoutInput{}, ex.RunOptions()...)
		if err != nil {
			t.Fatal(err)
		}
		same(ex.Name+" payout", po, func(b *bytes.Buffer) error { return po.WriteJSON(b) })
		same(ex.Name+" ledger", po.Ledger, func(b *bytes.Buffer) error { return po.Ledger.WriteJSON(b) })
	}
}
