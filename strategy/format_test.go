package strategy

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/internal/yamldoc"
	"github.com/shopspring/decimal"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files of testdata/format")

// formatDocuments are the documents the fmt tests run over: the bundled
// examples, the document with every key, and the inputs in testdata/format.
func formatDocuments(t *testing.T) []string {
	t.Helper()
	ins, err := filepath.Glob("testdata/format/*.in.yaml")
	if err != nil || len(ins) == 0 {
		t.Fatalf("no testdata/format/*.in.yaml: %v", err)
	}
	return append(schemaDocuments(t), ins...)
}

// decodeDocument decodes src as Parse does, without validating it.
func decodeDocument(t *testing.T, file string, src []byte) (Document, []string) {
	t.Helper()
	var doc Document
	_, list := yamldoc.Decode(file, src, &doc, yamldoc.Limits{})
	var problems []string
	for _, p := range list {
		problems = append(problems, p.Path+": "+string(p.Code)+": "+p.Message)
	}
	return doc, problems
}

// decimalEqual compares two decoded documents: decimals by value and
// exponent, and the unexported fields some section types carry.
var decimalEqual = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) && a.Exponent() == b.Exponent() }),
	cmp.Exporter(func(reflect.Type) bool { return true }),
}

// TestFormatKeepsMeaning formats each test document and checks that the
// result decodes to the same Document (and the same problems, for a
// document with some), that Parse accepts it when it accepts the source,
// and that formatting the result changes nothing.
func TestFormatKeepsMeaning(t *testing.T) {
	for _, file := range formatDocuments(t) {
		t.Run(file, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			out, err := Format(file, src)
			if err != nil {
				t.Fatalf("Format: %v", err)
			}
			before, bp := decodeDocument(t, file, src)
			after, ap := decodeDocument(t, file, out)
			if diff := cmp.Diff(before, after, decimalEqual); diff != "" {
				t.Errorf("the formatted document means something else (-before +after):\n%s", diff)
			}
			if diff := cmp.Diff(bp, ap); diff != "" {
				t.Errorf("the formatted document has other problems (-before +after):\n%s", diff)
			}
			if _, err := Parse(file, src); err == nil {
				if _, err := Parse(file, out); err != nil {
					t.Errorf("Parse refuses the formatted document: %v", err)
				}
			}
			again, err := Format(file, out)
			if err != nil {
				t.Fatalf("Format of the formatted document: %v", err)
			}
			if diff := cmp.Diff(string(out), string(again)); diff != "" {
				t.Errorf("formatting twice changes the document (-once +twice):\n%s", diff)
			}
		})
	}
}

// TestFormatExamplesAreCanonical checks that the bundled examples are in
// the layout salesplan fmt writes, so that they teach it.
func TestFormatExamplesAreCanonical(t *testing.T) {
	for _, file := range schemaDocuments(t) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		out, err := Format(file, src)
		if err != nil {
			t.Fatalf("Format: %v", err)
		}
		if diff := cmp.Diff(string(src), string(out)); diff != "" {
			t.Errorf("%s is not in the canonical layout: run salesplan fmt %s (-now +canonical):\n%s", file, file, diff)
		}
	}
}

