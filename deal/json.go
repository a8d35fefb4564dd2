package deal

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// Limits of the JSON reader, so that a hostile file fails fast.
const (
	maxJSONString = 1 << 20 // bytes of one string
	maxJSONNumber = 1 << 10 // bytes of a number kept to read it; longer ones are too large anyway
	maxJSONDepth  = 64      // nesting of arrays and objects
)

// ReadJSON reads deals from a JSON array of objects whose keys are the
// same as the columns of [ReadCSV]: the standard fields and the custom
// attributes by name, or inside an "attrs" object as [json.Marshal] writes
// a [Deal]. Ids, names, the currency and dates are strings; amounts,
// shares and decimal attributes are numbers or strings, read exactly by
// [money.ParseDecimal], never through float64; splits are a list of
// {"member": …, "share": …} objects (or the CSV form "ana:0.6;ben:0.4");
// null is the same as a key left out.
//
// The file is read strictly: a key given twice, an unknown key, a value of
// the wrong kind (a number where an id is wanted), data after the array,
// and anything that is not JSON are errors. Every problem is reported (up
// to [MaxProblems]) as a [diag.List], each with the file, the line and
// column, the deal's index in the array and the field ([3].amount); no
// deal is returned then. An error reading r is returned as it is, after
// the file name.
//
// [json.Marshal]: https://pkg.go.dev/encoding/json#Marshal
func ReadJSON(file string, r io.Reader, schema *Schema) ([]Deal, error) {
	var s *jsonScan
	est := estimator(r, func() int64 { return s.off })
	s = newJSONScan(file, r, schema)
	return collect(file, s.run, est)
}

// ScanJSON is [ReadJSON] as an iterator, as [ScanCSV] is for CSV: it
// yields each deal of the array in turn, or for a bad one the zero Deal and
// a [diag.List] of its problems, then goes on with the next; a problem
// that stops the reading (the file is not JSON, is cut short, or has data
// after the array) is yielded last.
func ScanJSON(file string, r io.Reader, schema *Schema) iter.Seq2[Deal, error] {
	return func(yield func(Deal, error) bool) {
		s := newJSONScan(file, r, schema)
		s.run(yield)
	}
}

// jsonScan reads one JSON file of deals.
type jsonScan struct {
	file      string
	r         *bufio.Reader
	line, col int   // position of the next byte
	off       int64 // offset of the next byte
	schema    *Schema
	slots     map[string]int // key → slot: the standard fields, then the attributes
	src       *sourceAlloc
	av        *attrAlloc // the attributes' values, at their slots in the schema
	buf       []byte
	interns   map[string]string // interned names: owners, currencies, products…
	key       []byte            // the last key read
	interned  []map[string]any  // boxed values of String attributes, by attribute
	fatal     error             // a syntax problem or an error reading
	numLen    int               // length of the last number read
	cur       string
	obj       dealObject // the deal being read
	names     []string   // the field of each slot, as problems name it
	nested    []string   // attrs.<name> of each attribute
}

func newJSONScan(file string, r io.Reader, schema *Schema) *jsonScan {
	s := &jsonScan{file: file, r: bufio.NewReaderSize(r, 64<<10), line: 1, col: 1, schema: schema, interns: map[string]string{}}
	fields := slices.Clone(Columns)
	for _, a := range schema.list() {
		fields = append(fields, a.Name)
	}
	s.slots = make(map[string]int, len(fields))
	for i, f := range fields {
		s.slots[f] = i
	}
	s.names = fields
	for _, a := range schema.list() {
		s.nested = append(s.nested, "attrs."+a.Name)
	}
	s.src = newSourceAlloc(file, fields, false)
	s.av = newAttrAlloc(schema, fields[nStd:], false)
	s.interned = make([]map[string]any, schema.Len())
	for i, a := range schema.list() {
		if a.Type == String {
			s.interned[i] = map[string]any{}
		}
	}
	return s
}

func (s *jsonScan) pos() diag.Pos { return diag.Pos{File: s.file, Line: s.line, Col: s.col} }

