package rules

import (
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/salesplan/salesplan/calendar"
	"github.com/shopspring/decimal"
)

// Evaluation budgets.
//
// expr's VM bounds the list elements an evaluation allocates (its memory
// budget), but neither the bytes of the strings it builds nor the time it
// takes. So an evaluation of a rule that could run away carries a meter,
// which counts against the limits of the Env:
//
//   - steps: each run of the body of a loop built-in counts the nodes of
//     the body, and an operation that reads a list or a string counts one
//     step per element and per 64 bytes (see readCost); a pattern that
//     matches compiles at run time counts one step per byte;
//   - string bytes: each string built by +, repeat, replace, join, upper,
//     lower or string counts its length, and repeat, replace and join are
//     refused before they build more than the limit allows;
//   - list elements: the VM counts the lists, maps and ranges it builds
//     against its memory budget; the meter counts the pieces of split.
//
// On the VM, the tree declares the meter as a variable around the rule
// (let #m = _m_new(); rule) and the metered functions take it as their
// first argument: charges are calls that the VM makes without allocating,
// and the meter comes from a pool and goes back to it after the run. The
// direct evaluator passes it to every closure. A rule that reads no long
// value and builds no string (deal.amount * rate, a tiered ternary) has no
// meter and pays nothing.

// limits are the budgets of one evaluation.
type limits struct {
	steps int // steps
	bytes int // bytes of strings built
	elems int // list elements, the VM's memory budget
}

// meter counts what one evaluation has used of its limits.
type meter struct {
	lim                 limits
	steps, bytes, elems int
}

var meters = sync.Pool{New: func() any { return new(meter) }}

// newMeter takes a meter from the pool, reset to limits l.
func newMeter(l limits) *meter {
	m := meters.Get().(*meter)
	*m = meter{lim: l}
	return m
}

func (m *meter) release() { meters.Put(m) }

// The errors of the limits. Each names the limit and its value, so that a
// person who reads it knows what to change.
func stepLimit(max int) error {
	return errorf(ErrLimit, "step limit exceeded: the rule takes more than %d steps", max)
}

func stringLimit(max int) error {
	return errorf(ErrLimit, "string limit exceeded: the rule builds more than %d bytes of strings", max)
}

func memoryLimit(max int) error {
	return errorf(ErrLimit, "memory budget exceeded: the rule builds more than %d list elements", max)
}

// step counts n steps.
func (m *meter) step(n int) error {
	m.steps += n
	if m.steps > m.lim.steps {
		return stepLimit(m.lim.steps)
	}
	return nil
}

// read counts the steps of reading v.
func (m *meter) read(v any) error {
	if n := readCost(v, 0); n > 0 {
		return m.step(n)
	}
	return nil
}

// grow counts n bytes of strings, before or after they are built.
func (m *meter) grow(n int) error {
	if n > m.lim.bytes-m.bytes {
		m.bytes = m.lim.bytes + 1
		return stringLimit(m.lim.bytes)
	}
	m.bytes += n
	return nil
}

// growTimes counts n times size bytes, without overflow.
func (m *meter) growTimes(size, n int) error {
	if size > 0 && n > (m.lim.bytes-m.bytes)/size {
		m.bytes = m.lim.bytes + 1
		return stringLimit(m.lim.bytes)
	}
	return m.grow(size * n)
}

// made counts a value that an operation has built: the bytes of a string,
// the elements of a list of strings (split).
func (m *meter) made(v any) error {
	switch x := v.(type) {
	case string:
		return m.grow(len(x))
	case []string:
		if len(x) > m.lim.elems-m.elems {
			m.elems = m.lim.elems + 1
			return memoryLimit(m.lim.elems)
		}
		m.elems += len(x)
	}
	return nil
}

// bytesPerStep is how many bytes of a string reading counts as one step.
const bytesPerStep = 64

// maxReadDepth is how deep readCost looks into lists of lists.
const maxReadDepth = 16

