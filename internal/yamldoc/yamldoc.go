package yamldoc

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/salesplan/salesplan/diag"
	"go.yaml.in/yaml/v3"
)

// Limits bound what a document may hold, so that a hostile one (an alias
// bomb, a deep nesting, millions of tiny values) fails fast with a
// positioned error instead of exhausting memory. The zero value of a
// field is its default.
type Limits struct {
	// MaxBytes is the size of the source; default [DefaultMaxBytes].
	MaxBytes int
	// MaxNodes is the number of values, aliases counted each time they
	// are used; default [DefaultMaxNodes]. It is checked on the source
	// text before the YAML parser builds a tree, and on the tree.
	MaxNodes int
	// MaxAliasNodes is the number of values reached through aliases,
	// counted each time; default [DefaultMaxAliasNodes]. It is checked
	// before decoding, so that an alias bomb ("billion laughs") is refused
	// in microseconds.
	MaxAliasNodes int
	// MaxDepth is the nesting of mappings and sequences; default
	// [DefaultMaxDepth].
	MaxDepth int
}

// The default limits.
const (
	DefaultMaxBytes      = 32 << 20
	DefaultMaxNodes      = 1_000_000
	DefaultMaxAliasNodes = 100_000
	DefaultMaxDepth      = 64
)

// WithDefaults returns l with the default of each field left zero.
func (l Limits) WithDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxNodes <= 0 {
		l.MaxNodes = DefaultMaxNodes
	}
	if l.MaxAliasNodes <= 0 {
		l.MaxAliasNodes = DefaultMaxAliasNodes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	return l
}

// Index maps the path of each decoded value to its place in the document.
// It is immutable once Decode returns it and safe for concurrent use.
type Index struct {
	file  string
	lines []string
	nodes map[string]node
}

type node struct {
	pos    diag.Pos
	key    diag.Pos // position of the key, for values in a mapping
	style  yaml.Style
	indent int // first content column of a block scalar, 1-based
}

// File returns the document's file name.
func (ix *Index) File() string {
	if ix == nil {
		return ""
	}
	return ix.file
}

// Pos returns the position of the value at path, or of its nearest
// ancestor that is in the document (a field left out is reported at the
// mapping that lacks it). It returns the zero Pos for a nil Index.
func (ix *Index) Pos(path string) diag.Pos {
	if ix == nil {
		return diag.Pos{}
	}
	for {
		if n, ok := ix.nodes[path]; ok {
			return n.pos
		}
		if path == "" {
			return diag.Pos{File: ix.file}
		}
		path = parent(path)
	}
}

// Has reports whether the document gives a value at path.
func (ix *Index) Has(path string) bool {
	if ix == nil {
		return false
	}
	_, ok := ix.nodes[path]
	return ok
}

// ExprPos returns the document position of line and col (1-based) inside
// the string value at path: the position of an error inside an expression.
// For a block scalar (| or >) line 1 is the line after the indicator; for
// a quoted scalar the column is counted after the opening quote, escapes
// taken as one character each.
func (ix *Index) ExprPos(path string, line, col int) diag.Pos {
	if ix == nil {
		return diag.Pos{}
	}
	n, ok := ix.nodes[path]
	if !ok {
		return ix.Pos(path)
	}
	p := n.pos
	switch n.style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		p.Line += line
		p.Col = n.indent + col - 1
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		if line <= 1 {
			p.Col += col
		} else {
			p.Line += line - 1
			p.Col = col
		}
	default:
		if line <= 1 {
			p.Col += col - 1
		} else {
			p.Line += line - 1
			p.Col = col
		}
	}
	return p
}

// Locate fills in the position of every problem in list that has none,
// from its path, and sorts the list. Problems at a path inside an
// expression keep their own position.
func (ix *Index) Locate(list diag.List) diag.List {
	for _, p := range list {
		switch {
		case p.Pos.IsValid():
		case p.Inner.IsValid():
			p.Pos = ix.ExprPos(p.Path, p.Inner.Line, p.Inner.Col)
		default:
			p.Pos = ix.Pos(p.Path)
		}
	}
	list.Sort()
	return list
}

