package strategy

//go:generate go run ../internal/docgen -o schema_docs.go

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/money"
	"github.com/salesplan/salesplan/targets"
	"github.com/shopspring/decimal"
)

// SchemaURI is the JSON Schema dialect of [Schema]: draft 2020-12.
const SchemaURI = "https://json-schema.org/draft/2020-12/schema"

// Schema returns the JSON Schema (draft 2020-12) of a strategy document,
// as indented JSON. It is generated from the Go types that [Parse]
// decodes into ([Document] and the sections it holds), so it cannot drift
// from the parser: every key the parser knows is a property, with the doc
// comment of its Go field as its description, and no other key is allowed
// (additionalProperties is false everywhere, as unknown keys are errors).
// The closed sets of values (table modes, credit kinds, roundings,
// horizons…) are enums, and dates and decimals have their patterns.
//
// Editors that check YAML against a schema read it from a first line
//
//	# yaml-language-server: $schema=strategy.schema.json
//
// and then complete and check the keys as they are typed (salesplan
// schema prints it). The schema checks the shape of a document; what
// needs the whole document (that an id is defined, that shares add up) is
// left to [Parse]. It is a little stricter than the parser in two ways: a
// key given with no value, which the parser reads as the zero value, is
// refused, and so is a quoted number where a whole number is wanted.
//
// The result is the caller's to keep; Schema is safe for concurrent use.
func Schema() []byte { return bytes.Clone(schemaJSON()) }

var schemaJSON = sync.OnceValue(func() []byte {
	b, err := jsonSchema(reflect.TypeFor[Document]())
	if err != nil {
		// Only a field of a kind the parser cannot decode gets here, and
		// TestSchemaKinds fails on it first; say so in the schema.
		return fmt.Appendf(nil, "{\"$comment\": %q}\n", err.Error())
	}
	return b
})

// shapeKind is how a Go type is written in a document, as the parser
// (internal/yamldoc) decodes it.
type shapeKind int

const (
	shapeObject  shapeKind = iota // a struct: a mapping of known keys
	shapeDict                     // a map with string keys: any keys
	shapeArray                    // a slice: a list
	shapeString                   // a string: any scalar, as text
	shapeBool                     // true or false
	shapeInt                      // a whole number
	shapeDecimal                  // decimal.Decimal: a number, or a string of one
	shapeDate                     // calendar.Date: YYYY-MM-DD
	shapeText                     // another encoding.TextUnmarshaler: a scalar
	shapeMonth                    // time.Month: 1 to 12, or a name
	shapeWeekday                  // time.Weekday: 0 to 6, or a name
	shapeAny                      // interface{}: any value
)

// shape is the form of a Go type in a document.
type shape struct {
	kind   shapeKind
	typ    reflect.Type
	fields []*shapeField // shapeObject, in struct order (inline structs flattened)
	elem   *shape        // shapeDict, shapeArray
}

// shapeField is a key of an object.
type shapeField struct {
	key   string
	owner reflect.Type // the struct that declares the field
	name  string       // the Go field name
	shape *shape
}

// docKey is the key of the field's doc comment in schemaDocs, and of its
// entries in the tables below: commission.PlanDef.Horizon.
func (f *shapeField) docKey() string { return typeKey(f.owner) + "." + f.name }

// field returns the field of key, or nil.
func (s *shape) field(key string) *shapeField {
	for _, f := range s.fields {
		if f.key == key {
			return f
		}
	}
	return nil
}

var (
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	decimalType     = reflect.TypeFor[decimal.Decimal]()
	dateType        = reflect.TypeFor[calendar.Date]()
	monthType       = reflect.TypeFor[time.Month]()
	weekdayType     = reflect.TypeFor[time.Weekday]()
)

const modulePrefix = "github.com/salesplan/salesplan/"

// typeKey names a type as schemaDocs and the schema's $defs do: the
// package's folder in the module and the type name (commission.PlanDef).
func typeKey(t reflect.Type) string {
	return strings.TrimPrefix(t.PkgPath(), modulePrefix) + "." + t.Name()
}

// documentShape is the shape of a Document, made once.
var documentShape = sync.OnceValues(func() (*shape, error) {
	return shapeOf(reflect.TypeFor[Document](), map[reflect.Type]*shape{})
})

