package commission

import (
	"fmt"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/diag"
	fx "github.com/salesplan/salesplan/internal/fixed"
	"github.com/shopspring/decimal"
)

// Mode is how a rate table turns a value into an amount.
type Mode string

// The table modes. Take the table 0–20,000 at 3%, 20,000+ at 5%:
const (
	// Highest pays the whole base at the rate of the band the value
	// reaches (also called retroactive, non-split or flat): 30,000 → 1,500.
	Highest Mode = "highest"
	// Marginal pays each slice of the value at its own band's rate (step,
	// graduated, cumulative): 30,000 → 600 + 500 = 1,100.
	Marginal Mode = "marginal"
	// Linear interpolates the rate inside each band, between the band's
	// rate at its lower bound and the next band's rate at the next bound,
	// for payout curves; the top band is flat. Applied to a value it pays
	// the whole base at the interpolated rate; applied to a slice between
	// running totals it pays the integral of the rate over the slice.
	Linear Mode = "linear"
	// Step pays a fixed amount for the band the value reaches (SPIF
	// ladders); on a slice between running totals it pays the difference
	// of the amounts at its two ends.
	Step Mode = "step"
	// Prorated pays each band's fixed amount pro rata to the part of the
	// band the value reaches: with 0–100 paying 10 and 100–300 paying 40
	// (to: 300), 50 → 5 and 200 → 10 + 20 = 30. It is marginal with a
	// rate of amount / width in each band, so the top band needs an upper
	// limit (to). On a slice between running totals it pays the part of
	// each band the slice covers; a credit note reverses from the top
	// down. Its rate at a value is the band's amount per unit.
	Prorated Mode = "prorated"
)

// modeNames are the modes, as a problem lists them.
var modeNames = []string{"highest", "marginal", "linear", "step", "prorated"}

// Basis is what a table's band bounds measure.
type Basis string

// The bases.
const (
	// Amount bounds are in currency (the default).
	Amount Basis = "amount"
	// Attainment bounds are fractions of quota: 1 is 100%. Applied to
	// running totals, they are multiplied by the payee's quota.
	Attainment Basis = "attainment"
)

// Bounds says to which band a value equal to a bound belongs.
type Bounds string

// The bound rules. Take bands from 0 at 3% and from 100,000 at 5%:
const (
	// LowerBounds puts a value equal to a bound in the higher band (the
	// default): 100,000 is paid 5%. Each band runs from its bound
	// (inclusive) to the next (exclusive).
	LowerBounds Bounds = "lower"
	// UpperBounds puts it in the lower band ("up to and including
	// 100,000"): 100,000 is paid 3%. Each band runs from above its bound
	// to the next bound inclusive; the first band also holds its own
	// bound.
	UpperBounds Bounds = "upper"
)

// Above says what a table with an upper limit (TableDef.To) pays beyond
// it.
type Above string

// The rules beyond a table's upper limit.
const (
	// AboveNone: the table pays nothing more beyond its limit; a value
	// beyond it is priced as the limit itself, and the part of a slice
	// beyond it pays nothing. The rate of a marginal or prorated table
	// there is 0; a highest, linear or step table reads its rate at the
	// limit (a payout curve stays flat).
	AboveNone Above = "none"
	// AboveLast: the top band goes on beyond the limit at its rate (a
	// prorated table at its amount per unit); for the other modes this
	// is the same as no limit.
	AboveLast Above = "last"
)

// divPrecision is the number of decimal places kept by the divisions of
// linear interpolation and of prorated bands; results are rounded only
// on statement lines.
const divPrecision = 20

// Band is one band of a rate table: from its lower bound (inclusive) up to
// the next band's bound (exclusive), or up to the table's limit (to) or
// without limit for the top band; with bounds: upper, from above its
// bound up to the next bound inclusive.
type Band struct {
	From decimal.Decimal `yaml:"from" json:"from"`
	// Rate is the band's rate (highest, marginal, linear).
	Rate decimal.Decimal `yaml:"rate" json:"rate,omitzero"`
	// Amount is the band's fixed amount (step, prorated).
	Amount decimal.Decimal `yaml:"amount" json:"amount,omitzero"`

	// top is set on the top band of a compiled table only: the table's
	// bound rule and limit, so that a row of bands is all the pricing
	// functions need.
	top topRule
}

