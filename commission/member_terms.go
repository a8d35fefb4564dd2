package commission

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// MemberTerms are a member's compensation terms from one date to another,
// inclusive (a zero From means since always, a zero To until further
// notice), effective-dated like a team assignment:
//
//	members:
//	  - id: ana
//	    terms:
//	      - {from: 2026-01-01, ote: 200000, base: 120000, currency: USD}
//	      - {from: 2026-07-01, ote: 220000, target_incentive: 90000}
//
// Of OTE (on-target earnings), Base (base salary) and TargetIncentive
// (TI), give two and the third follows: TI = OTE − base, base = OTE − TI,
// OTE = base + TI; with all three, OTE must be base + TI. A zero is "not
// given": a member paid on commission only writes ote and
// target_incentive, or target_incentive alone, and one paid without
// incentive writes base equal to ote. Amounts are as HR gives
// them, typically a year's. A plan with terms: yearly ([PlanDef.Terms])
// reads them as a year's and its rules see the period's share, in fiscal
// months of the calendar ([Config.Calendar]): 60,000 a year reads 15,000
// in a quarter (3/12), 5,000 in a month and 30,000 in a year to date
// through the second quarter (6/12). A plan with terms as written (the
// default) reads them as given, so that a quarterly plan that wants a
// quarter's writes payee.target_incentive / 4.
//
// Rules read them as payee.ote, payee.base, payee.target_incentive,
// payee.pay_mix (TI ÷ OTE, the variable share: 0.4 for a 60/40 mix) and
// payee.currency. A rule sees the terms of the days its plan is in force
// for the payee in the period: when the terms change inside those days,
// each amount is prorated by days (ote 200,000 for 31 days and 220,000
// for 59 days of a 90-day quarter reads 213,111.11…, or, with terms:
// yearly, a quarter of that: 53,277.77…), and days without terms count
// zero. A plan whose rules read a term fails the run for a
// payee with no terms on any of its days, naming the payee.
type MemberTerms struct {
	From calendar.Date `yaml:"from" json:"from,omitzero"`
	To   calendar.Date `yaml:"to" json:"to,omitzero"`
	// OTE is the on-target earnings: base salary plus target incentive.
	OTE decimal.Decimal `yaml:"ote" json:"ote"`
	// Base is the base salary.
	Base decimal.Decimal `yaml:"base" json:"base"`
	// TargetIncentive is what the member earns at 100% of target.
	TargetIncentive decimal.Decimal `yaml:"target_incentive" json:"target_incentive"`
	// Currency is the ISO 4217 code of the amounts; empty means the
	// plan's. A rule of a plan in another currency that reads them is an
	// error of the run (terms are not converted).
	Currency string `yaml:"currency" json:"currency,omitempty"`
}

// Resolve returns t with OTE, Base and TargetIncentive all set from the
// two given, or an error that says what is wrong: none or one given, a
// negative amount, OTE not base + TI, From after To, a bad currency.
func (t MemberTerms) Resolve() (MemberTerms, error) {
	for _, v := range []struct {
		name string
		d    decimal.Decimal
	}{{"ote", t.OTE}, {"base", t.Base}, {"target_incentive", t.TargetIncentive}} {
		if v.d.Sign() < 0 {
			return t, fmt.Errorf("%s cannot be negative, not %s", v.name, v.d)
		}
	}
	if !t.From.IsZero() && !t.To.IsZero() && t.From.After(t.To) {
		return t, fmt.Errorf("the terms end on %s, before they start on %s", t.To, t.From)
	}
	if t.Currency != "" {
		if err := money.CheckCurrency(t.Currency); err != nil {
			return t, err
		}
	}
	ote, base, ti := !t.OTE.IsZero(), !t.Base.IsZero(), !t.TargetIncentive.IsZero()
	switch {
	case ote && base && ti:
		if !t.Base.Add(t.TargetIncentive).Equal(t.OTE) {
			return t, fmt.Errorf("ote %s is not base %s + target_incentive %s", t.OTE, t.Base, t.TargetIncentive)
		}
	case ote && ti:
		if t.TargetIncentive.GreaterThan(t.OTE) {
			return t, fmt.Errorf("target_incentive %s is more than ote %s", t.TargetIncentive, t.OTE)
		}
		t.Base = t.OTE.Sub(t.TargetIncentive)
	case ote && base:
		if t.Base.GreaterThan(t.OTE) {
			return t, fmt.Errorf("base %s is more than ote %s", t.Base, t.OTE)
		}
		t.TargetIncentive = t.OTE.Sub(t.Base)
	case ti:
		t.OTE = t.Base.Add(t.TargetIncentive)
	case ote:
		return t, errors.New("give two of ote, base and target_incentive (or target_incentive alone, for pay on incentive only; a zero is read as not given, so for pay without incentive write base equal to ote)")
	case base:
		return t, errors.New("give two of ote, base and target_incentive (a zero is read as not given, so for pay without incentive write ote equal to base)")
	default:
		return t, errors.New("give two of ote, base and target_incentive (a zero is read as not given)")
	}
	return t, nil
}

