package strategy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// schemaDocuments are the documents the schema tests check: every bundled
// example and the test document that gives every key.
func schemaDocuments(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../examples/*/strategy.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bundled examples found: %v", err)
	}
	return append(files, "testdata/every-key.yaml")
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("strategy.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("strategy.schema.json")
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return s
}

// yamlValue turns a YAML node into the JSON value an editor's YAML
// language server checks against the schema: numbers, booleans and null
// by their YAML 1.2 tags, every other scalar (a date among them) a string.
func yamlValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		return yamlValue(n.Content[0])
	case yaml.AliasNode:
		return yamlValue(n.Alias)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := yamlValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, err := yamlValue(c)
			if err != nil {
				return nil, err
			}
			s[i] = v
		}
		return s, nil
	}
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		return strconv.ParseBool(strings.ToLower(n.Value))
	case "!!int", "!!float":
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			return json.Number(strconv.FormatInt(i, 10)), nil
		}
		if _, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return json.Number(n.Value), nil
		}
	}
	return n.Value, nil
}

func parseYAMLNode(t *testing.T, src []byte) *yaml.Node {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal(src, &n); err != nil {
		t.Fatal(err)
	}
	return &n
}

func validateYAML(t *testing.T, s *jsonschema.Schema, src []byte) error {
	t.Helper()
	v, err := yamlValue(parseYAMLNode(t, src))
	if err != nil {
		t.Fatal(err)
	}
	return s.Validate(v)
}

// TestSchemaValidatesExamples checks every bundled example, which Parse
// accepts, against the schema.
func TestSchemaValidatesExamples(t *testing.T) {
	s := compileSchema(t)
	for _, file := range schemaDocuments(t) {
		t.Run(file, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Parse(file, src); err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if err := validateYAML(t, s, src); err != nil {
				t.Errorf("the schema refuses %s:\n%v", file, err)
			}
		})
	}
}

// TestSchemaRefusesUnknownKeys adds a key the parser does not know at a
// few places of a valid document: the parser and the schema both refuse
// it.
func TestSchemaRefusesUnknownKeys(t *testing.T) {
	s := compileSchema(t)
	src, err := os.ReadFile("testdata/every-key.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, old, new string }{
		{"top level", "currency: EUR\n", "currency: EUR\ncurency: EUR\n"},
		{"calendar", "  naming: start\n", "  naming: start\n  nameing: start\n"},
		{"member", "    name: Ana\n", "    name: Ana\n    nmae: Ana\n"},
		{"component", "          payroll_code: COMM\n", "          payroll_code: COMM\n          payrol_code: COMM\n"},
		{"flow mapping", "{from: 0, rate: 0.05}", "{from: 0, rate: 0.05, rat: 0.05}"},
		{"inline section", "  proration: days\n", "  proration: days\n  prorate: days\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !bytes.Contains(src, []byte(tc.old)) {
				t.Fatalf("the document has no %q", tc.old)
			}
			bad := bytes.Replace(src, []byte(tc.old), []byte(tc.new), 1)
			if _, err := Parse("bad.yaml", bad); !errors.Is(err, diag.UnknownKey) {
				t.Errorf("Parse: got %v, want an unknown-key error", err)
			}
			if err := validateYAML(t, s, bad); err == nil {
				t.Errorf("the schema accepts an unknown key")
			}
		})
	}
}

// TestSchemaKinds checks that every field of a Document is of a kind the
// schema knows: a new field of a kind the parser cannot decode fails here.
func TestSchemaKinds(t *testing.T) {
	if _, err := documentShape(); err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(Schema(), &v); err != nil {
		t.Fatalf("Schema is not JSON: %v", err)
	}
	if m, _ := v.(map[string]any); m["$comment"] != nil {
		t.Fatalf("Schema failed: %v", m["$comment"])
	}
}

// TestSchemaTablesNameFields checks that every field named by the tables
// of schema.go exists, so that a renamed field fails here.
func TestSchemaTablesNameFields(t *testing.T) {
	known := map[string]bool{}
	for _, f := range allFields(t) {
		known[f.docKey()] = true
	}
	var keys []string
	for k := range fieldEnums {
		keys = append(keys, k)
	}
	for k := range fieldPatterns {
		keys = append(keys, k)
	}
	keys = append(keys, requiredFields...)
	for _, k := range keys {
		if !known[k] {
			t.Errorf("schema.go names %s, which is no field of the document", k)
		}
	}
}

// allFields returns every field of the document's shape, each once.
func allFields(t *testing.T) []*shapeField {
	t.Helper()
	root, err := documentShape()
	if err != nil {
		t.Fatal(err)
	}
	var out []*shapeField
	seen := map[*shape]bool{}
	var walk func(s *shape)
	walk = func(s *shape) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		for _, f := range s.fields {
			out = append(out, f)
			walk(f.shape)
		}
		walk(s.elem)
	}
	walk(root)
	return out
}

// instance is a mapping of a document that decodes into a struct type.
type instance struct {
	node  *yaml.Node
	shape *shape
	path  string
}

// instances returns the mappings of the document node n that decode into
// structs, in document order, with their paths.
func instances(n *yaml.Node, s *shape, path string) []instance {
	if n.Kind == yaml.DocumentNode {
		return instances(n.Content[0], s, path)
	}
	var out []instance
	switch {
	case s.kind == shapeObject && n.Kind == yaml.MappingNode:
		out = append(out, instance{n, s, path})
		for i := 0; i+1 < len(n.Content); i += 2 {
			if f := s.field(n.Content[i].Value); f != nil {
				out = append(out, instances(n.Content[i+1], f.shape, joinPath(path, f.key))...)
			}
		}
	case s.kind == shapeArray && n.Kind == yaml.SequenceNode:
		for i, c := range n.Content {
			out = append(out, instances(c, s.elem, fmt.Sprintf("%s[%d]", path, i))...)
		}
	case s.kind == shapeDict && n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			out = append(out, instances(n.Content[i+1], s.elem, joinPath(path, n.Content[i].Value))...)
		}
	}
	return out
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// mutation is a document changed at one field.
type mutation struct {
	src  []byte
	path string // of the field
}

// mutate finds the first mapping of the test documents that decodes
// into f's struct and gives f (or, with add and none gives it, the first
// such mapping), and changes f's value there: to value, or deletes it
// when value is nil.
func mutate(t *testing.T, f *shapeField, value *yaml.Node, add bool) (mutation, bool) {
	t.Helper()
	root, err := documentShape()
	if err != nil {
		t.Fatal(err)
	}
	for _, adding := range []bool{false, true} {
		if adding && (!add || value == nil) {
			break
		}
		for _, file := range schemaDocuments(t) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			doc := parseYAMLNode(t, src)
			for _, in := range instances(doc, root, "") {
				if in.shape.field(f.key) != f {
					continue
				}
				k := -1
				for i := 0; i+1 < len(in.node.Content); i += 2 {
					if in.node.Content[i].Value == f.key {
						k = i
					}
				}
				switch {
				case k < 0 && !adding:
					continue
				case k < 0:
					in.node.Content = append(in.node.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f.key}, value)
				case value == nil:
					in.node.Content = slices.Delete(in.node.Content, k, k+2)
				default:
					in.node.Content[k+1] = value
				}
				out, err := yaml.Marshal(doc)
				if err != nil {
					t.Fatal(err)
				}
				return mutation{out, joinPath(in.path, f.key)}, true
			}
		}
	}
	return mutation{}, false
}

func scalar(v string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Style: yaml.DoubleQuotedStyle}
}

// problemsAt returns the problems Parse finds in src at path, inside it
// or at a value that holds it (a calendar is checked as a whole).
func problemsAt(src []byte, path string) []*diag.Problem {
	_, err := Parse("mutated.yaml", src)
	var list diag.List
	if !errors.As(err, &list) {
		if err != nil {
			return []*diag.Problem{{Message: err.Error()}}
		}
		return nil
	}
	var out []*diag.Problem
	for _, p := range list {
		if strings.HasPrefix(p.Path, path) || strings.HasPrefix(path, p.Path) {
			out = append(out, p)
		}
	}
	return out
}

func mentions(ps []*diag.Problem, s string) bool {
	return slices.ContainsFunc(ps, func(p *diag.Problem) bool { return strings.Contains(p.Message, s) })
}

// TestSchemaEnums checks each closed set of the schema against the
// validation: each of its values is accepted where the field stands in
// a test document, and a value outside it is refused, by Parse and by the
// schema.
func TestSchemaEnums(t *testing.T) {
	s := compileSchema(t)
	sb := &schemaBuilder{}
	for _, f := range allFields(t) {
		enum := sb.enum(f)
		list := false
		if f.shape.kind == shapeArray {
			enum, list = enumOf(f.shape.elem.typ), true
		}
		if enum == nil {
			continue
		}
		t.Run(f.docKey(), func(t *testing.T) {
			value := func(v string) *yaml.Node {
				if list {
					return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{scalar(v)}}
				}
				return scalar(v)
			}
			for _, v := range enum {
				m, ok := mutate(t, f, value(v), true)
				if !ok {
					t.Fatalf("no test document has a %s: add one to testdata/every-key.yaml", f.owner.Name())
				}
				if ps := problemsAt(m.src, m.path); mentions(ps, strconv.Quote(v)) {
					t.Errorf("%s: %s: Parse refuses a value of the schema: %v", m.path, v, ps)
				}
				if err := validateYAML(t, s, m.src); err != nil {
					t.Errorf("%s: %s: the schema refuses it: %v", m.path, v, err)
				}
			}
			m, _ := mutate(t, f, value("zzbogus"), true)
			if ps := problemsAt(m.src, m.path); !mentions(ps, "zzbogus") {
				t.Errorf("%s: Parse accepts zzbogus, which the schema refuses", m.path)
			}
			if err := validateYAML(t, s, m.src); err == nil {
				t.Errorf("%s: the schema accepts zzbogus", m.path)
			}
		})
	}
}

// TestSchemaRequired checks that each key the schema requires is one
// whose absence Parse reports.
func TestSchemaRequired(t *testing.T) {
	s := compileSchema(t)
	fields := map[string]*shapeField{}
	for _, f := range allFields(t) {
		fields[f.docKey()] = f
	}
	for _, key := range requiredFields {
		t.Run(key, func(t *testing.T) {
			f := fields[key]
			if f == nil {
				t.Fatalf("no field %s", key)
			}
			m, ok := mutate(t, f, nil, false)
			if !ok {
				t.Fatalf("no test document gives %s: add one to testdata/every-key.yaml", key)
			}
			if ps := problemsAt(m.src, m.path); len(ps) == 0 {
				t.Errorf("%s: Parse accepts a document without it", m.path)
			}
			if err := validateYAML(t, s, m.src); err == nil {
				t.Errorf("%s: the schema accepts a document without it", m.path)
			}
		})
	}
}

// TestSchemaPatterns checks the patterns of the schema against the
// validation: a value that breaks one is refused by Parse too.
func TestSchemaPatterns(t *testing.T) {
	s := compileSchema(t)
	for _, f := range allFields(t) {
		pattern, ok := fieldPatterns[f.docKey()]
		if !ok {
			continue
		}
		t.Run(f.docKey(), func(t *testing.T) {
			if pattern == idPattern {
				m, _ := mutate(t, f, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: "2027"}, true)
				if err := validateYAML(t, s, m.src); err != nil {
					t.Errorf("%s: the schema refuses the id 2027: %v", m.path, err)
				}
				m, _ = mutate(t, f, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: "-1"}, true)
				if err := validateYAML(t, s, m.src); err == nil {
					t.Errorf("%s: the schema accepts the id -1", m.path)
				}
			}
			for _, bad := range []string{"zz bogus!", "-zz"} {
				if regexp.MustCompile(pattern).MatchString(bad) {
					continue
				}
				m, ok := mutate(t, f, scalar(bad), true)
				if !ok {
					t.Fatalf("no test document has a %s: add one to testdata/every-key.yaml", f.owner.Name())
				}
				if ps := problemsAt(m.src, m.path); len(ps) == 0 {
					t.Errorf("%s: Parse accepts %q, which the schema refuses", m.path, bad)
				}
				if err := validateYAML(t, s, m.src); err == nil {
					t.Errorf("%s: the schema accepts %q", m.path, bad)
				}
			}
		})
	}
}

// TestSchemaScalarPatterns checks the patterns of decimals and dates
// against the parsers the document's decoder uses.
func TestSchemaScalarPatterns(t *testing.T) {
	for _, tc := range []struct {
		kind   shapeKind
		parse  func(string) error
		values []string
	}{
		{shapeDecimal, func(s string) error { _, err := decimal.NewFromString(s); return err },
			[]string{"0", "1", "-1", "+1", "0.08", ".5", "1.", "1e6", "1.5E-3", "-0.0", "", "abc", "1,000", "1_000", "0x10", " 1", "1e", "--1", "Infinity", "NaN"}},
		{shapeDate, func(s string) error { var d calendar.Date; return d.UnmarshalText([]byte(s)) },
			[]string{"2026-02-01", "2024-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "20260201", "2026-02-01T00:00:00Z", "0001-01-01"}},
	} {
		re := regexp.MustCompile(scalarDefs[tc.kind][2].value.(string))
		for _, v := range tc.values {
			if err := tc.parse(v); err == nil && !re.MatchString(v) {
				t.Errorf("%s %q: the parser accepts it, the schema's pattern does not", scalarDefNames[tc.kind], v)
			} else if err != nil && re.MatchString(v) && tc.kind == shapeDecimal {
				t.Errorf("%s %q: the schema's pattern accepts it, the parser does not: %v", scalarDefNames[tc.kind], v, err)
			}
		}
	}
}

// TestSchemaConcurrent calls Schema and Format from several goroutines:
// they share the document's shape, made once.
func TestSchemaConcurrent(t *testing.T) {
	src, err := os.ReadFile("testdata/every-key.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := Schema()
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			if !bytes.Equal(Schema(), want) {
				errs <- errors.New("Schema differs between calls")
				return
			}
			out, err := Format("every-key.yaml", src)
			if err == nil && !bytes.Equal(out, src) {
				err = errors.New("Format differs between calls")
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func ExampleSchema() {
	var schema struct {
		Defs map[string]struct {
			Properties map[string]struct{ Enum []string }
		} `json:"$defs"`
	}
	if err := json.Unmarshal(Schema(), &schema); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(schema.Defs["commission.ComponentDef"].Properties["per"].Enum)
	fmt.Println(schema.Defs["commission.PlanDef"].Properties["horizon"].Enum)
	// Output:
	// [credit period]
	// [period year]
}

// TestSchemaTestDocumentsReachEveryType checks that each struct type of
// the document appears in a test document, so that the tests above reach
// its fields: a new type needs a line in testdata/every-key.yaml.
func TestSchemaTestDocumentsReachEveryType(t *testing.T) {
	root, err := documentShape()
	if err != nil {
		t.Fatal(err)
	}
	found := map[*shape]bool{}
	for _, file := range schemaDocuments(t) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range instances(parseYAMLNode(t, src), root, "") {
			found[in.shape] = true
		}
	}
	seen := map[*shape]bool{}
	for _, f := range allFields(t) {
		s := f.shape
		if s.kind == shapeArray || s.kind == shapeDict {
			s = s.elem
		}
		if s.kind == shapeObject && !found[s] && !seen[s] {
			seen[s] = true
			t.Errorf("no test document has a %s (the %s key): add one to testdata/every-key.yaml", typeKey(s.typ), f.key)
		}
	}
}
