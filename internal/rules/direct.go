package rules

import (
	"cmp"
	"errors"
	"math"
	"reflect"
	"strings"
	"unsafe"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/conf"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/internal/fixed"
	"github.com/shopspring/decimal"
)

// Direct evaluation.
//
// expr's VM keeps every value in an interface: each decimal read from the
// environment or computed is boxed on the heap, and each call goes through
// an argument slice. For the rules of a commission plan (a field times a
// rate, a tiered ternary, a cap) that overhead is larger than the decimal
// arithmetic itself. So when the checked and patched tree of a rule uses
// only the decimal core of the language (fields of the environment,
// constants, the decimal operators and comparisons, logic, ternaries, the
// numeric and date built-ins, custom attributes), Compile also turns it
// into a tree of typed Go closures: fields are read in place through
// reflection, decimals stay decimals, and the same functions as the VM's
// do the arithmetic, so results and errors are the same (a differential
// fuzz test holds the two to that). Any other rule runs on the VM.
//
// Each closure also takes the meter of the evaluation (see limits.go),
// which string concatenation and the reading of long strings count
// against, as the VM does; it is nil when the rule does neither.

// fn is a compiled node of static type T; env is the addressable
// environment struct.
type fn[T any] func(env reflect.Value, m *meter) (T, error)

// posError carries the rune offset of the node whose evaluation failed.
type posError struct {
	off int
	err error
}

func (e *posError) Error() string { return e.err.Error() }
func (e *posError) Unwrap() error { return e.err }

func at(off int, err error) error { return &posError{off: off, err: err} }

// builder turns nodes into closures. build returns the closure, a fn[T]
// boxed in any, and T; a nil type means the node is outside the core.
type builder struct {
	c   *compilation
	cfg *conf.Config
	ar  arith
	// metered tells that a closure counts against the limits: the
	// evaluation must pass a meter.
	metered bool
}

func constant[T any](x T) fn[T] { return func(reflect.Value, *meter) (T, error) { return x, nil } }

func (b *builder) build(n ast.Node) (any, reflect.Type) {
	switch n := n.(type) {
	case *ast.ConstantNode:
		switch v := n.Value.(type) {
		case decimal.Decimal:
			return constant(v), decType
		case int:
			return constant(v), intType
		case bool:
			return constant(v), boolType
		case string:
			return constant(v), stringType
		case calendar.Date:
			return constant(v), dateType
		}
	case *ast.IntegerNode:
		return constant(n.Value), intType
	case *ast.BoolNode:
		return constant(n.Value), boolType
	case *ast.StringNode:
		return constant(n.Value), stringType
	case *ast.IdentifierNode, *ast.MemberNode:
		return b.field(n)
	case *ast.UnaryNode:
		return b.unary(n)
	case *ast.BinaryNode:
		return b.binary(n)
	case *ast.ConditionalNode:
		return b.conditional(n)
	case *ast.CallNode:
		return b.call(n)
	}
	return nil, nil
}

// step is one member of a path from the environment: its field indices
// (more than one through embedded structs) and its name.
type step struct {
	index []int
	name  string
}