// parent returns the path of the value that contains path: a.b[2].c →
// a.b[2] → a.b → a → "".
func parent(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

var (
	lineRE   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	anchorRE = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
)

// Decode parses src (YAML, or JSON, which YAML reads too) and decodes it
// into v, which must be a non-nil pointer. It returns the index of the
// document's paths and every problem found; v is only partly filled when
// there are problems, and callers must not use it then.
func Decode(file string, src []byte, v any, limits Limits) (*Index, diag.List) {
	limits = limits.WithDefaults()
	ix := &Index{file: file, nodes: map[string]node{}}
	var list diag.List
	if len(src) > limits.MaxBytes {
		list.Add("", diag.TooLarge, "the document is %d bytes, more than the limit of %d", len(src), limits.MaxBytes)
		return ix, ix.Locate(list)
	}
	if p := countValues(file, src, limits.MaxNodes); p != nil {
		return ix, append(list, p)
	}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	err := dec.Decode(&root)
	if errors.Is(err, io.EOF) {
		list.Add("", diag.Missing, "the document is empty")
		return ix, ix.Locate(list)
	}
	if err != nil {
		if p := checkJSON(file, src); p != nil {
			return ix, append(list, p)
		}
		list = append(list, syntaxProblem(file, src, err))
		return ix, list
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p := list.Add("", diag.Syntax, "a file holds one document; this one has another after ---")
		p.Pos = diag.Pos{File: file, Line: extra.Line, Col: extra.Column}
		return ix, list
	} else if !errors.Is(err, io.EOF) {
		if p := checkJSON(file, src); p != nil {
			return ix, append(list, p)
		}
		list = append(list, syntaxProblem(file, src, err))
		return ix, list
	}
	if p := checkAliases(file, &root, limits); p != nil {
		return ix, append(list, p)
	}
	ix.lines = strings.Split(string(src), "\n")
	d := &decoder{ix: ix, limits: limits}
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		list.Add("", diag.InvalidValue, "yamldoc: Decode needs a non-nil pointer, not %T", v)
		return ix, list
	}
	d.value(doc, rv.Elem(), "", diag.Pos{}, 0)
	return ix, ix.Locate(d.list)
}

func syntaxProblem(file string, src []byte, err error) *diag.Problem {
	msg := err.Error()
	p := &diag.Problem{Pos: diag.Pos{File: file}, Code: diag.Syntax}
	first, _, _ := strings.Cut(msg, "\n")
	if m := lineRE.FindStringSubmatch(first); m != nil {
		p.Pos.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
		// yaml.v3 counts lines from 0 in the errors of its parser (as
		// opposed to its scanner), whose messages all start so.
		if strings.HasPrefix(msg, "did not find expected") {
			p.Pos.Line++
		}
	} else {
		msg = strings.TrimPrefix(first, "yaml: ")
	}
	switch m := anchorRE.FindStringSubmatch(msg); {
	case m != nil:
		// yaml.v3 says no more: the first use of the anchor is the place.
		if i := bytes.Index(src, []byte("*"+m[1])); i >= 0 {
			p.Pos = posAt(file, src, i)
		}
	case strings.Contains(msg, "end of stream"):
		// The document is cut short, at its end.
		p.Pos = posAt(file, src, len(src))
	case !p.Pos.IsValid():
		p.Pos.Line = 1 // yaml.v3 gives no line for an error on the first line
	}
	p.Message = "not valid YAML: " + msg
	return p
}

// posAt returns the position of byte off of src.
func posAt(file string, src []byte, off int) diag.Pos {
	off = min(max(off, 0), len(src))
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	col := off - bytes.LastIndexByte(src[:off], '\n')
	return diag.Pos{File: file, Line: line, Col: col}
}

