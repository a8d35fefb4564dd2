package yamldoc

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/diag"
)

type doc struct {
	Name  string            `yaml:"name"`
	Rules map[string]string `yaml:"rules"`
	List  []int             `yaml:"list"`
	Flag  bool              `yaml:"flag"`
	Any   any               `yaml:"any"`
}

// TestExprPos checks that a position inside a string value maps back to
// the document for plain, quoted and block scalars.
func TestExprPos(t *testing.T) {
	src := `name: plain value
rules:
  quoted: "a + b"
  block: |
    first line
      second line
`
	var d doc
	ix, list := Decode("d.yaml", []byte(src), &d, Limits{})
	if len(list) > 0 {
		t.Fatal(list)
	}
	tests := []struct {
		path      string
		line, col int
		want      string
	}{
		{"name", 1, 7, "d.yaml:1:13"},         // "value"
		{"rules.quoted", 1, 5, "d.yaml:3:16"}, // "b", after the quote
		{"rules.block", 1, 1, "d.yaml:5:5"},   // "first"
		{"rules.block", 2, 3, "d.yaml:6:7"},   // "second"
		{"rules.missing", 1, 1, "d.yaml:3:3"}, // the nearest ancestor
		{"nothing.here", 1, 1, "d.yaml:1:1"},  // the document
	}
	for _, tt := range tests {
		if got := ix.ExprPos(tt.path, tt.line, tt.col).String(); got != tt.want {
			t.Errorf("ExprPos(%s, %d, %d) = %s, want %s", tt.path, tt.line, tt.col, got, tt.want)
		}
	}
}

func TestLimits(t *testing.T) {
	var d doc
	_, list := Decode("d.yaml", []byte("name: x\n"), &d, Limits{MaxBytes: 3})
	if len(list) != 1 || list[0].Code != diag.TooLarge {
		t.Errorf("MaxBytes: %v", list)
	}
	deep := strings.Repeat("[", 100) + strings.Repeat("]", 100)
	_, list = Decode("d.yaml", []byte("any: "+deep+"\n"), &d, Limits{MaxDepth: 10})
	if len(list) == 0 || list[0].Code != diag.TooLarge {
		t.Errorf("MaxDepth: %v", list)
	}
}