// field compiles a path of struct fields from the environment, such as
// deal.amount.
func (b *builder) field(n ast.Node) (any, reflect.Type) {
	var steps []step
	var root ast.Node
	for cur := n; ; {
		ok, idx, name := checker.FieldIndex(&b.cfg.NtCache, b.cfg.Env, cur)
		if !ok {
			return nil, nil
		}
		steps = append([]step{{index: idx, name: name}}, steps...)
		if m, isMember := cur.(*ast.MemberNode); isMember {
			if m.Optional {
				return nil, nil
			}
			cur = m.Node
			continue
		}
		root = cur
		break
	}
	// Flatten the steps into field indices, with -1 where a pointer is
	// followed; refuse unexported fields, which reflection cannot read.
	t := b.c.envType
	var path []int
	var nilMsgs []string
	prev := ""
	for _, s := range steps {
		for _, x := range s.index {
			if t.Kind() == reflect.Pointer {
				t = t.Elem()
				path = append(path, -1)
				nilMsgs = append(nilMsgs, "cannot get "+s.name+" from "+prev) // the VM's words
			}
			if t.Kind() != reflect.Struct || !t.Field(x).IsExported() {
				return nil, nil
			}
			t = t.Field(x).Type
			path = append(path, x)
		}
		prev = s.name
	}
	off := root.Location().From
	switch t {
	case decType:
		return fieldOf[decimal.Decimal](b.c.envType, path, nilMsgs, off), t
	case intType:
		return fieldOf[int](b.c.envType, path, nilMsgs, off), t
	case boolType:
		return fieldOf[bool](b.c.envType, path, nilMsgs, off), t
	case stringType:
		return fieldOf[string](b.c.envType, path, nilMsgs, off), t
	case dateType:
		return fieldOf[calendar.Date](b.c.envType, path, nilMsgs, off), t
	case periodType:
		return fieldOf[calendar.Period](b.c.envType, path, nilMsgs, off), t
	case attrsType:
		return fieldOf[deal.Attrs](b.c.envType, path, nilMsgs, off), t
	}
	return nil, nil
}

// fieldOf reads the field at path from the environment struct of type
// env in place, without copying it into an interface. A nil pointer on
// the way is the VM's error, from nilMsgs.
//
// The path is walked by byte offsets, worked out here from the struct
// types, from the environment's address: a field read costs a few
// additions and loads, not reflection's checks at each step. Every
// offset is inside the struct it is added to (reflect gives it), and
// every pointer followed is one of the environment's fields, so each
// address is one inside a live object, as unsafe.Add requires.
func fieldOf[T any](env reflect.Type, path []int, nilMsgs []string, off int) fn[T] {
	type hop struct {
		off   uintptr // added to the address
		deref bool    // then the pointer there is followed
	}
	var hops []hop
	t := env
	var last uintptr
	for _, i := range path {
		if i < 0 {
			hops = append(hops, hop{off: last, deref: true})
			last, t = 0, t.Elem()
			continue
		}
		f := t.Field(i)
		last, t = last+f.Offset, f.Type
	}
	if len(hops) == 0 {
		return func(v reflect.Value, m *meter) (T, error) {
			return *(*T)(unsafe.Add(unsafe.Pointer(v.UnsafeAddr()), last)), nil
		}
	}
	return func(v reflect.Value, m *meter) (T, error) {
		p := unsafe.Pointer(v.UnsafeAddr())
		for k, h := range hops {
			p = *(*unsafe.Pointer)(unsafe.Add(p, h.off))
			if p == nil {
				var zero T
				return zero, at(off, errors.New(nilMsgs[k]))
			}
		}
		return *(*T)(unsafe.Add(p, last)), nil
	}
}

func (b *builder) unary(n *ast.UnaryNode) (any, reflect.Type) {
	x, t := b.build(n.Node)
	switch {
	case t == boolType && (n.Operator == "!" || n.Operator == "not"):
		f := x.(fn[bool])
		return fn[bool](func(v reflect.Value, m *meter) (bool, error) {
			r, err := f(v, m)
			return !r, err
		}), boolType
	case t == intType && n.Operator == "-":
		f := x.(fn[int])
		return fn[int](func(v reflect.Value, m *meter) (int, error) {
			r, err := f(v, m)
			return -r, err
		}), intType
	case t == intType && n.Operator == "+":
		return x, t
	}
	return nil, nil
}

