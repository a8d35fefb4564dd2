package rules

import (
	"fmt"
	"reflect"

	"github.com/expr-lang/expr/builtin"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// The functions of the rule language; the package documentation describes
// each of them.
const (
	fnMin      = "min"
	fnMax      = "max"
	fnClamp    = "clamp"
	fnAbs      = "abs"
	fnRound    = "round"
	fnFloor    = "floor"
	fnCeil     = "ceil"
	fnDays     = "days"
	fnMonth    = "month"
	fnYear     = "year"
	fnDate     = "date"
	fnInPeriod = "inPeriod"
)

// ourFunctions are the names of the functions above, as rules call them.
var ourFunctions = []string{fnMin, fnMax, fnClamp, fnAbs, fnRound, fnFloor, fnCeil, fnDays, fnMonth, fnYear, fnDate, fnInPeriod}

// allowedBuiltins are the expr built-ins that rules keep: collection
// predicates and string helpers, all deterministic and free of float64.
// sum is rewritten into a decimal reduce; see [prepare].
var allowedBuiltins = map[string]bool{
	"all": true, "none": true, "any": true, "one": true, "filter": true, "map": true,
	"find": true, "findIndex": true, "findLast": true, "findLastIndex": true,
	"count": true, "sum": true, "reduce": true, "len": true,
	"trim": true, "trimPrefix": true, "trimSuffix": true, "upper": true, "lower": true,
	"split": true, "splitAfter": true, "replace": true, "repeat": true, "join": true,
	"indexOf": true, "lastIndexOf": true, "hasPrefix": true, "hasSuffix": true,
	"first": true, "last": true, "get": true, "take": true, "reverse": true,
	"concat": true, "flatten": true, "string": true,
}

// whyDisabled explains the expr built-ins that rules do not have.
func whyDisabled(name string) string {
	switch name {
	case "now", "duration", "timezone":
		return name + "() is not available: rules must not depend on the clock or the time zone"
	case "float", "mean", "median", "int":
		return name + "() is not available: it computes with floating-point numbers; rules compute with decimals"
	}
	return name + "() is not available in rules"
}

// intParams lists, for the built-ins that take integers, the positions of
// those arguments, so that a number literal there stays an int.
var intParams = map[string][]int{
	"repeat": {1}, "take": {1}, "split": {2}, "splitAfter": {2}, "replace": {3},
}

// The internal functions that operators, attribute access and conversions
// become. Their names start with _, which a user function may not.
const (
	fnNeg     = "_neg"
	fnDec     = "_dec"
	fnIn      = "_in"
	fnDynNeg  = "_dyn_neg"
	attrFnPfx = "_attr_"
	fnHasAttr = "_attr_has"
)

// operators maps each overloaded operator to its internal function.
var operators = []struct{ op, fn string }{
	{"+", "_add"}, {"-", "_sub"}, {"*", "_mul"}, {"/", "_div"}, {"%", "_mod"},
	{"**", "_pow"}, {"^", "_pow"},
	{"<", "_lt"}, {"<=", "_le"}, {">", "_gt"}, {">=", "_ge"}, {"==", "_eq"}, {"!=", "_ne"},
}

// dynName is the function that operator function fn becomes when an
// operand's type is only known at run time.
func dynName(fn string) string { return "_dyn" + fn }

// pure reports whether the internal function name can be evaluated at
// compile time on constant arguments.
func pure(name string) bool {
	if name == fnNeg || name == fnDec {
		return true
	}
	for _, o := range operators {
		if o.fn == name {
			return true
		}
	}
	return false
}

func fnType(out reflect.Type, in ...reflect.Type) reflect.Type {
	return reflect.FuncOf(in, []reflect.Type{out}, false)
}

// functions are the functions of an Env. byName holds them for expr;
// typed holds, for the hot ones, the same function with one of the typed
// signatures that expr's VM calls directly (func(any, any) any, say),
// without the argument slice of a builtin.Function; they panic with their
// error, which the VM recovers.
type functions struct {
	byName map[string]*builtin.Function
	typed  map[string]any
}

// newFunctions returns every function of an Env with these settings: the
// operator functions with typed overloads for expr.Operator, their dynamic
// twins, the attribute accessors and the built-ins of the language.
func newFunctions(ar arith, rounding Rounding, schema *deal.Schema) functions {
	fs := functions{byName: map[string]*builtin.Function{}, typed: map[string]any{}}
	add := func(f *builtin.Function) { fs.byName[f.Name] = f }
	// add1 and add2 register a function of one or two arguments, both ways.
	add1 := func(name string, f func(a any) (any, error), types ...reflect.Type) {
		add(&builtin.Function{Name: name, Func: func(args ...any) (any, error) { return f(args[0]) }, Types: types})
		fs.typed[name] = func(a any) any { return must(f(a)) }
	}
	add2 := func(name string, f func(a, b any) (any, error), types ...reflect.Type) {
		add(&builtin.Function{Name: name, Func: func(args ...any) (any, error) { return f(args[0], args[1]) }, Types: types})
		fs.typed[name] = func(a, b any) any { return must(f(a, b)) }
	}
	add2bool := func(name string, f func(a, b any) (bool, error), types ...reflect.Type) {
		add(&builtin.Function{Name: name, Func: func(args ...any) (any, error) { return f(args[0], args[1]) }, Types: types})
		fs.typed[name] = func(a, b any) bool { return must(f(a, b)) }
	}

	dd := func(out reflect.Type) []reflect.Type {
		return []reflect.Type{fnType(out, decType, decType), fnType(out, decType, intType), fnType(out, intType, decType)}
	}
	for _, o := range operators {
		if _, done := fs.byName[o.fn]; done {
			continue
		}
		op := o.op
		dyn := func(a, b any) (any, error) { return ar.dynamic(op, a, b) }
		if !comparisons[op] {
			f := ar.op(op)
			types := dd(decType)
			if op == "/" || op == "**" || op == "^" {
				types = append(types, fnType(decType, intType, intType))
			}
			add2(o.fn, func(a, b any) (any, error) {
				if x, ok := a.(decimal.Decimal); ok {
					if y, ok := b.(decimal.Decimal); ok {
						r, err := f(x, y)
						if err != nil {
							return nil, err
						}
						return r, nil
					}
				}
				return ar.dynamic(op, a, b)
			}, types...)
			add2(dynName(o.fn), dyn, fnType(anyType, anyType, anyType))
			continue
		}
		cmp := func(a, b any) (bool, error) {
			if x, ok := a.(decimal.Decimal); ok {
				if y, ok := b.(decimal.Decimal); ok {
					return compareOp(op, x.Cmp(y)), nil
				}
			}
			v, err := ar.dynamic(op, a, b)
			return v == true, err
		}
		add2bool(o.fn, cmp, append(dd(boolType), fnType(boolType, dateType, dateType))...)
		add2bool(dynName(o.fn), cmp, fnType(boolType, anyType, anyType))
	}
	add1(fnNeg, negate, fnType(decType, decType))
	add1(fnDynNeg, negate, fnType(anyType, anyType))
	add1(fnDec, func(a any) (any, error) { return toDec(a) }, fnType(decType, anyType))
	add2bool(fnIn, contains, fnType(boolType, anyType, anyType))
	for _, t := range []deal.AttrType{deal.String, deal.Decimal, deal.Integer, deal.Boolean, deal.DateType, deal.StringList} {
		add(&builtin.Function{
			Name: attrFn(t),
			Func: func(args ...any) (any, error) {
				v, ok := args[0].(deal.Attrs).Slot(schema, args[3].(int))
				return attrValue(v, ok, args[1].(string), t, args[2].(bool))
			},
			Types: []reflect.Type{fnType(attrGoType(t), attrsType, stringType, boolType, intType)},
		})
	}

	add(&builtin.Function{
		Name: fnHasAttr,
		Func: func(args ...any) (any, error) {
			return hasAttr(args[0].(deal.Attrs), schema, args[1].(string), args[2].(int)), nil
		},
		Types: []reflect.Type{fnType(boolType, attrsType, stringType, intType)},
	})

	add(&builtin.Function{Name: fnMin, Func: extreme(fnMin, -1), Validate: validateNumbers(fnMin, 1, -1, true)})
	add(&builtin.Function{Name: fnMax, Func: extreme(fnMax, +1), Validate: validateNumbers(fnMax, 1, -1, true)})
	add(&builtin.Function{Name: fnClamp, Func: clamp, Validate: validateNumbers(fnClamp, 3, 3, false)})
	add(&builtin.Function{Name: fnAbs, Func: abs, Validate: validateNumbers(fnAbs, 1, 1, false)})
	for _, name := range []string{fnRound, fnFloor, fnCeil} {
		add(&builtin.Function{Name: name, Func: rounder(name, rounding), Validate: validateRound(name)})
	}
	for _, name := range []string{fnMin, fnMax, fnRound, fnFloor, fnCeil} {
		f := fs.byName[name].Func
		fs.typed[name+"/2"] = func(a, b any) any { return must(f(a, b)) }
	}
	for _, name := range []string{fnAbs, fnRound, fnFloor, fnCeil} {
		f := fs.byName[name].Func
		fs.typed[name+"/1"] = func(a any) any { return must(f(a)) }
	}
	add(&builtin.Function{
		Name: fnDays,
		Func: func(args ...any) (any, error) {
			from, to := args[0].(calendar.Date), args[1].(calendar.Date)
			if err := present(fnDays, from, to); err != nil {
				return nil, err
			}
			return to.Days() - from.Days(), nil
		},
		Types: []reflect.Type{fnType(intType, dateType, dateType)},
	})
	add(&builtin.Function{
		Name: fnMonth,
		Func: func(args ...any) (any, error) {
			d := args[0].(calendar.Date)
			return int(d.Month), present(fnMonth, d)
		},
		Types: []reflect.Type{fnType(intType, dateType)},
	})
	add(&builtin.Function{
		Name: fnYear,
		Func: func(args ...any) (any, error) {
			d := args[0].(calendar.Date)
			return d.Year, present(fnYear, d)
		},
		Types: []reflect.Type{fnType(intType, dateType)},
	})
	add(&builtin.Function{
		Name: fnDate,
		Func: func(args ...any) (any, error) {
			d, err := calendar.ParseDate(args[0].(string))
			if err != nil {
				return nil, &evalError{code: ErrValue, msg: err.Error(), err: err}
			}
			return d, nil
		},
		Types: []reflect.Type{fnType(dateType, stringType)},
	})
	add(&builtin.Function{
		Name: fnInPeriod,
		Func: func(args ...any) (any, error) {
			d, p := args[0].(calendar.Date), args[1].(calendar.Period)
			return p.Contains(d), present(fnInPeriod, d)
		},
		Types: []reflect.Type{fnType(boolType, dateType, periodType)},
	})
	return fs
}

// must returns v, or panics with err for the VM to recover.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// present is an error if one of the dates is the zero Date, which stands
// for no date.
func present(fn string, ds ...calendar.Date) error {
	for _, d := range ds {
		if d == (calendar.Date{}) {
			return errorf(ErrValue, "%s: the date is missing", fn)
		}
	}
	return nil
}

// validateNumbers type-checks the arguments of a numeric function: between
// lo and hi of them (hi < 0: no limit), each a number, or with lists also a
// list of numbers. The result is an int if every argument is an int, a
// decimal if they are all known numbers, and unknown otherwise.
func validateNumbers(name string, lo, hi int, lists bool) func([]reflect.Type) (reflect.Type, error) {
	return func(args []reflect.Type) (reflect.Type, error) {
		if len(args) < lo {
			return nil, fmt.Errorf("not enough arguments to call %s", name)
		}
		if hi >= 0 && len(args) > hi {
			return nil, fmt.Errorf("too many arguments to call %s", name)
		}
		allInt, known := true, true
		for i, t := range args {
			if lists && t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
				t = t.Elem()
			}
			switch {
			case unknown(t):
				known, allInt = false, false
			case isInt(t):
			case t == decType:
				allInt = false
			default:
				return nil, fmt.Errorf("argument %d of %s must be a number, not %s", i+1, name, an(typeName(args[i])))
			}
		}
		switch {
		case allInt:
			return intType, nil
		case known:
			return decType, nil
		}
		return anyType, nil
	}
}

