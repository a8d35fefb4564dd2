package deal

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// AttrType is the type of a custom deal attribute.
type AttrType int

// The attribute types, with the Go type of their values in [Attrs].
const (
	String     AttrType = iota + 1 // string
	Decimal                        // decimal.Decimal
	Integer                        // int64
	Boolean                        // bool
	DateType                       // calendar.Date
	StringList                     // []string
)

var attrTypeNames = [...]string{String: "string", Decimal: "decimal", Integer: "integer", Boolean: "boolean", DateType: "date", StringList: "list of strings"}

// String returns the type's name as the strategy document spells it:
// string, decimal, integer, boolean, date, or "list of strings" (written
// "[string]" in a document).
func (t AttrType) String() string {
	if t >= String && t <= StringList {
		return attrTypeNames[t]
	}
	return fmt.Sprintf("AttrType(%d)", int(t))
}

// ParseAttrType parses a type name of the strategy document: string,
// decimal, integer, boolean, date or [string].
func ParseAttrType(s string) (AttrType, error) {
	switch s {
	case "string":
		return String, nil
	case "decimal":
		return Decimal, nil
	case "integer":
		return Integer, nil
	case "boolean":
		return Boolean, nil
	case "date":
		return DateType, nil
	case "[string]":
		return StringList, nil
	}
	return 0, fmt.Errorf("unknown attribute type %q (want string, decimal, integer, boolean, date or [string])", s)
}

// Attr declares one custom deal attribute.
type Attr struct {
	Name string
	Type AttrType
	// Required attributes must be present on every deal; others default to
	// the zero value of their type when absent.
	Required bool
}

// Schema is the ordered set of custom attributes a strategy declares. It is
// immutable once made and safe for concurrent use. The zero value and nil
// are the empty schema.
type Schema struct {
	attrs []Attr
	index map[string]int
}

var attrName = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// NewSchema returns the schema of attrs, in the given order. Names must be
// lower-case identifiers ([a-z_][a-z0-9_]*) and unique.
func NewSchema(attrs ...Attr) (*Schema, error) {
	s := &Schema{attrs: slices.Clone(attrs), index: make(map[string]int, len(attrs))}
	for i, a := range attrs {
		if !attrName.MatchString(a.Name) {
			return nil, fmt.Errorf("attribute %q: a name is lower-case letters, digits and _, not starting with a digit", a.Name)
		}
		if _, dup := s.index[a.Name]; dup {
			return nil, fmt.Errorf("attribute %q is declared twice", a.Name)
		}
		if a.Type < String || a.Type > StringList {
			return nil, fmt.Errorf("attribute %q: invalid type %v", a.Name, a.Type)
		}
		s.index[a.Name] = i
	}
	return s, nil
}

// Attrs returns the declared attributes in order.
func (s *Schema) Attrs() []Attr {
	if s == nil {
		return nil
	}
	return slices.Clone(s.attrs)
}

// list returns the declared attributes, not to be modified.
func (s *Schema) list() []Attr {
	if s == nil {
		return nil
	}
	return s.attrs
}

// Lookup returns the attribute called name and its position in the schema.
func (s *Schema) Lookup(name string) (Attr, int, bool) {
	if s == nil {
		return Attr{}, -1, false
	}
	i, ok := s.index[name]
	if !ok {
		return Attr{}, -1, false
	}
	return s.attrs[i], i, true
}

// Len returns the number of declared attributes.
func (s *Schema) Len() int {
	if s == nil {
		return 0
	}
	return len(s.attrs)
}

// Check reports the first problem of d's attributes against s: an attribute
// that is not declared, a value of the wrong Go type, or a required one that
// is missing. The error names the deal and the attribute.
func (s *Schema) Check(d *Deal) error {
	for k, v := range d.Attrs.All() {
		a, _, ok := s.Lookup(k)
		if !ok {
			return fmt.Errorf("deal %s: attrs.%s: attribute not declared in the strategy", d.ID, k)
		}
		if !a.Type.holds(v) {
			return fmt.Errorf("deal %s: attrs.%s: want %s, got %T", d.ID, k, article(a.Type.String()), v)
		}
	}
	if s != nil {
		for i, a := range s.attrs {
			if _, ok := d.Attrs.Slot(s, i); a.Required && !ok {
				return fmt.Errorf("deal %s: attrs.%s: required attribute is missing", d.ID, a.Name)
			}
		}
	}
	return nil
}

// ParseValue parses the text form of a value of type t, as it appears in a
// CSV column: decimals in plain notation ([money.ParseDecimal]: at most
// [money.MaxDigits] digits, no exponent), integers in base 10 (an int64),
// booleans as true or false, dates as YYYY-MM-DD, lists as items
// separated by ';'. Strings must be valid UTF-8. Errors quote the text cut
// to about 40 characters ([money.Quote]).
func (t AttrType) ParseValue(text string) (any, error) {
	switch t {
	case String:
		if !utf8.ValidString(text) {
			return nil, fmt.Errorf("%s is not valid UTF-8", money.Quote(text))
		}
		return text, nil
	case Decimal:
		d, err := money.ParseDecimal(text)
		if err != nil {
			return nil, err
		}
		return d, nil
	case Integer:
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				return nil, fmt.Errorf("%s is not an integer (too large)", money.Quote(text))
			}
			return nil, fmt.Errorf("%s is not an integer", money.Quote(text))
		}
		return n, nil
	case Boolean:
		switch text {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, fmt.Errorf("%s is not a boolean (want true or false)", money.Quote(text))
	case DateType:
		return parseDate(text)
	case StringList:
		if !utf8.ValidString(text) {
			return nil, fmt.Errorf("%s is not valid UTF-8", money.Quote(text))
		}
		if text == "" {
			return []string{}, nil
		}
		return strings.Split(text, ";"), nil
	}
	return nil, fmt.Errorf("invalid attribute type %v", t)
}

// Zero returns the zero value of type t.
func (t AttrType) Zero() any {
	switch t {
	case String:
		return ""
	case Decimal:
		return decimal.Decimal{}
	case Integer:
		return int64(0)
	case Boolean:
		return false
	case DateType:
		return calendar.Date{}
	case StringList:
		return []string(nil)
	}
	return nil
}

func (t AttrType) holds(v any) bool {
	switch v.(type) {
	case string:
		return t == String
	case decimal.Decimal:
		return t == Decimal
	case int64:
		return t == Integer
	case bool:
		return t == Boolean
	case calendar.Date:
		return t == DateType
	case []string:
		return t == StringList
	}
	return false
}

// article puts "a" or "an" before a type name.
func article(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

// plain writes d in plain notation with its scale: 1234.50, -3, 5000.
func plain(d decimal.Decimal) string {
	return d.StringFixed(max(-d.Exponent(), 0))
}
