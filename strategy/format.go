package strategy

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/internal/yamldoc"
	"go.yaml.in/yaml/v3"
)

// Format returns a strategy document in its canonical layout, as
// salesplan fmt writes it: the keys of every mapping in the order of the
// schema (the order of the Go fields, see [Schema]; keys the parser does
// not know last, as they were), two spaces of indentation, lists indented
// under their key. What the author wrote is kept otherwise: comments, one
// blank line wherever there was at least one, the quoting of each value,
// flow style ({from: 0, rate: 0.08}) where it fits on one line, block
// scalars (| and >) line for line, anchors and aliases.
//
// Format never changes what a document means: it checks that its result
// holds the same values as src, in the new order, and returns an error
// rather than a result that does not. The document need not be valid (an
// unknown id, a missing key are for [Parse] to report), but it must be
// one well-formed YAML document; file names it in the positions of the
// errors, a [diag.List]. A JSON document is refused: its layout is JSON's.
//
// Line ends are written as \n. Formatting a formatted document gives it
// back unchanged.
func Format(file string, src []byte) ([]byte, error) {
	root, err := documentShape()
	if err != nil {
		return nil, err
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	if _, list := yamldoc.Decode(file, src, new(Document), yamldoc.Limits{}); len(list) > 0 {
		var fatal diag.List
		for _, p := range list {
			if p.Code == diag.Syntax || p.Code == diag.TooLarge || p.Code == diag.Missing && p.Path == "" {
				fatal = append(fatal, p)
			}
		}
		if len(fatal) > 0 {
			return nil, fatal
		}
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(src)).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, formatError(file, 0, 0, diag.Missing, "the document is empty")
		}
		return nil, formatError(file, 0, 0, diag.Syntax, "not valid YAML: %v", err)
	}
	top := &doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		top = doc.Content[0]
	}
	if top.Kind != yaml.MappingNode {
		return nil, formatError(file, top.Line, top.Column, diag.WrongType, "a strategy document is a mapping of keys to values")
	}
	if top.Style&yaml.FlowStyle != 0 {
		return nil, formatError(file, top.Line, top.Column, diag.Unsupported, "salesplan fmt formats YAML documents; this one is JSON (or one flow mapping)")
	}
	// A comment below the last key stays at the end, wherever the key
	// goes.
	var end string
	if n := len(top.Content); n >= 2 {
		end, top.Content[n-2].FootComment = top.Content[n-2].FootComment, ""
	}
	reorder(top, root, map[*yaml.Node]bool{})
	anchors, loop := anchorNames(&doc)
	if loop != nil {
		return nil, formatError(file, loop.Line, loop.Column, diag.Unsupported, "alias *%s refers to a value that holds it", loop.Value)
	}
	p := &printer{lines: strings.Split(string(src), "\n"), printed: map[*yaml.Node]bool{}, anchors: anchors}
	p.document(&doc, top, end)
	out := p.b.Bytes()
	if err := sameDocument(&doc, out); err != nil {
		return nil, formatError(file, 0, 0, diag.Unsupported, "salesplan fmt cannot lay out this document without changing it (%v); please report it", err)
	}
	return out, nil
}

func formatError(file string, line, col int, code diag.Code, format string, args ...any) diag.List {
	p := diag.Errorf("", code, format, args...)
	p.Pos = diag.Pos{File: file, Line: line, Col: col}
	return diag.List{p}
}

// reorder sorts the keys of every mapping of n that decodes into a
// struct into the order of the struct's fields, recursively; done guards
// against aliases that loop.
func reorder(n *yaml.Node, s *shape, done map[*yaml.Node]bool) {
	if n == nil || s == nil || done[n] {
		return
	}
	done[n] = true
	switch {
	case n.Kind == yaml.AliasNode:
		reorder(n.Alias, s, done)
	case n.Kind == yaml.MappingNode && s.kind == shapeObject:
		type pair struct {
			k, v  *yaml.Node
			order int
		}
		pairs := make([]pair, 0, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			order := len(s.fields) // unknown keys go last, as they were
			if j := slices.IndexFunc(s.fields, func(f *shapeField) bool { return f.key == k.Value }); j >= 0 && k.Kind == yaml.ScalarNode {
				order = j
				reorder(v, s.fields[j].shape, done)
			}
			pairs = append(pairs, pair{k, v, order})
		}
		slices.SortStableFunc(pairs, func(a, b pair) int { return cmp.Compare(a.order, b.order) })
		for i, p := range pairs {
			n.Content[2*i], n.Content[2*i+1] = p.k, p.v
		}
	case n.Kind == yaml.MappingNode && s.kind == shapeDict:
		for i := 1; i < len(n.Content); i += 2 {
			reorder(n.Content[i], s.elem, done)
		}
	case n.Kind == yaml.SequenceNode && s.kind == shapeArray:
		for _, c := range n.Content {
			reorder(c, s.elem, done)
		}
	}
}

