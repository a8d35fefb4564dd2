package strategy

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
)

// Summary counts what a strategy defines, for a one-line report.
type Summary struct {
	Channels    int `json:"channels"`
	Territories int `json:"territories"`
	Roles       int `json:"roles"`
	Teams       int `json:"teams"`
	Members     int `json:"members"`
	Attributes  int `json:"attributes"`
	Measures    int `json:"measures"`
	Plans       int `json:"plans"`
	Targets     int `json:"targets"`
	Processes   int `json:"processes"`
}

// String returns the counts as "4 channels, 5 territories, …".
func (s Summary) String() string {
	return fmt.Sprintf("%s, %s, %s, %s, %s, %s, %s, %s, %s, %s",
		plural(s.Channels, "channel"), plural(s.Territories, "territory"), plural(s.Roles, "role"),
		plural(s.Teams, "team"), plural(s.Members, "member"), plural(s.Attributes, "deal attribute"),
		plural(s.Targets, "target"), plural(s.Processes, "sales process"), plural(s.Measures, "measure"), plural(s.Plans, "plan"))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "s") {
		return fmt.Sprintf("%d %ses", n, word)
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, word[:len(word)-1])
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Summary returns the counts of what s defines.
func (s *Strategy) Summary() Summary {
	o := s.org.o
	return Summary{
		Channels:    len(o.Channels),
		Territories: len(o.Territories),
		Roles:       len(o.Roles),
		Teams:       len(o.Teams),
		Members:     len(o.Members),
		Attributes:  s.schema.Len(),
		Measures:    len(s.comm.MeasureIDs()),
		Plans:       len(s.comm.PlanIDs()),
		Targets:     s.targets,
		Processes:   s.processes,
	}
}

// Describe writes a readable account of s to w: its calendar and the
// periods of the fiscal year that contains at, its channels, the territory
// tree, and the team tree with each team's manager and members on at (the
// channels' teams, the territories' covering teams and the tree are those
// of that day; a team's changes are listed under it). The
// text is stable: the same strategy and date always give the same bytes.
func (s *Strategy) Describe(w io.Writer, at calendar.Date) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", s.name)
	fmt.Fprintf(&b, "%s\n", s.Summary())
	fmt.Fprintf(&b, "currency %s, lines rounded %s\n", s.currency, s.rounding)

	year := s.cal.Year(s.cal.PeriodOf(calendar.Year, at).FiscalYear)
	fmt.Fprintf(&b, "\ncalendar: fiscal year %s runs %s to %s\n", year.ID, year.Start, year.End)
	for _, q := range s.cal.Periods(year.FiscalYear, calendar.Quarter) {
		fmt.Fprintf(&b, "  %-10s %s to %s (%d days)\n", q.ID, q.Start, q.End, q.Days())
	}

	if s.schema.Len() > 0 {
		b.WriteString("\ndeal attributes:\n")
		for _, a := range s.schema.Attrs() {
			req := ""
			if a.Required {
				req = ", required"
			}
			fmt.Fprintf(&b, "  %s (%s%s)\n", a.Name, a.Type, req)
		}
	}

	b.WriteString("\nchannels:\n")
	for _, id := range s.org.ChannelIDs() {
		c, _ := s.org.Channel(id)
		fmt.Fprintf(&b, "  %-10s %s, %s; teams: %s\n", c.ID, orID(c.Name, c.ID), c.Kind, list(s.org.ChannelTeams(id, at)))
	}

	b.WriteString("\nterritories:\n")
	var walkTerr func(parent string, depth int)
	walkTerr = func(parent string, depth int) {
		for _, t := range s.org.o.Territories {
			if t.Parent == parent && s.org.territories[t.ID] >= 0 {
				fmt.Fprintf(&b, "  %s%s (%s); covered by: %s\n", strings.Repeat("  ", depth), t.ID, orID(t.Name, t.ID), list(s.org.CoveringTeams(t.ID, at)))
				if depth < len(s.org.o.Territories) {
					walkTerr(t.ID, depth+1)
				}
			}
		}
	}
	walkTerr("", 0)

	fmt.Fprintf(&b, "\nteams on %s:\n", at)
	kids := s.org.tree(at)
	var walkTeam func(id string, depth int)
	walkTeam = func(id string, depth int) {
		t, _ := s.org.Team(id)
		mgr, ok := s.org.ManagerOf(id, at)
		if !ok {
			mgr = "none"
		}
		ind := strings.Repeat("  ", depth)
		fmt.Fprintf(&b, "  %s%s (%s), manager %s\n", ind, t.ID, orID(t.Name, t.ID), mgr)
		for _, c := range t.Changes {
			fmt.Fprintf(&b, "  %s  change from %s: %s\n", ind, c.From, changeText(c))
		}
		for _, m := range s.org.Members(id, at, false) {
			role, _ := s.org.RoleOf(m, at)
			fmt.Fprintf(&b, "  %s  - %s (%s); managers: %s\n", ind, m, role, list(s.org.Managers(m, at)))
		}
		if depth < len(s.org.o.Teams) {
			for _, k := range inDocumentOrder(s.org, kids[id]) {
				walkTeam(k, depth+1)
			}
		}
	}
	for i, t := range s.org.o.Teams {
		if s.org.teams[t.ID] != i {
			continue
		}
		if p := s.org.state(i, at).parent; p == "" || s.org.stateOf(p, at) == nil {
			walkTeam(t.ID, 0)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// inDocumentOrder returns team ids in the order the document lists the
// teams.
func inDocumentOrder(g *Org, ids []string) []string {
	out := slices.Clone(ids)
	slices.SortFunc(out, func(a, b string) int { return cmp.Compare(g.teams[a], g.teams[b]) })
	return out
}

// changeText says what a team change sets: "manager bob, parent emea".
func changeText(c TeamChange) string {
	var set []string
	if c.Parent != nil {
		set = append(set, "parent "+orNone(*c.Parent))
	}
	if c.Manager != nil {
		set = append(set, "manager "+orNone(*c.Manager))
	}
	if c.Channels != nil {
		set = append(set, "channels "+list(*c.Channels))
	}
	if c.Territories != nil {
		set = append(set, "territories "+list(*c.Territories))
	}
	return strings.Join(set, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func orID(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

func list(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}
