package commission

import (
	"errors"
	fx "github.com/salesplan/salesplan/internal/fixed"
	"math/rand/v2"
	"testing"

	"github.com/salesplan/salesplan/diag"
	"github.com/shopspring/decimal"
)

// TestTableBounds checks that a value equal to a bound belongs to the
// higher band, and what lies below the first bound.
func TestTableBounds(t *testing.T) {
	tb, err := NewTable(TableDef{ID: "t", Mode: Highest, Bands: []Band{{From: dec("100"), Rate: dec("0.03")}, {From: dec("200"), Rate: dec("0.05")}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ v, want string }{{"50", "0"}, {"100", "0.03"}, {"199.99", "0.03"}, {"200", "0.05"}, {"1e9", "0.05"}} {
		if got, _ := tb.Rate("", dec(tt.v)); !got.Equal(dec(tt.want)) {
			t.Errorf("Rate(%s) = %s, want %s", tt.v, got, tt.want)
		}
	}
}

// TestTableAdditivity is the property that makes running totals work:
// pricing a slice in two parts gives the same as pricing it whole, for
// the split modes (marginal, linear, step), whatever the cut and the
// direction (linear to 1e-9: its interpolated rates are quotients kept
// to 20 places).
func TestTableAdditivity(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 13))
	for i := range 2000 {
		mode := []Mode{Marginal, Linear, Step}[i%3]
		n := 1 + r.IntN(5)
		bands := make([]Band, n)
		from := int64(0)
		for j := range bands {
			bands[j].From = decimal.NewFromInt(from)
			if mode == Step {
				bands[j].Amount = decimal.NewFromInt(int64(r.IntN(1000)))
			} else {
				bands[j].Rate = decimal.New(int64(r.IntN(200)), -3)
			}
			from += int64(1 + r.IntN(50000))
		}
		tb, err := NewTable(TableDef{ID: "t", Mode: mode, Bands: bands})
		if err != nil {
			t.Fatal(err)
		}
		v := func() decimal.Decimal { return decimal.New(int64(r.IntN(30000000)), -2) }
		a, b, c := v(), v(), v()
		ab, _ := tb.ApplyRange("", a, b)
		bc, _ := tb.ApplyRange("", b, c)
		ac, _ := tb.ApplyRange("", a, c)
		if got := ab.Amount.Add(bc.Amount); got.Sub(ac.Amount).Abs().GreaterThan(decimal.New(1, -9)) {
			t.Fatalf("%s table %v: [%s,%s] + [%s,%s] = %s, but [%s,%s] = %s", mode, bands, a, b, b, c, got, a, c, ac.Amount)
		}
		if mode == Marginal {
			whole, _ := tb.Apply("", c)
			zero, _ := tb.ApplyRange("", decimal.Zero, c)
			if !whole.Amount.Equal(zero.Amount) {
				t.Fatalf("marginal Apply(%s) = %s, ApplyRange(0, %s) = %s", c, whole.Amount, c, zero.Amount)
			}
		}
	}
}

// FuzzTable prices arbitrary values with arbitrary tables: no panic, and
// a negative value is priced as the negated price of its absolute value.
func FuzzTable(f *testing.F) {
	f.Add("highest", int64(0), int64(3), int64(20000), int64(5), int64(30000))
	f.Add("linear", int64(10), int64(0), int64(10), int64(100), int64(-5))
	f.Fuzz(func(t *testing.T, mode string, b0, r0, b1, r1, v int64) {
		tb, err := NewTable(TableDef{ID: "t", Mode: Mode(mode), Bands: []Band{
			{From: decimal.NewFromInt(b0), Rate: decimal.New(r0, -2)}, {From: decimal.NewFromInt(b1), Rate: decimal.New(r1, -2)}}})
		if err != nil {
			return
		}
		x := decimal.NewFromInt(v)
		p, err := tb.Apply("", x)
		if err != nil {
			t.Fatal(err)
		}
		q, _ := tb.Apply("", x.Neg())
		if !p.Amount.Equal(q.Amount.Neg()) {
			t.Fatalf("Apply(%s) = %s but Apply(%s) = %s", x, p.Amount, x.Neg(), q.Amount)
		}
		if _, err := tb.ApplyRange("", x, decimal.NewFromInt(b1)); err != nil {
			t.Fatal(err)
		}
	})
}

