package targets_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/internal/yamldoc"
	"github.com/salesplan/salesplan/targets"
)

// doc is the targets section as a strategy document writes it, in a
// calendar whose fiscal year starts in February (FY2027 from 2026-02-01).
const doc = `
targets:
  proration: months
  seasonality:
    - {id: saas, period: quarter, weights: [0.15, 0.25, 0.25, 0.35]}
  ramps:
    - {id: ae-ramp, shares: [0, 0.25, 0.5, 0.75, 1]}
  quotas:
    - {owner: role:ae, measure: bookings, period: FY2027, amount: 600000, seasonality: saas, ramp: ae-ramp}
    - {owner: member:ana, measure: bookings, period: FY2027, amount: 800000, stretch: 1000000, seasonality: saas}
    - {owner: member:ana, measure: bookings, period: FY2027, amount: 900000, from: 2026-08-01, seasonality: saas}
    - owner: team:amer
      measure: bookings
      period: FY2027
      amount: 2500000
      allocate: {over_assign: 1.15, weights: {fay: 2, gus: 1}}
`

type document struct {
	Targets targets.Section `yaml:"targets"`
}

// TestDocument decodes the section from YAML with the strict decoder the
// strategy package uses, compiles it, and checks that problems found by
// path are positioned in the document.
func TestDocument(t *testing.T) {
	var d document
	ix, list := yamldoc.Decode("plan.yaml", []byte(doc), &d, yamldoc.Limits{})
	if len(list) > 0 {
		t.Fatal(list)
	}
	cal := calendar.Calendar{StartMonth: time.February}
	b := compile(t, d.Targets, targets.Env{Calendar: cal, Measures: []string{"bookings"}})
	// ana: 800,000 spread 15/25/25/35 over Feb–Apr, May–Jul, Aug–Oct,
	// Nov–Jan, then 900,000 from August: Q3 and Q4 at 225,000 and 315,000.
	got := quotas(t, b, "ana", "bookings", "FY2027-Q1", "FY2027-Q2", "FY2027-Q3", "FY2027-Q4", "FY2027")
	want := []string{"120000.00", "200000.00", "225000.00", "315000.00", "860000.00"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ana (-want +got):\n%s", diff)
	}
	// 2,875,000 split 2:1 between fay and gus: 1,916,666.67 and
	// 958,333.33. gus starts on 2026-03-15, so by months he misses
	// February and March: 10 months of 12.
	got = quotas(t, b, "fay", "bookings", "FY2027")
	got = append(got, quotas(t, b, "gus", "bookings", "FY2027-Q1", "FY2027")...)
	want = []string{"1916666.67", "79861.11", "798611.11"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fay, gus (-want +got):\n%s", diff)
	}

	// A mistake is reported at its line and column.
	d.Targets.Quotas[1].Measure = "bookngs"
	_, err := targets.Compile(d.Targets, targets.Env{Calendar: cal, Org: newOrg(), Measures: []string{"bookings"}})
	var problems diag.List
	if !errors.As(err, &problems) {
		t.Fatalf("error %v is not a diag.List", err)
	}
	located := ix.Locate(problems.Prefix("targets"))
	if diff := cmp.Diff("plan.yaml:10:36: targets.quotas[1].measure: unknown measure bookngs (did you mean bookings?)", located.Error()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestDocumentExact decodes rounding: exact with the strict decoder: the
// key is part of the format.
func TestDocumentExact(t *testing.T) {
	const src = `
targets:
  proration: months
  rounding: exact
  quotas:
    - {owner: member:ana, measure: bookings, period: FY2026, amount: 100000}
`
	var d document
	if _, list := yamldoc.Decode("plan.yaml", []byte(src), &d, yamldoc.Limits{}); len(list) > 0 {
		t.Fatal(list)
	}
	b := compile(t, d.Targets, targets.Env{})
	got := exactQuotas(t, b, "ana", "bookings", "FY2026-M01", "FY2026-M02")
	if diff := cmp.Diff([]string{"8333.33333333333333333333", "8333.33333333333333333334"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