// checkJSON checks a document that the YAML parser refused and that
// starts as JSON does ('{' or '[') with encoding/json, which says where a
// JSON document goes wrong, and where one cut short ends, better than the
// YAML parser does.
func checkJSON(file string, src []byte) *diag.Problem {
	t := bytes.TrimLeft(src, " \t\r\n")
	if len(t) == 0 || t[0] != '{' && t[0] != '[' || json.Valid(src) {
		return nil
	}
	var v json.RawMessage
	err := json.Unmarshal(src, &v)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return nil // valid after all; the YAML parser decides
	}
	msg, off := se.Error(), int(se.Offset)
	if msg == "unexpected end of JSON input" {
		msg = "the document ends early (is it cut short?)"
	} else {
		off-- // the offset is after the byte in error
	}
	return &diag.Problem{Pos: posAt(file, src, off), Code: diag.Syntax, Message: "not valid JSON: " + msg}
}

// countValues bounds, on the source text, the number of values the YAML
// parser would build: every value but the document's follows a ',', a
// '[' or '{', a ':', or a "- " or "? ", each counted as two values (a key
// and its value), wherever it stands: in a quoted string or a comment
// too, for a count that skipped them could be fooled into counting too
// few. It returns a problem, positioned where the count passes 2×max,
// before the parser builds a tree of millions of nodes (a few hundred
// bytes each).
func countValues(file string, src []byte, max int) *diag.Problem {
	n, limit := 1, 2*max+1
	for i, c := range src {
		switch c {
		case ',', '[', '{', ':':
			n += 2
		case '-', '?':
			if i+1 == len(src) || src[i+1] == ' ' || src[i+1] == '\n' || src[i+1] == '\r' || src[i+1] == '\t' {
				n += 2
			}
		default:
			continue
		}
		if n > limit {
			return &diag.Problem{Pos: posAt(file, src, i), Code: diag.TooLarge,
				Message: fmt.Sprintf("the document has too many values: more than %d commas, colons, dashes and brackets", max)}
		}
	}
	return nil
}

// checkAliases works out, without expanding them, how many values the
// aliases of the document stand for, and returns a problem at the first
// alias that takes their sum past limits.MaxAliasNodes (an alias bomb:
// nine aliases of nine aliases of … make a billion values of a kilobyte
// of YAML), or the whole document past limits.MaxNodes, or that refers to
// the value that holds it.
func checkAliases(file string, root *yaml.Node, limits Limits) *diag.Problem {
	z := sizer{memo: map[*yaml.Node]int{}}
	written, repeated := 0, 0
	var walk func(n *yaml.Node) *diag.Problem
	walk = func(n *yaml.Node) *diag.Problem {
		written++
		if n.Kind == yaml.AliasNode {
			if n.Alias == nil {
				return nil // reported when decoding
			}
			z.cycle = false
			repeated = min(repeated+z.size(n.Alias), huge)
			at := diag.Pos{File: file, Line: n.Line, Col: n.Column}
			switch {
			case z.cycle:
				return &diag.Problem{Pos: at, Code: diag.InvalidValue, Message: fmt.Sprintf("alias *%s refers to a value that holds it", n.Value)}
			case repeated > limits.MaxAliasNodes:
				return &diag.Problem{Pos: at, Code: diag.TooLarge,
					Message: fmt.Sprintf("alias *%s takes the document past %d values repeated by aliases (an alias bomb?)", n.Value, limits.MaxAliasNodes)}
			case written+repeated > limits.MaxNodes:
				return &diag.Problem{Pos: at, Code: diag.TooLarge,
					Message: fmt.Sprintf("the document has more than %d values (counting each use of an alias)", limits.MaxNodes)}
			}
			return nil
		}
		for _, c := range n.Content {
			if p := walk(c); p != nil {
				return p
			}
		}
		return nil
	}
	return walk(root)
}

const huge = 1 << 40

// sizer counts the values a node stands for, aliases expanded, each node
// once (memo), so that the count of a bomb takes microseconds.
type sizer struct {
	memo  map[*yaml.Node]int // -1 while a node's count is under way
	cycle bool               // a node was reached from inside itself
}