// peek returns the next byte without reading it; ok is false at the end
// of the input or after an error.
func (s *jsonScan) peek() (byte, bool) {
	if s.fatal != nil {
		return 0, false
	}
	b, err := s.r.Peek(1)
	if err != nil {
		if !errors.Is(err, io.EOF) {
			s.fatal = fmt.Errorf("%s: %w", s.file, err)
		}
		return 0, false
	}
	return b[0], true
}

// next reads a byte.
func (s *jsonScan) next() (byte, bool) {
	c, ok := s.peek()
	if !ok {
		return 0, false
	}
	s.r.ReadByte() // the byte peeked
	s.off++
	if c == '\n' {
		s.line++
		s.col = 1
	} else {
		s.col++
	}
	return c, true
}

func (s *jsonScan) space() {
	for {
		c, ok := s.peek()
		if !ok || c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return
		}
		s.next()
	}
}

// syntax records a problem that stops the reading, at p.
func (s *jsonScan) syntax(p diag.Pos, format string, args ...any) {
	if s.fatal == nil {
		s.fatal = diag.List{{Pos: p, Code: diag.Syntax, Message: "not valid JSON: " + fmt.Sprintf(format, args...)}}
	}
}

// unexpected records the problem of the next byte (or the end of the
// input), where want was expected.
func (s *jsonScan) unexpected(want string) {
	p := s.pos()
	c, ok := s.peek()
	switch {
	case s.fatal != nil:
	case !ok:
		s.syntax(p, "the file ends early: want %s (the file is cut short?)", want)
	default:
		s.syntax(p, "want %s, got %s", want, charName(c))
	}
}

