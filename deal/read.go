package deal

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	fx "github.com/salesplan/salesplan/internal/fixed"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// Columns are the standard fields of a deals file, in the order
// [WriteCSV] writes them. A file may also have a column for each custom
// attribute the schema declares, by its name.
var Columns = []string{"id", "date", "amount", "currency", "owner", "channel", "territory", "product", "stage", "type", "close_date", "splits"}

// The standard fields, in the order of Columns.
const (
	fID = iota
	fDate
	fAmount
	fCurrency
	fOwner
	fChannel
	fTerritory
	fProduct
	fStage
	fType
	fCloseDate
	fSplits
	nStd
)

var columns = [nStd]string(Columns)

var requiredColumns = []int{fID, fDate, fAmount, fCurrency, fOwner}

// nameFields are the standard fields that hold ids and names.
var nameFields = []int{fID, fOwner, fChannel, fTerritory, fProduct, fStage, fType}

// MaxProblems is the most problems [ReadCSV] and [ReadJSON] report for one
// file; past it they stop reading, and say so in one more problem.
const MaxProblems = 1000

// ReadCSV reads deals from a CSV file with a header row. Columns are the
// standard [Columns] (id, date, amount, currency and owner are required;
// splits are written member:share;member:share) and one per custom
// attribute of schema, by name, in any order. Fields are trimmed of
// spaces; a UTF-8 byte-order mark before the header is skipped. Amounts,
// shares and decimal attributes are read by [money.ParseDecimal]; the
// currency must be an ISO 4217 code ([money.CheckCurrency]). file names
// the input in errors and in each deal's [Source].
//
// Every bad row is reported (up to [MaxProblems]), each problem with the
// file, the line and column of the field, and why, as a [diag.List]; no
// deal is returned then, so nothing is computed from a file with a bad
// row. An error reading r is returned as it is, after the file name.
//
// ReadCSV holds the deals it returns and nothing else: the file is read
// as a stream, one row at a time. [ScanCSV] does not even hold the deals.
func ReadCSV(file string, r io.Reader, schema *Schema) ([]Deal, error) {
	var s *csvScan
	est := estimator(r, func() int64 { return s.cr.InputOffset() })
	s, err := newCSVScan(file, r, schema)
	if err != nil {
		return nil, err
	}
	return collect(file, s.rows, est)
}

// ScanCSV is [ReadCSV] as an iterator: it reads r one row at a time and
// yields each deal with a nil error, or, for a bad row, the zero Deal and
// a [diag.List] of the row's problems, then goes on with the next row. A
// problem that stops the reading (a bad header, a quote left open, an
// error reading r) is yielded last. Stopping the loop stops the reading.
//
//	for d, err := range deal.ScanCSV("deals.csv", f, schema) {
//		if err != nil {
//			return err // or collect the problems and go on
//		}
//		...
//	}
//
// The deals yielded share no mutable state with each other or with the
// reader, so they may be kept or handed to other goroutines while the
// reading goes on.
func ScanCSV(file string, r io.Reader, schema *Schema) iter.Seq2[Deal, error] {
	return func(yield func(Deal, error) bool) {
		s, err := newCSVScan(file, r, schema)
		if err != nil {
			yield(Deal{}, err)
			return
		}
		s.rows(yield)
	}
}

// rows reads the rows after the header.
func (s *csvScan) rows(yield func(Deal, error) bool) {
	for {
		rec, err := s.cr.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			yield(Deal{}, s.readError(err))
			return
		}
		d, list := s.row(rec)
		if list != nil {
			if !yield(Deal{}, list.Err()) {
				return
			}
			continue
		}
		if !yield(d, nil) {
			return
		}
	}
}