// anchorNames counts the nodes that define each anchor name. It returns
// an alias that refers to a value holding it, which no strategy can be.
func anchorNames(n *yaml.Node) (map[string]int, *yaml.Node) {
	names := map[string]int{}
	holding := map[*yaml.Node]bool{}
	var loop *yaml.Node
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Anchor != "" {
			names[n.Anchor]++
		}
		if n.Kind == yaml.AliasNode && holding[n.Alias] && loop == nil {
			loop = n
		}
		holding[n] = true
		for _, c := range n.Content {
			walk(c)
		}
		delete(holding, n)
	}
	walk(n)
	return names, loop
}

// printer writes the canonical layout of a document.
type printer struct {
	b       bytes.Buffer
	lines   []string // of the source
	printed map[*yaml.Node]bool
	anchors map[string]int
	// blockEnd is the length of b after the last block scalar, whose key
	// or dash stands at blockIndent.
	blockEnd, blockIndent int
}

const indentStep = 2

// document writes the document doc whose mapping is top; end is the
// comment below its last key.
func (p *printer) document(doc, top *yaml.Node, end string) {
	if doc.Kind == yaml.DocumentNode && doc.HeadComment != "" {
		p.comment(doc.HeadComment, 0)
		p.b.WriteByte('\n')
	}
	p.mapping(top, 0, false)
	if end != "" {
		p.comment(end, 0)
	}
	var foot []string
	for _, c := range []string{top.FootComment, doc.FootComment} {
		if c != "" {
			foot = append(foot, c)
		}
	}
	if doc.Kind == yaml.DocumentNode && len(foot) > 0 {
		c := strings.Join(foot, "\n")
		if p.blankAbove(c) {
			p.blankLine()
		}
		p.comment(c, 0)
	}
}

// blankAbove reports whether the source has a blank line above the last
// comment whose first line is that of c.
func (p *printer) blankAbove(c string) bool {
	first, _, _ := strings.Cut(c, "\n")
	first = strings.TrimSpace(first)
	for i := len(p.lines) - 1; i > 0; i-- {
		if strings.TrimSpace(p.lines[i]) == first {
			return strings.TrimSpace(p.lines[i-1]) == ""
		}
	}
	return true
}

// comment writes each line of a comment at indent.
func (p *printer) comment(c string, indent int) {
	for line := range strings.SplitSeq(c, "\n") {
		line = strings.TrimRight(line, " \t")
		if line != "" {
			p.b.WriteString(strings.Repeat(" ", indent))
			p.b.WriteString(strings.TrimLeft(line, " \t"))
		}
		p.b.WriteByte('\n')
	}
}

// lineComment ends the current line with the comments cs, as far from
// the text as they were in the source line (1-based) at, and a newline.
func (p *printer) lineComment(at int, cs ...string) {
	var parts []string
	for _, c := range cs {
		if c = strings.TrimSpace(c); c != "" {
			parts = append(parts, c)
		}
	}
	if len(parts) == 0 {
		p.b.WriteByte('\n')
		return
	}
	first, rest, _ := strings.Cut(strings.Join(parts, "\n"), "\n")
	gap := 1
	if at >= 1 && at <= len(p.lines) {
		line := p.lines[at-1]
		if i := strings.LastIndex(line, first); i > 0 {
			gap = 0
			for j := i - 1; j >= 0 && (line[j] == ' ' || line[j] == '\t'); j-- {
				gap++
			}
			gap = max(gap, 1)
		}
	}
	p.b.WriteString(strings.Repeat(" ", gap))
	p.b.WriteString(first)
	p.b.WriteByte('\n')
	if rest != "" {
		// A comment on several lines goes on below, at the start of the
		// line the text stands on.
		p.comment(rest, p.currentIndent())
	}
}

