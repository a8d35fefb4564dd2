package rules

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/checker/nature"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
	"github.com/salesplan/salesplan/calendar"
	"github.com/shopspring/decimal"
)

// Rule is a compiled expression whose environment is a value of type E.
//
// A Rule is immutable and safe for concurrent use by any number of
// goroutines: each evaluation on the VM takes a virtual machine from a pool
// and gives it back, and the direct evaluator (see the package doc) keeps no
// state. The zero Rule is not compiled: evaluating it is an error. Make
// Rules with [Compile].
type Rule[E any] struct {
	name   string
	src    string
	want   Type
	prog   *vm.Program
	limits limits
	// metered tells that the program declares a meter (see limits.go).
	metered bool
	// direct is the rule compiled to closures (see direct.go), a fn[T] for
	// T = directType, or nil; directAny boxes its result. directMeter
	// tells that the closures need a meter.
	direct      any
	directType  reflect.Type
	directAny   func(reflect.Value, *meter) (any, error)
	directMeter bool
}

// Compile compiles src, the expression of the rule called name, for an
// environment of struct type E, with the functions and settings of env (nil
// for the defaults). want is the type the rule must give; a mismatch the
// types show at compile time is an error.
//
// E's fields are the names the rule sees, under their expr tags (a field
// hides a function of the same name): with
//
//	type CreditEnv struct {
//		Deal deal.Deal       `expr:"deal"`
//		Rate decimal.Decimal `expr:"rate"`
//	}
//
// a rule reads deal.amount and rate. A misspelt name or a type mismatch is
// a compile error. E's methods, and the methods of every value, cannot be
// called; a field of E of func type can (a per-run function the caller
// provides, such as a measure lookup), and must not use floats.
//
// Every error Compile returns is an *[Error] that matches [ErrCompile].
func Compile[E any](env *Env, name, src string, want Type) (r *Rule[E], err error) {
	if env == nil {
		env = defaultEnv()
	}
	c := &compilation{env: env, name: name, src: src, runes: []rune(src)}
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, newError(ErrCompile, ErrCompile, name, src, -1, fmt.Sprintf("cannot compile: %v", p), "")
		}
	}()
	if want < Any || want > String {
		return nil, newError(ErrCompile, ErrEnv, name, src, -1, fmt.Sprintf("invalid result type %v", want), "")
	}
	et := reflect.TypeFor[E]()
	if et.Kind() != reflect.Struct {
		return nil, newError(ErrCompile, ErrEnv, name, src, -1, fmt.Sprintf("the environment type %v is not a struct", et), "")
	}
	top := fieldNames(et)
	c.envType = et
	c.fields = make(map[string]bool, len(top))
	for _, f := range top {
		c.fields[f] = true
	}
	out, cerr := c.compile(reflect.Zero(et).Interface(), want, append(top, env.names...))
	if cerr != nil {
		return nil, cerr
	}
	r = &Rule[E]{name: name, src: src, want: want, limits: env.limits, prog: out.prog, metered: out.metered,
		direct: out.direct, directType: out.directType, directMeter: out.directMeter}
	if out.direct != nil {
		r.directAny = boxed(out.direct, out.directType)
	}
	return r, nil
}

// compiled is what compile makes of a rule: the program for the VM, and
// the direct evaluator if the rule allows one.
type compiled struct {
	prog        *vm.Program
	metered     bool
	direct      any
	directType  reflect.Type
	directMeter bool
}