func charName(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

func (s *jsonScan) run(yield func(Deal, error) bool) {
	if b, err := s.r.Peek(3); err == nil && string(b) == "\ufeff" {
		s.r.Discard(3) // a byte-order mark
		s.off = 3
	}
	s.space()
	start := s.pos()
	c, ok := s.peek()
	switch {
	case s.fatal != nil:
	case !ok:
		s.fatal = diag.List{{Pos: start, Code: diag.InvalidInput, Message: "the file is empty: want a JSON array of deal objects"}}
	case c != '[':
		kind := s.skip(0)
		if s.fatal == nil {
			p := &diag.Problem{Pos: start, Code: diag.InvalidInput, Message: "want a JSON array of deal objects, got " + kind}
			if kind == "an object" {
				p.Hint = "put the deals in a list: [{…}, {…}]"
			}
			s.fatal = diag.List{p}
		}
	default:
		s.next()
		s.elements(yield)
	}
	if s.fatal != nil {
		yield(Deal{}, s.fatal)
	}
}

// elements reads the deals of the array after its '[', then checks that
// nothing follows the array.
func (s *jsonScan) elements(yield func(Deal, error) bool) {
	s.space()
	if c, ok := s.peek(); ok && c == ']' {
		s.next()
	} else {
		for i := 0; ; i++ {
			s.space()
			d, list := s.element(i)
			if s.fatal != nil {
				return
			}
			var err error
			if list != nil {
				err = list.Err()
			}
			if !yield(d, err) {
				return
			}
			s.space()
			c, ok := s.peek()
			if ok && c == ',' {
				s.next()
				continue
			}
			if ok && c == ']' {
				s.next()
				break
			}
			s.unexpected(", or ] after a deal")
			return
		}
	}
	s.space()
	if c, ok := s.peek(); ok {
		what := "more data"
		if c == '[' {
			what = "a second array"
		}
		s.fatal = diag.List{{Pos: s.pos(), Code: diag.Syntax, Message: "not valid JSON: " + what + " after the array of deals (a file holds one array)"}}
	}
}

// element reads the i-th value of the array: a deal object.
func (s *jsonScan) element(i int) (Deal, diag.List) {
	start := s.pos()
	c, ok := s.peek()
	if !ok {
		s.unexpected("a deal object")
		return Deal{}, nil
	}
	if c == ']' || c == ',' {
		s.unexpected("a deal object")
		return Deal{}, nil
	}
	if c != '{' {
		kind := s.skip(1)
		return Deal{}, diag.List{{Pos: start, Path: "[" + strconv.Itoa(i) + "]", Code: diag.InvalidInput, Message: "want a deal object, got " + kind}}
	}
	o := &s.obj // its slices reused from deal to deal
	n := len(s.slots)
	if o.keyAt == nil {
		o.keyAt, o.valAt, o.state, o.attrs = make([]diag.Pos, n), make([]diag.Pos, n), make([]byte, n), make([]any, s.schema.Len())
	}
	clear(o.keyAt)
	clear(o.valAt)
	clear(o.state)
	clear(o.attrs)
	*o = dealObject{s: s, index: i, start: start, keyAt: o.keyAt, valAt: o.valAt, state: o.state, attrs: o.attrs}
	o.read()
	return o.finish()
}

// dealObject is a deal being read from its JSON object.
type dealObject struct {
	s       *jsonScan
	index   int // in the array
	start   diag.Pos
	d       Deal
	list    diag.List
	keyAt   []diag.Pos // where each slot's key stands, to find one given twice
	valAt   []diag.Pos // where each slot's value stands; zero when absent or null
	state   []byte     // each slot's value: absent (or null), given, or given and bad
	attrs   []any      // values of the attributes, by slot - nStd
	attrsAt diag.Pos   // where the "attrs" key stands
}

// path returns the deal's path in problems: [3].
func (o *dealObject) path() string { return "[" + strconv.Itoa(o.index) + "]" }

// The states of a field of a deal object.
const (
	absent byte = iota
	given
	failed
)

func (o *dealObject) bad(p diag.Pos, field string, code diag.Code, format string, args ...any) *diag.Problem {
	if slot, ok := o.s.slots[topField(field)]; ok && o.state != nil {
		o.state[slot] = failed
	}
	pr := o.list.Add(o.path()+"."+field, code, format, args...)
	pr.Pos = p
	return pr
}

// read reads the object's keys and values, from its '{'.
func (o *dealObject) read() {
	s := o.s
	s.object(2, func(key []byte, kpos diag.Pos) {
		slot, ok := s.slots[string(key)]
		switch {
		case !ok && string(key) == "attrs":
			if o.attrsAt != (diag.Pos{}) {
				o.bad(kpos, "attrs", diag.DuplicateKey, "field attrs is given twice (also at %d:%d)", o.attrsAt.Line, o.attrsAt.Col)
				s.skip(3)
				return
			}
			o.attrsAt = kpos
			o.attrsObject()
		case !ok:
			name := string(key)
			names := slices.Clone(Columns)
			for _, a := range s.schema.list() {
				names = append(names, a.Name)
			}
			p := o.bad(kpos, pathKey(name), diag.UnknownKey, "unknown field %s", money.Quote(name))
			p.Hint = diag.DidYouMean(name, names)
			s.skip(3)
		default:
			o.field(slot, s.names[slot], kpos)
		}
	})
}

// field reads the value of the key at slot, named name in problems,
// unless the key was given before.
func (o *dealObject) field(slot int, name string, kpos diag.Pos) {
	if prev := o.keyAt[slot]; prev != (diag.Pos{}) {
		o.bad(kpos, name, diag.DuplicateKey, "field %s is given twice (also at %d:%d)", name, prev.Line, prev.Col)
		o.s.skip(3)
		return
	}
	o.keyAt[slot] = kpos
	o.valAt[slot] = o.s.pos()
	o.state[slot] = given
	o.value(slot, name)
}

// attrsObject reads an "attrs" object of attributes by name.
func (o *dealObject) attrsObject() {
	s := o.s
	if c, ok := s.peek(); ok && c != '{' {
		p := s.pos()
		if kind := s.skip(3); kind != "null" {
			o.bad(p, "attrs", diag.WrongType, "want an object of attributes, got %s", kind)
		}
		return
	}
	s.object(3, func(key []byte, kpos diag.Pos) {
		slot, ok := s.slots[string(key)]
		if !ok || slot < nStd {
			name := string(key)
			p := o.bad(kpos, "attrs."+pathKey(name), diag.UnknownKey, "unknown attribute %s", money.Quote(name))
			var names []string
			for _, a := range s.schema.list() {
				names = append(names, a.Name)
			}
			p.Hint = diag.DidYouMean(name, names)
			if p.Hint == "" && len(names) == 0 {
				p.Hint = "custom attributes must be declared in the strategy"
			}
			s.skip(4)
			return
		}
		o.field(slot, s.nested[slot-nStd], kpos)
	})
}

// value reads the value of the field at slot.
func (o *dealObject) value(slot int, field string) {
	s := o.s
	p := s.pos()
	if slot == fSplits {
		if c, ok := s.peek(); ok && c == '[' {
			o.splits(field)
			return
		}
	}
	if slot >= nStd {
		a := s.schema.attrs[slot-nStd]
		if c, ok := s.peek(); ok && c == '[' && a.Type == StringList {
			o.attrs[slot-nStd] = o.stringList(field)
			return
		}
	}
	kind, text := s.scalar(3)
	if s.fatal != nil {
		return
	}
	if kind == jNull {
		o.valAt[slot], o.state[slot] = diag.Pos{}, absent // null is a key left out
		return
	}
	want := func(what string) {
		o.bad(p, field, diag.WrongType, "want %s, got %s", what, kindName(kind, text))
	}
	switch slot {
	case fID, fCurrency, fOwner, fChannel, fTerritory, fProduct, fStage, fType:
		if kind != jString {
			want("a string")
			return
		}
		v := s.name(slot, text)
		if why := checkName(v); why != "" {
			o.bad(p, field, diag.InvalidInput, "%s %s", money.Quote(v), why)
		}
		*o.d.name(slot) = v
	case fDate, fCloseDate:
		if kind != jString {
			want("a date string (YYYY-MM-DD)")
			return
		}
		v, err := dateBytes(bytes.TrimSpace(text))
		if err != nil {
			o.bad(p, field, diag.InvalidInput, "%v", err)
		}
		if slot == fDate {
			o.d.Date = v
		} else {
			o.d.CloseDate = v
		}
	case fAmount:
		if kind != jString && kind != jNumber {
			want("a number")
			return
		}
		v, err := o.decimal(kind, text)
		if err != nil {
			o.bad(p, field, diag.InvalidInput, "%v", err)
		}
		o.d.Amount = v
	case fSplits:
		if kind != jString {
			want("an array of splits")
			return
		}
		v, why := parseSplits(string(bytes.TrimSpace(text)), nil)
		if why != "" {
			o.bad(p, field, diag.InvalidInput, "%s", why)
		}
		o.d.Splits = v
	default:
		o.attr(slot-nStd, field, p, kind, text, want)
	}
}

// attr reads the value of attribute i.
func (o *dealObject) attr(i int, field string, p diag.Pos, kind byte, text []byte, want func(string)) {
	s := o.s
	a := s.schema.attrs[i]
	var v any
	var err error
	switch {
	case a.Type == String && kind == jString:
		if m := s.interned[i]; m != nil {
			if b, ok := m[string(text)]; ok {
				o.attrs[i] = b
				return
			}
			v, err = String.ParseValue(string(text))
			if err == nil && len(m) < maxInterned && len(text) <= maxInternedLen {
				m[v.(string)] = v
			}
			break
		}
		v, err = String.ParseValue(string(text))
	case a.Type == String:
		want("a string")
		return
	case a.Type == Decimal && (kind == jNumber || kind == jString):
		v, err = o.decimal(kind, text)
	case a.Type == Decimal:
		want("a number")
		return
	case a.Type == Integer && kind == jNumber:
		if n, ok := smallInt(text); ok {
			v = n
			break
		}
		v, err = Integer.ParseValue(string(text))
	case a.Type == Integer && kind == jString:
		v, err = Integer.ParseValue(string(bytes.TrimSpace(text)))
	case a.Type == Integer:
		want("an integer")
		return
	case a.Type == Boolean && (kind == jTrue || kind == jFalse):
		v = kind == jTrue
	case a.Type == Boolean && kind == jString:
		v, err = Boolean.ParseValue(string(bytes.TrimSpace(text)))
	case a.Type == Boolean:
		want("true or false")
		return
	case a.Type == DateType && kind == jString:
		v, err = dateBytes(bytes.TrimSpace(text))
	case a.Type == DateType:
		want("a date string (YYYY-MM-DD)")
		return
	case a.Type == StringList && kind == jString:
		v, err = StringList.ParseValue(string(text))
	default:
		want("an array of strings")
		return
	}
	if err != nil {
		o.bad(p, field, diag.InvalidInput, "%v", err)
		return
	}
	o.attrs[i] = v
}

func (o *dealObject) decimal(kind byte, text []byte) (decimal.Decimal, error) {
	if kind == jNumber && len(text) > maxJSONNumber {
		return decimal.Decimal{}, fmt.Errorf("a number of %d bytes has too many digits (more than %d)", o.s.numLen, money.MaxDigits)
	}
	if kind == jString {
		text = bytes.TrimSpace(text)
	}
	return money.ParseDecimal(string(text))
}

// splits reads a list of {"member": …, "share": …} objects.
func (o *dealObject) splits(field string) {
	s := o.s
	var splits []Split
	s.array(3, func(j int) {
		path := func() string { return field + "[" + strconv.Itoa(j) + "]" } // for problems only
		p := s.pos()
		if c, ok := s.peek(); ok && c != '{' {
			o.bad(p, path(), diag.WrongType, "want a split object {\"member\": …, \"share\": …}, got %s", s.skip(4))
			return
		}
		var sp Split
		var hasMember, hasShare diag.Pos
		memberBad := false
		s.object(4, func(key []byte, kpos diag.Pos) {
			k := string(key)
			vp := s.pos()
			if k != "member" && k != "share" {
				o.bad(kpos, path()+"."+pathKey(k), diag.UnknownKey, "unknown field %s of a split", money.Quote(k)).Hint = diag.DidYouMean(k, []string{"member", "share"})
				s.skip(5)
				return
			}
			prev := hasShare
			if k == "member" {
				prev = hasMember
			}
			if prev != (diag.Pos{}) {
				o.bad(kpos, path()+"."+k, diag.DuplicateKey, "field %s is given twice (also at %d:%d)", k, prev.Line, prev.Col)
				s.skip(5)
				return
			}
			kind, text := s.scalar(5)
			if s.fatal != nil {
				return
			}
			if k == "member" {
				hasMember = vp
				if kind != jString {
					memberBad = true
					o.bad(vp, path()+".member", diag.WrongType, "want a string, got %s", kindName(kind, text))
					return
				}
				sp.Member = s.name(fOwner, text)
				if why := checkName(sp.Member); why != "" {
					o.bad(vp, path()+".member", diag.InvalidInput, "%s %s", money.Quote(sp.Member), why)
				}
				return
			}
			hasShare = vp
			if kind != jString && kind != jNumber {
				o.bad(vp, path()+".share", diag.WrongType, "want a number, got %s", kindName(kind, text))
				return
			}
			v, err := o.decimal(kind, text)
			if err != nil {
				o.bad(vp, path()+".share", diag.InvalidInput, "%v", err)
			}
			sp.Share = v
		})
		if s.fatal != nil {
			return
		}
		if sp.Member == "" && hasMember == (diag.Pos{}) {
			o.bad(p, path(), diag.Missing, "missing member of the split")
		} else if sp.Member == "" && !memberBad {
			o.bad(hasMember, path()+".member", diag.Missing, "missing member of the split")
		}
		if hasShare == (diag.Pos{}) {
			o.bad(p, path(), diag.Missing, "missing share of the split")
		}
		splits = append(splits, sp)
	})
	o.d.Splits = splits
}

// stringList reads a list of strings.
func (o *dealObject) stringList(field string) []string {
	s := o.s
	list := []string{}
	s.array(4, func(j int) {
		p := s.pos()
		kind, text := s.scalar(5)
		if s.fatal != nil {
			return
		}
		if kind != jString {
			o.bad(p, field+"["+strconv.Itoa(j)+"]", diag.WrongType, "want a string, got %s", kindName(kind, text))
			return
		}
		if !utf8.Valid(text) {
			o.bad(p, field+"["+strconv.Itoa(j)+"]", diag.InvalidInput, "%s is not valid UTF-8", money.Quote(string(text)))
			return
		}
		list = append(list, s.name(-1, text))
	})
	return list
}

// finish checks the fields every deal needs and returns the deal.
func (o *dealObject) finish() (Deal, diag.List) {
	s := o.s
	if s.fatal != nil {
		return Deal{}, nil
	}
	check := func(slot int, empty bool, msg string) {
		switch {
		case o.state[slot] == absent:
			o.bad(o.start, columns[slot], diag.Missing, "%s", msg)
		case o.state[slot] == given && empty:
			o.bad(o.valAt[slot], columns[slot], diag.Missing, "%s", msg)
		}
	}
	check(fID, o.d.ID == "", "missing deal id")
	check(fDate, o.d.Date.IsZero(), "missing date")
	check(fAmount, false, "missing amount")
	check(fCurrency, o.d.Currency == "", "missing currency")
	check(fOwner, o.d.Owner == "", "missing owner")
	if o.state[fCurrency] == given && o.d.Currency != "" && o.d.Currency != s.cur {
		if err := money.CheckCurrency(o.d.Currency); err != nil {
			o.bad(o.valAt[fCurrency], "currency", diag.InvalidInput, "%v", err)
		} else {
			s.cur = o.d.Currency
		}
	}
	for i, a := range s.schema.list() {
		if o.attrs[i] == nil && a.Required && o.state[nStd+i] == absent {
			o.bad(o.start, a.Name, diag.Missing, "missing value of the required attribute %s", a.Name)
		}
	}
	if o.list != nil {
		if label := dealLabel(o.d.ID); label != "" {
			for _, p := range o.list {
				if p.Path != o.path()+".id" {
					p.Message = label + p.Message
				}
			}
		}
		return Deal{}, o.list
	}
	o.d.Attrs = s.av.next(nil, o.attrs)
	o.d.Source = s.src.next(o.start.Line, o.start.Col)
	for k, p := range o.valAt {
		if p != (diag.Pos{}) {
			s.src.field(o.d.Source, k, p.Line, p.Col)
		}
	}
	return o.d, nil
}

// name returns text as a string, trimmed; names other than deal ids are
// interned, so that a million deals of a hundred owners hold a hundred
// strings.
func (s *jsonScan) name(slot int, text []byte) string {
	text = bytes.TrimSpace(text)
	if slot == fID {
		return string(text)
	}
	if v, ok := s.interns[string(text)]; ok {
		return v
	}
	v := string(text)
	if len(s.interns) < 4*maxInterned && len(v) <= maxInternedLen {
		s.interns[v] = v
	}
	return v
}

// The kinds of JSON values.
const (
	jString = 's'
	jNumber = 'n'
	jTrue   = 't'
	jFalse  = 'f'
	jNull   = 'z'
	jObject = '{'
	jArray  = '['
)

func kindName(kind byte, text []byte) string {
	switch kind {
	case jString:
		return "a string"
	case jNumber:
		return "a number"
	case jTrue:
		return "true"
	case jFalse:
		return "false"
	case jNull:
		return "null"
	case jObject:
		return "an object"
	}
	return "an array"
}

// object reads an object from its '{', calling member for each key with
// the reader at the key's value; member must read the value.
func (s *jsonScan) object(depth int, member func(key []byte, kpos diag.Pos)) {
	if depth > maxJSONDepth {
		s.syntax(s.pos(), "the values nest deeper than %d levels", maxJSONDepth)
		return
	}
	s.next() // '{'
	s.space()
	if c, ok := s.peek(); ok && c == '}' {
		s.next()
		return
	}
	for {
		s.space()
		kpos := s.pos()
		if c, ok := s.peek(); !ok || c != '"' {
			s.unexpected("a key in double quotes")
			return
		}
		s.key = append(s.key[:0], s.str()...)
		key := s.key // valid until the value is read
		if s.fatal != nil {
			return
		}
		s.space()
		if c, ok := s.peek(); !ok || c != ':' {
			s.unexpected(": after the key")
			return
		}
		s.next()
		s.space()
		member(key, kpos)
		if s.fatal != nil {
			return
		}
		s.space()
		c, ok := s.peek()
		if ok && c == ',' {
			s.next()
			continue
		}
		if ok && c == '}' {
			s.next()
			return
		}
		s.unexpected(", or } after a value")
		return
	}
}

// array reads an array from its '[', calling elem for each element with
// the reader at it; elem must read the element.
func (s *jsonScan) array(depth int, elem func(i int)) {
	if depth > maxJSONDepth {
		s.syntax(s.pos(), "the values nest deeper than %d levels", maxJSONDepth)
		return
	}
	s.next() // '['
	s.space()
	if c, ok := s.peek(); ok && c == ']' {
		s.next()
		return
	}
	for i := 0; ; i++ {
		s.space()
		elem(i)
		if s.fatal != nil {
			return
		}
		s.space()
		c, ok := s.peek()
		if ok && c == ',' {
			s.next()
			continue
		}
		if ok && c == ']' {
			s.next()
			return
		}
		s.unexpected(", or ] after a value")
		return
	}
}

// skip reads any value and returns its kind's name.
func (s *jsonScan) skip(depth int) string {
	c, ok := s.peek()
	switch {
	case !ok:
		s.unexpected("a value")
		return ""
	case c == '{':
		s.object(depth, func([]byte, diag.Pos) { s.skip(depth + 1) })
		return "an object"
	case c == '[':
		s.array(depth, func(int) { s.skip(depth + 1) })
		return "an array"
	}
	kind, text := s.scalar(depth)
	return kindName(kind, text)
}

// scalar reads a string, a number, true, false or null, and returns its
// kind and text (a string's decoded text; a number's text, cut to
// maxJSONNumber bytes past which it is refused); an object or an array
// is skipped and given by its kind alone.
func (s *jsonScan) scalar(depth int) (byte, []byte) {
	c, ok := s.peek()
	switch {
	case !ok:
		s.unexpected("a value")
		return 0, nil
	case c == '"':
		return jString, s.str()
	case c == '-' || c >= '0' && c <= '9':
		return jNumber, s.number()
	case c == '{', c == '[':
		s.skip(depth)
		return c, nil
	case c >= 'a' && c <= 'z':
		p := s.pos()
		var word [8]byte
		n := 0
		for {
			c, ok := s.peek()
			if !ok || c < 'a' || c > 'z' {
				break
			}
			if n < len(word) {
				word[n] = c
			}
			n++
			s.next()
		}
		switch string(word[:min(n, len(word))]) {
		case "true":
			return jTrue, nil
		case "false":
			return jFalse, nil
		case "null":
			return jNull, nil
		}
		s.syntax(p, "want a value, got %s", money.Quote(string(word[:min(n, len(word))])))
		return 0, nil
	}
	s.unexpected("a value")
	return 0, nil
}

// str reads a string from its opening quote and returns its text, valid
// for the next read only.
func (s *jsonScan) str() []byte {
	start := s.pos()
	s.next() // '"'
	s.buf = s.buf[:0]
	for {
		c, ok := s.next()
		switch {
		case !ok:
			s.syntax(start, "a string is not closed (the file is cut short?)")
			return nil
		case c == '"':
			if !utf8.Valid(s.buf) {
				s.syntax(start, "a string is not valid UTF-8")
				return nil
			}
			return s.buf
		case c < 0x20:
			s.syntax(s.pos(), "a control character in a string (write it as \\u%04x)", c)
			return nil
		case c == '\\':
			s.escape()
			if s.fatal != nil {
				return nil
			}
		default:
			s.buf = append(s.buf, c)
		}
		if len(s.buf) > maxJSONString {
			s.syntax(start, "a string longer than %d bytes", maxJSONString)
			return nil
		}
	}
}

// escape reads an escape sequence after its backslash.
func (s *jsonScan) escape() {
	p := s.pos()
	c, ok := s.next()
	if !ok {
		s.unexpected("an escape sequence")
		return
	}
	switch c {
	case '"', '\\', '/':
		s.buf = append(s.buf, c)
	case 'b':
		s.buf = append(s.buf, '\b')
	case 'f':
		s.buf = append(s.buf, '\f')
	case 'n':
		s.buf = append(s.buf, '\n')
	case 'r':
		s.buf = append(s.buf, '\r')
	case 't':
		s.buf = append(s.buf, '\t')
	case 'u':
		r := s.hex4(p)
		if utf16.IsSurrogate(r) {
			if b, err := s.r.Peek(2); err == nil && string(b) == `\u` {
				s.next()
				s.next()
				r2 := s.hex4(p)
				if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
					r = d
				} else {
					s.buf = utf8.AppendRune(s.buf, utf8.RuneError)
					r = r2
				}
			} else {
				r = utf8.RuneError
			}
			if utf16.IsSurrogate(r) {
				r = utf8.RuneError
			}
		}
		s.buf = utf8.AppendRune(s.buf, r)
	default:
		s.syntax(p, "invalid escape sequence \\%c in a string", c)
	}
}

