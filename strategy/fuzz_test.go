package strategy

import (
	"os"
	"testing"

	"github.com/salesplan/salesplan/calendar"
)

// FuzzParse feeds arbitrary documents to Parse: it must never panic, and it
// returns either a Strategy or an error, never both or neither.
func FuzzParse(f *testing.F) {
	f.Add([]byte(org))
	f.Add([]byte(header))
	f.Add([]byte(""))
	f.Add([]byte("{}"))
	f.Add([]byte(`{"version": 1, "name": "J", "currency": "USD", "teams": [{"id": "a"}]}`))
	f.Add([]byte(header + "teams:\n  - {id: a, parent: a}\n"))
	f.Add([]byte(header + "roles:\n  - &r {id: ae}\n  - *r\n"))
	f.Add([]byte(header + "calendar: {start_month: 7, pattern: 4-4-5, week_end: Saturday, year_end: nearest}\n"))
	f.Add([]byte("version: 1\nname: [unclosed\n"))
	f.Add([]byte(datedOrg))
	f.Add([]byte(header + "teams:\n  - {id: a}\n  - {id: b, parent: a, changes: [{from: 2027-02-01, parent: c}]}\n  - {id: c, parent: a, changes: [{from: 2027-02-01, parent: b}, {from: 2027-01-01, manager: ~}]}\n"))
	for _, file := range []string{"../examples/northwind/strategy.yaml", "../commission/testdata/pools/strategy.yaml"} {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := Parse("fuzz.yaml", src)
		if (s == nil) == (err == nil) {
			t.Fatalf("Parse returned %v and %v", s, err)
		}
		if err != nil && err.Error() == "" {
			t.Fatal("empty error text")
		}
		if s != nil {
			askTeams(s.Org())
		}
	})
}

// askTeams asks every dated question about every team on the day before
// the first change and on each change date: none may panic or hang.
func askTeams(g *Org) {
	dates := g.TeamChangeDates(calendar.Date{}, calendar.MustParseDate("9999-12-31"))
	dates = append(dates, calendar.Date{})
	for _, d := range dates {
		for _, id := range g.TeamIDs() {
			g.TeamPath(id, d)
			g.TeamTree(id, d)
			g.SubTeams(id, d)
			g.ManagerOf(id, d)
			g.TeamAt(id, d)
		}
		for _, id := range g.MemberIDs() {
			g.Managers(id, d)
		}
		for _, id := range g.TerritoryIDs() {
			g.CoveringTeams(id, d)
		}
		for _, id := range g.ChannelIDs() {
			g.ChannelTeams(id, d)
		}
	}
}
