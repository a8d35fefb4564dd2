package plantest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/money"
	"github.com/salesplan/salesplan/payout"
	"github.com/shopspring/decimal"
)

func asList(err error, l *diag.List) bool { return errors.As(err, l) }

// deals returns the deals of the test at index i: read from the file it
// names, from its CSV rows, or from its list.
func (f *File) deals(i int, schema *deal.Schema) ([]deal.Deal, error) {
	t := f.test(i)
	at := fmt.Sprintf("tests[%d].deals", i)
	switch v := t.Deals.(type) {
	case nil:
		return nil, nil
	case string:
		if t := strings.TrimSpace(v); strings.Contains(t, "\n") || strings.Contains(t, ",") {
			ds, err := deal.ReadCSV(f.Path, strings.NewReader(v), schema)
			return ds, f.relocate(at, err)
		}
		name, data, err := f.readFile(at, "deals", strings.TrimSpace(v))
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(path.Ext(name), ".json") || bytes.HasPrefix(bytes.TrimSpace(data), []byte("[")) {
			return deal.ReadJSON(name, bytes.NewReader(data), schema)
		}
		return deal.ReadCSV(name, bytes.NewReader(data), schema)
	case []any:
		var list diag.List
		deals := make([]deal.Deal, 0, len(v))
		for j, row := range v {
			p := fmt.Sprintf("%s[%d]", at, j)
			m, ok := row.(map[string]any)
			if !ok {
				list.Add(p, diag.WrongType, "a deal is a mapping of its fields (id, date, amount, currency, owner…)")
				continue
			}
			if d, ok := inlineDeal(m, p, schema, &list); ok {
				deals = append(deals, d)
			}
		}
		if len(list) > 0 {
			return nil, f.ix.Locate(list)
		}
		return deals, nil
	}
	return nil, f.problem(at, diag.WrongType, "deals is a file name, CSV rows or a list of deals")
}

// locateDeals gives the problems of a run's err that name one of the
// test's deals (deals[3].owner, or a line of the CSV rows as read) the
// position of that deal in the test file, when the test lists its deals
// or writes them as CSV rows; the path and message are kept (a message
// that refers to another row, "also t.yaml:2", counts in the rows).
// Other errors are returned as they are.
func (f *File) locateDeals(i int, err error) error {
	var l diag.List
	if err == nil || !asList(err, &l) {
		return err
	}
	at := fmt.Sprintf("tests[%d].deals", i)
	rows, csvRows := f.test(i).Deals.(string)
	csvRows = csvRows && (strings.Contains(strings.TrimSpace(rows), "\n") || strings.Contains(rows, ","))
	_, listed := f.test(i).Deals.([]any)
	if !listed && !csvRows {
		return err
	}
	out := make(diag.List, len(l))
	for k, p := range l {
		q := *p
		out[k] = &q
		var n int
		if csvRows && p.Pos.IsValid() && p.Pos.File == f.Path {
			// positioned in the rows (line 1 their header) as read
			q.Pos = f.ix.ExprPos(at, p.Pos.Line, max(p.Pos.Col, 1))
			continue
		}
		if p.Pos.IsValid() || !strings.HasPrefix(p.Path, "deals[") {
			continue
		}
		if _, err := fmt.Sscanf(p.Path, "deals[%d]", &n); err != nil {
			continue
		}
		item := fmt.Sprintf("%s[%d]", at, n)
		switch {
		case f.ix.Has(at + p.Path[len("deals"):]):
			q.Pos = f.ix.Pos(at + p.Path[len("deals"):])
		default:
			q.Pos = f.itemPos(item, deal.Columns)
		}
	}
	return out
}

// relocate moves the positions of problems found in a block of CSV rows
// (line and column inside the block) to the test file.
func (f *File) relocate(at string, err error) error {
	var l diag.List
	if err == nil || !asList(err, &l) {
		return err
	}
	out := make(diag.List, len(l))
	for i, p := range l {
		q := *p
		if q.Pos.Line > 0 {
			q.Pos = f.ix.ExprPos(at, q.Pos.Line, max(q.Pos.Col, 1))
		} else {
			q.Pos = f.ix.Pos(at)
		}
		q.Message = "deals: " + q.Message
		out[i] = &q
	}
	return out
}