// collect gathers the deals of seq, or every problem (up to MaxProblems).
//
// Deals are big (a few hundred bytes each), so collect avoids copying
// them: each time its slice is full, estimate (when not nil) guesses how
// many deals the whole input holds, from its size and how much of it the
// deals so far took, and the slice grows to that, but at most 16 times
// (a file of short rows, then long ones, must not make it reserve room
// for millions of deals it does not hold). Without an estimate, deals go
// into chunks, copied once at the end into a slice of the right length
// (appending to one slice would copy them again at each growth).
func collect(file string, seq iter.Seq2[Deal, error], estimate func(n int) int) ([]Deal, error) {
	const first = 1024
	var chunks [][]Deal
	cur := make([]Deal, 0, first)
	n := 0
	var list diag.List
	for d, err := range seq {
		if err == nil {
			if list != nil {
				continue
			}
			if len(cur) == cap(cur) {
				if chunks == nil && estimate != nil {
					if est := min(max(estimate(n), 2*n), 16*n); est > n {
						grown := make([]Deal, 0, est)
						prefault(grown[:est])
						cur = append(grown, cur...)
					}
				} else {
					chunks = append(chunks, cur)
					cur = make([]Deal, 0, min(2*cap(cur), 1<<14))
				}
			}
			cur = append(cur, d)
			n++
			continue
		}
		chunks, cur = nil, nil
		var l diag.List
		var p *diag.Problem
		switch {
		case errors.As(err, &l):
			list = append(list, l...)
		case errors.As(err, &p):
			list = append(list, p)
		default:
			return nil, err // reading the input failed
		}
		if len(list) >= MaxProblems {
			list = list[:MaxProblems]
			list.Add("", diag.InvalidInput, "more than %d problems: stopped reading", MaxProblems).Pos = diag.Pos{File: file}
			break
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	if len(chunks) == 0 {
		return cur, nil
	}
	deals := make([]Deal, 0, n)
	prefault(deals[:n])
	for _, c := range chunks {
		deals = append(deals, c...)
	}
	return append(deals, cur...), nil
}

// prefault writes a zero byte in each page of deals, a slice just made
// (to be filled now, or as the reading goes on), which holds nothing but
// zeros. The slice is fresh memory, and a garbage collection scans it
// (mapping the kernel's zero page for each of its pages) before or while
// the deals are written into it, whose write barriers read each slot
// before it is written: the filling then faults twice a page, the second
// time copying the zero page, which on a machine with a costly page
// fault doubles the cost of the filling. Writing a zero first, without a
// pointer write, faults each page in once. To the collector nothing
// changes: the slots were nil and are.
func prefault(deals []Deal) {
	if len(deals) == 0 {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(&deals[0])), uintptr(len(deals))*unsafe.Sizeof(deals[0]))
	for i := 0; i < len(b); i += 4096 {
		b[i] = 0
	}
}

// estimator returns the estimate of collect for an input r whose size is
// known (a file, a bytes.Reader, a strings.Reader…), given the bytes read
// so far; nil when the size is not known.
func estimator(r io.Reader, read func() int64) func(n int) int {
	var size int64 = -1
	switch x := r.(type) {
	case interface{ Len() int }:
		size = int64(x.Len())
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := x.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
			if sk, ok := r.(io.Seeker); ok {
				if at, err := sk.Seek(0, io.SeekCurrent); err == nil {
					size -= at
				}
			}
		}
	}
	if size <= 0 {
		return nil
	}
	return func(n int) int {
		done := read()
		if done <= 0 {
			return 0
		}
		est := float64(n) * float64(size) / float64(done) * 1.02
		return int(min(est, 1<<30)) + 16
	}
}

// attrCol is a custom attribute's column in a file.
type attrCol struct {
	Attr
	col    int
	intern map[string]uint16 // the ids of the values read so far (see attrAlloc.intern), by their text
}

const (
	maxInterned    = 1024 // distinct values an attribute's intern map holds
	maxInternedLen = 64   // bytes of a value interned
)

