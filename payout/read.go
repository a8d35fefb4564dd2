package payout

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// EventColumns are the fields of an events file: the columns of a CSV
// file and the keys of a JSON object. deal, kind and date are required;
// the others may be left out (an amount for a payment or a partial
// refund; an id to tell two equal payments apart; the deal's facts, see
// [Event]).
var EventColumns = []string{"id", "deal", "kind", "date", "amount", "currency", "deal_amount", "deal_date", "term"}

var requiredEventColumns = []string{"deal", "kind", "date"}

// ReadEventsCSV reads deal events from a CSV file with a header row of
// [EventColumns], in any order:
//
//	deal,kind,date,amount
//	D1,invoiced,2026-01-20,
//	D1,paid,2026-02-05,500.00
//	D2,refunded,2026-02-10,300
//	D3,hold,2026-02-12,
//
// Amounts are plain decimals (money.ParseDecimal: no exponent, no
// thousands separators); dates are YYYY-MM-DD; a byte-order mark is
// allowed. name names the file in errors. Every problem of the file is
// reported at once, as a [diag.List] with file:line:col; no event is
// returned then.
func ReadEventsCSV(name string, r io.Reader) ([]Event, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if p := invalidUTF8(name, data); p != nil {
		return nil, diag.List{p}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(data))
	var list diag.List
	at := func(line, col int) diag.Pos { return diag.Pos{File: name, Line: line, Col: col} }
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, diag.List{{Pos: at(1, 0), Code: diag.InvalidInput, Message: "the file is empty: want a header row " + strings.Join(requiredEventColumns, ",") + ",amount"}}
	}
	if err != nil && !errors.Is(err, csv.ErrFieldCount) {
		return nil, diag.List{csvProblem(name, err)}
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		_, c := cr.FieldPos(i)
		switch {
		case !slices.Contains(EventColumns, h):
			p := list.Add("", diag.InvalidInput, "unknown column %s", money.Quote(h))
			p.Pos, p.Hint = at(1, c), diag.DidYouMean(h, EventColumns)
		case hasKey(col, h):
			p := list.Add("", diag.InvalidInput, "column %s is given twice", h)
			p.Pos = at(1, c)
		default:
			col[h] = i
		}
	}
	for _, req := range requiredEventColumns {
		if !hasKey(col, req) {
			p := list.Add("", diag.InvalidInput, "missing column %s", req)
			p.Pos = at(1, 1)
		}
	}
	if len(list) > 0 {
		return nil, list.Err()
	}
	cr.FieldsPerRecord = -1
	var events []Event
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			list = append(list, csvProblem(name, err))
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			p := list.Add("", diag.InvalidInput, "%d fields, the header has %d", len(rec), len(header))
			p.Pos = at(line, 1)
			continue
		}
		fields := map[string]field{}
		for name, i := range col {
			l, c := cr.FieldPos(i)
			fields[name] = field{text: strings.TrimSpace(rec[i]), pos: at(l, c), given: true}
		}
		if ev, ok := parseEvent(fields, at(line, 1), &list); ok {
			events = append(events, ev)
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	return events, nil
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}

func csvProblem(name string, err error) *diag.Problem {
	p := &diag.Problem{Pos: diag.Pos{File: name}, Code: diag.InvalidInput, Message: "not a valid CSV file: " + err.Error()}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		p.Pos.Line, p.Pos.Col = pe.Line, pe.Column
		p.Message = "not a valid CSV file: " + pe.Err.Error()
	}
	return p
}

// invalidUTF8 returns a problem at the first byte of data that is not
// UTF-8, or nil.
func invalidUTF8(name string, data []byte) *diag.Problem {
	if utf8.Valid(data) {
		return nil
	}
	off := 0
	for off < len(data) {
		r, n := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		off += n
	}
	l, c := lineCol(data, off)
	return &diag.Problem{Pos: diag.Pos{File: name, Line: l, Col: c}, Code: diag.InvalidInput, Message: "the file is not UTF-8 text"}
}

// lineCol returns the 1-based line and column (in characters) of the
// byte offset off in data.
func lineCol(data []byte, off int) (int, int) {
	off = min(off, len(data))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(data[start:off])
}

// field is one field of an event as read, with its position.
type field struct {
	text  string
	pos   diag.Pos
	given bool
	// kind is the JSON type of the value: "string", "number"; empty for
	// CSV.
	kind string
}

