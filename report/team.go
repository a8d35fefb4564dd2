package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/commission"
)

// IndexOptions is what a team page or an index shows beyond the result.
type IndexOptions struct {
	// Names are what the page calls people and measures.
	Names Names
	// Link returns the address of a payee's statement page; nil links to
	// [FileName] of the payee, beside the index.
	Link func(payee string) string
	// TeamLink, when set, returns the address of a team's own page (its
	// manager's page), linked from the team's heading on an index.
	TeamLink func(team string) string
	// Back, when set, links back to a page above this one.
	Back *Link
}

// WriteTeam writes a manager's page: the team's members, each with
// attainment against quota and what they earned in the period, linking
// to their statements. A member without a statement (no plan in force)
// is listed as such. A team that had several managers in the period
// ([Team.Managers]) has one page naming each with their days, and a
// member who was in the team part of the period has their days beside
// their name. Nothing is written when it returns an error.
func WriteTeam(w io.Writer, res *commission.Result, team Team, opt IndexOptions) error {
	if res == nil {
		return fmt.Errorf("report: %w", ErrNoResult)
	}
	name := team.Name
	if name == "" {
		name = team.ID
	}
	opt.TeamLink = nil
	v := indexPage(res, []Team{team}, opt, false)
	v.Single = true
	v.Title = fmt.Sprintf("%s: %s", name, res.Period)
	v.Heading = name
	v.Managers = managedBy(team, opt.Names)
	return render(w, "index", v)
}

// WriteIndex writes the index of a period's statements: each team with
// its members as on a team page, then every other payee with a statement,
// so that every statement of res is linked once at least. With TeamLink,
// each team's heading links to its page, and a member who managed
// another team in the period links to that team's page too. Nothing is
// written when it returns an error.
func WriteIndex(w io.Writer, res *commission.Result, teams []Team, opt IndexOptions) error {
	if res == nil {
		return fmt.Errorf("report: %w", ErrNoResult)
	}
	v := indexPage(res, teams, opt, true)
	v.Title = "Statements for " + res.Period
	v.Heading = v.Title
	return render(w, "index", v)
}

type memberRow struct {
	ID, Name, URL string
	Manager       bool
	Note          string   // "manager", "in the team": what Days are the days of
	Days          []string // the days of a manager or a member who was not there all period
	Manages       []Link   // the pages of other teams the member managed in the period
	HasStatement  bool
	Measures      []measureRow // one for each of the page's quota measures, in order
	Earned        figure
}

type teamView struct {
	ID, Name string
	Managers []nameDays // who managed the team, with their days when they matter
	URL      string     // the team's own page, on an index
	Rows     []memberRow
}

type indexView struct {
	Title, Heading string
	Managers       []nameDays // a team page's managers
	Strategy       string
	Period         string
	Currency       string
	Measures       []string // the names of the measures with a quota
	Teams          []teamView
	Single         bool // a team page: the team is the page's heading
	Back           *Link
}

