package diag

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSuggest(t *testing.T) {
	candidates := []string{"amount", "currency", "owner", "date", "a", "territory"}
	tests := []struct{ name, want string }{
		{"amout", "amount"},
		{"amonut", "amount"}, // a transposition is one edit
		{"curency", "currency"},
		{"ownr", "owner"},
		{"b", ""},      // one letter: no guess
		{"xyz", ""},    // nothing close
		{"amount", ""}, // the name itself is no suggestion
		{"teritory", "territory"},
		{"terirtoy", "territory"},
	}
	for _, tt := range tests {
		if got := Suggest(tt.name, candidates); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := DidYouMean("amout", candidates); got != "did you mean amount?" {
		t.Errorf("DidYouMean = %q", got)
	}
}

func TestListSortAndError(t *testing.T) {
	var l List
	l.Add("teams[10].id", DuplicateID, "b")
	l.Add("teams[2].id", DuplicateID, "a")
	p := l.Add("name", Missing, "missing name")
	p.Pos = Pos{File: "s.yaml", Line: 2, Col: 1}
	l.Add("teams[2].id", DuplicateID, "a") // an exact duplicate is dropped
	err := l.Err()
	want := "s.yaml:2:1: name: missing name\nteams[2].id: a\nteams[10].id: b"
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !errors.Is(err, DuplicateID) || !errors.Is(err, Missing) || errors.Is(err, Cycle) {
		t.Error("errors.Is does not match the codes")
	}
	var got List
	if !errors.As(fmt.Errorf("wrapped: %w", err), &got) || len(got) != 3 {
		t.Errorf("errors.As through a wrap: %v", got)
	}
	if (List{}).Err() != nil {
		t.Error("an empty list is not nil")
	}
}

func TestPrefix(t *testing.T) {
	l := List{{Path: "plans[0].id"}, {Path: ""}, {Path: "[3].x"}}
	l.Prefix("commission")
	var got []string
	for _, p := range l {
		got = append(got, p.Path)
	}
	if diff := cmp.Diff([]string{"commission.plans[0].id", "commission", "commission[3].x"}, got); diff != "" {
		t.Error(diff)
	}
}

func TestPosString(t *testing.T) {
	for _, tt := range []struct {
		p    Pos
		want string
	}{{Pos{"f", 1, 2}, "f:1:2"}, {Pos{"f", 1, 0}, "f:1"}, {Pos{"f", 0, 0}, "f"}, {Pos{"", 3, 4}, "3:4"}, {Pos{}, ""}} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.p, got, tt.want)
		}
	}
}