// currentIndent returns the indentation of the last line written.
func (p *printer) currentIndent() int {
	b := p.b.Bytes()
	b = b[:len(b)-1]
	start := bytes.LastIndexByte(b, '\n') + 1
	line := b[start:]
	return len(line) - len(bytes.TrimLeft(line, " -"))
}

// blankBefore reports whether the source has a blank line just above
// the node n, counting its head comment as part of it.
func (p *printer) blankBefore(n *yaml.Node) bool {
	start := n.Line
	if n.HeadComment != "" {
		start -= strings.Count(n.HeadComment, "\n") + 1
	}
	i := start - 2 // 0-based index of the line above
	return i >= 0 && i < len(p.lines) && strings.TrimSpace(p.lines[i]) == ""
}

// blankLine writes a blank line, unless the last line written is one
// (the kept end of a block scalar).
func (p *printer) blankLine() {
	if !bytes.HasSuffix(p.b.Bytes(), []byte("\n\n")) {
		p.b.WriteByte('\n')
	}
}

// mapping writes the entries of a block mapping at indent; inline says
// that the first key goes on the current line (after "- ").
func (p *printer) mapping(m *yaml.Node, indent int, inline bool) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		first := i == 0
		if !first && p.blankBefore(k) {
			p.blankLine()
		}
		if k.HeadComment != "" {
			if first && inline {
				// The line already holds "- ": the comment goes above
				// it, at the item's indentation.
				p.insertAboveLine(k.HeadComment)
			} else {
				p.comment(k.HeadComment, indent)
			}
		}
		if !(first && inline) {
			p.b.WriteString(strings.Repeat(" ", indent))
		}
		p.b.WriteString(p.scalar(k, false))
		p.b.WriteByte(':')
		p.value(k, v, indent)
		p.foot(k.FootComment, indent)
		if !p.isBlock(v) {
			p.foot(v.FootComment, indent)
		}
	}
}

// foot writes the foot comment c of a node at indent. Right below a
// block scalar it goes at the scalar's indentation instead (unless at the
// top level), as the YAML parser reads an indented comment there as the
// scalar's.
func (p *printer) foot(c string, indent int) {
	if c == "" {
		return
	}
	if p.b.Len() == p.blockEnd && indent > 0 {
		indent = p.blockIndent
	}
	p.comment(c, indent)
}

// insertAboveLine writes comment c above the line being written (which
// holds only its indentation and "- " markers so far), at that line's
// indentation.
func (p *printer) insertAboveLine(c string) {
	b := p.b.Bytes()
	start := bytes.LastIndexByte(b, '\n') + 1
	cur := string(b[start:])
	p.b.Truncate(start)
	p.comment(c, len(cur)-len(strings.TrimLeft(cur, " ")))
	p.b.WriteString(cur)
}

// isBlock reports whether n is written as a block collection.
func (p *printer) isBlock(n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode && n.Kind != yaml.SequenceNode {
		return false
	}
	return !p.flow(n)
}

// flow reports whether collection n is written in flow style: it was,
// it fits on one line, nothing inside it has a comment, and no value in
// it is left empty.
func (p *printer) flow(n *yaml.Node) bool {
	if len(n.Content) == 0 {
		return true // {} and []
	}
	if n.Style&yaml.FlowStyle == 0 {
		return false
	}
	ok := true
	var walk func(c *yaml.Node)
	walk = func(c *yaml.Node) {
		if c != n && (c.Line != n.Line || c.HeadComment != "" || c.FootComment != "" || c.LineComment != "") {
			ok = false
		}
		if c.Kind == yaml.ScalarNode && (c.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || c.Value == "" && c.ShortTag() == "!!null") {
			ok = false // a block scalar, or a value left empty
		}
		for _, cc := range c.Content {
			walk(cc)
		}
	}
	walk(n)
	return ok
}