// pct, marg, lin, stp and pro are the tables of TestTableModesBounds,
// with bounds b, and a limit to when to is not "".
//
//	rates (highest, marginal):  0 at 3%, 100 at 5%, 200 at 8%
//	rates (linear):             0 at 2%, 100 at 4%, 200 at 6%
//	amounts (step):             0 pays 0, 100 pays 50, 200 pays 80
//	amounts (prorated):         0–100 pays 10, 100–200 pays 40, 200–to pays 20
func ratesDef(mode Mode, b Bounds, to string, above Above) TableDef {
	def := TableDef{ID: "t", Mode: mode, Bounds: b, Above: above}
	switch mode {
	case Highest, Marginal:
		def.Bands = []Band{{From: dec("0"), Rate: dec("0.03")}, {From: dec("100"), Rate: dec("0.05")}, {From: dec("200"), Rate: dec("0.08")}}
	case Linear:
		def.Bands = []Band{{From: dec("0"), Rate: dec("0.02")}, {From: dec("100"), Rate: dec("0.04")}, {From: dec("200"), Rate: dec("0.06")}}
	case Step:
		def.Bands = []Band{{From: dec("0")}, {From: dec("100"), Amount: dec("50")}, {From: dec("200"), Amount: dec("80")}}
	case Prorated:
		def.Bands = []Band{{From: dec("0"), Amount: dec("10")}, {From: dec("100"), Amount: dec("40")}, {From: dec("200"), Amount: dec("20")}}
	}
	if to != "" {
		def.To = ptr(dec(to))
	}
	return def
}

