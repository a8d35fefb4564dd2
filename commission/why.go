package commission

import (
	"encoding/json"
	"strings"

	fx "github.com/salesplan/salesplan/internal/fixed"
	"github.com/shopspring/decimal"
)

// A line's explanation is worded when it is read ([Line.Explanation]),
// not when the line is made: a per-credit line keeps the numbers its
// sentence needs (its base, rate, pricing and conversion, and in a why
// the running totals, the multiplier and the amount before rounding),
// which costs a run a few words per line instead of a finished sentence.
// Lines of other kinds (per-period, retro, gate and cap lines, and the
// rare parts of a per-credit line: a minimum, a per-deal cap, an amount
// rule that reads measures) keep their text, made at once.

// body is what the main part of a per-credit line's explanation words.
type body uint8

const (
	bodyText    body = iota // why.text, worded when the line was made
	bodyRate                // "base x rate"
	bodyPoint               // a table read at the attainment reached
	bodySlices              // a table's slices of the base
	bodyRunning             // a table's slices of the running total
)

// why is how a line's explanation is worded.
type why struct {
	// c is the per-credit component that made the line; nil for a line
	// whose explanation is text alone.
	c *component
	// text is the whole explanation (c == nil) or the body (bodyText);
	// tail is what a minimum or a per-deal cap adds, worded at once.
	text, tail string
	body       body
	// product, for a plain rate line (no multiplier, minimum or cap),
	// says the exact amount is the line's base × rate: the component's
	// one why serves all its plain lines
	product bool
	negBase bool // bodySlices: the base was priced on its absolute value
	blend   int8 // bodyRunning: 1 for "; base x rate", 2 for the blended rate
	hasMult bool
	// before and after are the running total's (bodyRunning); rate is
	// the rate of the base at a blend; mult is the multiplier (hasMult);
	// exact is the amount before rounding.
	before, after, rate, mult, exact decimal.Decimal
	// num is the exact amount when numOK, in fixed point (exact unset)
	num   fx.Num
	numOK bool
}

// whyChunk is how many whys a payee's lines take from one allocation.
const whyChunk = 64

// newWhy returns w's copy from a block shared by the payee's lines.
func (ps *payeeState) newWhy(w why) *why {
	if len(ps.whys) == 0 {
		ps.whys = make([]why, whyChunk)
	}
	p := &ps.whys[0]
	ps.whys = ps.whys[1:]
	*p = w
	return p
}

// Explanation shows the numbers used, for a person: "12,000.00 x 2% =
// 240.00". It is worded when read, from the numbers the line keeps
// (Pricing, Conversion, Base, Rate and Amount hold them too, for views
// that word a line their own way); "" for a line of a run
// [WithoutExplanations].
func (l Line) Explanation() string {
	w := l.why
	if w == nil {
		return ""
	}
	if w.c == nil {
		return w.text
	}
	return w.word(&l)
}

// SetExplanation replaces the line's explanation with text: for a view
// that rewords a line (a year-to-date difference, say), or a line made by
// hand.
func (l *Line) SetExplanation(text string) {
	if text == "" {
		l.why = nil
		return
	}
	l.why = &why{text: text}
}

// word writes the explanation of line l, made by component w.c: the
// conversion, the body, the multiplier, the minimum and per-deal cap,
// the rounding and the amount.
func (w *why) word(l *Line) string {
	c := w.c
	p := c.plan
	var b strings.Builder
	b.Grow(160)
	if l.Conversion != nil {
		b.WriteString(convText(l.Conversion, p))
	}
	switch w.body {
	case bodyText:
		b.WriteString(w.text)
	case bodyRate:
		b.WriteString(formatAmount(l.Base) + " x " + formatRate(l.Rate))
	case bodyPoint:
		s := l.Pricing.Slices[0]
		b.WriteString(formatAmount(l.Base) + " x " + formatRate(s.Rate) + " (table " + c.table.ID() + rowText(l.Pricing) + " at attainment " + formatPercent(s.From) + ")")
	case bodySlices:
		if w.negBase {
			b.WriteString(formatAmount(l.Base) + " priced on its absolute value, sign restored: -(")
		}
		b.WriteString(describeSlices(c.table, l.Pricing, Priced{Slices: l.Pricing.Slices}, formatAmount))
		if w.negBase {
			b.WriteString(")")
		}
	case bodyRunning:
		b.WriteString("running " + c.def.Measure + " " + formatAmount(w.before) + " to " + formatAmount(w.after) + ": ")
		b.WriteString(describeSlices(c.table, l.Pricing, Priced{Slices: l.Pricing.Slices}, formatAmount))
		switch w.blend {
		case 1:
			b.WriteString("; base " + formatAmount(l.Base) + " x " + formatRate(w.rate))
		case 2:
			b.WriteString("; base " + formatAmount(l.Base) + " at the blended rate " + formatRate(w.rate.Round(6)))
		}
	}
	if w.hasMult {
		if strings.Contains(b.String(), " + ") {
			s := b.String()
			b = strings.Builder{}
			b.WriteString("(" + s + ")")
		}
		b.WriteString(" x " + formatNumber(w.mult) + " (multiplier " + oneLine(c.def.Multiplier) + ")")
	}
	b.WriteString(w.tail)
	exact := w.exact
	switch {
	case w.product:
		exact = l.Base.Mul(l.Rate)
	case w.numOK:
		exact = w.num.Decimal()
	}
	b.WriteString(roundingText(p, exact, l.Amount))
	return b.String()
}

// roundingText writes how an exact amount was rounded to the line's:
// " = 12.345, rounded half-even = 12.34", or " = 12.34" when it had no
// digits to round.
func roundingText(p *plan, exact, amount decimal.Decimal) string {
	s := ""
	if !exact.Equal(amount) {
		// quotients can leave digits far below the cent: show ten
		if e := exact.Round(10); !e.Equal(amount) {
			s = " = " + formatAmount(e) + ", rounded " + p.rounding.String()
		}
	}
	return s + " = " + formatAmount(amount)
}

// MarshalJSON writes the line with its fields' own JSON forms and its
// explanation under "explanation". (A [Result]'s stable JSON form is
// [Result.MarshalJSON]'s.)
func (l Line) MarshalJSON() ([]byte, error) {
	type fields Line // without the method
	return json.Marshal(struct {
		fields
		Explanation string `json:"explanation"`
	}{fields(l), l.Explanation()})
}
