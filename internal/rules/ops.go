package rules

import (
	"reflect"
	"strings"

	"github.com/expr-lang/expr/vm/runtime"
	"github.com/salesplan/salesplan/calendar"
	"github.com/shopspring/decimal"
)

// Limits on the size of numbers, so that no rule can make the evaluator
// build a number with millions of digits.
const (
	maxDigits = 200  // digits of a number's coefficient
	maxScale  = 200  // magnitude of a number's decimal exponent
	maxPower  = 1000 // magnitude of the exponent of **
	maxPlaces = 40   // magnitude of the places of round, floor and ceil
)

var (
	errFloat    = errorf(ErrNotAllowed, "floating-point numbers are not allowed: numbers in rules are decimals")
	errTooLarge = errorf(ErrLimit, "number too large (more than %d digits)", maxDigits)
	errNil      = errorf(ErrValue, "missing value (nil) where a number is needed")
)

func checkSize(d decimal.Decimal) error {
	if e := d.Exponent(); e < -maxScale || e > maxScale || d.NumDigits() > maxDigits {
		return errTooLarge
	}
	return nil
}

// toDec brings a number to a decimal exactly: a decimal, or an integer of
// any Go integer type. A float is an error, never converted.
func toDec(v any) (decimal.Decimal, error) {
	switch x := v.(type) {
	case decimal.Decimal:
		return x, nil
	case int:
		return decimal.NewFromInt(int64(x)), nil
	case int64:
		return decimal.NewFromInt(x), nil
	case int32:
		return decimal.NewFromInt(int64(x)), nil
	case int16:
		return decimal.NewFromInt(int64(x)), nil
	case int8:
		return decimal.NewFromInt(int64(x)), nil
	case uint:
		return decimal.NewFromUint64(uint64(x)), nil
	case uint64:
		return decimal.NewFromUint64(x), nil
	case uint32:
		return decimal.NewFromUint64(uint64(x)), nil
	case uint16:
		return decimal.NewFromUint64(uint64(x)), nil
	case uint8:
		return decimal.NewFromUint64(uint64(x)), nil
	case *decimal.Decimal:
		if x != nil {
			return *x, nil
		}
		return decimal.Decimal{}, errNil
	case float32, float64:
		return decimal.Decimal{}, errFloat
	case nil:
		return decimal.Decimal{}, errNil
	}
	return decimal.Decimal{}, errorf(ErrType, "want a number, got %s", an(valueTypeName(v)))
}

// asInt returns v as an int if v is a Go int.
func asInt(v any) (int, bool) {
	i, ok := v.(int)
	return i, ok
}

func isNumber(v any) bool {
	switch v.(type) {
	case decimal.Decimal, *decimal.Decimal, int, int64, int32, int16, int8, uint, uint64, uint32, uint16, uint8:
		return true
	}
	return false
}

func isFloatValue(v any) bool {
	switch v.(type) {
	case float32, float64, complex64, complex128:
		return true
	}
	return false
}

// arith is the decimal arithmetic of one [Env]: its division precision.
type arith struct {
	places int32
}

func (ar arith) mul(a, b decimal.Decimal) (decimal.Decimal, error) {
	r := a.Mul(b)
	if err := checkSize(r); err != nil {
		return decimal.Decimal{}, err
	}
	return r, nil
}

func (ar arith) div(a, b decimal.Decimal) (decimal.Decimal, error) {
	if b.IsZero() {
		return decimal.Decimal{}, errDivZero
	}
	r := a.DivRound(b, ar.places)
	if err := checkSize(r); err != nil {
		return decimal.Decimal{}, err
	}
	return r, nil
}

func (ar arith) mod(a, b decimal.Decimal) (decimal.Decimal, error) {
	if b.IsZero() {
		return decimal.Decimal{}, errDivZero
	}
	return a.Mod(b), nil
}

// pow raises a to the whole power b exactly; a negative power divides 1 by
// the positive power with the division precision.
func (ar arith) pow(a, b decimal.Decimal) (decimal.Decimal, error) {
	if !b.IsInteger() {
		return decimal.Decimal{}, errorf(ErrValue, "** needs a whole exponent, got %s", b)
	}
	if b.Abs().Cmp(decimal.NewFromInt(maxPower)) > 0 {
		return decimal.Decimal{}, errorf(ErrLimit, "exponent %s out of range (at most %d)", b, maxPower)
	}
	n := b.IntPart()
	neg := n < 0
	if neg {
		n = -n
	}
	r, x := decimal.NewFromInt(1), a
	for n > 0 {
		if n&1 == 1 {
			r = r.Mul(x)
			if err := checkSize(r); err != nil {
				return decimal.Decimal{}, err
			}
		}
		n >>= 1
		if n > 0 {
			x = x.Mul(x)
			if err := checkSize(x); err != nil {
				return decimal.Decimal{}, err
			}
		}
	}
	if neg {
		return ar.div(decimal.NewFromInt(1), r)
	}
	return r, nil
}