// compile runs expr's pipeline (parse, patch and check, optimise, compile)
// with this package's passes in between, and builds the direct evaluator
// when the rule allows it.
func (c *compilation) compile(zero any, want Type, names []string) (out compiled, _ *Error) {
	cfg := conf.CreateNew()
	expr.Env(zero)(cfg)
	cfg.MaxNodes = c.env.maxNodes
	maps.Copy(cfg.Functions, c.env.funcs.byName)
	for name := range cfg.Builtins {
		if !allowedBuiltins[name] {
			cfg.Disabled[name] = true
		}
	}
	for name := range cfg.Disabled {
		delete(cfg.Builtins, name)
	}
	cfg.Visitors = append(cfg.Visitors, &prepare{c: c})
	for _, o := range operators {
		expr.Operator(o.op, o.fn)(cfg)
	}
	cfg.Visitors = append(cfg.Visitors, &operatorsPatch{c: c})
	cfg.Check()

	tree, err := parser.ParseWithConfig(c.src, cfg)
	if err != nil {
		return out, c.syntaxError(err)
	}
	if c.screen(tree.Node); c.err != nil {
		return out, c.err
	}
	_, err = new(checker.Checker).PatchAndCheck(tree, cfg)
	if c.err != nil {
		return out, c.err
	}
	if err == nil {
		// A call a patch made carries its type, and the checker trusts it
		// without looking at the arguments: an error inside them (deal.stag
		// in deal.stag == "won") would go unreported. Forget those types
		// and check again, against the functions' typed signatures.
		walk(tree.Node, nil, func(n, _ ast.Node) {
			if call, ok := n.(*ast.CallNode); ok {
				if id, ok := call.Callee.(*ast.IdentifierNode); ok && strings.HasPrefix(id.Value, "_") {
					call.SetNature(nature.Nature{})
				}
			}
		})
		_, err = checker.Check(tree, cfg)
	}
	if err != nil {
		return out, c.checkError(tree, err, names)
	}
	if c.validate(tree.Node); c.err != nil {
		return out, c.err
	}
	if t := tree.Node.Type(); !resultFits(want, t) {
		return out, newError(ErrCompile, ErrType, c.name, c.src, 0,
			fmt.Sprintf("the rule must give %s, but it gives %s", an(want.String()), an(typeName(t))), "")
	}
	if ast.Walk(&tree.Node, &limitPass{c: c}); c.err != nil {
		return out, c.err
	}
	if c.checkLoops(tree.Node); c.err != nil {
		return out, c.err
	}
	if !c.env.vmOnly {
		b := &builder{c: c, cfg: cfg, ar: arith{places: c.env.places}}
		out.direct, out.directType = b.build(tree.Node)
		out.directMeter = b.metered
	}
	out.metered = c.meterVM(&tree.Node)
	c.typedCalls(&tree.Node)
	if err := optimizer.Optimize(&tree.Node, cfg); err != nil {
		return out, c.checkError(tree, err, names)
	}
	if out.prog, err = compiler.Compile(tree, cfg); err != nil {
		return out, c.checkError(tree, err, names)
	}
	return out, nil
}

// typedCalls switches the calls of the hot functions (operators, and min,
// max, abs, round, floor, ceil with one or two arguments) to expr's typed
// calling convention: the callee becomes a constant of type func(any, any)
// any (or bool), which the VM calls without building an argument slice.
func (c *compilation) typedCalls(root *ast.Node) {
	ast.Walk(root, visitor(func(node *ast.Node) {
		call, ok := (*node).(*ast.CallNode)
		if !ok {
			return
		}
		id, ok := call.Callee.(*ast.IdentifierNode)
		if !ok || c.fields[id.Value] {
			return
		}
		f, ok := c.env.funcs.typed[id.Value]
		if !ok {
			f, ok = c.env.funcs.typed[id.Value+"/"+strconv.Itoa(len(call.Arguments))]
		}
		if !ok || reflect.TypeOf(f).NumIn() != len(call.Arguments) {
			return
		}
		k := &ast.ConstantNode{Value: f}
		k.SetType(reflect.TypeOf(f))
		k.SetLocation(call.Location())
		call.Callee = k
	}))
}

// visitor adapts a function to ast.Visitor.
type visitor func(node *ast.Node)

func (v visitor) Visit(node *ast.Node) { v(node) }

func resultFits(want Type, t reflect.Type) bool {
	if unknown(t) {
		return true
	}
	switch want {
	case Decimal:
		return numeric(t)
	case Bool:
		return t.Kind() == reflect.Bool
	case Int:
		return isInt(t)
	case String:
		return t.Kind() == reflect.String
	}
	return true
}

var (
	reUnexpected = regexp.MustCompile(`unexpected token \w+\((".*")\)`)
	reUnknown    = regexp.MustCompile(`^unknown name (\S+)$`)
	reNoField    = regexp.MustCompile(`^type .+ has no (field|method) (\S+)$`)
	reMismatch2  = regexp.MustCompile(`^invalid operation: (\S+) \(mismatched types (.+) and (.+)\)$`)
	reMismatch1  = regexp.MustCompile(`^invalid operation: (\S+) \(mismatched type (.+)\)$`)
	reCondition  = regexp.MustCompile(`^non-bool expression \(type (.+)\) used as condition$`)
	reArgument   = regexp.MustCompile(`^cannot use (.+) as argument \(type (.+)\) to call (\S+)\s*$`)
	// reLiteralRange is the parser's error for a number literal that Go's
	// strconv cannot hold.
	reLiteralRange = regexp.MustCompile(`^invalid (float|integer) literal: strconv\.Parse(?:Float|Int): parsing "(.*)": value out of range$`)
)

