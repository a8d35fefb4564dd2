package main

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/report"
	"github.com/shopspring/decimal"
)

const (
	blStrategy = "../../examples/brightline/strategy.yaml"
	blDeals    = "../../examples/brightline/deals-fy2026-q1.csv"
	blScores   = "../../examples/brightline/scores-fy2026-q1.csv"
)

// brightlineCurve draws the curve of payee on plan through the curve
// command, as a user would, and returns the SVG with its marks: each
// mark's attainment and label.
func brightlineCurve(t *testing.T, plan, payee string) (svg string, marks [][2]string) {
	t.Helper()
	var b bytes.Buffer
	e := &env{stdout: &b, stderr: &bytes.Buffer{}}
	if err := curveCmd(e, []string{blStrategy, "--deals", blDeals, "--scores", blScores, "--period", "FY2026-Q1", "--plan", plan, "--payee", payee, "--svg", "-"}); err != nil {
		t.Fatal(err)
	}
	svg = b.String()
	g := regexp.MustCompile(`(?s)<g class="marks"[^>]*>(.*?)</g>`).FindStringSubmatch(svg)
	if g == nil {
		t.Fatalf("no marks in\n%s", svg)
	}
	re := regexp.MustCompile(`data-attainment="([^"]+)"/>\n<text[^>]*>([^<]*)</text>`)
	for _, m := range re.FindAllStringSubmatch(g[1], -1) {
		marks = append(marks, [2]string{m[1], m[2]})
	}
	return svg, marks
}

// The new-logo SPIF is a step table keyed on each deal's ARR: its bounds
// (25,000 and 75,000) were drawn as attainments of Alex's quota
// ("500.00 from 15.63%"). It is not on the attainment axis: the curve
// says it in words instead.
func TestCurveDealTableNotOnAttainment(t *testing.T) {
	svg, marks := brightlineCurve(t, "ae", "alex")
	want := [][2]string{
		{"0.5", "new-arr paid from 50%"},
		{"1", "100% at 100%"},
		{"1.5", "200% at 150%"},
		{"2", "250% at 200%"},
	}
	if diff := cmp.Diff(want, marks); diff != "" {
		t.Errorf("marks (-want +got):\n%s", diff)
	}
	for _, s := range []string{
		"Component new-logo-spif is paid on each deal&#39;s New ARR, not on attainment of New ARR, so the drawing does not mark it: 250.00 up to and including 25,000.00; 500.00 above 25,000.00 up to and including 75,000.00; 1,000.00 above 75,000.00.",
		// Alex shares East's pool, not West's
		"Component east-pool is a pool of 5,000.00 that team East earns as a whole when it reaches 110% of its New ARR target, shared by New ARR: the curve moves your deals, and the team&#39;s numbers with them.",
	} {
		if !strings.Contains(strings.ReplaceAll(svg, "\n", " "), s) && !strings.Contains(descOf(svg), s) {
			t.Errorf("the curve does not say %q", s)
		}
	}
	if strings.Contains(svg, "west-pool") {
		t.Error("Alex's curve speaks of West's pool, which he does not share")
	}
}

// descOf returns the text alternative of a drawing.
func descOf(svg string) string {
	m := regexp.MustCompile(`<desc[^>]*>([^<]*)</desc>`).FindStringSubmatch(svg)
	if m == nil {
		return ""
	}
	return m[1]
}

// The SDR ladder is prorated: its bands were labelled with their rate
// ("0% from 100%"), which a prorated band does not have. Each band says
// what it pays and over what, and the table's limit (to: 1.5, above:
// none), which was not marked, is.
func TestCurveProratedBandsAndLimit(t *testing.T) {
	_, marks := brightlineCurve(t, "sdr", "sam")
	want := [][2]string{
		{"0", "1.00 × multiplier over 0%–100%"},
		{"1", "1.00 × multiplier over 100%–150%"},
		{"1.5", "nothing more above 150%"},
	}
	if diff := cmp.Diff(want, marks); diff != "" {
		t.Errorf("marks (-want +got):\n%s", diff)
	}
}

