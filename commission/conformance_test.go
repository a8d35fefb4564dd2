package commission

import (
	stdcmp "cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/internal/yamldoc"
	"github.com/shopspring/decimal"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// caseFile is one conformance case: a commission section, the organisation
// and quotas it runs against, a period's deals, and the statements worked
// out by hand.
type caseFile struct {
	Period string                                `yaml:"period"`
	Org    map[string]caseMember                 `yaml:"org"`
	Quotas map[string]map[string]decimal.Decimal `yaml:"quotas"`
	// Stretch are stretch targets by member and measure.
	Stretch map[string]map[string]decimal.Decimal `yaml:"stretch"`
	Rates   map[string]decimal.Decimal            `yaml:"rates"`
	// Terms are members' compensation terms.
	Terms TermMap `yaml:"terms"`
	// Scores are scores by member, period and objective.
	Scores     ScoreMap    `yaml:"scores"`
	Commission Section     `yaml:"commission"`
	Deals      []deal.Deal `yaml:"deals"`
	// Want maps each payee to its lines ("component deal kind amount")
	// and total; payees not listed must have no statement.
	Want map[string]caseWant `yaml:"want"`
	// Error, when set, is the exact error the run (or the compile) fails
	// with.
	Error string `yaml:"error"`
}

type caseMember struct {
	Role     string   `yaml:"role"`
	Team     string   `yaml:"team"`
	Managers []string `yaml:"managers"`
	// From, when set, is the day the member takes NewRole.
	NewRole string        `yaml:"new_role"`
	From    calendar.Date `yaml:"from"`
	// Joined and Left, when set, are the member's first and last days in
	// the organisation (and in their team).
	Joined calendar.Date `yaml:"joined"`
	Left   calendar.Date `yaml:"left"`
}

type caseWant struct {
	Total string   `yaml:"total"`
	Lines []string `yaml:"lines"`
	// Rates, when given, are the lines' rates ("component deal rate"),
	// and Explanations their explanations, line by line.
	Rates        []string `yaml:"rates"`
	Explanations []string `yaml:"explanations"`
}

// caseOrg is the Org of a case file.
type caseOrg map[string]caseMember

func (o caseOrg) Managers(m string, _ calendar.Date) []string { return slices.Clone(o[m].Managers) }
func (o caseOrg) RoleOf(m string, d calendar.Date) (string, bool) {
	v, ok := o[m]
	if ok && v.NewRole != "" && !d.Before(v.From) {
		return v.NewRole, true
	}
	return v.Role, ok
}
func (o caseOrg) TeamOf(m string, d calendar.Date) (string, bool) {
	v, ok := o[m]
	if v.Team == "" {
		v.Team = "sales"
	}
	if in, _, _ := o.InOrg(m, d); !in {
		return "", false
	}
	return v.Team, ok
}

// InOrg implements Membership.
func (o caseOrg) InOrg(m string, d calendar.Date) (in bool, last, first calendar.Date) {
	v, ok := o[m]
	switch {
	case !ok:
		return false, last, first
	case !v.Joined.IsZero() && d.Before(v.Joined):
		return false, last, v.Joined
	case !v.Left.IsZero() && d.After(v.Left):
		return false, v.Left, first
	}
	return true, last, first
}
func (o caseOrg) TeamPath(team string) []string { return []string{team} }
func (o caseOrg) MemberIDs() []string {
	ids := make([]string, 0, len(o))
	for id := range o {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// stretchMap is a Stretch keyed like a QuotaMap.
type stretchMap QuotaMap

func (m stretchMap) Stretch(member, measure string, p calendar.Period) (decimal.Decimal, bool, error) {
	return QuotaMap(m).Quota(member, measure, p)
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func loadCase(t *testing.T, path string) caseFile {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c caseFile
	if _, list := yamldoc.Decode(path, src, &c, yamldoc.Limits{}); len(list) > 0 {
		t.Fatal(list)
	}
	return c
}

func runCase(c caseFile, deals []deal.Deal, opts ...RunOption) (*Result, error) {
	q := QuotaMap{}
	for payee, ms := range c.Quotas {
		q[payee] = map[string]map[string]decimal.Decimal{}
		for m, v := range ms {
			q[payee][m] = map[string]decimal.Decimal{c.Period: v}
		}
	}
	cfg := Config{Org: caseOrg(c.Org), Quotas: q, Currency: "USD"}
	if c.Terms != nil {
		if err := c.Terms.Check(); err != nil {
			return nil, err
		}
		cfg.Terms = c.Terms
	}
	if c.Stretch != nil {
		st := stretchMap{}
		for payee, ms := range c.Stretch {
			st[payee] = map[string]map[string]decimal.Decimal{}
			for m, v := range ms {
				st[payee][m] = map[string]decimal.Decimal{c.Period: v}
			}
		}
		cfg.Stretch = st
	}
	if c.Scores != nil {
		cfg.Scores = c.Scores
	}
	e, err := Compile(c.Commission, cfg)
	if err != nil {
		return nil, err
	}
	p, err := calendar.Calendar{}.Parse(c.Period)
	if err != nil {
		return nil, err
	}
	return e.Run(p, deals, append([]RunOption{WithRates(RateMap(c.Rates))}, opts...)...)
}

func lineString(l Line) string {
	deal := l.Deal
	if deal == "" {
		deal = "-"
	}
	return fmt.Sprintf("%s %s %s %s", l.Component, deal, l.Kind, fixed(l.Amount, l.Currency))
}

// TestConformance runs every case in testdata/cases: the statements must
// match the hand-worked lines and totals of the case, and the full JSON
// result its golden file (which pins the explanations).
func TestConformance(t *testing.T) {
	files, _ := filepath.Glob("testdata/cases/*.yaml")
	if len(files) == 0 {
		t.Fatal("no conformance cases")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		t.Run(name, func(t *testing.T) {
			c := loadCase(t, f)
			res, err := runCase(c, c.Deals)
			if c.Error != "" {
				if err == nil || err.Error() != c.Error {
					t.Fatalf("error = %v\nwant %s", err, c.Error)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]caseWant{}
			for _, s := range res.Statements {
				w := caseWant{Total: fixed(s.Total, s.Currency)}
				want := c.Want[s.Payee]
				for _, l := range s.Lines {
					w.Lines = append(w.Lines, lineString(l))
					if want.Rates != nil {
						w.Rates = append(w.Rates, fmt.Sprintf("%s %s %s", l.Component, stdcmp.Or(l.Deal, "-"), l.Rate))
					}
					if want.Explanations != nil {
						w.Explanations = append(w.Explanations, l.Explanation())
					}
				}
				got[s.Payee] = w
			}
			if diff := cmp.Diff(c.Want, got); diff != "" {
				t.Errorf("statements (-want +got):\n%s", diff)
			}
			checkConservation(t, res)
			b, err := res.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "cases", name+".golden.json"), b)
		})
	}
}

// checkConservation checks that every statement's total is the sum of its
// lines and of its subtotals.
func checkConservation(t *testing.T, res *Result) {
	t.Helper()
	for _, s := range res.Statements {
		lines, subs := decimal.Zero, decimal.Zero
		for _, l := range s.Lines {
			lines = lines.Add(l.Amount)
		}
		for _, st := range s.Subtotals {
			subs = subs.Add(st.Amount)
		}
		if !lines.Equal(s.Total) || !subs.Equal(s.Total) {
			t.Errorf("%s: total %s, lines add to %s, subtotals to %s", s.Payee, s.Total, lines, subs)
		}
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./commission -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// TestShuffle runs every case with its deals in many orders: the JSON
// result must be byte-identical.
func TestShuffle(t *testing.T) {
	files, _ := filepath.Glob("testdata/cases/*.yaml")
	r := rand.New(rand.NewPCG(7, 11))
	for _, f := range files {
		c := loadCase(t, f)
		if c.Error != "" {
			continue
		}
		res, err := runCase(c, c.Deals)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(res)
		for _, w := range []int{1, 3} {
			res, err := runCase(c, c.Deals, WithWorkers(w))
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := json.Marshal(res); string(got) != string(want) {
				t.Fatalf("%s: the result depends on the number of workers (%d)", f, w)
			}
		}
		for range 10 {
			deals := slices.Clone(c.Deals)
			r.Shuffle(len(deals), func(i, j int) { deals[i], deals[j] = deals[j], deals[i] })
			res, err := runCase(c, deals)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(res)
			if string(got) != string(want) {
				t.Fatalf("%s: the result depends on the order of the deals", f)
			}
		}
	}
}

var _ = errors.As
var _ diag.List