// literalOf returns the rune offsets of the number literal lit that the
// parser reports near rune offset off: the last occurrence of lit that
// starts at or before off (the parser may point past the literal, at the
// operator after it), else the literal that holds off.
func (c *compilation) literalOf(lit string, off int) (start, end int) {
	want := []rune(lit)
	best := -1
	for i := 0; i+len(want) <= len(c.runes) && i <= off; i++ {
		if string(c.runes[i:i+len(want)]) == lit {
			best = i
		}
	}
	if best < 0 || len(want) == 0 {
		return c.literalAt(off)
	}
	return best, best + len(want)
}

// literalAt returns the rune offsets of the number literal that holds rune
// offset off.
func (c *compilation) literalAt(off int) (start, end int) {
	isNum := func(i int) bool {
		r := c.runes[i]
		switch {
		case r >= '0' && r <= '9', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '_', r == '.':
			return true
		case r == '+' || r == '-':
			return i > 0 && (c.runes[i-1] == 'e' || c.runes[i-1] == 'E')
		}
		return false
	}
	off = min(off, len(c.runes)-1)
	start, end = off, off
	for start > 0 && isNum(start-1) {
		start--
	}
	for end < len(c.runes) && isNum(end) {
		end++
	}
	return start, end
}

func (c *compilation) syntaxError(err error) *Error {
	off, msg := -1, err.Error()
	var fe *file.Error
	if errors.As(err, &fe) {
		off, msg = fe.From, fe.Message
	}
	code := ErrSyntax
	if m := reLiteralRange.FindStringSubmatch(msg); m != nil && off >= 0 && len(c.runes) > 0 {
		// The parser points at the end of the literal; point at its start,
		// and say what is wrong in the words of the rule language.
		start, end := c.literalOf(m[2], off)
		text := string(c.runes[start:end])
		msg, hint := fmt.Sprintf("number %s is too large (at most %d digits, and %d places)", text, maxLiteral, maxLiteral), ""
		if m[1] == "integer" && len(m[2]) <= maxLiteral {
			msg, hint = fmt.Sprintf("number %s is too large for a whole number", text), "write "+text+".0 for a decimal"
		}
		return newError(ErrCompile, ErrLimit, c.name, c.src, start, msg, hint)
	}
	switch {
	case msg == "compilation failed: expression exceeds maximum allowed nodes":
		code, msg, off = ErrLimit, fmt.Sprintf("the expression is too large (more than %d nodes)", c.env.maxNodes), -1
	case msg == "unexpected token EOF":
		msg = "unexpected end of the expression"
	default:
		msg = reUnexpected.ReplaceAllString(msg, "unexpected $1")
	}
	return newError(ErrCompile, code, c.name, c.src, off, msg, "")
}

// checkError rewrites an error of expr's checker in the words of the rule
// language, with a did-you-mean hint for unknown names.
func (c *compilation) checkError(tree *parser.Tree, err error, names []string) *Error {
	off, msg := -1, err.Error()
	var fe *file.Error
	if errors.As(err, &fe) {
		off, msg = fe.From, fe.Message
	}
	code, hint := ErrType, ""
	if m := reUnknown.FindStringSubmatch(msg); m != nil {
		code, hint = ErrUnknownName, didYouMean(m[1], names)
	} else if m := reNoField.FindStringSubmatch(msg); m != nil {
		code = ErrUnknownName
		msg = "unknown field " + m[2]
		if member := findMember(tree.Node, off, m[2]); member != nil {
			msg += " of " + member.Node.String()
			hint = didYouMean(m[2], fieldNames(member.Node.Type()))
		}
	} else if m := reMismatch2.FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("type mismatch: %s %s %s", friendlyTypes(m[2]), m[1], friendlyTypes(m[3]))
	} else if m := reMismatch1.FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("type mismatch: %s%s", m[1], friendlyTypes(m[2]))
	} else if m := reCondition.FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("the condition must be a boolean, not %s", an(friendlyTypes(m[1])))
	} else if m := reArgument.FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("argument of %s must be %s, not %s", m[3], an(friendlyTypes(m[2])), an(friendlyTypes(m[1])))
	} else {
		msg = friendlyTypes(msg)
	}
	return newError(ErrCompile, code, c.name, c.src, off, msg, hint)
}

