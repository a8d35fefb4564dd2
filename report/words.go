package report

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/internal/numfmt"
	"github.com/salesplan/salesplan/payout"
	"github.com/shopspring/decimal"
)

// What a line is, for a person.
var kindWords = map[commission.LineKind]string{
	"direct":              "Your deal",
	"split":               "Your share of a split deal",
	"rollup":              "Your team's deal",
	"overlay":             "Overlay credit",
	commission.PeriodLine: "For the period",
	commission.RetroLine:  "Re-priced",
	commission.CapLine:    "Cap",
	commission.GateLine:   "Not paid: gate",
	commission.PoolLine:   "Your share of a team pool",
}

func kindWord(k commission.LineKind) string {
	if w, ok := kindWords[k]; ok {
		return w
	}
	return string(k)
}

// What a payout item is, for a person.
var itemWords = map[payout.Kind]string{
	payout.Earned:    "Earned this period",
	payout.Release:   "Released from earlier",
	payout.TrueUp:    "Correction of a closed period",
	payout.Clawback:  "Clawed back",
	payout.Draw:      "Draw (advance)",
	payout.Guarantee: "Guarantee top-up",
	payout.Recovery:  "Draw recovered",
	payout.Forgiven:  "Draw forgiven",
	payout.Cap:       "Yearly cap",
	payout.Forfeited: "Forfeited",
}

func itemWord(k payout.Kind) string {
	if w, ok := itemWords[k]; ok {
		return w
	}
	return string(k)
}

// words says what a statement line pays, for a person: from the line's
// numbers (its pricing slices, base, rate and amount) where it has them,
// else its explanation with the rule vocabulary rewritten. It computes
// nothing: every number it writes is one the line holds.
type words struct {
	names Names
}

// Patterns of the engine's explanations, for what a line does not hold
// as numbers (a multiplier, a minimum, a cap's limit).
var (
	multRE   = regexp.MustCompile(` x ([0-9][0-9,.]*) \(multiplier `)
	minRE    = regexp.MustCompile(`raised to the minimum of ([0-9][0-9,.]*)`)
	capRE    = regexp.MustCompile(`^(plan|component) cap of ([0-9][0-9,.]*): earned (-?[0-9][0-9,.]*), (-?[0-9][0-9,.]*) withheld$`)
	retroRE  = regexp.MustCompile(`^re-priced at ([0-9.]+%) \(table [^,]+, (?:band [^ ]+|below the table) reached by the period total of (-?[0-9][0-9,.]*)\): .* = (-?[0-9][0-9,.]*), less (-?[0-9][0-9,.]*) paid`)
	fixedRE  = regexp.MustCompile(`^-?[0-9][0-9,.]* = -?[0-9][0-9,.]*$`)
	whereRE  = regexp.MustCompile(`^(.+?) \(((?:[^()=]+ = [^(),]+)(?:, [^()=]+ = [^(),]+)*)\) = (-?[0-9][0-9,.]*)$`)
	runRE    = regexp.MustCompile(`running ([A-Za-z_][A-Za-z0-9_]*) `)
	gateRE   = regexp.MustCompile(`^gate closed: (.*) is false(?: \((.*)\))?$`)
	refRE    = regexp.MustCompile(`\b(measure|attainment|quota|params)\.([A-Za-z_][A-Za-z0-9_]*)`)
	attCmpRE = regexp.MustCompile(`(attainment of [^()]+? (?:at least|at most|above|below)) ([0-9]+(?:\.[0-9]+)?)\b`)
	tableRE  = regexp.MustCompile(` \(table [^,()]+, (?:band [^,()]+|below the table), slice [^()]+\)`)
	roundRE  = regexp.MustCompile(`, rounded half-(?:even|up)`)
	opWords  = strings.NewReplacer(" >= ", " at least ", " <= ", " at most ", " > ", " above ", " < ", " below ", " == ", " is ", " != ", " is not ", " && ", " and ", " || ", " or ", " * ", " × ", " x ", " × ")
)