// op returns the decimal function of arithmetic operator op.
func (ar arith) op(op string) func(a, b decimal.Decimal) (decimal.Decimal, error) {
	switch op {
	case "+":
		return func(a, b decimal.Decimal) (decimal.Decimal, error) { return a.Add(b), nil }
	case "-":
		return func(a, b decimal.Decimal) (decimal.Decimal, error) { return a.Sub(b), nil }
	case "*":
		return ar.mul
	case "/":
		return ar.div
	case "%":
		return ar.mod
	}
	return ar.pow // "**", "^"
}

// binary applies arithmetic operator op to two decimals.
func (ar arith) binary(op string, a, b decimal.Decimal) (any, error) {
	if comparisons[op] {
		return compareOp(op, a.Cmp(b)), nil
	}
	r, err := ar.op(op)(a, b)
	if err != nil {
		return nil, err
	}
	return r, nil
}

func compareOp(op string, c int) bool {
	switch op {
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	case "==":
		return c == 0
	}
	return c != 0 // "!="
}

// dynamic applies binary operator op to two values whatever their types:
// it is what an operator becomes when the type of an operand is only known
// at run time. Two Go ints stay an int for + - * %; numbers otherwise meet
// as decimals; strings concatenate and compare; dates compare.
func (ar arith) dynamic(op string, a, b any) (any, error) {
	if x, ok := a.(decimal.Decimal); ok {
		if y, ok := b.(decimal.Decimal); ok {
			return ar.binary(op, x, y)
		}
	}
	if isFloatValue(a) || isFloatValue(b) {
		return nil, errFloat
	}
	if x, ok := asInt(a); ok {
		if y, ok := asInt(b); ok {
			switch op {
			case "+":
				return x + y, nil
			case "-":
				return x - y, nil
			case "*":
				return x * y, nil
			case "%":
				if y == 0 {
					return nil, errDivZero
				}
				return x % y, nil
			}
		}
	}
	if isNumber(a) && isNumber(b) {
		x, err := toDec(a)
		if err != nil {
			return nil, err
		}
		y, err := toDec(b)
		if err != nil {
			return nil, err
		}
		return ar.binary(op, x, y)
	}
	switch op {
	case "==", "!=":
		eq, err := equal(a, b)
		if err != nil {
			return nil, err
		}
		return eq == (op == "=="), nil
	case "<", "<=", ">", ">=":
		c, err := compare(a, b)
		if err != nil {
			return nil, err
		}
		return compareOp(op, c), nil
	case "+":
		if x, ok := a.(string); ok {
			if y, ok := b.(string); ok {
				return x + y, nil
			}
		}
	}
	if a == nil || b == nil {
		return nil, errNil
	}
	return nil, errorf(ErrType, "type mismatch: %s %s %s", valueTypeName(a), op, valueTypeName(b))
}

// compare orders two numbers, two strings or two dates.
func compare(a, b any) (int, error) {
	if isNumber(a) && isNumber(b) {
		x, err := toDec(a)
		if err != nil {
			return 0, err
		}
		y, err := toDec(b)
		if err != nil {
			return 0, err
		}
		return x.Cmp(y), nil
	}
	if isFloatValue(a) || isFloatValue(b) {
		return 0, errFloat
	}
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y), nil
		}
	case calendar.Date:
		if y, ok := b.(calendar.Date); ok {
			return x.Compare(y), nil
		}
	}
	if a == nil || b == nil {
		return 0, errNil
	}
	return 0, errorf(ErrType, "cannot compare %s with %s", an(valueTypeName(a)), an(valueTypeName(b)))
}

// equal compares numbers by value (100 == 100.00) and anything else as expr
// does.
func equal(a, b any) (bool, error) {
	if isNumber(a) && isNumber(b) {
		x, err := toDec(a)
		if err != nil {
			return false, err
		}
		y, err := toDec(b)
		if err != nil {
			return false, err
		}
		return x.Cmp(y) == 0, nil
	}
	if isFloatValue(a) || isFloatValue(b) {
		return false, errFloat
	}
	return runtime.Equal(a, b), nil
}

// contains reports whether list holds an element equal to x.
func contains(x, list any) (bool, error) {
	switch l := list.(type) {
	case []any:
		for _, v := range l {
			if eq, err := equal(x, v); err != nil || eq {
				return eq, err
			}
		}
		return false, nil
	case []decimal.Decimal:
		d, err := toDec(x)
		if err != nil {
			return false, err
		}
		for _, v := range l {
			if d.Cmp(v) == 0 {
				return true, nil
			}
		}
		return false, nil
	case nil:
		return false, nil
	}
	v := reflect.ValueOf(list)
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return false, errorf(ErrType, "in needs a list, got %s", an(valueTypeName(list)))
	}
	for i := range v.Len() {
		if eq, err := equal(x, v.Index(i).Interface()); err != nil || eq {
			return eq, err
		}
	}
	return false, nil
}

func negate(v any) (any, error) {
	switch x := v.(type) {
	case decimal.Decimal:
		return x.Neg(), nil
	case int:
		return -x, nil
	}
	if isFloatValue(v) {
		return nil, errFloat
	}
	if isNumber(v) {
		d, err := toDec(v)
		return d.Neg(), err
	}
	if v == nil {
		return nil, errNil
	}
	return nil, errorf(ErrType, "type mismatch: -%s", valueTypeName(v))
}
