package rules

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sync"

	"github.com/expr-lang/expr/builtin"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/money"
)

// Rounding is the rounding mode of the round function of rules: the
// strategy's own, [money.Rounding].
type Rounding = money.Rounding

// The rounding modes, those of [money.Rounding]. The zero value is
// HalfEven.
const (
	// HalfEven rounds a tie to the even neighbour (banker's rounding):
	// 2.5 → 2, 3.5 → 4, -2.5 → -2.
	HalfEven = money.HalfEven
	// HalfUp rounds a tie away from zero (commercial rounding): 2.5 → 3,
	// -2.5 → -3.
	HalfUp = money.HalfUp
	// HalfDown rounds a tie towards zero: 2.5 → 2, -2.5 → -2, 2.51 → 3.
	HalfDown = money.HalfDown
	// Down rounds towards zero (truncates): 2.9 → 2, -2.9 → -2.
	Down = money.Down
	// Up rounds away from zero: 2.1 → 3, -2.1 → -3.
	Up = money.Up
	// Ceiling rounds towards positive infinity: 2.1 → 3, -2.9 → -2.
	Ceiling = money.Ceiling
	// Floor rounds towards negative infinity: 2.9 → 2, -2.1 → -3.
	Floor = money.Floor
)

// Defaults of an [Env].
const (
	// DefaultDivisionPlaces is the number of decimal places a quotient
	// keeps: 1/3 is 0.33333333333333333333.
	DefaultDivisionPlaces = 20
	// DefaultMaxNodes bounds the size of an expression, in syntax nodes.
	DefaultMaxNodes = 1000
	// DefaultMemoryBudget bounds what one evaluation may allocate in lists
	// and maps, in elements.
	DefaultMemoryBudget = 100_000
	// DefaultMaxSteps bounds the work of one evaluation, in steps: each run
	// of the body of a loop (map, filter, reduce…) counts the nodes of the
	// body, and reading a list or a string counts one step per element and
	// per 64 bytes.
	DefaultMaxSteps = 100_000
	// DefaultMaxStringBytes bounds the strings one evaluation may build
	// (with +, repeat, replace, join, upper, lower, string…), in bytes.
	DefaultMaxStringBytes = 1 << 20
)

// Env is the configuration that rules are compiled with: rounding,
// division precision, the custom deal attributes, the user functions, and
// the limits of an evaluation ([WithMaxNodes], [WithMaxSteps],
// [WithMaxStringBytes], [WithMemoryBudget]). Build it once with [NewEnv] and compile every rule of a
// strategy with it.
//
// An Env is immutable and safe for concurrent use. A nil *Env is the Env of
// NewEnv() with no options.
type Env struct {
	rounding Rounding
	places   int32
	schema   *deal.Schema
	maxNodes uint
	limits   limits
	user     []userFunc
	// funcs holds every function a compiled rule may call, the internal
	// ones (named _…) included; names lists the public ones, sorted.
	funcs functions
	names []string
	// vmOnly turns off direct evaluation (see direct.go), for tests and
	// benchmarks that compare the two.
	vmOnly bool
}

type userFunc struct {
	name string
	fn   any
}

// Option configures an [Env]. Options that are given invalid values make
// [NewEnv] return an error.
type Option func(*Env) error

// WithRounding sets the rounding mode of the round function when a rule
// gives none (round(x, 2); round(x, 2, "down") names its own). The default
// is [HalfEven]; any mode of [money.Roundings] may be set.
func WithRounding(r Rounding) Option {
	return func(e *Env) error {
		if !r.Valid() {
			return fmt.Errorf("rules: invalid rounding mode %d: %w", int(r), ErrEnv)
		}
		e.rounding = r
		return nil
	}
}

// WithDivisionPlaces sets how many decimal places the quotient of a
// division keeps, between 0 and 100; the last one is rounded half away from
// zero. The default is [DefaultDivisionPlaces].
func WithDivisionPlaces(n int) Option {
	return func(e *Env) error {
		if n < 0 || n > 100 {
			return fmt.Errorf("rules: division places %d out of range 0 to 100: %w", n, ErrEnv)
		}
		e.places = int32(n)
		return nil
	}
}

// WithSchema declares the custom deal attributes. Rules read them as
// deal.attrs.name (on any field of type [deal.Attrs]), type-checked against
// their declared types; an attribute that s does not declare is a compile
// error. Without a schema, no attribute can be read. A compiled rule reads
// an attribute by its slot in s ([deal.Attrs.Slot]): for deals read with
// s, an index into their values, not a look-up of the name.
//
// An absent attribute reads as the zero value of its type ("" , 0, false,
// the zero date, an empty list), unless it is declared Required: then
// reading it is a run-time error.
func WithSchema(s *deal.Schema) Option {
	return func(e *Env) error {
		e.schema = s
		return nil
	}
}