// readCost is the number of steps that reading v costs: a string one per
// 64 bytes, a list or a map one per element plus what its elements cost.
func readCost(v any, depth int) int {
	switch x := v.(type) {
	case nil, bool, int, decimal.Decimal, calendar.Date:
		return 0
	case string:
		return len(x) / bytesPerStep
	case []string:
		n := len(x)
		for _, s := range x {
			n += len(s) / bytesPerStep
		}
		return n
	case []decimal.Decimal:
		return len(x)
	case []int:
		return len(x)
	case []any:
		n := len(x)
		if depth < maxReadDepth {
			for _, e := range x {
				n += readCost(e, depth+1)
			}
		}
		return n
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		n := rv.Len()
		if depth < maxReadDepth && sized(rv.Type().Elem()) {
			for i := range rv.Len() {
				n += readCost(rv.Index(i).Interface(), depth+1)
			}
		}
		return n
	case reflect.Map:
		n := rv.Len()
		if depth < maxReadDepth && sized(rv.Type().Elem()) {
			for it := rv.MapRange(); it.Next(); {
				n += readCost(it.Value().Interface(), depth+1)
			}
		}
		return n
	case reflect.String:
		return rv.Len() / bytesPerStep
	}
	return 0
}

// sized reports whether values of type t may cost steps to read.
func sized(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Slice, reflect.Array, reflect.Map, reflect.Interface:
		return true
	}
	return false
}

// The metered functions: the VM calls them with the meter as the first
// argument. _m_new makes the meter.
const (
	fnMeterNew = "_m_new"
	fnStep     = "_m_step"
	fnRead     = "_m_read"
	fnPattern  = "_m_pattern"
	fnMade     = "_m_made"
	fnRepeat   = "_m_repeat"
	fnReplace  = "_m_replace"
	fnJoin     = "_m_join"
	fnString   = "_m_string"
)

// meterName is the name of the variable that holds the meter in the tree:
// no identifier of the language can be written so.
const meterName = "#m"

// addMetered adds the metered functions, for an Env with limits l.
func (fs functions) addMetered(l limits) {
	newM := func() any { return newMeter(l) }
	step := func(m, n any) any {
		if err := m.(*meter).step(n.(int)); err != nil {
			panic(err)
		}
		return nil
	}
	read := func(m, v any) any {
		if err := m.(*meter).read(v); err != nil {
			panic(err)
		}
		return v
	}
	pattern := func(m, v any) any {
		if s, ok := v.(string); ok {
			if err := m.(*meter).step(len(s)); err != nil {
				panic(err)
			}
		}
		return v
	}
	made := func(m, v any) any {
		if err := m.(*meter).made(v); err != nil {
			panic(err)
		}
		return v
	}
	fs.typed[fnMeterNew] = newM
	fs.typed[fnStep] = step
	fs.typed[fnRead] = read
	fs.typed[fnPattern] = pattern
	fs.typed[fnMade] = made
	add := func(name string, f func(m *meter, args []any) (any, error)) {
		fs.byName[name] = &builtin.Function{Name: name, Func: func(args ...any) (any, error) {
			return f(args[0].(*meter), args[1:])
		}}
	}
	fs.byName[fnMeterNew] = &builtin.Function{Name: fnMeterNew, Func: func(...any) (any, error) { return newM(), nil }}
	add(fnStep, func(m *meter, args []any) (any, error) { return nil, m.step(args[0].(int)) })
	add(fnRead, func(m *meter, args []any) (any, error) { return args[0], m.read(args[0]) })
	add(fnPattern, func(m *meter, args []any) (any, error) { return pattern(m, args[0]), nil })
	add(fnMade, func(m *meter, args []any) (any, error) { return args[0], m.made(args[0]) })
	add(fnRepeat, repeatFn)
	add(fnReplace, replaceFn)
	add(fnJoin, joinFn)
	add(fnString, stringFn)
}

// stringArg returns argument i of fn as a string.
func stringArg(fn string, args []any, i int) (string, error) {
	s, ok := args[i].(string)
	if !ok {
		return "", errorf(ErrType, "argument %d of %s must be a string, not %s", i+1, fn, an(valueTypeName(args[i])))
	}
	return s, nil
}

// countArg returns argument i of fn as a whole number.
func countArg(fn string, args []any, i int) (int, error) {
	switch n := args[i].(type) {
	case int:
		return n, nil
	case int64:
		return int(n), nil
	case int32:
		return int(n), nil
	case decimal.Decimal:
		if n.IsInteger() && n.Abs().Cmp(decimal.NewFromInt(1<<53)) <= 0 {
			return int(n.IntPart()), nil
		}
	}
	return 0, errorf(ErrType, "argument %d of %s must be a whole number, not %s", i+1, fn, an(valueTypeName(args[i])))
}