// TestTableModesBounds prices values (apply v), slices of running totals
// (range a b) and rates (rate v) in every mode, with each bound rule and
// limit, the numbers worked by hand.
func TestTableModesBounds(t *testing.T) {
	const L, U = LowerBounds, UpperBounds
	tests := []struct {
		name  string
		mode  Mode
		b     Bounds
		to    string
		above Above
		op    string // apply, range, rate
		a, v  string // range a → v; apply/rate v
		want  string
	}{
		// highest: the whole value at the rate of the band it reaches
		{"highest lower at bound", Highest, L, "", "", "apply", "", "100", "5"},            // 100 x 5%
		{"highest upper at bound", Highest, U, "", "", "apply", "", "100", "3"},            // 100 x 3%: up to and including 100
		{"highest upper above bound", Highest, U, "", "", "apply", "", "100.01", "5.0005"}, // 100.01 x 5%
		{"highest upper at first bound", Highest, U, "", "", "apply", "", "0", "0"},
		{"highest upper second bound", Highest, U, "", "", "apply", "", "200", "10"},      // 200 x 5%
		{"highest lower second bound", Highest, L, "", "", "apply", "", "200", "16"},      // 200 x 8%
		{"highest return upper", Highest, U, "", "", "apply", "", "-100", "-3"},           // -(100 x 3%)
		{"highest none at limit", Highest, U, "300", AboveNone, "apply", "", "300", "24"}, // 300 x 8%
		{"highest none beyond", Highest, U, "300", AboveNone, "apply", "", "500", "24"},   // priced as 300
		{"highest none beyond return", Highest, L, "300", AboveNone, "apply", "", "-500", "-24"},
		{"highest last beyond", Highest, L, "300", AboveLast, "apply", "", "500", "40"},    // 500 x 8%
		{"highest running lower", Highest, L, "", "", "range", "90", "100", "0.5"},         // 10 x 5%
		{"highest running upper", Highest, U, "", "", "range", "90", "100", "0.3"},         // 10 x 3%
		{"highest running straddle", Highest, U, "", "", "range", "90", "110", "1"},        // 20 x 5%
		{"highest running note", Highest, U, "", "", "range", "110", "90", "-1"},           // -(20 x 5%)
		{"highest running none", Highest, L, "300", AboveNone, "range", "250", "350", "4"}, // (300-250) x 8%
		{"highest running none past", Highest, L, "300", AboveNone, "range", "310", "400", "0"},
		{"highest rate none beyond", Highest, L, "300", AboveNone, "rate", "", "400", "0.08"}, // read at the limit

		// marginal: each slice at its band's rate; the bound rule moves
		// only the rate read at a bound, never an amount
		{"marginal lower", Marginal, L, "", "", "apply", "", "150", "5.5"}, // 100 x 3% + 50 x 5%
		{"marginal upper", Marginal, U, "", "", "apply", "", "150", "5.5"},
		{"marginal upper at bound", Marginal, U, "", "", "apply", "", "100", "3"},
		{"marginal return", Marginal, U, "", "", "apply", "", "-150", "-5.5"},
		{"marginal rate lower at bound", Marginal, L, "", "", "rate", "", "100", "0.05"},
		{"marginal rate upper at bound", Marginal, U, "", "", "rate", "", "100", "0.03"},
		{"marginal running straddle upper", Marginal, U, "", "", "range", "90", "110", "0.8"},       // 10 x 3% + 10 x 5%
		{"marginal none", Marginal, L, "250", AboveNone, "apply", "", "300", "12"},                  // 3 + 5 + 50 x 8%
		{"marginal last", Marginal, L, "250", AboveLast, "apply", "", "300", "16"},                  // 3 + 5 + 100 x 8%
		{"marginal none running", Marginal, U, "250", AboveNone, "range", "240", "260", "0.8"},      // 10 x 8% + 10 x 0
		{"marginal none credit note", Marginal, U, "250", AboveNone, "range", "260", "240", "-0.8"}, // from the top down
		{"marginal rate none at limit lower", Marginal, L, "250", AboveNone, "rate", "", "250", "0"},
		{"marginal rate none at limit upper", Marginal, U, "250", AboveNone, "rate", "", "250", "0.08"},
		{"marginal rate last beyond", Marginal, U, "250", AboveLast, "rate", "", "900", "0.08"},

		// linear: the rate is continuous at interior bounds, so the rule
		// changes nothing there
		{"linear lower", Linear, L, "", "", "apply", "", "150", "7.5"}, // 150 x (4% + 2% x 50/100)
		{"linear upper at bound", Linear, U, "", "", "apply", "", "100", "4"},
		{"linear lower at bound", Linear, L, "", "", "apply", "", "100", "4"},
		{"linear running", Linear, U, "", "", "range", "0", "100", "3"},                  // 100 x (2% + 4%)/2
		{"linear none beyond", Linear, L, "300", AboveNone, "apply", "", "400", "18"},    // 300 x 6%
		{"linear last beyond", Linear, L, "300", AboveLast, "apply", "", "400", "24"},    // 400 x 6%
		{"linear none running", Linear, L, "300", AboveNone, "range", "250", "400", "3"}, // 50 x 6%

		// step: the amount of the band reached; a bound belongs to the
		// band the rule says
		{"step lower at bound", Step, L, "", "", "apply", "", "100", "50"},
		{"step upper at bound", Step, U, "", "", "apply", "", "100", "0"},
		{"step upper second bound", Step, U, "", "", "apply", "", "200", "50"},
		{"step lower second bound", Step, L, "", "", "apply", "", "200", "80"},
		{"step return lower", Step, L, "", "", "apply", "", "-100", "-50"},
		{"step running to bound lower", Step, L, "", "", "range", "90", "100", "50"}, // 50 - 0
		{"step running to bound upper", Step, U, "", "", "range", "90", "100", "0"},  // 0 - 0
		{"step running from bound upper", Step, U, "", "", "range", "100", "110", "50"},
		{"step running from bound lower", Step, L, "", "", "range", "100", "110", "0"},
		{"step running note", Step, L, "", "", "range", "110", "90", "-50"},
		{"step none beyond", Step, L, "300", AboveNone, "apply", "", "900", "80"},

		// prorated: each band's amount pro rata to the part reached
		{"prorated half band", Prorated, L, "300", AboveNone, "apply", "", "50", "5"},     // 10 x 50/100
		{"prorated whole band", Prorated, U, "300", AboveNone, "apply", "", "100", "10"},  // 10
		{"prorated two bands", Prorated, L, "300", AboveNone, "apply", "", "150", "30"},   // 10 + 40 x 50/100
		{"prorated top band", Prorated, L, "300", AboveNone, "apply", "", "250", "60"},    // 10 + 40 + 20 x 50/100
		{"prorated at limit", Prorated, L, "300", AboveNone, "apply", "", "300", "70"},    // 10 + 40 + 20
		{"prorated none beyond", Prorated, L, "300", AboveNone, "apply", "", "400", "70"}, // nothing more
		{"prorated last beyond", Prorated, L, "300", AboveLast, "apply", "", "400", "90"}, // 70 + 20 x 100/100
		{"prorated return", Prorated, U, "300", AboveNone, "apply", "", "-150", "-30"},
		{"prorated running", Prorated, L, "300", AboveNone, "range", "50", "150", "25"},       // 10 x 50/100 + 40 x 50/100
		{"prorated credit note", Prorated, L, "300", AboveNone, "range", "150", "50", "-25"},  // from the top down
		{"prorated running none", Prorated, U, "300", AboveNone, "range", "250", "350", "10"}, // 20 x 50/100, then nothing
		{"prorated running last", Prorated, U, "300", AboveLast, "range", "250", "350", "20"}, // 20 x 100/100
		{"prorated running past none", Prorated, U, "300", AboveNone, "range", "310", "350", "0"},
		{"prorated rate", Prorated, L, "300", AboveNone, "rate", "", "150", "0.4"}, // 40 / 100
		{"prorated rate lower at bound", Prorated, L, "300", AboveNone, "rate", "", "100", "0.4"},
		{"prorated rate upper at bound", Prorated, U, "300", AboveNone, "rate", "", "100", "0.1"},
		{"prorated rate none at limit lower", Prorated, L, "300", AboveNone, "rate", "", "300", "0"},
		{"prorated rate none at limit upper", Prorated, U, "300", AboveNone, "rate", "", "300", "0.2"},
		{"prorated rate last beyond", Prorated, U, "300", AboveLast, "rate", "", "350", "0.2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb, err := NewTable(ratesDef(tt.mode, tt.b, tt.to, tt.above))
			if err != nil {
				t.Fatal(err)
			}
			var got decimal.Decimal
			switch tt.op {
			case "apply":
				p, err := tb.Apply("", dec(tt.v))
				if err != nil {
					t.Fatal(err)
				}
				got = p.Amount
				checkSlices(t, p)
			case "range":
				p, err := tb.ApplyRange("", dec(tt.a), dec(tt.v))
				if err != nil {
					t.Fatal(err)
				}
				got = p.Amount
				checkSlices(t, p)
			case "rate":
				got, err = tb.Rate("", dec(tt.v))
				if err != nil {
					t.Fatal(err)
				}
			}
			if !got.Equal(dec(tt.want)) {
				t.Errorf("%s %s %s = %s, want %s", tt.op, tt.a, tt.v, got, tt.want)
			}
		})
	}
}