// shapeOf returns the shape of t, following the rules of the parser's
// decoder; seen holds the struct shapes made so far, so that a recursive
// type is walked once.
func shapeOf(t reflect.Type, seen map[reflect.Type]*shape) (*shape, error) {
	if s, ok := seen[t]; ok {
		return s, nil
	}
	switch {
	case t == monthType:
		return &shape{kind: shapeMonth, typ: t}, nil
	case t == weekdayType:
		return &shape{kind: shapeWeekday, typ: t}, nil
	case t == decimalType:
		return &shape{kind: shapeDecimal, typ: t}, nil
	case t == dateType:
		return &shape{kind: shapeDate, typ: t}, nil
	case t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(textUnmarshaler):
		return &shape{kind: shapeText, typ: t}, nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		return shapeOf(t.Elem(), seen)
	case reflect.Struct:
		s := &shape{kind: shapeObject, typ: t}
		seen[t] = s
		if err := addFields(s, t, seen); err != nil {
			return nil, err
		}
		return s, nil
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, fmt.Errorf("strategy: schema: the parser cannot decode %v (a map without string keys)", t)
		}
		elem, err := shapeOf(t.Elem(), seen)
		if err != nil {
			return nil, err
		}
		return &shape{kind: shapeDict, typ: t, elem: elem}, nil
	case reflect.Slice:
		elem, err := shapeOf(t.Elem(), seen)
		if err != nil {
			return nil, err
		}
		return &shape{kind: shapeArray, typ: t, elem: elem}, nil
	case reflect.String:
		return &shape{kind: shapeString, typ: t}, nil
	case reflect.Bool:
		return &shape{kind: shapeBool, typ: t}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return &shape{kind: shapeInt, typ: t}, nil
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return &shape{kind: shapeAny, typ: t}, nil
		}
	}
	return nil, fmt.Errorf("strategy: schema: the parser cannot decode %v", t)
}