// repeatFn is repeat(s, n), refused before it builds more than the limit.
func repeatFn(m *meter, args []any) (any, error) {
	s, err := stringArg("repeat", args, 0)
	if err != nil {
		return nil, err
	}
	n, err := countArg("repeat", args, 1)
	if err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, errorf(ErrValue, "repeat: negative count %d", n)
	}
	if err := m.growTimes(len(s), n); err != nil {
		return nil, err
	}
	return strings.Repeat(s, n), nil
}

// replacedLen is the length of strings.Replace(s, old, new, n).
func replacedLen(s, old, new string, n int) int {
	k := 0
	if old == "" {
		k = utf8.RuneCountInString(s) + 1
	} else {
		k = strings.Count(s, old)
	}
	if n >= 0 && n < k {
		k = n
	}
	return len(s) + k*(len(new)-len(old))
}

// replaceFn is replace(s, old, new[, n]), refused before it builds more
// than the limit. Counting the occurrences reads s.
func replaceFn(m *meter, args []any) (any, error) {
	if len(args) != 3 && len(args) != 4 {
		return nil, errorf(ErrType, "replace takes 3 or 4 arguments, not %d", len(args))
	}
	var ss [3]string
	for i := range ss {
		s, err := stringArg("replace", args, i)
		if err != nil {
			return nil, err
		}
		ss[i] = s
	}
	n := -1
	if len(args) == 4 {
		var err error
		if n, err = countArg("replace", args, 3); err != nil {
			return nil, err
		}
	}
	s, old, new := ss[0], ss[1], ss[2]
	if err := m.step(len(s) / bytesPerStep); err != nil {
		return nil, err
	}
	if err := m.grow(replacedLen(s, old, new, n)); err != nil {
		return nil, err
	}
	return strings.Replace(s, old, new, n), nil
}

// joinFn is join(list[, sep]): one step per element, refused before it
// builds more than the limit.
func joinFn(m *meter, args []any) (any, error) {
	if len(args) != 1 && len(args) != 2 {
		return nil, errorf(ErrType, "join takes 1 or 2 arguments, not %d", len(args))
	}
	sep := ""
	if len(args) == 2 {
		var err error
		if sep, err = stringArg("join", args, 1); err != nil {
			return nil, err
		}
	}
	var parts []string
	switch l := args[0].(type) {
	case []string:
		parts = l
	case []any:
		if err := m.step(len(l)); err != nil {
			return nil, err
		}
		parts = make([]string, len(l))
		for i, e := range l {
			s, ok := e.(string)
			if !ok {
				return nil, errorf(ErrType, "join needs a list of strings, not a list holding %s", an(valueTypeName(e)))
			}
			parts[i] = s
		}
	case nil:
	default:
		return nil, errorf(ErrType, "argument 1 of join must be a list of strings, not %s", an(valueTypeName(args[0])))
	}
	if _, converted := args[0].([]any); !converted {
		if err := m.step(len(parts)); err != nil {
			return nil, err
		}
	}
	size := 0
	if len(parts) > 0 {
		size = len(sep) * (len(parts) - 1)
	}
	for _, p := range parts {
		size += len(p)
		if size > m.lim.bytes {
			break
		}
	}
	if err := m.grow(size); err != nil {
		return nil, err
	}
	return strings.Join(parts, sep), nil
}

// stringFn is string(x) for a scalar x: a string as is, a number, a
// boolean, a date or a period in its usual form. Anything else has no
// stable text form (a struct would print its pointers), so it is an error.
func stringFn(m *meter, args []any) (any, error) {
	var s string
	switch x := args[0].(type) {
	case string:
		return x, nil
	case nil:
		s = "<nil>"
	case bool, int, int64, int32, int16, int8, uint, uint64, uint32, uint16, uint8, decimal.Decimal, calendar.Date, calendar.Period:
		s = builtin.String(x).(string)
	default:
		return nil, errorf(ErrNotAllowed, "%s", stringNotAllowed(valueTypeName(x)))
	}
	if err := m.grow(len(s)); err != nil {
		return nil, err
	}
	return s, nil
}