// maxInputFile is the size of the largest file a test may name: a
// deals file is read whole, and /dev/zero would be read until memory
// runs out.
const maxInputFile = 256 << 20

// readFile reads the file given (relative to the test file, see
// [File.resolve]) that the test's field at names as its what (deals,
// scores…): a regular file of at most maxInputFile bytes. It returns the
// file's name as resolved; problems are at the field.
func (f *File) readFile(at, what, given string) (name string, data []byte, err error) {
	if path.IsAbs(given) {
		return given, nil, f.problem(at, diag.InvalidValue, "%s file %s is an absolute path: name it relative to the test file, so that the test runs on any machine", what, given)
	}
	name = f.resolve(given)
	file, err := f.fsys.Open(name)
	if err != nil {
		return name, nil, f.problem(at, diag.InvalidInput, "%s file: %v", what, err)
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return name, nil, f.problem(at, diag.InvalidInput, "%s file: %v", what, err)
	}
	if !info.Mode().IsRegular() {
		kind := "not a regular file"
		if info.IsDir() {
			kind = "a folder"
		}
		return name, nil, f.problem(at, diag.InvalidInput, "%s file %s is %s", what, given, kind)
	}
	data, err = io.ReadAll(io.LimitReader(file, maxInputFile+1))
	if err != nil {
		return name, nil, f.problem(at, diag.InvalidInput, "%s file: %v", what, err)
	}
	if len(data) > maxInputFile {
		return name, nil, f.problem(at, diag.TooLarge, "%s file %s is larger than %d MiB", what, given, maxInputFile>>20)
	}
	return name, data, nil
}

// problem returns a one-problem list positioned at path in the file.
func (f *File) problem(path string, code diag.Code, format string, args ...any) error {
	p := diag.Errorf(path, code, format, args...)
	p.Pos = f.ix.Pos(path)
	return diag.List{p}
}