// csvScan reads the rows of one CSV file.
type csvScan struct {
	file   string
	cr     *csvReader
	std    [nStd]int // column of each standard field; -1 when the file has none
	attrs  []attrCol
	known  []int // the columns whose positions a Source keeps, in slot order
	src    *sourceAlloc
	av     *attrAlloc // the attributes' values, at the slots of attrs
	vals   []any      // the values of the row being read, by slot
	ids    []uint16   // the ids of those values, 0 for one in vals
	header int        // fields of the header
	cur    string
	strs   *strStore // the strings the deals keep
	slab   fx.Slab   // the deals' amounts
}

func newCSVScan(file string, r io.Reader, schema *Schema) (*csvScan, error) {
	cr := newCSVReader(r, csvBufSize) // fields per record checked by row, to report every ragged row
	s := &csvScan{file: file, cr: cr}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, diag.List{{Pos: diag.Pos{File: file, Line: 1}, Code: diag.InvalidInput, Message: "the file is empty: want a header row"}}
	}
	if err != nil {
		return nil, s.readError(err)
	}
	s.header = len(header)
	known := slices.Clone(Columns)
	for _, a := range schema.list() {
		known = append(known, a.Name)
	}
	for i := range s.std {
		s.std[i] = -1
	}
	var list diag.List
	seen := make(map[string]int, len(header))
	var slots []string
	for i, h := range header {
		h = strings.TrimSpace(h)
		_, c := cr.FieldPos(i)
		at := diag.Pos{File: file, Line: 1, Col: c}
		if j, dup := seen[h]; dup {
			p := list.Add("", diag.InvalidInput, "column %d: column %s is given twice (also column %d)", i+1, money.Quote(h), j+1)
			p.Pos = at
			continue
		}
		seen[h] = i
		if k := slices.Index(Columns, h); k >= 0 {
			s.std[k] = i
		} else if a, _, ok := schema.Lookup(h); ok {
			s.attrs = append(s.attrs, attrCol{Attr: a, col: i})
		} else {
			p := list.Add("", diag.InvalidInput, "column %d: unknown column %s", i+1, money.Quote(h))
			p.Pos = at
			p.Hint = diag.DidYouMean(h, known)
			if p.Hint == "" && schema.Len() == 0 {
				p.Hint = "custom columns must be declared as attributes in the strategy"
			}
			continue
		}
		slots = append(slots, h)
		s.known = append(s.known, i)
	}
	for _, f := range requiredColumns {
		if s.std[f] < 0 {
			list.Add("", diag.InvalidInput, "missing column %s", columns[f]).Pos = diag.Pos{File: file, Line: 1}
		}
	}
	if len(list) > 0 {
		return nil, list.Err()
	}
	for i := range s.attrs {
		s.attrs[i].intern = map[string]uint16{}
	}
	s.src = newSourceAlloc(file, slots, true)
	names := make([]string, len(s.attrs))
	for i, a := range s.attrs {
		names[i] = a.Name
	}
	s.av = newAttrAlloc(schema, names, true)
	s.vals = make([]any, len(s.attrs))
	s.ids = make([]uint16, len(s.attrs))
	s.strs = newStrStore()
	return s, nil
}

// readError turns an error of the CSV reader into a positioned problem,
// or returns an error reading the input as it is.
func (s *csvScan) readError(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", s.file, err)
	}
	return diag.List{{Pos: diag.Pos{File: s.file, Line: pe.Line, Col: pe.Column}, Code: diag.InvalidInput, Message: "not a valid CSV file: " + pe.Err.Error()}}
}