// binary compiles the operators that stay native: logic, and operators on
// ints, strings and booleans.
func (b *builder) binary(n *ast.BinaryNode) (any, reflect.Type) {
	x, xt := b.build(n.Left)
	if xt == nil {
		return nil, nil
	}
	if n.Operator == "in" && xt == stringType {
		if arr, ok := n.Right.(*ast.ArrayNode); ok {
			set := map[string]bool{}
			for _, e := range arr.Nodes {
				s, ok := e.(*ast.StringNode)
				if !ok {
					return nil, nil
				}
				set[s.Value] = true
			}
			f := x.(fn[string])
			return fn[bool](func(v reflect.Value, m *meter) (bool, error) {
				s, err := f(v, m)
				return set[s], err
			}), boolType
		}
		return nil, nil
	}
	y, yt := b.build(n.Right)
	if yt != xt {
		return nil, nil
	}
	off := n.Location().From
	switch xt {
	case boolType:
		f, g := x.(fn[bool]), y.(fn[bool])
		switch n.Operator {
		case "&&", "and":
			return fn[bool](func(v reflect.Value, m *meter) (bool, error) {
				if r, err := f(v, m); err != nil || !r {
					return false, err
				}
				return g(v, m)
			}), boolType
		case "||", "or":
			return fn[bool](func(v reflect.Value, m *meter) (bool, error) {
				if r, err := f(v, m); err != nil || r {
					return r, err
				}
				return g(v, m)
			}), boolType
		case "==", "!=":
			return compareFn(f, g, n.Operator, func(a, b bool) int {
				if a == b {
					return 0
				}
				return 1
			}), boolType
		}
	case intType:
		f, g := x.(fn[int]), y.(fn[int])
		if comparisons[n.Operator] {
			return compareFn(f, g, n.Operator, cmp.Compare[int]), boolType
		}
		var op func(a, b int) (int, error)
		switch n.Operator {
		case "+":
			op = func(a, b int) (int, error) { return a + b, nil }
		case "-":
			op = func(a, b int) (int, error) { return a - b, nil }
		case "*":
			op = func(a, b int) (int, error) { return a * b, nil }
		case "%":
			op = func(a, b int) (int, error) {
				if b == 0 {
					return 0, errDivZero
				}
				return a % b, nil
			}
		default:
			return nil, nil
		}
		return apply2(f, g, off, op), intType
	case stringType:
		f, g := x.(fn[string]), y.(fn[string])
		if readsLeft(n.Operator, n.Left, n.Right) {
			b.metered = true
			f = readString(f, off)
		}
		if comparisons[n.Operator] {
			return compareFn(f, g, n.Operator, strings.Compare), boolType
		}
		var test func(s, sub string) bool
		switch n.Operator {
		case "+":
			b.metered = true
			return madeString(apply2(f, g, off, func(a, b string) (string, error) { return a + b, nil }), off), stringType
		case "contains":
			test = strings.Contains
		case "startsWith":
			test = strings.HasPrefix
		case "endsWith":
			test = strings.HasSuffix
		default:
			return nil, nil
		}
		return apply2(f, g, off, func(a, b string) (bool, error) { return test(a, b), nil }), boolType
	}
	return nil, nil
}

// readString counts the steps of reading the string f gives, as the VM's
// _m_read does.
func readString(f fn[string], off int) fn[string] {
	return func(v reflect.Value, m *meter) (string, error) {
		s, err := f(v, m)
		if err != nil {
			return s, err
		}
		if n := len(s) / bytesPerStep; n > 0 {
			if err := m.step(n); err != nil {
				return "", at(off, err)
			}
		}
		return s, nil
	}
}

// madeString counts the bytes of the string f builds, as the VM's _m_made
// does.
func madeString(f fn[string], off int) fn[string] {
	return func(v reflect.Value, m *meter) (string, error) {
		s, err := f(v, m)
		if err != nil {
			return s, err
		}
		if err := m.grow(len(s)); err != nil {
			return "", at(off, err)
		}
		return s, nil
	}
}

func compareFn[T any](f, g fn[T], op string, cmp func(a, b T) int) fn[bool] {
	return func(v reflect.Value, m *meter) (bool, error) {
		a, err := f(v, m)
		if err != nil {
			return false, err
		}
		b, err := g(v, m)
		if err != nil {
			return false, err
		}
		return compareOp(op, cmp(a, b)), nil
	}
}

