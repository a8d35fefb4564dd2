package report

import (
	"errors"
	"fmt"
	"html"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Curve is a payout curve: what a plan pays against attainment of one
// measure, as points computed elsewhere (by running the plan on scaled
// deals, or by a simulation), with the band edges, gates and caps that
// make its kinks, and one payee's point. It is plain data: the curve
// draws the points it is given and computes none.
type Curve struct {
	// Title names the plan: "Account Executive FY2027".
	Title string
	// Measure names the measure on the x axis: "Bookings".
	Measure string
	// Currency is the currency of the payouts.
	Currency string
	// Points are the payout at each attainment (1 is 100% of quota), in
	// ascending order of attainment; at least two.
	Points []Point
	// Marks are attainments where the plan changes: a band's lower bound,
	// a gate. Each is drawn as a labelled vertical line.
	Marks []Mark
	// Limits are payouts the plan does not exceed (caps), drawn as
	// labelled horizontal lines.
	Limits []Limit
	// Payee, when set, is the payee's own point, marked on the curve
	// with PayeeName.
	Payee     *Point
	PayeeName string
	// Notes say, in words, what the points assume (how attainment was
	// varied); the statement page shows them under the drawing.
	Notes []string
	// OffAxis say, in words, the parts of the plan that the attainment
	// axis cannot mark: a table keyed on each deal's amount, say, or a
	// team pool. The points include what they pay; the statement page
	// shows them beside the drawing, and the drawing of its own under its
	// legend.
	OffAxis []string
}

// Point is a payout at an attainment.
type Point struct {
	Attainment decimal.Decimal
	Payout     decimal.Decimal
}

// Mark is an attainment where the plan changes, with what changes there:
// "12% from 100%", "new-arr paid from 50%", "nothing more above 150%".
type Mark struct {
	Attainment decimal.Decimal
	Label      string
}

// Limit is a payout the plan stops at: "plan cap 60,000.00".
type Limit struct {
	Payout decimal.Decimal
	Label  string
}

// Errors of a curve that cannot be drawn; match them with errors.Is.
var (
	ErrFewPoints = errors.New("a curve needs at least two points")
	ErrUnordered = errors.New("a curve's points must be in ascending order of attainment")
)

// Check reports why c cannot be drawn, or nil.
func (c Curve) Check() error {
	if len(c.Points) < 2 {
		return fmt.Errorf("curve %q: %w (it has %d)", c.Title, ErrFewPoints, len(c.Points))
	}
	for i := 1; i < len(c.Points); i++ {
		if c.Points[i].Attainment.LessThan(c.Points[i-1].Attainment) {
			return fmt.Errorf("curve %q: %w: %s comes after %s", c.Title, ErrUnordered,
				percent(c.Points[i].Attainment), percent(c.Points[i-1].Attainment))
		}
	}
	return nil
}

// WriteCurve writes c as a self-contained SVG document: a viewBox, text
// as text, no scripts, styles or references outside it. The same drawing
// is inlined in the statement page.
func WriteCurve(w io.Writer, c Curve) error {
	svg, err := curveSVG(c, "curve", true)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, svg)
	return err
}

// The drawing's geometry, in viewBox units.
const (
	svgW, svgH                         = 720, 440
	plotL, plotR, plotT, plotB         = 100, 696, 52, 350
	colInk, colMuted, colGrid, colLine = "#1a1a1a", "#4a4a4a", "#d9dde3", "#1f5fa8"
	colMark, colCap, colYou            = "#6b4c00", "#a4001d", "#a4001d"
)

var (
	quarter = decimal.New(25, -2)
	dec2    = decimal.NewFromInt(2)
)

// axes is the range a curve is drawn over.
type axes struct {
	xmin, xmax, xstep decimal.Decimal
	ymin, ymax, ystep decimal.Decimal
}