// row makes a deal of one record, or returns its problems.
func (s *csvScan) row(rec []string) (Deal, diag.List) {
	line, _ := s.cr.FieldPos(0)
	var list diag.List
	if len(rec) != s.header {
		p := list.Add("", diag.InvalidInput, "the row has %d fields and the header %d", len(rec), s.header)
		p.Pos = diag.Pos{File: s.file, Line: line, Col: 1}
		return Deal{}, list
	}
	var d Deal
	bad := func(col int, name, format string, args ...any) {
		at := diag.Pos{File: s.file, Line: line, Col: 1}
		if col >= 0 {
			at.Line, at.Col = s.cr.FieldPos(col)
		}
		p := list.Add("", diag.InvalidInput, "%scolumn %s: %s", dealLabel(d.ID), name, fmt.Sprintf(format, args...))
		p.Pos = at
	}
	field := func(f int) string {
		if c := s.std[f]; c >= 0 {
			return trim(rec[c])
		}
		return ""
	}
	d.ID = field(fID)
	d.Date = s.date(field(fDate), s.std[fDate], true, bad)
	d.CloseDate = s.date(field(fCloseDate), s.std[fCloseDate], false, bad)
	if t := field(fAmount); t == "" {
		bad(s.std[fAmount], "amount", "missing amount")
	} else if n, ok := fx.ParsePlain(t); ok {
		d.Amount = s.slab.Decimal(n) // money.ParseDecimal's, the decimals made in blocks
	} else if v, err := money.ParseDecimal(t); err != nil {
		bad(s.std[fAmount], "amount", "%v", err)
	} else {
		d.Amount = v
	}
	d.Currency = field(fCurrency)
	switch {
	case d.Currency == s.cur:
		d.Currency = s.cur // not to hold the row's text
	case d.Currency == "":
		bad(s.std[fCurrency], "currency", "missing currency")
	default:
		if err := money.CheckCurrency(d.Currency); err != nil {
			bad(s.std[fCurrency], "currency", "%v", err)
		} else {
			d.Currency = s.strs.name(d.Currency)
			s.cur = d.Currency
		}
	}
	d.Owner = field(fOwner)
	d.Channel = field(fChannel)
	d.Territory = field(fTerritory)
	d.Product = field(fProduct)
	d.Stage = field(fStage)
	d.Type = field(fType)
	var fresh [nStd]bool // the names of d still substrings of rec, to copy
	for _, f := range nameFields {
		p := d.name(f)
		if *p == "" {
			continue
		}
		if f != fID {
			if v, ok := s.strs.interned(*p); ok {
				*p = v // checked when it was interned
				continue
			}
		}
		if why := checkName(*p); why != "" {
			bad(s.std[f], columns[f], "%s %s", money.Quote(*p), why)
		}
		fresh[f] = true
	}
	if d.ID == "" {
		bad(s.std[fID], "id", "missing deal id")
	}
	if d.Owner == "" {
		bad(s.std[fOwner], "owner", "missing owner")
	}
	if t := field(fSplits); t != "" {
		var err string
		d.Splits, err = parseSplits(t, s.strs)
		if err != "" {
			bad(s.std[fSplits], "splits", "%s", err)
		}
	}
	vals, ids := s.vals, s.ids
	clear(vals)
	clear(ids)
	for i := range s.attrs {
		a := &s.attrs[i]
		t := trim(rec[a.col])
		if t == "" {
			if a.Required {
				bad(a.col, a.Name, "missing value of the required attribute %s", a.Name)
			}
			continue
		}
		if id, ok := a.intern[t]; ok {
			ids[i] = id
			continue
		}
		v, err := a.Type.ParseValue(t)
		if err != nil {
			bad(a.col, a.Name, "%v", err)
			continue
		}
		v = s.strs.own(v) // not to hold the row's text
		if len(t) <= maxInternedLen {
			if id, ok := s.av.intern(i, v); ok {
				a.intern[s.strs.copy(t)] = id
				ids[i] = id
				continue
			}
		}
		vals[i] = v
	}
	if list != nil {
		return Deal{}, list
	}
	for _, f := range nameFields {
		if fresh[f] {
			p := d.name(f)
			if f == fID {
				*p = s.strs.copy(*p)
			} else {
				*p = s.strs.name(*p)
			}
		}
	}
	d.Attrs = s.av.next(ids, vals)
	d.Source = s.src.next(line, 1)
	for k, c := range s.known {
		l, col := s.cr.FieldPos(c)
		s.src.field(d.Source, k, l, col)
	}
	return d, nil
}