// apply2 evaluates f and g, then op, whose error is positioned at off.
func apply2[A, B, R any](f fn[A], g fn[B], off int, op func(a A, b B) (R, error)) fn[R] {
	return func(v reflect.Value, m *meter) (R, error) {
		var zero R
		a, err := f(v, m)
		if err != nil {
			return zero, err
		}
		b, err := g(v, m)
		if err != nil {
			return zero, err
		}
		r, err := op(a, b)
		if err != nil {
			return zero, at(off, err)
		}
		return r, nil
	}
}

func apply1[A, R any](f fn[A], off int, op func(a A) (R, error)) fn[R] {
	return func(v reflect.Value, m *meter) (R, error) {
		a, err := f(v, m)
		if err != nil {
			var zero R
			return zero, err
		}
		r, err := op(a)
		if err != nil {
			return r, at(off, err)
		}
		return r, nil
	}
}

func (b *builder) conditional(n *ast.ConditionalNode) (any, reflect.Type) {
	c, ct := b.build(n.Cond)
	x, xt := b.build(n.Exp1)
	y, yt := b.build(n.Exp2)
	if ct != boolType || xt == nil || xt != yt {
		return nil, nil
	}
	cond := c.(fn[bool])
	switch xt {
	case decType:
		return choose(cond, x.(fn[decimal.Decimal]), y.(fn[decimal.Decimal])), xt
	case intType:
		return choose(cond, x.(fn[int]), y.(fn[int])), xt
	case boolType:
		return choose(cond, x.(fn[bool]), y.(fn[bool])), xt
	case stringType:
		return choose(cond, x.(fn[string]), y.(fn[string])), xt
	case dateType:
		return choose(cond, x.(fn[calendar.Date]), y.(fn[calendar.Date])), xt
	}
	return nil, nil
}

func choose[T any](cond fn[bool], x, y fn[T]) fn[T] {
	return func(v reflect.Value, m *meter) (T, error) {
		c, err := cond(v, m)
		if err != nil {
			var zero T
			return zero, err
		}
		if c {
			return x(v, m)
		}
		return y(v, m)
	}
}

// number compiles a node of static type decimal or int to a decimal.
func (b *builder) number(n ast.Node) (fn[decimal.Decimal], bool) {
	x, t := b.build(n)
	if t != decType && t != intType {
		return nil, false
	}
	return toDecFn(x, t), true
}

// numbers compiles the arguments of a numeric built-in; allInt tells if
// they are all ints.
func (b *builder) numbers(args []ast.Node) (fs []any, ts []reflect.Type, allInt, ok bool) {
	allInt = true
	for _, a := range args {
		f, t := b.build(a)
		if t != decType && t != intType {
			return nil, nil, false, false
		}
		allInt = allInt && t == intType
		fs, ts = append(fs, f), append(ts, t)
	}
	return fs, ts, allInt, len(args) > 0
}

func toDecFn(f any, t reflect.Type) fn[decimal.Decimal] {
	if t == decType {
		return f.(fn[decimal.Decimal])
	}
	g := f.(fn[int])
	return func(v reflect.Value, m *meter) (decimal.Decimal, error) {
		i, err := g(v, m)
		return decimal.NewFromInt(int64(i)), err
	}
}

