package plantest

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/internal/yamldoc"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// The format of a test file, as decoded. The types are unexported: the
// format is the YAML the package documentation describes, and [File] is
// its Go face.

type fileDoc struct {
	Description string `yaml:"description"`
	// A plan of the file's own (the commission section, the organisation
	// and the quotas it runs against), instead of a strategy document.
	Calendar   calendar.Calendar            `yaml:"calendar"`
	Currency   string                       `yaml:"currency"`
	Rounding   money.Rounding               `yaml:"rounding"`
	Org        map[string]memberDoc         `yaml:"org"`
	Quotas     map[string]map[string]number `yaml:"quotas"`
	Stretch    map[string]map[string]number `yaml:"stretch"`
	Commission *commission.Section          `yaml:"commission"`
	Tests      []testDoc                    `yaml:"tests"`
}

type memberDoc struct {
	Role     string   `yaml:"role"`
	Team     string   `yaml:"team"`
	Managers []string `yaml:"managers"`
	// NewRole is the member's role from From on.
	NewRole string        `yaml:"new_role"`
	From    calendar.Date `yaml:"from"`
	// Joined and Left, when set, are the member's first and last days in
	// the organisation.
	Joined calendar.Date `yaml:"joined"`
	Left   calendar.Date `yaml:"left"`
	// Terms are the member's compensation terms, as a strategy's
	// members[].terms.
	Terms []commission.MemberTerms `yaml:"terms"`
}

type testDoc struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Period      string `yaml:"period"`
	// Deals is a file name (CSV or JSON), CSV rows with their header (a
	// string of more than one line), or a list of deals.
	Deals any `yaml:"deals"`
	// Rates is a mapping of currency pairs to a rate (EUR/USD: 1.1), a
	// rates file (CSV from,to,date,rate[,end]) or a list of dated rates.
	Rates any `yaml:"rates"`
	// Scores are the MBO and KPI scores rules read as score.<objective>:
	// a scores file (CSV payee,period,objective,score) or a mapping of
	// payee to objective to score, in the test's period.
	Scores any `yaml:"scores"`
	// Terms is a terms file (CSV payee,from,to,ote,base,target_incentive,
	// currency) that replaces the members' compensation terms.
	Terms string `yaml:"terms"`
	// Ledger is a ledger file (JSON); After names an earlier test of the
	// file whose payout closed the ledger this one starts from.
	Ledger string `yaml:"ledger"`
	After  string `yaml:"after"`
	// Events is an events file (CSV deal,kind,date,amount or JSON) or a
	// list of events.
	Events any      `yaml:"events"`
	Held   []string `yaml:"held"`
	Strict bool     `yaml:"strict"`
	// Error is the error the run must fail with: a string its text
	// contains, or a list of strings, one a problem.
	Error any `yaml:"error"`
	// Expect maps payees to what their statement and payout must show.
	Expect map[string]*payeeDoc `yaml:"expect"`
}

type payeeDoc struct {
	// Statement false: the payee must have no statement (no plan in
	// force); true: they must have one.
	Statement  *bool             `yaml:"statement"`
	Total      *number           `yaml:"total"`
	Components map[string]number `yaml:"components"`
	Lines      []lineDoc         `yaml:"lines"`
	Measures   map[string]number `yaml:"measures"`
	Attainment map[string]number `yaml:"attainment"`
	// The payout (with a ledger, events or holds).
	Pay       *number   `yaml:"pay"`
	Deferred  *number   `yaml:"deferred"`
	DrawOwed  *number   `yaml:"draw_owed"`
	Items     []itemDoc `yaml:"items"`
	HeldItems []itemDoc `yaml:"held_items"`
}

type lineDoc struct {
	Plan      string  `yaml:"plan"`
	Component string  `yaml:"component"`
	Deal      *string `yaml:"deal"`
	Kind      string  `yaml:"kind"`
	Amount    *number `yaml:"amount"`
	// Base and Rate are the line's (amount = base × rate), when it has
	// them.
	Base        *number `yaml:"base"`
	Rate        *number `yaml:"rate"`
	Explanation *string `yaml:"explanation"`
}

type itemDoc struct {
	Kind      string  `yaml:"kind"`
	Period    string  `yaml:"period"`
	Plan      string  `yaml:"plan"`
	Component string  `yaml:"component"`
	Deal      *string `yaml:"deal"`
	Amount    *number `yaml:"amount"`
}

// number is a decimal as a test file writes it: plain notation, quoted or
// not ("1016.57"), read exactly by [money.ParseDecimal].
type number struct {
	d    decimal.Decimal
	text string
}

func (n *number) UnmarshalText(b []byte) error {
	d, err := money.ParseDecimal(string(b))
	if err != nil {
		return err
	}
	n.d, n.text = d, string(b)
	return nil
}

