package strategy

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/diag"
)

// ChannelKind says whether a channel sells through the company's own people
// (direct) or through others (indirect: partners, resellers, marketplaces).
type ChannelKind string

// The channel kinds.
const (
	Direct   ChannelKind = "direct"
	Indirect ChannelKind = "indirect"
)

// Channel is a route to market: direct field sales, inside sales, partners,
// online.
type Channel struct {
	ID   string      `yaml:"id" json:"id"`
	Name string      `yaml:"name" json:"name,omitempty"`
	Kind ChannelKind `yaml:"kind" json:"kind"`
	// Attrs are free attributes of the channel (a partner programme, a
	// region): per-credit and crediting rules read them as
	// channel.attrs.<name>, and the channel's kind as channel.kind.
	Attrs map[string]string `yaml:"attrs" json:"attrs,omitempty"`
}

// Territory is a sales territory; territories form a tree through Parent
// (a region holds its countries, say).
type Territory struct {
	ID     string `yaml:"id" json:"id"`
	Name   string `yaml:"name" json:"name,omitempty"`
	Parent string `yaml:"parent" json:"parent,omitempty"`
}

// Role is a job in the sales team: account executive, SDR, manager.
type Role struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name,omitempty"`
}

// Team is a group of members under a manager; teams form a tree through
// Parent. A team covers channels and territories; a sub-team with none of
// its own covers what its parent covers.
//
// Parent, Manager, Channels and Territories are effective-dated: the
// values given here are in force until the first of the team's Changes,
// and each change sets some of them from its date on.
//
//	teams:
//	  - id: amer
//	    parent: sales
//	    manager: omar
//	    changes:
//	      - {from: 2027-02-15, manager: bob}   # bob manages amer from Feb 15
//	      - {from: 2027-04-01, parent: ''}     # amer becomes a root
type Team struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name,omitempty"`
	// Parent is the team this one is part of; none makes it a root.
	Parent string `yaml:"parent" json:"parent,omitempty"`
	// Manager is the id of the member who manages the team. A manager is
	// in force on the days the manager has an assignment (to any team).
	Manager     string   `yaml:"manager" json:"manager,omitempty"`
	Channels    []string `yaml:"channels" json:"channels,omitempty"`
	Territories []string `yaml:"territories" json:"territories,omitempty"`
	// Changes change the team's parent, manager, channels or territories
	// from a date on, in date order, one a day at most. Each is in force
	// from its date until the next change; what a change does not give
	// stays as it was. Questions about the team at a date ([Org.TeamAt],
	// [Org.Managers], roll-up credit on a deal's date, team quotas on
	// each day of a period) get the values in force that day.
	Changes []TeamChange `yaml:"changes" json:"changes,omitempty"`
}

// TeamChange changes some of a team's dated fields from a date on. A
// field left out (nil) keeps its value; a field given sets it, the empty
// value included:
//
//	changes:
//	  - {from: 2027-04-01, parent: ''}     # a root from April
//	  - {from: 2027-05-01, manager: ''}    # no manager from May
//	  - {from: 2027-06-01, channels: []}   # its parent's channels from June
//
// In YAML, a null (parent: ~) is the empty value too. From Go, give a
// field with new: Manager: new("bob").
type TeamChange struct {
	// From is the first day the change is in force.
	From calendar.Date `yaml:"from" json:"from"`
	// Parent, when given, is the team's parent from From on.
	Parent *string `yaml:"parent" json:"parent,omitempty"`
	// Manager, when given, is the team's manager from From on.
	Manager *string `yaml:"manager" json:"manager,omitempty"`
	// Channels, when given, are the channels the team covers from From
	// on.
	Channels *[]string `yaml:"channels" json:"channels,omitempty"`
	// Territories, when given, are the territories the team covers from
	// From on.
	Territories *[]string `yaml:"territories" json:"territories,omitempty"`
}

// teamState is what a team is from a date until its next change.
type teamState struct {
	from                  calendar.Date
	parent, manager       string
	channels, territories []string
	// parentAt and managerAt are the indices of parent in the Org's
	// teams and of manager in its members, -1 for none (or an unknown
	// id), for the questions asked of every deal to walk the tree
	// without looking ids up
	parentAt, managerAt int
}

// Member is a person on the sales team.
type Member struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name,omitempty"`
	// Role is the member's role, unless an assignment says otherwise.
	Role string `yaml:"role" json:"role,omitempty"`
	// Assignments place the member in teams over time. They must not
	// overlap: a member is in at most one team on any day.
	Assignments []Assignment `yaml:"assignments" json:"assignments,omitempty"`
	// Terms are the member's compensation terms over time (OTE, base
	// salary, target incentive, currency), which plans read as
	// payee.ote, payee.base and payee.target_incentive; see
	// [commission.MemberTerms]. They must not overlap. A terms file given
	// to a run (commission.WithTerms) replaces every member's.
	Terms []commission.MemberTerms `yaml:"terms" json:"terms,omitempty"`
}

