package money

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in, want string // want: the decimal's String, or the error
		err      error
	}{
		{"1234.56", "1234.56", nil},
		{"-100", "-100", nil},
		{"+0.125", "0.125", nil},
		{".5", "0.5", nil},
		{"5.", "5", nil},
		{"-0.00", "0", nil},
		{"007", "7", nil},
		{"123456789012345678", "123456789012345678", nil},
		{"1234567890.123456789", "1234567890.123456789", nil}, // 19 digits: the long path
		{"-99999999999999999999999.5", "-99999999999999999999999.5", nil},
		{"0." + strings.Repeat("0", 199) + "1", "0." + strings.Repeat("0", 199) + "1", nil},
		{strings.Repeat("9", 200), strings.Repeat("9", 200), nil},
		{strings.Repeat("0", 1000) + "1", "1", nil}, // leading zeros are not digits that count

		{"", `"" is not a decimal number (write 1234.56, without thousands separators)`, ErrSyntax},
		{"1,000", `"1,000" is not a decimal number (write 1234.56, without thousands separators)`, ErrSyntax},
		{"ten", `"ten" is not a decimal number (write 1234.56, without thousands separators)`, ErrSyntax},
		{" 1", `" 1" is not a decimal number (write 1234.56, without thousands separators)`, ErrSyntax},
		{"1.2.3", `"1.2.3" is not a decimal number (write 1234.56, without thousands separators)`, ErrSyntax},
		{"-", `"-" is not a decimal number (write 1234.56, without thousands separators)`, ErrSyntax},
		{".", `"." is not a decimal number (write 1234.56, without thousands separators)`, ErrSyntax},
		{"+-1", `"+-1" is not a decimal number (write 1234.56, without thousands separators)`, ErrSyntax},
		{"\u22125", `"−5" is not a decimal number (write 1234.56, without thousands separators)`, ErrSyntax},
		{"NaN", `"NaN" is not a decimal number (write 1234.56, without thousands separators)`, ErrSyntax},
		{"1e", `"1e" is not a decimal number (write 1234.56, without thousands separators)`, ErrSyntax},
		{"1e+", `"1e+" is not a decimal number (write 1234.56, without thousands separators)`, ErrSyntax},
		{"1e5x", `"1e5x" is not a decimal number (write 1234.56, without thousands separators)`, ErrSyntax},
		{"e5", `"e5" is not a decimal number (write 1234.56, without thousands separators)`, ErrSyntax},

		{"1.5e3", `"1.5e3" is written with an exponent (write 1500)`, ErrExponent},
		{"25E-2", `"25E-2" is written with an exponent (write 0.25)`, ErrExponent},
		{"-1.25e+1", `"-1.25e+1" is written with an exponent (write -12.5)`, ErrExponent},
		{"0e999999", `"0e999999" is written with an exponent (write 0)`, ErrExponent},
		{"0e0000002000000000", `"0e0000002000000000" is written with an exponent (write 0)`, ErrExponent}, // found by FuzzReadCSV: hung building 0×10^2000000000
		{"-0.0e-3", `"-0.0e-3" is written with an exponent (write 0.0000)`, ErrExponent},
		{"0.5e-2147483650", `"0.5e-2147483650" has too many digits (more than 200)`, ErrRange},
		{"1e150", `"1e150" is written with an exponent (write 1000000000000000000000000000000000000000…)`, ErrExponent},

		{"1e999", `"1e999" is too large (more than 200 digits)`, ErrRange},
		{"1e100000", `"1e100000" is too large (more than 200 digits)`, ErrRange},
		{"1e99999999999999999999999", `"1e99999999999999999999999" is too large (more than 200 digits)`, ErrRange},
		{"1e-300", `"1e-300" has too many digits (more than 200)`, ErrRange},
		{"0e-300", `"0e-300" has too many digits (more than 200)`, ErrRange},
		{strings.Repeat("1", 400), `"1111111111111111111111111111111111111111…" (400 bytes) is too large (more than 200 digits)`, ErrRange},
		{"0." + strings.Repeat("1", 201), `"0.11111111111111111111111111111111111111…" (203 bytes) has too many digits (more than 200)`, ErrRange},
		{strings.Repeat("1", 150) + "." + strings.Repeat("1", 51), `"1111111111111111111111111111111111111111…" (202 bytes) has too many digits (more than 200)`, ErrRange},
	}
	for _, tt := range tests {
		d, err := ParseDecimal(tt.in)
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("ParseDecimal(%.50q) = %q, want %q", tt.in, got, tt.want)
		}
		if tt.err != nil && !errors.Is(err, tt.err) {
			t.Errorf("ParseDecimal(%.50q): error %v is not %v", tt.in, err, tt.err)
		}
		var ne *NumberError
		if err != nil && (!errors.As(err, &ne) || ne.Text != tt.in) {
			t.Errorf("ParseDecimal(%.50q): error %#v is not a NumberError with the text", tt.in, err)
		}
	}
}

func TestParseDecimalKeepsScale(t *testing.T) {
	for _, s := range []string{"10.50", "0.000", "-3.10", "1234567890123456789.10"} {
		d, err := ParseDecimal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.StringFixed(-d.Exponent()); got != strings.TrimPrefix(s, "+") {
			t.Errorf("ParseDecimal(%s) = %s: scale not kept", s, got)
		}
	}
}