// value writes the value v of key k (the line holds "key:" so far), and
// what follows it.
func (p *printer) value(k, v *yaml.Node, indent int) {
	asAlias := v.Kind == yaml.AliasNode || p.printed[v]
	props := p.props(v)
	switch {
	case asAlias:
		p.b.WriteString(" " + p.alias(v))
		p.lineComment(v.Line, k.LineComment, v.LineComment)
	case v.Kind == yaml.ScalarNode && v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		p.b.WriteString(" " + props)
		p.blockScalar(v, indent, k.Column-1, k.LineComment)
	case v.Kind == yaml.ScalarNode:
		if s := p.scalar(v, false); props+s != "" {
			p.b.WriteString(" " + props + s)
		}
		p.lineComment(v.Line, k.LineComment, v.LineComment)
	case p.flow(v):
		p.b.WriteString(" " + props + p.flowText(v))
		p.lineComment(v.Line, k.LineComment, v.LineComment)
	default:
		if props != "" {
			p.b.WriteString(" " + strings.TrimSuffix(props, " "))
		}
		p.lineComment(k.Line, k.LineComment, v.LineComment)
		if v.HeadComment != "" {
			p.comment(v.HeadComment, indent+indentStep)
		}
		if v.Kind == yaml.MappingNode {
			p.mapping(v, indent+indentStep, false)
		} else {
			p.sequence(v, indent+indentStep, false)
		}
		p.foot(v.FootComment, indent+indentStep)
	}
}

// sequence writes the items of a block sequence at indent, each on a
// line of its own; inline says that the first goes on the current line
// (after "- ").
func (p *printer) sequence(s *yaml.Node, indent int, inline bool) {
	for i, item := range s.Content {
		first := i == 0
		if !first && p.blankBefore(item) {
			p.blankLine()
		}
		switch {
		case item.HeadComment == "":
		case first && inline:
			p.insertAboveLine(item.HeadComment)
		default:
			p.comment(item.HeadComment, indent)
		}
		if !(first && inline) {
			p.b.WriteString(strings.Repeat(" ", indent))
		}
		p.b.WriteString("-")
		p.item(item, indent)
		if !p.isBlock(item) {
			p.foot(item.FootComment, indent)
		}
	}
}

// item writes a sequence item after its "-".
func (p *printer) item(n *yaml.Node, indent int) {
	asAlias := n.Kind == yaml.AliasNode || p.printed[n]
	props := p.props(n)
	switch {
	case asAlias:
		p.b.WriteString(" " + p.alias(n))
		p.lineComment(n.Line, n.LineComment)
	case n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		p.b.WriteString(" " + props)
		p.blockScalar(n, indent, p.dashIndent(n), "")
	case n.Kind == yaml.ScalarNode:
		if s := p.scalar(n, false); props+s != "" {
			p.b.WriteString(" " + props + s)
		}
		p.lineComment(n.Line, n.LineComment)
	case p.flow(n):
		p.b.WriteString(" " + props + p.flowText(n))
		p.lineComment(n.Line, n.LineComment)
	default:
		if n.LineComment != "" {
			// A comment on the collection (one that was in flow style)
			// goes above its dash, as one there would be read.
			p.insertAboveLine(n.LineComment)
		}
		if props != "" {
			// The collection starts on the line after its anchor.
			p.b.WriteString(" " + strings.TrimSuffix(props, " ") + "\n")
			p.b.WriteString(strings.Repeat(" ", indent+indentStep))
		} else {
			p.b.WriteString(" ")
		}
		p.collection(n, indent+indentStep)
	}
	if p.isBlock(n) {
		p.foot(n.FootComment, indent+indentStep)
	}
}

// collection writes a block collection whose first line is already
// indented (after "- ").
func (p *printer) collection(n *yaml.Node, indent int) {
	if n.Kind == yaml.MappingNode {
		p.mapping(n, indent, true)
	} else {
		p.sequence(n, indent, true)
	}
}

// dashIndent returns the indentation, in the source, of the "-" of the
// sequence item n: the parent indentation of a block scalar item.
func (p *printer) dashIndent(n *yaml.Node) int {
	if n.Line < 1 || n.Line > len(p.lines) {
		return 0
	}
	r := []rune(p.lines[n.Line-1])
	for i := min(n.Column-2, len(r)-1); i >= 0; i-- {
		if r[i] == '-' {
			return i
		}
	}
	return 0
}