// trim is strings.TrimSpace, without its call for a field with no space
// at either end (nearly every field).
func trim(t string) string {
	const first, n = '!', '~' - '!' + 1 // printable ASCII but space
	if len(t) > 0 && t[0]-first < n && t[len(t)-1]-first < n {
		return t
	}
	return strings.TrimSpace(t)
}

// date reads a date field; bad reports a problem in column col.
func (s *csvScan) date(t string, col int, required bool, bad func(col int, name, format string, args ...any)) calendar.Date {
	name := "date"
	if !required {
		name = "close_date"
	}
	if t == "" {
		if required {
			bad(col, name, "missing date")
		}
		return calendar.Date{}
	}
	v, err := parseDate(t)
	if err != nil {
		bad(col, name, "%v", err)
	}
	return v
}

// parseDate is calendar.ParseDate, with the text cut in its errors.
func parseDate(t string) (calendar.Date, error) {
	if len(t) != 10 {
		return calendar.Date{}, fmt.Errorf("invalid date %s: want YYYY-MM-DD", money.Quote(t))
	}
	return calendar.ParseDate(t)
}

// parseSplits reads member:share;member:share, or says what is wrong.
// With a store st, the members are interned and the shares shared, so
// that the splits hold nothing of t; without, they are substrings of t.
func parseSplits(t string, st *strStore) ([]Split, string) {
	splits := make([]Split, 0, strings.Count(t, ";")+1)
	for part := range strings.SplitSeq(t, ";") {
		m, share, found := strings.Cut(strings.TrimSpace(part), ":")
		m, share = strings.TrimSpace(m), strings.TrimSpace(share)
		if !found || m == "" || share == "" {
			return nil, money.Quote(part) + " is not member:share (write ana:0.6;ben:0.4)"
		}
		interned := false
		if st != nil {
			if v, ok := st.interned(m); ok {
				m, interned = v, true
			}
		}
		if !interned {
			if why := checkName(m); why != "" {
				return nil, "member " + money.Quote(m) + " " + why
			}
			if st != nil {
				m = st.name(m)
			}
		}
		var v decimal.Decimal
		var err error
		if st != nil {
			v, err = st.share(share, money.ParseDecimal)
		} else {
			v, err = money.ParseDecimal(share)
		}
		if err != nil {
			return nil, "share of " + money.Quote(m) + ": " + err.Error()
		}
		splits = append(splits, Split{Member: m, Share: v})
	}
	return splits, ""
}

// dealLabel returns "deal <id>: " to put before the problems of a deal
// whose id is good, or "".
func dealLabel(id string) string {
	if id == "" || checkName(id) != "" {
		return ""
	}
	if len(id) > 40 || strings.ContainsAny(id, " \t\"") {
		return "deal " + money.Quote(id) + ": "
	}
	return "deal " + id + ": "
}

// checkName says what is wrong with an id or a name read from a file:
// invalid UTF-8, or a control character (a line break in an id breaks
// every report it appears in). It returns "" for a good one.
func checkName(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return "holds a control character"
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return "is not valid UTF-8"
		}
		if r < 0xa0 || r == '\u2028' || r == '\u2029' {
			return "holds a control character"
		}
		i += size
	}
	return ""
}

// formatValue returns the text form of an attribute value, as a CSV
// column holds it and [AttrType.ParseValue] reads it back: decimals in
// plain notation with their scale, dates as YYYY-MM-DD, lists joined by
// ';'.
func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case calendar.Date:
		return x.String()
	case []string:
		return strings.Join(x, ";")
	case decimal.Decimal:
		return plain(x)
	}
	return fmt.Sprint(v)
}