// validateRound type-checks round(x, places?, mode?), floor(x, places?)
// and ceil(x, places?): numbers, and for round a string mode.
func validateRound(name string) func([]reflect.Type) (reflect.Type, error) {
	most := 2
	if name == fnRound {
		most = 3
	}
	return func(args []reflect.Type) (reflect.Type, error) {
		if len(args) < 1 {
			return nil, fmt.Errorf("not enough arguments to call %s", name)
		}
		if len(args) > most {
			return nil, fmt.Errorf("too many arguments to call %s", name)
		}
		for i, t := range args {
			if i == 2 {
				switch {
				case unknown(t) || t.Kind() == reflect.String:
				case numeric(t):
					return nil, fmt.Errorf("argument 3 of round must be a rounding mode, a string such as \"down\", not a number")
				default:
					return nil, fmt.Errorf("argument 3 of round must be a rounding mode, a string such as \"down\", not %s", an(typeName(t)))
				}
				continue
			}
			if !unknown(t) && !numeric(t) {
				return nil, fmt.Errorf("argument %d of %s must be a number, not %s", i+1, name, an(typeName(t)))
			}
		}
		return decType, nil
	}
}

// roundingMode reads the mode argument of round: one of the names of
// [money.Rounding].
func roundingMode(a any) (Rounding, error) {
	s, ok := a.(string)
	switch {
	case !ok:
		return 0, errorf(ErrType, "round: the rounding mode must be a string, not %s", an(valueTypeName(a)))
	case s == "":
		return 0, errorf(ErrValue, "round: the rounding mode is empty (want half-even, half-up, half-down, down, up, ceiling or floor)")
	}
	m, err := money.ParseRounding(s)
	if err != nil {
		return 0, &evalError{code: ErrValue, msg: "round: " + err.Error(), err: err}
	}
	return m, nil
}