func (b *builder) call(n *ast.CallNode) (any, reflect.Type) {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok || b.c.fields[id.Value] {
		return nil, nil
	}
	name, args, off := id.Value, n.Arguments, n.Location().From
	if op := operatorOf(name); op != "" && len(args) == 2 {
		return b.operator(op, args, off)
	}
	switch name {
	case fnNeg:
		if x, t := b.build(args[0]); t == decType {
			return apply1(x.(fn[decimal.Decimal]), off, func(a decimal.Decimal) (decimal.Decimal, error) { return a.Neg(), nil }), decType
		}
	case fnDec:
		if x, t := b.build(args[0]); t == intType {
			return toDecFn(x, t), decType
		}
	case fnMin, fnMax, fnClamp, fnAbs:
		return b.numeric(name, args, off)
	case fnRound, fnFloor, fnCeil:
		if len(args) < 1 || len(args) > 3 || (len(args) == 3 && name != fnRound) {
			return nil, nil
		}
		x, ok := b.number(args[0])
		if !ok {
			return nil, nil
		}
		var p fn[decimal.Decimal] = constant(decimal.Decimal{})
		if len(args) >= 2 {
			if p, ok = b.number(args[1]); !ok {
				return nil, nil
			}
		}
		f := b.c.env.funcs.byName[name].Func
		if len(args) == 3 {
			// a constant mode, checked when the rule was compiled; a
			// mode computed at run time goes to the VM
			s, ok := constString(args[2])
			if !ok {
				return nil, nil
			}
			mode := any(s)
			return apply2(x, p, off, func(a, p decimal.Decimal) (decimal.Decimal, error) {
				r, err := f(a, p, mode)
				if err != nil {
					return decimal.Decimal{}, err
				}
				return r.(decimal.Decimal), nil
			}), decType
		}
		return apply2(x, p, off, func(a, p decimal.Decimal) (decimal.Decimal, error) {
			r, err := f(a, p)
			if err != nil {
				return decimal.Decimal{}, err
			}
			return r.(decimal.Decimal), nil
		}), decType
	case fnDays, fnMonth, fnYear, fnInPeriod:
		return b.date(name, args, off)
	}
	if name == fnHasAttr && len(args) == 3 {
		return b.hasAttr(n, off)
	}
	if strings.HasPrefix(name, attrFnPfx) && len(args) == 4 {
		return b.attr(n, off)
	}
	return nil, nil
}

// operatorOf returns the operator of an operator function, or "".
func operatorOf(name string) string {
	for _, o := range operators {
		if o.fn == name {
			return o.op
		}
	}
	return ""
}

func (b *builder) operator(op string, args []ast.Node, off int) (any, reflect.Type) {
	x, xt := b.build(args[0])
	y, yt := b.build(args[1])
	if xt == dateType && yt == dateType && comparisons[op] {
		return compareFn(x.(fn[calendar.Date]), y.(fn[calendar.Date]), op, calendar.Date.Compare), boolType
	}
	if (xt != decType && xt != intType) || (yt != decType && yt != intType) {
		return nil, nil
	}
	if comparisons[op] {
		if k, ok := constDec(args[1]); ok {
			return compareConst(x, xt, op, k, false), boolType
		}
		if k, ok := constDec(args[0]); ok {
			return compareConst(y, yt, op, k, true), boolType
		}
	}
	f, g := toDecFn(x, xt), toDecFn(y, yt)
	if comparisons[op] {
		return compareFn(f, g, op, decimal.Decimal.Cmp), boolType
	}
	return apply2(f, g, off, b.ar.op(op)), decType
}

// constDec returns the value of a decimal constant.
func constDec(n ast.Node) (decimal.Decimal, bool) {
	k, ok := n.(*ast.ConstantNode)
	if !ok {
		return decimal.Decimal{}, false
	}
	d, ok := k.Value.(decimal.Decimal)
	return d, ok
}