// Terms gives members' compensation terms; *strategy.Org implements it
// (the document's members[].terms), and so does [TermMap] (a terms file
// read by [ReadTermsCSV]). TermsOf returns member's terms in date order,
// not overlapping, or none.
type Terms interface {
	TermsOf(member string) []MemberTerms
}

// TermMap is a [Terms] from a map of member id to their terms.
type TermMap map[string][]MemberTerms

// TermsOf implements [Terms].
func (m TermMap) TermsOf(member string) []MemberTerms { return m[member] }

// TermRow is one member's terms as they were given, with the line of the
// terms file they were read from (Pos is zero for terms given in Go).
type TermRow struct {
	Payee string
	Terms MemberTerms
	Pos   diag.Pos
}

// TermLister is a [Terms] that lists every member's terms it holds, so
// that a caller that knows the organisation can check them before a run:
// the terms of an id that is not a member are never read. [TermMap] and
// [TermsFile] implement it; the runs of package strategy check the terms
// of every TermLister they are given.
type TermLister interface {
	Terms
	TermRows() []TermRow
}

// TermRows lists every member's terms of m, by member id, with no
// position.
func (m TermMap) TermRows() []TermRow {
	var out []TermRow
	for _, id := range sortedKeys(m) {
		for _, t := range m[id] {
			out = append(out, TermRow{Payee: id, Terms: t})
		}
	}
	return out
}

// TermsFile is a terms file read by [ReadTermsCSV]: each member's terms,
// in date order, and the line each was read from. It is a [Terms] (and a
// [TermLister]), never changed once read, and safe for concurrent use.
type TermsFile struct {
	terms TermMap
	rows  []TermRow
}

// TermsOf implements [Terms].
func (f *TermsFile) TermsOf(member string) []MemberTerms { return f.terms[member] }

// Map returns the terms by member id. The map is the file's own: read
// it, do not change it.
func (f *TermsFile) Map() TermMap { return f.terms }

// TermRows implements [TermLister]: the terms in the order of the file,
// each with the position of its line.
func (f *TermsFile) TermRows() []TermRow { return slices.Clone(f.rows) }

// Check checks every member's terms ([MemberTerms.Resolve]) and that no
// two of a member's terms are in force on the same day; it returns a
// [diag.List] by path (terms.ana[1].ote), members in id order.
func (m TermMap) Check() error {
	var list diag.List
	for _, id := range sortedKeys(m) {
		checkTerms(&list, "terms."+id, m[id])
	}
	return list.Err()
}

// CheckTerms checks one member's terms: each [MemberTerms.Resolve]s, and
// no two are in force on the same day. The problems' paths are the
// terms' indexes ([1]), for a caller to prefix ([diag.List.Prefix]).
func CheckTerms(ts []MemberTerms) diag.List {
	var list diag.List
	checkTerms(&list, "", ts)
	return list
}

// checkTerms checks one member's terms, paths under path.
func checkTerms(list *diag.List, path string, ts []MemberTerms) {
	for i, t := range ts {
		if _, err := t.Resolve(); err != nil {
			list.Add(fmt.Sprintf("%s[%d]", path, i), diag.InvalidValue, "%v", err)
		}
	}
	if i, j, ok := termsOverlap(ts); ok {
		list.Add(fmt.Sprintf("%s[%d]", path, j), diag.Overlap, "these terms and %s[%d] are both in force on %s", path, i, laterStart(ts[i], ts[j]))
	}
}