// Assignment places a member in a team from one date to another,
// inclusive. A zero From means since always; a zero To means until further
// notice.
type Assignment struct {
	Team string `yaml:"team" json:"team"`
	// Role, when set, is the member's role during this assignment (a
	// promotion from SDR to AE is a new assignment with a new role).
	Role string        `yaml:"role" json:"role,omitempty"`
	From calendar.Date `yaml:"from" json:"from,omitzero"`
	To   calendar.Date `yaml:"to" json:"to,omitzero"`
}

// covers reports whether the assignment is in force on d.
func (a Assignment) covers(d calendar.Date) bool {
	return (a.From.IsZero() || !d.Before(a.From)) && (a.To.IsZero() || !d.After(a.To))
}

// Organisation is the sales organisation as a document writes it: plain
// values, which [NewOrg] validates and indexes.
type Organisation struct {
	Channels    []Channel   `yaml:"channels" json:"channels,omitempty"`
	Territories []Territory `yaml:"territories" json:"territories,omitempty"`
	Roles       []Role      `yaml:"roles" json:"roles,omitempty"`
	Teams       []Team      `yaml:"teams" json:"teams,omitempty"`
	Members     []Member    `yaml:"members" json:"members,omitempty"`
}

// Org is a validated, indexed sales organisation that answers questions at
// a date: who is in which team, who manages whom, who covers a territory.
// An Org is immutable and safe for concurrent use. Every list it returns
// is sorted by id and is the caller's to keep.
type Org struct {
	o           Organisation
	channels    map[string]int
	territories map[string]int
	roles       map[string]int
	teams       map[string]int
	members     map[string]int
	// states holds, for each team of o.Teams, what it is from each of
	// its dates on: the undated fields first (from the zero date), then
	// one state a change.
	states [][]teamState
	// children maps a team id to its sub-team ids, sorted, when no
	// change moves a team (datedParents is false); otherwise the tree is
	// worked out at each date asked.
	children     map[string][]string
	datedParents bool
	// teamsOf holds, for each member of o.Members, the index in o.Teams
	// of the team of each of its assignments, -1 for an unknown team
	teamsOf [][]int
	// answerDates are AnswerDates'
	answerDates []calendar.Date
}

// indexIDs checks ids of one kind for emptiness, form and duplicates and
// returns the index of each id's first occurrence.
func indexIDs[T any](list *diag.List, kind, section string, items []T, id func(T) string) map[string]int {
	idx := make(map[string]int, len(items))
	for i, it := range items {
		path := fmt.Sprintf("%s[%d].id", section, i)
		v := id(it)
		list.CheckID(path, kind, v)
		if v == "" {
			continue
		}
		if j, dup := idx[v]; dup {
			list.Add(path, diag.DuplicateID, "duplicate %s id %q (first used by %s[%d])", kind, v, section, j)
			continue
		}
		idx[v] = i
	}
	return idx
}