// checkSlices checks that a priced amount is the sum of its slices.
func checkSlices(t *testing.T, p Priced) {
	t.Helper()
	sum := decimal.Zero
	for _, s := range p.Slices {
		sum = sum.Add(s.Amount)
	}
	if !sum.Equal(p.Amount) {
		t.Errorf("slices add up to %s, amount %s: %+v", sum, p.Amount, p.Slices)
	}
}

// TestTableProratedThirds checks that a band paid in parts that are not
// whole fractions adds up to its amount exactly: 1,000 over 0–30,000, in
// 0–10,000 (333.33…) and 10,000–30,000 (666.66…7).
func TestTableProratedThirds(t *testing.T) {
	tb, err := NewTable(TableDef{ID: "t", Mode: Prorated, To: ptr(dec("30000")), Above: AboveNone, Bands: []Band{{From: dec("0"), Amount: dec("1000")}}})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := tb.ApplyRange("", dec("0"), dec("10000"))
	b, _ := tb.ApplyRange("", dec("10000"), dec("30000"))
	if want := dec("333.33333333333333333333"); !a.Amount.Equal(want) {
		t.Errorf("0-10,000 = %s, want %s", a.Amount, want)
	}
	if got := a.Amount.Add(b.Amount); !got.Equal(dec("1000")) {
		t.Errorf("0-10,000 + 10,000-30,000 = %s, want 1000", got)
	}
}