func stringNotAllowed(what string) string {
	return "string() of " + an(what) + " is not available: it takes a number, a string, a boolean, a date or a period"
}

// scalarType reports whether string() accepts values of static type t.
func scalarType(t reflect.Type) bool {
	switch {
	case unknown(t), t == decType, t == dateType, t == periodType, isInt(t):
		return true
	}
	k := t.Kind()
	return k == reflect.String || k == reflect.Bool
}

// isConst reports whether n is a constant of the rule, or a list literal
// or a range, whose reading costs no more than the rule's own size or its
// memory budget already count.
func isConst(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.StringNode, *ast.ConstantNode, *ast.IntegerNode, *ast.BoolNode, *ast.NilNode, *ast.FloatNode:
		return true
	case *ast.ArrayNode:
		for _, e := range n.Nodes {
			if !isConst(e) {
				return false
			}
		}
		return true
	case *ast.BinaryNode:
		return n.Operator == ".."
	}
	return false
}

// sizedType reports whether a value of static type t may be long: a
// string, a list, a map or a value of unknown type.
func sizedType(t reflect.Type) bool {
	t = deref(t)
	return t == nil || sized(t)
}

// staticType is the type of the value of n: that of its node, except for
// the calls of the operator functions, which the checker may leave
// untyped but which always give a decimal or a boolean.
func staticType(n ast.Node) reflect.Type {
	if call, ok := n.(*ast.CallNode); ok {
		if id, ok := call.Callee.(*ast.IdentifierNode); ok && pure(id.Value) {
			if op := operatorOf(id.Value); comparisons[op] {
				return boolType
			}
			return decType
		}
	}
	return n.Type()
}

// long reports whether reading n may take time: n is not a constant, and
// its value may be a string, a list or a map.
func long(n ast.Node) bool { return !isConst(n) && sizedType(staticType(n)) }

// readsLeft reports whether binary operator op must count the reading of
// its left operand, the one whose length bounds the work: always for
// contains and matches; for a comparison, startsWith and endsWith, only
// when neither side is a constant, whose length would bound it.
func readsLeft(op string, l, r ast.Node) bool {
	if !long(l) {
		return false
	}
	switch op {
	case "contains", "matches":
		return true
	case "==", "!=", "<", "<=", ">", ">=", "startsWith", "endsWith":
		return long(r)
	}
	return false
}

// meterPass rewrites the checked tree for the VM, so that evaluating it
// counts its steps, the strings it builds and the pieces of split. It
// reports whether the tree needs a meter.
type meterPass struct {
	c     *compilation
	costs map[*ast.PredicateNode]int
	used  bool
}

// meterVM rewrites the tree at root (see [meterPass]) and, if it needs a
// meter, declares it around the rule.
func (c *compilation) meterVM(root *ast.Node) bool {
	p := &meterPass{c: c, costs: map[*ast.PredicateNode]int{}}
	walk(*root, nil, func(n, _ ast.Node) {
		if pred, ok := n.(*ast.PredicateNode); ok {
			p.costs[pred] = bodyCost(pred.Node)
		}
	})
	ast.Walk(root, p)
	if !p.used {
		return false
	}
	body := *root
	decl := &ast.VariableDeclaratorNode{Name: meterName, Value: p.call(fnMeterNew, anyType, body)}
	decl.SetLocation(body.Location())
	decl.SetNature(*body.Nature())
	decl.Expr = body
	*root = decl
	return true
}

// bodyCost is the number of nodes of a loop body, without those of the
// bodies of the loops inside it, which count their own.
func bodyCost(n ast.Node) int {
	switch n := n.(type) {
	case nil:
		return 0
	case *ast.PredicateNode:
		return 0
	case *ast.CallNode:
		k := 1
		for _, a := range n.Arguments {
			k += bodyCost(a)
		}
		return k
	}
	k := 1
	for _, child := range children(n) {
		k += bodyCost(child)
	}
	return k
}

// meterRef is a reference to the meter variable.
func (p *meterPass) meterRef(at ast.Node) ast.Node {
	id := &ast.IdentifierNode{Value: meterName}
	id.SetLocation(at.Location())
	id.SetType(anyType)
	return id
}