// TestParseDecimalHostile is the regression test of issue 14: a huge
// number is refused fast, without building it.
func TestParseDecimalHostile(t *testing.T) {
	inputs := []string{strings.Repeat("9", 10<<20), "1e" + strings.Repeat("9", 10<<20), "0." + strings.Repeat("0", 10<<20) + "1", strings.Repeat("0", 10<<20) + "e99"}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	before := ms.TotalAlloc
	for _, s := range inputs {
		if _, err := ParseDecimal(s); err == nil || len(err.Error()) > 100 {
			t.Errorf("ParseDecimal(%.20q…): %.200v", s, err)
		}
	}
	// refused without building the number: the four refusals allocate
	// at most about a copy of the 40 MB they read, where the numbers would
	// take gigabytes (memory is checked here, not time, which the
	// benchmarks measure)
	runtime.ReadMemStats(&ms)
	if got := ms.TotalAlloc - before; got > 2*40<<20 {
		t.Errorf("refusing four 10 MB numbers allocated %d bytes", got)
	}
}

func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abc", `"abc"`},
		{strings.Repeat("x", 40), `"` + strings.Repeat("x", 40) + `"`},
		{strings.Repeat("x", 41), `"` + strings.Repeat("x", 40) + `…" (41 bytes)`},
		{strings.Repeat("é", 30), `"` + strings.Repeat("é", 20) + `…" (60 bytes)`}, // cut between runes
		{"a\nb", `"a\nb"`},
	}
	for _, tt := range tests {
		if got := Quote(tt.in); got != tt.want {
			t.Errorf("Quote(%.20q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestCheckCurrency(t *testing.T) {
	tests := []struct{ code, want string }{
		{"USD", ""},
		{"EUR", ""},
		{"JPY", ""},
		{"CLF", ""},
		{"XCG", ""},
		{"ANG", ""}, // withdrawn in 2025, still read
		{"usd", `invalid currency "usd": want a three-letter ISO 4217 code such as USD (did you mean USD?)`},
		{"US", `invalid currency "US": want a three-letter ISO 4217 code such as USD`},
		{"USDX", `invalid currency "USDX": want a three-letter ISO 4217 code such as USD`},
		{"U$D", `invalid currency "U$D": want a three-letter ISO 4217 code such as USD`},
		{"", `invalid currency "": want a three-letter ISO 4217 code such as USD`},
		{strings.Repeat("U", 100), `invalid currency "UUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUU…" (100 bytes): want a three-letter ISO 4217 code such as USD`},
		{"XYZ", `unknown currency "XYZ": not an ISO 4217 code`},
		{"EUE", `unknown currency "EUE": not an ISO 4217 code (did you mean EUR?)`},
		{"GPB", `unknown currency "GPB": not an ISO 4217 code (did you mean GBP?)`},
		{"XAU", `currency "XAU" is gold, not a currency amounts are paid in`},
		{"XXX", `currency "XXX" is the code for no currency, not a currency amounts are paid in`},
	}
	for _, tt := range tests {
		err := CheckCurrency(tt.code)
		got := ""
		if err != nil {
			got = err.Error()
			if !errors.Is(err, ErrCurrency) {
				t.Errorf("CheckCurrency(%q) = %v, not ErrCurrency", tt.code, err)
			}
		}
		if got != tt.want {
			t.Errorf("CheckCurrency(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

func TestMinorUnits(t *testing.T) {
	want := map[string]int32{
		"USD": 2, "EUR": 2, "JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "XAF": 0,
		"KWD": 3, "BHD": 3, "OMR": 3, "JOD": 3, "TND": 3, "LYD": 3, "IQD": 3,
		"CLF": 4, "UYW": 4, "UYI": 0, "XYZ": 2,
	}
	for code, n := range want {
		if got := MinorUnits(code); got != n {
			t.Errorf("MinorUnits(%s) = %d, want %d", code, got, n)
		}
	}
	for code := range currencies {
		if err := CheckCurrency(code); err != nil {
			t.Error(err)
		}
		if _, both := noMinorUnit[code]; both {
			t.Errorf("%s is both a currency and a code without minor unit", code)
		}
	}
	if n := len(currencies); n < 160 {
		t.Errorf("only %d currencies", n)
	}
}

// FuzzParseDecimal checks that ParseDecimal never panics or hangs, that
// what it reads has at most MaxDigits digits and agrees with shopspring's
// own parser (the value and its exponent, on the fast path of up to 18
// digits, fixed.ParsePlain, and beyond it), and that its errors stay
// short.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1234.56", "-0.125", "1e999", "0e0000002000000000", "1.5e3", ".5", "5.", "+-1", "-0", "+.5", "-.", "0.000000000000000001", "0.0000000000000000001", "999999999999999999", "9999999999999999999", "-99999999999.9999999", "000000000000000000000012.5", strings.Repeat("9", 201)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		if err != nil {
			if len(err.Error()) > 400 { // 40 bytes quoted, \x95 for each
				t.Fatalf("an error of %d bytes", len(err.Error()))
			}
			return
		}
		if d.NumDigits() > MaxDigits || d.Exponent() < -MaxDigits || d.Exponent() > 0 {
			t.Fatalf("ParseDecimal(%q) = %s: out of bounds", s, d)
		}
		want, err := decimal.NewFromString(s)
		if err != nil || !want.Equal(d) || want.Exponent() != d.Exponent() {
			t.Fatalf("ParseDecimal(%q) = %s (exp %d), shopspring reads %s (exp %d, %v)", s, d, d.Exponent(), want, want.Exponent(), err)
		}
		back, err := ParseDecimal(d.StringFixed(-d.Exponent()))
		if err != nil || !back.Equal(d) {
			t.Fatalf("ParseDecimal(%q) = %s, which reads back as %s (%v)", s, d, back, err)
		}
	})
}