func (a axes) px(x decimal.Decimal) decimal.Decimal {
	return scale(x, a.xmin, a.xmax, plotL, plotR)
}

func (a axes) py(y decimal.Decimal) decimal.Decimal {
	return scale(y, a.ymin, a.ymax, plotB, plotT)
}

// scale maps v in [lo, hi] onto [from, to] in viewBox units, to a
// hundredth of a unit.
func scale(v, lo, hi decimal.Decimal, from, to int64) decimal.Decimal {
	f, t := decimal.NewFromInt(from), decimal.NewFromInt(to)
	return f.Add(v.Sub(lo).Mul(t.Sub(f)).DivRound(hi.Sub(lo), 6)).Round(2)
}

func coord(d decimal.Decimal) string { return d.String() }

// rangeOf returns the axes for c: attainment from 0 (or lower) to at
// least 200%, in quarters; payout from 0 (or lower) to a round number.
func rangeOf(c Curve) axes {
	xs := []decimal.Decimal{decimal.Zero, dec2}
	ys := []decimal.Decimal{decimal.Zero}
	for _, p := range c.Points {
		xs, ys = append(xs, p.Attainment), append(ys, p.Payout)
	}
	if c.Payee != nil {
		xs, ys = append(xs, c.Payee.Attainment), append(ys, c.Payee.Payout)
	}
	for _, l := range c.Limits {
		ys = append(ys, l.Payout)
	}
	var a axes
	a.xmin, a.xmax = decimal.Min(xs[0], xs[1:]...), decimal.Max(xs[0], xs[1:]...)
	a.xstep = quarter
	if a.xmax.Sub(a.xmin).GreaterThan(decimal.NewFromInt(3)) {
		a.xstep = niceStep(a.xmax.Sub(a.xmin).Div(decimal.NewFromInt(8)))
	}
	a.xmin, a.xmax = floorTo(a.xmin, a.xstep), ceilTo(a.xmax, a.xstep)
	a.ymin, a.ymax = decimal.Min(ys[0], ys[1:]...), decimal.Max(ys[0], ys[1:]...)
	span := a.ymax.Sub(a.ymin)
	if span.IsZero() {
		span = decimal.NewFromInt(5)
	}
	a.ystep = niceStep(span.Div(decimal.NewFromInt(5)))
	top := a.ymax
	a.ymin, a.ymax = floorTo(a.ymin, a.ystep), ceilTo(a.ymax, a.ystep)
	if a.ymax.Equal(top) && top.Sign() > 0 {
		a.ymax = a.ymax.Add(a.ystep) // room above the highest point for its label
	}
	if a.ymax.Equal(a.ymin) {
		a.ymax = a.ymin.Add(a.ystep)
	}
	return a
}

// niceStep returns the least of 1, 2, 2.5 and 5 times a power of ten that
// is at least r (r > 0).
func niceStep(r decimal.Decimal) decimal.Decimal {
	if r.Sign() <= 0 {
		return decimal.NewFromInt(1)
	}
	mag := int32(r.NumDigits()) + r.Exponent() - 1 // 10^mag <= r < 10^(mag+1)
	p := decimal.New(1, mag)
	for _, m := range []decimal.Decimal{decimal.NewFromInt(1), dec2, decimal.New(25, -1), decimal.NewFromInt(5), decimal.NewFromInt(10)} {
		if s := p.Mul(m); s.GreaterThanOrEqual(r) {
			return s
		}
	}
	return p.Mul(decimal.NewFromInt(10))
}

func floorTo(v, step decimal.Decimal) decimal.Decimal { return v.Div(step).Floor().Mul(step) }
func ceilTo(v, step decimal.Decimal) decimal.Decimal  { return v.Div(step).Ceil().Mul(step) }

// esc escapes text for SVG (and HTML) text and attribute values.
func esc(s string) string { return html.EscapeString(s) }

