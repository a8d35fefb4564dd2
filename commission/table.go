package commission

import (
	"fmt"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/diag"
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
)

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

// divPrecision is the number of decimal places kept by the divisions of
// linear interpolation; results are rounded only on statement lines.
const divPrecision = 20

// Band is one band of a rate table: from its lower bound (inclusive) up to
// the next band's bound (exclusive), or without limit for the top band.
type Band struct {
	From decimal.Decimal `yaml:"from" json:"from"`
	// Rate is the band's rate (highest, marginal, linear).
	Rate decimal.Decimal `yaml:"rate" json:"rate,omitzero"`
	// Amount is the band's fixed amount (step).
	Amount decimal.Decimal `yaml:"amount" json:"amount,omitzero"`
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
}

// Table is a compiled rate table. It is immutable and safe for concurrent
// use.
type Table struct {
	id    string
	mode  Mode
	basis Basis
	rows  map[string][]Band // "" holds a one-dimensional table's bands
	keys  []string
}

// NewTable validates def and compiles it. Bands must be given, ascending
// by From with no two equal; step tables need amounts, the others rates.
// Problems are reported by path inside the definition (bands[2].from).
func NewTable(def TableDef) (*Table, error) {
	var list diag.List
	t := &Table{id: def.ID, mode: def.Mode, basis: def.Basis, rows: map[string][]Band{}}
	if def.ID == "" {
		list.Add("id", diag.Missing, "missing table id")
	}
	switch def.Mode {
	case Highest, Marginal, Linear, Step:
	case "":
		list.Add("mode", diag.Missing, "missing table mode (highest, marginal, linear or step)")
	default:
		p := list.Add("mode", diag.InvalidValue, "unknown table mode %q: want highest, marginal, linear or step", def.Mode)
		p.Hint = diag.DidYouMean(string(def.Mode), []string{"highest", "marginal", "linear", "step"})
	}
	switch def.Basis {
	case "":
		t.basis = Amount
	case Amount, Attainment:
	default:
		list.Add("basis", diag.InvalidValue, "unknown table basis %q: want amount or attainment", def.Basis)
	}
	switch {
	case len(def.Bands) > 0 && len(def.Rows) > 0:
		list.Add("rows", diag.InvalidValue, "a table has either bands or rows, not both")
	case len(def.Bands) > 0:
		checkBands(&list, "bands", def.Mode, def.Bands)
		t.rows[""] = slices.Clone(def.Bands)
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
			checkBands(&list, path+".bands", def.Mode, r.Bands)
			t.rows[r.Key] = slices.Clone(r.Bands)
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

func checkBands(list *diag.List, path string, mode Mode, bands []Band) {
	if len(bands) == 0 {
		list.Add(path, diag.Missing, "a table needs bands")
		return
	}
	for i, b := range bands {
		if i > 0 && !b.From.GreaterThan(bands[i-1].From) {
			list.Add(fmt.Sprintf("%s[%d].from", path, i), diag.InvalidValue,
				"bands must be ascending: %s does not come after %s", b.From, bands[i-1].From)
		}
		if mode == Step && !b.Rate.IsZero() {
			list.Add(fmt.Sprintf("%s[%d].rate", path, i), diag.InvalidValue, "a step table pays amounts, not rates")
		}
		if mode != Step && !b.Amount.IsZero() {
			list.Add(fmt.Sprintf("%s[%d].amount", path, i), diag.InvalidValue, "a %s table pays rates, not amounts (use mode: step for fixed amounts)", mode)
		}
	}
}

// ID returns the table's id.
func (t *Table) ID() string { return t.id }

// Mode returns the table's mode.
func (t *Table) Mode() Mode { return t.mode }

// Basis returns what the table's bounds measure.
func (t *Table) Basis() Basis { return t.basis }

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

// bandAt returns the index of the band v falls in: the last band whose
// bound is at most v (a value equal to a bound belongs to the higher
// band), or -1 below the first bound.
func bandAt(bands []Band, v decimal.Decimal) int {
	i, _ := slices.BinarySearchFunc(bands, v, func(b Band, v decimal.Decimal) int {
		if b.From.GreaterThan(v) {
			return 1
		}
		return -1
	})
	return i - 1
}

// Slice is one piece of a table's computation: the part of the value
// between From and To priced at Rate (or paid Amount, for a step table),
// in the band whose lower bound is Bound.
type Slice struct {
	// Band is the index of the band in its row, -1 below the table.
	Band int `json:"band"`
	// Bound is the band's lower bound, in the unit of From and To; zero
	// below the table.
	Bound  decimal.Decimal `json:"bound"`
	From   decimal.Decimal `json:"from"`
	To     decimal.Decimal `json:"to"`
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

// Priced is the outcome of applying a table: the amount and how it was
// made.
type Priced struct {
	Amount decimal.Decimal
	Slices []Slice
}

// Rate returns the rate at value v: the rate of the band v reaches, or
// for a linear table the rate interpolated inside the band; 0 below the
// first band. For a step table it returns the band's amount.
func (t *Table) Rate(key string, v decimal.Decimal) (decimal.Decimal, error) {
	bands, err := t.bands(key)
	if err != nil {
		return decimal.Zero, err
	}
	return rateAt(t.mode, bands, v), nil
}

func rateAt(mode Mode, bands []Band, v decimal.Decimal) decimal.Decimal {
	i := bandAt(bands, v)
	switch {
	case i < 0:
		return decimal.Zero
	case mode == Step:
		return bands[i].Amount
	case mode == Linear && i+1 < len(bands):
		lo, hi := bands[i], bands[i+1]
		frac := v.Sub(lo.From).DivRound(hi.From.Sub(lo.From), divPrecision)
		return lo.Rate.Add(hi.Rate.Sub(lo.Rate).Mul(frac))
	}
	return bands[i].Rate
}

// Apply prices the value v on its own (a per-deal tier): highest and
// linear pay v at the rate of v, marginal pays each slice of [0, v] at
// its band's rate, step pays the amount of v's band. A negative v (a
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
	case Marginal:
		return applyRange(mode, bands, decimal.Zero, v)
	case Step:
		i := bandAt(bands, v)
		s := slice(bands, i, decimal.Zero, v)
		if i >= 0 {
			s.Amount = bands[i].Amount
		}
		return Priced{Amount: s.Amount, Slices: []Slice{s}}
	}
	r := rateAt(mode, bands, v)
	amt := v.Mul(r)
	s := slice(bands, bandAt(bands, v), decimal.Zero, v)
	s.Rate, s.Amount = r, amt
	return Priced{Amount: amt, Slices: []Slice{s}}
}

// ApplyRange prices the slice of a running total from before to after (a
// deal that takes a payee's period total from before to after): marginal
// and linear price each part of the slice in its own band (a deal that
// straddles a bound is split across bands), highest pays the whole slice
// at the rate of the band after reaches, step pays the difference of the
// amounts at after and before. When after < before (a return) the result
// is the negated price of [after, before].
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

// Scaled returns bands with every bound multiplied by factor: an
// attainment table's bounds in currency for a quota.
func scaled(bands []Band, factor decimal.Decimal) []Band {
	out := slices.Clone(bands)
	for i := range out {
		out[i].From = out[i].From.Mul(factor)
	}
	return out
}

func applyRange(mode Mode, bands []Band, a, b decimal.Decimal) Priced {
	var p Priced
	switch mode {
	case Highest:
		i := bandAt(bands, b)
		r := decimal.Zero
		if i >= 0 {
			r = bands[i].Rate
		}
		amt := b.Sub(a).Mul(r)
		s := slice(bands, i, a, b)
		s.Rate, s.Amount = r, amt
		return Priced{Amount: amt, Slices: []Slice{s}}
	case Step:
		i, j := bandAt(bands, a), bandAt(bands, b)
		lo, hi := decimal.Zero, decimal.Zero
		if i >= 0 {
			lo = bands[i].Amount
		}
		if j >= 0 {
			hi = bands[j].Amount
		}
		amt := hi.Sub(lo)
		s := slice(bands, j, a, b)
		s.Amount = amt
		return Priced{Amount: amt, Slices: []Slice{s}}
	}
	// Marginal and linear: walk the bands the slice crosses.
	x := a
	for x.LessThan(b) {
		i := bandAt(bands, x)
		end := b
		if i+1 < len(bands) && bands[i+1].From.LessThan(end) {
			end = bands[i+1].From
		}
		s := slice(bands, i, x, end)
		if i >= 0 {
			if mode == Linear {
				r0, r1 := rateAt(mode, bands, x), rateAt(mode, bands, end)
				if i+1 < len(bands) && end.Equal(bands[i+1].From) {
					// the rate reached at the bound is the interpolation's
					// end, not the next band's start
					r1 = bands[i+1].Rate
				}
				s.Rate = r0.Add(r1).Div(decimal.NewFromInt(2))
			} else {
				s.Rate = bands[i].Rate
			}
			s.Amount = end.Sub(x).Mul(s.Rate)
		}
		p.Amount = p.Amount.Add(s.Amount)
		p.Slices = append(p.Slices, s)
		x = end
	}
	if len(p.Slices) == 0 {
		p.Slices = []Slice{slice(bands, bandAt(bands, a), a, b)}
	}
	return p
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
// 200,000.00-220,000.00)". unit writes the bounds: amounts, or rates for
// bounds in attainment.
func describeSlices(t *Table, pc *Pricing, p Priced, unit func(decimal.Decimal) string) string {
	var b strings.Builder
	row := rowText(pc)
	for i, s := range p.Slices {
		if i > 0 {
			b.WriteString(" + ")
		}
		band := "below the table"
		if s.Band >= 0 {
			band = "band " + unit(s.Bound) + "+"
		}
		if t.mode == Step {
			b.WriteString(formatAmount(s.Amount) + " (table " + t.id + row + ", " + band + ")")
			continue
		}
		b.WriteString(formatAmount(s.To.Sub(s.From)))
		b.WriteString(" x ")
		b.WriteString(formatRate(s.Rate))
		b.WriteString(" (table " + t.id + row + ", " + band + ", slice ")
		b.WriteString(unit(s.From))
		b.WriteByte('-')
		b.WriteString(unit(s.To))
		b.WriteByte(')')
	}
	return b.String()
}
