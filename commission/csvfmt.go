package commission

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// The writers of machine-readable output ([Result.WriteCSV], and fixed for
// JSON) format rows into a reused buffer: no string per field, no big.Int
// text for an amount whose coefficient fits an int64 (nearly every one).

var pow10 = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// appendFixed appends d as fixed writes it, with at least places
// decimals: its digits, the fraction's trailing zeros dropped, then
// zero-padded to places.
func appendFixed(b []byte, d decimal.Decimal, places int) []byte {
	exp := d.Exponent()
	if exp > 0 || exp < -18 || d.NumDigits() > 18 {
		return append(b, fixedSlow(d, places)...)
	}
	c := d.CoefficientInt64()
	u := uint64(c)
	if c < 0 {
		u = -u
		b = append(b, '-')
	}
	p := int(-exp)
	whole, frac := u/pow10[p], u%pow10[p]
	for p > 0 && frac%10 == 0 {
		frac /= 10
		p--
	}
	b = strconv.AppendUint(b, whole, 10)
	if max(p, places) == 0 {
		return b
	}
	b = append(b, '.')
	if p > 0 {
		var tmp [20]byte
		f := strconv.AppendUint(tmp[:0], frac, 10)
		for range p - len(f) {
			b = append(b, '0')
		}
		b = append(b, f...)
	}
	for range places - p {
		b = append(b, '0')
	}
	return b
}

// appendCSVField appends s as encoding/csv's Writer writes a field (comma
// ',', lines ending in \n): quoted, its quotes doubled, when it holds a
// comma, a quote, \r or \n, starts with a space (unicode.IsSpace), or is
// \. (which a PostgreSQL COPY would read as the end of the data).
func appendCSVField(b []byte, s string) []byte {
	if !csvNeedsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// csvNeedsQuotes is encoding/csv's fieldNeedsQuotes for the comma ','.
//
// A field that starts with a byte that is neither a space nor the first
// of a multi-byte rune, and holds none of the four bytes, needs none: the
// ids, codes and kinds of a statement line; each byte is one look-up.
func csvNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` {
		return true
	}
	for i := 0; i < len(s); i++ {
		if csvSpecial[s[i]] {
			return true
		}
	}
	r := rune(s[0])
	if r >= utf8.RuneSelf {
		r, _ = utf8.DecodeRuneInString(s)
	} else if !csvSpace[r] {
		return false
	}
	return unicode.IsSpace(r)
}

// csvSpecial marks the bytes that make a field quoted wherever they are;
// csvSpace the ASCII bytes unicode.IsSpace holds.
var csvSpecial, csvSpace = func() (sp, ws [256]bool) {
	for _, b := range []byte{',', '"', '\r', '\n'} {
		sp[b] = true
	}
	for b := range utf8.RuneSelf {
		ws[b] = unicode.IsSpace(rune(b))
	}
	return sp, ws
}()