// call builds a call of metered function fn on the meter and args, of
// type t, at the position of node at.
func (p *meterPass) call(fn string, t reflect.Type, at ast.Node, args ...ast.Node) *ast.CallNode {
	p.used = true
	callee := &ast.IdentifierNode{Value: fn}
	callee.SetLocation(at.Location())
	call := &ast.CallNode{Callee: callee}
	if fn != fnMeterNew {
		call.Arguments = append([]ast.Node{p.meterRef(at)}, args...)
	}
	call.SetLocation(at.Location())
	call.SetType(t)
	return call
}

// read wraps *node in _m_read, which counts the steps of reading its value
// and gives it back; the charge stands at the position of at.
func (p *meterPass) read(node *ast.Node, at ast.Node) { p.wrap(fnRead, node, at) }

// wrap wraps *node in a call of fn, a metered function that gives back its
// argument, positioned at at.
func (p *meterPass) wrap(fn string, node *ast.Node, at ast.Node) {
	n := *node
	call := p.call(fn, n.Type(), at, n)
	call.SetNature(*n.Nature())
	*node = call
}

// made wraps *node in _m_made, which counts the string or the list of
// strings it built.
func (p *meterPass) made(node *ast.Node) {
	n := *node
	call := p.call(fnMade, n.Type(), n, n)
	call.SetNature(*n.Nature())
	*node = call
}

func (p *meterPass) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.PredicateNode:
		k := p.costs[n]
		if k == 0 {
			return
		}
		kn := &ast.IntegerNode{Value: k}
		kn.SetType(intType)
		kn.SetLocation(n.Location())
		seq := &ast.SequenceNode{Nodes: []ast.Node{p.call(fnStep, anyType, n, kn), n.Node}}
		seq.SetLocation(n.Node.Location())
		seq.SetNature(*n.Node.Nature())
		n.Node = seq
	case *ast.BinaryNode:
		switch {
		case n.Operator == "+" && deref(n.Type()).Kind() == reflect.String:
			p.made(node)
			return
		case n.Operator == "in":
			if long(n.Right) && readable(staticType(n.Right)) {
				p.read(&n.Right, n)
			}
		case n.Operator == "matches" && !isConst(n.Right):
			// compiling a pattern costs more than reading a string
			p.wrap(fnPattern, &n.Right, n)
		}
		if readsLeft(n.Operator, n.Left, n.Right) {
			p.read(&n.Left, n)
		}
	case *ast.BuiltinNode:
		p.builtin(node, n)
	case *ast.CallNode:
		p.callNode(node, n)
	}
}

// readable reports whether a value of static type t may be a list or a
// map that the in operator reads element by element.
func readable(t reflect.Type) bool {
	t = deref(t)
	return t == nil || t.Kind() == reflect.Interface || t.Kind() == reflect.Slice || t.Kind() == reflect.Array
}

func (p *meterPass) builtin(node *ast.Node, n *ast.BuiltinNode) {
	args := n.Arguments
	readArgs := func(which ...int) {
		for _, i := range which {
			if i < len(args) && long(args[i]) {
				p.read(&args[i], n)
			}
		}
	}
	switch n.Name {
	case "count":
		if len(args) == 1 {
			readArgs(0)
		}
	case "repeat", "replace", "join", "string":
		fn := map[string]string{"repeat": fnRepeat, "replace": fnReplace, "join": fnJoin, "string": fnString}[n.Name]
		call := p.call(fn, n.Type(), n, args...)
		call.SetNature(*n.Nature())
		*node = call
	case "upper", "lower":
		readArgs(0)
		p.made(node)
	case "split", "splitAfter":
		readArgs(0, 1)
		p.made(node)
	case "trim", "trimPrefix", "trimSuffix", "indexOf", "lastIndexOf":
		readArgs(0, 1)
	case "hasPrefix", "hasSuffix":
		if len(args) == 2 && !isConst(args[1]) {
			readArgs(0)
		}
	}
}