// curveSVG draws c. id prefixes the ids of the title and description
// (unique within a page); standalone adds the XML namespace declaration a
// file of its own needs.
func curveSVG(c Curve, id string, standalone bool) (string, error) {
	if err := c.Check(); err != nil {
		return "", err
	}
	a := rangeOf(c)
	// a drawing of its own says under its legend what the axis cannot
	// mark; on a page, the page says it
	var offAxis [][]string
	h := svgH
	if standalone {
		for _, s := range c.OffAxis {
			lines := wrap(upper(s)+".", offAxisChars)
			offAxis = append(offAxis, lines)
			h += offAxisGap + len(lines)*offAxisLine
		}
		if len(offAxis) > 0 {
			h += offAxisGap // room under the last line
		}
	}
	var b strings.Builder
	b.WriteString(`<svg`)
	if standalone {
		b.WriteString(` xmlns="http://www.w3.org/2000/svg"`)
	}
	fmt.Fprintf(&b, ` viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" class="curve"`, svgW, h, esc(id), esc(id))
	b.WriteString(` font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" font-size="13" fill="` + colInk + `">` + "\n")
	fmt.Fprintf(&b, "<title id=\"%s-title\">%s</title>\n", esc(id), esc(curveTitle(c)))
	fmt.Fprintf(&b, "<desc id=\"%s-desc\">%s</desc>\n", esc(id), esc(curveDesc(c)))
	fmt.Fprintf(&b, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", svgW, h)

	// the payout axis: grid lines and labels
	b.WriteString(`<g class="axis y" font-size="12" fill="` + colMuted + `">` + "\n")
	for y := a.ymin; y.LessThanOrEqual(a.ymax); y = y.Add(a.ystep) {
		py := coord(a.py(y))
		fmt.Fprintf(&b, "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"%s\"/>\n", plotL, py, plotR, py, colGrid)
		fmt.Fprintf(&b, "<text x=\"%d\" y=\"%s\" dy=\"4\" text-anchor=\"end\" data-payout=\"%s\">%s</text>\n", plotL-8, py, y.String(), esc(number(y)))
	}
	b.WriteString("</g>\n")
	// the attainment axis
	b.WriteString(`<g class="axis x" font-size="12" fill="` + colMuted + `">` + "\n")
	for x := a.xmin; x.LessThanOrEqual(a.xmax); x = x.Add(a.xstep) {
		px := coord(a.px(x))
		stroke, width := colGrid, "1"
		if x.Equal(decimal.NewFromInt(1)) {
			stroke, width = colMuted, "1.5" // quota
		}
		fmt.Fprintf(&b, "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\"/>\n", px, plotT, px, plotB, stroke, width)
		fmt.Fprintf(&b, "<text x=\"%s\" y=\"%d\" text-anchor=\"middle\" data-attainment=\"%s\">%s</text>\n", px, plotB+18, x.String(), esc(percent(x)))
	}
	b.WriteString("</g>\n")
	fmt.Fprintf(&b, "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"%s\"/>\n", plotL, coord(a.py(decimal.Zero)), plotR, coord(a.py(decimal.Zero)), colInk)
	fmt.Fprintf(&b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>\n", plotL, plotT, plotL, plotB, colInk)
	measure := c.Measure
	if measure == "" {
		measure = "the measure"
	}
	fmt.Fprintf(&b, "<text class=\"label x\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">Attainment of %s (100%% is quota)</text>\n", (plotL+plotR)/2, plotB+44, esc(measure))
	ylabel := "Payout"
	if c.Currency != "" {
		ylabel += " (" + c.Currency + ")"
	}
	fmt.Fprintf(&b, "<text class=\"label y\" x=\"%d\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 %d %d)\">%s</text>\n", 16, (plotT+plotB)/2, 16, (plotT+plotB)/2, esc(ylabel))

	// band edges and gates
	if len(c.Marks) > 0 {
		b.WriteString(`<g class="marks" font-size="12" fill="` + colMark + `">` + "\n")
		// left to right, labels alternate between two rows above the plot
		// when marks are close; a label that would still run into the one
		// before it on its row goes on a third
		marks := slices.Clone(c.Marks)
		slices.SortStableFunc(marks, func(x, y Mark) int { return x.Attainment.Cmp(y.Attainment) })
		lastX, toggle := decimal.NewFromInt(-1000), 0
		ends := [3]int64{-1000, -1000, -1000} // where the last label of each row ends
		for _, m := range marks {
			if m.Attainment.LessThan(a.xmin) || m.Attainment.GreaterThan(a.xmax) {
				continue
			}
			px := a.px(m.Attainment)
			if px.Sub(lastX).LessThan(decimal.NewFromInt(230)) {
				toggle = 1 - toggle
			} else {
				toggle = 0
			}
			lastX = px
			anchor := "middle"
			if px.GreaterThan(decimal.NewFromInt(plotR - 70)) {
				anchor = "end"
			} else if px.LessThan(decimal.NewFromInt(plotL + 70)) {
				anchor = "start"
			}
			from, to := labelSpan(px.IntPart(), anchor, m.Label)
			row := toggle
			if from < ends[row]+markGap {
				row = 2
				for r := range ends {
					if from >= ends[r]+markGap {
						row = r
						break
					}
				}
			}
			ends[row] = max(ends[row], to)
			fmt.Fprintf(&b, "<line class=\"mark\" x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"4 3\" data-attainment=\"%s\"/>\n",
				coord(px), plotT-4, coord(px), plotB, colMark, m.Attainment.String())
			fmt.Fprintf(&b, "<text x=\"%s\" y=\"%d\" text-anchor=\"%s\">%s</text>\n", coord(px), plotT-10-row*16, anchor, esc(m.Label))
		}
		b.WriteString("</g>\n")
	}
	// caps
	if len(c.Limits) > 0 {
		b.WriteString(`<g class="limits" font-size="12" fill="` + colCap + `">` + "\n")
		for _, l := range c.Limits {
			py := coord(a.py(l.Payout))
			fmt.Fprintf(&b, "<line class=\"limit\" x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"%s\" stroke-dasharray=\"6 3\" data-payout=\"%s\"/>\n",
				plotL, py, plotR, py, colCap, l.Payout.String())
			fmt.Fprintf(&b, "<text x=\"%d\" y=\"%s\" dy=\"16\" text-anchor=\"start\">%s</text>\n", plotL+6, py, esc(l.Label))
		}
		b.WriteString("</g>\n")
	}
	// the curve
	b.WriteString(`<polyline class="payout" fill="none" stroke="` + colLine + `" stroke-width="2.5" stroke-linejoin="round" points="`)
	for i, p := range c.Points {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(coord(a.px(p.Attainment)) + "," + coord(a.py(p.Payout)))
	}
	b.WriteString("\"/>\n")
	// the payee
	if p := c.Payee; p != nil {
		px, py := a.px(p.Attainment), a.py(p.Payout)
		fmt.Fprintf(&b, "<g class=\"payee\" fill=\"%s\">\n", colYou)
		fmt.Fprintf(&b, "<circle class=\"dot\" cx=\"%s\" cy=\"%s\" r=\"6\" stroke=\"#ffffff\" stroke-width=\"2\" data-attainment=\"%s\" data-payout=\"%s\"/>\n",
			coord(px), coord(py), p.Attainment.String(), p.Payout.String())
		anchor, dx := "start", decimal.NewFromInt(10)
		if px.GreaterThan(decimal.NewFromInt((plotL + plotR) / 2)) {
			anchor, dx = "end", decimal.NewFromInt(-10)
		}
		ty := py.Sub(decimal.NewFromInt(12))
		if ty.LessThan(decimal.NewFromInt(plotT + 14)) {
			ty = py.Add(decimal.NewFromInt(24))
		}
		fmt.Fprintf(&b, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" font-weight=\"600\" paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"4\">%s</text>\n",
			coord(px.Add(dx)), coord(ty), anchor, esc(payeeName(c)))
		// the legend: the point's numbers, under the axis
		fmt.Fprintf(&b, "<circle cx=\"%d\" cy=\"%d\" r=\"6\"/>\n<text class=\"legend\" x=\"%d\" y=\"%d\" font-weight=\"600\">%s</text>\n",
			plotL, svgH-14, plotL+12, svgH-9, esc(payeeLabel(c)))
		b.WriteString("</g>\n")
	}
	if len(offAxis) > 0 {
		b.WriteString(`<g class="off-axis" font-size="12" fill="` + colMuted + `">` + "\n")
		y := svgH
		for _, note := range offAxis {
			y += offAxisGap
			for _, line := range note {
				y += offAxisLine
				fmt.Fprintf(&b, "<text x=\"%d\" y=\"%d\">%s</text>\n", offAxisX, y-4, esc(line))
			}
		}
		b.WriteString("</g>\n")
	}
	b.WriteString("</svg>\n")
	return b.String(), nil
}

// offAxisX is where the lines of the notes under a drawing start,
// offAxisLine their height, offAxisGap the room above each note and
// offAxisChars the characters a line holds (font size 12).
const offAxisX, offAxisLine, offAxisGap, offAxisChars = 16, 17, 8, 98

// wrap breaks s at spaces into lines of at most n characters (a longer
// word has a line of its own).
func wrap(s string, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= n:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// markGap is the least room between two mark labels on a row, and
// markCharW the width a label's character is reckoned at (font size 12).
const markGap, markCharW = 8, 7

// labelSpan returns where a mark's label, anchored at x, starts and ends.
func labelSpan(x int64, anchor, label string) (from, to int64) {
	w := int64(utf8.RuneCountInString(label)) * markCharW
	switch anchor {
	case "start":
		return x, x + w
	case "end":
		return x - w, x
	}
	return x - w/2, x + w/2
}

func curveTitle(c Curve) string {
	if c.Title == "" {
		return "Payout curve"
	}
	return "Payout curve: " + c.Title
}

func payeeName(c Curve) string {
	if c.PayeeName == "" {
		return "Payee"
	}
	return c.PayeeName
}

func payeeLabel(c Curve) string {
	cur := ""
	if c.Currency != "" {
		cur = " " + c.Currency
	}
	return fmt.Sprintf("%s: %s attainment, %s%s", payeeName(c), percent(c.Payee.Attainment), amount(c.Payee.Payout, c.Currency), cur)
}

// curveDesc is the text alternative of the drawing: what it shows, in
// words, with the numbers of its ends, its marks and the payee's point.
func curveDesc(c Curve) string {
	first, last := c.Points[0], c.Points[len(c.Points)-1]
	measure := c.Measure
	if measure == "" {
		measure = "the measure"
	}
	cur := ""
	if c.Currency != "" {
		cur = " in " + c.Currency
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Payout%s against attainment of %s, from %s to %s: %s at %s, %s at %s.",
		cur, measure, percent(first.Attainment), percent(last.Attainment),
		amount(first.Payout, c.Currency), percent(first.Attainment), amount(last.Payout, c.Currency), percent(last.Attainment))
	if len(c.Marks) > 0 {
		b.WriteString(" Where it changes: ")
		for i, m := range c.Marks {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(m.Label)
		}
		b.WriteString(".")
	}
	for _, l := range c.Limits {
		fmt.Fprintf(&b, " %s.", upper(l.Label))
	}
	for _, o := range c.OffAxis {
		fmt.Fprintf(&b, " %s.", upper(o))
	}
	if c.Payee != nil {
		fmt.Fprintf(&b, " %s.", payeeLabel(c))
	}
	return b.String()
}

func upper(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
