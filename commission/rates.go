package commission

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// DatedRate is one exchange rate: one unit of From is worth Rate units of
// To from Start (inclusive). End, when set, is the last day the rate is in
// force; otherwise it holds until the next rate of the same pair starts.
type DatedRate struct {
	From, To   string
	Start, End calendar.Date
	Rate       decimal.Decimal
}

// RateTable is a [Rates] of dated rates, the rates of a run given as
// input: a deal is converted at the rate in force on its date. A pair
// given in one direction only is read the other way too (1 / rate). A day
// with no rate in force is a missing rate, which the run reports as an
// error, never a silent 1. A RateTable is immutable and safe for
// concurrent use.
type RateTable struct {
	pairs map[[2]string][]DatedRate // by pair, sorted by Start
}

// NewRateTable checks rates and returns their table: codes must be ISO
// 4217, rates above 0, Start before End, and two rates of one pair must
// not be in force on the same day. The error is a [diag.List] by path
// (rates[3].rate).
func NewRateTable(rates []DatedRate) (*RateTable, error) {
	var list diag.List
	t := &RateTable{pairs: map[[2]string][]DatedRate{}}
	for i := range rates {
		r := rates[i]
		path := fmt.Sprintf("rates[%d]", i)
		ok := true
		for _, c := range []struct{ field, code string }{{"from", r.From}, {"to", r.To}} {
			if err := money.CheckCurrency(c.code); err != nil {
				list.Add(path+"."+c.field, diag.InvalidValue, "%v", err)
				ok = false
			}
		}
		if ok && r.From == r.To {
			list.Add(path+".to", diag.InvalidValue, "a rate from %s to itself", r.From)
			ok = false
		}
		if r.Rate.Sign() <= 0 {
			list.Add(path+".rate", diag.InvalidValue, "a rate must be above 0, not %s", r.Rate)
			ok = false
		}
		if !r.Start.Valid() {
			list.Add(path+".date", diag.Missing, "missing or invalid date")
			ok = false
		} else if !r.End.IsZero() && r.End.Before(r.Start) {
			list.Add(path+".end", diag.DateOrder, "the rate ends on %s, before it starts on %s", r.End, r.Start)
			ok = false
		}
		if ok {
			k := [2]string{r.From, r.To}
			t.pairs[k] = append(t.pairs[k], r)
		}
	}
	for k, list2 := range t.pairs {
		slices.SortStableFunc(list2, func(a, b DatedRate) int { return a.Start.Compare(b.Start) })
		t.pairs[k] = list2
	}
	// overlaps, in a stable order
	keys := make([][2]string, 0, len(t.pairs))
	for k := range t.pairs {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1])) })
	for _, k := range keys {
		rs := t.pairs[k]
		for i := 1; i < len(rs); i++ {
			prev, cur := rs[i-1], rs[i]
			if cur.Start == prev.Start || (!prev.End.IsZero() && !cur.Start.After(prev.End)) {
				list.Add("rates", diag.Overlap, "two rates from %s to %s are in force on %s", k[0], k[1], cur.Start)
			}
		}
		if inv, both := t.pairs[[2]string{k[1], k[0]}]; both && k[0] < k[1] && len(inv) > 0 {
			list.Add("rates", diag.InvalidValue, "rates are given both from %s to %s and from %s to %s: give one direction, the other is derived", k[0], k[1], k[1], k[0])
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

// Rate implements [Rates]: the rate in force on d, or the inverse of the
// other direction's.
func (t *RateTable) Rate(from, to string, d calendar.Date) (decimal.Decimal, bool) {
	if r, ok := t.at([2]string{from, to}, d); ok {
		return r, true
	}
	if r, ok := t.at([2]string{to, from}, d); ok {
		return one.DivRound(r, divPrecision), true
	}
	return decimal.Zero, false
}

func (t *RateTable) at(k [2]string, d calendar.Date) (decimal.Decimal, bool) {
	rs := t.pairs[k]
	// the last rate starting on or before d
	i, found := slices.BinarySearchFunc(rs, d, func(r DatedRate, d calendar.Date) int { return r.Start.Compare(d) })
	if !found {
		i--
	}
	if i < 0 {
		return decimal.Zero, false
	}
	r := rs[i]
	if !r.End.IsZero() && d.After(r.End) {
		return decimal.Zero, false
	}
	return r.Rate, true
}

// ReadRatesCSV reads dated exchange rates from CSV with a header row: the
// columns from, to, date and rate, and optionally end (the last day the
// rate holds; without it a rate holds until the pair's next one). name is
// the file name used in errors, which give the line and column of each
// bad field; every problem is reported at once.
//
//	from,to,date,rate
//	EUR,USD,2026-01-01,1.10
//	EUR,USD,2026-04-01,1.08
func ReadRatesCSV(name string, r io.Reader) (*RateTable, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	var list diag.List
	at := func(line, col int) diag.Pos { return diag.Pos{File: name, Line: line, Col: col} }
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, diag.List{{Pos: at(1, 1), Code: diag.Missing, Message: "empty rates file: want the header from,to,date,rate"}}
		}
		return nil, diag.List{{Pos: at(1, 1), Code: diag.Syntax, Message: err.Error()}}
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.ToLower(h))
		switch h {
		case "from", "to", "date", "rate", "end":
		default:
			p := list.Add("", diag.UnknownKey, "unknown column %q", h)
			p.Pos, p.Hint = at(1, 1), diag.DidYouMean(h, []string{"from", "to", "date", "end", "rate"})
			continue
		}
		if _, dup := col[h]; dup {
			list = append(list, &diag.Problem{Pos: at(1, 1), Code: diag.DuplicateKey, Message: fmt.Sprintf("column %s twice", h)})
		}
		col[h] = i
	}
	for _, need := range []string{"from", "to", "date", "rate"} {
		if _, ok := col[need]; !ok {
			list = append(list, &diag.Problem{Pos: at(1, 1), Code: diag.Missing, Message: "missing column " + need + ": want from,to,date,rate"})
		}
	}
	if len(list) > 0 {
		return nil, list.Err()
	}
	var rates []DatedRate
	var lines []int
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				list = append(list, &diag.Problem{Pos: at(pe.Line, pe.Column), Code: diag.Syntax, Message: pe.Err.Error()})
				break
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		field := func(name string) (string, diag.Pos) {
			i, ok := col[name]
			if !ok || i >= len(rec) {
				return "", at(line, 1)
			}
			l, c := cr.FieldPos(i)
			return strings.TrimSpace(rec[i]), at(l, c)
		}
		bad := func(pos diag.Pos, code diag.Code, format string, args ...any) {
			list = append(list, &diag.Problem{Pos: pos, Code: code, Message: fmt.Sprintf(format, args...)})
		}
		var dr DatedRate
		var pos diag.Pos
		before := len(list)
		dr.From, _ = field("from")
		dr.To, _ = field("to")
		var s string
		if s, pos = field("date"); s == "" {
			bad(pos, diag.Missing, "missing date")
		} else if dr.Start, err = calendar.ParseDate(s); err != nil {
			bad(pos, diag.InvalidValue, "date: %v", err)
		}
		if s, pos = field("end"); s != "" {
			if dr.End, err = calendar.ParseDate(s); err != nil {
				bad(pos, diag.InvalidValue, "end: %v", err)
			}
		}
		if s, pos = field("rate"); s == "" {
			bad(pos, diag.Missing, "missing rate")
		} else if dr.Rate, err = money.ParseDecimal(s); err != nil {
			bad(pos, diag.InvalidValue, "rate: %v", err)
		}
		if len(list) == before {
			rates = append(rates, dr)
			lines = append(lines, line)
		}
	}
	t, err := NewRateTable(rates)
	if err == nil && len(list) > 0 {
		return nil, list.Err()
	}
	if err != nil {
		// put the table's problems at their rows
		var l diag.List
		if errors.As(err, &l) {
			for _, p := range l {
				var i int
				var field string
				if n, _ := fmt.Sscanf(p.Path, "rates[%d].%s", &i, &field); n >= 1 && i < len(lines) {
					p.Pos, p.Path = at(lines[i], 1), field
				} else {
					p.Pos = diag.Pos{File: name}
				}
			}
			return nil, append(list, l...).Err()
		}
		return nil, err
	}
	return t, nil
}