// termsOverlap finds two terms in force on one day, i < j: by their
// starts in order, each against the one before it that ends last (a
// member with 10,000 terms was checked pair by pair, and a terms file
// row by row against every earlier row: cubic).
func termsOverlap(ts []MemberTerms) (int, int, bool) {
	if len(ts) < 2 {
		return 0, 0, false
	}
	order := make([]int, len(ts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(termStart(ts[a]), termStart(ts[b])) })
	last := order[0] // of those so far, the one that ends last
	for _, k := range order[1:] {
		if termStart(ts[k]) <= termEnd(ts[last]) {
			return min(last, k), max(last, k), true
		}
		if termEnd(ts[k]) > termEnd(ts[last]) {
			last = k
		}
	}
	return 0, 0, false
}

// termStart and termEnd are the first and last day of terms as day
// numbers, since always and until further notice the least and the
// greatest.
func termStart(t MemberTerms) int {
	if t.From.IsZero() {
		return math.MinInt
	}
	return t.From.Days()
}

func termEnd(t MemberTerms) int {
	if t.To.IsZero() {
		return math.MaxInt
	}
	return t.To.Days()
}

// termSpans are the terms of one payee a terms file has accepted so
// far, by start: they never overlap, so their ends are in order too,
// and a new row can overlap only the one before it and the one after.
type termSpans []termSpan

type termSpan struct{ from, to, line int }

// add adds the span of t read at line, or returns the line of a span it
// overlaps (the earlier of its neighbours' when both).
func (s *termSpans) add(t MemberTerms, line int) (overlaps int, ok bool) {
	n := termSpan{termStart(t), termEnd(t), line}
	i, _ := slices.BinarySearchFunc(*s, n.from, func(e termSpan, from int) int { return cmp.Compare(e.from, from) })
	at := 0
	if i > 0 && (*s)[i-1].to >= n.from {
		at = (*s)[i-1].line
	}
	if i < len(*s) && (*s)[i].from <= n.to && (at == 0 || (*s)[i].line < at) {
		at = (*s)[i].line
	}
	if at > 0 {
		return at, false
	}
	*s = slices.Insert(*s, i, n)
	return 0, true
}

func laterStart(a, b MemberTerms) calendar.Date {
	if a.From.After(b.From) {
		return a.From
	}
	return b.From
}

// termsView is what rules read of a payee's terms over some days.
type termsView struct {
	ote, base, ti, mix decimal.Decimal
	currency           string
	days               int // days covered by terms
}

// termsRE finds the rules that read a payee's terms.
var termsRE = regexp.MustCompile(`\bpayee\.(ote|base|target_incentive|pay_mix|currency)\b|\bcomponent\.target_incentive\b`)

// termsOver returns the payee's terms averaged over the days of spans:
// each amount weighted by the days it is in force, days without terms
// counting zero.
func (ps *payeeState) termsOver(spans []span) (termsView, error) {
	var v termsView
	src := ps.r.terms
	if src == nil {
		return v, nil
	}
	ts := src.TermsOf(ps.payee)
	if len(ts) == 0 {
		return v, nil
	}
	if _, _, bad := termsOverlap(ts); bad {
		var list diag.List
		checkTerms(&list, "terms of "+ps.payee, ts)
		return v, fmt.Errorf("payee %s: %w", ps.payee, list.Err())
	}
	total := 0
	var ote, base, ti decimal.Decimal
	for _, s := range spans {
		total += s.days()
		for i, t := range ts {
			from, to := s.from, s.to
			if !t.From.IsZero() && t.From.After(from) {
				from = t.From
			}
			if !t.To.IsZero() && t.To.Before(to) {
				to = t.To
			}
			if from.After(to) {
				continue
			}
			r, err := t.Resolve()
			if err != nil {
				return v, fmt.Errorf("payee %s: terms[%d]: %w", ps.payee, i, err)
			}
			if v.currency != "" && r.Currency != "" && r.Currency != v.currency {
				return v, ps.termsProblem(r.Currency, "payee %s: terms in %s and in %s in one period", ps.payee, v.currency, r.Currency)
			}
			if r.Currency != "" {
				v.currency = r.Currency
			}
			n := decimal.NewFromInt(int64(from.DaysUntil(to) + 1))
			v.days += from.DaysUntil(to) + 1
			ote, base, ti = ote.Add(r.OTE.Mul(n)), base.Add(r.Base.Mul(n)), ti.Add(r.TargetIncentive.Mul(n))
		}
	}
	if v.days == 0 || total == 0 {
		return v, nil
	}
	d := decimal.NewFromInt(int64(total))
	avg := func(x decimal.Decimal) decimal.Decimal { return x.DivRound(d, divPrecision) }
	v.ote, v.base, v.ti = avg(ote), avg(base), avg(ti)
	if !v.ote.IsZero() {
		v.mix = v.ti.DivRound(v.ote, divPrecision)
	}
	return v, nil
}