// parseEvent makes an event from its fields, adding the problems of each
// to list.
func parseEvent(fields map[string]field, at diag.Pos, list *diag.List) (Event, bool) {
	ok := true
	failed := map[string]bool{}
	bad := func(name string, hint string, format string, args ...any) {
		p := list.Add("", diag.InvalidInput, "%s: %s", name, fmt.Sprintf(format, args...))
		p.Pos, p.Hint = fields[name].pos, hint
		if !p.Pos.IsValid() {
			p.Pos = at
		}
		ok = false
		failed[name] = true
	}
	text := func(name string) string {
		f := fields[name]
		if f.kind == "number" {
			bad(name, "", "want a string, not the number %s", f.text)
			return ""
		}
		return f.text
	}
	num := func(name string) decimal.Decimal {
		f := fields[name]
		if f.text == "" {
			return decimal.Zero
		}
		d, err := money.ParseDecimal(f.text)
		if err != nil {
			bad(name, "", "%v", err)
		}
		return d
	}
	date := func(name string) calendar.Date {
		s := text(name)
		if s == "" {
			return calendar.Date{}
		}
		d, err := calendar.ParseDate(s)
		if err != nil {
			bad(name, "", "%v", err)
			return calendar.Date{}
		}
		return d
	}
	ev := Event{Pos: at}
	ev.ID = text("id")
	ev.Deal = text("deal")
	ev.Kind = EventKind(text("kind"))
	ev.Currency = text("currency")
	ev.Date = date("date")
	ev.DealDate = date("deal_date")
	ev.Amount = num("amount")
	ev.DealAmount = num("deal_amount")
	ev.Term = num("term")
	for _, fp := range checkEvent(&ev) {
		switch {
		case failed[fp.field]:
			// reported already
		case fp.field == "date" && fields["date"].text == "":
			bad("date", "", "missing date")
		default:
			bad(fp.field, fp.hint, "%s", fp.msg)
		}
	}
	return ev, ok
}

// ReadEventsJSON reads deal events from a JSON array of objects whose
// keys are [EventColumns]:
//
//	[{"deal": "D1", "kind": "paid", "date": "2026-02-05", "amount": "500.00"},
//	 {"deal": "D2", "kind": "cancelled", "date": "2026-02-10"}]
//
// Amounts are JSON numbers or strings, read exactly (never through
// float64) with money.ParseDecimal; the other values are strings. The
// reading is strict: an unknown key (with a hint), a key given twice, a
// null, a value of the wrong type, anything after the array and text
// that is not UTF-8 are errors. Every problem is reported at once, as a
// [diag.List] with file:line:col; no event is returned then.
func ReadEventsJSON(name string, r io.Reader) ([]Event, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if p := invalidUTF8(name, data); p != nil {
		return nil, diag.List{p}
	}
	bom := 0
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		bom = 3
	}
	jr := &jsonReader{name: name, data: data, dec: json.NewDecoder(bytes.NewReader(data[bom:])), base: bom}
	jr.dec.UseNumber()
	events, list := jr.read()
	if err := list.Err(); err != nil {
		return nil, err
	}
	return events, nil
}

type jsonReader struct {
	name string
	data []byte
	dec  *json.Decoder
	base int // bytes skipped before the decoder's input (a BOM)
	last int // offset in data after the last token
	list diag.List
}

// pos returns the position of the next token: after the last one, past
// white space, commas and colons.
func (jr *jsonReader) pos() diag.Pos {
	off := jr.last
	for off < len(jr.data) && strings.IndexByte(" \t\r\n,:", jr.data[off]) >= 0 {
		off++
	}
	l, c := lineCol(jr.data, off)
	return diag.Pos{File: jr.name, Line: l, Col: c}
}

// token reads the next token, returning it with its position; a syntax
// error is added to the list and ends the reading (ok false).
func (jr *jsonReader) token() (json.Token, diag.Pos, bool) {
	at := jr.pos()
	t, err := jr.dec.Token()
	jr.last = jr.base + int(jr.dec.InputOffset())
	if err != nil {
		p := &diag.Problem{Pos: at, Code: diag.Syntax, Message: "not a JSON array of event objects: " + err.Error()}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			p.Pos.Line, p.Pos.Col = lineCol(jr.data, jr.base+int(se.Offset))
			p.Message = "not valid JSON: " + se.Error()
		} else if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			p.Pos.Line, p.Pos.Col = lineCol(jr.data, len(jr.data))
			p.Message = "not valid JSON: unexpected end of the file"
		}
		jr.list = append(jr.list, p)
		return nil, at, false
	}
	return t, at, true
}

func (jr *jsonReader) problem(at diag.Pos, code diag.Code, format string, args ...any) *diag.Problem {
	p := jr.list.Add("", code, format, args...)
	p.Pos = at
	return p
}

