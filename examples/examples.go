package examples

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/strategy"
)

// FS holds the bundled examples, one folder each: the strategy
// (northwind/strategy.yaml), a period of its deals (and, for brightline,
// the period's MBO scores), its plan tests (northwind/strategy_test.yaml,
// northwind/tests) and its README. It is read-only and safe for
// concurrent use.
//
// A test of one's own can start from it:
//
//	plantest.Run(t, examples.FS, "northwind/strategy.yaml")
//
//go:embed northwind brightline
var FS embed.FS

// Sample is a bundled example, parsed: its strategy, and the deals of
// the period they fall in, with the period's scores when its plans read
// them. The Strategy is immutable and may be shared; Deals and Scores are
// the caller's own copies.
type Sample struct {
	// Name is the example's folder in FS.
	Name     string
	Strategy *strategy.Strategy
	// Period is the id of the period the deals fall in.
	Period string
	// Deals are the period's deals, read from DealsFile.
	Deals     []deal.Deal
	DealsFile string
	// Scores are the period's MBO and KPI scores, read from ScoresFile,
	// for an example whose plans read score.<objective>; nil, and
	// ScoresFile empty, for one whose plans do not.
	Scores     *commission.ScoreFile
	ScoresFile string
}

// RunOptions returns what a run of the sample's period takes besides its
// deals: its scores, when it has them.
//
//	res, err := ex.Strategy.Run(ex.Period, ex.Deals, ex.RunOptions()...)
func (s *Sample) RunOptions() []commission.RunOption {
	if s.Scores == nil {
		return nil
	}
	return []commission.RunOption{commission.WithScores(s.Scores)}
}

// entry is an example of the catalogue: its folder, period, deals file
// and scores file (or none).
type entry struct{ name, period, deals, scores string }

// catalogue lists the examples.
var catalogue = []entry{
	{"northwind", "FY2027-Q1", "deals-fy2027-q1.csv", ""},
	{"brightline", "FY2026-Q1", "deals-fy2026-q1.csv", "scores-fy2026-q1.csv"},
}

// Names returns the names of the bundled examples, sorted.
func Names() []string {
	names := make([]string, len(catalogue))
	for i, c := range catalogue {
		names[i] = c.name
	}
	slices.Sort(names)
	return names
}

// Northwind returns the Northwind Software example: a B2B software
// company's strategy for the fiscal year 2027 (field, inside, partner and
// online channels, two regions and a partner team, a promotion and a
// mid-year hire) and the 221 deals of its first quarter, FY2027-Q1.
func Northwind() (*Sample, error) { return Load("northwind") }

// Brightline returns the Brightline Analytics example: a mid-market SaaS
// company's comp plan for FY2026 (two teams of account executives, an
// SDR and a manager each, a VP; OTE and pay mix per role, weighted
// components paid off payout curves on the target incentive, a cap
// group, MBO scores, a prorated SDR ladder, an upper-inclusive new-logo
// SPIF, a new hire on a ramp), the 73 deals of its first quarter,
// FY2026-Q1, and the quarter's MBO scores. Its plans read the scores:
// run it with [Sample.RunOptions].
func Brightline() (*Sample, error) { return Load("brightline") }

// Load returns the bundled example called name ([Names]), parsed from
// [FS]. Each call parses it anew, so callers never share deals.
func Load(name string) (*Sample, error) {
	i := slices.IndexFunc(catalogue, func(c entry) bool { return c.name == name })
	if i < 0 {
		return nil, fmt.Errorf("examples: no example %q (the examples are %v)", name, Names())
	}
	c := catalogue[i]
	file := path.Join(c.name, "strategy.yaml")
	src, err := fs.ReadFile(FS, file)
	if err != nil {
		return nil, err
	}
	s, err := strategy.Parse(file, src)
	if err != nil {
		return nil, err
	}
	dealsFile := path.Join(c.name, c.deals)
	data, err := fs.ReadFile(FS, dealsFile)
	if err != nil {
		return nil, err
	}
	deals, err := deal.ReadCSV(dealsFile, bytes.NewReader(data), s.Schema())
	if err != nil {
		return nil, err
	}
	ex := &Sample{Name: c.name, Strategy: s, Period: c.period, Deals: deals, DealsFile: dealsFile}
	if c.scores != "" {
		ex.ScoresFile = path.Join(c.name, c.scores)
		data, err := fs.ReadFile(FS, ex.ScoresFile)
		if err != nil {
			return nil, err
		}
		if ex.Scores, err = commission.ReadScoresCSV(ex.ScoresFile, bytes.NewReader(data)); err != nil {
			return nil, err
		}
	}
	return ex, nil
}