// TestFormatGolden compares the layout of each testdata/format/NAME.in.yaml
// with NAME.golden.yaml; go test -update rewrites them.
func TestFormatGolden(t *testing.T) {
	ins, _ := filepath.Glob("testdata/format/*.in.yaml")
	for _, in := range ins {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			out, err := Format(in, src)
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(in, ".in.yaml") + ".golden.yaml"
			if *updateGolden {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./strategy -run TestFormatGolden -update writes it)", err)
			}
			if diff := cmp.Diff(string(want), string(out)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

// TestFormatLayouts checks the layout of small documents, one thing each.
func TestFormatLayouts(t *testing.T) {
	const head = "version: 1\nname: N\ncurrency: USD\n"
	for _, tc := range []struct{ name, in, want string }{
		{"already canonical", head, head},
		{"top-level order", "currency: USD\nname: N\nversion: 1\n", head},
		{"inline organisation between rounding and targets",
			"targets: {}\nroles: []\nrounding: half-up\n" + head,
			head + "rounding: half-up\nroles: []\ntargets: {}\n"},
		{"unknown keys last, in their order",
			"zeta: 1\nname: N\nalpha: 2\nversion: 1\ncurrency: USD\n",
			head + "zeta: 1\nalpha: 2\n"},
		{"four spaces become two, lists indented under their key",
			head + "roles:\n-   id: ae\n    name: AE\n",
			head + "roles:\n  - id: ae\n    name: AE\n"},
		{"flow mapping reordered, flow kept",
			head + "roles: [{name: AE, id: ae}]\n",
			head + "roles: [{id: ae, name: AE}]\n"},
		{"params keep their order",
			head + "commission:\n  plans:\n    - {params: {z: 1, a: 2}, id: p}\n",
			head + "commission:\n  plans:\n    - {id: p, params: {z: 1, a: 2}}\n"},
		{"team changes reordered, an empty parent and a null kept",
			head + "teams:\n  - changes:\n      - {manager: ~, parent: '', from: 2027-02-15}\n      - channels: []\n        from: 2027-03-01\n    id: t\n",
			head + "teams:\n  - id: t\n    changes:\n      - {from: 2027-02-15, parent: '', manager: ~}\n      - from: 2027-03-01\n        channels: []\n"},
		{"a flow list over lines becomes a block list",
			head + "roles: [\n  {id: a},\n  {id: b}]\n",
			head + "roles:\n  - {id: a}\n  - {id: b}\n"},
		{"a comment inside a flow mapping makes it a block",
			head + "calendar: {naming: end, # the default\n  start_month: 2}\n",
			"version: 1\nname: N\ncalendar:\n  start_month: 2\n  naming: end # the default\ncurrency: USD\n"},
		{"comments move with their keys",
			"# the name\nname: N # inline\nversion: 1\n\n# money\ncurrency: USD   # dollars\n",
			"version: 1\n# the name\nname: N # inline\n\n# money\ncurrency: USD   # dollars\n"},
		{"many blank lines become one",
			"version: 1\n\n\n\nname: N\ncurrency: USD\n",
			"version: 1\n\nname: N\ncurrency: USD\n"},
		{"no blank line before the first key of a block",
			head + "calendar:\n\n  naming: end\n",
			"version: 1\nname: N\ncalendar:\n  naming: end\ncurrency: USD\n"},
		{"a comment after the last key stays last",
			"currency: USD\nversion: 1\nname: N\n# the end\n",
			head + "# the end\n"},
		{"a comment below the document stays below, apart",
			"currency: USD\nversion: 1\nname: N\n\n# the end\n",
			head + "\n# the end\n"},
		{"a value left empty in a flow mapping makes it a block",
			head + "roles: [{id: a, name: }]\n",
			head + "roles:\n  - id: a\n    name:\n"},
		{"a comment above a flow item",
			head + "roles:\n # first\n  - {id: a}    # a\n",
			head + "roles:\n  # first\n  - {id: a}    # a\n"},
		{"quoting kept",
			"version: 1\nname: 'N'\ncurrency: \"USD\"\n",
			"version: 1\nname: 'N'\ncurrency: \"USD\"\n"},
		{"a plain scalar over lines is joined",
			"version: 1\nname: North\n  wind\ncurrency: USD\n",
			"version: 1\nname: \"North wind\"\ncurrency: USD\n"},
		{"a double-quoted scalar over lines is joined",
			"version: 1\nname: \"North\n  wind\"\ncurrency: USD\n",
			"version: 1\nname: \"North wind\"\ncurrency: USD\n"},
		{"literal block scalar re-indented, its own indentation kept",
			head + "commission:\n    measures:\n        -   id: m\n            value: |\n                credit.amount\n                  * 2\n",
			head + "commission:\n  measures:\n    - id: m\n      value: |\n        credit.amount\n          * 2\n"},
		{"folded, kept and stripped block scalars",
			head + "description: >-\n     a\n     b\n\n     c\n",
			"version: 1\nname: N\ndescription: >-\n  a\n  b\n\n  c\ncurrency: USD\n"},
		{"block scalar with kept trailing lines",
			"version: 1\nname: N\ndescription: |+\n  a\n\ncurrency: USD\n",
			"version: 1\nname: N\ndescription: |+\n  a\n\ncurrency: USD\n"},
		{"block scalar with an indentation indicator",
			"version: 1\nname: N\ndescription: |2\n     indented\n    text\ncurrency: USD\n",
			"version: 1\nname: N\ndescription: |2\n     indented\n    text\ncurrency: USD\n"},
		{"anchor moved after its alias swaps with it",
			head + "commission:\n  measures:\n    - id: &m bookings\ntargets:\n  quotas:\n    - measure: *m\n",
			head + "targets:\n  quotas:\n    - measure: &m bookings\ncommission:\n  measures:\n    - id: *m\n"},
		{"explicit tags kept",
			"version: 1\nname: !!str 2027\ncurrency: USD\n",
			"version: 1\nname: !!str 2027\ncurrency: USD\n"},
		{"empty values kept",
			"version: 1\nname: N\ndescription:\ncurrency: USD\n",
			"version: 1\nname: N\ndescription:\ncurrency: USD\n"},
		{"Windows line ends", "currency: USD\r\nversion: 1\r\nname: N\r\n", head},
		{"document markers dropped", "---\nversion: 1\nname: N\ncurrency: USD\n...\n", head},
		{"a comment above a list item's first key",
			head + "roles:\n  # the first\n  - id: a\n  - # the second\n    id: b\n",
			head + "roles:\n  # the first\n  - id: a\n  # the second\n  - id: b\n"},
		{"a comment below a block scalar goes at its indentation, as it is read",
			head + "commission:\n  plans:\n    - components:\n        - id: c\n          rate: |-\n            x\n      eligible: {}\n  # foot\n",
			head + "commission:\n  plans:\n    - eligible: {}\n      components:\n        - id: c\n          rate: |-\n            x\n          # foot\n"},
		{"a comment on a flow item that becomes a block goes above it",
			head + "roles:\n  - {id: a, # the id\n     name: A}\n",
			head + "roles:\n  - id: a # the id\n    name: A\n"},
		{"an unknown key moves last with the comment above it",
			"# top\nf its own: x\n# above version\nversion: 1\nname: N\ncurrency: USD\n",
			"# above version\nversion: 1\nname: N\ncurrency: USD\n# top\nf its own: x\n"},
		{"a comment below a block scalar at the end stays at the end",
			"version: 1\nname: N\ncurrency: USD\ndescription: |-\n  x\n# the end\n",
			"version: 1\nname: N\ndescription: |-\n  x\ncurrency: USD\n# the end\n"},
		{"a comment above an alias item is kept",
			head + "x: &a 1\ny:\n  # the alias\n  - *a\n",
			head + "x: &a 1\ny:\n  # the alias\n  - *a\n"},
		{"lists of lists",
			head + "x:\n- - a\n  - b\n- [c]\n",
			head + "x:\n  - - a\n    - b\n  - [c]\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Format("t.yaml", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestFormatErrors checks that a document that is not one YAML mapping
// is refused, with its position.
func TestFormatErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		code           diag.Code
	}{
		{"syntax", "version: 1\nname: [a,\n", "t.yaml:3: not valid YAML: did not find expected node content", diag.Syntax},
		{"bad indentation", "version: 1\n  name: N\n", "t.yaml:2: not valid YAML: mapping values are not allowed in this context", diag.Syntax},
		{"empty", "", "t.yaml: the document is empty", diag.Missing},
		{"only a comment", "# nothing\n", "t.yaml: the document is empty", diag.Missing},
		{"two documents", "version: 1\n---\nversion: 2\n", "t.yaml:2:1: a file holds one document; this one has another after ---", diag.Syntax},
		{"a list", "- a\n", "t.yaml:1:1: a strategy document is a mapping of keys to values", diag.WrongType},
		{"a scalar", "hello\n", "t.yaml:1:1: a strategy document is a mapping of keys to values", diag.WrongType},
		{"an alias inside its anchor", "version: 1\nname: &a [*a]\n", "t.yaml:2:11: alias *a refers to a value that holds it", diag.Unsupported},
		{"JSON", `{"version": 1, "name": "N"}`, "t.yaml:1:1: salesplan fmt formats YAML documents; this one is JSON (or one flow mapping)", diag.Unsupported},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Format("t.yaml", []byte(tc.in))
			if err == nil {
				t.Fatalf("no error; got\n%s", out)
			}
			if err.Error() != tc.want {
				t.Errorf("got  %s\nwant %s", err, tc.want)
			}
			if !errors.Is(err, tc.code) {
				t.Errorf("error %v is not %s", err, tc.code)
			}
			var list diag.List
			if !errors.As(err, &list) {
				t.Errorf("error %T is not a diag.List", err)
			}
		})
	}
}

// FuzzFormat checks that Format never panics, and that what it returns
// decodes as its input does and is a fixed point.
func FuzzFormat(f *testing.F) {
	files, _ := filepath.Glob("testdata/format/*.in.yaml")
	files = append(files, "testdata/every-key.yaml", "../examples/northwind/strategy.yaml")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("version: 1\nname: &a x\nx: *a\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		out, err := Format("f.yaml", src)
		if err != nil {
			return
		}
		before, bp := decodeDocument(t, "f.yaml", src)
		after, ap := decodeDocument(t, "f.yaml", out)
		if len(bp) == 0 {
			if diff := cmp.Diff(before, after, decimalEqual); diff != "" {
				t.Fatalf("meaning changed (-before +after):\n%s\nin:\n%s\nout:\n%s", diff, src, out)
			}
		}
		if len(bp) != len(ap) {
			t.Fatalf("problems changed: %v then %v\nin:\n%s\nout:\n%s", bp, ap, src, out)
		}
		again, err := Format("f.yaml", out)
		if err != nil {
			t.Fatalf("the formatted document is refused: %v\n%s", err, out)
		}
		if string(again) != string(out) {
			t.Fatalf("not a fixed point:\nonce:\n%s\ntwice:\n%s", out, again)
		}
	})
}

func ExampleFormat() {
	src := []byte(`name: Acme FY2027
currency: USD   # paid in dollars
version: 1
roles:
- {name: Account executive, id: ae}
`)
	out, err := Format("strategy.yaml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// version: 1
	// name: Acme FY2027
	// currency: USD   # paid in dollars
	// roles:
	//   - {id: ae, name: Account executive}
}
