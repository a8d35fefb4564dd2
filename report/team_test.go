package report

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/strategy"
	"github.com/shopspring/decimal"
)

// datedTeams is the strategy of strategy/testdata/dated-teams run on the
// deals of its plan test: omar manages amer until 14 February, bob from
// 15 February (omar moves up to sales); west, under amer, moves under
// emea on 1 March.
func datedTeams(t testing.TB) (*strategy.Strategy, *commission.Result, calendar.Period) {
	t.Helper()
	s, err := strategy.Load("../strategy/testdata/dated-teams/strategy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var deals []deal.Deal
	for _, d := range []struct{ id, date, amount, owner string }{
		{"A1", "2027-01-20", "10000", "ana"}, {"A2", "2027-02-14", "5000", "ana"}, {"A3", "2027-02-15", "8000", "ana"},
		{"W1", "2027-02-10", "4000", "wes"}, {"W2", "2027-02-28", "3000", "wes"}, {"W3", "2027-03-01", "6000", "wes"},
	} {
		deals = append(deals, deal.Deal{ID: d.id, Date: calendar.MustParseDate(d.date), Amount: decimal.RequireFromString(d.amount), Currency: "USD", Owner: d.owner})
	}
	res, err := s.Run("FY2027-Q1", deals)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Calendar().Parse("FY2027-Q1")
	if err != nil {
		t.Fatal(err)
	}
	return s, res, p
}

// TestTeamsIn: a team whose manager changed in the period is one team
// with both managers and their days; its members are everyone who was
// in it (or below it) on some day, those there part of the time with
// their days.
func TestTeamsIn(t *testing.T) {
	s, _, p := datedTeams(t)
	d := calendar.MustParseDate
	got := map[string]Team{}
	for _, tm := range TeamsIn(s, p.Start, p.End, true) {
		got[tm.ID] = tm
	}
	want := map[string]Team{
		"amer": {ID: "amer", Manager: "bob", Members: []string{"ana", "bob", "omar", "wes"},
			Managers: []Tenure{{"omar", d("2027-01-01"), d("2027-02-14")}, {"bob", d("2027-02-15"), d("2027-03-31")}},
			Part:     []Tenure{{"bob", d("2027-02-15"), d("2027-03-31")}, {"omar", d("2027-01-01"), d("2027-02-14")}, {"wes", d("2027-01-01"), d("2027-02-28")}}},
		"emea": {ID: "emea", Manager: "eve", Members: []string{"eve", "wes"},
			Managers: []Tenure{{"eve", d("2027-01-01"), d("2027-03-31")}},
			Part:     []Tenure{{"wes", d("2027-03-01"), d("2027-03-31")}}},
		"sales": {ID: "sales", Manager: "grace", Members: []string{"ana", "bob", "eve", "grace", "omar", "wes"},
			Managers: []Tenure{{"grace", d("2027-01-01"), d("2027-03-31")}},
			Part:     []Tenure{{"bob", d("2027-02-15"), d("2027-03-31")}}},
		"west": {ID: "west", Members: []string{"wes"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("teams (-want +got):\n%s", diff)
	}
	// only its own members: omar is in amer, then in sales
	for _, tm := range TeamsIn(s, p.Start, p.End, false) {
		if tm.ID == "sales" {
			if diff := cmp.Diff([]Tenure{{"omar", d("2027-02-15"), d("2027-03-31")}}, tm.Part); diff != "" {
				t.Errorf("sales' own members (-want +got):\n%s", diff)
			}
		}
	}
	if TeamsIn(s, p.End, p.Start, true) != nil {
		t.Error("teams over no days")
	}
}

// TestTeamPageManagerChange: amer's page names omar and bob with their
// days, lists both first, in order, and wes with the days west was under
// amer; on the index, omar's entry in sales (where he is at the end of
// the quarter) links to amer's page, as the heading of amer does.
func TestTeamPageManagerChange(t *testing.T) {
	page, index := managerChangePages(t)
	for _, want := range []string{
		`<p class="meta">Managed by omar (<span class="days">2027-01-01 to 2027-02-14</span>), then bob (<span class="days">2027-02-15 to 2027-03-31</span>)</p>`,
		`<tr class="member" data-payee="omar"><th scope="row"><a href="omar.html">omar</a><span class="kind">manager <span class="days">2027-01-01 to 2027-02-14</span></span></th>`,
		`<tr class="member" data-payee="bob"><th scope="row"><a href="bob.html">bob</a><span class="kind">manager <span class="days">2027-02-15 to 2027-03-31</span></span></th>`,
		`<tr class="member" data-payee="wes"><th scope="row"><a href="wes.html">wes</a><span class="kind">in the team <span class="days">2027-01-01 to 2027-02-28</span></span></th>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("amer's page has no\n%s\nin\n%s", want, page)
		}
	}
	if i, j := strings.Index(page, `data-payee="omar"`), strings.Index(page, `data-payee="bob"`); i < 0 || j < i || strings.Index(page, `data-payee="ana"`) < j {
		t.Error("the managers are not first, in the order they managed")
	}
	for _, want := range []string{
		`<h2><a href="team-amer.html">amer</a> <span class="meta">managed by omar (<span class="days">2027-01-01 to 2027-02-14</span>), then bob (<span class="days">2027-02-15 to 2027-03-31</span>)</span></h2>`,
		`<tr class="member" data-payee="omar"><th scope="row"><a href="omar.html">omar</a><span class="kind">in the team <span class="days">2027-02-15 to 2027-03-31</span></span><a class="team-page kind" href="team-amer.html">Team page of amer</a></th>`,
	} {
		if !strings.Contains(index, want) {
			t.Errorf("the index has no\n%s\nin\n%s", want, index)
		}
	}
}

// managerChangePages writes amer's team page and the index of the
// dated-teams quarter, as statement --all does.
func managerChangePages(t testing.TB) (page, index string) {
	s, res, p := datedTeams(t)
	names := NamesOf(s)
	var amer Team
	for _, tm := range TeamsIn(s, p.Start, p.End, true) {
		if tm.ID == "amer" {
			amer = tm
		}
	}
	var b bytes.Buffer
	if err := WriteTeam(&b, res, amer, IndexOptions{Names: names, Back: &Link{Text: "All statements", URL: "index.html"}}); err != nil {
		t.Fatal(err)
	}
	page = b.String()
	b.Reset()
	link := func(id string) string { return "team-" + id + ".html" }
	if err := WriteIndex(&b, res, TeamsIn(s, p.Start, p.End, false), IndexOptions{Names: names, TeamLink: link}); err != nil {
		t.Fatal(err)
	}
	return page, b.String()
}

// TestTeamPageNoDays: a team with one manager all period says no days.
func TestTeamPageNoDays(t *testing.T) {
	x := northwind(t)
	p, err := x.s.Calendar().Parse(examplePeriod)
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range TeamsIn(x.s, p.Start, p.End, true) {
		if len(tm.Managers) != 1 {
			continue
		}
		var b bytes.Buffer
		if err := WriteTeam(&b, x.res, tm, IndexOptions{Names: x.names}); err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`<p class="meta">(.*?)</p>`).FindStringSubmatch(b.String())
		if want := "Managed by " + x.names.Person(tm.Manager); m == nil || html.UnescapeString(m[1]) != want {
			t.Errorf("%s: %v, want %q", tm.ID, m, want)
		}
	}
}
