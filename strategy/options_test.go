package strategy

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
	"github.com/shopspring/decimal"
)

func TestOptions(t *testing.T) {
	if _, err := Parse("t.yaml", []byte(org), WithMaxBytes(10)); !errors.Is(err, diag.TooLarge) {
		t.Errorf("WithMaxBytes(10): %v", err)
	}
	if _, err := Parse("t.yaml", []byte(org), WithMaxBytes(0)); err == nil || err.Error() != "strategy: WithMaxBytes(0): the limit must be positive" {
		t.Errorf("WithMaxBytes(0): %v", err)
	}
	if _, err := Load("no/such/file.yaml"); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("Load: %v", err)
	}
	if _, err := Parse("t.yaml", []byte(org), WithFunction("", nil)); err == nil {
		t.Error("WithFunction with no name succeeded")
	}
	double := func(d decimal.Decimal) decimal.Decimal { return d.Add(d) }
	if _, err := Parse("t.yaml", []byte(org), WithFunction("twice", double), WithFunction("twice", double)); err == nil {
		t.Error("WithFunction twice succeeded")
	}
}

// TestCustomFunction uses a function given by the Go caller in a rule,
// and checks that a rule calling an unknown one is refused with a hint.
func TestCustomFunction(t *testing.T) {
	doc := org + `commission:
  measures: [{id: bookings}]
  plans:
    - id: ae
      eligible: {roles: [ae]}
      components: [{id: c, measure: bookings, rate: "fx_rate(deal.product)"}]
`
	fx := func(currency string) (decimal.Decimal, error) {
		if currency != "core" {
			return decimal.Zero, errors.New("no rate for " + currency)
		}
		return decimal.RequireFromString("0.1"), nil
	}
	if _, err := Parse("t.yaml", []byte(doc)); err == nil || !strings.Contains(err.Error(), "fx_rate") {
		t.Errorf("a rule calling an unknown function: %v", err)
	}
	s, err := Parse("t.yaml", []byte(doc), WithFunction("fx_rate", fx))
	if err != nil {
		t.Fatal(err)
	}
	d := deal.Deal{ID: "D1", Date: day("2026-02-01"), Amount: decimal.RequireFromString("1000"), Currency: "USD", Owner: "ana", Product: "core"}
	res, err := s.Run("FY2026-Q1", []deal.Deal{d})
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := res.Statement("ana"); st.Total.StringFixed(2) != "100.00" {
		t.Errorf("total %s, want 100.00", st.Total)
	}
	// An error of the function names the payee, the deal and the rule.
	d.Product, d.ID = "gadgets", "D2"
	_, err = s.Run("FY2026-Q1", []deal.Deal{d})
	if err == nil || !strings.Contains(err.Error(), "deal D2") || !strings.Contains(err.Error(), "no rate for gadgets") {
		t.Errorf("function error: %v", err)
	}
	// An iterator's error stops the run.
	_, err = s.RunSeq("FY2026-Q1", func(yield func(deal.Deal, error) bool) { yield(deal.Deal{}, errors.New("cursor closed")) })
	if err == nil || err.Error() != "cursor closed" {
		t.Errorf("RunSeq: %v", err)
	}
	if _, err := s.Run("2026-Q1", nil); err == nil || !strings.Contains(err.Error(), `invalid period "2026-Q1"`) {
		t.Errorf("bad period: %v", err)
	}
}

// TestLoadTooLarge checks that Load refuses a file over the size limit
// without reading it whole: a sparse 1 GiB file is refused at once, and
// so is a file one byte over the limit.
func TestLoadTooLarge(t *testing.T) {
	dir := t.TempDir()
	big := dir + "/big.yaml"
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil {
		t.Skip("no sparse files here:", err)
	}
	f.Close()
	if _, err := Load(big); !errors.Is(err, diag.TooLarge) {
		t.Errorf("a 1 GiB file: %v", err)
	}
	small := dir + "/s.yaml"
	os.WriteFile(small, []byte(org), 0o644)
	if _, err := Load(small, WithMaxBytes(len(org)-1)); !errors.Is(err, diag.TooLarge) {
		t.Errorf("one byte over: %v", err)
	}
	if _, err := Load(small, WithMaxBytes(len(org))); err != nil {
		t.Errorf("at the limit: %v", err)
	}
}