func (w words) line(l commission.Line) string {
	switch l.Kind {
	case commission.CapLine:
		if m := capRE.FindStringSubmatch(l.Explanation()); m != nil {
			return "The " + m[1] + " cap is " + m[2] + ": " + m[3] + " was earned, so " + m[4] + " is withheld"
		}
	case commission.GateLine:
		if m := gateRE.FindStringSubmatch(l.Explanation()); m != nil {
			s := "Nothing is paid unless " + w.plain(m[1])
			if m[2] != "" {
				s += "; " + w.plain(m[2])
			}
			return s
		}
	case commission.PoolLine:
		if l.Pool != nil {
			return w.pool(l)
		}
	case commission.RetroLine:
		if m := retroRE.FindStringSubmatch(l.Explanation()); m != nil {
			return "The period's total of " + m[2] + " reached " + m[1] + ", so earlier deals are paid at " + m[1] + ": " + m[3] + ", less the " + m[4] + " already earned"
		}
	}
	if s := w.priced(l); s != "" {
		return s
	}
	if !l.Rate.IsZero() && l.Kind != commission.RetroLine {
		s := w.subject(l) + " earns " + numfmt.Rate(l.Rate) + " of " + signed(numfmt.Amount(l.Base))
		if l.Kind == commission.PeriodLine {
			s = "For the period: " + numfmt.Rate(l.Rate) + " of " + signed(numfmt.Amount(l.Base))
		}
		return s + w.extras(l)
	}
	if fixedRE.MatchString(l.Explanation()) && l.Deal != "" {
		return w.subject(l) + " pays a fixed amount"
	}
	return w.rule(l.Explanation())
}

// subject is what a credit line is on.
func (w words) subject(l commission.Line) string {
	neg := l.Base.Sign() < 0
	switch {
	case l.Kind == "split" && neg:
		return "Your share of this return"
	case l.Kind == "split":
		return "Your share of this deal"
	case l.Kind == "rollup":
		return "This deal of your team"
	case l.Kind == "overlay":
		return "Your credit on this deal"
	case neg:
		return "This return"
	}
	return "This deal"
}

// priced words a line priced by a rate table from its slices.
func (w words) priced(l commission.Line) string {
	p := l.Pricing
	if p == nil || len(p.Slices) == 0 {
		return ""
	}
	neg := l.Amount.Sign() < 0 || l.Base.Sign() < 0
	earns := " earns "
	if neg {
		earns = " takes back "
	}
	unit := func(d decimal.Decimal) string { return signed(numfmt.Amount(d)) }
	if p.Basis == commission.Attainment {
		unit = func(d decimal.Decimal) string { return signed(numfmt.Percent(d)) }
	}
	var b strings.Builder
	first := p.Slices[0]
	switch {
	case first.From.Equal(first.To) && len(p.Slices) == 1:
		// a table read at one point: the attainment reached
		at := "At " + unit(first.From)
		if p.Basis == commission.Attainment {
			at += " attainment"
		}
		if first.Rate.IsZero() && !first.Amount.IsZero() {
			b.WriteString(at + " the table pays " + signed(numfmt.Amount(first.Amount)))
		} else {
			b.WriteString(at + " the rate is " + numfmt.Rate(first.Rate))
			if !l.Base.IsZero() {
				b.WriteString(", on " + signed(numfmt.Amount(l.Base)))
			}
		}
	case len(p.Slices) == 1:
		s := first
		switch {
		case s.Band < 0:
			b.WriteString(w.subject(l) + " is below the table's first band: it earns nothing")
		case s.Rate.IsZero() && !s.Amount.IsZero() && strings.Contains(l.Explanation(), "band above "):
			// a band of an upper-bound table holds values over its bound,
			// up to and including the next: a deal of exactly the next
			// bound is in it, so it does not start at its bound
			b.WriteString(w.subject(l) + " is above " + unit(s.Bound) + ", in the band that pays " + signed(numfmt.Amount(s.Amount)))
		case s.Rate.IsZero() && !s.Amount.IsZero():
			b.WriteString(w.subject(l) + " reaches the band from " + unit(s.Bound) + ", which pays " + signed(numfmt.Amount(s.Amount)))
		default:
			b.WriteString(w.subject(l) + earns + numfmt.Rate(s.Rate))
			if m := runRE.FindStringSubmatch(l.Explanation()); m != nil {
				from, to, how := s.From, s.To, "from"
				if neg {
					from, to, how = to, from, "back from" // the slice is of the return's absolute value
				}
				b.WriteString(" (it took your " + strings.ToLower(w.names.Measure(m[1])) + " " + how + " " + unit(from) + " to " + unit(to) + ")")
			}
		}
	default:
		// "the part of this deal between 230,403.90 and 240,000.00
		// earns 8%; the rest earns 12%"
		what := "the part of " + lowerFirst(w.subject(l))
		for i, s := range p.Slices {
			if i > 0 {
				b.WriteString("; ")
			}
			rate := numfmt.Rate(s.Rate)
			if s.Band < 0 {
				rate = "nothing"
			}
			switch {
			case i == len(p.Slices)-1:
				b.WriteString("the rest" + earns + rate)
			default:
				b.WriteString(what + " between " + unit(s.From) + " and " + unit(s.To) + earns + rate)
			}
		}
		s := b.String()
		b.Reset()
		b.WriteString(upperFirst(s))
	}
	if p.Row != "" {
		b.WriteString(" (rates for " + p.Row + ")")
	}
	return b.String() + w.extras(l)
}

