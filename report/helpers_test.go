package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/payout"
	"github.com/salesplan/salesplan/strategy"
	"github.com/salesplan/salesplan/whatif"
	"github.com/shopspring/decimal"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// example is the bundled Northwind strategy run on its first quarter.
type example struct {
	s     *strategy.Strategy
	deals []deal.Deal
	res   *commission.Result
	po    *payout.Result
	names Names
}

var (
	exampleOnce sync.Once
	exampleVal  example
	exampleErr  error
)

const examplePeriod = "FY2027-Q1"

func northwind(t testing.TB) example {
	t.Helper()
	exampleOnce.Do(func() {
		var x example
		if x.s, exampleErr = strategy.Load("../examples/northwind/strategy.yaml"); exampleErr != nil {
			return
		}
		f, err := os.Open("../examples/northwind/deals-fy2027-q1.csv")
		if err != nil {
			exampleErr = err
			return
		}
		defer f.Close()
		if x.deals, exampleErr = deal.ReadCSV("deals-fy2027-q1.csv", f, x.s.Schema()); exampleErr != nil {
			return
		}
		// the payout of the first period: what is paid now comes from the
		// same computation as the statement
		if x.po, exampleErr = x.s.Payout(examplePeriod, x.deals, strategy.PayoutInput{}); exampleErr != nil {
			return
		}
		x.res = x.po.Commission
		x.names = NamesOf(x.s)
		x.names.Plans["ae"] = "Account Executive FY2027"
		x.names.Plans["manager"] = "Regional manager override"
		x.names.Measures["bookings"] = "Bookings"
		x.names.Measures["sourced"] = "Sourced bookings"
		x.names.Measures["new_logos"] = "New logos"
		exampleVal = x
	})
	if exampleErr != nil {
		t.Fatal(exampleErr)
	}
	return exampleVal
}

// anaCurve is the payout curve of plan ae for ana from whatif.Simulate
// (her deals scaled to 0%, 5%, … 200%), with the plan's band edges and cap.
func anaCurve(t testing.TB, x example) *Curve {
	t.Helper()
	st, _ := x.res.Statement("ana")
	c := &Curve{Title: "Account Executive FY2027", Measure: "Bookings", Currency: "USD",
		Marks:  []Mark{{Attainment: decimal.NewFromInt(1), Label: "12% from 100%"}, {Attainment: decimal.RequireFromString("1.5"), Label: "15% from 150%"}},
		Limits: []Limit{{Payout: decimal.NewFromInt(60000), Label: "plan cap 60,000.00"}},
		Payee:  &Point{Attainment: st.Measures[0].Attainment, Payout: st.Total}, PayeeName: "Ana Lima"}
	sim, err := whatif.Simulate(x.s, "ana", examplePeriod, x.deals, whatif.Options{Steps: 40})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range sim.Points {
		c.Points = append(c.Points, Point{Attainment: p.Attainment, Payout: p.Payout})
	}
	c.Notes = sim.Assumptions
	return c
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to write it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs (-want +got); run go test ./report -update and review the diff:\n%s", path, cmp.Diff(string(want), string(got)))
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
