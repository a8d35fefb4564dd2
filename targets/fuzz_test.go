package targets_test

import (
	"strings"
	"testing"
	"time"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/targets"
	"github.com/shopspring/decimal"
)

// FuzzCompile builds a section from fuzzed text (an owner, a period id, a
// from date, amounts, weights, shares and an over-assignment) and checks
// that Compile, and the queries on what it compiles, never panic.
func FuzzCompile(f *testing.F) {
	f.Add("member:ana", "FY2026", "", "200000", "250000", "0.15,0.25,0.25,0.35", 3, "0,0.25,0.5,1", "", "months", 1)
	f.Add("team:emea", "FY2026-H2", "2026-08-01", "2500000", "", "0.5,0.5", 2, "", "1.15", "days", 2)
	f.Add("role:ae", "FY2026-Q1", "2026-02-30", "-5", "1e400", "1e-400,1", 4, "2", "-1", "weeks", 7)
	f.Add("territory:fr", "FY9999-M12", "9999-12-31", "0.001", "0", "", 0, "", "10", "", 0)
	f.Add("channel:direct", "FY0001", "0001-01-01", "999999999999999", "1", "1,0,0,0,0,0,0,0,0,0,0,0", 4, "1", "1.000000000001", "months", 12)
	f.Fuzz(func(t *testing.T, owner, period, from, amount, stretch, weights string, kind int, shares, over, basis string, month int) {
		num := func(s string) decimal.Decimal {
			d, err := decimal.NewFromString(s)
			if err != nil {
				return decimal.Zero
			}
			return d
		}
		list := func(s string) []decimal.Decimal {
			if s == "" {
				return nil
			}
			var out []decimal.Decimal
			for _, p := range strings.Split(s, ",") {
				out = append(out, num(p))
			}
			return out
		}
		fromDate, _ := calendar.ParseDate(from)
		q := targets.Quota{
			Owner: owner, Measure: "bookings", Period: period, From: fromDate,
			Amount: num(amount), Stretch: num(stretch), Seasonality: "s", Ramp: "r",
		}
		if over != "" {
			q.Allocate = &targets.Allocation{OverAssign: num(over)}
		}
		sec := targets.Section{
			Rounding:      []targets.QuotaRounding{"", targets.Exact}[max(kind, -kind)%2],
			Proration:     targets.Basis(basis),
			AllowNegative: kind%2 == 0,
			Seasonality:   []targets.Seasonality{{ID: "s", Period: calendar.Kind(kind), Weights: list(weights)}},
			Ramps:         []targets.Ramp{{ID: "r", Shares: list(shares)}},
			Quotas:        []targets.Quota{q, quota("member:ana", "bookings", "FY2026", "100")},
		}
		var cal calendar.Calendar
		if month >= 0 && month <= 12 {
			cal.StartMonth = time.Month(month)
		}
		b, err := targets.Compile(sec, targets.Env{Org: newOrg(), Calendar: cal})
		if err != nil {
			return
		}
		p, err := cal.Parse(period)
		if err != nil {
			t.Fatalf("compiled with a bad period %q: %v", period, err)
		}
		for _, m := range []string{"ana", "cal", "eve"} {
			if _, _, err := b.Quota(m, "bookings", p); err != nil {
				t.Fatal(err)
			}
			if _, _, err := b.Stretch(m, "bookings", p); err != nil {
				t.Fatal(err)
			}
			if _, _, err := b.QuotaDetail(m, "bookings", p); err != nil {
				t.Fatal(err)
			}
		}
		if kind, id, err := targets.ParseOwner(owner); err == nil {
			if _, _, err := b.TargetOf(kind, id, "bookings", p); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := b.YTD("team", "emea", "bookings", p, nil); err != nil {
			t.Fatal(err)
		}
	})
}
