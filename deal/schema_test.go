package deal

import (
	"testing"

	"github.com/salesplan/salesplan/calendar"
	"github.com/shopspring/decimal"
)

func TestSchemaCheck(t *testing.T) {
	s, err := NewSchema(Attr{Name: "segment", Type: String, Required: true}, Attr{Name: "term", Type: Integer}, Attr{Name: "tags", Type: StringList},
		Attr{Name: "signed", Type: DateType}, Attr{Name: "vip", Type: Boolean}, Attr{Name: "disc", Type: Decimal})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		attrs Attrs
		want  string
	}{
		{"ok", AttrsOf(map[string]any{"segment": "smb", "term": int64(12), "tags": []string{"a"}, "signed": calendar.MustParseDate("2026-01-01"), "vip": true, "disc": decimal.RequireFromString("0.1")}), ""},
		{"undeclared", AttrsOf(map[string]any{"segment": "smb", "colour": "red"}), "deal D1: attrs.colour: attribute not declared in the strategy"},
		{"wrong type", AttrsOf(map[string]any{"segment": "smb", "term": 12.5}), "deal D1: attrs.term: want an integer, got float64"},
		{"required", AttrsOf(map[string]any{"term": int64(1)}), "deal D1: attrs.segment: required attribute is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Check(&Deal{ID: "D1", Attrs: tt.attrs})
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("Check = %q, want %q", got, tt.want)
			}
		})
	}
	for _, bad := range [][]Attr{{{Name: "Segment", Type: String}}, {{Name: "a", Type: String}, {Name: "a", Type: Integer}}, {{Name: "a", Type: AttrType(99)}}} {
		if _, err := NewSchema(bad...); err == nil {
			t.Errorf("NewSchema(%v) succeeded", bad)
		}
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct {
		typ  AttrType
		in   string
		want string // fmt of the value, or the error
	}{
		{Decimal, "0.125", "0.125"},
		{Decimal, "x", `"x" is not a decimal number (write 1234.56, without thousands separators)`},
		{Decimal, "1e999", `"1e999" is too large (more than 200 digits)`},
		{Integer, "007", "7"},
		{Integer, "99999999999999999999", `"99999999999999999999" is not an integer (too large)`},
		{Integer, "0x10", `"0x10" is not an integer`},
		{String, "a\xffb", `"a\xffb" is not valid UTF-8`},
		{Integer, "24", "24"},
		{Integer, "+24", "24"},
		{Integer, "2.5", `"2.5" is not an integer`},
		{Boolean, "true", "true"},
		{Boolean, "yes", `"yes" is not a boolean (want true or false)`},
		{DateType, "2026-02-29", `invalid date "2026-02-29": no such day`},
		{StringList, "a;b", "[a b]"},
		{StringList, "", "[]"},
		{String, "x y", "x y"},
	}
	for _, tt := range tests {
		v, err := tt.typ.ParseValue(tt.in)
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			switch x := v.(type) {
			case decimal.Decimal:
				got = x.String()
			default:
				got = fmtAny(x)
			}
		}
		if got != tt.want {
			t.Errorf("%v.ParseValue(%q) = %q, want %q", tt.typ, tt.in, got, tt.want)
		}
	}
	for _, ty := range []AttrType{String, Decimal, Integer, Boolean, DateType, StringList} {
		if ty.Zero() == nil {
			t.Errorf("%v.Zero() is nil", ty)
		}
		if p, err := ParseAttrType(map[AttrType]string{String: "string", Decimal: "decimal", Integer: "integer", Boolean: "boolean", DateType: "date", StringList: "[string]"}[ty]); err != nil || p != ty {
			t.Errorf("ParseAttrType round trip of %v: %v %v", ty, p, err)
		}
	}
}

func fmtAny(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return decimal.NewFromInt(x).String()
	case bool:
		if x {
			return "true"
		}
		return "false"
	case []string:
		s := "["
		for i, e := range x {
			if i > 0 {
				s += " "
			}
			s += e
		}
		return s + "]"
	}
	return "?"
}
