package rules

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/file"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// A compilation carries one rule through the pipeline, and records the
// first error its own passes find, which takes precedence over expr's.
type compilation struct {
	env   *Env
	name  string
	src   string
	runes []rune
	// envType is the environment struct type; fields are its top-level
	// names, which hide functions of the same name.
	envType reflect.Type
	fields  map[string]bool
	err     *Error
}

func (c *compilation) fail(code Code, node ast.Node, hint, format string, args ...any) {
	if c.err != nil {
		return
	}
	off := -1
	if node != nil {
		off = node.Location().From
	}
	c.err = newError(ErrCompile, code, c.name, c.src, off, fmt.Sprintf(format, args...), hint)
}

// failFloat reports a node whose type is or holds floats.
func (c *compilation) failFloat(n ast.Node) {
	what := "is a floating-point number"
	if !isFloat(n.Type()) {
		what = "holds floating-point numbers"
	}
	c.fail(ErrNotAllowed, n, "numbers in rules are decimals", "%s %s", n, what)
}

// deref strips pointers from t.
func deref(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// screen checks the parsed tree before type checking, on syntax alone:
// only the functions of the Env can be called, by name; no method call,
// no call of a value.
func (c *compilation) screen(root ast.Node) {
	walk(root, nil, func(n, _ ast.Node) {
		switch n := n.(type) {
		case *ast.CallNode:
			switch callee := n.Callee.(type) {
			case *ast.IdentifierNode:
				name := callee.Value
				if c.env.public(name) || c.fields[name] {
					return // expr reports a call of a field
				}
				if _, ok := reflect.PointerTo(c.envType).MethodByName(name); ok {
					c.fail(ErrNotAllowed, callee, "", "methods are not available: %s(…)", name)
					return
				}
				if _, ok := builtin.Index[name]; ok {
					c.fail(ErrNotAllowed, callee, "", "%s", whyDisabled(name))
					return
				}
				c.fail(ErrUnknownName, callee, didYouMean(name, c.env.names), "unknown function %s", name)
			case *ast.MemberNode:
				c.fail(ErrNotAllowed, callee, "only the functions of the rule language can be called", "method calls are not allowed: %s(…)", callee)
			default:
				c.fail(ErrNotAllowed, n, "only the functions of the rule language can be called", "%s is not a function", callee)
			}
		case *ast.BuiltinNode:
			if !allowedBuiltins[n.Name] && !c.env.public(n.Name) {
				c.fail(ErrNotAllowed, n, "", "%s", whyDisabled(n.Name))
			}
		}
	})
}

// walk visits every node of the tree in depth-first pre-order, with its
// parent.
func walk(n, parent ast.Node, f func(n, parent ast.Node)) {
	if n == nil {
		return
	}
	f(n, parent)
	for _, child := range children(n) {
		walk(child, n, f)
	}
}

func children(n ast.Node) []ast.Node {
	switch n := n.(type) {
	case *ast.UnaryNode:
		return []ast.Node{n.Node}
	case *ast.BinaryNode:
		return []ast.Node{n.Left, n.Right}
	case *ast.ChainNode:
		return []ast.Node{n.Node}
	case *ast.MemberNode:
		return []ast.Node{n.Node, n.Property}
	case *ast.SliceNode:
		return []ast.Node{n.Node, n.From, n.To}
	case *ast.CallNode:
		return append([]ast.Node{n.Callee}, n.Arguments...)
	case *ast.BuiltinNode:
		return n.Arguments
	case *ast.PredicateNode:
		return []ast.Node{n.Node}
	case *ast.VariableDeclaratorNode:
		return []ast.Node{n.Value, n.Expr}
	case *ast.SequenceNode:
		return n.Nodes
	case *ast.ConditionalNode:
		return []ast.Node{n.Cond, n.Exp1, n.Exp2}
	case *ast.ArrayNode:
		return n.Nodes
	case *ast.MapNode:
		return n.Pairs
	case *ast.PairNode:
		return []ast.Node{n.Key, n.Value}
	}
	return nil
}

// prepare is the patch that runs once, after a first type check and
// before the operators are patched:
//
//   - every number literal becomes an exact decimal constant, read from the
//     source text (float64 has already rounded the parser's value), except
//     where an int is needed (an index, a slice bound, a range, an int
//     parameter);
//   - unary minus on a literal folds into the constant;
//   - deal.attrs.name becomes a typed accessor call, checked against the
//     schema;
//   - date("…") on a constant is parsed now, so a bad date is a compile
//     error;
//   - sum(list[, predicate]) becomes a reduce that adds decimals.
type prepare struct{ c *compilation }

func (p *prepare) Visit(node *ast.Node) {
	c := p.c
	switch (*node).(type) {
	case *ast.IdentifierNode, *ast.MemberNode:
		if holdsFloat((*node).Type()) {
			c.failFloat(*node)
			return
		}
	}
	switch n := (*node).(type) {
	case *ast.IntegerNode:
		k := &ast.ConstantNode{Value: decimal.NewFromInt(int64(n.Value))}
		ast.Patch(node, k)
		k.SetType(decType) // typed now, so the operator patches see a decimal
	case *ast.FloatNode:
		if d, ok := c.literal(n); ok {
			k := &ast.ConstantNode{Value: d}
			ast.Patch(node, k)
			k.SetType(decType)
		}
	case *ast.UnaryNode:
		if k, ok := n.Node.(*ast.ConstantNode); ok {
			if d, ok := k.Value.(decimal.Decimal); ok {
				switch n.Operator {
				case "-":
					ast.Patch(node, &ast.ConstantNode{Value: d.Neg()})
				case "+":
					ast.Patch(node, k)
				}
			}
		}
	case *ast.MemberNode:
		base := deref(n.Node.Type())
		switch {
		case base == attrsType:
			c.attr(node, n)
		case base.Kind() == reflect.Slice || base.Kind() == reflect.Array || base.Kind() == reflect.String:
			demote(&n.Property)
		case base.Kind() == reflect.Map && isInt(base.Key()):
			demote(&n.Property)
		}
	case *ast.SliceNode:
		demote(&n.From)
		demote(&n.To)
	case *ast.BinaryNode:
		switch n.Operator {
		case "..":
			demote(&n.Left)
			demote(&n.Right)
		case "in":
			if deref(n.Right.Type()) == attrsType {
				slot := -1 // a name known at run time only
				if s, ok := n.Left.(*ast.StringNode); ok {
					var found bool
					if _, slot, found = c.lookupAttr(n.Left, s.Value); !found {
						return
					}
				}
				// "name" in deal.attrs: whether the deal holds a value
				call := &ast.CallNode{Callee: &ast.IdentifierNode{Value: fnHasAttr}, Arguments: []ast.Node{n.Right, n.Left, &ast.ConstantNode{Value: slot}}}
				call.SetType(boolType)
				ast.Patch(node, call)
			}
		}
	case *ast.BuiltinNode:
		for _, i := range intParams[n.Name] {
			if i < len(n.Arguments) {
				demote(&n.Arguments[i])
			}
		}
		switch n.Name {
		case "get":
			if len(n.Arguments) == 2 {
				switch t := deref(n.Arguments[0].Type()); {
				case t == attrsType:
					c.fail(ErrNotAllowed, n, "write deal.attrs.name", "get() cannot read custom attributes")
				case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
					demote(&n.Arguments[1])
				}
			}
		case "sum":
			sumToReduce(node, n)
		}
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		if !ok || c.fields[id.Value] {
			return
		}
		if id.Value == fnDate && len(n.Arguments) == 1 {
			if s, ok := n.Arguments[0].(*ast.StringNode); ok {
				d, err := calendar.ParseDate(s.Value)
				if err != nil {
					c.fail(ErrValue, s, "write a date as YYYY-MM-DD", "%v", err)
					return
				}
				ast.Patch(node, &ast.ConstantNode{Value: d})
			}
			return
		}
		if f, ok := c.env.funcs.byName[id.Value]; ok && len(f.Types) == 1 && !strings.HasPrefix(id.Value, "_") {
			t := f.Types[0]
			for i := range n.Arguments {
				if i < t.NumIn() || t.IsVariadic() {
					if isInt(paramType(t, i)) {
						demote(&n.Arguments[i])
					}
				}
			}
		}
	}
}

// literal reads a float literal exactly from the source text.
func (c *compilation) literal(n *ast.FloatNode) (decimal.Decimal, bool) {
	loc := n.Location()
	if loc.From < 0 || loc.To > len(c.runes) || loc.From >= loc.To {
		c.fail(ErrSyntax, n, "", "cannot read the number %v exactly", n.Value)
		return decimal.Decimal{}, false
	}
	text := strings.ReplaceAll(string(c.runes[loc.From:loc.To]), "_", "")
	if m := reExponent.FindStringSubmatch(text); m != nil && len(m[1]) > 4 {
		// an exponent of five digits or more: out of range whatever the
		// digits, and too long for the decimal library to read quickly
		c.literalRange(n, text, !strings.HasPrefix(m[1], "-"))
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(text)
	if err == nil && (d.Exponent() < -maxLiteral || d.Exponent() > maxLiteral || d.NumDigits() > maxLiteral) {
		c.literalRange(n, text, int(d.Exponent())+d.NumDigits() > maxLiteral)
		return decimal.Decimal{}, false
	}
	// The text must be the literal the parser read: same float64 value.
	if f, ferr := strconv.ParseFloat(text, 64); err != nil || ferr != nil || f != n.Value {
		c.fail(ErrSyntax, n, "", "cannot read the number %s exactly", text)
		return decimal.Decimal{}, false
	}
	return d, true
}

// maxLiteral is the number of digits and of places a number literal may
// have.
const maxLiteral = 40

var reExponent = regexp.MustCompile(`[eE]([+-]?[0-9]+)$`)

// literalRange reports a number literal out of range, too large if large.
func (c *compilation) literalRange(n ast.Node, text string, large bool) {
	what := "out of range"
	if large {
		what = "too large"
	}
	c.fail(ErrLimit, n, "", "number %s is %s (at most %d digits, and %d places)", text, what, maxLiteral, maxLiteral)
}

// demote turns a decimal constant back into an int literal, where expr
// needs an int.
func demote(node *ast.Node) {
	if node == nil || *node == nil {
		return
	}
	k, ok := (*node).(*ast.ConstantNode)
	if !ok {
		return
	}
	d, ok := k.Value.(decimal.Decimal)
	if !ok || !d.IsInteger() || d.Abs().Cmp(decimal.NewFromInt(math.MaxInt32)) > 0 {
		return
	}
	ast.Patch(node, &ast.IntegerNode{Value: int(d.IntPart())})
}

// attr turns n, which reads a custom attribute, into a typed accessor call.
func (c *compilation) attr(node *ast.Node, n *ast.MemberNode) {
	s, ok := n.Property.(*ast.StringNode)
	if !ok {
		c.fail(ErrNotAllowed, n, "write deal.attrs.name", "the name of an attribute must be written out")
		return
	}
	a, slot, ok := c.lookupAttr(n, s.Value)
	if !ok {
		return
	}
	call := &ast.CallNode{
		Callee:    &ast.IdentifierNode{Value: attrFn(a.Type)},
		Arguments: []ast.Node{n.Node, &ast.StringNode{Value: a.Name}, &ast.BoolNode{Value: a.Required}, &ast.ConstantNode{Value: slot}},
	}
	call.SetType(attrGoType(a.Type))
	ast.Patch(node, call)
}

// lookupAttr returns the attribute called name and its slot in the
// schema, or reports that the schema does not declare it.
func (c *compilation) lookupAttr(n ast.Node, name string) (deal.Attr, int, bool) {
	a, slot, found := c.env.schema.Lookup(name)
	if !found {
		var hint string
		names := make([]string, 0, c.env.schema.Len())
		for _, a := range c.env.schema.Attrs() {
			names = append(names, a.Name)
		}
		switch {
		case len(names) == 0:
			hint = "the strategy declares no custom attributes"
		case didYouMean(name, names) != "":
			hint = didYouMean(name, names)
		default:
			hint = "declared: " + strings.Join(names, ", ")
		}
		c.fail(ErrUnknownName, n, hint, "unknown attribute %s", name)
		return a, -1, false
	}
	return a, slot, true
}

// sumToReduce rewrites sum(list) and sum(list, predicate) into
// reduce(list, #acc + element, 0), whose + the operator patches make
// decimal.
func sumToReduce(node *ast.Node, n *ast.BuiltinNode) {
	if len(n.Arguments) == 0 || len(n.Arguments) > 2 {
		return
	}
	var elem ast.Node = &ast.PointerNode{}
	if len(n.Arguments) == 2 {
		p, ok := n.Arguments[1].(*ast.PredicateNode)
		if !ok {
			return
		}
		elem = p.Node
	}
	loc := n.Location()
	acc := &ast.PointerNode{Name: "acc"}
	acc.SetLocation(loc)
	elem.SetLocation(elemLoc(elem, loc))
	plus := &ast.BinaryNode{Operator: "+", Left: acc, Right: elem}
	plus.SetLocation(loc)
	pred := &ast.PredicateNode{Node: plus}
	pred.SetLocation(loc)
	zero := &ast.ConstantNode{Value: decimal.Decimal{}}
	zero.SetLocation(loc)
	ast.Patch(node, &ast.BuiltinNode{Name: "reduce", Arguments: []ast.Node{n.Arguments[0], pred, zero}})
}

func elemLoc(n ast.Node, fallback file.Location) file.Location {
	if l := n.Location(); l.To > 0 {
		return l
	}
	return fallback
}

// operatorsPatch is the patch that repeats until nothing changes, after
// expr.Operator has had its turn on each round:
//
//   - an operator whose operand types are only known at run time (or are
//     integer kinds other than int) becomes its dynamic function;
//   - unary minus on a decimal becomes _neg;
//   - x in list, on numbers, compares by value;
//   - a ternary with a decimal branch and an int branch converts the int;
//   - a pure operator call on constants is evaluated now.
type operatorsPatch struct {
	c       *compilation
	applied bool
}

func (p *operatorsPatch) Reset()             { p.applied = false }
func (p *operatorsPatch) ShouldRepeat() bool { return p.applied }

func (p *operatorsPatch) patch(node *ast.Node, fn string, t reflect.Type, args ...ast.Node) {
	call := &ast.CallNode{Callee: &ast.IdentifierNode{Value: fn}, Arguments: args}
	if t != nil {
		call.SetType(t)
	}
	ast.Patch(node, call)
	p.applied = true
}

var comparisons = map[string]bool{"<": true, "<=": true, ">": true, ">=": true, "==": true, "!=": true}

func opFunction(op string) string {
	for _, o := range operators {
		if o.op == op {
			return o.fn
		}
	}
	return ""
}

func (p *operatorsPatch) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.CallNode:
		p.fold(node, n)
	case *ast.BinaryNode:
		l, r := n.Left.Type(), n.Right.Type()
		if n.Operator == "in" {
			if (numeric(l) || unknown(l)) && !(isInt(l) && isInt(elemType(r))) {
				if e := elemType(r); e == nil || numeric(e) || unknown(e) {
					p.patch(node, fnIn, boolType, n.Left, n.Right)
				}
			}
			return
		}
		fn := opFunction(n.Operator)
		if fn == "" {
			return
		}
		var out reflect.Type
		switch {
		case unknown(l) || unknown(r):
			// the dynamic function decides at run time
		case numeric(l) && numeric(r) && (l == decType || r == decType || n.Operator == "/" || n.Operator == "**" || n.Operator == "^"):
			out = decType // an integer kind that expr.Operator does not match
		default:
			return
		}
		if comparisons[n.Operator] {
			out = boolType
		}
		p.patch(node, dynName(fn), out, n.Left, n.Right)
	case *ast.UnaryNode:
		t := n.Node.Type()
		switch {
		case n.Operator != "-" && n.Operator != "+":
		case t == decType && n.Operator == "+":
			ast.Patch(node, n.Node)
			p.applied = true
		case t == decType:
			p.patch(node, fnNeg, decType, n.Node)
		case unknown(t):
			p.patch(node, fnDynNeg, nil, n.Node)
		}
	case *ast.ConditionalNode:
		a, b := n.Exp1.Type(), n.Exp2.Type()
		switch {
		case a == decType && isInt(b):
			p.patch(&n.Exp2, fnDec, decType, n.Exp2)
		case b == decType && isInt(a):
			p.patch(&n.Exp1, fnDec, decType, n.Exp1)
		}
	}
}