func (p *meterPass) callNode(node *ast.Node, n *ast.CallNode) {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok || p.c.fields[id.Value] {
		return
	}
	args := n.Arguments
	switch name := id.Value; {
	case name == dynName("_add"):
		p.made(node)
	case name == fnIn && len(args) == 2:
		if long(args[1]) && readable(staticType(args[1])) {
			p.read(&args[1], n)
		}
	case strings.HasPrefix(name, "_dyn_") && len(args) == 2:
		if op := operatorOf(strings.TrimPrefix(name, "_dyn")); op != "" && readsLeft(op, args[0], args[1]) {
			p.read(&args[0], n)
		}
	case name == fnMin || name == fnMax || p.c.env.isUser(name):
		// a list argument is read element by element
		for i := range args {
			if t := deref(staticType(args[i])); long(args[i]) && (unknown(t) || t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
				p.read(&args[i], n)
			}
		}
	}
}

// limitPass checks the limits that the tree shows at compile time, after
// type checking: it evaluates +, repeat, replace, upper, lower and join on
// constants now, and refuses those that would build more than the string
// limit, a repeat count that does, a constant range larger than the
// memory budget, and a loop over a constant list that takes more steps
// than the step limit.
type limitPass struct{ c *compilation }

func (p *limitPass) Visit(node *ast.Node) {
	c := p.c
	if c.err != nil {
		return
	}
	max := c.env.limits.bytes
	switch n := (*node).(type) {
	case *ast.BinaryNode:
		switch n.Operator {
		case "+":
			l, ok1 := n.Left.(*ast.StringNode)
			r, ok2 := n.Right.(*ast.StringNode)
			if ok1 && ok2 && p.fits(n, "+", len(l.Value)+len(r.Value)) {
				foldString(node, l.Value+r.Value)
			}
		case "..":
			l, ok1 := n.Left.(*ast.IntegerNode)
			r, ok2 := n.Right.(*ast.IntegerNode)
			if ok1 && ok2 && r.Value-l.Value+1 > c.env.limits.elems {
				c.fail(ErrLimit, n, "", "memory budget exceeded: the range %d..%d has %d elements, more than %d",
					l.Value, r.Value, r.Value-l.Value+1, c.env.limits.elems)
			}
		}
	case *ast.BuiltinNode:
		args := n.Arguments
		strs := make([]string, 0, len(args))
		for _, a := range args {
			if s, ok := a.(*ast.StringNode); ok {
				strs = append(strs, s.Value)
			}
		}
		allStrings := len(strs) == len(args)
		switch n.Name {
		case "repeat":
			if len(args) != 2 {
				return
			}
			k, ok := args[1].(*ast.IntegerNode)
			switch {
			case !ok:
			case k.Value < 0:
				c.fail(ErrValue, k, "", "repeat: negative count %d", k.Value)
			case len(strs) == 1:
				// k is an int32 (see demote) and s as long as the source:
				// the product fits in an int64
				s := strs[0]
				if size := int64(len(s)) * int64(k.Value); size > int64(max) {
					c.fail(ErrLimit, n, "", "string limit exceeded: repeat builds %d bytes of strings, more than %d", size, max)
				} else {
					foldString(node, strings.Repeat(s, k.Value))
				}
			case k.Value > max:
				c.fail(ErrLimit, k, "", "string limit exceeded: repeating %d times builds more than %d bytes of strings", k.Value, max)
			}
		case "replace":
			count := -1
			if len(args) == 4 {
				k, ok := args[3].(*ast.IntegerNode)
				if !ok || len(strs) != 3 {
					return
				}
				count = k.Value
			} else if len(args) != 3 || !allStrings {
				return
			}
			if p.fits(n, "replace", replacedLen(strs[0], strs[1], strs[2], count)) {
				foldString(node, strings.Replace(strs[0], strs[1], strs[2], count))
			}
		case "upper", "lower":
			if len(args) == 1 && allStrings {
				f := strings.ToUpper
				if n.Name == "lower" {
					f = strings.ToLower
				}
				if s := f(strs[0]); p.fits(n, n.Name, len(s)) {
					foldString(node, s)
				}
			}
		case "join":
			arr, ok := args[0].(*ast.ArrayNode)
			if !ok || len(args) > 2 || (len(args) == 2 && len(strs) != 1) {
				return
			}
			parts := make([]string, len(arr.Nodes))
			size := 0
			for i, e := range arr.Nodes {
				s, ok := e.(*ast.StringNode)
				if !ok {
					return
				}
				parts[i] = s.Value
				size += len(s.Value)
			}
			sep := ""
			if len(strs) == 1 {
				sep = strs[0]
			}
			if len(parts) > 1 {
				size += len(sep) * (len(parts) - 1)
			}
			if p.fits(n, "join", size) {
				foldString(node, strings.Join(parts, sep))
			}
		case "string":
			if len(args) == 1 && !scalarType(args[0].Type()) {
				c.fail(ErrNotAllowed, n, "", "%s", stringNotAllowed(typeName(args[0].Type())))
			}
		}
	}
}