// numbers flattens the arguments of min and max into numbers, and tells if
// they are all ints.
func numbers(name string, args []any) ([]any, bool, error) {
	out := make([]any, 0, len(args))
	allInt := true
	for _, a := range args {
		switch l := a.(type) {
		case []any:
			out = append(out, l...)
			continue
		case []decimal.Decimal:
			for _, d := range l {
				out = append(out, d)
			}
			allInt = false
			continue
		case []int:
			for _, n := range l {
				out = append(out, n)
			}
			continue
		}
		out = append(out, a)
	}
	for _, v := range out {
		if _, ok := v.(int); !ok {
			allInt = false
			if !isNumber(v) {
				if isFloatValue(v) {
					return nil, false, errFloat
				}
				return nil, false, errorf(ErrType, "%s needs numbers, got %s", name, an(valueTypeName(v)))
			}
		}
	}
	if len(out) == 0 {
		return nil, false, errorf(ErrValue, "%s of no numbers", name)
	}
	return out, allInt, nil
}

// extreme is min (sign -1) or max (sign +1).
func extreme(name string, sign int) func(args ...any) (any, error) {
	return func(args ...any) (any, error) {
		if len(args) == 2 { // the common case, without allocation
			if a, ok := args[0].(decimal.Decimal); ok {
				if b, ok := args[1].(decimal.Decimal); ok {
					if b.Cmp(a)*sign > 0 {
						return b, nil
					}
					return a, nil
				}
			}
		}
		vs, allInt, err := numbers(name, args)
		if err != nil {
			return nil, err
		}
		if allInt {
			best := vs[0].(int)
			for _, v := range vs[1:] {
				if n := v.(int); (n > best && sign > 0) || (n < best && sign < 0) {
					best = n
				}
			}
			return best, nil
		}
		best, err := toDec(vs[0])
		if err != nil {
			return nil, err
		}
		for _, v := range vs[1:] {
			d, err := toDec(v)
			if err != nil {
				return nil, err
			}
			if d.Cmp(best)*sign > 0 {
				best = d
			}
		}
		return best, nil
	}
}