// skip reads the rest of a value that began with the delimiter d.
func (jr *jsonReader) skip(d json.Delim) bool {
	if d != '{' && d != '[' {
		return true
	}
	depth := 1
	for depth > 0 {
		t, _, ok := jr.token()
		if !ok {
			return false
		}
		if d, isDelim := t.(json.Delim); isDelim {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
	return true
}

func jsonType(t json.Token) string {
	switch t := t.(type) {
	case json.Delim:
		if t == '{' {
			return "an object"
		}
		return "an array"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	case json.Number:
		return "a number"
	}
	return "a string"
}

func (jr *jsonReader) read() ([]Event, diag.List) {
	t, at, ok := jr.token()
	if !ok {
		return nil, jr.list
	}
	if t != json.Delim('[') {
		jr.problem(at, diag.WrongType, "want a JSON array of event objects, not %s", jsonType(t))
		return nil, jr.list
	}
	var events []Event
	for i := 0; ; i++ {
		t, at, ok := jr.token()
		if !ok {
			return nil, jr.list
		}
		if t == json.Delim(']') {
			break
		}
		if t != json.Delim('{') {
			jr.problem(at, diag.WrongType, "[%d]: want an event object, not %s", i, jsonType(t))
			if d, isDelim := t.(json.Delim); isDelim && !jr.skip(d) {
				return nil, jr.list
			}
			continue
		}
		fields := map[string]field{}
		keys := map[string]bool{}
		before := len(jr.list)
		for {
			kt, kat, ok := jr.token()
			if !ok {
				return nil, jr.list
			}
			if kt == json.Delim('}') {
				break
			}
			key, _ := kt.(string)
			vt, vat, ok := jr.token()
			if !ok {
				return nil, jr.list
			}
			if d, isDelim := vt.(json.Delim); isDelim && !jr.skip(d) {
				return nil, jr.list
			}
			given := hasKey(keys, key)
			keys[key] = true
			switch {
			case !slices.Contains(EventColumns, key):
				p := jr.problem(kat, diag.UnknownKey, "[%d]: unknown key %s", i, money.Quote(key))
				p.Hint = diag.DidYouMean(key, EventColumns)
				continue
			case given:
				jr.problem(kat, diag.DuplicateKey, "[%d]: key %s is given twice", i, key)
				continue
			}
			f := field{pos: vat, given: true}
			switch v := vt.(type) {
			case string:
				f.text, f.kind = v, "string"
			case json.Number:
				f.text, f.kind = v.String(), "number"
			default:
				jr.problem(vat, diag.WrongType, "[%d].%s: want %s, not %s", i, key, wantType(key), jsonType(vt))
				continue
			}
			if f.kind == "number" && wantType(key) != "a number or a string" {
				jr.problem(vat, diag.WrongType, "[%d].%s: want a string, not %s", i, key, jsonType(vt))
				continue
			}
			fields[key] = f
		}
		for _, req := range requiredEventColumns {
			if !keys[req] {
				jr.problem(at, diag.Missing, "[%d]: missing key %s", i, req)
			}
		}
		if len(jr.list) > before {
			continue
		}
		if ev, ok := parseEvent(fields, at, &jr.list); ok {
			events = append(events, ev)
		}
	}
	if _, err := jr.dec.Token(); !errors.Is(err, io.EOF) {
		jr.last = jr.base + int(jr.dec.InputOffset())
		at := jr.pos()
		// the decoder has read the token after the array; point at it
		jr.list = append(jr.list, &diag.Problem{Pos: trailingPos(jr, at), Code: diag.Syntax, Message: "data after the array of events"})
	}
	return events, jr.list
}

// trailingPos returns the position of the first byte after the array.
func trailingPos(jr *jsonReader, fallback diag.Pos) diag.Pos {
	// the array's closing bracket is the last ']' before InputOffset of
	// the token after it; scan from the end of the array instead
	depth, inString, esc := 0, false, false
	for off := jr.base; off < len(jr.data); off++ {
		c := jr.data[off]
		switch {
		case inString:
			if esc {
				esc = false
			} else if c == '\\' {
				esc = true
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				off++
				for off < len(jr.data) && strings.IndexByte(" \t\r\n", jr.data[off]) >= 0 {
					off++
				}
				l, col := lineCol(jr.data, off)
				return diag.Pos{File: jr.name, Line: l, Col: col}
			}
		}
	}
	return fallback
}

func wantType(key string) string {
	switch key {
	case "amount", "deal_amount", "term":
		return "a number or a string"
	}
	return "a string"
}
