package deal

import (
	"strings"
	"testing"
)

// TestCheckIDs checks the duplicate ids CheckIDs reports: by path for
// deals built in Go, at the id's place for deals read from a file, each
// naming the first deal with the id; none for distinct or empty ids.
func TestCheckIDs(t *testing.T) {
	for _, tc := range []struct {
		name  string
		deals []Deal
		want  string
	}{
		{"distinct", []Deal{{ID: "A"}, {ID: "B"}}, ""},
		{"empty ids are the caller's", []Deal{{ID: ""}, {ID: ""}}, ""},
		{"in Go", []Deal{{ID: "A"}, {ID: "B"}, {ID: "A"}, {ID: "A"}},
			"deals[2].id: deal A: duplicate deal id (also deals[0])\ndeals[3].id: deal A: duplicate deal id (also deals[0])"},
	} {
		err := CheckIDs(tc.deals)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	deals, err := ReadCSV("deals.csv", strings.NewReader("id,date,amount,currency,owner\nA,2026-01-02,10,USD,ana\nB,2026-01-02,10,USD,ana\n  A,2026-01-03,10,USD,ana\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "deals.csv:4:1: deal A: duplicate deal id (also deals.csv:2)"
	if err := CheckIDs(deals); err == nil || err.Error() != want {
		t.Errorf("from a file: %v, want %s", err, want)
	}
}