// topRule is a compiled table's bound rule and upper limit.
type topRule struct {
	upper   bool            // bounds: upper
	limited bool            // to is given
	none    bool            // above: none
	to      decimal.Decimal // the limit, in the unit of the bounds
}

// TableRow is the bands of a two-dimensional table for one key (a product
// line, say). The key "*" is the row for keys that have none of their own.
type TableRow struct {
	Key   string `yaml:"key" json:"key"`
	Bands []Band `yaml:"bands" json:"bands"`
}

// TableDef is a rate table as a document writes it: either Bands, or Rows
// for a table of two dimensions.
type TableDef struct {
	ID    string     `yaml:"id" json:"id"`
	Mode  Mode       `yaml:"mode" json:"mode"`
	Basis Basis      `yaml:"basis" json:"basis,omitempty"`
	Bands []Band     `yaml:"bands" json:"bands,omitempty"`
	Rows  []TableRow `yaml:"rows" json:"rows,omitempty"`
	// Bounds is lower (the default: a value equal to a bound belongs to
	// the higher band) or upper (to the lower band).
	Bounds Bounds `yaml:"bounds" json:"bounds,omitempty"`
	// To is the upper limit of the top band (of every row), above its
	// from; a prorated table needs it. Above says what is paid beyond.
	To *decimal.Decimal `yaml:"to" json:"to,omitempty"`
	// Above is none (nothing more beyond To) or last (the top band goes
	// on); it is given with To, and only with it.
	Above Above `yaml:"above" json:"above,omitempty"`
	// Penalty allows negative rates and amounts (a decelerator or
	// penalty table); without it they are refused.
	Penalty bool `yaml:"penalty" json:"penalty,omitempty"`
}

// Table is a compiled rate table. It is immutable and safe for concurrent
// use.
type Table struct {
	id      string
	mode    Mode
	basis   Basis
	bounds  Bounds
	to      *decimal.Decimal
	above   Above
	penalty bool
	rows    map[string][]Band // "" holds a one-dimensional table's bands
	keys    []string
}