// findMember finds the member access .prop at rune offset off.
func findMember(root ast.Node, off int, prop string) *ast.MemberNode {
	var found *ast.MemberNode
	walk(root, nil, func(n, _ ast.Node) {
		if m, ok := n.(*ast.MemberNode); ok && found == nil && m.Location().From == off {
			if s, ok := m.Property.(*ast.StringNode); ok && s.Value == prop {
				found = m
			}
		}
	})
	return found
}

// Name returns the name the rule was compiled with.
func (r *Rule[E]) Name() string { return r.name }

// Source returns the expression text of the rule.
func (r *Rule[E]) Source() string { return r.src }

// Result returns the type the rule was compiled to give.
func (r *Rule[E]) Result() Type { return r.want }

// vms holds virtual machines for reuse: a vm.VM is not safe for concurrent
// use, so each evaluation takes one and gives it back.
var vms = sync.Pool{New: func() any { return new(vm.VM) }}

// run evaluates the rule on env. It never panics.
func (r *Rule[E]) run(env *E) (out any, err error) {
	if r == nil || r.prog == nil {
		return nil, newError(ErrRuntime, ErrValue, "", "", -1, "the rule is not compiled", "")
	}
	if env == nil {
		return nil, newError(ErrRuntime, ErrValue, r.name, r.src, -1, "no environment to evaluate the rule in", "")
	}
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, newError(ErrRuntime, ErrRuntime, r.name, r.src, -1, fmt.Sprintf("evaluation failed: %v", p), "")
		}
	}()
	if r.directAny != nil {
		var m *meter
		if r.directMeter {
			m = newMeter(r.limits)
		}
		out, err = r.directAny(reflect.ValueOf(env).Elem(), m)
		if m != nil {
			m.release()
		}
	} else {
		m := vms.Get().(*vm.VM)
		// The VM fails when it reaches its budget: one more allows the
		// budget itself.
		m.MemoryBudget = uint(r.limits.elems) + 1
		out, err = m.Run(r.prog, env)
		if r.metered && len(m.Variables) > 0 {
			// the meter, declared first (see meterVM), goes back to its pool
			if mt, ok := m.Variables[0].(*meter); ok {
				m.Variables[0] = nil
				mt.release()
			}
		}
		vms.Put(m)
	}
	if err != nil {
		return nil, runtimeError(r.name, r.src, r.limits, err)
	}
	return out, nil
}

// runTyped evaluates a rule whose direct evaluator gives a T, without
// boxing the result; ok is false if it has none.
func runTyped[T any, E any](r *Rule[E], env *E) (v T, ok bool, err error) {
	f, ok := r.direct.(fn[T])
	if !ok || env == nil {
		return v, false, nil
	}
	defer func() {
		if p := recover(); p != nil {
			err = newError(ErrRuntime, ErrRuntime, r.name, r.src, -1, fmt.Sprintf("evaluation failed: %v", p), "")
		}
	}()
	var m *meter
	if r.directMeter {
		m = newMeter(r.limits)
	}
	v, err = f(reflect.ValueOf(env).Elem(), m)
	if m != nil {
		m.release()
	}
	if err != nil {
		return v, true, runtimeError(r.name, r.src, r.limits, err)
	}
	return v, true, nil
}

// resultError is the error of a rule that gave a value of the wrong type.
func (r *Rule[E]) resultError(want Type, v any) error {
	code, msg := ErrType, fmt.Sprintf("the rule must give %s, but it gave %s", an(want.String()), an(valueTypeName(v)))
	switch {
	case v == nil:
		code, msg = ErrValue, fmt.Sprintf("the rule must give %s, but it gave no value (nil)", an(want.String()))
	case isFloatValue(v):
		code, msg = ErrNotAllowed, "the rule gave a floating-point number; numbers in rules are decimals"
	}
	return newError(ErrRuntime, code, r.name, r.src, -1, msg, "")
}

