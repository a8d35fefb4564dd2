package examples

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"

	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/strategy"
)

// FS holds the bundled examples, one folder each: the strategy
// (northwind/strategy.yaml), a period of its deals, its plan tests
// (northwind/strategy_test.yaml, northwind/tests) and its README. It is
// read-only and safe for concurrent use.
//
// A test of one's own can start from it:
//
//	plantest.Run(t, examples.FS, "northwind/strategy.yaml")
//
//go:embed northwind
var FS embed.FS

// Sample is a bundled example, parsed: its strategy, and the deals of
// the period they fall in. The Strategy is immutable and may be shared;
// Deals is the caller's own copy.
type Sample struct {
	// Name is the example's folder in FS.
	Name     string
	Strategy *strategy.Strategy
	// Period is the id of the period the deals fall in.
	Period string
	// Deals are the period's deals, read from DealsFile.
	Deals     []deal.Deal
	DealsFile string
}

// catalogue lists the examples: folder, period and deals file.
var catalogue = []struct{ name, period, deals string }{
	{"northwind", "FY2027-Q1", "deals-fy2027-q1.csv"},
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

// Load returns the bundled example called name ([Names]), parsed from
// [FS]. Each call parses it anew, so callers never share deals.
func Load(name string) (*Sample, error) {
	i := slices.IndexFunc(catalogue, func(c struct{ name, period, deals string }) bool { return c.name == name })
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
	return &Sample{Name: c.name, Strategy: s, Period: c.period, Deals: deals, DealsFile: dealsFile}, nil
}