func (z *sizer) size(n *yaml.Node) int {
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return 1
		}
		return min(1+z.size(n.Alias), huge)
	}
	if v, ok := z.memo[n]; ok {
		if v < 0 {
			z.cycle = true
			return huge
		}
		return v
	}
	z.memo[n] = -1
	s := 1
	for _, c := range n.Content {
		s = min(s+z.size(c), huge)
	}
	z.memo[n] = s
	return s
}

type decoder struct {
	ix     *Index
	limits Limits
	list   diag.List
	count  int
	abort  bool
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.ix.file, Line: n.Line, Col: n.Column}
}

func (d *decoder) fail(n *yaml.Node, path string, code diag.Code, format string, args ...any) *diag.Problem {
	p := d.list.Add(path, code, format, args...)
	p.Pos = d.pos(n)
	return p
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an alias"
}

func (d *decoder) value(n *yaml.Node, v reflect.Value, path string, key diag.Pos, depth int) {
	if d.abort {
		return
	}
	d.count++
	if d.count > d.limits.MaxNodes {
		d.fail(n, path, diag.TooLarge, "the document has more than %d values (counting each use of an alias)", d.limits.MaxNodes)
		d.abort = true
		return
	}
	if depth > d.limits.MaxDepth {
		d.fail(n, path, diag.TooLarge, "the document nests deeper than %d levels", d.limits.MaxDepth)
		d.abort = true
		return
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			d.fail(n, path, diag.Syntax, "unknown alias *%s", n.Value)
			return
		}
		d.value(n.Alias, v, path, key, depth+1)
		return
	}
	if n.Tag != "" && !strings.HasPrefix(n.Tag, "!!") {
		d.fail(n, path, diag.Unsupported, "custom YAML tag %s is not supported", n.Tag)
		return
	}
	info := node{pos: d.pos(n), key: key, style: n.Style}
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		info.indent = d.blockIndent(n.Line)
	}
	d.ix.nodes[path] = info
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // leave the zero value
	}

	t := v.Type()
	if t == monthType || t == weekdayType {
		d.enumValue(n, v, path)
		return
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) && t.Kind() != reflect.Pointer {
		if n.Kind != yaml.ScalarNode {
			d.fail(n, path, diag.WrongType, "want a single value, got %s", kindName(n))
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.Value)); err != nil {
			d.fail(n, path, diag.InvalidValue, "%s", cleanTextError(err, n.Value, t))
		}
		return
	}
	if t.Kind() == reflect.Struct && reflect.PointerTo(t).Implements(mapUnmarshaler) {
		d.viaMap(n, v, path, depth)
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		delete(d.ix.nodes, path)
		d.value(n, v.Elem(), path, key, depth)
	case reflect.Struct:
		d.structValue(n, v, path, depth)
	case reflect.Map:
		d.mapValue(n, v, path, depth)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.fail(n, path, diag.WrongType, "want a list, got %s", kindName(n))
			return
		}
		s := reflect.MakeSlice(t, len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.value(c, s.Index(i), fmt.Sprintf("%s[%d]", path, i), diag.Pos{}, depth+1)
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.fail(n, path, diag.WrongType, "want a single value, got %s", kindName(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.fail(n, path, diag.WrongType, "want true or false, got %s", kindName(n))
			return
		}
		v.SetBool(n.Value == "true" || n.Value == "True" || n.Value == "TRUE")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := strconv.ParseInt(n.Value, 10, t.Bits())
		if n.Kind != yaml.ScalarNode || err != nil {
			d.fail(n, path, diag.WrongType, "want a whole number, got %s", kindName(n))
			return
		}
		v.SetInt(i)
	case reflect.Interface:
		if t.NumMethod() != 0 {
			d.fail(n, path, diag.Unsupported, "yamldoc: cannot decode into %v", t)
			return
		}
		v.Set(reflect.ValueOf(d.anyValue(n, path, depth)))
	default:
		d.fail(n, path, diag.Unsupported, "yamldoc: cannot decode into %v", t)
	}
}