// props returns the anchor and the explicit tag of n, each followed by a
// space, and marks n printed.
func (p *printer) props(n *yaml.Node) string {
	var s string
	if n.Kind != yaml.AliasNode && !p.printed[n] {
		if n.Anchor != "" {
			s += "&" + n.Anchor + " "
			if p.anchors[n.Anchor] == 1 {
				p.printed[n] = true
			}
		}
		if n.Style&yaml.TaggedStyle != 0 && n.Tag != "" {
			s += n.Tag + " "
		}
	}
	return s
}

// alias returns the text of an alias to n's anchor. An alias whose anchor
// comes later in the new order takes the anchor's place: the value is
// written here, with the anchor, and the anchor's place gets the alias.
func (p *printer) alias(n *yaml.Node) string {
	if n.Kind != yaml.AliasNode {
		return "*" + n.Anchor
	}
	t := n.Alias
	if t == nil || p.printed[t] || p.anchors[t.Anchor] != 1 || t.Kind != yaml.ScalarNode && !p.flow(t) {
		return "*" + n.Value
	}
	props := p.props(t)
	if t.Kind == yaml.ScalarNode {
		return props + p.scalar(t, false)
	}
	return props + p.flowText(t)
}

// flowText returns collection n in flow style, on one line.
func (p *printer) flowText(n *yaml.Node) string {
	var b strings.Builder
	if n.Kind == yaml.MappingNode {
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(p.flowItem(n.Content[i]))
			b.WriteString(": ")
			b.WriteString(p.flowItem(n.Content[i+1]))
		}
		b.WriteByte('}')
		return b.String()
	}
	b.WriteByte('[')
	for i, c := range n.Content {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.flowItem(c))
	}
	b.WriteByte(']')
	return b.String()
}

func (p *printer) flowItem(n *yaml.Node) string {
	if n.Kind == yaml.AliasNode || p.printed[n] {
		return p.alias(n)
	}
	props := p.props(n)
	if n.Kind == yaml.ScalarNode {
		s := p.scalar(n, true)
		if s == "" {
			s = "null"
		}
		return props + s
	}
	return props + p.flowText(n)
}

// scalar returns the text of a scalar on one line: as the source wrote
// it, when it stands on one line there, or else quoted.
func (p *printer) scalar(n *yaml.Node, inFlow bool) string {
	if s, ok := p.source(n); ok {
		return s
	}
	style := n.Style &^ (yaml.TaggedStyle | yaml.LiteralStyle | yaml.FoldedStyle | yaml.FlowStyle)
	if inFlow || strings.ContainsAny(n.Value, "\n\r") || style == 0 {
		if n.ShortTag() == "!!str" && !(style == yaml.SingleQuotedStyle && !strings.ContainsAny(n.Value, "\n\r")) {
			style = yaml.DoubleQuotedStyle
		}
	}
	out, err := yaml.Marshal(&yaml.Node{Kind: yaml.ScalarNode, Tag: n.Tag, Value: n.Value, Style: style})
	if err != nil {
		return `"` + n.Value + `"` // the check of the result refuses it
	}
	return strings.TrimSuffix(string(out), "\n")
}

// source returns the text of the single-line scalar n as the source has
// it.
func (p *printer) source(n *yaml.Node) (string, bool) {
	if n.Line < 1 || n.Line > len(p.lines) {
		return "", false
	}
	line := p.lines[n.Line-1]
	col := n.Column - 1 // in runes
	i := 0
	for range col {
		if i >= len(line) {
			return "", false
		}
		_, size := utf8.DecodeRuneInString(line[i:])
		i += size
	}
	rest := line[i:]
	// Skip the anchor and the tag, which props writes.
	for len(rest) > 0 && (rest[0] == '&' || rest[0] == '!') {
		j := strings.IndexAny(rest, " \t")
		if j < 0 {
			return "", false
		}
		rest = strings.TrimLeft(rest[j:], " \t")
	}
	switch n.Style &^ (yaml.TaggedStyle | yaml.FlowStyle) {
	case 0:
		if n.Value == "" {
			return "", n.ShortTag() == "!!null"
		}
		if strings.HasPrefix(rest, n.Value) || n.ShortTag() == "!!null" && strings.HasPrefix(rest, "~") {
			if n.ShortTag() == "!!null" && !strings.HasPrefix(rest, n.Value) {
				return "~", true
			}
			return n.Value, true
		}
	case yaml.SingleQuotedStyle:
		for j := 1; j < len(rest); j++ {
			if rest[j] == '\'' {
				if j+1 < len(rest) && rest[j+1] == '\'' {
					j++
					continue
				}
				return rest[:j+1], true
			}
		}
	case yaml.DoubleQuotedStyle:
		for j := 1; j < len(rest); j++ {
			switch rest[j] {
			case '\\':
				j++
			case '"':
				return rest[:j+1], true
			}
		}
	}
	return "", false
}