// Eval evaluates the rule on env and returns its result: for a rule of
// type [Decimal], a decimal.Decimal; for [Int], an int; otherwise the value
// as the expression gives it (a decimal.Decimal for any number that is not
// a count). A floating-point number or a function is never returned: it is
// an error.
//
// Every error Eval returns is an *[Error] that matches [ErrRuntime].
func (r *Rule[E]) Eval(env *E) (any, error) {
	out, err := r.run(env)
	if err != nil {
		return nil, err
	}
	switch r.want {
	case Decimal:
		d, err := r.decimal(out)
		if err != nil {
			return nil, err
		}
		return d, nil
	case Bool:
		if _, ok := out.(bool); !ok {
			return nil, r.resultError(Bool, out)
		}
	case Int:
		n, err := r.int(out)
		if err != nil {
			return nil, err
		}
		return n, nil
	case String:
		if _, ok := out.(string); !ok {
			return nil, r.resultError(String, out)
		}
	default:
		if err := r.checkAny(out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// checkAny rejects floats and functions anywhere in a result.
func (r *Rule[E]) checkAny(v any) error {
	switch v.(type) {
	case nil, bool, string, int, decimal.Decimal, calendar.Date:
		return nil
	}
	switch bad(reflect.ValueOf(v), 0) {
	case reflect.Func:
		return newError(ErrRuntime, ErrNotAllowed, r.name, r.src, -1, "the rule gave a function", "")
	case reflect.Float64:
		return r.resultError(Any, 1.0)
	}
	return nil
}

// bad returns reflect.Func or reflect.Float64 if v is or holds a function
// or a floating-point number, else reflect.Invalid.
func bad(v reflect.Value, depth int) reflect.Kind {
	if depth > 16 {
		return reflect.Invalid
	}
	switch v.Kind() {
	case reflect.Func:
		return reflect.Func
	case reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return reflect.Float64
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			return bad(v.Elem(), depth+1)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if k := bad(v.Index(i), depth+1); k != reflect.Invalid {
				return k
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if k := bad(it.Value(), depth+1); k != reflect.Invalid {
				return k
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if k := bad(v.Field(i), depth+1); k != reflect.Invalid {
				return k
			}
		}
	}
	return reflect.Invalid
}

func (r *Rule[E]) decimal(out any) (decimal.Decimal, error) {
	if d, ok := out.(decimal.Decimal); ok {
		return d, nil
	}
	if isNumber(out) {
		return toDec(out)
	}
	return decimal.Decimal{}, r.resultError(Decimal, out)
}

func (r *Rule[E]) int(out any) (int, error) {
	if n, ok := out.(int); ok {
		return n, nil
	}
	if isNumber(out) {
		if d, err := toDec(out); err == nil && d.IsInteger() && d.Abs().Cmp(decimal.NewFromInt(1<<53)) <= 0 {
			return int(d.IntPart()), nil
		}
	}
	return 0, r.resultError(Int, out)
}

// Decimal evaluates a rule of type [Decimal] (or [Any]) on env: an integer
// result becomes a decimal. It is an error if the result is not a number.
func (r *Rule[E]) Decimal(env *E) (decimal.Decimal, error) {
	if r != nil {
		if d, ok, err := runTyped[decimal.Decimal](r, env); ok {
			return d, err
		}
	}
	out, err := r.run(env)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return r.decimal(out)
}

// Bool evaluates a rule of type [Bool] (or [Any]) on env. It is an error if
// the result is not a boolean.
func (r *Rule[E]) Bool(env *E) (bool, error) {
	if r != nil {
		if b, ok, err := runTyped[bool](r, env); ok {
			return b, err
		}
	}
	out, err := r.run(env)
	if err != nil {
		return false, err
	}
	b, ok := out.(bool)
	if !ok {
		return false, r.resultError(Bool, out)
	}
	return b, nil
}

// Int evaluates a rule of type [Int] (or [Any]) on env. It is an error if
// the result is not a whole number.
func (r *Rule[E]) Int(env *E) (int, error) {
	out, err := r.run(env)
	if err != nil {
		return 0, err
	}
	return r.int(out)
}

// String evaluates a rule of type [String] (or [Any]) on env. It is an
// error if the result is not a string.
func (r *Rule[E]) String(env *E) (string, error) {
	out, err := r.run(env)
	if err != nil {
		return "", err
	}
	s, ok := out.(string)
	if !ok {
		return "", r.resultError(String, out)
	}
	return s, nil
}
