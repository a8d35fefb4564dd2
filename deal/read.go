package deal

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/shopspring/decimal"
)

// Columns are the standard fields of a deals file, in the order
// [WriteCSV] writes them. A file may also have a column for each custom
// attribute the schema declares, by its name.
var Columns = []string{"id", "date", "amount", "currency", "owner", "channel", "territory", "product", "stage", "type", "close_date", "splits"}

var requiredColumns = []string{"id", "date", "amount", "currency", "owner"}

// ReadCSV reads deals from a CSV file with a header row. Columns are the
// standard [Columns] (id, date, amount, currency and owner are required;
// splits are written member:share;member:share) and one per custom
// attribute of schema, by name, in any order. file names the input in
// errors.
//
// Every bad row is reported, each problem with the file, the line, the
// column and why, as a [diag.List]; no deal is returned then, so nothing
// is computed from a file with a bad row.
func ReadCSV(file string, r io.Reader, schema *Schema) ([]Deal, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, diag.List{{Pos: diag.Pos{File: file, Line: 1}, Code: diag.InvalidInput, Message: "the file is empty: want a header row"}}
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // a byte-order mark
	}
	var list diag.List
	known := slices.Clone(Columns)
	for _, a := range schema.Attrs() {
		known = append(known, a.Name)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if !slices.Contains(known, h) {
			p := list.Add("", diag.InvalidInput, "column %d: unknown column %q", i+1, h)
			p.Pos = diag.Pos{File: file, Line: 1}
			p.Hint = diag.DidYouMean(h, known)
			if p.Hint == "" && schema.Len() == 0 {
				p.Hint = "custom columns must be declared as attributes in the strategy"
			}
			continue
		}
		if _, dup := col[h]; dup {
			p := list.Add("", diag.InvalidInput, "column %d: column %s is given twice", i+1, h)
			p.Pos = diag.Pos{File: file, Line: 1}
			continue
		}
		col[h] = i
	}
	for _, req := range requiredColumns {
		if _, ok := col[req]; !ok {
			p := list.Add("", diag.InvalidInput, "missing column %s", req)
			p.Pos = diag.Pos{File: file, Line: 1}
		}
	}
	if len(list) > 0 {
		return nil, list.Err()
	}
	var deals []Deal
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			list = append(list, csvError(file, err))
			break
		}
		line, _ := cr.FieldPos(0)
		get := func(name string) (string, bool) {
			i, ok := col[name]
			if !ok || i >= len(rec) {
				return "", false
			}
			return strings.TrimSpace(rec[i]), true
		}
		bad := func(name, format string, args ...any) {
			_, c := cr.FieldPos(col[name])
			p := list.Add("", diag.InvalidInput, "column %s: %s", name, fmt.Sprintf(format, args...))
			p.Pos = diag.Pos{File: file, Line: line, Col: c}
		}
		d, ok := parseFields(get, bad, schema)
		if ok {
			deals = append(deals, d)
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	return deals, nil
}

func csvError(file string, err error) *diag.Problem {
	p := &diag.Problem{Pos: diag.Pos{File: file}, Code: diag.InvalidInput, Message: "not a valid CSV file: " + err.Error()}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		p.Pos.Line, p.Pos.Col = pe.Line, pe.Column
		p.Message = "not a valid CSV file: " + pe.Err.Error()
	}
	return p
}

