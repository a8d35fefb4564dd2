package strategy

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/diag"
)

// TestOrgManagerNeverInForce: a manager, undated or set by a change, who
// is in no team on any day until the next change of the manager would
// never manage (a change making a manager of someone who has left): an
// error at the field, saying why. A manager in a team on some day of the
// span, or with no assignments at all, is not one.
func TestOrgManagerNeverInForce(t *testing.T) {
	o := Organisation{
		Teams: []Team{{ID: "a"}, {ID: "b", Manager: "joe", Changes: []TeamChange{
			{From: day("2026-02-01"), Manager: new("omar")},
			{From: day("2026-03-01"), Parent: new("a")},
			{From: day("2026-04-01"), Manager: new("ana")},
			{From: day("2026-05-01"), Manager: new("paula")},
			{From: day("2026-06-01"), Manager: new("ben")},
		}}},
		Members: []Member{
			{ID: "joe", Assignments: []Assignment{{Team: "a", From: day("2026-03-01")}}},
			{ID: "omar", Assignments: []Assignment{{Team: "a", To: day("2025-12-31")}, {Team: "a", From: day("2026-01-01"), To: day("2026-01-31")}}},
			{ID: "ana", Assignments: []Assignment{{Team: "b", From: day("2026-04-30")}}},
			{ID: "paula"},
			{ID: "ben", Assignments: []Assignment{{Team: "a", From: day("2025-01-01"), To: day("2025-06-30")}, {Team: "a", From: day("2027-01-01")}}},
		},
	}
	_, err := NewOrg(o)
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("error %v, want a list", err)
	}
	var got []string
	for _, p := range list {
		got = append(got, p.Path+": "+p.Message)
	}
	tail := ": a manager is in force on the days they are in a team, so team b would have no manager (and nobody its roll-up credit)"
	want := []string{
		"teams[1].changes[0].manager: omar manages team b from 2026-02-01 to 2026-03-31, but left on 2026-01-31" + tail,
		"teams[1].manager: joe manages team b before 2026-02-01, but joins on 2026-03-01" + tail,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestOrgManyChanges: a team with 100,000 dated changes (its parent
// flipping daily) is checked in linear time; finding a team's state on
// a day was a scan of its changes, and checking the dated cycles asked
// it for each change (40,000 changes took 40 s).
func TestOrgManyChanges(t *testing.T) {
	const n = 100_000
	ch := make([]TeamChange, n)
	start := day("1800-01-01")
	for i := range ch {
		p := "a"
		if i%2 == 1 {
			p = "c"
		}
		ch[i] = TeamChange{From: start.AddDays(i), Parent: new(p)}
	}
	o := Organisation{Teams: []Team{{ID: "a"}, {ID: "c"}, {ID: "b", Parent: "a", Changes: ch}}}
	began := time.Now()
	g, err := NewOrg(o)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); took > 10*time.Second {
		t.Errorf("NewOrg took %v for %d changes", took, n)
	}
	for _, i := range []int{0, 1, n / 2, n - 1} {
		want := []string{"b", "a"}
		if i%2 == 1 {
			want[1] = "c"
		}
		if got := g.TeamPath("b", start.AddDays(i)); !cmp.Equal(got, want) {
			t.Errorf("TeamPath(b, day %d) = %v, want %v", i, got, want)
		}
	}
}