// TestTableAttainmentLimit checks that the limit of an attainment table
// is scaled with its bounds: prorated, 0–100% pays 1,000, 100–150% pays
// 2,000, quota 100,000; the running total 50,000 → 120,000 earns
// 1,000 x 50,000/100,000 + 2,000 x 20,000/50,000 = 500 + 800 = 1,300, and
// 140,000 → 200,000 earns 2,000 x 10,000/50,000 = 400, nothing beyond
// 150,000.
func TestTableAttainmentLimit(t *testing.T) {
	tb, err := NewTable(TableDef{ID: "t", Mode: Prorated, Basis: Attainment, To: ptr(dec("1.5")), Above: AboveNone,
		Bands: []Band{{From: dec("0"), Amount: dec("1000")}, {From: dec("1"), Amount: dec("2000")}}})
	if err != nil {
		t.Fatal(err)
	}
	sb := scaled(tb.rows[""], dec("100000"))
	for _, tt := range []struct{ a, b, want string }{{"50000", "120000", "1300"}, {"140000", "200000", "400"}} {
		if got := applyRange(Prorated, sb, dec(tt.a), dec(tt.b)).Amount; !got.Equal(dec(tt.want)) {
			t.Errorf("%s-%s = %s, want %s", tt.a, tt.b, got, tt.want)
		}
	}
	if got := tb.rows[""][1].top.to; !got.Equal(dec("1.5")) {
		t.Errorf("scaled changed the table's own limit: %s", got)
	}
}