func clamp(args ...any) (any, error) {
	if x, ok := asInt(args[0]); ok {
		lo, ok1 := asInt(args[1])
		hi, ok2 := asInt(args[2])
		if ok1 && ok2 {
			if lo > hi {
				return nil, errorf(ErrValue, "clamp: lo %d is greater than hi %d", lo, hi)
			}
			return min(max(x, lo), hi), nil
		}
	}
	var ds [3]decimal.Decimal
	for i, a := range args {
		d, err := toDec(a)
		if err != nil {
			return nil, err
		}
		ds[i] = d
	}
	x, lo, hi := ds[0], ds[1], ds[2]
	switch {
	case lo.Cmp(hi) > 0:
		return nil, errorf(ErrValue, "clamp: lo %s is greater than hi %s", lo, hi)
	case x.Cmp(lo) < 0:
		return lo, nil
	case x.Cmp(hi) > 0:
		return hi, nil
	}
	return x, nil
}

func abs(args ...any) (any, error) {
	if n, ok := asInt(args[0]); ok {
		if n < 0 {
			return -n, nil
		}
		return n, nil
	}
	d, err := toDec(args[0])
	if err != nil {
		return nil, err
	}
	return d.Abs(), nil
}

// places reads the places argument of round, floor and ceil.
func places(name string, args []any) (int32, error) {
	if len(args) < 2 {
		return 0, nil
	}
	d, err := toDec(args[1])
	if err != nil {
		return 0, err
	}
	if !d.IsInteger() || d.Abs().Cmp(decimal.NewFromInt(maxPlaces)) > 0 {
		return 0, errorf(ErrValue, "%s: places must be a whole number between -%d and %d, got %s", name, maxPlaces, maxPlaces, d)
	}
	return int32(d.IntPart()), nil
}