// fold evaluates a pure operator call on constant arguments.
func (p *operatorsPatch) fold(node *ast.Node, n *ast.CallNode) {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok || !pure(id.Value) {
		return
	}
	args := make([]any, len(n.Arguments))
	for i, a := range n.Arguments {
		k, ok := a.(*ast.ConstantNode)
		if !ok {
			return
		}
		args[i] = k.Value
	}
	v, err := p.c.env.funcs.byName[id.Value].Func(args...)
	if err != nil {
		code, msg := ErrValue, err.Error()
		if ee, ok := err.(*evalError); ok {
			code = ee.code
		}
		p.c.fail(code, n, "", "%s", msg)
		return
	}
	k := &ast.ConstantNode{Value: v}
	k.SetType(reflect.TypeOf(v))
	ast.Patch(node, k)
	p.applied = true
}

func elemType(t reflect.Type) reflect.Type {
	t = deref(t)
	if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
		return t.Elem()
	}
	return nil
}

// validate checks the patched and type-checked tree: no floating-point
// value, no function or method used as a value, custom attributes read
// only by name, constant places of round/floor/ceil in range.
func (c *compilation) validate(root ast.Node) {
	walk(root, nil, func(n, parent ast.Node) {
		t := n.Type()
		switch {
		case holdsFloat(t):
			c.failFloat(n)
		case t.Kind() == reflect.Func && !isCallee(n, parent):
			if _, ok := n.(*ast.PredicateNode); ok {
				break
			}
			if id, ok := n.(*ast.IdentifierNode); ok && (c.fields[id.Value] || c.env.public(id.Value)) {
				c.fail(ErrNotAllowed, n, "call it with its arguments in parentheses", "%s is a function", n)
			} else {
				c.fail(ErrNotAllowed, n, "", "methods are not available: %s", n)
			}
		case deref(t) == attrsType && !attrsAllowed(n, parent):
			c.fail(ErrNotAllowed, n, "write deal.attrs.name", "custom attributes can only be read by name")
		}
		switch n := n.(type) {
		case *ast.ConditionalNode:
			what := "if/else"
			if n.Ternary {
				what = "?:"
			}
			c.sameType(branches(n, nil), "one branch of "+what, "this one")
		case *ast.BinaryNode:
			if n.Operator == "??" {
				c.sameType([]ast.Node{n.Left, n.Right}, "the left side of ??", "the right side")
			}
		}
		if call, ok := n.(*ast.CallNode); ok && len(call.Arguments) >= 2 {
			if id, ok := call.Callee.(*ast.IdentifierNode); ok && (id.Value == fnRound || id.Value == fnFloor || id.Value == fnCeil) {
				if k, ok := call.Arguments[1].(*ast.ConstantNode); ok {
					if _, err := places(id.Value, []any{nil, k.Value}); err != nil {
						c.fail(ErrValue, k, "", "%v", err)
					}
				}
				if len(call.Arguments) == 3 {
					if s, ok := constString(call.Arguments[2]); ok {
						if _, err := roundingMode(s); err != nil {
							c.fail(ErrValue, call.Arguments[2], "", "%v", err)
						}
					}
				}
			}
		}
	})
}