// curveMarks on tables written for the purpose: a table in currency on
// the period total stands on the axis at bound ÷ quota; each mode words
// its bands; a limit is marked by what is paid beyond it.
func TestCurveMarks(t *testing.T) {
	d := decimal.RequireFromString
	to := func(s string) *decimal.Decimal { v := d(s); return &v }
	m := commission.MeasureValue{Measure: "bookings", HasQuota: true, Quota: d("100000"), Value: d("50000")}
	cases := []struct {
		name    string
		table   commission.TableDef
		comp    commission.ComponentDef
		marks   []string
		offAxis []string
	}{
		{"amount table on the period total", commission.TableDef{Mode: commission.Highest, Bands: []commission.Band{{From: d("0"), Rate: d("0.03")}, {From: d("120000"), Rate: d("0.05")}}},
			commission.ComponentDef{Per: commission.PerPeriod, Measure: "bookings"},
			[]string{"1.2 5% from 120%"}, nil},
		{"amount table on the running total, upper bounds, flat above its limit", commission.TableDef{Mode: commission.Step, Bounds: commission.UpperBounds, To: to("150000"), Above: commission.AboveNone,
			Bands: []commission.Band{{From: d("0"), Amount: d("100")}, {From: d("50000"), Amount: d("300")}}},
			commission.ComponentDef{Scope: commission.RunningScope, Measure: "bookings"},
			[]string{"0.5 300.00 above 50%", "1.5 flat above 150%"}, nil},
		{"marginal on attainment, nothing more above its limit", commission.TableDef{Mode: commission.Marginal, Basis: commission.Attainment, To: to("2"), Above: commission.AboveNone,
			Bands: []commission.Band{{From: d("0"), Rate: d("0.08")}, {From: d("1"), Rate: d("0.12")}}},
			commission.ComponentDef{Scope: commission.RunningScope, Measure: "bookings"},
			[]string{"1 12% from 100%", "2 nothing more above 200%"}, nil},
		{"prorated going on above its limit", commission.TableDef{Mode: commission.Prorated, Basis: commission.Attainment, To: to("1"), Above: commission.AboveLast,
			Bands: []commission.Band{{From: d("0"), Amount: d("4000")}}},
			commission.ComponentDef{Scope: commission.RunningScope, Measure: "bookings"},
			[]string{"0 4,000.00 over 0%–100%", "1 same pace above 100%"}, nil},
		{"a table with above: last and not prorated: no limit to mark", commission.TableDef{Mode: commission.Highest, Basis: commission.Attainment, To: to("1.5"), Above: commission.AboveLast,
			Bands: []commission.Band{{From: d("0"), Rate: d("0.01")}, {From: d("1"), Rate: d("0.02")}}},
			commission.ComponentDef{Per: commission.PerPeriod, Measure: "bookings"},
			[]string{"1 2% from 100%"}, nil},
		{"per-deal amount table", commission.TableDef{Mode: commission.Highest, Bands: []commission.Band{{From: d("0"), Rate: d("0.03")}, {From: d("20000"), Rate: d("0.05")}}},
			commission.ComponentDef{Measure: "bookings"},
			nil, []string{"Comp is paid on each deal's Bookings, not on attainment of Bookings, so the drawing does not mark it: 3% below 20,000.00; 5% from 20,000.00"}},
		{"a base of its own", commission.TableDef{Mode: commission.Highest, Bands: []commission.Band{{From: d("0"), Rate: d("0.03")}, {From: d("20000"), Rate: d("0.05")}}},
			commission.ComponentDef{Per: commission.PerPeriod, Measure: "bookings", Base: "measure.bookings / 2"},
			nil, []string{"Comp is paid on its base (measure.bookings / 2), not on attainment of Bookings, so the drawing does not mark it: 3% below 20,000.00; 5% from 20,000.00"}},
		{"attainment of another measure", commission.TableDef{Mode: commission.Linear, Basis: commission.Attainment, Bands: []commission.Band{{From: d("0"), Rate: d("0")}, {From: d("1"), Rate: d("1")}}},
			commission.ComponentDef{Per: commission.PerPeriod, Measure: "renewals"},
			nil, []string{"Comp is paid on attainment of renewals, not on attainment of Bookings, so the drawing does not mark it: 0% at 0%; 100% at 100%, interpolated"}},
	}
	names := report.Names{Measures: map[string]string{"bookings": "Bookings"}, Components: map[string]string{"p/c": "Comp"}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.table.ID, tc.comp.ID, tc.comp.Table = "t", "c", "t"
			sec := commission.Section{Tables: []commission.TableDef{tc.table}, Plans: []commission.PlanDef{{ID: "p", Components: []commission.ComponentDef{tc.comp}}}}
			marks, offAxis := curveMarks(sec, names, func(id string) string { return id }, func(string) bool { return true }, "p", m)
			var got []string
			for _, mk := range marks {
				got = append(got, mk.Attainment.String()+" "+mk.Label)
			}
			if diff := cmp.Diff(tc.marks, got); diff != "" {
				t.Errorf("marks (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.offAxis, offAxis); diff != "" {
				t.Errorf("off the axis (-want +got):\n%s", diff)
			}
		})
	}
	// a gate on a team's attainment is no gate on the payee's
	sec := commission.Section{Plans: []commission.PlanDef{{ID: "p", Components: []commission.ComponentDef{
		{ID: "a", Per: commission.PerPeriod, Gate: "team.attainment.bookings >= 1.1", Amount: "1"},
		{ID: "b", Per: commission.PerPeriod, Gate: "attainment.bookings >= 0.5", Amount: "1"},
	}}}}
	marks, _ := curveMarks(sec, names, nil, nil, "p", m)
	var got []string
	for _, mk := range marks {
		got = append(got, mk.Label)
	}
	if !slices.Equal(got, []string{"b paid from 50%"}) {
		t.Errorf("gate marks: %q", got)
	}
}