// inlineDeal makes a deal from its fields as a test file lists them: the
// columns of a deals file by name (custom attributes among them, or in an
// attrs mapping); splits as a list of member and share, or as
// member:share;member:share.
func inlineDeal(m map[string]any, at string, schema *deal.Schema, list *diag.List) (deal.Deal, bool) {
	var d deal.Deal
	ok := true
	bad := func(field string, code diag.Code, format string, args ...any) *diag.Problem {
		ok = false
		return list.Add(at+"."+field, code, format, args...)
	}
	text := func(field string) string {
		switch v := m[field].(type) {
		case nil:
			return ""
		case string:
			return strings.TrimSpace(v)
		case bool:
			return fmt.Sprint(v)
		}
		bad(field, diag.WrongType, "%s is a single value", field)
		return ""
	}
	known := slices.Clone(deal.Columns)
	known = append(known, "attrs")
	for _, a := range schema.Attrs() {
		known = append(known, a.Name)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(known, k) {
			p := bad(k, diag.UnknownKey, "unknown field %s of a deal", k)
			p.Hint = diag.DidYouMean(k, known)
			if p.Hint == "" && schema.Len() == 0 {
				p.Hint = "custom fields must be declared as attributes in the strategy"
			}
		}
	}
	if d.ID = text("id"); d.ID == "" {
		bad("id", diag.Missing, "missing deal id")
	}
	date := func(field string, required bool) calendar.Date {
		s := text(field)
		if s == "" {
			if required {
				bad(field, diag.Missing, "missing date of deal %s", d.ID)
			}
			return calendar.Date{}
		}
		v, err := calendar.ParseDate(s)
		if err != nil {
			bad(field, diag.InvalidValue, "%v", err)
		}
		return v
	}
	d.Date = date("date", true)
	d.CloseDate = date("close_date", false)
	if s := text("amount"); s == "" {
		bad("amount", diag.Missing, "missing amount of deal %s", d.ID)
	} else if v, err := money.ParseDecimal(s); err != nil {
		bad("amount", diag.InvalidValue, "%v", err)
	} else {
		d.Amount = v
	}
	// the run checks the currency code, as it does for deals built in Go
	if d.Currency = text("currency"); d.Currency == "" {
		bad("currency", diag.Missing, "missing currency of deal %s", d.ID)
	}
	if d.Owner = text("owner"); d.Owner == "" {
		bad("owner", diag.Missing, "missing owner of deal %s", d.ID)
	}
	d.Channel, d.Territory, d.Product = text("channel"), text("territory"), text("product")
	d.Stage, d.Type = text("stage"), text("type")
	switch v := m["splits"].(type) {
	case nil:
	case string:
		for _, part := range strings.Split(v, ";") {
			member, share, found := strings.Cut(strings.TrimSpace(part), ":")
			s, err := money.ParseDecimal(strings.TrimSpace(share))
			if !found || member == "" || err != nil {
				bad("splits", diag.InvalidValue, "%q is not member:share (write ana:0.6;ben:0.4)", part)
				continue
			}
			d.Splits = append(d.Splits, deal.Split{Member: strings.TrimSpace(member), Share: s})
		}
	case []any:
		for j, e := range v {
			sp := fmt.Sprintf("splits[%d]", j)
			sm, isMap := e.(map[string]any)
			member, _ := sm["member"].(string)
			share, _ := sm["share"].(string)
			if !isMap || member == "" || share == "" || len(sm) != 2 {
				bad(sp, diag.InvalidValue, "a split is {member: ID, share: FRACTION}")
				continue
			}
			s, err := money.ParseDecimal(share)
			if err != nil {
				bad(sp+".share", diag.InvalidValue, "%v", err)
				continue
			}
			d.Splits = append(d.Splits, deal.Split{Member: member, Share: s})
		}
	default:
		bad("splits", diag.WrongType, "splits is a list of {member, share} or member:share;member:share")
	}
	attrs, _ := m["attrs"].(map[string]any)
	if _, given := m["attrs"]; given && attrs == nil {
		bad("attrs", diag.WrongType, "attrs maps attribute names to values")
	}
	var vals map[string]any
	for _, a := range schema.Attrs() {
		field, v, has := a.Name, m[a.Name], false
		if _, has = m[a.Name]; !has {
			v, has = attrs[a.Name]
			field = "attrs." + a.Name
		}
		var s string
		switch x := v.(type) {
		case nil:
			has = false
		case string:
			s = strings.TrimSpace(x)
		case bool:
			s = fmt.Sprint(x)
		case []any:
			parts := make([]string, 0, len(x))
			for _, e := range x {
				parts = append(parts, fmt.Sprint(e))
			}
			s = strings.Join(parts, ";")
		default:
			bad(field, diag.WrongType, "attribute %s is a single value", a.Name)
			continue
		}
		if !has {
			if a.Required {
				bad(a.Name, diag.Missing, "missing value of the required attribute %s", a.Name)
			}
			continue
		}
		val, err := a.Type.ParseValue(s)
		if err != nil {
			bad(field, diag.InvalidValue, "%v", err)
			continue
		}
		if vals == nil {
			vals = map[string]any{}
		}
		vals[a.Name] = val
	}
	d.Attrs = deal.AttrsOf(vals)
	for k := range attrs {
		if _, _, declared := schema.Lookup(k); !declared {
			names := make([]string, 0, schema.Len())
			for _, a := range schema.Attrs() {
				names = append(names, a.Name)
			}
			p := bad("attrs."+k, diag.UnknownKey, "attribute %s is not declared in the strategy", k)
			p.Hint = diag.DidYouMean(k, names)
		}
	}
	return d, ok
}

// events returns the deal events of the test at index i: read from the
// file it names (CSV, or JSON by its .json name or first '['), or from its
// list, each event a mapping of the columns of an events file.
func (f *File) events(i int) ([]payout.Event, error) {
	t := f.test(i)
	at := fmt.Sprintf("tests[%d].events", i)
	switch v := t.Events.(type) {
	case string:
		name, data, err := f.readFile(at, "events", strings.TrimSpace(v))
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(path.Ext(name), ".json") || bytes.HasPrefix(bytes.TrimSpace(data), []byte("[")) {
			return payout.ReadEventsJSON(name, bytes.NewReader(data))
		}
		return payout.ReadEventsCSV(name, bytes.NewReader(data))
	case []any:
		rows, err := f.rows(at, v, payout.EventColumns, "event")
		if err != nil {
			return nil, err
		}
		evs, err := payout.ReadEventsCSV(f.Path, bytes.NewReader(rows))
		if err != nil {
			return nil, f.relocateRows(at, payout.EventColumns, err)
		}
		for j := range evs {
			evs[j].Pos = f.itemPos(fmt.Sprintf("%s[%d]", at, j), payout.EventColumns)
		}
		return evs, nil
	}
	return nil, nil
}