// WithMaxNodes bounds the size of an expression, in syntax nodes (each
// name, literal, operator and call is one). n must be between 1 and
// 100000; the default is [DefaultMaxNodes].
func WithMaxNodes(n int) Option {
	return func(e *Env) error {
		if n < 1 || n > 100_000 {
			return fmt.Errorf("rules: max nodes %d out of range 1 to 100000: %w", n, ErrEnv)
		}
		e.maxNodes = uint(n)
		return nil
	}
}

// WithMemoryBudget bounds what one evaluation may allocate in lists, maps
// and ranges, in elements (expr's memory budget): at most n of them, and
// at most n pieces of strings that split gives. n must be at least 1; the
// default is [DefaultMemoryBudget].
func WithMemoryBudget(n int) Option {
	return func(e *Env) error {
		if n < 1 {
			return fmt.Errorf("rules: memory budget %d must be positive: %w", n, ErrEnv)
		}
		e.limits.elems = n
		return nil
	}
}

// WithMaxSteps bounds the work of one evaluation, in steps (see the
// package documentation, "Limits"). n must be between 1 and 1000000000;
// the default is [DefaultMaxSteps].
func WithMaxSteps(n int) Option {
	return func(e *Env) error {
		if n < 1 || n > 1_000_000_000 {
			return fmt.Errorf("rules: max steps %d out of range 1 to 1000000000: %w", n, ErrEnv)
		}
		e.limits.steps = n
		return nil
	}
}

// WithMaxStringBytes bounds the bytes of the strings one evaluation may
// build. n must be between 1 and 1073741824 (1 GiB); the default is
// [DefaultMaxStringBytes].
func WithMaxStringBytes(n int) Option {
	return func(e *Env) error {
		if n < 1 || n > 1<<30 {
			return fmt.Errorf("rules: max string bytes %d out of range 1 to 1073741824: %w", n, ErrEnv)
		}
		e.limits.bytes = n
		return nil
	}
}

// WithFunction adds a function that rules can call by name, such as an
// exchange-rate lookup:
//
//	rules.WithFunction("fx", func(currency string, on calendar.Date) (decimal.Decimal, error) {…})
//
// fn must be a Go func with typed parameters, and results T or (T, error);
// rules calling it are type-checked against its signature. A number literal
// passed to an int parameter stays an int. No parameter or result may be a
// floating-point number, a func or a channel. An error fn returns becomes a
// run-time error of the rule (code [ErrFunction]) that wraps it; a panic in
// fn is turned into such an error too.
//
// name must be an identifier that does not start with _ and is not the name
// of a built-in function or an operator keyword.
//
// A function is called concurrently when rules are evaluated concurrently;
// it must be safe for that, and should be deterministic.
func WithFunction(name string, fn any) Option {
	return func(e *Env) error {
		if slices.ContainsFunc(e.user, func(u userFunc) bool { return u.name == name }) {
			return fmt.Errorf("rules: function %s is defined twice: %w", name, ErrEnv)
		}
		e.user = append(e.user, userFunc{name, fn})
		return nil
	}
}

// NewEnv returns an Env configured by opts.
func NewEnv(opts ...Option) (*Env, error) {
	e := &Env{places: DefaultDivisionPlaces, maxNodes: DefaultMaxNodes,
		limits: limits{steps: DefaultMaxSteps, bytes: DefaultMaxStringBytes, elems: DefaultMemoryBudget}}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(e); err != nil {
			return nil, err
		}
	}
	e.funcs = newFunctions(arith{places: e.places}, e.rounding, e.schema)
	e.funcs.addMetered(e.limits)
	e.names = append(e.names, ourFunctions...)
	for name := range allowedBuiltins {
		e.names = append(e.names, name)
	}
	for _, u := range e.user {
		f, err := userFunction(u.name, u.fn)
		if err != nil {
			return nil, err
		}
		e.funcs.byName[u.name] = f
		e.names = append(e.names, u.name)
	}
	slices.Sort(e.names)
	return e, nil
}

var defaultEnv = sync.OnceValue(func() *Env {
	e, _ := NewEnv()
	return e
})

// Rounding returns the rounding mode of e.
func (e *Env) Rounding() Rounding {
	if e == nil {
		return HalfEven
	}
	return e.rounding
}

// DivisionPlaces returns the number of decimal places a quotient keeps.
func (e *Env) DivisionPlaces() int {
	if e == nil {
		return DefaultDivisionPlaces
	}
	return int(e.places)
}

// Schema returns the custom deal attributes declared with [WithSchema], or
// nil.
func (e *Env) Schema() *deal.Schema {
	if e == nil {
		return nil
	}
	return e.schema
}

// public reports whether name is a function that rules may call.
func (e *Env) public(name string) bool {
	_, ok := slices.BinarySearch(e.names, name)
	return ok
}

