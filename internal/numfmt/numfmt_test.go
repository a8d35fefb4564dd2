package numfmt

import (
	"testing"

	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestFormat(t *testing.T) {
	tests := []struct {
		f    func(string) string
		in   string
		want string
	}{
		{func(s string) string { return Amount(dec(s)) }, "15000", "15,000.00"},
		{func(s string) string { return Amount(dec(s)) }, "-1234567.5", "-1,234,567.50"},
		{func(s string) string { return Amount(dec(s)) }, "0.125", "0.125"},
		{func(s string) string { return Amount(dec(s)) }, "1599.999999999999999999", "1,599.999999999999999999"},
		{func(s string) string { return Amount(dec(s)) }, "123456789012345678901234.5", "123,456,789,012,345,678,901,234.50"},
		{func(s string) string { return Amount(dec(s)) }, "1e3", "1,000.00"},
		{func(s string) string { return Amount(dec(s)) }, "0", "0.00"},
		{func(s string) string { return Amount(dec(s)) }, "-0.5", "-0.50"},
		{func(s string) string { return Number(dec(s)) }, "200000", "200,000"},
		{func(s string) string { return Number(dec(s)) }, "0.500", "0.5"},
		{func(s string) string { return Number(dec(s)) }, "28840.10", "28,840.1"},
		{func(s string) string { return Rate(dec(s)) }, "0.05", "5%"},
		{func(s string) string { return Rate(dec(s)) }, "0.0125", "1.25%"},
		{func(s string) string { return Rate(dec(s)) }, "1.5", "150%"},
		{func(s string) string { return Rate(dec(s)) }, "0.0533333333333333333333", "5.333333%"},
		{func(s string) string { return Percent(dec(s)) }, "0.91234", "91.23%"},
		{func(s string) string { return Percent(dec(s)) }, "1.2", "120%"},
	}
	for _, tt := range tests {
		if got := tt.f(tt.in); got != tt.want {
			t.Errorf("format(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPercentNearABound(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0.91234", "91.23%"},
		{"1.1", "110%"},
		{"1.0999999821", "109.999998%"}, // 615,999.99 / 560,000.00: not 110%
		{"1.1000000179", "110.000002%"},
		{"1.00000000001", "100%"}, // beyond six places: as it rounds
		{"1.385714285", "138.57%"},
	} {
		if got := Percent(decimal.RequireFromString(tc.in)); got != tc.want {
			t.Errorf("Percent(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