// mapUnmarshaler is a value read from a mapping as a map[string]any, as
// yaml.v3 gives it to the same method (deal.Attrs, an immutable value).
var mapUnmarshaler = reflect.TypeFor[interface{ UnmarshalYAML(func(any) error) error }]()

// viaMap decodes mapping n into a map[string]any, as into a field of that
// type, and gives it to v's UnmarshalYAML.
func (d *decoder) viaMap(n *yaml.Node, v reflect.Value, path string, depth int) {
	m := map[string]any{}
	d.mapValue(n, reflect.ValueOf(m), path, depth)
	if n.Kind != yaml.MappingNode {
		return // mapValue said why
	}
	err := v.Addr().Interface().(interface{ UnmarshalYAML(func(any) error) error }).UnmarshalYAML(func(out any) error {
		p, ok := out.(*map[string]any)
		if !ok {
			return fmt.Errorf("yamldoc: cannot decode a mapping into %T", out)
		}
		*p = m
		return nil
	})
	if err != nil {
		d.fail(n, path, diag.InvalidValue, "%v", err)
	}
}

var (
	monthType   = reflect.TypeFor[time.Month]()
	weekdayType = reflect.TypeFor[time.Weekday]()
)

// enumValue decodes a month (1 to 12, or its English name: February, Feb)
// or a weekday (0 for Sunday to 6, or its name: Saturday, Sat).
func (d *decoder) enumValue(n *yaml.Node, v reflect.Value, path string) {
	var names []string
	lo := 1
	if v.Type() == monthType {
		for m := time.January; m <= time.December; m++ {
			names = append(names, m.String())
		}
	} else {
		lo = 0
		for w := time.Sunday; w <= time.Saturday; w++ {
			names = append(names, w.String())
		}
	}
	if n.Kind == yaml.ScalarNode {
		if i, err := strconv.Atoi(n.Value); err == nil && i >= lo && i < lo+len(names) {
			v.SetInt(int64(i))
			return
		}
		for i, name := range names {
			if strings.EqualFold(n.Value, name) || strings.EqualFold(n.Value, name[:3]) {
				v.SetInt(int64(i + lo))
				return
			}
		}
	}
	what := "a month (January to December, or 1 to 12)"
	if lo == 0 {
		what = "a weekday (Sunday to Saturday, or 0 to 6)"
	}
	p := d.fail(n, path, diag.InvalidValue, "want %s, got %s", what, kindName(n))
	if n.Kind == yaml.ScalarNode {
		p.Hint = diag.DidYouMean(n.Value, names)
	}
}

// cleanTextError strips the decimal library's own prefixes from its
// messages, which are not for sales-ops eyes.
func cleanTextError(err error, text string, t reflect.Type) string {
	if t.PkgPath() == "github.com/shopspring/decimal" {
		return fmt.Sprintf("%q is not a number", text)
	}
	return err.Error()
}

// anyValue decodes a node of unknown type: scalars as strings, booleans or
// strings of numbers (never float64), mappings as map[string]any, lists
// as []any.
func (d *decoder) anyValue(n *yaml.Node, path string, depth int) any {
	if d.abort {
		return nil
	}
	d.count++
	if d.count > d.limits.MaxNodes || depth > d.limits.MaxDepth {
		d.fail(n, path, diag.TooLarge, "the document nests deeper than %d levels or holds more than %d values", d.limits.MaxDepth, d.limits.MaxNodes)
		d.abort = true
		return nil
	}
	for hops := 0; n.Kind == yaml.AliasNode && n.Alias != nil && hops < 100; hops++ {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		mv := reflect.ValueOf(m)
		d.mapValue(n, mv, path, depth)
		return m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			s[i] = d.anyValue(c, fmt.Sprintf("%s[%d]", path, i), depth+1)
		}
		return s
	}
	switch n.Tag {
	case "!!bool":
		return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
	case "!!null":
		return nil
	}
	return n.Value
}

