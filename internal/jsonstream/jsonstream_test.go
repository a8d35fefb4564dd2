package jsonstream

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

type elem struct {
	ID    string            `json:"id"`
	Tags  []string          `json:"tags"`
	Attrs map[string]string `json:"attrs,omitempty"`
	Next  *elem             `json:"next,omitempty"`
}

type doc struct {
	Period string   `json:"period"`
	Count  int      `json:"count"`
	Elems  []elem   `json:"elems"`
	Notes  []string `json:"notes"`
}

// TestAsMarshalIndent checks that an Object writes what MarshalIndent
// writes of the struct with the same fields: empty and long arrays,
// nested values, strings JSON escapes (<, &, quotes, control bytes,
// invalid UTF-8), an empty object.
func TestAsMarshalIndent(t *testing.T) {
	many := make([]elem, 50)
	for i := range many {
		many[i] = elem{ID: string(rune('a'+i%26)) + "<&>\"\x01\xff", Tags: []string{}, Attrs: map[string]string{"b": "2", "a": "1"}}
	}
	many[3].Next = &elem{ID: "nested", Tags: []string{"x", "y"}}
	for _, d := range []doc{
		{Period: "FY2026-Q1", Elems: []elem{}},
		{Period: "p", Count: 3, Elems: many, Notes: []string{"one", "<two>"}},
	} {
		want, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		o := New(&got)
		o.Field("period", d.Period)
		o.Field("count", d.Count)
		o.Array("elems", len(d.Elems), func(i int) any { return d.Elems[i] })
		o.Field("notes", d.Notes)
		if err := o.Close(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("got\n%s\nwant\n%s", got.Bytes(), want)
		}
	}
	var got bytes.Buffer
	if err := New(&got).Close(); err != nil || got.String() != "{}" {
		t.Errorf("empty object: %q, %v", got.String(), err)
	}
}

type failing struct{}

func (failing) MarshalJSON() ([]byte, error) { return nil, errors.New("no") }

// TestError checks that a value that cannot be marshalled is the error
// of Close.
func TestError(t *testing.T) {
	var b bytes.Buffer
	o := New(&b)
	o.Array("x", 2, func(int) any { return failing{} })
	if err := o.Close(); err == nil {
		t.Error("no error")
	}
}