// NewTable validates def and compiles it. Bands must be given, ascending
// by From with no two equal; step and prorated tables need amounts, the
// others rates; rates and amounts are not negative unless the table is a
// penalty table; a prorated table needs To, and To (given with Above) is
// above the top band's From. Problems are reported by path inside the
// definition (bands[2].from).
func NewTable(def TableDef) (*Table, error) {
	var list diag.List
	t := &Table{id: def.ID, mode: def.Mode, basis: def.Basis, bounds: def.Bounds, above: def.Above, penalty: def.Penalty, rows: map[string][]Band{}}
	if def.ID == "" {
		list.Add("id", diag.Missing, "missing table id")
	}
	switch def.Mode {
	case Highest, Marginal, Linear, Step, Prorated:
	case "":
		list.Add("mode", diag.Missing, "missing table mode (highest, marginal, linear, step or prorated)")
	default:
		p := list.Add("mode", diag.InvalidValue, "unknown table mode %q: want highest, marginal, linear, step or prorated", def.Mode)
		p.Hint = diag.DidYouMean(string(def.Mode), modeNames)
	}
	switch def.Basis {
	case "":
		t.basis = Amount
	case Amount, Attainment:
	default:
		list.Add("basis", diag.InvalidValue, "unknown table basis %q: want amount or attainment", def.Basis)
	}
	switch def.Bounds {
	case "":
		t.bounds = LowerBounds
	case LowerBounds, UpperBounds:
	default:
		p := list.Add("bounds", diag.InvalidValue, "unknown table bounds %q: want lower or upper", def.Bounds)
		p.Hint = diag.DidYouMean(string(def.Bounds), []string{"lower", "upper"})
	}
	top := topRule{upper: def.Bounds == UpperBounds}
	if def.To != nil {
		to := *def.To
		t.to = &to
		top.limited, top.to = true, *def.To
	}
	switch def.Above {
	case "":
		if def.To != nil {
			list.Add("above", diag.Missing, "a table with to says what it pays beyond it: above: none (nothing more) or last (the top band goes on)")
		}
	case AboveNone, AboveLast:
		if def.To == nil {
			list.Add("above", diag.InvalidValue, "above applies beyond the table's upper limit: give to, or leave above out")
		}
		top.none = def.Above == AboveNone
	default:
		p := list.Add("above", diag.InvalidValue, "unknown table above %q: want none or last", def.Above)
		p.Hint = diag.DidYouMean(string(def.Above), []string{"none", "last"})
	}
	if def.Mode == Prorated && def.To == nil {
		list.Add("to", diag.Missing, "a prorated table needs to, the upper limit of its top band, to spread the band's amount over")
	}
	check := func(path, row string, bands []Band) []Band {
		checkBands(&list, path, def, bands)
		if def.To != nil && len(bands) > 0 && !def.To.GreaterThan(bands[len(bands)-1].From) {
			msg := fmt.Sprintf("to %s must be above the top band's from %s", def.To, bands[len(bands)-1].From)
			if row != "" {
				msg += " (row " + row + ")"
			}
			list.Add("to", diag.InvalidValue, "%s", msg)
		}
		out := slices.Clone(bands)
		if len(out) > 0 {
			out[len(out)-1].top = top
		}
		return out
	}
	switch {
	case len(def.Bands) > 0 && len(def.Rows) > 0:
		list.Add("rows", diag.InvalidValue, "a table has either bands or rows, not both")
	case len(def.Bands) > 0:
		t.rows[""] = check("bands", "", def.Bands)
	case len(def.Rows) > 0:
		for i, r := range def.Rows {
			path := fmt.Sprintf("rows[%d]", i)
			if r.Key == "" {
				list.Add(path+".key", diag.Missing, "missing row key (use * for the default row)")
				continue
			}
			if _, dup := t.rows[r.Key]; dup {
				list.Add(path+".key", diag.DuplicateID, "row %q is given twice", r.Key)
				continue
			}
			t.rows[r.Key] = check(path+".bands", r.Key, r.Bands)
			t.keys = append(t.keys, r.Key)
		}
	default:
		list.Add("bands", diag.Missing, "a table needs bands")
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

func checkBands(list *diag.List, path string, def TableDef, bands []Band) {
	if len(bands) == 0 {
		list.Add(path, diag.Missing, "a table needs bands")
		return
	}
	amounts := def.Mode == Step || def.Mode == Prorated
	for i, b := range bands {
		at := fmt.Sprintf("%s[%d]", path, i)
		if i > 0 && !b.From.GreaterThan(bands[i-1].From) {
			list.Add(at+".from", diag.InvalidValue,
				"bands must be ascending: %s does not come after %s", b.From, bands[i-1].From)
		}
		if amounts && !b.Rate.IsZero() {
			list.Add(at+".rate", diag.InvalidValue, "a %s table pays amounts, not rates", def.Mode)
		}
		if !amounts && !b.Amount.IsZero() {
			list.Add(at+".amount", diag.InvalidValue, "a %s table pays rates, not amounts (use mode: step or prorated for amounts)", def.Mode)
		}
		if def.Penalty {
			continue
		}
		if b.Rate.Sign() < 0 {
			list.Add(at+".rate", diag.InvalidValue, "negative rate %s: a table with negative rates says penalty: true (a decelerator or penalty table)", b.Rate)
		}
		if b.Amount.Sign() < 0 {
			list.Add(at+".amount", diag.InvalidValue, "negative amount %s: a table with negative amounts says penalty: true (a decelerator or penalty table)", b.Amount)
		}
	}
}

// ID returns the table's id.
func (t *Table) ID() string { return t.id }

// Mode returns the table's mode.
func (t *Table) Mode() Mode { return t.mode }

// Basis returns what the table's bounds measure.
func (t *Table) Basis() Basis { return t.basis }

// Bounds returns the table's bound rule: lower or upper.
func (t *Table) Bounds() Bounds { return t.bounds }

// Limit returns the table's upper limit and what it pays beyond it; ok
// is false for a table without a limit.
func (t *Table) Limit() (to decimal.Decimal, above Above, ok bool) {
	if t.to == nil {
		return decimal.Zero, "", false
	}
	return *t.to, t.above, true
}

// Penalty reports whether the table allows negative rates and amounts.
func (t *Table) Penalty() bool { return t.penalty }

// TwoDimensional reports whether the table has rows by key.
func (t *Table) TwoDimensional() bool { return len(t.keys) > 0 }

// bands returns the bands for key: the key's row, else the "*" row, else
// an error. A one-dimensional table ignores the key.
func (t *Table) bands(key string) ([]Band, error) {
	b, _, err := t.row(key)
	return b, err
}

// row is bands, with the key of the row used: key, "*", or "" for a
// one-dimensional table.
func (t *Table) row(key string) ([]Band, string, error) {
	if b, ok := t.rows[""]; ok {
		return b, "", nil
	}
	if b, ok := t.rows[key]; ok {
		return b, key, nil
	}
	if b, ok := t.rows["*"]; ok {
		return b, "*", nil
	}
	return nil, "", fmt.Errorf("table %s has no row %q and no default row *", t.id, key)
}

// rule returns the bound rule and limit of a compiled row of bands, kept
// on its top band.
func rule(bands []Band) topRule {
	if len(bands) == 0 {
		return topRule{}
	}
	return bands[len(bands)-1].top
}

// beyond reports whether v lies past the limit: above it, or at it with
// lower bounds (where a value at a bound belongs to what comes next).
func (r topRule) beyond(v decimal.Decimal) bool {
	if !r.limited {
		return false
	}
	c := v.Cmp(r.to)
	return c > 0 || (c == 0 && !r.upper)
}

// cut reports whether a value or slice up to v is cut at the limit: the
// table pays nothing more above it.
func (r topRule) cut(v decimal.Decimal) bool {
	return r.limited && r.none && v.GreaterThan(r.to)
}

// bandIndex returns the index of the band holding v: the last band whose
// bound is at most v (upper false) or below v (upper true, where the
// first band also holds its own bound); -1 below the first bound.
func bandIndex(bands []Band, v decimal.Decimal, upper bool) int {
	lo, hi := 0, len(bands)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c := fx.Cmp(bands[m].From, v); c < 0 || (c == 0 && !upper) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 && upper && len(bands) > 0 && fx.Cmp(bands[0].From, v) == 0 {
		return 0
	}
	return lo - 1
}

// bandName names band i of bands by its lower bound, written bound:
// "band 25,000.00+" when a value at the bound belongs to the band, and
// "band above 25,000.00" for a band of an upper-bound table above its
// first (which holds values over its bound, up to and including the
// next): a deal of exactly 75,000.00 is then "above 25,000.00", not in a
// band that reads as if it started there.
func bandName(bands []Band, i int, bound string) string {
	if i > 0 && rule(bands).upper {
		return "band above " + bound
	}
	return "band " + bound + "+"
}

// bandAt returns the index of the band v falls in by the table's bound
// rule (with lower bounds, a value equal to a bound belongs to the higher
// band; with upper bounds, to the lower), or -1 below the first bound.
// Beyond the table's limit it is the top band.
func bandAt(bands []Band, v decimal.Decimal) int {
	return bandIndex(bands, v, rule(bands).upper)
}

// bandFrom returns the band a slice that starts at x goes on in: the
// last whose bound is at most x, whatever the bound rule (a slice has no
// part at a single point).
func bandFrom(bands []Band, x decimal.Decimal) int {
	return bandIndex(bands, x, false)
}

// width returns the width of band i: up to the next bound, or for the
// top band up to the limit (a prorated table has one).
func width(bands []Band, i int) decimal.Decimal {
	if i+1 < len(bands) {
		return bands[i+1].From.Sub(bands[i].From)
	}
	return rule(bands).to.Sub(bands[i].From)
}

// perUnit returns what band i of a prorated table pays per unit: its
// amount over its width.
func perUnit(bands []Band, i int) decimal.Decimal {
	w := width(bands, i)
	if w.Sign() <= 0 {
		return decimal.Zero
	}
	return bands[i].Amount.DivRound(w, divPrecision)
}

// Slice is one piece of a table's computation: the part of the value
// between From and To priced at Rate (or paid Amount, for a step table),
// in the band whose lower bound is Bound.
type Slice struct {
	// Band is the index of the band in its row, -1 below the table, and
	// the number of bands beyond the limit of a table that pays nothing
	// more there (above: none; Bound is then the limit, Rate and Amount
	// 0).
	Band int `json:"band"`
	// Bound is the band's lower bound, in the unit of From and To; zero
	// below the table.
	Bound decimal.Decimal `json:"bound"`
	From  decimal.Decimal `json:"from"`
	To    decimal.Decimal `json:"to"`
	// Rate is the band's rate; for a prorated band, its amount per unit.
	Rate   decimal.Decimal `json:"rate"`
	Amount decimal.Decimal `json:"amount"`
}

// slice returns the slice of band i from a to b, its bound set.
func slice(bands []Band, i int, a, b decimal.Decimal) Slice {
	s := Slice{Band: i, From: a, To: b}
	if i >= 0 {
		s.Bound = bands[i].From
	}
	return s
}

// beyondSlice is the slice from a to b beyond the limit of a table that
// pays nothing more there.
func beyondSlice(bands []Band, a, b decimal.Decimal) Slice {
	return Slice{Band: len(bands), Bound: rule(bands).to, From: a, To: b}
}

// Priced is the outcome of applying a table: the amount and how it was
// made.
type Priced struct {
	Amount decimal.Decimal
	Slices []Slice
}

// Rate returns the rate at value v: the rate of the band v reaches (by
// the table's bound rule), or for a linear table the rate interpolated
// inside the band; for a prorated table the band's amount per unit; 0
// below the first band. For a step table it returns the band's amount.
// Beyond the limit of a table with above: none, a marginal or prorated
// table's rate is 0 (nothing more is paid) and the others read their
// rate at the limit.
func (t *Table) Rate(key string, v decimal.Decimal) (decimal.Decimal, error) {
	bands, err := t.bands(key)
	if err != nil {
		return decimal.Zero, err
	}
	return rateAt(t.mode, bands, v), nil
}

func rateAt(mode Mode, bands []Band, v decimal.Decimal) decimal.Decimal {
	if r := rule(bands); r.none && r.beyond(v) {
		if mode == Marginal || mode == Prorated {
			return decimal.Zero
		}
		v = r.to
	}
	i := bandAt(bands, v)
	switch {
	case i < 0:
		return decimal.Zero
	case mode == Step:
		return bands[i].Amount
	case mode == Prorated:
		return perUnit(bands, i)
	case mode == Linear && i+1 < len(bands):
		lo, hi := bands[i], bands[i+1]
		frac := v.Sub(lo.From).DivRound(hi.From.Sub(lo.From), divPrecision)
		return lo.Rate.Add(hi.Rate.Sub(lo.Rate).Mul(frac))
	}
	return bands[i].Rate
}

// Apply prices the value v on its own (a per-deal tier): highest and
// linear pay v at the rate of v, marginal pays each slice of [0, v] at
// its band's rate, prorated pays the part of each band's amount that
// [0, v] covers, step pays the amount of v's band. Beyond the limit of a
// table with above: none, v is priced as the limit. A negative v (a
// return) is priced as |v|, and the sign restored.
func (t *Table) Apply(key string, v decimal.Decimal) (Priced, error) {
	if v.Sign() < 0 {
		p, err := t.Apply(key, v.Neg())
		return p.neg(), err
	}
	bands, err := t.bands(key)
	if err != nil {
		return Priced{}, err
	}
	return apply(t.mode, bands, v), nil
}

func apply(mode Mode, bands []Band, v decimal.Decimal) Priced {
	switch mode {
	case Marginal, Prorated:
		return applyRange(mode, bands, decimal.Zero, v)
	case Step:
		i := bandAt(bands, v)
		s := slice(bands, i, decimal.Zero, v)
		s.Amount = rateAt(mode, bands, v)
		return Priced{Amount: s.Amount, Slices: []Slice{s}}
	}
	if r := rule(bands); r.cut(v) {
		p := Priced{Slices: make([]Slice, 1, 2)}
		p.Slices[0] = priceAt(mode, bands, r.to)
		p.Amount = p.Slices[0].Amount
		p.Slices = append(p.Slices, beyondSlice(bands, r.to, v))
		return p
	}
	s := priceAt(mode, bands, v)
	return Priced{Amount: s.Amount, Slices: []Slice{s}}
}

// priceAt is the slice [0, v] of a highest or linear table, at the rate
// of v.
func priceAt(mode Mode, bands []Band, v decimal.Decimal) Slice {
	s := slice(bands, bandAt(bands, v), decimal.Zero, v)
	s.Rate = rateAt(mode, bands, v)
	s.Amount = v.Mul(s.Rate)
	return s
}

// ApplyRange prices the slice of a running total from before to after (a
// deal that takes a payee's period total from before to after): marginal,
// linear and prorated price each part of the slice in its own band (a
// deal that straddles a bound is split across bands), highest pays the
// whole slice at the rate of the band after reaches, step pays the
// difference of the amounts at after and before. Beyond the limit of a
// table with above: none, the slice pays nothing more. When after <
// before (a return) the result is the negated price of [after, before]:
// a credit note reverses from the top down.
func (t *Table) ApplyRange(key string, before, after decimal.Decimal) (Priced, error) {
	bands, err := t.bands(key)
	if err != nil {
		return Priced{}, err
	}
	if after.LessThan(before) {
		return applyRange(t.mode, bands, after, before).neg(), nil
	}
	return applyRange(t.mode, bands, before, after), nil
}

// widthTimes returns (b - a) × r, in fixed point when the numbers fit:
// the decimal shopspring's Sub and Mul give, written the same way.
func widthTimes(a, b, r decimal.Decimal) decimal.Decimal {
	if x, ok := fx.Of(a); ok {
		if y, ok := fx.Of(b); ok {
			if z, ok := fx.Of(r); ok {
				if w, ok := y.Sub(x); ok {
					if p, ok := w.Mul(z); ok {
						return p.Decimal()
					}
				}
			}
		}
	}
	return b.Sub(a).Mul(r)
}

// sum returns a + b, in fixed point when the numbers fit (as decimal's
// Add writes it).
func sum(a, b decimal.Decimal) decimal.Decimal {
	if x, ok := fx.Of(a); ok {
		if y, ok := fx.Of(b); ok {
			if s, ok := x.Add(y); ok {
				return s.Decimal()
			}
		}
	}
	return a.Add(b)
}

// isDiff reports whether d = b - a, without a decimal of the difference
// when the numbers fit.
func isDiff(d, a, b decimal.Decimal) bool {
	if x, ok := fx.Of(a); ok {
		if y, ok := fx.Of(b); ok {
			if z, ok := fx.Of(d); ok {
				if w, ok := y.Sub(x); ok {
					if c, ok := z.Cmp(w); ok {
						return c == 0
					}
				}
			}
		}
	}
	return d.Equal(b.Sub(a))
}

// scaled returns bands with every bound, and the limit, multiplied by
// factor: an attainment table's bounds in currency for a quota.
func scaled(bands []Band, factor decimal.Decimal) []Band {
	out := slices.Clone(bands)
	for i := range out {
		out[i].From = out[i].From.Mul(factor)
	}
	if n := len(out); n > 0 && out[n-1].top.limited {
		out[n-1].top.to = out[n-1].top.to.Mul(factor)
	}
	return out
}

// applyRange prices [a, b], a ≤ b: the part up to the limit of a table
// that pays nothing more beyond it, then the rest as a slice that pays
// nothing.
func applyRange(mode Mode, bands []Band, a, b decimal.Decimal) Priced {
	return applyRangeIn(nil, nil, mode, bands, nil, a, b)
}

// applyRangeIn is applyRange with the slices in buf's room when it has
// enough (three), else in a slice of their own; nb, when not nil, is
// bands in fixed point.
func applyRangeIn(slab *fx.Slab, buf []Slice, mode Mode, bands []Band, nb *numBands, a, b decimal.Decimal) Priced {
	r := rule(bands)
	if mode == Step || !r.cut(b) {
		return priceRange(slab, buf, mode, bands, nb, a, b, 0)
	}
	if !a.LessThan(r.to) {
		return Priced{Slices: []Slice{beyondSlice(bands, a, b)}}
	}
	p := priceRange(slab, buf, mode, bands, nil, a, r.to, 1)
	p.Slices = append(p.Slices, beyondSlice(bands, r.to, b))
	return p
}

// priceRange prices [a, b] inside the table's limit, with room for extra
// more slices, in buf when it has the room; a marginal table's in fixed
// point when nb (bands in fixed point) is given and the numbers fit.
func priceRange(slab *fx.Slab, buf []Slice, mode Mode, bands []Band, nb *numBands, a, b decimal.Decimal, extra int) Priced {
	room := func(n int) []Slice {
		if cap(buf) >= n {
			return buf[:0]
		}
		return make([]Slice, 0, n)
	}
	switch mode {
	case Highest:
		i := bandAt(bands, b)
		s := slice(bands, i, a, b)
		if i >= 0 {
			s.Rate = bands[i].Rate
		}
		s.Amount = widthTimes(a, b, s.Rate)
		p := Priced{Amount: s.Amount, Slices: append(room(1+extra), s)}
		return p
	case Step:
		amt := rateAt(mode, bands, b).Sub(rateAt(mode, bands, a))
		s := slice(bands, bandAt(bands, b), a, b)
		s.Amount = amt
		return Priced{Amount: amt, Slices: []Slice{s}}
	}
	// Marginal, linear and prorated: walk the bands the slice crosses.
	// room for a slice that straddles one bound without a second
	// allocation (finding the bands first would cost more)
	if mode == Marginal && nb != nil && nb.ok {
		if p, ok := marginalNum(slab, room(2+extra), bands, nb, a, b); ok {
			return p
		}
	}
	p := Priced{Slices: room(2 + extra)}
	x := a
	for fx.Cmp(x, b) < 0 {
		i := bandFrom(bands, x)
		end := b
		if i+1 < len(bands) && fx.Cmp(bands[i+1].From, end) < 0 {
			end = bands[i+1].From
		}
		s := slice(bands, i, x, end)
		if i >= 0 {
			switch mode {
			case Linear:
				r0, r1 := rateAt(mode, bands, x), rateAt(mode, bands, end)
				if i+1 < len(bands) && end.Equal(bands[i+1].From) {
					// the rate reached at the bound is the interpolation's
					// end, not the next band's start
					r1 = bands[i+1].Rate
				}
				s.Rate = r0.Add(r1).Div(decimal.NewFromInt(2))
				s.Amount = end.Sub(x).Mul(s.Rate)
			case Prorated:
				// the band's amount times the part of the band covered,
				// divided last so that a whole band pays its amount
				s.Rate = perUnit(bands, i)
				if w := width(bands, i); w.Sign() > 0 {
					s.Amount = bands[i].Amount.Mul(end.Sub(x)).DivRound(w, divPrecision)
				}
			default:
				s.Rate = bands[i].Rate
				s.Amount = widthTimes(x, end, s.Rate)
			}
		}
		if len(p.Slices) == 0 && s.Amount.Exponent() <= 0 {
			p.Amount = s.Amount // 0 + s.Amount, as shopspring writes it
		} else {
			p.Amount = sum(p.Amount, s.Amount)
		}
		p.Slices = append(p.Slices, s)
		x = end
	}
	if len(p.Slices) == 0 {
		p.Slices = append(p.Slices, slice(bands, bandAt(bands, a), a, b))
	}
	return p
}

// numBands are a row of bands' bounds and rates in fixed point; ok is
// false when one does not fit.
type numBands struct {
	from, rate []fx.Num
	ok         bool
}

// numsOf returns bands in fixed point, in nb's arrays when they are big
// enough.
func numsOf(nb numBands, bands []Band) numBands {
	nb.from, nb.rate, nb.ok = room(nb.from, len(bands)), room(nb.rate, len(bands)), true
	for i := range bands {
		f, ok1 := fx.Of(bands[i].From)
		r, ok2 := fx.Of(bands[i].Rate)
		if !ok1 || !ok2 {
			nb.ok = false
			return nb
		}
		nb.from[i], nb.rate[i] = f, r
	}
	return nb
}

// marginalNum is priceRange's walk of a marginal table's bands from a to
// b, in fixed point: the same slices and amounts, the same decimals,
// without a decimal comparison or product. ok is false when a number
// does not fit, for the caller to price in decimals.
func marginalNum(slab *fx.Slab, dst []Slice, bands []Band, nb *numBands, a, b decimal.Decimal) (Priced, bool) {
	an, ok1 := fx.Of(a)
	bn, ok2 := fx.Of(b)
	if !ok1 || !ok2 {
		return Priced{}, false
	}
	p := Priced{Slices: dst}
	var sumN fx.Num // p.Amount's
	x, xn := a, an
	for {
		c, ok := xn.Cmp(bn)
		if !ok {
			return Priced{}, false
		}
		if c >= 0 {
			break
		}
		// the band the slice from x goes on in: the last whose bound is
		// at most x (bandFrom)
		lo, hi := 0, len(nb.from)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			c, ok := nb.from[m].Cmp(xn)
			if !ok {
				return Priced{}, false
			}
			if c <= 0 {
				lo = m + 1
			} else {
				hi = m
			}
		}
		i := lo - 1
		end, endN := b, bn
		if i+1 < len(bands) {
			c, ok := nb.from[i+1].Cmp(endN)
			if !ok {
				return Priced{}, false
			}
			if c < 0 {
				end, endN = bands[i+1].From, nb.from[i+1]
			}
		}
		s := slice(bands, i, x, end)
		var amt fx.Num // s.Amount's: 0 below the table
		if i >= 0 {
			s.Rate = bands[i].Rate
			w, ok := endN.Sub(xn)
			if ok {
				amt, ok = w.Mul(nb.rate[i])
			}
			if !ok {
				return Priced{}, false
			}
			s.Amount = slab.Decimal(amt) // widthTimes
		}
		if len(p.Slices) == 0 && s.Amount.Exponent() <= 0 {
			p.Amount, sumN = s.Amount, amt
		} else {
			t, ok := sumN.Add(amt) // sum
			if !ok {
				return Priced{}, false
			}
			p.Amount, sumN = slab.Decimal(t), t
		}
		p.Slices = append(p.Slices, s)
		x, xn = end, endN
	}
	if len(p.Slices) == 0 {
		p.Slices = append(p.Slices, slice(bands, bandAt(bands, a), a, b))
	}
	return p, true
}

// negate is neg in place, for slices of p's own.
func (p *Priced) negate() {
	p.Amount = p.Amount.Neg()
	for i := range p.Slices {
		p.Slices[i].Amount = p.Slices[i].Amount.Neg()
	}
}

func (p Priced) neg() Priced {
	p.Amount = p.Amount.Neg()
	s := slices.Clone(p.Slices)
	for i := range s {
		s[i].Amount = s[i].Amount.Neg()
	}
	p.Slices = s
	return p
}

// describeSlices writes the slices of a priced amount for an explanation:
// "10,000.00 x 5% (table ae, band 0.00+, slice 190,000.00-200,000.00) +
// 20,000.00 x 7% (table ae, band 200,000.00+, slice
// 200,000.00-220,000.00)"; a prorated slice is the band's amount times
// the share of the band covered, "10.00 x 50% (table t, band 0.00+,
// slice 0.00-50.00)"; a slice beyond the limit of a table that pays
// nothing more there, "20.00 beyond the limit 100.00 (table t): nothing
// more". unit writes the bounds: amounts, or rates for bounds in
// attainment.
func describeSlices(t *Table, pc *Pricing, p Priced, unit func(decimal.Decimal) string) string {
	var b strings.Builder
	row := rowText(pc)
	bands := t.rows[pc.Row]
	for i, s := range p.Slices {
		if i > 0 {
			b.WriteString(" + ")
		}
		if s.Band == len(bands) {
			b.WriteString(formatAmount(s.To.Sub(s.From)) + " beyond the limit " + unit(s.Bound) + " (table " + t.id + row + "): nothing more")
			continue
		}
		band := "below the table"
		if s.Band >= 0 {
			band = bandName(bands, s.Band, unit(s.Bound))
		}
		if t.mode == Step {
			b.WriteString(formatAmount(s.Amount) + " (table " + t.id + row + ", " + band + ")")
			continue
		}
		if t.mode == Prorated && s.Band >= 0 {
			amt := bands[s.Band].Amount
			share := decimal.Zero
			if !amt.IsZero() {
				share = s.Amount.Abs().DivRound(amt.Abs(), divPrecision)
			}
			b.WriteString(formatAmount(amt) + " x " + formatPercent(share))
		} else {
			b.WriteString(formatAmount(s.To.Sub(s.From)) + " x " + formatRate(s.Rate))
		}
		b.WriteString(" (table " + t.id + row + ", " + band + ", slice ")
		b.WriteString(unit(s.From))
		b.WriteByte('-')
		b.WriteString(unit(s.To))
		b.WriteByte(')')
	}
	return b.String()
}