// TestTablePenalty checks that a penalty table may have negative rates:
// 0 at -1%, 100 at 2%, marginal: 150 → -1 + 1 = 0, 300 → -1 + 4 = 3.
func TestTablePenalty(t *testing.T) {
	tb, err := NewTable(TableDef{ID: "t", Mode: Marginal, Penalty: true, Bands: []Band{{From: dec("0"), Rate: dec("-0.01")}, {From: dec("100"), Rate: dec("0.02")}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ v, want string }{{"150", "0"}, {"300", "3"}, {"-300", "-3"}} {
		if p, _ := tb.Apply("", dec(tt.v)); !p.Amount.Equal(dec(tt.want)) {
			t.Errorf("Apply(%s) = %s, want %s", tt.v, p.Amount, tt.want)
		}
	}
}

// TestTableErrors checks the problems NewTable reports, with their exact
// text.
func TestTableErrors(t *testing.T) {
	rates := []Band{{From: dec("0"), Rate: dec("0.03")}, {From: dec("100"), Rate: dec("0.05")}}
	tests := []struct {
		name string
		def  TableDef
		want string
	}{
		{"negative rate", TableDef{ID: "t", Mode: Marginal, Bands: []Band{{From: dec("0"), Rate: dec("-0.02")}}},
			"bands[0].rate: negative rate -0.02: a table with negative rates says penalty: true (a decelerator or penalty table)"},
		{"negative amount", TableDef{ID: "t", Mode: Step, Bands: []Band{{From: dec("0"), Amount: dec("-50")}}},
			"bands[0].amount: negative amount -50: a table with negative amounts says penalty: true (a decelerator or penalty table)"},
		{"negative rate in a row", TableDef{ID: "t", Mode: Highest, Rows: []TableRow{{Key: "*", Bands: []Band{{From: dec("0"), Rate: dec("0.01")}, {From: dec("5"), Rate: dec("-0.01")}}}}},
			"rows[0].bands[1].rate: negative rate -0.01: a table with negative rates says penalty: true (a decelerator or penalty table)"},
		{"to below the top band", TableDef{ID: "t", Mode: Marginal, Bands: rates, To: ptr(dec("50")), Above: AboveNone},
			"to: to 50 must be above the top band's from 100"},
		{"to at the top band", TableDef{ID: "t", Mode: Marginal, Bands: rates, To: ptr(dec("100")), Above: AboveLast},
			"to: to 100 must be above the top band's from 100"},
		{"to below a row's top band", TableDef{ID: "t", Mode: Marginal, To: ptr(dec("50")), Above: AboveNone, Rows: []TableRow{{Key: "smb", Bands: rates}}},
			"to: to 50 must be above the top band's from 100 (row smb)"},
		{"unknown bounds", TableDef{ID: "t", Mode: Marginal, Bands: rates, Bounds: "uper"},
			`bounds: unknown table bounds "uper": want lower or upper (did you mean upper?)`},
		{"unknown above", TableDef{ID: "t", Mode: Marginal, Bands: rates, To: ptr(dec("200")), Above: "nothing"},
			`above: unknown table above "nothing": want none or last`},
		{"to without above", TableDef{ID: "t", Mode: Marginal, Bands: rates, To: ptr(dec("200"))},
			"above: a table with to says what it pays beyond it: above: none (nothing more) or last (the top band goes on)"},
		{"above without to", TableDef{ID: "t", Mode: Marginal, Bands: rates, Above: AboveNone},
			"above: above applies beyond the table's upper limit: give to, or leave above out"},
		{"prorated without to", TableDef{ID: "t", Mode: Prorated, Bands: []Band{{From: dec("0"), Amount: dec("10")}}},
			"to: a prorated table needs to, the upper limit of its top band, to spread the band's amount over"},
		{"prorated with rates", TableDef{ID: "t", Mode: Prorated, To: ptr(dec("10")), Above: AboveNone, Bands: []Band{{From: dec("0"), Rate: dec("0.1")}}},
			"bands[0].rate: a prorated table pays amounts, not rates"},
		{"rates with amounts", TableDef{ID: "t", Mode: Marginal, Bands: []Band{{From: dec("0"), Amount: dec("10")}}},
			"bands[0].amount: a marginal table pays rates, not amounts (use mode: step or prorated for amounts)"},
		{"unknown mode", TableDef{ID: "t", Mode: "prorate", Bands: rates},
			`mode: unknown table mode "prorate": want highest, marginal, linear, step or prorated (did you mean prorated?)`},
		{"missing mode", TableDef{ID: "t", Bands: rates},
			"mode: missing table mode (highest, marginal, linear, step or prorated)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewTable(tt.def)
			if err == nil {
				t.Fatal("NewTable succeeded, want an error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error:\n got %s\nwant %s", got, tt.want)
			}
			if !errors.Is(err, diag.InvalidValue) && !errors.Is(err, diag.Missing) {
				t.Errorf("%v is neither diag.InvalidValue nor diag.Missing", err)
			}
		})
	}
}

// randomTable is a random table of mode: one to five bands from 0, with
// a random bound rule and, for a prorated table always, a random limit.
func randomTable(t *testing.T, r *rand.Rand, mode Mode) *Table {
	t.Helper()
	def := TableDef{ID: "t", Mode: mode, Bounds: []Bounds{LowerBounds, UpperBounds}[r.IntN(2)]}
	from := int64(0)
	for range 1 + r.IntN(5) {
		b := Band{From: decimal.NewFromInt(from)}
		if mode == Prorated || mode == Step {
			b.Amount = decimal.New(int64(r.IntN(100000)), -2)
		} else {
			b.Rate = decimal.New(int64(r.IntN(200)), -3)
		}
		def.Bands = append(def.Bands, b)
		from += int64(1 + r.IntN(50000))
	}
	if mode == Prorated || r.IntN(2) == 0 {
		def.To = ptr(decimal.NewFromInt(from))
		def.Above = []Above{AboveNone, AboveLast}[r.IntN(2)]
	}
	tb, err := NewTable(def)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// TestTableRunningProperties is the property that makes running totals
// of marginal and prorated tables work, whatever the bound rule and
// limit: pricing 0→a then a→b is pricing 0→b (exactly for marginal, to
// 1e-15 for prorated, whose parts of a band are quotients kept to 20
// places); a value and its negation price to opposite amounts, and so do
// a slice and its reverse (a credit note); a value on its own is the
// slice 0→v.
func TestTableRunningProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 19))
	tol := decimal.New(1, -15)
	for i := range 3000 {
		mode := []Mode{Marginal, Prorated}[i%2]
		tb := randomTable(t, r, mode)
		v := func() decimal.Decimal { return decimal.New(int64(r.IntN(30000000)), -2) }
		a, b := v(), v()
		if i%7 == 0 {
			a = tb.rows[""][r.IntN(len(tb.rows[""]))].From // on a bound
		}
		zeroA, _ := tb.ApplyRange("", decimal.Zero, a)
		ab, _ := tb.ApplyRange("", a, b)
		zeroB, _ := tb.ApplyRange("", decimal.Zero, b)
		diff := zeroA.Amount.Add(ab.Amount).Sub(zeroB.Amount).Abs()
		if (mode == Marginal && !diff.IsZero()) || diff.GreaterThan(tol) {
			t.Fatalf("%s %v: [0,%s] + [%s,%s] = %s, but [0,%s] = %s", mode, tb.rows[""], a, a, b, zeroA.Amount.Add(ab.Amount), b, zeroB.Amount)
		}
		ba, _ := tb.ApplyRange("", b, a)
		if !ba.Amount.Equal(ab.Amount.Neg()) {
			t.Fatalf("%s: [%s,%s] = %s but [%s,%s] = %s", mode, a, b, ab.Amount, b, a, ba.Amount)
		}
		pos, _ := tb.Apply("", a)
		neg, _ := tb.Apply("", a.Neg())
		if !pos.Amount.Equal(neg.Amount.Neg()) || !pos.Amount.Equal(zeroA.Amount) {
			t.Fatalf("%s: Apply(%s) = %s, Apply(%s) = %s, [0,%s] = %s", mode, a, pos.Amount, a.Neg(), neg.Amount, a, zeroA.Amount)
		}
		checkSlices(t, ab)
	}
}

