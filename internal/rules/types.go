package rules

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// Type is the kind of result a rule must give; [Compile] checks it.
type Type int

// The result types.
const (
	// Any accepts any result except a floating-point number or a function.
	Any Type = iota
	// Decimal accepts a decimal.Decimal or an integer, which becomes a
	// decimal.
	Decimal
	// Bool accepts a boolean.
	Bool
	// Int accepts an integer (a count, a number of days).
	Int
	// String accepts a string.
	String
)

// String returns the name of t as messages use it: "decimal", "boolean".
func (t Type) String() string {
	switch t {
	case Any:
		return "any value"
	case Decimal:
		return "decimal"
	case Bool:
		return "boolean"
	case Int:
		return "integer"
	case String:
		return "string"
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

var (
	anyType    = reflect.TypeFor[any]()
	decType    = reflect.TypeFor[decimal.Decimal]()
	intType    = reflect.TypeFor[int]()
	boolType   = reflect.TypeFor[bool]()
	stringType = reflect.TypeFor[string]()
	dateType   = reflect.TypeFor[calendar.Date]()
	periodType = reflect.TypeFor[calendar.Period]()
	attrsType  = reflect.TypeFor[deal.Attrs]()
	strsType   = reflect.TypeFor[[]string]()
	errorType  = reflect.TypeFor[error]()
)

// unknown reports whether t carries no static type: the checker could not
// tell, or the value is an interface.
func unknown(t reflect.Type) bool { return t == nil || t.Kind() == reflect.Interface }

func isInt(t reflect.Type) bool {
	if t == nil {
		return false
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

func isFloat(t reflect.Type) bool {
	if t == nil {
		return false
	}
	switch t.Kind() {
	case reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	}
	return false
}

// holdsFloat reports whether values of type t are or hold floats: a float,
// or a list, map or pointer of them.
func holdsFloat(t reflect.Type) bool {
	switch {
	case t == nil:
		return false
	case isFloat(t):
		return true
	case t.Kind() == reflect.Slice, t.Kind() == reflect.Array, t.Kind() == reflect.Pointer:
		return holdsFloat(t.Elem())
	case t.Kind() == reflect.Map:
		return holdsFloat(t.Key()) || holdsFloat(t.Elem())
	}
	return false
}

// numeric reports whether t is a decimal or an integer.
func numeric(t reflect.Type) bool { return t == decType || isInt(t) }

// typeName names t for a person who writes rules.
func typeName(t reflect.Type) string {
	switch {
	case t == nil || t.Kind() == reflect.Interface:
		return "value of unknown type"
	case t == decType:
		return "decimal"
	case t == dateType:
		return "date"
	case t == periodType:
		return "period"
	case t == attrsType:
		return "attributes"
	case isInt(t):
		return "integer"
	case isFloat(t):
		return "floating-point number"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "boolean"
	case reflect.String:
		return "string"
	case reflect.Slice, reflect.Array:
		return "list of " + typeName(t.Elem()) + "s"
	case reflect.Map:
		return "map"
	case reflect.Func:
		return "function"
	case reflect.Pointer:
		return typeName(t.Elem())
	case reflect.Struct:
		if n := t.Name(); n != "" {
			return strings.ToLower(n[:1]) + n[1:]
		}
	}
	return t.String()
}

// an puts the indefinite article before a type name: "an integer", "a
// decimal".
func an(name string) string {
	if name != "" && strings.ContainsRune("aeiou", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}

// valueTypeName names the type of a run-time value.
func valueTypeName(v any) string {
	if v == nil {
		return "nil"
	}
	return typeName(reflect.TypeOf(v))
}

// goTypeNames maps the Go type names that expr's messages print to the
// names of typeName.
var goTypeNames = strings.NewReplacer(
	"[]decimal.Decimal", "list of decimals",
	"decimal.Decimal", "decimal",
	"calendar.Date", "date",
	"calendar.Period", "period",
	"deal.Attrs", "attributes",
	"[]string", "list of strings",
	"[]interface {}", "list",
	"interface {}", "value of unknown type",
	"float64", "floating-point number",
)

var (
	goScalarNames = regexp.MustCompile(`\b(u?int(8|16|32|64)?|bool)\b`)
	goNamedTypes  = regexp.MustCompile(`\*?\b[a-z]\w*\.([A-Z])(\w*)`)
	goSliceTypes  = regexp.MustCompile(`\[\]([a-z]\w*)`)
)

// friendlyTypes rewrites the Go type names in an expr message: deal.Deal
// becomes deal, []string a list of strings, int64 an integer.
func friendlyTypes(msg string) string {
	msg = goTypeNames.Replace(msg)
	msg = goScalarNames.ReplaceAllStringFunc(msg, func(s string) string {
		if s == "bool" {
			return "boolean"
		}
		return "integer"
	})
	msg = goNamedTypes.ReplaceAllStringFunc(msg, func(s string) string {
		m := goNamedTypes.FindStringSubmatch(s)
		return strings.ToLower(m[1]) + m[2]
	})
	return goSliceTypes.ReplaceAllString(msg, "list of ${1}s")
}

// fieldNames returns the names under which expr sees the fields of struct
// type t (its expr tags, or the Go names), embedded fields included.
func fieldNames(t reflect.Type) []string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				names = append(names, fieldNames(ft)...)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		switch tag := f.Tag.Get("expr"); tag {
		case "-":
		case "":
			names = append(names, f.Name)
		default:
			names = append(names, tag)
		}
	}
	return names
}
