package money

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/salesplan/salesplan/internal/fixed"
	"github.com/shopspring/decimal"
)

// MaxDigits is the most digits a number read by [ParseDecimal] may have,
// before and after the point together (leading zeros of the whole part not
// counted). It is the limit of the rules package, so every number read is
// one that rules can compute with: at most 200 digits and 200 decimal
// places.
const MaxDigits = 200

// The errors of [ParseDecimal], which a [NumberError] wraps: match them
// with errors.Is.
var (
	// ErrSyntax: the text is not a plain decimal number (letters,
	// thousands separators, spaces, two points, nothing at all).
	ErrSyntax = errors.New("not a decimal number")
	// ErrExponent: the text is a number written with an exponent (1.5e3),
	// which input files must write out (1500).
	ErrExponent = errors.New("number written with an exponent")
	// ErrRange: the number has more than [MaxDigits] digits, or would
	// have once its exponent is applied (1e999).
	ErrRange = errors.New("number out of range")
)

// NumberError is the error of [ParseDecimal]: the text it refused and
// why. Its message quotes the text, cut to about 40 characters (with its
// length) when longer, so that a hostile value is never echoed whole.
type NumberError struct {
	// Text is the text as given to ParseDecimal.
	Text string
	// Err is [ErrSyntax], [ErrExponent] or [ErrRange].
	Err error
	// reason completes the message after the quoted text.
	reason string
}

// Error returns the quoted text and what is wrong with it:
//
//	"1,000" is not a decimal number (write 1234.56, without thousands separators)
//	"1.5e3" is written with an exponent (write 1500)
//	"1e100000" is too large (more than 200 digits)
func (e *NumberError) Error() string { return Quote(e.Text) + " " + e.reason }

// Unwrap returns e.Err.
func (e *NumberError) Unwrap() error { return e.Err }

// maxQuoted is how many bytes of a text an error message quotes.
const maxQuoted = 40

// Quote returns s quoted as %q does, cut to about 40 characters with "…"
// and the length of s when s is longer: the form in which input values
// appear in error messages, so that a megabyte-long value (an amount, an
// id) never fills a log.
//
//	"1234567890123456789012345678901234567890…" (400 bytes)
func Quote(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]+"…") + " (" + strconv.Itoa(len(s)) + " bytes)"
}

// ParseDecimal reads an amount, a rate, a share or a decimal attribute
// exactly from its text, as every reader of an input file does (deals,
// ledgers, events, terms). It accepts plain decimal notation only:
//
//	[+|-] digits [. digits]    1234.56  -100  +0.125  .5  5.
//
// with at most [MaxDigits] digits in all (leading zeros of the whole part
// not counted). It refuses, with a [*NumberError]:
//
//   - anything else ([ErrSyntax]): "1,000", "12 500", "$12", "1.2.3",
//     "", "NaN", a Unicode minus sign, surrounding spaces (callers trim
//     the fields they read);
//   - a number with an exponent ([ErrExponent]): "1.5e3", even when
//     its value is small, so that a file means the same in every tool;
//   - more than MaxDigits digits, or an exponent that would give them
//     ([ErrRange]): "1e999", a 400-digit amount. Such a text is refused
//     without building the number, in time linear in its length.
//
// The result keeps the text's scale: "10.50" has two places.
//
// ParseDecimal never reads or sets shopspring/decimal's package globals
// and is safe for concurrent use.
func ParseDecimal(s string) (decimal.Decimal, error) {
	if n, ok := fixed.ParsePlain(s); ok {
		return n.Decimal(), nil
	}
	i := 0
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	for i < len(s) && s[i] == '0' {
		i++ // leading zeros: not counted
	}
	sig := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	whole := i - sig // significant digits of the whole part
	point := -1
	if i < len(s) && s[i] == '.' {
		point = i
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	places := 0
	if point >= 0 {
		places = i - point - 1
	}
	if i == start || i == start+1 && point == start { // no digits at all
		return decimal.Decimal{}, syntaxError(s)
	}
	if i < len(s) {
		if s[i] == 'e' || s[i] == 'E' {
			return decimal.Decimal{}, exponentError(s, s[:i], i+1, whole, places)
		}
		return decimal.Decimal{}, syntaxError(s)
	}
	if whole > MaxDigits {
		return decimal.Decimal{}, numberError(s, ErrRange, "is too large (more than "+strconv.Itoa(MaxDigits)+" digits)")
	}
	if whole+places > MaxDigits {
		return decimal.Decimal{}, numberError(s, ErrRange, "has too many digits (more than "+strconv.Itoa(MaxDigits)+")")
	}
	// at most 18 digits were read by fixed.ParsePlain
	digits := make([]byte, 0, 1+whole+places)
	if neg {
		digits = append(digits, '-')
	}
	digits = append(digits, s[sig:i-places-boolInt(point >= 0)]...)
	digits = append(digits, s[i-places:i]...)
	return decimal.NewFromString(string(digits) + "e-" + strconv.Itoa(places))
}

// exponentError reports a mantissa (whole significant digits, places
// decimal places) followed by an exponent from s[at:]: too large or too
// precise when the exponent takes it out of range, else the plain form
// the file should have.
func exponentError(s, mantissa string, at, whole, places int) error {
	neg := at < len(s) && s[at] == '-'
	if at < len(s) && (s[at] == '+' || s[at] == '-') {
		at++
	}
	if at == len(s) {
		return syntaxError(s)
	}
	exp := 0
	for j := at; j < len(s); j++ {
		if !isDigit(s[j]) {
			return syntaxError(s)
		}
		if exp < 1e9 { // saturate: far beyond any limit already
			exp = exp*10 + int(s[j]-'0')
		}
	}
	if neg {
		exp = -exp
	}
	zero := strings.Trim(mantissa, "+-0.") == ""
	if !zero && whole+exp > MaxDigits {
		return numberError(s, ErrRange, "is too large (more than "+strconv.Itoa(MaxDigits)+" digits)")
	}
	plainPlaces, wholeDigits := max(places-exp, 0), max(whole+exp, 0)
	if zero {
		wholeDigits = 0
	}
	if wholeDigits+plainPlaces > MaxDigits {
		return numberError(s, ErrRange, "has too many digits (more than "+strconv.Itoa(MaxDigits)+")")
	}
	plain := "0"
	if plainPlaces > 0 {
		plain += "." + strings.Repeat("0", plainPlaces)
	}
	if !zero {
		// In range, the mantissa has at most MaxDigits digits, and exp
		// is within ±2×MaxDigits: the plain form is short to build.
		d, err := ParseDecimal(mantissa)
		if err != nil {
			return syntaxError(s)
		}
		plain = d.Shift(int32(exp)).StringFixed(int32(plainPlaces))
	}
	if len(plain) > maxQuoted {
		plain = plain[:maxQuoted] + "…"
	}
	return numberError(s, ErrExponent, "is written with an exponent (write "+plain+")")
}

func syntaxError(s string) error {
	return numberError(s, ErrSyntax, "is not a decimal number (write 1234.56, without thousands separators)")
}

// numberError returns the error of s. It keeps a copy of s, so that s
// does not escape ParseDecimal: a caller's string(b) of a short number
// then needs no allocation.
func numberError(s string, err error, reason string) *NumberError {
	return &NumberError{Text: strings.Clone(s), Err: err, reason: reason}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