// fits reports whether a string of size bytes, built by what at node n,
// is within the string limit, and records the error if it is not.
func (p *limitPass) fits(n ast.Node, what string, size int) bool {
	if max := p.c.env.limits.bytes; size > max {
		p.c.fail(ErrLimit, n, "", "string limit exceeded: %s builds %d bytes of strings, more than %d", what, size, max)
		return false
	}
	return true
}

func foldString(node *ast.Node, s string) {
	k := &ast.StringNode{Value: s}
	k.SetType(stringType)
	ast.Patch(node, k)
}

// checkLoops refuses a loop over a constant list, at a place where it
// certainly runs, that takes more steps than the limit.
func (c *compilation) checkLoops(n ast.Node) {
	if n == nil || c.err != nil {
		return
	}
	switch n := n.(type) {
	case *ast.ConditionalNode:
		c.checkLoops(n.Cond)
		return
	case *ast.BinaryNode:
		switch n.Operator {
		case "&&", "||", "and", "or", "??":
			c.checkLoops(n.Left)
			return
		}
	case *ast.BuiltinNode:
		complete := completeLoop(n)
		for _, a := range n.Arguments {
			if pred, ok := a.(*ast.PredicateNode); ok {
				if complete > 0 {
					c.checkLoops(pred.Node)
				}
				continue
			}
			c.checkLoops(a)
		}
		if complete > 0 {
			if s := mustSteps(n); s > c.env.limits.steps {
				c.fail(ErrLimit, n, "", "step limit exceeded: the loop takes at least %d steps, more than %d", s, c.env.limits.steps)
			}
		}
		return
	}
	for _, child := range children(n) {
		c.checkLoops(child)
	}
}

// completeLoop returns the number of elements that n, a loop that always
// runs to the end (map, reduce, one), goes through when its list is a
// constant list or range; -1 if n is not such a loop.
func completeLoop(n *ast.BuiltinNode) int {
	switch n.Name {
	case "map", "reduce", "one":
	default:
		return -1
	}
	if len(n.Arguments) < 2 {
		return -1
	}
	if _, ok := n.Arguments[1].(*ast.PredicateNode); !ok {
		return -1
	}
	switch l := n.Arguments[0].(type) {
	case *ast.ArrayNode:
		return len(l.Nodes)
	case *ast.BinaryNode:
		from, ok1 := l.Left.(*ast.IntegerNode)
		to, ok2 := l.Right.(*ast.IntegerNode)
		if l.Operator == ".." && ok1 && ok2 {
			return max(to.Value-from.Value+1, 0)
		}
	}
	return -1
}

// stepsCap is where mustSteps stops counting.
const stepsCap = 1 << 40

// mustSteps is a lower bound of the steps that evaluating n takes: those
// of its loops over constant lists that certainly run.
func mustSteps(n ast.Node) int {
	switch n := n.(type) {
	case nil, *ast.PredicateNode:
		return 0
	case *ast.ConditionalNode:
		return min(mustSteps(n.Cond)+min(mustSteps(n.Exp1), mustSteps(n.Exp2)), stepsCap)
	case *ast.BinaryNode:
		switch n.Operator {
		case "&&", "||", "and", "or", "??":
			return mustSteps(n.Left)
		}
	case *ast.BuiltinNode:
		total := 0
		for _, a := range n.Arguments {
			total += mustSteps(a)
		}
		if k := completeLoop(n); k > 0 {
			body := n.Arguments[1].(*ast.PredicateNode).Node
			per := bodyCost(body) + mustSteps(body)
			if per > stepsCap/k {
				return stepsCap
			}
			total += k * per
		}
		return min(total, stepsCap)
	}
	total := 0
	for _, child := range children(n) {
		total = min(total+mustSteps(child), stepsCap)
	}
	return total
}