// setTerms puts terms into a payee view, checking them against plan p
// when p reads them.
func (ps *payeeState) setTerms(pv *payeeView, p *plan, v termsView) error {
	pv.year = nil
	if p.yearTerms && p.readsTerms && v.days > 0 {
		y, err := ps.yearShare(p, &v)
		if err != nil {
			return fmt.Errorf("payee %s: %w", ps.payee, err)
		}
		pv.year = y
	}
	pv.OTE, pv.Base, pv.TargetIncentive, pv.PayMix, pv.Currency = v.ote, v.base, v.ti, v.mix, v.currency
	if pv.Currency == "" && v.days > 0 {
		pv.Currency = p.currency
	}
	if !p.readsTerms {
		return nil
	}
	if v.days == 0 {
		return fmt.Errorf("payee %s has no compensation terms on the days plan %s is in force in %s, and the plan reads them (payee.ote, payee.target_incentive…): give the member's terms in the document or a terms file",
			ps.payee, p.id, ps.r.period.ID)
	}
	if v.currency != "" && v.currency != p.currency {
		return ps.termsProblem(v.currency, "payee %s: the compensation terms are in %s and plan %s pays in %s: give the terms in %s", ps.payee, v.currency, p.id, p.currency, p.currency)
	}
	return nil
}

// termsProblem is the error of the payee's terms in currency: at the line
// of the first row of them in the terms file the run reads (a
// [TermLister] whose rows have positions), else without a position.
func (ps *payeeState) termsProblem(currency, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if tl, ok := ps.r.terms.(TermLister); ok {
		for _, row := range tl.TermRows() {
			if row.Payee == ps.payee && row.Terms.Currency == currency && row.Pos.IsValid() {
				return &diag.Problem{Pos: row.Pos, Code: diag.InvalidInput, Message: msg}
			}
		}
	}
	return errors.New(msg)
}

// The readings of a plan's compensation terms ([PlanDef.Terms]).
const (
	// TermsAsWritten reads the terms as given: the default.
	TermsAsWritten = "as_written"
	// TermsYearly reads the terms as a year's: rules see the period's
	// share of them (period.year_share).
	TermsYearly = "yearly"
)

// termsReading compiles how plan pd reads its terms (terms:).
func (c *compiler) termsReading(path string, pd PlanDef, p *plan) {
	switch pd.Terms {
	case "", TermsAsWritten:
	case TermsYearly:
		p.yearTerms = true
	default:
		pr := c.list.Add(path+".terms", diag.InvalidValue, "unknown terms %q: want %s (the terms as given) or %s (the terms are a year's, and rules read the period's share)",
			pd.Terms, TermsAsWritten, TermsYearly)
		pr.Hint = diag.DidYouMean(pd.Terms, []string{TermsAsWritten, TermsYearly})
	}
}

// yearTerms are what a payee's terms are a year, under terms: yearly,
// beside the period's share that rules read: months/12.
type yearTerms struct {
	ote, base, ti decimal.Decimal
	months        int
}

// fiscalMonths returns the fiscal months of cal in p: those whose first
// day falls inside p, the rule of [calendar.OverlapMonths]. A period of
// the calendar has its own months (a quarter 3, a year 12), a year to
// date those from the year's first (6 through the second quarter).
func fiscalMonths(cal calendar.Calendar, p calendar.Period) int {
	n := 0
	m := cal.PeriodOf(calendar.Month, p.Start)
	// a fiscal month is at least 28 days: the bound only guards an
	// invalid calendar, whose months may not move on
	for range p.Start.DaysUntil(p.End)/28 + 2 {
		if m.Start.After(p.End) {
			break
		}
		if p.Contains(m.Start) {
			n++
		}
		m = cal.Next(m)
	}
	return n
}