// isUser reports whether name is a function added with [WithFunction].
func (e *Env) isUser(name string) bool {
	return slices.ContainsFunc(e.user, func(u userFunc) bool { return u.name == name })
}

var identRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

var keywords = map[string]bool{
	"in": true, "not": true, "and": true, "or": true, "matches": true, "contains": true,
	"startsWith": true, "endsWith": true, "let": true, "if": true, "else": true,
	"true": true, "false": true, "nil": true,
}

// userFunction checks a function given to WithFunction and wraps it for
// expr.
func userFunction(name string, fn any) (*builtin.Function, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("rules: function %s: %s: %w", name, fmt.Sprintf(format, args...), ErrEnv)
	}
	switch {
	case !identRe.MatchString(name):
		return nil, fail("the name must be an identifier (letters, digits and _) not starting with _ or a digit")
	case keywords[name]:
		return nil, fail("the name is a keyword")
	case slices.Contains(ourFunctions, name):
		return nil, fail("the name is taken by a built-in function")
	}
	for _, b := range builtin.Builtins {
		if b.Name == name {
			return nil, fail("the name is taken by a built-in function")
		}
	}
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.IsNil() {
		return nil, fail("want a func, got %T", fn)
	}
	t := v.Type()
	switch {
	case t.NumOut() == 1 && t.Out(0) != errorType:
	case t.NumOut() == 2 && t.Out(1) == errorType:
	default:
		return nil, fail("want results T or (T, error), got %v", t)
	}
	for i := range t.NumIn() {
		if err := allowedType(t.In(i)); err != nil {
			return nil, fail("parameter %d: %v", i+1, err)
		}
	}
	if err := allowedType(t.Out(0)); err != nil {
		return nil, fail("result: %v", err)
	}
	call := func(args ...any) (out any, err error) {
		defer func() {
			if p := recover(); p != nil {
				out, err = nil, errorf(ErrFunction, "function %s failed: %v", name, p)
			}
		}()
		in := make([]reflect.Value, len(args))
		for i, a := range args {
			pt := paramType(t, i)
			if in[i], err = argValue(a, pt); err != nil {
				if ee, ok := err.(*evalError); ok {
					return nil, ee
				}
				return nil, errorf(ErrType, "argument %d of %s: %v", i+1, name, err)
			}
		}
		res := v.Call(in)
		if len(res) == 2 && !res[1].IsNil() {
			err := res[1].Interface().(error)
			return nil, &evalError{code: ErrFunction, msg: fmt.Sprintf("function %s failed: %v", name, err), err: err}
		}
		return res[0].Interface(), nil
	}
	return &builtin.Function{Name: name, Func: call, Types: []reflect.Type{t}}, nil
}

func paramType(t reflect.Type, i int) reflect.Type {
	if t.IsVariadic() && i >= t.NumIn()-1 {
		return t.In(t.NumIn() - 1).Elem()
	}
	return t.In(i)
}

// allowedType rejects the types that have no place in rules.
func allowedType(t reflect.Type) error {
	switch {
	case isFloat(t):
		return fmt.Errorf("floating-point type %v: use decimal.Decimal", t)
	case t.Kind() == reflect.Func, t.Kind() == reflect.Chan, t.Kind() == reflect.UnsafePointer:
		return fmt.Errorf("type %v cannot be used in rules", t)
	case t.Kind() == reflect.Slice, t.Kind() == reflect.Array, t.Kind() == reflect.Pointer:
		return allowedType(t.Elem())
	case t.Kind() == reflect.Map:
		if err := allowedType(t.Key()); err != nil {
			return err
		}
		return allowedType(t.Elem())
	}
	return nil
}

// argValue converts a run-time argument to parameter type pt: as is when
// assignable, integers to decimals, lists element by element, nil to the
// zero value.
func argValue(a any, pt reflect.Type) (reflect.Value, error) {
	if a == nil {
		return reflect.Zero(pt), nil
	}
	v := reflect.ValueOf(a)
	if v.Type().AssignableTo(pt) {
		return v, nil
	}
	if pt == decType && isNumber(a) {
		d, err := toDec(a)
		return reflect.ValueOf(d), err
	}
	if isInt(pt) && isInt(v.Type()) && v.CanConvert(pt) {
		return v.Convert(pt), nil
	}
	if l, ok := a.([]any); ok && pt.Kind() == reflect.Slice {
		out := reflect.MakeSlice(pt, len(l), len(l))
		for i, e := range l {
			ev, err := argValue(e, pt.Elem())
			if err != nil {
				return reflect.Value{}, err
			}
			out.Index(i).Set(ev)
		}
		return out, nil
	}
	if isFloatValue(a) {
		return reflect.Value{}, errFloat
	}
	return reflect.Value{}, fmt.Errorf("want %s, got %s", an(typeName(pt)), an(valueTypeName(a)))
}