// constString returns the value of a string constant.
func constString(n ast.Node) (string, bool) {
	switch n := n.(type) {
	case *ast.StringNode:
		return n.Value, true
	case *ast.ConstantNode:
		s, ok := n.Value.(string)
		return s, ok
	}
	return "", false
}

func isCallee(n, parent ast.Node) bool {
	call, ok := parent.(*ast.CallNode)
	return ok && call.Callee == n
}

// attrsAllowed reports whether an Attrs-typed node stands where it may:
// as the map of an accessor, or on the right of in.
func attrsAllowed(n, parent ast.Node) bool {
	switch p := parent.(type) {
	case *ast.CallNode:
		id, ok := p.Callee.(*ast.IdentifierNode)
		return ok && strings.HasPrefix(id.Value, attrFnPfx)
	case *ast.BinaryNode:
		return p.Operator == "in" && p.Right == n
	}
	return false
}

// branches appends to out the expressions that conditional n may give:
// its two branches, through nested conditionals, blocks and let.
func branches(n ast.Node, out []ast.Node) []ast.Node {
	switch n := n.(type) {
	case *ast.ConditionalNode:
		return branches(n.Exp2, branches(n.Exp1, out))
	case *ast.SequenceNode:
		if len(n.Nodes) > 0 {
			return branches(n.Nodes[len(n.Nodes)-1], out)
		}
	case *ast.VariableDeclaratorNode:
		return branches(n.Expr, out)
	}
	return append(out, n)
}

