package strategy

import (
	"strings"
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
		{"team tree", g.TeamTree("sales", day("2026-04-01")), []string{"amer", "sales"}},
		{"sub-teams", g.SubTeams("sales", day("2026-04-01")), []string{"amer"}},
		{"covering amer", g.CoveringTeams("amer", day("2026-04-01")), []string{"amer", "sales"}},
		{"covering world", g.CoveringTeams("world", day("2026-04-01")), []string{"amer", "sales"}},
		{"members covering amer", g.CoveringMembers("amer", day("2026-04-20")), []string{"ana", "grace", "omar"}},
		{"teams of direct", g.ChannelTeams("direct", day("2026-04-01")), []string{"amer"}},
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
	s, err := Parse("t.yaml", []byte(datedOrg))
	if err != nil {
		t.Fatal(err)
	}
	dated := s.Org()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			d := day("2026-03-01").AddDays(i * 40)
			dd := day("2027-01-01").AddDays(i * 20)
			for range 100 {
				g.Managers("ana", d)
				g.Members("sales", d, true)
				g.CoveringMembers("amer", d)
				dated.Managers("ana", dd)
				dated.Members("sales", dd, true)
				dated.ChannelTeams("partner", dd)
				dated.TeamAt("amer", dd)
			}
		})
	}
	wg.Wait()
}

// datedOrg is an organisation whose team amer changes twice in FY2027's
// first quarter: bob takes over from omar on 15 February, and on 1 March
// amer moves from under sales to under emea and sells through partners
// instead of direct; on 1 April it becomes a root, and from 1 May it has
// no manager (a null in a change is the empty value).
const datedOrg = header + `channels:
  - {id: direct, kind: direct}
  - {id: partner, kind: indirect}
territories:
  - {id: world}
  - {id: amer, parent: world}
  - {id: emea, parent: world}
teams:
  - {id: sales, manager: grace, territories: [world]}
  - id: amer
    parent: sales
    manager: omar
    channels: [direct]
    changes:
      - {from: 2027-02-15, manager: bob}
      - {from: 2027-03-01, parent: emea, channels: [partner]}
      - {from: 2027-04-01, parent: ''}
      - {from: 2027-05-01, manager: ~}
  - {id: emea, parent: sales, manager: eve, territories: [emea]}
members:
  - {id: grace, assignments: [{team: sales}]}
  - {id: omar, assignments: [{team: amer, to: 2027-02-14}, {team: sales, from: 2027-02-15}]}
  - {id: bob, assignments: [{team: amer, from: 2027-01-01}]}
  - {id: eve, assignments: [{team: emea}]}
  - {id: ana, assignments: [{team: amer}]}
`