func (s *jsonScan) hex4(p diag.Pos) rune {
	var r rune
	for range 4 {
		c, ok := s.next()
		var v byte
		switch {
		case !ok:
			s.unexpected("four hexadecimal digits after \\u")
			return 0
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			s.syntax(p, "invalid escape sequence in a string: want four hexadecimal digits after \\u")
			return 0
		}
		r = r<<4 | rune(v)
	}
	return r
}

// number reads a number and returns its text, checked against JSON's
// grammar; past maxJSONNumber bytes the text is cut, and too large to
// read.
func (s *jsonScan) number() []byte {
	start := s.pos()
	s.buf = s.buf[:0]
	n := 0
	for {
		c, ok := s.peek()
		if !ok || !(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
			break
		}
		if n <= maxJSONNumber {
			s.buf = append(s.buf, c)
		}
		n++
		s.next()
	}
	s.numLen = n
	if n > maxJSONNumber {
		return s.buf // longer than any number read: refused as too large
	}
	if !validNumber(s.buf) {
		s.syntax(start, "invalid number %s", money.Quote(string(s.buf)))
		return nil
	}
	return s.buf
}

// validNumber reports whether b follows JSON's grammar of numbers:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func validNumber(b []byte) bool {
	i := 0
	digits := func() int {
		j := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(b)
}