func indexPage(res *commission.Result, teams []Team, opt IndexOptions, others bool) *indexView {
	n := opt.Names
	link := opt.Link
	if link == nil {
		link = FileName
	}
	v := &indexView{Strategy: n.Strategy, Period: res.Period, Back: opt.Back}
	// the measures with a quota, in the order statements first show them
	var ids []string
	for _, st := range res.Statements {
		if v.Currency == "" {
			v.Currency = st.Currency
		} else if v.Currency != st.Currency {
			v.Currency = "each statement's currency"
		}
		for _, m := range st.Measures {
			if m.HasQuota && !slices.Contains(ids, m.Measure) {
				ids = append(ids, m.Measure)
			}
		}
	}
	for _, id := range ids {
		v.Measures = append(v.Measures, n.Measure(id))
	}
	// the teams each payee managed in the period, for the links to their
	// pages from the payee's rows in other teams
	manages := map[string][]Team{}
	if opt.TeamLink != nil {
		for _, t := range teams {
			for _, m := range managersOf(t) {
				if !slices.ContainsFunc(manages[m.Member], func(o Team) bool { return o.ID == t.ID }) {
					manages[m.Member] = append(manages[m.Member], t)
				}
			}
		}
	}
	row := func(t Team, payee string) memberRow {
		r := memberRow{ID: payee, Name: n.Person(payee)}
		for _, m := range managersOf(t) {
			if m.Member == payee {
				r.Manager = true
			}
		}
		r.Note, r.Days = daysNote(t, payee, r.Manager)
		for _, o := range manages[payee] {
			if o.ID == t.ID || o.ID == "" {
				continue
			}
			if url := opt.TeamLink(o.ID); url != "" {
				r.Manages = append(r.Manages, Link{Text: "Team page of " + teamName(o), URL: url})
			}
		}
		st, ok := res.Statement(payee)
		if !ok {
			return r
		}
		r.HasStatement, r.URL, r.Earned = true, link(payee), fig(st.Total, st.Currency)
		for _, id := range ids {
			mr := measureRow{ID: id, Name: n.Measure(id)}
			for _, m := range st.Measures {
				if m.Measure == id && m.HasQuota {
					mr.HasQuota, mr.Attainment, mr.AttValue = true, percent(m.Attainment), m.Attainment.String()
					mr.Value, mr.Quota = number(m.Value), number(m.Quota)
					mr.Fill, mr.QuotaAt = bar(m.Attainment)
					mr.Label = fmt.Sprintf("%s: %s of quota", mr.Name, mr.Attainment)
				}
			}
			r.Measures = append(r.Measures, mr)
		}
		return r
	}
	shown := map[string]bool{}
	for _, t := range teams {
		tv := teamView{ID: t.ID, Name: t.Name}
		if tv.Name == "" {
			tv.Name = t.ID
		}
		tv.Managers = managedBy(t, n)
		if opt.TeamLink != nil && t.ID != "" {
			tv.URL = opt.TeamLink(t.ID)
		}
		// the managers first, in the order they managed the team
		var members []string
		for _, m := range managersOf(t) {
			if !slices.Contains(members, m.Member) {
				members = append(members, m.Member)
			}
		}
		for _, m := range t.Members {
			if !slices.Contains(members, m) {
				members = append(members, m)
			}
		}
		for _, m := range members {
			tv.Rows = append(tv.Rows, row(t, m))
			shown[m] = true
		}
		v.Teams = append(v.Teams, tv)
	}
	if others {
		tv := teamView{ID: "", Name: "Other payees"}
		for _, st := range res.Statements {
			if !shown[st.Payee] {
				tv.Rows = append(tv.Rows, row(Team{}, st.Payee))
			}
		}
		if len(tv.Rows) > 0 {
			v.Teams = append(v.Teams, tv)
		}
	}
	return v
}

// managersOf returns the managers of t over the period: its Managers,
// or its Manager, without days, when it has none.
func managersOf(t Team) []Tenure {
	if len(t.Managers) > 0 {
		return t.Managers
	}
	if t.Manager != "" {
		return []Tenure{{Member: t.Manager}}
	}
	return nil
}

func teamName(t Team) string {
	if t.Name != "" {
		return t.Name
	}
	return t.ID
}

// nameDays is a manager's name, with the days they managed the team
// when those matter.
type nameDays struct{ Name, Days string }

// managedBy returns who managed t: Dana Whitfield; with their days when
// the team had several managers, or one for part of the period only
// (Omar 2027-01-01 to 2027-02-14, then Bob 2027-02-15 to 2027-03-31).
func managedBy(t Team, n Names) []nameDays {
	ms := managersOf(t)
	days := len(ms) > 1 || (len(ms) == 1 && slices.ContainsFunc(t.Part, func(p Tenure) bool { return p.Member == ms[0].Member }))
	var out []nameDays
	for _, m := range ms {
		v := nameDays{Name: n.Person(m.Member)}
		if days && !m.From.IsZero() {
			v.Days = span(m)
		}
		out = append(out, v)
	}
	return out
}

func span(t Tenure) string { return t.From.String() + " to " + t.To.String() }

// daysNote returns what payee was in t and on which days, when they
// were not there all the period ("manager" and no days when they
// were).
func daysNote(t Team, payee string, manager bool) (note string, days []string) {
	if manager && len(t.Managers) > 1 {
		for _, m := range t.Managers {
			if m.Member == payee {
				days = append(days, span(m))
			}
		}
		return "manager", days
	}
	for _, p := range t.Part {
		if p.Member == payee {
			days = append(days, span(p))
		}
	}
	switch {
	case manager && len(days) > 0:
		return "manager, in the team", days
	case manager:
		return "manager", nil
	case len(days) > 0:
		return "in the team", days
	}
	return "", nil
}

// FileName returns the name of a payee's statement file: the id with
// every character other than a letter, a digit, '-' and '_' written as
// _XX (its bytes in hex), then ".html". Distinct ids give distinct names,
// and none is a path.
func FileName(payee string) string {
	var b strings.Builder
	for i := 0; i < len(payee); i++ {
		c := payee[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "_%02X", c)
		}
	}
	if b.Len() == 0 {
		b.WriteString("_")
	}
	return b.String() + ".html"
}