// compareConst compares the number f gives (of type t, decimal or int)
// with the constant k (k op f when flip, else f op k), as Cmp of their
// decimals does, but without the decimals Cmp would make: an int is
// compared as an int with an integer k, a decimal by its sign with a zero
// k, or in fixed point when both fit (fixed.Num.Cmp), else with Cmp.
func compareConst(f any, t reflect.Type, op string, k decimal.Decimal, flip bool) fn[bool] {
	sign := 1
	if flip {
		sign = -1
	}
	if t == intType {
		g := f.(fn[int])
		if k.IsInteger() && k.Cmp(minInt) >= 0 && k.Cmp(maxInt) <= 0 {
			ki := int(k.IntPart())
			return func(v reflect.Value, m *meter) (bool, error) {
				a, err := g(v, m)
				if err != nil {
					return false, err
				}
				return compareOp(op, sign*cmp.Compare(a, ki)), nil
			}
		}
	}
	g := toDecFn(f, t)
	if k.IsZero() {
		return func(v reflect.Value, m *meter) (bool, error) {
			a, err := g(v, m)
			if err != nil {
				return false, err
			}
			return compareOp(op, sign*a.Sign()), nil
		}
	}
	kn, fits := fixed.Of(k)
	return func(v reflect.Value, m *meter) (bool, error) {
		a, err := g(v, m)
		if err != nil {
			return false, err
		}
		if a.Exponent() != k.Exponent() && fits {
			// Cmp would rescale one of them into a new decimal
			if an, ok := fixed.Of(a); ok {
				if c, ok := an.Cmp(kn); ok {
					return compareOp(op, sign*c), nil
				}
			}
		}
		return compareOp(op, sign*a.Cmp(k)), nil
	}
}

var (
	minInt = decimal.NewFromInt(math.MinInt)
	maxInt = decimal.NewFromInt(math.MaxInt)
)

// numeric compiles min, max, clamp and abs on scalar numbers.
func (b *builder) numeric(name string, args []ast.Node, off int) (any, reflect.Type) {
	fs, ts, allInt, ok := b.numbers(args)
	if !ok || (name == fnClamp && len(args) != 3) || (name == fnAbs && len(args) != 1) {
		return nil, nil
	}
	f := b.c.env.funcs.byName[name].Func
	if allInt {
		ints := make([]fn[int], len(fs))
		for i := range fs {
			ints[i] = fs[i].(fn[int])
		}
		return callN(ints, off, func(xs []any) (int, error) {
			r, err := f(xs...)
			if err != nil {
				return 0, err
			}
			return r.(int), nil
		}), intType
	}
	decs := make([]fn[decimal.Decimal], len(fs))
	for i := range fs {
		decs[i] = toDecFn(fs[i], ts[i])
	}
	if len(decs) == 2 && name != fnClamp {
		sign := 1
		if name == fnMin {
			sign = -1
		}
		return apply2(decs[0], decs[1], off, func(a, b decimal.Decimal) (decimal.Decimal, error) {
			if b.Cmp(a)*sign > 0 {
				return b, nil
			}
			return a, nil
		}), decType
	}
	return callN(decs, off, func(xs []any) (decimal.Decimal, error) {
		r, err := f(xs...)
		if err != nil {
			return decimal.Decimal{}, err
		}
		return toDec(r)
	}), decType
}

// callN evaluates fs and passes their values to op.
func callN[T, R any](fs []fn[T], off int, op func(xs []any) (R, error)) fn[R] {
	return func(v reflect.Value, m *meter) (R, error) {
		var zero R
		xs := make([]any, len(fs))
		for i, f := range fs {
			x, err := f(v, m)
			if err != nil {
				return zero, err
			}
			xs[i] = x
		}
		r, err := op(xs)
		if err != nil {
			return zero, at(off, err)
		}
		return r, nil
	}
}

func (b *builder) date(name string, args []ast.Node, off int) (any, reflect.Type) {
	f := b.c.env.funcs.byName[name].Func
	xs := make([]any, len(args))
	ts := make([]reflect.Type, len(args))
	for i, a := range args {
		if xs[i], ts[i] = b.build(a); ts[i] == nil {
			return nil, nil
		}
	}
	switch {
	case (name == fnMonth || name == fnYear) && len(args) == 1 && ts[0] == dateType:
		return apply1(xs[0].(fn[calendar.Date]), off, func(d calendar.Date) (int, error) {
			r, err := f(d)
			return r.(int), err
		}), intType
	case name == fnDays && len(args) == 2 && ts[0] == dateType && ts[1] == dateType:
		return apply2(xs[0].(fn[calendar.Date]), xs[1].(fn[calendar.Date]), off, func(a, b calendar.Date) (int, error) {
			r, err := f(a, b)
			if err != nil {
				return 0, err
			}
			return r.(int), nil
		}), intType
	case name == fnInPeriod && len(args) == 2 && ts[0] == dateType && ts[1] == periodType:
		return apply2(xs[0].(fn[calendar.Date]), xs[1].(fn[calendar.Period]), off, func(d calendar.Date, p calendar.Period) (bool, error) {
			r, err := f(d, p)
			return r.(bool), err
		}), boolType
	}
	return nil, nil
}