func (d *decoder) blockIndent(line int) int {
	for i := line; i < len(d.ix.lines); i++ { // lines[line] is the line after the indicator
		s := d.ix.lines[i]
		if strings.TrimSpace(s) == "" {
			continue
		}
		return len(s) - len(strings.TrimLeft(s, " ")) + 1
	}
	return 1
}

func (d *decoder) mappingPairs(n *yaml.Node, path string) ([][2]*yaml.Node, bool) {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, diag.WrongType, "want a mapping of keys to values, got %s", kindName(n))
		return nil, false
	}
	pairs := make([][2]*yaml.Node, 0, len(n.Content)/2)
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.fail(k, path, diag.WrongType, "a key must be a name, got %s", kindName(k))
			continue
		}
		if k.Tag == "!!merge" {
			d.fail(k, path, diag.Unsupported, "YAML merge keys (<<) are not supported; repeat the values or use an alias for the whole value")
			continue
		}
		if seen[k.Value] {
			d.fail(k, join(path, k.Value), diag.DuplicateKey, "key %s is given twice", k.Value)
			continue
		}
		seen[k.Value] = true
		pairs = append(pairs, [2]*yaml.Node{k, val})
	}
	return pairs, true
}

func (d *decoder) mapValue(n *yaml.Node, v reflect.Value, path string, depth int) {
	t := v.Type()
	if t.Key().Kind() != reflect.String {
		d.fail(n, path, diag.Unsupported, "yamldoc: cannot decode into %v", t)
		return
	}
	pairs, ok := d.mappingPairs(n, path)
	if !ok {
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(t, len(pairs)))
	}
	for _, kv := range pairs {
		p := join(path, kv[0].Value)
		ev := reflect.New(t.Elem()).Elem()
		d.value(kv[1], ev, p, d.pos(kv[0]), depth+1)
		v.SetMapIndex(reflect.ValueOf(kv[0].Value).Convert(t.Key()), ev)
	}
}

// field is a decodable struct field: its key in the document and its index
// path through inline structs.
type field struct {
	name  string
	index []int
}

func fields(t reflect.Type) []field {
	var fs []field
	for i := range t.NumField() {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup("yaml")
		if !ok || tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if slices.Contains(strings.Split(opts, ","), "inline") && f.Type.Kind() == reflect.Struct {
			for _, sub := range fields(f.Type) {
				fs = append(fs, field{sub.name, append([]int{i}, sub.index...)})
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		fs = append(fs, field{name, []int{i}})
	}
	return fs
}

func (d *decoder) structValue(n *yaml.Node, v reflect.Value, path string, depth int) {
	pairs, ok := d.mappingPairs(n, path)
	if !ok {
		return
	}
	fs := fields(v.Type())
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.name
	}
	for _, kv := range pairs {
		k := kv[0].Value
		i := slices.IndexFunc(fs, func(f field) bool { return f.name == k })
		if i < 0 {
			p := d.fail(kv[0], join(path, k), diag.UnknownKey, "unknown key %s", k)
			p.Hint = diag.DidYouMean(k, names)
			switch {
			case n.Style&yaml.FlowStyle != 0 && looksLikeExpressionTail(k):
				p.Hint = "this looks like the rest of an expression cut at a comma: in a {...} mapping a comma ends the value, so quote the expression (rate: \"min(0.1, 0.2)\") or write the mapping in block style"
			case p.Hint == "":
				p.Hint = "known keys: " + strings.Join(names, ", ")
			}
			continue
		}
		d.value(kv[1], v.FieldByIndex(fs[i].index), join(path, k), d.pos(kv[0]), depth+1)
	}
}

// looksLikeExpressionTail reports whether a key holds what no key name
// does but the end of an expression does: brackets, operators, quotes, a
// leading digit.
func looksLikeExpressionTail(k string) bool {
	return k != "" && (strings.ContainsAny(k, "()[]*+/<>=!?&|\"' ") || (k[0] >= '0' && k[0] <= '9'))
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