// ref checks that id names something in idx, adding an unknown-ref problem
// with a did-you-mean hint otherwise. An empty id is fine unless required.
func ref(list *diag.List, path, kind, id string, idx map[string]int, required bool) {
	if id == "" {
		if required {
			list.Add(path, diag.Missing, "missing %s", kind)
		}
		return
	}
	if _, ok := idx[id]; !ok {
		p := list.Add(path, diag.UnknownRef, "unknown %s %q", kind, id)
		p.Hint = diag.DidYouMean(id, sortedKeys(idx))
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// NewOrg validates o and returns its index. The error, when there is one,
// is a [diag.List] of every problem, by path: duplicate or malformed ids,
// references to unknown channels, territories, roles, teams or members,
// cycles in the team and territory trees (the team tree on every date a
// team's parent changes), team changes without a date, out of date order
// or two on one day, assignments whose from is after their to, and a
// member in two teams on the same day. o is copied; later
// changes to it do not reach the Org.
func NewOrg(o Organisation) (*Org, error) {
	o = cloneOrganisation(o)
	var list diag.List
	g := &Org{o: o}
	g.channels = indexIDs(&list, "channel", "channels", o.Channels, func(c Channel) string { return c.ID })
	g.territories = indexIDs(&list, "territory", "territories", o.Territories, func(t Territory) string { return t.ID })
	g.roles = indexIDs(&list, "role", "roles", o.Roles, func(r Role) string { return r.ID })
	g.teams = indexIDs(&list, "team", "teams", o.Teams, func(t Team) string { return t.ID })
	g.members = indexIDs(&list, "member", "members", o.Members, func(m Member) string { return m.ID })

	for i, c := range o.Channels {
		switch c.Kind {
		case Direct, Indirect:
		case "":
			list.Add(fmt.Sprintf("channels[%d].kind", i), diag.Missing, "missing channel kind (direct or indirect)")
		default:
			p := list.Add(fmt.Sprintf("channels[%d].kind", i), diag.InvalidValue, "unknown channel kind %q: want direct or indirect", c.Kind)
			p.Hint = diag.DidYouMean(string(c.Kind), []string{"direct", "indirect"})
		}
	}
	for i, t := range o.Territories {
		ref(&list, fmt.Sprintf("territories[%d].parent", i), "parent territory", t.Parent, g.territories, false)
	}
	checkCycles(&list, "territories", "territory", o.Territories, g.territories, func(t Territory) (string, string) { return t.ID, t.Parent })
	for i, t := range o.Teams {
		path := fmt.Sprintf("teams[%d]", i)
		ref(&list, path+".parent", "parent team", t.Parent, g.teams, false)
		g.checkManager(&list, path+".manager", t.Manager)
		for j, c := range t.Channels {
			ref(&list, fmt.Sprintf("%s.channels[%d]", path, j), "channel", c, g.channels, true)
		}
		for j, tr := range t.Territories {
			ref(&list, fmt.Sprintf("%s.territories[%d]", path, j), "territory", tr, g.territories, true)
		}
		g.checkChanges(&list, path, t)
	}
	g.states = make([][]teamState, len(o.Teams))
	for i, t := range o.Teams {
		g.states[i] = teamStates(t)
		g.datedParents = g.datedParents || len(g.states[i]) > 1 && slices.ContainsFunc(t.Changes, func(c TeamChange) bool { return c.Parent != nil })
	}
	g.checkManagersInForce(&list)
	g.children = g.childrenAt(calendar.Date{})
	checkCycles(&list, "teams", "team", o.Teams, g.teams, func(t Team) (string, string) { return t.ID, t.Parent })
	if g.datedParents {
		g.checkDatedCycles(&list)
	}
	for i, m := range o.Members {
		path := fmt.Sprintf("members[%d]", i)
		ref(&list, path+".role", "role", m.Role, g.roles, false)
		for j, a := range m.Assignments {
			ap := fmt.Sprintf("%s.assignments[%d]", path, j)
			ref(&list, ap+".team", "team", a.Team, g.teams, true)
			ref(&list, ap+".role", "role", a.Role, g.roles, false)
			if !a.From.IsZero() && !a.To.IsZero() && a.From.After(a.To) {
				list.Add(ap+".to", diag.DateOrder, "assignment ends on %s, before it starts on %s", a.To, a.From)
			}
		}
		checkOverlaps(&list, path, m)
		list = append(list, commission.CheckTerms(m.Terms).Prefix(path+".terms")...)
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	g.index()
	return g, nil
}

// index sets the indices the tree is walked by: each team state's parent
// and manager, each assignment's team.
func (g *Org) index() {
	at := func(idx map[string]int, id string) int {
		if i, ok := idx[id]; ok && id != "" {
			return i
		}
		return -1
	}
	for _, ss := range g.states {
		for k := range ss {
			ss[k].parentAt, ss[k].managerAt = at(g.teams, ss[k].parent), at(g.members, ss[k].manager)
		}
	}
	g.teamsOf = make([][]int, len(g.o.Members))
	var days []calendar.Date
	for i, m := range g.o.Members {
		g.teamsOf[i] = make([]int, len(m.Assignments))
		for j, a := range m.Assignments {
			g.teamsOf[i][j] = at(g.teams, a.Team)
			if !a.From.IsZero() {
				days = append(days, a.From)
			}
			if !a.To.IsZero() {
				days = append(days, a.To.AddDays(1))
			}
		}
	}
	for _, ss := range g.states {
		for _, st := range ss[1:] {
			days = append(days, st.from)
		}
	}
	slices.SortFunc(days, func(a, b calendar.Date) int { return cmp.Compare(a.Days(), b.Days()) })
	g.answerDates = slices.Compact(days)
}

// AnswerDates returns the days on which an answer of the Org about a
// day ([Org.Managers], [Org.ManagerOf], [Org.RoleOf], [Org.TeamOf],
// [Org.AssignmentAt], [Org.Active], [Org.InOrg], [Org.TeamAt],
// [Org.TeamPath]) may differ from its answer about the day before: the
// days a team change takes effect, and the first day of every
// assignment and the day after its last; in order, each once. From one
// of them to the day before the next, each of those answers is the same
// every day. The commission engine asks the Org about a member once for
// those days, not once a deal.
func (g *Org) AnswerDates() []calendar.Date { return slices.Clone(g.answerDates) }

// checkManager checks that a team's manager, when there is one, is a
// member. Whether the manager is in a team on a given day is not checked:
// a team whose manager is not in force on a day has no manager that day.
func (g *Org) checkManager(list *diag.List, path, manager string) {
	if manager == "" {
		return
	}
	if _, ok := g.members[manager]; !ok {
		p := list.Add(path, diag.UnknownRef, "manager %q is not a member", manager)
		p.Hint = diag.DidYouMean(manager, sortedKeys(g.members))
	}
}

// checkManagersInForce reports a team manager, undated or set by a
// change, who has assignments but none on any day until the next change
// of the manager: a manager is in force only on the days they have an
// assignment, so such a manager never manages, and the roll-up credit
// the document means for them would be given to nobody, without a word
// (a change that makes a manager of someone who has left, say).
func (g *Org) checkManagersInForce(list *diag.List) {
	for i, t := range g.o.Teams {
		type set struct {
			path, manager string
			from          calendar.Date
		}
		sets := []set{{fmt.Sprintf("teams[%d].manager", i), t.Manager, calendar.Date{}}}
		var last calendar.Date
		for j, c := range t.Changes {
			if c.From.IsZero() || !c.From.After(last) {
				continue // reported by checkChanges
			}
			last = c.From
			if c.Manager != nil {
				sets = append(sets, set{fmt.Sprintf("teams[%d].changes[%d].manager", i, j), *c.Manager, c.From})
			}
		}
		for k, st := range sets {
			m, ok := g.Member(st.manager)
			if !ok || len(m.Assignments) == 0 {
				continue // none, or not a member (reported by checkManager), or never in a team
			}
			var to calendar.Date // the last day, zero for open
			if k+1 < len(sets) {
				to = sets[k+1].from.AddDays(-1)
			}
			if slices.ContainsFunc(m.Assignments, func(a Assignment) bool {
				return (to.IsZero() || a.From.IsZero() || !a.From.After(to)) && (a.To.IsZero() || st.from.IsZero() || !a.To.Before(st.from))
			}) {
				continue
			}
			span := "at any time"
			switch {
			case !st.from.IsZero() && !to.IsZero():
				span = fmt.Sprintf("from %s to %s", st.from, to)
			case !st.from.IsZero():
				span = "from " + st.from.String() + " on"
			case !to.IsZero():
				span = "before " + to.AddDays(1).String()
			}
			why := "is in no team then"
			first, last, open := m.Assignments[0].From, m.Assignments[0].To, false
			for _, a := range m.Assignments {
				if a.From.Before(first) {
					first = a.From
				}
				open = open || a.To.IsZero()
				if a.To.After(last) {
					last = a.To
				}
			}
			switch {
			case !open && !st.from.IsZero() && last.Before(st.from):
				why = "left on " + last.String()
			case !first.IsZero() && !to.IsZero() && first.After(to):
				why = "joins on " + first.String()
			}
			list.Add(st.path, diag.InvalidValue, "%s manages team %s %s, but %s: a manager is in force on the days they are in a team, so team %s would have no manager (and nobody its roll-up credit)", m.ID, t.ID, span, why, t.ID)
		}
	}
}

// checkChanges checks the changes of team t, at path: each has a date,
// in order and one a day, sets something, and names known teams,
// members, channels and territories.
func (g *Org) checkChanges(list *diag.List, path string, t Team) {
	var prev calendar.Date
	prevAt := -1
	for j, c := range t.Changes {
		cp := fmt.Sprintf("%s.changes[%d]", path, j)
		switch {
		case c.From.IsZero():
			list.Add(cp+".from", diag.Missing, "missing from: the first day the change is in force")
		case prevAt >= 0 && c.From == prev:
			list.Add(cp+".from", diag.Overlap, "team %s has two changes on %s (changes[%d] and changes[%d]): give one change a day", t.ID, c.From, prevAt, j)
		case prevAt >= 0 && c.From.Before(prev):
			list.Add(cp+".from", diag.DateOrder, "change of team %s on %s is listed after one on %s (changes[%d]): list changes in date order", t.ID, c.From, prev, prevAt)
		}
		if !c.From.IsZero() && (prevAt < 0 || c.From.After(prev)) {
			prev, prevAt = c.From, j
		}
		if c.Parent == nil && c.Manager == nil && c.Channels == nil && c.Territories == nil {
			on := ""
			if !c.From.IsZero() {
				on = " on " + c.From.String()
			}
			list.Add(cp, diag.Missing, "change of team %s%s sets nothing: give a parent, manager, channels or territories", t.ID, on)
		}
		if c.Parent != nil {
			ref(list, cp+".parent", "parent team", *c.Parent, g.teams, false)
		}
		if c.Manager != nil {
			g.checkManager(list, cp+".manager", *c.Manager)
		}
		if c.Channels != nil {
			for k, ch := range *c.Channels {
				ref(list, fmt.Sprintf("%s.channels[%d]", cp, k), "channel", ch, g.channels, true)
			}
		}
		if c.Territories != nil {
			for k, tr := range *c.Territories {
				ref(list, fmt.Sprintf("%s.territories[%d]", cp, k), "territory", tr, g.territories, true)
			}
		}
	}
}

// teamStates returns what t is over time: its undated fields from the
// zero date, then each dated change applied to the state before it.
// Changes without a date, or out of order, are left out (they are
// reported as problems).
func teamStates(t Team) []teamState {
	out := []teamState{{parent: t.Parent, manager: t.Manager, channels: t.Channels, territories: t.Territories}}
	for _, c := range t.Changes {
		last := out[len(out)-1]
		if c.From.IsZero() || !c.From.After(last.from) {
			continue
		}
		next := last
		next.from = c.From
		if c.Parent != nil {
			next.parent = *c.Parent
		}
		if c.Manager != nil {
			next.manager = *c.Manager
		}
		if c.Channels != nil {
			next.channels = *c.Channels
		}
		if c.Territories != nil {
			next.territories = *c.Territories
		}
		out = append(out, next)
	}
	return out
}

// state returns what team i is on d: the last state from on or before
// d, found by binary search (the states are in date order; a team with
// 10,000 changes asked about each of them was quadratic).
func (g *Org) state(i int, d calendar.Date) *teamState {
	ss := g.states[i]
	k := sort.Search(len(ss)-1, func(k int) bool { return d.Before(ss[k+1].from) })
	return &ss[k]
}

// stateOf returns what the team with id is on d, or nil for an unknown
// team.
func (g *Org) stateOf(id string, d calendar.Date) *teamState {
	i, ok := g.teams[id]
	if !ok {
		return nil
	}
	return g.state(i, d)
}

// childrenAt returns the team tree on d: each team id's sub-team ids,
// sorted.
func (g *Org) childrenAt(d calendar.Date) map[string][]string {
	kids := map[string][]string{}
	for i, t := range g.o.Teams {
		if g.teams[t.ID] != i {
			continue
		}
		p := g.state(i, d).parent
		if p == "" || p == t.ID {
			continue
		}
		if _, ok := g.teams[p]; ok {
			kids[p] = append(kids[p], t.ID)
		}
	}
	for _, k := range kids {
		slices.Sort(k)
	}
	return kids
}

// checkDatedCycles reports a cycle in the team tree that a change makes
// on its date, at the first change of the cycle in document order, once
// a date. The tree before the first change is checked by checkCycles; a
// cycle that appears on a date goes through a team whose parent changes
// that day, so walking up from each of those is enough.
func (g *Org) checkDatedCycles(list *diag.List) {
	reported := map[calendar.Date]map[string]bool{}
	for i, t := range g.o.Teams {
		if g.teams[t.ID] != i {
			continue
		}
		for j, c := range t.Changes {
			if c.Parent == nil || c.From.IsZero() {
				continue
			}
			d := c.From
			if s := g.state(i, d); s.from != d {
				continue // a change out of order, reported as such
			}
			if reported[d][t.ID] {
				continue
			}
			chain := []string{t.ID}
			for id, hops := g.state(i, d).parent, 0; id != "" && hops <= len(g.o.Teams); hops++ {
				if id == t.ID {
					if reported[d] == nil {
						reported[d] = map[string]bool{}
					}
					for _, c := range chain {
						reported[d][c] = true
					}
					list.Add(fmt.Sprintf("teams[%d].changes[%d].parent", i, j), diag.Cycle, "on %s team %s is its own ancestor: %s", d, t.ID, strings.Join(append(chain, t.ID), " → "))
					break
				}
				s := g.stateOf(id, d)
				if s == nil {
					break
				}
				chain = append(chain, id)
				id = s.parent
			}
		}
	}
}

// checkCycles reports each cycle in a parent tree once, at the entry of
// the cycle that comes first in the document.
func checkCycles[T any](list *diag.List, section, kind string, items []T, idx map[string]int, link func(T) (id, parent string)) {
	reported := map[string]bool{}
	for i, it := range items {
		start, _ := link(it)
		if start == "" || idx[start] != i {
			continue
		}
		seen := map[string]bool{}
		chain := []string{}
		for id := start; id != ""; {
			if seen[id] {
				if id == start && !reported[start] {
					for _, c := range chain {
						reported[c] = true
					}
					list.Add(fmt.Sprintf("%s[%d].parent", section, i), diag.Cycle, "%s %s is its own ancestor: %s", kind, start, strings.Join(append(chain, start), " → "))
				}
				break
			}
			seen[id] = true
			chain = append(chain, id)
			j, ok := idx[id]
			if !ok {
				break
			}
			_, id = link(items[j])
		}
	}
}

// checkOverlaps reports two assignments of one member in force on the same
// day.
func checkOverlaps(list *diag.List, path string, m Member) {
	type span struct {
		i        int
		from, to calendar.Date
	}
	spans := make([]span, 0, len(m.Assignments))
	for i, a := range m.Assignments {
		if !a.From.IsZero() && !a.To.IsZero() && a.From.After(a.To) {
			continue // reported as a date-order problem
		}
		spans = append(spans, span{i, a.From, a.To})
	}
	for x := range spans {
		for y := x + 1; y < len(spans); y++ {
			a, b := spans[x], spans[y]
			if (a.to.IsZero() || b.from.IsZero() || !b.from.After(a.to)) && (b.to.IsZero() || a.from.IsZero() || !a.from.After(b.to)) {
				day := a.from
				if day.IsZero() || (!b.from.IsZero() && b.from.After(day)) {
					day = b.from
				}
				when := "on " + day.String()
				if day.IsZero() {
					when = "from the start"
				}
				list.Add(fmt.Sprintf("%s.assignments[%d]", path, b.i), diag.Overlap,
					"member %s is in two teams %s: %s (assignments[%d]) and %s", m.ID, when, m.Assignments[a.i].Team, a.i, m.Assignments[b.i].Team)
			}
		}
	}
}

func cloneOrganisation(o Organisation) Organisation {
	o.Channels = slices.Clone(o.Channels)
	for i := range o.Channels {
		if o.Channels[i].Attrs != nil {
			m := make(map[string]string, len(o.Channels[i].Attrs))
			for k, v := range o.Channels[i].Attrs {
				m[k] = v
			}
			o.Channels[i].Attrs = m
		}
	}
	o.Territories = slices.Clone(o.Territories)
	o.Roles = slices.Clone(o.Roles)
	o.Teams = slices.Clone(o.Teams)
	for i := range o.Teams {
		o.Teams[i] = cloneTeam(o.Teams[i])
	}
	o.Members = slices.Clone(o.Members)
	for i := range o.Members {
		o.Members[i].Assignments = slices.Clone(o.Members[i].Assignments)
		o.Members[i].Terms = slices.Clone(o.Members[i].Terms)
	}
	return o
}

// cloneTeam returns a copy of t that shares nothing with it.
func cloneTeam(t Team) Team {
	t.Channels = slices.Clone(t.Channels)
	t.Territories = slices.Clone(t.Territories)
	t.Changes = slices.Clone(t.Changes)
	for j := range t.Changes {
		c := &t.Changes[j]
		c.Parent = clonePtr(c.Parent)
		c.Manager = clonePtr(c.Manager)
		if c.Channels != nil {
			c.Channels = new(slices.Clone(*c.Channels))
		}
		if c.Territories != nil {
			c.Territories = new(slices.Clone(*c.Territories))
		}
	}
	return t
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	return new(*p)
}

// TermsOf implements [commission.Terms]: the member's terms as the
// document gives them.
func (g *Org) TermsOf(member string) []commission.MemberTerms {
	i, ok := g.members[member]
	if !ok {
		return nil
	}
	return g.o.Members[i].Terms
}

// HasTerms reports whether any member has compensation terms.
func (g *Org) HasTerms() bool {
	return slices.ContainsFunc(g.o.Members, func(m Member) bool { return len(m.Terms) > 0 })
}

// Organisation returns a copy of the organisation the Org was made from.
func (g *Org) Organisation() Organisation { return cloneOrganisation(g.o) }

// Channel returns the channel with the given id.
func (g *Org) Channel(id string) (Channel, bool) { return lookup(g.o.Channels, g.channels, id) }

// Territory returns the territory with the given id.
func (g *Org) Territory(id string) (Territory, bool) {
	return lookup(g.o.Territories, g.territories, id)
}

// Role returns the role with the given id.
func (g *Org) Role(id string) (Role, bool) { return lookup(g.o.Roles, g.roles, id) }

// Team returns the team with the given id, as the document gives it: its
// undated fields and its changes, a copy that is the caller's to keep.
// [Org.TeamAt] gives the team as it is on a day.
func (g *Org) Team(id string) (Team, bool) {
	t, ok := lookup(g.o.Teams, g.teams, id)
	return cloneTeam(t), ok
}

// TeamAt returns the team with the given id as it is on d: its parent,
// manager, channels and territories those in force that day (see
// [Team.Changes]), and no changes. The manager is the one the team names,
// whether or not the manager is in a team that day ([Org.ManagerOf] says
// who manages it in fact).
func (g *Org) TeamAt(id string, d calendar.Date) (Team, bool) {
	i, ok := g.teams[id]
	if !ok {
		return Team{}, false
	}
	t, s := g.o.Teams[i], g.state(i, d)
	return Team{ID: t.ID, Name: t.Name, Parent: s.parent, Manager: s.manager,
		Channels: slices.Clone(s.channels), Territories: slices.Clone(s.territories)}, true
}

// TeamChangeDates returns the days on which a change of some team takes
// effect, from from to to inclusive, in order and each once: the days the
// team tree, a manager or a team's coverage may be different from the day
// before.
func (g *Org) TeamChangeDates(from, to calendar.Date) []calendar.Date {
	var out []calendar.Date
	for _, ss := range g.states {
		for _, s := range ss[1:] {
			if !s.from.Before(from) && !s.from.After(to) {
				out = append(out, s.from)
			}
		}
	}
	slices.SortFunc(out, func(a, b calendar.Date) int { return cmp.Compare(a.Days(), b.Days()) })
	return slices.Compact(out)
}

// Member returns the member with the given id: a copy, whose assignments
// and terms are the caller's to keep.
func (g *Org) Member(id string) (Member, bool) {
	m := g.member(id)
	if m == nil {
		return Member{}, false
	}
	c := *m
	c.Assignments, c.Terms = slices.Clone(m.Assignments), slices.Clone(m.Terms)
	return c, true
}

// member is [Org.Member] without the copy, for the questions asked of
// every deal; nil for an unknown member. The member is the Org's: read
// it, do not change it.
func (g *Org) member(id string) *Member {
	if i, ok := g.members[id]; ok {
		return &g.o.Members[i]
	}
	return nil
}

func lookup[T any](items []T, idx map[string]int, id string) (T, bool) {
	i, ok := idx[id]
	if !ok {
		var zero T
		return zero, false
	}
	return items[i], true
}

// ChannelInfo returns a channel's kind and attributes, for the rules that
// read channel.kind and channel.attrs (it implements commission.Channels).
func (g *Org) ChannelInfo(id string) (kind string, attrs map[string]string, ok bool) {
	c, ok := g.Channel(id)
	if !ok {
		return "", nil, false
	}
	return string(c.Kind), c.Attrs, true
}

// ChannelIDs returns the ids of the channels, sorted.
func (g *Org) ChannelIDs() []string { return sortedKeys(g.channels) }

// TerritoryIDs returns the ids of the territories, sorted.
func (g *Org) TerritoryIDs() []string { return sortedKeys(g.territories) }

// RoleIDs returns the ids of the roles, sorted.
func (g *Org) RoleIDs() []string { return sortedKeys(g.roles) }

// TeamIDs returns the ids of the teams, sorted.
func (g *Org) TeamIDs() []string { return sortedKeys(g.teams) }

// MemberIDs returns the ids of the members, sorted.
func (g *Org) MemberIDs() []string { return sortedKeys(g.members) }

// AssignmentAt returns the assignment of member in force on d.
func (g *Org) AssignmentAt(member string, d calendar.Date) (Assignment, bool) {
	m := g.member(member)
	if m == nil {
		return Assignment{}, false
	}
	for _, a := range m.Assignments {
		if a.covers(d) {
			return a, true
		}
	}
	return Assignment{}, false
}

// TeamOf returns the team of member on d, and false when the member is in
// no team that day (not yet joined, or left).
func (g *Org) TeamOf(member string, d calendar.Date) (string, bool) {
	a, ok := g.AssignmentAt(member, d)
	return a.Team, ok
}

// RoleOf returns the role of member on d: the role of the assignment in
// force, else the member's own role. It returns false for an unknown
// member; a member with no role at all gives "" and true.
func (g *Org) RoleOf(member string, d calendar.Date) (string, bool) {
	m := g.member(member)
	if m == nil {
		return "", false
	}
	for _, a := range m.Assignments {
		if a.covers(d) {
			if a.Role != "" {
				return a.Role, true
			}
			break
		}
	}
	return m.Role, true
}

// Active reports whether member is in a team on d.
func (g *Org) Active(member string, d calendar.Date) bool {
	_, ok := g.AssignmentAt(member, d)
	return ok
}

// An Org tells the commission engine who is in the organisation on a day.
var _ commission.Membership = (*Org)(nil)

// InOrg reports whether member belongs to the organisation on d: a
// member without assignments always does (a partner manager named in a
// plan, say); a member with assignments does on the days one of them
// covers, and not before joining, after leaving or between two
// assignments. When not, last is the member's last day in a team before
// d and first their first day after d, each zero when there is none. An
// unknown member is in no organisation. It implements
// [commission.Membership]: the commission engine credits nobody on a day
// they are not in the organisation.
func (g *Org) InOrg(member string, d calendar.Date) (in bool, last, first calendar.Date) {
	m := g.member(member)
	if m == nil {
		return false, last, first
	}
	if len(m.Assignments) == 0 {
		return true, last, first
	}
	for _, a := range m.Assignments {
		if a.covers(d) {
			return true, calendar.Date{}, calendar.Date{}
		}
		if !a.To.IsZero() && a.To.Before(d) && (last.IsZero() || a.To.After(last)) {
			last = a.To
		}
		if !a.From.IsZero() && a.From.After(d) && (first.IsZero() || a.From.Before(first)) {
			first = a.From
		}
	}
	return false, last, first
}

// ManagerOf returns the manager of team in force on d: the manager the
// team names that day (see [Team.Changes]), when that member is active
// on d.
func (g *Org) ManagerOf(team string, d calendar.Date) (string, bool) {
	s := g.stateOf(team, d)
	if s == nil || s.manager == "" || !g.Active(s.manager, d) {
		return "", false
	}
	return s.manager, true
}

// Managers returns the chain of managers above member on d, nearest first:
// the manager of the member's team (unless that is the member), then the
// manager of its parent team, and so on up the tree, each manager once.
// Managers and parents are those in force on d. Teams without a manager
// in force on d are passed over. A member in no team on d has no
// managers.
func (g *Org) Managers(member string, d calendar.Date) []string {
	i, ok := g.members[member]
	if !ok {
		return nil
	}
	team := -1
	for j, a := range g.o.Members[i].Assignments {
		if a.covers(d) {
			team = g.teamsOf[i][j]
			break
		}
	}
	// the tree is walked by index: ManagerOf and stateOf of each team,
	// without looking its id or its manager's up
	var chain []string
	for hops := 0; team >= 0 && hops <= len(g.o.Teams); hops++ {
		s := g.state(team, d)
		if m := s.managerAt; m >= 0 && s.manager != member && g.activeAt(m, d) && !slices.Contains(chain, s.manager) {
			chain = append(chain, s.manager)
		}
		team = s.parentAt
	}
	return chain
}

// activeAt is [Org.Active] of the member of index i.
func (g *Org) activeAt(i int, d calendar.Date) bool {
	for _, a := range g.o.Members[i].Assignments {
		if a.covers(d) {
			return true
		}
	}
	return false
}

// TeamPath returns team and the teams above it on d, nearest first. It
// implements [commission.Org].
func (g *Org) TeamPath(team string, d calendar.Date) []string {
	var out []string
	for hops := 0; team != "" && hops <= len(g.o.Teams); hops++ {
		s := g.stateOf(team, d)
		if s == nil {
			break
		}
		out = append(out, team)
		team = s.parent
	}
	return out
}

// tree returns the team tree on d, each team's sub-teams sorted; the
// caller must not change it.
func (g *Org) tree(d calendar.Date) map[string][]string {
	if !g.datedParents {
		return g.children
	}
	return g.childrenAt(d)
}

// SubTeams returns the ids of team's direct sub-teams on d, sorted.
func (g *Org) SubTeams(team string, d calendar.Date) []string {
	return slices.Clone(g.tree(d)[team])
}

// TeamTree returns team and every team below it on d, sorted.
func (g *Org) TeamTree(team string, d calendar.Date) []string {
	if _, ok := g.teams[team]; !ok {
		return nil
	}
	kids := g.tree(d)
	out := []string{team}
	for i := 0; i < len(out) && i <= len(g.o.Teams); i++ {
		out = append(out, kids[out[i]]...)
	}
	slices.Sort(out)
	return out
}

// Members returns the members in team on d, sorted; with sub set, also the
// members of every team below it.
func (g *Org) Members(team string, d calendar.Date, sub bool) []string {
	teams := []string{team}
	if sub {
		teams = g.TeamTree(team, d)
	}
	var out []string
	for _, m := range g.o.Members {
		if t, ok := g.TeamOf(m.ID, d); ok && slices.Contains(teams, t) {
			out = append(out, m.ID)
		}
	}
	slices.Sort(out)
	return out
}

// territoryChain returns the territory and the territories above it, nearest
// first.
func (g *Org) territoryChain(id string) []string {
	var out []string
	for hops := 0; id != "" && hops <= len(g.o.Territories); hops++ {
		out = append(out, id)
		t, _ := g.Territory(id)
		id = t.Parent
	}
	return out
}

// teamCovers returns what a team covers on d, following its parents
// when it sets none of its own.
func (g *Org) teamCovers(team string, d calendar.Date, pick func(*teamState) []string) []string {
	for hops := 0; team != "" && hops <= len(g.o.Teams); hops++ {
		s := g.stateOf(team, d)
		if s == nil {
			return nil
		}
		if v := pick(s); len(v) > 0 {
			return v
		}
		team = s.parent
	}
	return nil
}

// CoveringTeams returns the teams that cover territory on d: those that
// cover it or a territory above it (directly or through their parent
// team), with the coverage and parents in force that day, sorted. Use
// [Org.CoveringMembers] for who is in place on a day.
func (g *Org) CoveringTeams(territory string, d calendar.Date) []string {
	chain := g.territoryChain(territory)
	var out []string
	for i, t := range g.o.Teams {
		if g.teams[t.ID] != i {
			continue
		}
		for _, c := range g.teamCovers(t.ID, d, func(s *teamState) []string { return s.territories }) {
			if slices.Contains(chain, c) {
				out = append(out, t.ID)
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// CoveringMembers returns the members of the teams that cover territory on
// d, sorted.
func (g *Org) CoveringMembers(territory string, d calendar.Date) []string {
	var out []string
	for _, t := range g.CoveringTeams(territory, d) {
		out = append(out, g.Members(t, d, false)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ChannelTeams returns the teams that sell through channel on d (directly
// or through their parent team), with the channels and parents in force
// that day, sorted.
func (g *Org) ChannelTeams(channel string, d calendar.Date) []string {
	var out []string
	for i, t := range g.o.Teams {
		if g.teams[t.ID] != i {
			continue
		}
		if slices.Contains(g.teamCovers(t.ID, d, func(s *teamState) []string { return s.channels }), channel) {
			out = append(out, t.ID)
		}
	}
	slices.Sort(out)
	return out
}

// Stints returns, for member, the assignments the member was in during
// [from, to], with the days of each stint clipped to the range, in date
// order. It is what proration by team needs.
func (g *Org) Stints(member string, from, to calendar.Date) []Assignment {
	m := g.member(member)
	if m == nil {
		return nil
	}
	var out []Assignment
	for _, a := range m.Assignments {
		if (!a.To.IsZero() && a.To.Before(from)) || (!a.From.IsZero() && a.From.After(to)) {
			continue
		}
		if a.From.IsZero() || a.From.Before(from) {
			a.From = from
		}
		if a.To.IsZero() || a.To.After(to) {
			a.To = to
		}
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b Assignment) int { return cmp.Compare(a.From.Days(), b.From.Days()) })
	return out
}