func (b *builder) attr(n *ast.CallNode, off int) (any, reflect.Type) {
	m, mt := b.build(n.Arguments[0])
	name, ok1 := n.Arguments[1].(*ast.StringNode)
	req, ok2 := n.Arguments[2].(*ast.BoolNode)
	slot, ok3 := constInt(n.Arguments[3])
	if mt != attrsType || !ok1 || !ok2 || !ok3 {
		return nil, nil
	}
	schema := b.c.env.schema
	var typ deal.AttrType
	for _, t := range []deal.AttrType{deal.String, deal.Decimal, deal.Integer, deal.Boolean, deal.DateType} {
		if n.Callee.(*ast.IdentifierNode).Value == attrFn(t) {
			typ = t
		}
	}
	read := func(a deal.Attrs) (any, error) {
		v, ok := a.Slot(schema, slot)
		return attrValue(v, ok, name.Value, typ, req.Value)
	}
	attrs := m.(fn[deal.Attrs])
	switch typ {
	case deal.String:
		return apply1(attrs, off, func(a deal.Attrs) (string, error) { return cast[string](read(a)) }), stringType
	case deal.Decimal:
		return apply1(attrs, off, func(a deal.Attrs) (decimal.Decimal, error) { return cast[decimal.Decimal](read(a)) }), decType
	case deal.Integer:
		return apply1(attrs, off, func(a deal.Attrs) (int, error) { return cast[int](read(a)) }), intType
	case deal.Boolean:
		return apply1(attrs, off, func(a deal.Attrs) (bool, error) { return cast[bool](read(a)) }), boolType
	case deal.DateType:
		return apply1(attrs, off, func(a deal.Attrs) (calendar.Date, error) { return cast[calendar.Date](read(a)) }), dateType
	}
	return nil, nil
}

// hasAttr compiles "name" in deal.attrs.
func (b *builder) hasAttr(n *ast.CallNode, off int) (any, reflect.Type) {
	m, mt := b.build(n.Arguments[0])
	name, ok1 := n.Arguments[1].(*ast.StringNode)
	slot, ok2 := constInt(n.Arguments[2])
	if mt != attrsType || !ok1 || !ok2 {
		return nil, nil
	}
	schema := b.c.env.schema
	return apply1(m.(fn[deal.Attrs]), off, func(a deal.Attrs) (bool, error) { return hasAttr(a, schema, name.Value, slot), nil }), boolType
}

// constInt returns the value of an int constant: the slot of an attribute.
func constInt(n ast.Node) (int, bool) {
	k, ok := n.(*ast.ConstantNode)
	if !ok {
		return 0, false
	}
	i, ok := k.Value.(int)
	return i, ok
}

func cast[T any](v any, err error) (T, error) {
	t, _ := v.(T)
	return t, err
}

// boxed adapts a compiled root to return its value in an interface, as the
// VM does.
func boxed(f any, t reflect.Type) func(v reflect.Value, m *meter) (any, error) {
	switch t {
	case decType:
		return box(f.(fn[decimal.Decimal]))
	case intType:
		return box(f.(fn[int]))
	case boolType:
		return box(f.(fn[bool]))
	case stringType:
		return box(f.(fn[string]))
	case dateType:
		return box(f.(fn[calendar.Date]))
	}
	return nil
}

func box[T any](f fn[T]) func(v reflect.Value, m *meter) (any, error) {
	return func(v reflect.Value, m *meter) (any, error) {
		r, err := f(v, m)
		if err != nil {
			return nil, err
		}
		return r, nil
	}
}