// TestOrgDatedTeams checks every question about teams before and after
// each change of datedOrg.
func TestOrgDatedTeams(t *testing.T) {
	s, err := Parse("t.yaml", []byte(datedOrg))
	if err != nil {
		t.Fatal(err)
	}
	g := s.Org()
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"manager before the change", must(g.ManagerOf("amer", day("2027-02-14"))), "omar"},
		{"manager on the change", must(g.ManagerOf("amer", day("2027-02-15"))), "bob"},
		{"no manager from May", ok(g.ManagerOf("amer", day("2027-05-01"))), false},
		{"managers of ana, omar's last day", g.Managers("ana", day("2027-02-14")), []string{"omar", "grace"}},
		{"managers of ana, bob's first day", g.Managers("ana", day("2027-02-15")), []string{"bob", "grace"}},
		// from 1 March amer is under emea, itself under sales
		{"managers of ana under emea", g.Managers("ana", day("2027-03-01")), []string{"bob", "eve", "grace"}},
		{"managers of ana, amer a root", g.Managers("ana", day("2027-04-01")), []string{"bob"}},
		{"managers of ana, amer without a manager", g.Managers("ana", day("2027-05-01")), []string(nil)},
		{"managers of bob before his day", g.Managers("bob", day("2027-02-14")), []string{"omar", "grace"}},
		{"managers of bob (manages himself)", g.Managers("bob", day("2027-02-15")), []string{"grace"}},
		{"path under sales", g.TeamPath("amer", day("2027-02-28")), []string{"amer", "sales"}},
		{"path under emea", g.TeamPath("amer", day("2027-03-01")), []string{"amer", "emea", "sales"}},
		{"path as a root", g.TeamPath("amer", day("2027-04-01")), []string{"amer"}},
		{"path of an unknown team", g.TeamPath("zed", day("2027-04-01")), []string(nil)},
		{"sub-teams of sales in February", g.SubTeams("sales", day("2027-02-28")), []string{"amer", "emea"}},
		{"sub-teams of sales in March", g.SubTeams("sales", day("2027-03-01")), []string{"emea"}},
		{"sub-teams of emea in March", g.SubTeams("emea", day("2027-03-01")), []string{"amer"}},
		{"tree of emea in February", g.TeamTree("emea", day("2027-02-28")), []string{"emea"}},
		{"tree of emea in March", g.TeamTree("emea", day("2027-03-01")), []string{"amer", "emea"}},
		{"tree of sales in April", g.TeamTree("sales", day("2027-04-01")), []string{"emea", "sales"}},
		{"members of emea and below in February", g.Members("emea", day("2027-02-28"), true), []string{"eve"}},
		{"members of emea and below in March", g.Members("emea", day("2027-03-01"), true), []string{"ana", "bob", "eve"}},
		{"direct teams in February", g.ChannelTeams("direct", day("2027-02-28")), []string{"amer"}},
		{"direct teams in March", g.ChannelTeams("direct", day("2027-03-01")), []string(nil)},
		{"partner teams in March", g.ChannelTeams("partner", day("2027-03-01")), []string{"amer"}},
		// amer covers no territory of its own: what sales covers (world)
		// under sales, what emea covers (emea) under emea, nothing as a root
		{"covering amer in February", g.CoveringTeams("amer", day("2027-02-28")), []string{"amer", "sales"}},
		{"covering amer in March", g.CoveringTeams("amer", day("2027-03-01")), []string{"sales"}},
		{"covering emea in March", g.CoveringTeams("emea", day("2027-03-01")), []string{"amer", "emea", "sales"}},
		{"covering emea in April", g.CoveringTeams("emea", day("2027-04-01")), []string{"emea", "sales"}},
		{"members covering amer in March", g.CoveringMembers("amer", day("2027-03-01")), []string{"grace", "omar"}},
		{"amer before any change", must(g.TeamAt("amer", day("2027-01-01"))),
			Team{ID: "amer", Parent: "sales", Manager: "omar", Channels: []string{"direct"}}},
		{"amer in March", must(g.TeamAt("amer", day("2027-03-01"))),
			Team{ID: "amer", Parent: "emea", Manager: "bob", Channels: []string{"partner"}}},
		{"amer in May", must(g.TeamAt("amer", day("2027-05-01"))), Team{ID: "amer", Channels: []string{"partner"}}},
		{"unknown team at", ok(g.TeamAt("zed", day("2027-05-01"))), false},
		{"change dates in the quarter", g.TeamChangeDates(day("2027-01-01"), day("2027-03-31")), []calendar.Date{day("2027-02-15"), day("2027-03-01")}},
		{"change dates on one day", g.TeamChangeDates(day("2027-03-01"), day("2027-03-01")), []calendar.Date{day("2027-03-01")}},
		{"no change dates", g.TeamChangeDates(day("2027-06-01"), day("2027-12-31")), []calendar.Date(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestOrgDatedTeamsCopy checks that the changes of a team built in Go are
// copied: changing them after NewOrg, or changing what Team and
// Organisation return, does not change the Org.
func TestOrgDatedTeamsCopy(t *testing.T) {
	chans := []string{"d"}
	o := Organisation{
		Channels: []Channel{{ID: "d", Kind: Direct}, {ID: "e", Kind: Direct}},
		Teams: []Team{{ID: "a"}, {ID: "b", Manager: "m", Changes: []TeamChange{
			{From: day("2027-02-01"), Manager: new("n"), Parent: new("a"), Channels: &chans},
		}}},
		Members: []Member{{ID: "m"}, {ID: "n"}},
	}
	g, err := NewOrg(o)
	if err != nil {
		t.Fatal(err)
	}
	*o.Teams[1].Changes[0].Manager = "m"
	*o.Teams[1].Changes[0].Parent = ""
	chans[0] = "e"
	tm, _ := g.Team("b")
	*tm.Changes[0].Manager = "m"
	(*g.Organisation().Teams[1].Changes[0].Channels)[0] = "e"
	want := Team{ID: "b", Parent: "a", Manager: "n", Channels: []string{"d"}}
	if got, _ := g.TeamAt("b", day("2027-02-01")); !cmp.Equal(got, want) {
		t.Errorf("TeamAt = %+v, want %+v", got, want)
	}
	if tm, _ := g.Team("b"); *tm.Changes[0].Manager != "n" || (*tm.Changes[0].Channels)[0] != "d" {
		t.Errorf("Team(b) shares its changes with the caller: %+v", tm.Changes[0])
	}
}

// TestDescribeDatedTeams checks the team tree Describe writes on a day
// after amer moved under emea: amer is listed under emea, with its
// changes, and the managers of its members are those of that day.
func TestDescribeDatedTeams(t *testing.T) {
	s, err := Parse("t.yaml", []byte(datedOrg))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := s.Describe(&b, day("2027-03-01")); err != nil {
		t.Fatal(err)
	}
	_, got, _ := strings.Cut(b.String(), "\nchannels:\n")
	want := `  direct     direct, direct; teams: none
  partner    partner, indirect; teams: amer

territories:
  world (world); covered by: sales
    amer (amer); covered by: sales
    emea (emea); covered by: amer, emea, sales

teams on 2027-03-01:
  sales (sales), manager grace
    - grace (); managers: none
    - omar (); managers: grace
    emea (emea), manager eve
      - eve (); managers: grace
      amer (amer), manager bob
        change from 2027-02-15: manager bob
        change from 2027-03-01: parent emea, channels partner
        change from 2027-04-01: parent none
        change from 2027-05-01: manager none
        - ana (); managers: bob, eve, grace
        - bob (); managers: eve, grace
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