// extras words what the explanation adds to a line's price: a
// conversion, a multiplier, a minimum.
func (w words) extras(l commission.Line) string {
	var b strings.Builder
	if m := multRE.FindStringSubmatch(l.Explanation()); m != nil {
		b.WriteString(", times " + m[1] + " (a multiplier of the plan)")
	}
	if m := minRE.FindStringSubmatch(l.Explanation()); m != nil {
		b.WriteString(", raised to the minimum of " + m[1])
	}
	if c := l.Conversion; c != nil {
		b.WriteString("; the deal's " + signed(numfmt.Amount(c.Amount)) + " " + c.From + " is " + signed(numfmt.Amount(c.Converted)) + " " + c.To + " at " + numfmt.Number(c.Rate))
	}
	return b.String()
}

// rule rewrites the vocabulary of an explanation or a rule into words:
// measure.new_logos is New logos, params.new_logo_bonus is "new logo
// bonus", >= is "at least", an attainment compared with 1 is compared
// with 100%. The numbers stay as the engine wrote them.
func (w words) rule(e string) string { return upperFirst(w.plain(e)) }

// plain is rule without the capital.
func (w words) plain(e string) string {
	if e == "" {
		return ""
	}
	e = tableRE.ReplaceAllString(e, "")
	e = roundRE.ReplaceAllString(e, "")
	e = refRE.ReplaceAllStringFunc(e, func(s string) string {
		m := refRE.FindStringSubmatch(s)
		switch m[1] {
		case "measure":
			return w.names.Measure(m[2])
		case "attainment":
			return "attainment of " + w.names.Measure(m[2])
		case "quota":
			return "quota of " + w.names.Measure(m[2])
		}
		return strings.ReplaceAll(m[2], "_", " ")
	})
	e = opWords.Replace(e)
	e = attCmpRE.ReplaceAllStringFunc(e, func(s string) string {
		m := attCmpRE.FindStringSubmatch(s)
		d, err := decimal.NewFromString(m[2])
		if err != nil {
			return s
		}
		return m[1] + " " + numfmt.Percent(d)
	})
	if m := whereRE.FindStringSubmatch(e); m != nil {
		e = m[1] + ", where " + strings.ReplaceAll(m[2], ", ", " and ") + ": " + m[3]
	}
	return e
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:] // the subjects above: ASCII
}

// upperFirst is upper for words: the first letter a capital.
func upperFirst(s string) string { return upper(s) }

// pool words a member's share of a team pool from its numbers.
func (w words) pool(l commission.Line) string {
	p := l.Pool
	s := "Team " + p.Team + "'s pool of " + numfmt.Amount(p.Pool)
	by := ""
	switch {
	case p.Distribute == commission.DistributeTargetIncentive:
		by = "target incentive"
	case strings.HasPrefix(p.Distribute, "measure."):
		by = strings.ToLower(w.names.Measure(strings.TrimPrefix(p.Distribute, "measure.")))
	}
	if p.TotalWeight.IsZero() {
		return s + " is not paid: none of the " + strconv.Itoa(p.Members) + " who share it has any " + by
	}
	if by == "" {
		return s + " is shared equally among " + strconv.Itoa(p.Members) + ": your share is " + numfmt.Amount(l.Amount)
	}
	return s + " is shared by " + by + " among " + strconv.Itoa(p.Members) + ": yours is " + numfmt.Amount(p.Weight.Round(2)) +
		" of " + numfmt.Amount(p.TotalWeight.Round(2)) + ", so your share is " + numfmt.Amount(l.Amount)
}