// blockScalar writes a literal or folded scalar (the line holds "key: "
// or "- " so far): its header as the source has it, then its lines at
// indent+2 (or as an explicit indentation indicator says), each as it
// was relative to the others. srcParent is the indentation of its key or
// dash in the source.
func (p *printer) blockScalar(n *yaml.Node, indent, srcParent int, keyComment string) {
	line := []rune(p.lines[n.Line-1])
	j := n.Column - 1
	for j < len(line) && line[j] != '|' && line[j] != '>' {
		j++
	}
	h := j
	for h < len(line) && strings.ContainsRune("|>+-0123456789", line[h]) {
		h++
	}
	header := string(line[j:h])
	p.b.WriteString(header)
	p.lineComment(n.Line, keyComment, n.LineComment)
	explicit := strings.IndexAny(header, "123456789")
	// The lines of the scalar: those below its header indented more than
	// its parent, and the blank ones among them.
	var body []string
	last := -1
	for i := n.Line; i < len(p.lines); i++ {
		l := p.lines[i]
		if strings.TrimSpace(l) == "" {
			body = append(body, l)
			continue
		}
		if leading(l) <= srcParent {
			break
		}
		body = append(body, l)
		last = len(body) - 1
	}
	if !strings.Contains(header, "+") {
		body = body[:last+1]
	}
	srcIndent := -1
	if explicit >= 0 {
		srcIndent = srcParent + int(header[explicit]-'0')
	} else {
		for _, l := range body {
			if strings.TrimSpace(l) != "" {
				srcIndent = leading(l)
				break
			}
		}
	}
	newIndent := indent + indentStep
	if explicit >= 0 {
		newIndent = indent + int(header[explicit]-'0')
	}
	for _, l := range body {
		if len(l) > srcIndent && srcIndent >= 0 {
			p.b.WriteString(strings.Repeat(" ", newIndent))
			p.b.WriteString(l[srcIndent:])
		}
		p.b.WriteByte('\n')
	}
	p.blockEnd, p.blockIndent = p.b.Len(), indent
}

// leading returns the number of spaces a line starts with.
func leading(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

// sameDocument checks that out holds the values of the (reordered) doc.
func sameDocument(doc *yaml.Node, out []byte) error {
	var got yaml.Node
	if err := yaml.Unmarshal(out, &got); err != nil {
		return err
	}
	budget := 2_000_000
	if !sameNode(doc, &got, &budget) {
		return errors.New("the values differ")
	}
	return nil
}

func sameNode(a, b *yaml.Node, budget *int) bool {
	*budget--
	if *budget < 0 {
		return false
	}
	for a.Kind == yaml.AliasNode && a.Alias != nil {
		a = a.Alias
	}
	for b.Kind == yaml.AliasNode && b.Alias != nil {
		b = b.Alias
	}
	if a.Kind == yaml.DocumentNode && len(a.Content) == 1 {
		a = a.Content[0]
	}
	if b.Kind == yaml.DocumentNode && len(b.Content) == 1 {
		b = b.Content[0]
	}
	if a.Kind != b.Kind || a.ShortTag() != b.ShortTag() || len(a.Content) != len(b.Content) {
		return false
	}
	if a.Kind == yaml.ScalarNode && a.Value != b.Value {
		return false
	}
	for i := range a.Content {
		if !sameNode(a.Content[i], b.Content[i], budget) {
			return false
		}
	}
	return true
}