// TestTableRulesAdditivity checks that the limits and bound rules keep
// the additivity of every split mode, on random cuts.
func TestTableRulesAdditivity(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 29))
	for i := range 3000 {
		mode := []Mode{Marginal, Linear, Step, Prorated}[i%4]
		tb := randomTable(t, r, mode)
		v := func() decimal.Decimal { return decimal.New(int64(r.IntN(30000000)-5000000), -2) }
		a, b, c := v(), v(), v()
		ab, _ := tb.ApplyRange("", a, b)
		bc, _ := tb.ApplyRange("", b, c)
		ac, _ := tb.ApplyRange("", a, c)
		if got := ab.Amount.Add(bc.Amount); got.Sub(ac.Amount).Abs().GreaterThan(decimal.New(1, -9)) {
			t.Fatalf("%s table %v: [%s,%s] + [%s,%s] = %s, but [%s,%s] = %s", mode, tb.rows[""], a, b, b, c, got, a, c, ac.Amount)
		}
	}
}

// FuzzTableRules builds tables of any mode, bound rule and limit from
// arbitrary input and prices arbitrary values and slices: no panic, a
// value and its negation, a slice and its reverse price to opposite
// amounts, and the slices add up to the amount.
func FuzzTableRules(f *testing.F) {
	f.Add("prorated", "upper", "none", int64(0), int64(10), int64(100), int64(40), int64(300), int64(150), int64(350))
	f.Add("highest", "lower", "last", int64(0), int64(3), int64(100), int64(5), int64(200), int64(100), int64(-50))
	f.Add("step", "upper", "", int64(10), int64(5), int64(20), int64(-5), int64(0), int64(20), int64(10))
	f.Fuzz(func(t *testing.T, mode, bounds, above string, b0, x0, b1, x1, to, v, w int64) {
		def := TableDef{ID: "t", Mode: Mode(mode), Bounds: Bounds(bounds), Above: Above(above), Penalty: x0 < 0 || x1 < 0}
		if above != "" || mode == string(Prorated) {
			def.To = ptr(decimal.NewFromInt(to))
		}
		for _, b := range [][2]int64{{b0, x0}, {b1, x1}} {
			band := Band{From: decimal.NewFromInt(b[0])}
			if mode == string(Step) || mode == string(Prorated) {
				band.Amount = decimal.NewFromInt(b[1])
			} else {
				band.Rate = decimal.New(b[1], -2)
			}
			def.Bands = append(def.Bands, band)
		}
		tb, err := NewTable(def)
		if err != nil {
			return
		}
		x, y := decimal.NewFromInt(v), decimal.NewFromInt(w)
		p, err := tb.Apply("", x)
		if err != nil {
			t.Fatal(err)
		}
		q, _ := tb.Apply("", x.Neg())
		if !p.Amount.Equal(q.Amount.Neg()) {
			t.Fatalf("Apply(%s) = %s but Apply(%s) = %s", x, p.Amount, x.Neg(), q.Amount)
		}
		xy, _ := tb.ApplyRange("", x, y)
		yx, _ := tb.ApplyRange("", y, x)
		if !xy.Amount.Equal(yx.Amount.Neg()) {
			t.Fatalf("[%s,%s] = %s but [%s,%s] = %s", x, y, xy.Amount, y, x, yx.Amount)
		}
		checkSlices(t, p)
		checkSlices(t, xy)
		if _, err := tb.Rate("", x); err != nil {
			t.Fatal(err)
		}
	})
}