// periodView is the period as rules see it.
func (r *run) periodView() periodView {
	return periodView{ID: r.period.ID, Kind: r.period.Kind.String(), Start: r.period.Start, End: r.period.End, Days: r.period.Days(),
		YearShare: decimal.NewFromInt(int64(r.months)).DivRound(decimal.NewFromInt(12), divPrecision)}
}

// yearShare turns a payee's terms, a year's, into the period's share of
// them (pay_mix, a ratio, is the same): plan p reads its terms as a
// year's.
func (ps *payeeState) yearShare(p *plan, v *termsView) (*yearTerms, error) {
	if ps.r.months == 0 {
		return nil, fmt.Errorf("plan %s reads the terms as a year's (terms: yearly), and the period %s (%s to %s) holds no first day of a fiscal month, so it has no share of the year",
			p.id, ps.r.period.ID, ps.r.period.Start, ps.r.period.End)
	}
	y := &yearTerms{ote: v.ote, base: v.base, ti: v.ti, months: ps.r.months}
	n, twelve := decimal.NewFromInt(int64(y.months)), decimal.NewFromInt(12)
	share := func(x decimal.Decimal) decimal.Decimal { return x.Mul(n).DivRound(twelve, divPrecision) }
	v.ote, v.base, v.ti = share(v.ote), share(v.base), share(v.ti)
	return y, nil
}

// perYear is what an explanation adds to a term it reads under terms:
// yearly: " (60,000.00 a year x 3/12)"; nothing for other terms or
// readings.
func (y *yearTerms) perYear(term string, cv *componentView) string {
	if y == nil {
		return ""
	}
	var v decimal.Decimal
	switch term {
	case "payee.ote":
		v = y.ote
	case "payee.base":
		v = y.base
	case "payee.target_incentive":
		v = y.ti
	case "component.target_incentive":
		v = cv.Weight.Mul(y.ti)
	default:
		return ""
	}
	return fmt.Sprintf(" (%s a year x %d/12)", formatAmount(v.Round(10)), y.months)
}

// WithTerms makes a run read members' compensation terms from t instead
// of the engine's [Config.Terms]: a terms file HR keeps ([ReadTermsCSV]).
func WithTerms(t Terms) RunOption {
	return func(c *runConfig) error {
		if t == nil {
			return fmt.Errorf("commission: WithTerms(nil)")
		}
		c.terms = t
		return nil
	}
}

// ReadTermsCSV reads members' compensation terms from CSV with a header
// row: the columns payee and at least two of ote, base and
// target_incentive, and optionally from, to (dates, inclusive) and
// currency. name is the file name used in errors, which give the line and
// column of each bad field; every problem is reported at once, and a
// member's terms that overlap are refused. The file keeps the line of
// each row ([TermsFile.TermRows]): a payee that is not a member is not an
// error of the file, which does not know the organisation, but of the
// runs of package strategy, which check it and name the line.
//
//	payee,from,to,ote,base,target_incentive,currency
//	ana,2026-01-01,2026-06-30,200000,120000,,USD
//	ana,2026-07-01,,220000,,90000,USD
func ReadTermsCSV(name string, r io.Reader) (*TermsFile, error) {
	cols := []string{"payee", "from", "to", "ote", "base", "target_incentive", "currency"}
	out := TermMap{}
	var read []TermRow
	spans := map[string]*termSpans{}
	var list diag.List
	problems, err := readCSV(name, r, "terms", cols, []string{"payee"}, func(row csvRow) {
		var t MemberTerms
		ok := true
		payee, ppos := row.get("payee")
		if payee == "" {
			row.bad(&list, ppos, diag.Missing, "missing payee")
			ok = false
		}
		for _, d := range []struct {
			col string
			to  *calendar.Date
		}{{"from", &t.From}, {"to", &t.To}} {
			if s, pos := row.get(d.col); s != "" {
				v, err := calendar.ParseDate(s)
				if err != nil {
					row.bad(&list, pos, diag.InvalidValue, "%s: %v", d.col, err)
					ok = false
				}
				*d.to = v
			}
		}
		for _, a := range []struct {
			col string
			to  *decimal.Decimal
		}{{"ote", &t.OTE}, {"base", &t.Base}, {"target_incentive", &t.TargetIncentive}} {
			if s, pos := row.get(a.col); s != "" {
				v, err := money.ParseDecimal(s)
				if err != nil {
					row.bad(&list, pos, diag.InvalidValue, "%s: %v", a.col, err)
					ok = false
				}
				*a.to = v
			}
		}
		t.Currency, _ = row.get("currency")
		if !ok {
			return
		}
		if _, err := t.Resolve(); err != nil {
			row.bad(&list, row.at(1), diag.InvalidValue, "payee %s: %v", payee, err)
			return
		}
		if spans[payee] == nil {
			spans[payee] = &termSpans{}
		}
		if line, ok := spans[payee].add(t, row.line); !ok {
			row.bad(&list, row.at(1), diag.Overlap, "payee %s: these terms overlap those of line %d", payee, line)
			return
		}
		out[payee] = append(out[payee], t)
		read = append(read, TermRow{Payee: payee, Terms: t, Pos: row.at(1)})
	})
	if err != nil {
		return nil, err
	}
	list = append(problems, list...)
	if err := list.Err(); err != nil {
		return nil, err
	}
	for id, ts := range out {
		slices.SortStableFunc(ts, func(a, b MemberTerms) int { return a.From.Compare(b.From) })
		out[id] = ts
	}
	return &TermsFile{terms: out, rows: read}, nil
}

