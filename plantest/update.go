package plantest

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/payout"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// Update returns the file's source with the expectations of the tests
// that failed among results (results of this file's tests) rewritten from
// what the runs gave, as golden files are: each such test's expect block
// is written anew, keeping its shape (the payees, components, lines,
// measures and payout figures it names, a line dropped when the statement
// no longer has it); a test that expects nothing gets every payee's total
// and components, and a strict one every line. A test that expects an
// error gets the new error's text, in the form it wrote (one text, the
// first problem's, or a list, one a problem), without positions: an
// update may move the lines they name, and the path still says where. Comments inside a rewritten expect
// block are not kept; everything else in the file is left as it is.
//
// updated names the tests rewritten; a test that could not run (its
// inputs, or a run that failed where payouts were expected) is left as it
// is and named in skipped with the reason.
func (f *File) Update(results []Result) (src []byte, updated, skipped []string, err error) {
	var root yaml.Node
	if err := yaml.Unmarshal(f.src, &root); err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", f.Path, err)
	}
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	testsKey, tests := mapValue(doc, "tests")
	if tests == nil || tests.Kind != yaml.SequenceNode || len(tests.Content) != len(f.Tests) {
		return nil, nil, nil, fmt.Errorf("%s: the tests list is not where it was read", f.Path)
	}
	lines := splitLines(f.src)
	type edit struct {
		from, to int // byte offsets
		text     string
	}
	var edits []edit
	for _, r := range results {
		if r.File != f.Path || r.Passed() {
			continue
		}
		t := f.test(r.index)
		item := tests.Content[r.index]
		if item.Kind != yaml.MappingNode || item.Style&yaml.FlowStyle != 0 {
			skipped = append(skipped, r.Name+": written in flow style ({...}); write it as a block to update it")
			continue
		}
		key, text := "expect", ""
		switch {
		case t.Error != nil && r.got != nil:
			key = "error"
			// without positions, which an update of the lines above
			// would make stale; the path still says where
			pad := strings.Repeat(" ", item.Content[0].Column-1)
			got := problemTexts(r.got, true)
			if _, one := t.Error.(string); one {
				text = pad + "error: " + quote(firstLine(got[0])) + "\n"
				break
			}
			text = pad + "error:\n"
			for _, p := range got {
				text += pad + "  - " + quote(firstLine(p)) + "\n"
			}
		case t.Error != nil:
			skipped = append(skipped, r.Name+": it expects an error and the run succeeded: write its expectations by hand")
			continue
		case r.Err != nil:
			skipped = append(skipped, r.Name+": it did not run: "+firstLine(r.Err.Error()))
			continue
		default:
			text = f.renderExpect(&r, t, item.Content[0].Column-1)
		}
		k, _ := mapValue(item, key)
		var from, to int
		indent := item.Content[0].Column - 1
		if k != nil {
			from = offset(lines, k.Line, k.Column)
			to = offset(lines, f.keyEnd(lines, doc, testsKey, tests, r.index, key), 1)
			text = text[indent:] // the key's line keeps what comes before the key
		} else {
			end := f.keyEnd(lines, doc, testsKey, tests, r.index, "")
			from = offset(lines, end, 1)
			to = from
			if from > 0 && f.src[from-1] != '\n' {
				text = "\n" + text
			}
		}
		edits = append(edits, edit{from, to, text})
		updated = append(updated, r.Name)
	}
	if len(edits) == 0 {
		return f.src, nil, skipped, nil
	}
	slices.SortFunc(edits, func(a, b edit) int { return a.from - b.from })
	var b bytes.Buffer
	at := 0
	for _, e := range edits {
		b.Write(f.src[at:e.from])
		b.WriteString(e.text)
		at = e.to
	}
	b.Write(f.src[at:])
	return b.Bytes(), updated, skipped, nil
}

// keyEnd returns the line after the value of key in test i (the end of
// the test when key is ""): the line of the next key of the test, of the
// next test, or of the next key of the file, less the blank and comment
// lines before it.
func (f *File) keyEnd(lines []string, doc, testsKey, tests *yaml.Node, i int, key string) int {
	next := len(lines) + 1
	item := tests.Content[i]
	found := false
	for j := 0; key != "" && j+1 < len(item.Content); j += 2 {
		if found {
			next = item.Content[j].Line
			break
		}
		found = item.Content[j].Value == key
	}
	if next == len(lines)+1 {
		if i+1 < len(tests.Content) {
			next = tests.Content[i+1].Line
		} else {
			for j := 0; j+1 < len(doc.Content); j += 2 {
				if doc.Content[j].Line > testsKey.Line {
					next = doc.Content[j].Line
					break
				}
			}
		}
	}
	for next > 1 {
		s := strings.TrimSpace(lines[next-2])
		if s != "" && !strings.HasPrefix(s, "#") {
			break
		}
		next--
	}
	return next
}

func mapValue(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for j := 0; j+1 < len(m.Content); j += 2 {
		if m.Content[j].Value == key {
			return m.Content[j], m.Content[j+1]
		}
	}
	return nil, nil
}

