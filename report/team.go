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
// is listed as such. Nothing is written when it returns an error.
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
	if team.Manager != "" {
		v.Sub = "Managed by " + opt.Names.Person(team.Manager)
	}
	return render(w, "index", v)
}

// WriteIndex writes the index of a period's statements: each team with
// its members as on a team page, then every other payee with a statement,
// so that every statement of res is linked once at least. Nothing is
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
	HasStatement  bool
	Measures      []measureRow // one for each of the page's quota measures, in order
	Earned        figure
}

type teamView struct {
	ID, Name, Manager string
	URL               string // the team's own page, on an index
	Rows              []memberRow
}

type indexView struct {
	Title, Heading, Sub string
	Strategy            string
	Period              string
	Currency            string
	Measures            []string // the names of the measures with a quota
	Teams               []teamView
	Single              bool // a team page: the team is the page's heading
	Back                *Link
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
	row := func(payee, manager string) memberRow {
		r := memberRow{ID: payee, Name: n.Person(payee), Manager: payee == manager}
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
		if t.Manager != "" {
			tv.Manager = n.Person(t.Manager)
		}
		if opt.TeamLink != nil && t.ID != "" {
			tv.URL = opt.TeamLink(t.ID)
		}
		members := t.Members
		if t.Manager != "" && !slices.Contains(members, t.Manager) {
			members = append([]string{t.Manager}, members...)
		}
		for _, m := range members {
			tv.Rows = append(tv.Rows, row(m, t.Manager))
			shown[m] = true
		}
		v.Teams = append(v.Teams, tv)
	}
	if others {
		tv := teamView{ID: "", Name: "Other payees"}
		for _, st := range res.Statements {
			if !shown[st.Payee] {
				tv.Rows = append(tv.Rows, row(st.Payee, ""))
			}
		}
		if len(tv.Rows) > 0 {
			v.Teams = append(v.Teams, tv)
		}
	}
	return v
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