// parseFields makes a deal from its fields by name; get returns a field's
// text and whether the file has it, bad reports a problem with a field.
func parseFields(get func(string) (string, bool), bad func(name, format string, args ...any), schema *Schema) (Deal, bool) {
	var d Deal
	ok := true
	fail := func(name, format string, args ...any) {
		bad(name, format, args...)
		ok = false
	}
	d.ID, _ = get("id")
	if d.ID == "" {
		fail("id", "missing deal id")
	}
	date := func(name string, required bool) calendar.Date {
		s, _ := get(name)
		if s == "" {
			if required {
				fail(name, "missing date")
			}
			return calendar.Date{}
		}
		v, err := calendar.ParseDate(s)
		if err != nil {
			fail(name, "%v", err)
		}
		return v
	}
	d.Date = date("date", true)
	d.CloseDate = date("close_date", false)
	if s, _ := get("amount"); s == "" {
		fail("amount", "missing amount")
	} else if v, err := decimal.NewFromString(s); err != nil || strings.ContainsAny(s, "eE") {
		fail("amount", "%q is not a plain decimal number (write 1234.56, no thousands separators)", s)
	} else {
		d.Amount = v
	}
	d.Currency, _ = get("currency")
	if d.Currency == "" {
		fail("currency", "missing currency")
	}
	d.Owner, _ = get("owner")
	if d.Owner == "" {
		fail("owner", "missing owner")
	}
	d.Channel, _ = get("channel")
	d.Territory, _ = get("territory")
	d.Product, _ = get("product")
	d.Stage, _ = get("stage")
	d.Type, _ = get("type")
	if s, _ := get("splits"); s != "" {
		for _, part := range strings.Split(s, ";") {
			m, share, found := strings.Cut(strings.TrimSpace(part), ":")
			v, err := decimal.NewFromString(strings.TrimSpace(share))
			if !found || m == "" || err != nil {
				fail("splits", "%q is not member:share (write ana:0.6;ben:0.4)", part)
				continue
			}
			d.Splits = append(d.Splits, Split{Member: strings.TrimSpace(m), Share: v})
		}
	}
	for _, a := range schema.Attrs() {
		s, has := get(a.Name)
		if !has || s == "" {
			if a.Required {
				fail(a.Name, "missing value of the required attribute %s", a.Name)
			}
			continue
		}
		v, err := a.Type.ParseValue(s)
		if err != nil {
			fail(a.Name, "%v", err)
			continue
		}
		if d.Attrs == nil {
			d.Attrs = Attrs{}
		}
		d.Attrs[a.Name] = v
	}
	return d, ok
}

// ReadJSON reads deals from a JSON array of objects whose keys are the
// same as the columns of [ReadCSV]: the standard fields and the custom
// attributes by name. Amounts and decimal attributes may be numbers or
// strings; they are read exactly, never through float64. Problems name
// the file, the deal's position in the array and the field.
func ReadJSON(file string, r io.Reader, schema *Schema) ([]Deal, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var objs []map[string]json.RawMessage
	if err := dec.Decode(&objs); err != nil {
		return nil, diag.List{{Pos: diag.Pos{File: file}, Code: diag.InvalidInput, Message: "not a JSON array of deal objects: " + err.Error()}}
	}
	known := slices.Clone(Columns)
	for _, a := range schema.Attrs() {
		known = append(known, a.Name)
	}
	var list diag.List
	var deals []Deal
	for i, obj := range objs {
		path := fmt.Sprintf("[%d]", i)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !slices.Contains(known, k) {
				p := list.Add(path+"."+k, diag.InvalidInput, "unknown field %s", k)
				p.Pos.File = file
				p.Hint = diag.DidYouMean(k, known)
			}
		}
		get := func(name string) (string, bool) {
			raw, ok := obj[name]
			if !ok || string(raw) == "null" {
				return "", ok
			}
			var s string
			if json.Unmarshal(raw, &s) == nil {
				return strings.TrimSpace(s), true
			}
			var n json.Number
			if json.Unmarshal(raw, &n) == nil {
				return n.String(), true
			}
			var b bool
			if json.Unmarshal(raw, &b) == nil {
				return fmt.Sprint(b), true
			}
			var ss []string
			if json.Unmarshal(raw, &ss) == nil {
				return strings.Join(ss, ";"), true
			}
			var splits []struct {
				Member string      `json:"member"`
				Share  json.Number `json:"share"`
			}
			if json.Unmarshal(raw, &splits) == nil {
				parts := make([]string, len(splits))
				for j, s := range splits {
					parts[j] = s.Member + ":" + s.Share.String()
				}
				return strings.Join(parts, ";"), true
			}
			return string(raw), true
		}
		bad := func(name, format string, args ...any) {
			p := list.Add(path+"."+name, diag.InvalidInput, format, args...)
			p.Pos.File = file
		}
		d, ok := parseFields(get, bad, schema)
		if ok {
			deals = append(deals, d)
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	return deals, nil
}