func TestValues(t *testing.T) {
	var d doc
	_, list := Decode("d.yaml", []byte("list: [1, x, 3]\nflag: yes\nany: {a: [true, 1.5, null]}\n"), &d, Limits{})
	var got []string
	for _, p := range list {
		got = append(got, p.Error())
	}
	want := []string{
		`d.yaml:1:11: list[1]: want a whole number, got "x"`,
		`d.yaml:2:7: flag: want true or false, got "yes"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"a": []any{true, "1.5", nil}}, d.Any); diff != "" {
		t.Errorf("any (-want +got):\n%s", diff)
	}
}

func TestNotAPointer(t *testing.T) {
	_, list := Decode("d.yaml", []byte("name: x\n"), doc{}, Limits{})
	if len(list) != 1 {
		t.Errorf("Decode into a non-pointer: %v", list)
	}
}

// billionLaughs returns the alias bomb of issue 14: ten levels of nine
// aliases, a billion values from half a kilobyte.
func billionLaughs() string {
	var b strings.Builder
	b.WriteString("any:\n  a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "  a%d: &a%d [", i, i)
		for j := range 9 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

// TestAliasBomb is the regression test of issue 14: the billion laughs
// took 2.1 s and 400 MB to refuse; now they are refused before decoding.
func TestAliasBomb(t *testing.T) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	before := ms.TotalAlloc
	var d doc
	_, list := Decode("d.yaml", []byte(billionLaughs()), &d, Limits{})
	runtime.ReadMemStats(&ms)
	want := "d.yaml:7:12: alias *a4 takes the document past 100000 values repeated by aliases (an alias bomb?)"
	if len(list) != 1 || list[0].Error() != want || list[0].Code != diag.TooLarge {
		t.Errorf("got %v, want %s", list, want)
	}
	// memory is checked, not time (the benchmarks measure time)
	if ms.TotalAlloc-before > 10<<20 {
		t.Errorf("refusing the bomb took %d bytes", ms.TotalAlloc-before)
	}
}

func TestAliases(t *testing.T) {
	tests := []struct {
		name, src string
		limits    Limits
		want      string
	}{
		{"reuse", "any:\n  a: &t [1, 2, 3]\n  b: *t\n  c: *t\n", Limits{}, ""},
		{"a few too many", "any:\n  a: &t [1, 2, 3]\n  b: *t\n  c: *t\n", Limits{MaxAliasNodes: 6}, "d.yaml:4:6: alias *t takes the document past 6 values repeated by aliases (an alias bomb?)"},
		{"too many values", "any:\n  a: &t [1, 2, 3]\n  b: *t\n  c: *t\n", Limits{MaxNodes: 13}, "d.yaml:3:6: the document has more than 13 values (counting each use of an alias)"},
		{"itself", "any: &a [1, *a]\n", Limits{}, "d.yaml:1:13: alias *a refers to a value that holds it"},
		{"itself, deeper", "any: &a {x: [1, {y: *a}]}\n", Limits{}, "d.yaml:1:21: alias *a refers to a value that holds it"},
		{"unknown", "any: *nothing\n", Limits{}, "d.yaml:1:6: not valid YAML: unknown anchor 'nothing' referenced"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			_, list := Decode("d.yaml", []byte(tt.src), &d, tt.limits)
			if got := list.Error(); got != tt.want && !(tt.want == "" && len(list) == 0) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestManyValues: a document of millions of tiny values within the size
// limit is refused on its text, before the YAML parser builds millions
// of nodes (4.9 GB for 16 million).
func TestManyValues(t *testing.T) {
	const msg = "the document has too many values: more than 10 commas, colons, dashes and brackets"
	tests := []struct{ name, src, want string }{
		{"flow", "any: [" + strings.Repeat("1,", 20) + "1]\n", "d.yaml:1:24: " + msg},
		{"block", "any:\n" + strings.Repeat("- 1\n", 20), "d.yaml:11:1: " + msg},
		{"mapping", "any:\n" + strings.Repeat("k: 1\n", 20), "d.yaml:11:2: " + msg},
		{"within", "any: [" + strings.Repeat("1,", 5) + "1]\n", ""},
		// Quoted strings and comments count too: skipping them, a count
		// could be fooled ("#" in a string, a quote in plain text).
		{"quoted", `any: "` + strings.Repeat(",", 11) + `"` + "\n", "d.yaml:1:16: " + msg},
		{"comment", "# " + strings.Repeat("- ", 11) + "\nany: 1\n", "d.yaml:1:23: " + msg},
		{"a hash in a string", `any: [" #", ` + strings.Repeat("1, ", 10) + "1]\n", "d.yaml:1:35: " + msg},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			_, list := Decode("d.yaml", []byte(tt.src), &d, Limits{MaxNodes: 10})
			if got := list.Error(); got != tt.want && !(tt.want == "" && len(list) == 0) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	src := []byte("any: [" + strings.Repeat("1,", 16<<20-10) + "1]\n") // 32 MiB
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	before := ms.TotalAlloc
	var d doc
	_, list := Decode("d.yaml", src, &d, Limits{})
	runtime.ReadMemStats(&ms)
	if want := "d.yaml:1:2000004: the document has too many values: more than 1000000 commas, colons, dashes and brackets"; list.Error() != want {
		t.Errorf("got %v, want %s", list, want)
	}
	// refused on the text, before a parser builds millions of nodes
	if got := ms.TotalAlloc - before; got > 256<<20 {
		t.Errorf("refusing 16 million values allocated %d bytes", got)
	}
}

// TestTruncated: a document cut short, JSON or YAML, is reported with a
// line (JSON ones were reported at no line, or at the wrong one).
func TestTruncated(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"json object", `{"name": "x", "list": [1, 2]`, "d.json:1:29: not valid JSON: the document ends early (is it cut short?)"},
		{"json list", `{"name": "x", "list": [1, 2`, "d.json:1:28: not valid JSON: the document ends early (is it cut short?)"},
		{"json string", `{"name": "x`, "d.json:1:12: not valid JSON: the document ends early (is it cut short?)"},
		{"json lines", "{\"name\": \"x\",\n \"flag\": true,\n", "d.json:3:1: not valid JSON: the document ends early (is it cut short?)"},
		{"json trailing", `{"name": "x"}}`, "d.json:1:14: not valid JSON: invalid character '}' after top-level value"},
		{"yaml flow", "name: [1, 2\n", "d.json:2: not valid YAML: did not find expected ',' or ']'"},
		{"yaml quote", `name: "abc`, "d.json:1:11: not valid YAML: found unexpected end of stream"},
		{"yaml flow mapping is not json", "{name: x, list: [1]}", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			_, list := Decode("d.json", []byte(tt.src), &d, Limits{})
			if got := list.Error(); got != tt.want && !(tt.want == "" && len(list) == 0) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestExpressionCutAtComma is the regression test of an unquoted comma in
// a flow mapping (rate: min(0.1, 0.2)), which gave "unknown key 0.2)" with
// the known keys as its only hint.
func TestExpressionCutAtComma(t *testing.T) {
	var d doc
	_, list := Decode("d.yaml", []byte("{name: min(1, 2)}\n"), &d, Limits{})
	want := `d.yaml:1:15: 2): unknown key 2) (this looks like the rest of an expression cut at a comma: in a {...} mapping a comma ends the value, so quote the expression (rate: "min(0.1, 0.2)") or write the mapping in block style)`
	if got := list.Error(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// a key that is merely misspelt keeps its did-you-mean
	_, list = Decode("d.yaml", []byte("{nme: x}\n"), &d, Limits{})
	if got := list.Error(); !strings.HasSuffix(got, "(did you mean name?)") {
		t.Errorf("got %s", got)
	}
}

// FuzzDecode checks that no document makes Decode panic or hang, and that
// every problem it reports has a line, within the limits.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"name: x\nrules: {a: b}\nlist: [1, 2]\nflag: true\nany: {a: [true, 1.5, null]}\n", billionLaughs(),
		"any: &a [1, *a]\n", `{"name": "x", "list": [1, 2`, "rules:\n  block: |\n    first\n      second\n", "<<: {a: 1}\n", "name: !custom x\n",
		"--- a\n--- b\n", "any: " + strings.Repeat("[", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var d doc
		_, list := Decode("f.yaml", []byte(src), &d, Limits{MaxNodes: 10000, MaxAliasNodes: 1000})
		for _, p := range list {
			if !p.Pos.IsValid() && p.Message != "the document is empty" {
				t.Errorf("a problem without a line: %v", p)
			}
		}
	})
}
