package strategy

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
)

func mustOrg(t *testing.T) *Org {
	t.Helper()
	s, err := Parse("t.yaml", []byte(org+`  - id: ben
    assignments: [{team: amer, from: 2026-03-15, to: 2026-04-10}]
`))
	if err != nil {
		t.Fatal(err)
	}
	return s.Org()
}

func day(s string) calendar.Date { return calendar.MustParseDate(s) }

func TestOrgQueries(t *testing.T) {
	g := mustOrg(t)
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"team of ana before the move", must(g.TeamOf("ana", day("2026-06-30"))), "amer"},
		{"team of ana after the move", must(g.TeamOf("ana", day("2026-07-01"))), "sales"},
		{"ana before joining", ok(g.TeamOf("ana", day("2025-12-31"))), false},
		{"unknown member", ok(g.TeamOf("zed", day("2026-01-01"))), false},
		{"role of ana", must(g.RoleOf("ana", day("2026-03-01"))), "ae"},
		{"managers of ana in amer", g.Managers("ana", day("2026-03-01")), []string{"omar", "grace"}},
		{"managers of ana in sales", g.Managers("ana", day("2026-07-01")), []string{"grace"}},
		{"managers of omar (manages himself)", g.Managers("omar", day("2026-03-01")), []string{"grace"}},
		{"managers of grace", g.Managers("grace", day("2026-03-01")), []string(nil)},
		{"managers before omar joined", g.Managers("ana", day("2025-12-31")), []string(nil)},
		{"members of amer", g.Members("amer", day("2026-04-01"), false), []string{"ana", "ben", "omar"}},
		{"members of amer after ben left", g.Members("amer", day("2026-04-11"), false), []string{"ana", "omar"}},
		{"members of sales and below", g.Members("sales", day("2026-04-01"), true), []string{"ana", "ben", "grace", "omar"}},
		{"members of sales only", g.Members("sales", day("2026-04-01"), false), []string{"grace"}},
		{"team tree", g.TeamTree("sales"), []string{"amer", "sales"}},
		{"sub-teams", g.SubTeams("sales"), []string{"amer"}},
		{"covering amer", g.CoveringTeams("amer"), []string{"amer", "sales"}},
		{"covering world", g.CoveringTeams("world"), []string{"amer", "sales"}},
		{"members covering amer", g.CoveringMembers("amer", day("2026-04-20")), []string{"ana", "grace", "omar"}},
		{"teams of direct", g.ChannelTeams("direct"), []string{"amer"}},
		{"stints of ana in FY2026-H2", g.Stints("ana", day("2026-06-01"), day("2026-12-31")), []Assignment{
			{Team: "amer", From: day("2026-06-01"), To: day("2026-06-30")},
			{Team: "sales", From: day("2026-07-01"), To: day("2026-12-31")},
		}},
		{"ids", g.MemberIDs(), []string{"ana", "ben", "grace", "omar"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func must[T any](v T, _ bool) T  { return v }
func ok[T any](_ T, b bool) bool { return b }

// TestOrgIsACopy checks that changing the Organisation after NewOrg does
// not change the Org.
// TestOrgInOrg checks who belongs to the organisation on a day, and the
// last and first days of a member who does not.
func TestOrgInOrg(t *testing.T) {
	s, err := Parse("t.yaml", []byte(org+`  - id: ben
    assignments:
      - {team: amer, from: 2026-03-15, to: 2026-04-10}
      - {team: amer, from: 2026-06-01, to: 2026-06-30}
  - id: paula
`))
	if err != nil {
		t.Fatal(err)
	}
	g := s.Org()
	type answer struct {
		In          bool
		Last, First string
	}
	str := func(d calendar.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.String()
	}
	tests := []struct {
		member, day string
		want        answer
	}{
		{"ana", "2026-03-01", answer{In: true}},
		{"ana", "2025-12-31", answer{First: "2026-01-01"}},
		{"ana", "2027-05-01", answer{In: true}}, // the last assignment is open
		{"ben", "2026-03-14", answer{First: "2026-03-15"}},
		{"ben", "2026-03-15", answer{In: true}},
		{"ben", "2026-04-10", answer{In: true}},
		{"ben", "2026-04-11", answer{Last: "2026-04-10", First: "2026-06-01"}}, // between two stints
		{"ben", "2026-07-01", answer{Last: "2026-06-30"}},
		{"grace", "1999-01-01", answer{In: true}}, // an assignment open at both ends
		{"paula", "2026-01-01", answer{In: true}}, // no assignments: always
		{"zed", "2026-01-01", answer{}},
	}
	for _, tt := range tests {
		in, last, first := g.InOrg(tt.member, day(tt.day))
		if got := (answer{in, str(last), str(first)}); got != tt.want {
			t.Errorf("InOrg(%s, %s) = %+v, want %+v", tt.member, tt.day, got, tt.want)
		}
	}
}

func TestOrgIsACopy(t *testing.T) {
	o := Organisation{
		Teams:   []Team{{ID: "a", Channels: []string{}}},
		Members: []Member{{ID: "m", Assignments: []Assignment{{Team: "a"}}}},
	}
	g, err := NewOrg(o)
	if err != nil {
		t.Fatal(err)
	}
	o.Members[0].Assignments[0].Team = "b"
	o.Teams[0].ID = "z"
	if got, _ := g.TeamOf("m", day("2026-01-01")); got != "a" {
		t.Errorf("TeamOf = %q after the input changed", got)
	}
}

// TestOrgConcurrent runs the queries from many goroutines; under -race it
// proves that an Org is safe for concurrent use.
func TestOrgConcurrent(t *testing.T) {
	g := mustOrg(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			d := day("2026-03-01").AddDays(i * 40)
			for range 100 {
				g.Managers("ana", d)
				g.Members("sales", d, true)
				g.CoveringMembers("amer", d)
			}
		})
	}
	wg.Wait()
}
