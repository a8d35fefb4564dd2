package fixed_test

import (
	"fmt"
	"testing"

	"github.com/salesplan/salesplan/internal/fixed"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

var d = decimal.RequireFromString

// same reports whether a and b are the same decimal as shopspring writes
// it: the same value at the same exponent.
func same(a, b decimal.Decimal) bool { return a.Equal(b) && a.Exponent() == b.Exponent() }

func TestUnits(t *testing.T) {
	tests := []struct {
		d      string
		places int32
		want   int64
		ok     bool
	}{
		{"12.34", 2, 1234, true},
		{"-12.34", 2, -1234, true},
		{"12.3", 2, 0, false}, // not written with two places
		{"0.00", 2, 0, true},
		{"46116860184273879.05", 2, 0, false}, // beyond 2^62 units
		{"46116860184273879.04", 2, 1 << 62, true},
		{"-46116860184273879.04", 2, -1 << 62, true},
		{"1", 0, 1, true},
		{"1.5", -1, 0, false},
		// 18 digits fit at once; 19 and more are compared with the limit
		{"9999999999999999.99", 2, 999999999999999999, true},
		{"-9999999999999999.99", 2, -999999999999999999, true},
		{"10000000000000000.00", 2, 1000000000000000000, true},
		{"99999999999999999.99", 2, 0, false},
		{"-99999999999999999.99", 2, 0, false},
		{"12345678901234567890123.45", 2, 0, false},
	}
	for _, tt := range tests {
		got, ok := fixed.Units(d(tt.d), tt.places)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Units(%s, %d) = %d, %v; want %d, %v", tt.d, tt.places, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAt(t *testing.T) {
	tests := []struct {
		d    string
		exp  int32
		want int64
		ok   bool
	}{
		{"12.3", -2, 1230, true},
		{"12.345", -2, 0, false}, // finer than the unit
		{"100", -2, 10000, true},
		{"1E+3", -2, 0, false}, // a positive exponent is not read
		{"-0.6", -1, -6, true},
		{"4611686018427387904", 0, 1 << 62, true},
		{"4611686018427387905", 0, 0, false},
		{"461168601842738790.4", -1, 1 << 62, true},
		{"46116860184273879.1", -2, 0, false}, // fits at -1, not once scaled
	}
	for _, tt := range tests {
		got, ok := fixed.At(d(tt.d), tt.exp)
		if got != tt.want || ok != tt.ok {
			t.Errorf("At(%s, %d) = %d, %v; want %d, %v", tt.d, tt.exp, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSumIsOne(t *testing.T) {
	for _, tt := range []struct {
		ws   []string
		want bool
	}{
		{[]string{"0.6", "0.4"}, true},
		{[]string{"0.6", "0.40"}, true},
		{[]string{"1"}, true},
		{[]string{"0.5", "0.25", "0.25"}, true},
		{[]string{"0.6", "0.5"}, false},
		{[]string{"0.3333", "0.3333", "0.3334"}, true},
		{[]string{"1.5", "-0.5"}, false}, // cannot tell: a weight below zero
		{nil, false},
	} {
		var ws []decimal.Decimal
		for _, w := range tt.ws {
			ws = append(ws, d(w))
		}
		if got := fixed.SumIsOne(ws); got != tt.want {
			t.Errorf("SumIsOne(%v) = %v, want %v", tt.ws, got, tt.want)
		}
	}
}

// TestAllocate compares Allocate with money.Allocate, which divides in
// decimals: the same parts, written the same way, whenever Allocate
// answers; and it must answer for the amounts and splits of deals.
func TestAllocate(t *testing.T) {
	totals := []string{"100.00", "100.01", "-100.01", "0.00", "0.03", "-0.01", "1000000000.99", "7", "123.456", "46116860184273879.04", "99999999999999999999.99", "12.345"}
	weights := [][]string{{"0.6", "0.4"}, {"0.5", "0.5"}, {"1", "1", "1"}, {"0.3333", "0.3333", "0.3334"}, {"2", "0", "1"},
		{"0.1", "0.2", "0.3", "0.4"}, {"0", "0"}, {"1", "-1"}, {"0.125", "0.125", "0.25", "0.5"}, {"3", "3", "3", "3", "3", "3", "3", "3", "3"}}
	for _, tot := range totals {
		for _, wss := range weights {
			for _, places := range []int32{0, 2, 3} {
				var ws []decimal.Decimal
				for _, w := range wss {
					ws = append(ws, d(w))
				}
				want, wantErr := money.Allocate(d(tot), ws, places)
				got, ok := fixed.Allocate(nil, d(tot), ws, places)
				name := fmt.Sprintf("Allocate(%s, %v, %d)", tot, wss, places)
				if !ok {
					if wantErr == nil && len(wss) <= 8 && len(tot) < 15 && places >= -d(tot).Exponent() {
						t.Errorf("%s: no answer; money.Allocate gives %v", name, want)
					}
					continue
				}
				if wantErr != nil {
					t.Errorf("%s = %v; money.Allocate: %v", name, got, wantErr)
					continue
				}
				for i := range want {
					if !same(want[i], got[i]) {
						t.Errorf("%s = %v, want %v", name, got, want)
						break
					}
				}
			}
		}
	}
}