// addFields adds the decoded fields of struct t to s: those with a yaml
// tag, inline structs flattened, as the parser's decoder reads them.
func addFields(s *shape, t reflect.Type, seen map[reflect.Type]*shape) error {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup("yaml")
		if !ok || tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if slices.Contains(strings.Split(opts, ","), "inline") && f.Type.Kind() == reflect.Struct {
			if err := addFields(s, f.Type, seen); err != nil {
				return err
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		fs, err := shapeOf(f.Type, seen)
		if err != nil {
			return fmt.Errorf("%w (field %s.%s)", err, typeKey(t), f.Name)
		}
		s.fields = append(s.fields, &shapeField{key: name, owner: t, name: f.Name, shape: fs})
	}
	return nil
}

// typeEnums lists the values of the document's named types that take a
// closed set of values and are not strings with a constant for each
// value: those are found by go generate, in schemaConsts. The empty
// string, meaning the default, is left out.
var typeEnums = map[reflect.Type][]string{
	reflect.TypeFor[calendar.Kind]():  {calendar.Year.String(), calendar.Half.String(), calendar.Quarter.String(), calendar.Month.String()},
	reflect.TypeFor[money.Rounding](): roundingNames(),
}

// enumOf returns the closed set of values of named type t, or nil.
func enumOf(t reflect.Type) []string {
	if e, ok := typeEnums[t]; ok {
		return e
	}
	if t.Kind() == reflect.String && t.Name() != "" {
		return schemaConsts[typeKey(t)]
	}
	return nil
}

// fieldEnums lists the closed sets of values of fields that are plain
// strings (or whose type allows more than the field does), by the field's
// doc key.
var fieldEnums = map[string][]string{
	"strategy.Attribute.Type":            {"string", "decimal", "integer", "boolean", "date", "[string]"},
	"commission.PlanDef.Rounding":        roundingNames(),
	"commission.PlanDef.Horizon":         {"period", "year"},
	"commission.PlanDef.Terms":           {commission.TermsAsWritten, commission.TermsYearly},
	"commission.PlanDef.Proration":       {"days", "none"},
	"commission.PlanDef.ZeroQuota":       {"error", "zero"},
	"commission.PlanDef.NegativeBalance": {commission.CarryNegative, commission.PayNegative},
	"commission.ReleaseDef.On":           {commission.OnBooking, commission.OnInvoice, commission.OnCash},
	"commission.PoolDef.Include":         {commission.PoolTree, commission.PoolMembers},
	"targets.Allocation.By":              {"even", "weights"},
	"targets.Quota.Of":                   {targets.ManagedTeam},
	"targets.Seasonality.Period":         {calendar.Half.String(), calendar.Quarter.String(), calendar.Month.String()},
}

// idPattern is the rule every id of a document follows (diag's CheckID).
const idPattern = `^[A-Za-z0-9][A-Za-z0-9_.\-]*$`

// fieldPatterns gives the form of string fields that have one, by doc key.
var fieldPatterns = map[string]string{
	"strategy.Document.Currency":  `^[A-Z]{3}$`,
	"commission.PlanDef.Currency": `^[A-Z]{3}$`,
	"strategy.Channel.ID":         idPattern,
	"strategy.Territory.ID":       idPattern,
	"strategy.Role.ID":            idPattern,
	"strategy.Team.ID":            idPattern,
	"strategy.Member.ID":          idPattern,
	"commission.OverlayDef.ID":    idPattern,
	"commission.PlanDef.ID":       idPattern,
	"commission.ComponentDef.ID":  idPattern,
	"targets.Quota.Owner":         `^(member|role|team|territory|channel):.+$`,
	"targets.Quota.Period":        `^FY[0-9]{4}(-(H[12]|Q[1-4]|M(0[1-9]|1[0-2])))?$`,

	// a team pool's rule of distribution
	"commission.PoolDef.Distribute": `^(equal|target_incentive|measure\.[A-Za-z_][A-Za-z0-9_]*)$`,
}

// requiredFields lists the keys a document must give, by doc key: those
// whose absence the validation reports as missing.
var requiredFields = []string{
	"strategy.Document.Version", "strategy.Document.Name", "strategy.Document.Currency",
	"strategy.Attribute.Name", "strategy.Attribute.Type",
	"strategy.Channel.ID", "strategy.Channel.Kind",
	"strategy.Territory.ID", "strategy.Role.ID", "strategy.Team.ID", "strategy.Member.ID",
	"strategy.Assignment.Team", "strategy.TeamChange.From",
	"targets.Seasonality.ID", "targets.Seasonality.Period", "targets.Seasonality.Weights",
	"targets.Ramp.ID", "targets.Ramp.Shares",
	"targets.Quota.Owner", "targets.Quota.Measure", "targets.Quota.Period",
	"process.PolicyDef.ID", "process.PolicyDef.Require", "process.PolicyDef.Message",
	"process.ProcessDef.ID", "process.ProcessDef.Stages", "process.StageDef.ID",
	"commission.MeasureDef.ID", "commission.TableDef.ID", "commission.TableDef.Mode",
	"commission.TableRow.Bands", "commission.OverlayDef.ID", "commission.ReassignDef.ID",
	"commission.PlanDef.ID", "commission.ComponentDef.ID",
	"commission.ReleaseDef.On", "commission.ReleaseDef.Share",
	"commission.ClawbackDef.Days",
}

// Schemas of the scalar types, in $defs.
var scalarDefs = map[shapeKind]jsonObject{
	shapeDecimal: {
		{"description", "A decimal number, exact: 1200000, 0.08, -250.5. Write it as a number, or as a string of one (\"0.1\", \"1e6\")."},
		{"type", []string{"number", "string"}},
		{"pattern", `^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`},
	},
	shapeDate: {
		{"description", "A calendar date, YYYY-MM-DD: 2026-02-01."},
		{"type", "string"},
		{"pattern", `^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`},
	},
	shapeMonth: {
		{"description", "A month: its number, 1 to 12, or its English name (February, Feb)."},
		{"anyOf", []jsonObject{
			{{"type", "integer"}, {"minimum", 1}, {"maximum", 12}},
			{{"type", "string"}, {"enum", names(12, func(i int) string { return time.Month(i + 1).String() })}},
		}},
	},
	shapeWeekday: {
		{"description", "A day of the week: its number, 0 (Sunday) to 6 (Saturday), or its English name (Saturday, Sat)."},
		{"anyOf", []jsonObject{
			{{"type", "integer"}, {"minimum", 0}, {"maximum", 6}},
			{{"type", "string"}, {"enum", names(7, func(i int) string { return time.Weekday(i).String() })}},
		}},
	},
}

var scalarDefNames = map[shapeKind]string{shapeDecimal: "decimal", shapeDate: "date", shapeMonth: "month", shapeWeekday: "weekday"}

// names returns the n names of a month or a weekday, in full and cut to
// three letters, capitalised and in lower case, as the parser accepts
// them.
func names(n int, name func(int) string) []string {
	var out []string
	for _, lower := range []bool{false, true} {
		for _, short := range []bool{false, true} {
			for i := range n {
				s := name(i)
				if short {
					s = s[:3]
				}
				if lower {
					s = strings.ToLower(s)
				}
				out = append(out, s)
			}
		}
	}
	return out
}

// jsonObject is a JSON object that keeps the order of its members.
type jsonObject []jsonMember

type jsonMember struct {
	key   string
	value any
}

// MarshalJSON implements json.Marshaler.
func (o jsonObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := encodeJSON(&b, m.key); err != nil {
			return nil, err
		}
		b.WriteByte(':')
		if err := encodeJSON(&b, m.value); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func encodeJSON(b *bytes.Buffer, v any) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // the newline Encode adds
	return nil
}

// schemaBuilder makes the schema of a document from its shape.
type schemaBuilder struct {
	defs     map[string]jsonObject
	order    []string // of defs, as first used
	required map[string]bool
}

// jsonSchema returns the JSON Schema of documents of type t.
func jsonSchema(t reflect.Type) ([]byte, error) {
	root, err := shapeOf(t, map[reflect.Type]*shape{})
	if err != nil {
		return nil, err
	}
	sb := &schemaBuilder{defs: map[string]jsonObject{}, required: map[string]bool{}}
	for _, k := range requiredFields {
		sb.required[k] = true
	}
	body := sb.object(root)
	doc := jsonObject{
		{"$schema", SchemaURI},
		{"title", "salesplan strategy document, version " + fmt.Sprint(Version)},
		{"description", typeDoc(t)},
	}
	doc = append(doc, body...)
	defs := make(jsonObject, 0, len(sb.order))
	for _, name := range sb.order {
		defs = append(defs, jsonMember{name, sb.defs[name]})
	}
	doc = append(doc, jsonMember{"$defs", defs})
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// typeDoc returns the doc comment of named type t, or "".
func typeDoc(t reflect.Type) string { return schemaDocs[typeKey(t)] }

// object returns the members of the schema of an object shape, without
// its description.
func (sb *schemaBuilder) object(s *shape) jsonObject {
	props := make(jsonObject, 0, len(s.fields))
	var required []string
	for _, f := range s.fields {
		props = append(props, jsonMember{f.key, sb.field(f)})
		if sb.required[f.docKey()] {
			required = append(required, f.key)
		}
	}
	o := jsonObject{{"type", "object"}, {"properties", props}}
	if len(required) > 0 {
		o = append(o, jsonMember{"required", required})
	}
	return append(o, jsonMember{"additionalProperties", false})
}

// ref returns a reference to the definition of s, making it the first
// time.
func (sb *schemaBuilder) ref(s *shape) jsonObject {
	name := scalarDefNames[s.kind]
	if s.kind == shapeObject {
		name = typeKey(s.typ)
	}
	if _, ok := sb.defs[name]; !ok {
		sb.order = append(sb.order, name)
		if s.kind != shapeObject {
			sb.defs[name] = scalarDefs[s.kind]
		} else {
			sb.defs[name] = nil // being made: a recursive type refers to it
			def := jsonObject{}
			if d := typeDoc(s.typ); d != "" {
				def = append(def, jsonMember{"description", d})
			}
			sb.defs[name] = append(def, sb.object(s)...)
		}
	}
	return jsonObject{{"$ref", "#/$defs/" + name}}
}

// field returns the schema of a field: its value's, with the field's
// doc as description and its closed set of values or pattern.
func (sb *schemaBuilder) field(f *shapeField) jsonObject {
	key := f.docKey()
	desc := fieldDoc(f)
	if t := f.shape.typ; desc == "" && f.shape.kind != shapeObject && t.Name() != "" && strings.HasPrefix(t.PkgPath(), modulePrefix) {
		desc = typeDoc(t) // Mode is how a rate table turns a value into an amount.
	}
	var o jsonObject
	switch enum, pattern := sb.enum(f), fieldPatterns[key]; {
	case enum != nil:
		o = jsonObject{{"type", "string"}, {"enum", enum}}
		if vd := valuesDoc(f, enum); vd != "" {
			desc = strings.TrimSpace(desc + "\n\n" + vd)
		}
	case pattern == idPattern:
		// An id may be written as a number: team: 2027.
		o = jsonObject{{"type", []string{"string", "integer"}}, {"pattern", pattern}, {"minimum", 0}}
	case pattern != "":
		o = jsonObject{{"type", "string"}, {"pattern", pattern}}
	default:
		o = sb.value(f.shape)
		if s := f.shape; s.kind == shapeArray && enumOf(s.elem.typ) != nil {
			if vd := valuesDoc(f, enumOf(s.elem.typ)); vd != "" {
				desc = strings.TrimSpace(desc + "\n\n" + vd)
			}
		}
	}
	if desc != "" {
		o = append(o, jsonMember{"description", desc})
	}
	return o
}

// enum returns the closed set of values of f, or nil.
func (sb *schemaBuilder) enum(f *shapeField) []string {
	if e, ok := fieldEnums[f.docKey()]; ok {
		return e
	}
	if f.shape.kind == shapeString || f.shape.kind == shapeText {
		return enumOf(f.shape.typ)
	}
	return nil
}

// value returns the schema of a value of shape s.
func (sb *schemaBuilder) value(s *shape) jsonObject {
	switch s.kind {
	case shapeObject, shapeDecimal, shapeDate, shapeMonth, shapeWeekday:
		return sb.ref(s)
	case shapeDict:
		return jsonObject{{"type", "object"}, {"additionalProperties", sb.value(s.elem)}}
	case shapeArray:
		return jsonObject{{"type", "array"}, {"items", sb.value(s.elem)}}
	case shapeBool:
		return jsonObject{{"type", "boolean"}}
	case shapeInt:
		return jsonObject{{"type", "integer"}}
	case shapeAny:
		return jsonObject{}
	}
	if e := enumOf(s.typ); e != nil {
		return jsonObject{{"type", "string"}, {"enum", e}}
	}
	// A string field takes any scalar as its text: rate: 0.04 is the
	// expression "0.04", when: true the expression "true".
	return jsonObject{{"type", []string{"string", "number", "boolean"}}}
}

// fieldDoc returns the doc comment of f, its first word changed from the
// Go field name to the document's key.
func fieldDoc(f *shapeField) string {
	d := schemaDocs[f.docKey()]
	if rest, ok := strings.CutPrefix(d, f.name); ok && (rest == "" || rest[0] == ' ' || rest[0] == ',') {
		d = f.key + rest
	}
	return d
}

// valuesDoc describes each value of an enum that has a doc comment (a
// constant of the field's type), one a line.
func valuesDoc(f *shapeField, values []string) string {
	t := f.shape.typ
	if f.shape.kind == shapeArray {
		t = f.shape.elem.typ
	}
	if t.Name() == "" || t.PkgPath() == "" {
		return ""
	}
	var b strings.Builder
	for _, v := range values {
		d, ok := schemaDocs[typeKey(t)+"="+v]
		if !ok {
			continue
		}
		// Drop the constant's name: "Highest pays the whole base…",
		// "Direct is the deal owner's full credit…".
		if first, rest, ok := strings.Cut(d, " "); ok && first != "" && first[0] >= 'A' && first[0] <= 'Z' && !strings.ContainsAny(first, ".,:;") {
			d = strings.TrimPrefix(rest, "is ")
		}
		fmt.Fprintf(&b, "- %s: %s\n", v, d)
	}
	return strings.TrimSpace(b.String())
}

// roundingNames are the names of the rounding modes a document may give.
func roundingNames() []string {
	var out []string
	for _, r := range money.Roundings() {
		out = append(out, r.String())
	}
	return out
}