// splitLines splits src into lines, each without its newline.
func splitLines(src []byte) []string {
	return strings.Split(string(src), "\n")
}

// offset returns the byte offset of line and column (1-based) in lines;
// a line past the last is the end of the text (a file whose last line
// has no newline ends there, not one byte further).
func offset(lines []string, line, col int) int {
	n, end := 0, len(lines)-1
	for i, l := range lines {
		if i < line-1 {
			n += len(l) + 1
		}
		end += len(l)
	}
	if line-1 < len(lines) {
		n += min(col-1, len(lines[line-1]))
	}
	return min(n, end)
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

var plainRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-/]*$`)

// scalar writes an id or a name plain when YAML reads it back as the same
// string, quoted otherwise.
func scalar(s string) string {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "y", "n":
		return quote(s)
	}
	if plainRE.MatchString(s) {
		return s
	}
	return quote(s)
}

// quote writes s as a YAML double-quoted string.
func quote(s string) string { return strconv.Quote(s) }

// renderExpect writes the expect block of a test from its result,
// indented by indent spaces.
func (f *File) renderExpect(r *Result, t *testDoc, indent int) string {
	var b strings.Builder
	pad := func(n int) string { return strings.Repeat(" ", indent+n) }
	b.WriteString(pad(0) + "expect:\n")
	payees := sortedKeys(t.Expect)
	fresh := len(t.Expect) == 0
	if fresh || t.Strict {
		for _, st := range r.res.Statements {
			if _, ok := t.Expect[st.Payee]; !ok && pays(&st) {
				payees = append(payees, st.Payee)
			}
		}
		if r.pay != nil && fresh {
			for _, p := range r.pay.Payables {
				if _, ok := t.Expect[p.Payee]; !ok && !slices.Contains(payees, p.Payee) && (!p.Amount.IsZero() || len(p.Items)+len(p.Held) > 0) {
					payees = append(payees, p.Payee)
				}
			}
		}
		slices.Sort(payees)
	}
	if len(payees) == 0 {
		b.WriteString(pad(2) + "{}\n")
	}
	for _, payee := range payees {
		e := t.Expect[payee]
		st := statementOf(r.res, payee)
		pay := payableOf(r.pay, payee)
		cur := st.Currency
		if cur == "" {
			cur = pay.Currency
		}
		if e == nil {
			e = &payeeDoc{Total: &number{}}
			if r.pay != nil {
				e.Pay = &number{}
			}
			for _, s := range st.Subtotals {
				if e.Components == nil {
					e.Components = map[string]number{}
				}
				e.Components[componentKey(st, s)] = number{}
			}
			if t.Strict {
				e.Lines = []lineDoc{}
			}
		}
		b.WriteString(pad(2) + scalar(payee) + ":\n")
		if e.Statement != nil {
			b.WriteString(pad(4) + "statement: " + fmt.Sprint(st.Payee != "") + "\n")
		}
		amount := func(key string, want *number, got decimal.Decimal) {
			if want != nil {
				b.WriteString(pad(4) + key + ": " + quote(fixed(got, cur)) + "\n")
			}
		}
		amount("total", e.Total, st.Total)
		if len(e.Components) > 0 {
			b.WriteString(pad(4) + "components:\n")
			for _, key := range componentOrder(st, e.Components) {
				sum := decimal.Zero
				for i := range st.Subtotals {
					if componentMatches(key, &st.Subtotals[i]) {
						sum = sum.Add(st.Subtotals[i].Amount)
					}
				}
				b.WriteString(pad(6) + scalar(key) + ": " + quote(fixed(sum, cur)) + "\n")
			}
		}
		if e.Lines != nil {
			lines := updatedLines(st, e.Lines, t.Strict)
			if len(lines) == 0 {
				b.WriteString(pad(4) + "lines: []\n")
			} else {
				b.WriteString(pad(4) + "lines:\n")
			}
			for _, l := range lines {
				b.WriteString(pad(6) + "- " + renderLine(l, cur, pad(8)) + "\n")
			}
		}
		for _, m := range []struct {
			key  string
			want map[string]number
		}{{"measures", e.Measures}, {"attainment", e.Attainment}} {
			if len(m.want) == 0 {
				continue
			}
			b.WriteString(pad(4) + m.key + ":\n")
			for _, id := range sortedKeys(m.want) {
				mv, _ := measureOf(&st, id)
				v := mv.Value.String()
				if m.key == "attainment" {
					places := max(-m.want[id].d.Exponent(), 0)
					v = mv.Attainment.Round(places).StringFixed(places)
				}
				b.WriteString(pad(6) + scalar(id) + ": " + quote(v) + "\n")
			}
		}
		amount("pay", e.Pay, pay.Amount)
		amount("deferred", e.Deferred, pay.Deferred)
		amount("draw_owed", e.DrawOwed, pay.DrawOwed)
		for _, set := range []struct {
			key   string
			want  []itemDoc
			items []payout.Item
		}{{"items", e.Items, pay.Items}, {"held_items", e.HeldItems, pay.Held}} {
			if set.want == nil {
				continue
			}
			var out []string
			for _, it := range set.want {
				sum, found := decimal.Zero, false
				for k := range set.items {
					if itemMatches(&it, &set.items[k]) {
						sum, found = sum.Add(set.items[k].Amount), true
					}
				}
				if found {
					out = append(out, renderItem(it, fixed(sum, cur)))
				}
			}
			if len(out) == 0 {
				b.WriteString(pad(4) + set.key + ": []\n")
				continue
			}
			b.WriteString(pad(4) + set.key + ":\n")
			for _, s := range out {
				b.WriteString(pad(6) + "- " + s + "\n")
			}
		}
	}
	return b.String()
}

func statementOf(res *commission.Result, payee string) commission.Statement {
	st, _ := res.Statement(payee)
	return st
}

func payableOf(po *payout.Result, payee string) payout.Payable {
	if po != nil {
		for _, p := range po.Payables {
			if p.Payee == payee {
				return p
			}
		}
	}
	return payout.Payable{}
}

// componentKey is how an expectation names the component of s: its id,
// or plan/component when two plans of the statement have it.
func componentKey(st commission.Statement, s commission.Subtotal) string {
	for _, o := range st.Subtotals {
		if o.Component == s.Component && o.Plan != s.Plan {
			return s.Plan + "/" + s.Component
		}
	}
	return s.Component
}

// componentOrder returns the keys of want in the statement's order, the
// keys it has no subtotal for last, by name.
func componentOrder(st commission.Statement, want map[string]number) []string {
	var out []string
	for i := range st.Subtotals {
		for _, k := range sortedKeys(want) {
			if componentMatches(k, &st.Subtotals[i]) && !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	for _, k := range sortedKeys(want) {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// updatedLines returns the line expectations with the statement's
// amounts: each expected line that still matches, and for a strict test
// every line not matched, by component and deal.
func updatedLines(st commission.Statement, want []lineDoc, strict bool) []lineDoc {
	used := make([]bool, len(st.Lines))
	var out []lineDoc
	for _, l := range want {
		sum, why, found := decimal.Zero, []string(nil), false
		for k := range st.Lines {
			if lineMatches(&l, &st.Lines[k]) {
				used[k], found = true, true
				sum = sum.Add(st.Lines[k].Amount)
				why = append(why, st.Lines[k].Explanation())
			}
		}
		if !found {
			continue
		}
		l.Amount = &number{d: sum}
		for k := range st.Lines {
			if !lineMatches(&l, &st.Lines[k]) {
				continue
			}
			if l.Rate != nil {
				l.Rate = &number{d: st.Lines[k].Rate}
			}
			if l.Base != nil {
				l.Base = &number{d: st.Lines[k].Base}
			}
		}
		if l.Explanation != nil {
			s := strings.Join(why, "; ")
			l.Explanation = &s
		}
		out = append(out, l)
	}
	if !strict {
		return out
	}
	for k := range st.Lines {
		if used[k] {
			continue
		}
		line := &st.Lines[k]
		d := line.Deal
		l := lineDoc{Component: line.Component, Amount: &number{d: decimal.Zero}}
		if d != "" {
			l.Deal = &d
		}
		for j := k; j < len(st.Lines); j++ {
			if !used[j] && lineMatches(&l, &st.Lines[j]) {
				used[j] = true
				l.Amount.d = l.Amount.d.Add(st.Lines[j].Amount)
			}
		}
		out = append(out, l)
	}
	return out
}

func renderLine(l lineDoc, cur, cont string) string {
	var parts []string
	if l.Plan != "" {
		parts = append(parts, "plan: "+scalar(l.Plan))
	}
	parts = append(parts, "component: "+scalar(l.Component))
	if l.Deal != nil {
		parts = append(parts, "deal: "+scalar(*l.Deal))
	}
	if l.Kind != "" {
		parts = append(parts, "kind: "+scalar(l.Kind))
	}
	if l.Amount != nil {
		parts = append(parts, "amount: "+quote(fixed(l.Amount.d, cur)))
	}
	if l.Base != nil {
		parts = append(parts, "base: "+quote(fixed(l.Base.d, cur)))
	}
	if l.Rate != nil {
		parts = append(parts, "rate: "+quote(l.Rate.d.String()))
	}
	if l.Explanation == nil {
		return "{" + strings.Join(parts, ", ") + "}"
	}
	parts = append(parts, "explanation: "+quote(*l.Explanation))
	return strings.Join(parts, "\n"+cont)
}

func renderItem(it itemDoc, amount string) string {
	parts := []string{"kind: " + scalar(it.Kind)}
	if it.Period != "" {
		parts = append(parts, "period: "+scalar(it.Period))
	}
	if it.Plan != "" {
		parts = append(parts, "plan: "+scalar(it.Plan))
	}
	if it.Component != "" {
		parts = append(parts, "component: "+scalar(it.Component))
	}
	if it.Deal != nil {
		parts = append(parts, "deal: "+scalar(*it.Deal))
	}
	parts = append(parts, "amount: "+quote(amount))
	return "{" + strings.Join(parts, ", ") + "}"
}