// rows writes a list of mappings as CSV rows under the header columns,
// for a reader of files to read; a key that is not a column, or a value
// that is not a single one, is a problem at its place in the file.
func (f *File) rows(at string, items []any, columns []string, what string) ([]byte, error) {
	var list diag.List
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(columns)
	for j, item := range items {
		p := fmt.Sprintf("%s[%d]", at, j)
		m, ok := item.(map[string]any)
		if !ok {
			list.Add(p, diag.WrongType, "an %s is a mapping of %s", what, strings.Join(columns, ", "))
			continue
		}
		for _, k := range sortedKeys(m) {
			if !slices.Contains(columns, k) {
				pr := list.Add(p+"."+k, diag.UnknownKey, "unknown field %s of an %s", k, what)
				pr.Hint = diag.DidYouMean(k, columns)
			}
		}
		row := make([]string, len(columns))
		for c, k := range columns {
			switch v := m[k].(type) {
			case nil:
			case string:
				row[c] = v
			default:
				list.Add(p+"."+k, diag.WrongType, "%s is a single value", k)
			}
		}
		w.Write(row)
	}
	w.Flush()
	if len(list) > 0 {
		return nil, f.ix.Locate(list)
	}
	return b.Bytes(), nil
}

// relocateRows moves the problems a file reader found in rows written by
// [File.rows] (row n is on line n+1) to the items of the test file: to
// the field a problem names first ("kind: unknown event…"), or to the
// item's first field.
func (f *File) relocateRows(at string, columns []string, err error) error {
	var l diag.List
	if !asList(err, &l) {
		return err
	}
	out := make(diag.List, len(l))
	for i, p := range l {
		q := *p
		q.Pos = f.ix.Pos(at)
		if p.Pos.File == f.Path && p.Pos.Line > 1 {
			item := fmt.Sprintf("%s[%d]", at, p.Pos.Line-2)
			q.Pos = f.itemPos(item, columns)
			for _, c := range columns {
				if strings.HasPrefix(p.Message, c+": ") && f.ix.Has(item+"."+c) {
					q.Pos = f.ix.Pos(item + "." + c)
				}
			}
		}
		out[i] = &q
	}
	return out
}

// itemPos returns the position of the first field of the mapping at item
// (a list's items are not themselves in the index, their fields are).
func (f *File) itemPos(item string, fields []string) diag.Pos {
	var best diag.Pos
	for _, c := range fields {
		if f.ix.Has(item + "." + c) {
			if p := f.ix.Pos(item + "." + c); !best.IsValid() || p.Compare(best) < 0 {
				best = p
			}
		}
	}
	if !best.IsValid() {
		return f.ix.Pos(item)
	}
	return best
}

// rates returns the exchange rates of the test at index i, or nil: a
// mapping of pairs to one rate for any date, a rates file (CSV from, to,
// date, rate[, end]), or a list of dated rates with those fields.
func (f *File) rates(i int) (commission.Rates, error) {
	t := f.test(i)
	at := fmt.Sprintf("tests[%d].rates", i)
	switch v := t.Rates.(type) {
	case map[string]any:
		var list diag.List
		rates := commission.RateMap{}
		for _, pair := range sortedKeys(v) {
			p := at + "." + pair
			from, to, ok := strings.Cut(pair, "/")
			if !ok || money.CheckCurrency(from) != nil || money.CheckCurrency(to) != nil || from == to {
				list.Add(p, diag.InvalidValue, "a rate is keyed by a pair of currencies, FROM/TO: EUR/USD is one euro in dollars")
				continue
			}
			s, _ := v[pair].(string)
			r, err := money.ParseDecimal(s)
			switch {
			case err != nil:
				list.Add(p, diag.InvalidValue, "%v", err)
			case r.Sign() <= 0:
				list.Add(p, diag.InvalidValue, "a rate must be above 0, not %s", s)
			default:
				rates[pair] = r
			}
		}
		if len(list) > 0 {
			return nil, f.ix.Locate(list)
		}
		return rates, nil
	case string:
		name, data, err := f.readFile(at, "rates", strings.TrimSpace(v))
		if err != nil {
			return nil, err
		}
		return commission.ReadRatesCSV(name, bytes.NewReader(data))
	case []any:
		columns := []string{"from", "to", "date", "rate", "end"}
		rows, err := f.rows(at, v, columns, "exchange rate")
		if err != nil {
			return nil, err
		}
		table, err := commission.ReadRatesCSV(f.Path, bytes.NewReader(rows))
		if err != nil {
			return nil, f.relocateRows(at, columns, err)
		}
		return table, nil
	}
	return nil, nil
}

