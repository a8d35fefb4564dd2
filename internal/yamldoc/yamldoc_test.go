package yamldoc

import (
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