// pathKey returns an unknown key as the path of its problem names it: cut
// to about 40 bytes, as money.Quote cuts the key in the message.
func pathKey(k string) string {
	const max = 40
	if len(k) <= max {
		return k
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(k[cut]) {
		cut--
	}
	return k[:cut] + "…"
}

// topField returns the field of a path inside a deal: "attrs.tags[0]" →
// "tags", "splits[1].member" → "splits".
func topField(path string) string {
	if len(path) > 6 && path[:6] == "attrs." {
		path = path[6:]
	}
	for i := 0; i < len(path); i++ {
		if path[i] == '.' || path[i] == '[' {
			return path[:i]
		}
	}
	return path
}

// smallInt reads a JSON integer of at most 18 digits without allocating.
func smallInt(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// dateBytes reads a YYYY-MM-DD date without allocating when it is one;
// parseDate says what is wrong otherwise.
func dateBytes(b []byte) (calendar.Date, error) {
	if len(b) == 10 && b[4] == '-' && b[7] == '-' {
		num := func(b []byte) int {
			n := 0
			for _, c := range b {
				if c < '0' || c > '9' {
					return -1
				}
				n = n*10 + int(c-'0')
			}
			return n
		}
		y, m, d := num(b[:4]), num(b[5:7]), num(b[8:])
		if dt := (calendar.Date{Year: y, Month: time.Month(m), Day: d}); y >= 0 && m >= 0 && d >= 0 && dt.Valid() {
			return dt, nil
		}
	}
	return parseDate(string(b))
}