// ledger returns the ledger file the test at index i starts from, or nil.
func (f *File) ledger(i int) (*payout.Ledger, error) {
	t := f.test(i)
	if t.Ledger == "" {
		return nil, nil
	}
	at := fmt.Sprintf("tests[%d].ledger", i)
	name, data, err := f.readFile(at, "ledger", t.Ledger)
	if err != nil {
		return nil, err
	}
	var l payout.Ledger
	if err := json.Unmarshal(data, &l); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &l, nil
}

// checkScores reports what is wrong with a test's scores beyond what
// reading them finds: the shape of the mapping and its numbers.
func (f *File) checkScores(list *diag.List, at string, v any) {
	switch v := v.(type) {
	case nil:
	case string:
		if strings.TrimSpace(v) == "" {
			list.Add(at, diag.Missing, "missing scores file name")
		}
	case map[string]any:
		for _, payee := range sortedKeys(v) {
			objectives, ok := v[payee].(map[string]any)
			if !ok {
				list.Add(at+"."+payee, diag.WrongType, "a payee's scores map objectives to scores ({mbo: 0.9})")
				continue
			}
			for _, obj := range sortedKeys(objectives) {
				p := at + "." + payee + "." + obj
				s, _ := objectives[obj].(string)
				if s == "" {
					list.Add(p, diag.WrongType, "a score is a number (1.2 for 120%%)")
				} else if d, err := money.ParseDecimal(s); err != nil {
					list.Add(p, diag.InvalidValue, "%v", err)
				} else if d.Sign() < 0 {
					list.Add(p, diag.InvalidValue, "a score is at least 0, not %s", s)
				}
			}
		}
	default:
		list.Add(at, diag.WrongType, "scores is a scores file (CSV payee,period,objective,score) or a mapping of payee to objective to score")
	}
}

// scores returns the scores of the test at index i, or nil: read from
// the scores file it names, or from its mapping of payee to objective to
// score, in the test's period.
func (f *File) scores(i int) (commission.Scores, error) {
	t := f.test(i)
	at := fmt.Sprintf("tests[%d].scores", i)
	switch v := t.Scores.(type) {
	case string:
		name, data, err := f.readFile(at, "scores", strings.TrimSpace(v))
		if err != nil {
			return nil, err
		}
		return commission.ReadScoresCSV(name, bytes.NewReader(data))
	case map[string]any:
		scores := commission.ScoreMap{}
		for payee, objectives := range v {
			m := map[string]decimal.Decimal{}
			for obj, s := range objectives.(map[string]any) { // checked on load
				m[obj], _ = money.ParseDecimal(s.(string))
			}
			scores[payee] = map[string]map[string]decimal.Decimal{t.Period: m}
		}
		return scores, nil
	}
	return nil, nil
}

// terms returns the compensation terms of the test at index i, read from
// the terms file it names, or nil.
func (f *File) terms(i int) (commission.Terms, error) {
	t := f.test(i)
	if strings.TrimSpace(t.Terms) == "" {
		return nil, nil
	}
	name, data, err := f.readFile(fmt.Sprintf("tests[%d].terms", i), "terms", strings.TrimSpace(t.Terms))
	if err != nil {
		return nil, err
	}
	return commission.ReadTermsCSV(name, bytes.NewReader(data))
}