// sameType refuses alternatives (the branches of a conditional, the sides
// of ??) whose types differ, other than an integer and a decimal, a value
// of unknown type, or nil: the error stands at the first alternative that
// differs from the first known one.
func (c *compilation) sameType(alts []ast.Node, first, this string) {
	var ref ast.Node
	for _, a := range alts {
		t := a.Type()
		if unknown(t) || a.Nature().Nil {
			continue
		}
		if ref == nil {
			ref = a
			continue
		}
		if !compatible(ref.Type(), t) {
			c.fail(ErrType, a, "", "type mismatch: %s gives %s, %s gives %s", first, an(typeName(ref.Type())), this, an(typeName(t)))
			return
		}
	}
}

// compatible reports whether values of types a and b may stand for each
// other as the result of a conditional.
func compatible(a, b reflect.Type) bool {
	a, b = deref(a), deref(b)
	switch {
	case unknown(a) || unknown(b):
		return true
	case numeric(a) && numeric(b):
		return true
	case (a.Kind() == reflect.Slice || a.Kind() == reflect.Array) && (b.Kind() == reflect.Slice || b.Kind() == reflect.Array):
		return compatible(a.Elem(), b.Elem())
	case a.Kind() == reflect.Map && b.Kind() == reflect.Map:
		return compatible(a.Key(), b.Key()) && compatible(a.Elem(), b.Elem())
	}
	return a == b
}