// csvRow is one row of a CSV input, with the positions of its fields.
type csvRow struct {
	name string
	line int
	rec  []string
	pos  []diag.Pos
	col  map[string]int
}

func (r csvRow) at(col int) diag.Pos { return diag.Pos{File: r.name, Line: r.line, Col: col} }

// get returns the trimmed value of a column and its position.
func (r csvRow) get(col string) (string, diag.Pos) {
	i, ok := r.col[col]
	if !ok || i >= len(r.rec) {
		return "", r.at(1)
	}
	return strings.TrimSpace(r.rec[i]), r.pos[i]
}

func (r csvRow) bad(list *diag.List, pos diag.Pos, code diag.Code, format string, args ...any) {
	*list = append(*list, &diag.Problem{Pos: pos, Code: code, Message: fmt.Sprintf(format, args...)})
}

// readCSV reads a CSV input with a header of known columns, of which
// need are required, and calls each with every row in turn (a row is
// the call's: its fields' positions are reused for the next, so that a
// file of a million rows is never held as rows). It returns the problems
// of the header and syntax; err is set when the rows cannot be read at
// all.
func readCSV(name string, r io.Reader, what string, known, need []string, each func(csvRow)) (diag.List, error) {
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
			return nil, diag.List{{Pos: at(1, 1), Code: diag.Missing, Message: fmt.Sprintf("empty %s file: want the header %s", what, strings.Join(known, ","))}}
		}
		return nil, diag.List{{Pos: at(1, 1), Code: diag.Syntax, Message: err.Error()}}
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.ToLower(h))
		_, c := cr.FieldPos(i)
		if !slices.Contains(known, h) {
			p := list.Add("", diag.UnknownKey, "unknown column %q", h)
			p.Pos, p.Hint = at(1, c), diag.DidYouMean(h, known)
			continue
		}
		if _, dup := col[h]; dup {
			list = append(list, &diag.Problem{Pos: at(1, c), Code: diag.DuplicateKey, Message: fmt.Sprintf("column %s twice", h)})
		}
		col[h] = i
	}
	for _, n := range need {
		if _, ok := col[n]; !ok {
			list = append(list, &diag.Problem{Pos: at(1, 1), Code: diag.Missing, Message: "missing column " + n + ": want " + strings.Join(known, ",")})
		}
	}
	if len(list) > 0 {
		return nil, list.Err()
	}
	cr.ReuseRecord = true
	var pos []diag.Pos
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				list = append(list, &diag.Problem{Pos: at(pe.Line, max(pe.Column, 1)), Code: diag.Syntax, Message: pe.Err.Error()})
				break
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		pos = pos[:0]
		for i := range rec {
			l, c := cr.FieldPos(i)
			pos = append(pos, at(l, c))
		}
		each(csvRow{name: name, line: line, rec: rec, col: col, pos: pos})
	}
	return list, nil
}