func rounder(name string, mode Rounding) func(args ...any) (any, error) {
	return func(args ...any) (any, error) {
		x, err := toDec(args[0])
		if err != nil {
			return nil, err
		}
		p, err := places(name, args)
		if err != nil {
			return nil, err
		}
		switch name {
		case fnFloor:
			return x.RoundFloor(p), nil
		case fnCeil:
			return x.RoundCeil(p), nil
		}
		m := mode
		if len(args) == 3 {
			if m, err = roundingMode(args[2]); err != nil {
				return nil, err
			}
		}
		return m.Round(x, p), nil
	}
}

// attrFn is the name of the accessor of attributes of type t.
func attrFn(t deal.AttrType) string { return attrFnPfx + t.String() }

// attrGoType is the type a rule sees for an attribute of type t. Integers
// are ints, like every count in rules.
func attrGoType(t deal.AttrType) reflect.Type {
	switch t {
	case deal.String:
		return stringType
	case deal.Decimal:
		return decType
	case deal.Integer:
		return intType
	case deal.Boolean:
		return boolType
	case deal.DateType:
		return dateType
	}
	return strsType
}

// hasAttr reports whether attrs holds a value of the attribute called
// name, at slot of schema when slot is not -1.
func hasAttr(attrs deal.Attrs, schema *deal.Schema, name string, slot int) bool {
	if slot >= 0 {
		_, ok := attrs.Slot(schema, slot)
		return ok
	}
	_, ok := attrs.Get(name)
	return ok
}

// attrValue gives v, the value of attribute name of type t read from a
// deal (ok when the deal holds one), as the type: the zero value of the
// type when it is absent (an error when it is required), exactly
// converted when it is held in another exact form.
func attrValue(v any, ok bool, name string, t deal.AttrType, required bool) (any, error) {
	if !ok {
		if required {
			return nil, errorf(ErrValue, "the deal has no value for required attribute %s", name)
		}
		if t == deal.Integer {
			return 0, nil
		}
		return t.Zero(), nil
	}
	bad := func() (any, error) {
		if isFloatValue(v) {
			return nil, errorf(ErrNotAllowed, "attribute %s holds a floating-point number; decimals must be exact", name)
		}
		return nil, errorf(ErrType, "attribute %s holds %s, want %s", name, an(valueTypeName(v)), an(t.String()))
	}
	switch t {
	case deal.String:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case deal.Decimal:
		if s, ok := v.(string); ok {
			d, err := decimal.NewFromString(s)
			if err != nil {
				return nil, errorf(ErrType, "attribute %s holds %q, which is not a decimal number", name, s)
			}
			return d, nil
		}
		if isNumber(v) {
			return toDec(v)
		}
	case deal.Integer:
		switch n := v.(type) {
		case int64:
			return int(n), nil
		case int:
			return n, nil
		case int32:
			return int(n), nil
		case decimal.Decimal:
			if n.IsInteger() && n.Abs().Cmp(decimal.NewFromInt(1<<53)) <= 0 {
				return int(n.IntPart()), nil
			}
		}
	case deal.Boolean:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case deal.DateType:
		switch d := v.(type) {
		case calendar.Date:
			return d, nil
		case string:
			dt, err := calendar.ParseDate(d)
			if err != nil {
				return nil, errorf(ErrValue, "attribute %s: %v", name, err)
			}
			return dt, nil
		}
	case deal.StringList:
		switch l := v.(type) {
		case []string:
			return l, nil
		case []any:
			out := make([]string, len(l))
			for i, e := range l {
				s, ok := e.(string)
				if !ok {
					return bad()
				}
				out[i] = s
			}
			return out, nil
		}
	}
	return bad()
}
