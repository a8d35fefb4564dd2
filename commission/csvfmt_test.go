package commission

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// TestAppendFixed checks the fast path of fixed against its slow path
// (shopspring's String, padded), on worked cases and on random decimals
// of every exponent and size, in both signs.
func TestAppendFixed(t *testing.T) {
	for _, c := range []struct {
		in     string
		places int
		want   string
	}{
		{"1900", 2, "1900.00"},
		{"2018.807", 2, "2018.807"},
		{"14000.000000", 2, "14000.00"},
		{"-0.50", 2, "-0.50"},
		{"-0.001", 2, "-0.001"},
		{"0", 2, "0.00"},
		{"0.000", 0, "0"},
		{"12.30", 0, "12.3"},
		{"-5", 0, "-5"},
		{"999999999999999999", 2, "999999999999999999.00"},
		{"-9999999999999999.99", 2, "-9999999999999999.99"},
		{"12345678901234567890.5", 2, "12345678901234567890.50"},
		{"0.0000000000000000001", 2, "0.0000000000000000001"},
	} {
		d := decimal.RequireFromString(c.in)
		if got := string(appendFixed(nil, d, c.places)); got != c.want {
			t.Errorf("appendFixed(%s, %d) = %s, want %s", c.in, c.places, got, c.want)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		var d decimal.Decimal
		exp := int32(r.IntN(44) - 22)
		switch r.IntN(3) {
		case 0:
			d = decimal.New(r.Int64N(1000000)-500000, exp)
		case 1:
			d = decimal.New(int64(r.Uint64()), exp)
		default:
			d = decimal.New(int64(r.Uint64()), exp).Mul(decimal.New(int64(r.Uint64()>>r.IntN(64)), 0))
		}
		places := r.IntN(5)
		if got, want := string(appendFixed(nil, d, places)), fixedSlow(d, places); got != want {
			t.Fatalf("appendFixed(%s (exponent %d), %d) = %s, want %s", d, d.Exponent(), places, got, want)
		}
	}
}

// TestAppendCSVField checks that a field is written byte for byte as
// encoding/csv's Writer writes it.
func TestAppendCSVField(t *testing.T) {
	fields := []string{"", "a", "ana", `\.`, `\.x`, "a,b", `a"b`, `"`, "a\nb", "a\rb", "a\r\nb", " a", "a ", "\ta", "\u00a0a", "\u0085a", "\u2028a", "\u3000a",
		"\xffa", "é", "x\x00y", "SPIF-2027", "deal 12"}
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", ",", `"`, "\r", "\n", " ", "\t", "\\", ".", "\u00a0", "\u2028", "\xff", "é"}
	for range 20_000 {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		fields = append(fields, b.String())
	}
	for _, f := range fields {
		var want bytes.Buffer
		w := csv.NewWriter(&want)
		w.Write([]string{f, "x"})
		w.Flush()
		got := append(appendCSVField(nil, f), ",x\n"...)
		if string(got) != want.String() {
			t.Fatalf("field %q: got %q, want %q (encoding/csv)", f, got, want.String())
		}
	}
}

// TestWriteCSVAsEncodingCSV checks Result.WriteCSV against the rows
// written by encoding/csv, with fields that need quoting and amounts in
// currencies of 0, 2 and 3 decimals.
func TestWriteCSVAsEncodingCSV(t *testing.T) {
	res := &Result{Period: "FY2026-Q1", Statements: []Statement{
		{Payee: "ana", Lines: []Line{
			{Plan: "ae", Component: "commission", Deal: "A1", Kind: "direct", Amount: decimal.RequireFromString("15000.00"), Currency: "USD", PayrollCode: "COM"},
			{Plan: "ae", Component: "cap, group", Kind: CapLine, Amount: decimal.RequireFromString("-3000"), Currency: "USD"},
			{Plan: "ae", Component: "spif", Deal: `D "7"`, Kind: "split", Amount: decimal.RequireFromString("1234"), Currency: "JPY"},
			{Plan: "ae", Component: "spif", Deal: " lead", Kind: "split", Amount: decimal.RequireFromString("1.2345"), Currency: "KWD"},
		}},
		{Payee: "ben\nnewline"},
		{Payee: "cy", Lines: []Line{{Plan: "p", Component: "c", Kind: PeriodLine, Amount: decimal.RequireFromString("0.1"), Currency: "EUR"}}},
	}}
	var want bytes.Buffer
	w := csv.NewWriter(&want)
	w.Write([]string{"payee", "period", "plan", "component", "deal", "kind", "amount", "currency", "payroll_code"})
	for _, s := range res.Statements {
		for _, l := range s.Lines {
			w.Write([]string{s.Payee, res.Period, l.Plan, l.Component, l.Deal, string(l.Kind), fixedSlow(l.Amount, int(money.MinorUnits(l.Currency))), l.Currency, l.PayrollCode})
		}
	}
	w.Flush()
	var got bytes.Buffer
	if err := res.WriteCSV(&got); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("WriteCSV:\n%s\nwant (encoding/csv):\n%s", got.String(), want.String())
	}
	if !strings.Contains(got.String(), "\ncy,FY2026-Q1,p,c,,period,0.10,EUR,\n") || !strings.Contains(got.String(), ",1234,JPY,") || !strings.Contains(got.String(), ",1.2345,KWD,") {
		t.Errorf("WriteCSV's amounts:\n%s", got.String())
	}
}