// File is a parsed test file: its tests, and where they stand in it. A
// File is immutable once loaded and safe for concurrent use; running a
// test reads the files it names (deals, ledgers, events) from the
// [fs.FS] the File was loaded from.
type File struct {
	// Path is the file's path in its file system, as errors name it.
	Path string
	// Description is the file's description, if it has one.
	Description string
	// Tests are the file's tests, in order.
	Tests []Test

	fsys    fs.FS
	src     []byte
	ix      *yamldoc.Index
	doc     fileDoc
	fixture *fixture // the file's own plan, or nil
	// closed holds the payouts of the tests that a later test starts
	// after, once run: a chain of n tests is run once, not n times
	closed *closedPayouts
}

// Test is one test of a [File].
type Test struct {
	Name        string
	Description string
	Period      string
	// Pos is where the test stands in its file.
	Pos diag.Pos

	index int
}

// OwnPlan reports whether the file carries a plan of its own (a
// commission section with its organisation and quotas) rather than
// testing a strategy document.
func (f *File) OwnPlan() bool { return f.fixture != nil }

// Load reads and checks the test file at name in fsys. The error, when
// there is one, is a [diag.List] of every problem of the file, each with
// its file:line:col. The deals, ledgers and events files a test names are
// read when the test runs, relative to the test file's folder.
func Load(fsys fs.FS, name string) (*File, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	return parse(fsys, name, src)
}

func parse(fsys fs.FS, name string, src []byte) (*File, error) {
	f := &File{Path: name, fsys: fsys, src: src, closed: &closedPayouts{}}
	ix, list := yamldoc.Decode(name, src, &f.doc, yamldoc.Limits{})
	f.ix = ix
	if len(list) > 0 {
		return nil, list
	}
	f.Description = f.doc.Description
	f.check(&list)
	if f.doc.Commission != nil {
		fx, err := newFixture(&f.doc)
		appendLocated(&list, err)
		if fx != nil && fx.err != nil {
			// A plan that does not compile is the file's problem, unless
			// every test expects an error: then it pins what is refused.
			if f.expectsErrors() {
				fx.err = ix.Locate(fx.err.(diag.List))
			} else {
				appendLocated(&list, fx.err)
			}
		}
		f.fixture = fx
	}
	if len(list) > 0 {
		return nil, ix.Locate(list)
	}
	for i, t := range f.doc.Tests {
		f.Tests = append(f.Tests, Test{Name: t.Name, Description: t.Description, Period: t.Period,
			Pos: ix.Pos(fmt.Sprintf("tests[%d]", i)), index: i})
	}
	return f, nil
}

// appendLocated adds the problems of err to list.
func appendLocated(list *diag.List, err error) {
	list.Append("", diag.InvalidValue, err)
}