// TestMarginalNum checks priceRange's fixed-point walk of a marginal
// table against its walk in decimals: the same slices and amounts,
// written the same way (coefficient and exponent), for random bounds,
// rates and ranges, scaled bounds among them, and numbers too big for
// fixed point.
func TestMarginalNum(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 1))
	var slab fx.Slab // the decimals made in blocks, as a run makes them
	num := func(max int64, places int32) decimal.Decimal {
		v := decimal.New(rng.Int64N(max), -places)
		if rng.IntN(8) == 0 {
			v = v.Neg()
		}
		return v
	}
	same := func(a, b decimal.Decimal) bool { return a.Equal(b) && a.Exponent() == b.Exponent() }
	for n := range 20000 {
		var bands []Band
		from := decimal.New(rng.Int64N(3)-1, 0)
		for range 1 + rng.IntN(4) {
			bands = append(bands, Band{From: from, Rate: num(2000, int32(rng.IntN(4)))})
			from = from.Add(num(1_000_000, int32(rng.IntN(3))).Abs().Add(decimal.New(1, 0)))
		}
		if rng.IntN(2) == 0 {
			bands = scaled(bands, num(100_000_000, 2).Abs())
		}
		if n%500 == 0 {
			bands[0].Rate = decimal.New(1, 0).Shift(30) // beyond fixed point
		}
		a, b := num(300_000_000, int32(rng.IntN(4))), num(300_000_000, int32(rng.IntN(4)))
		if b.LessThan(a) {
			a, b = b, a
		}
		if rng.IntN(10) == 0 {
			b = a
		}
		nb := numsOf(numBands{}, bands)
		got := priceRange(&slab, nil, Marginal, bands, &nb, a, b, 0)
		want := priceRange(nil, nil, Marginal, bands, nil, a, b, 0)
		ok := same(got.Amount, want.Amount) && len(got.Slices) == len(want.Slices)
		for i := 0; ok && i < len(got.Slices); i++ {
			g, w := got.Slices[i], want.Slices[i]
			ok = g.Band == w.Band && same(g.Bound, w.Bound) && same(g.From, w.From) && same(g.To, w.To) && same(g.Rate, w.Rate) && same(g.Amount, w.Amount)
		}
		if !ok {
			t.Fatalf("bands %v, %s-%s: fixed point %+v, decimals %+v", bands, a, b, got, want)
		}
	}
}