// check reports what is wrong with the file's tests beyond their types.
func (f *File) check(list *diag.List) {
	d := &f.doc
	if d.Commission == nil {
		for key, given := range map[string]bool{"org": d.Org != nil, "quotas": d.Quotas != nil, "stretch": d.Stretch != nil, "calendar": f.ix.Has("calendar"),
			"currency": d.Currency != "", "rounding": f.ix.Has("rounding")} {
			if given {
				list.Add(key, diag.InvalidValue, "%s describes a plan of the file's own and goes with a commission section; without one, the file tests the strategy it is given", key)
			}
		}
	}
	if len(d.Tests) == 0 {
		list.Add("tests", diag.Missing, "the file has no tests: give a list of tests, each with a name, a period, deals and what to expect")
		return
	}
	seen := map[string]int{}
	for i, t := range d.Tests {
		p := fmt.Sprintf("tests[%d]", i)
		switch {
		case strings.TrimSpace(t.Name) == "":
			list.Add(p+".name", diag.Missing, "missing test name")
		case seen[t.Name] > 0:
			list.Add(p+".name", diag.DuplicateID, "test %q is named twice (first at tests[%d])", t.Name, seen[t.Name]-1)
		default:
			seen[t.Name] = i + 1
		}
		if t.Period == "" {
			list.Add(p+".period", diag.Missing, "missing period (a period id such as FY2027-Q1)")
		}
		switch v := t.Deals.(type) {
		case nil:
			if !f.ix.Has(p + ".deals") {
				list.Add(p+".deals", diag.Missing, "missing deals: a deals file (CSV or JSON), CSV rows, or a list of deals ([] for none)")
			}
		case string:
			if strings.TrimSpace(v) == "" {
				list.Add(p+".deals", diag.Missing, "missing deals file name")
			}
		case []any:
		default:
			list.Add(p+".deals", diag.WrongType, "deals is a file name, CSV rows or a list of deals, not a mapping")
		}
		switch t.Events.(type) {
		case nil, string, []any:
		default:
			list.Add(p+".events", diag.WrongType, "events is a file name or a list of events, not a mapping")
		}
		switch t.Rates.(type) {
		case nil, string, []any, map[string]any:
		default:
			list.Add(p+".rates", diag.WrongType, "rates is a mapping of pairs to rates (EUR/USD: 1.1), a rates file or a list of dated rates")
		}
		f.checkScores(list, p+".scores", t.Scores)
		if m, ok := t.Rates.(map[string]any); ok {
			for pair, v := range m {
				from, to, ok := strings.Cut(pair, "/")
				if !ok || money.CheckCurrency(from) != nil || money.CheckCurrency(to) != nil || from == to {
					list.Add(p+".rates."+pair, diag.InvalidValue, "a rate is keyed by a pair of currencies, FROM/TO: EUR/USD is one euro in dollars")
				} else if s, _ := v.(string); s == "" {
					list.Add(p+".rates."+pair, diag.WrongType, "a rate is a number")
				} else if r, err := money.ParseDecimal(s); err != nil {
					list.Add(p+".rates."+pair, diag.InvalidValue, "%v", err)
				} else if r.Sign() <= 0 {
					list.Add(p+".rates."+pair, diag.InvalidValue, "a rate must be above 0, not %s", s)
				}
			}
		}
		if t.Ledger != "" && t.After != "" {
			list.Add(p+".after", diag.InvalidValue, "a test starts from a ledger file or from the ledger an earlier test closed (after), not both")
		}
		if t.After != "" {
			j := slices.IndexFunc(d.Tests[:i], func(o testDoc) bool { return o.Name == t.After })
			if j < 0 {
				names := make([]string, i)
				for k := range d.Tests[:i] {
					names[k] = d.Tests[k].Name
				}
				pr := list.Add(p+".after", diag.UnknownRef, "after names an earlier test of this file; %q is not one", t.After)
				pr.Hint = diag.DidYouMean(t.After, names)
			}
		}
		if _, err := expectedErrors(t.Error); err != "" {
			list.Add(p+".error", diag.WrongType, "%s", err)
		} else if t.Error != nil && len(t.Expect) > 0 {
			list.Add(p+".error", diag.InvalidValue, "a test expects an error or payouts, not both")
		}
		for payee, e := range t.Expect {
			pp := p + ".expect." + payee
			if e == nil {
				list.Add(pp, diag.Missing, "nothing expected of %s: give a total, components, lines, measures or a payout", payee)
				continue
			}
			for j, l := range e.Lines {
				lp := fmt.Sprintf("%s.lines[%d]", pp, j)
				if l.Component == "" {
					list.Add(lp+".component", diag.Missing, "missing component of the line")
				}
				if l.Amount == nil && l.Explanation == nil && l.Rate == nil && l.Base == nil {
					list.Add(lp+".amount", diag.Missing, "missing amount of the line")
				}
			}
			for field, items := range map[string][]itemDoc{"items": e.Items, "held_items": e.HeldItems} {
				for j, it := range items {
					ip := fmt.Sprintf("%s.%s[%d]", pp, field, j)
					if it.Kind == "" {
						list.Add(ip+".kind", diag.Missing, "missing kind of the item (earned, release, clawback, draw…)")
					}
					if it.Amount == nil {
						list.Add(ip+".amount", diag.Missing, "missing amount of the item")
					}
				}
			}
		}
	}
}

// expectedErrors returns the error a test expects, as a list: one
// string that the error's text contains, or one a problem; and what is
// wrong with it, if something is.
func expectedErrors(v any) ([]string, string) {
	switch v := v.(type) {
	case nil:
		return nil, ""
	case string:
		if strings.TrimSpace(v) == "" {
			return nil, "error is the text the error contains, or a list of them, one a problem"
		}
		return []string{v}, ""
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok || strings.TrimSpace(s) == "" {
				return nil, "error is a list of texts, one a problem, each what the problem's text contains"
			}
			out = append(out, s)
		}
		if len(out) == 0 {
			return nil, "error is an empty list: give what each problem's text contains"
		}
		return out, ""
	}
	return nil, "error is the text the error contains, or a list of them, one a problem"
}

// expectsErrors reports whether every test of the file expects an error.
func (f *File) expectsErrors() bool {
	for _, t := range f.doc.Tests {
		if t.Error == nil {
			return false
		}
	}
	return len(f.doc.Tests) > 0
}

// test returns the decoded test at index i.
func (f *File) test(i int) *testDoc { return &f.doc.Tests[i] }

// lookup returns the index of the test called name.
func (f *File) lookup(name string) (int, bool) {
	i := slices.IndexFunc(f.Tests, func(t Test) bool { return t.Name == name })
	return i, i >= 0
}

// resolve returns the path in the file system of a file named in the
// test file: relative to the test file's folder.
func (f *File) resolve(name string) string {
	if path.IsAbs(name) {
		return name
	}
	return path.Join(path.Dir(f.Path), name)
}

// Discover returns the test files of the strategy at strategyPath in
// fsys: every *_test.yaml file in the strategy's folder, then every
// .yaml file in the tests folder beside it, each group sorted by name.
func Discover(fsys fs.FS, strategyPath string) ([]string, error) {
	dir := path.Dir(strategyPath)
	beside, err := fs.Glob(fsys, path.Join(dir, "*_test.yaml"))
	if err != nil {
		return nil, err
	}
	inTests, err := fs.Glob(fsys, path.Join(dir, "tests", "*.yaml"))
	if err != nil {
		return nil, err
	}
	slices.Sort(beside)
	slices.Sort(inTests)
	return append(beside, inTests...), nil
}
