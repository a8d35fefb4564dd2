package rules

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// testEnv is the environment of the tests: a deal and what a per-credit
// rule would see.
type testEnv struct {
	Deal   deal.Deal         `expr:"deal"`
	Prior  *deal.Deal        `expr:"prior"` // nil in the tests
	Credit credit            `expr:"credit"`
	Rate   decimal.Decimal   `expr:"rate"`
	N      int               `expr:"n"`
	Zero   int               `expr:"zero"`
	Seats  int64             `expr:"seats"`
	Period calendar.Period   `expr:"period"`
	Shares []decimal.Decimal `expr:"shares"`
	Tags   []string          `expr:"tags"`
	Extra  map[string]any    `expr:"extra"`
	Legacy float64           `expr:"legacy"`
	Floats []float64         `expr:"floats"`
	hidden int               // unexported: not visible to rules
}

type credit struct {
	Payee  string          `expr:"payee"`
	Amount decimal.Decimal `expr:"amount"`
	Share  decimal.Decimal `expr:"share"`
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func date(s string) calendar.Date { return calendar.MustParseDate(s) }

func sampleEnv() *testEnv {
	return &testEnv{
		Deal: deal.Deal{
			ID: "D-1", Date: date("2026-03-14"), CloseDate: date("2026-03-31"),
			Amount: dec("25000.00"), Currency: "USD", Owner: "ana", Channel: "web",
			Product: "SKU-42", Type: "new",
			Splits: []deal.Split{{Member: "ana", Share: dec("0.6")}, {Member: "bo", Share: dec("0.4")}},
			Attrs: deal.AttrsOf(map[string]any{
				"segment": "Enterprise", "discount": dec("0.25"), "seats": int64(12), "renewal": true,
				"signed": date("2024-02-29"), "regions": []string{"emea", "apac"}, "uplift": "0.125",
			}),
		},
		Credit: credit{Payee: "ana", Amount: dec("15000.00"), Share: dec("0.6")},
		Rate:   dec("0.08"),
		N:      7,
		Seats:  5,
		Period: calendar.Period{ID: "FY2026-Q1", Start: date("2026-01-01"), End: date("2026-03-31")},
		Shares: []decimal.Decimal{dec("0.40"), dec("0.60")},
		Tags:   []string{"vip"},
		Extra:  map[string]any{"bonus": dec("100"), "n": 2, "legacy": 1.5, "label": "x", "day": date("2026-01-01")},
		hidden: 1,
	}
}

var testSchema = func() *deal.Schema {
	s, err := deal.NewSchema(
		deal.Attr{Name: "segment", Type: deal.String},
		deal.Attr{Name: "discount", Type: deal.Decimal},
		deal.Attr{Name: "seats", Type: deal.Integer},
		deal.Attr{Name: "renewal", Type: deal.Boolean},
		deal.Attr{Name: "signed", Type: deal.DateType},
		deal.Attr{Name: "expires", Type: deal.DateType},
		deal.Attr{Name: "regions", Type: deal.StringList},
		deal.Attr{Name: "uplift", Type: deal.Decimal},
		deal.Attr{Name: "partner", Type: deal.String},
		deal.Attr{Name: "quota_id", Type: deal.String, Required: true},
	)
	if err != nil {
		panic(err)
	}
	return s
}()

var errNoRate = errors.New("no rate for JPY")

func fx(currency string) (decimal.Decimal, error) {
	switch currency {
	case "USD":
		return decimal.NewFromInt(1), nil
	case "EUR":
		return dec("1.08"), nil
	}
	return decimal.Decimal{}, errNoRate
}

func testEnvOpts(opts ...Option) *Env {
	base := []Option{
		WithSchema(testSchema),
		WithFunction("fx", fx),
		WithFunction("tier", func(n int) string { return fmt.Sprintf("T%d", n) }),
	}
	e, err := NewEnv(append(base, opts...)...)
	if err != nil {
		panic(err)
	}
	return e
}

var (
	stdEnv = testEnvOpts()
	vmEnv  = func() *Env { e := testEnvOpts(); e.vmOnly = true; return e }()
)

// eval compiles src for testEnv and evaluates it on env, on the direct
// path and on the VM; the two must agree, in value and in error.
func eval(t *testing.T, e *Env, src string, want Type, env *testEnv) (any, error) {
	t.Helper()
	vm := *e
	vm.vmOnly = true
	r, err := Compile[testEnv](e, "bonus", src, want)
	if err != nil {
		return nil, err
	}
	rvm, err := Compile[testEnv](&vm, "bonus", src, want)
	if err != nil {
		t.Fatalf("VM compile of %q fails but direct does not: %v", src, err)
	}
	got, err := r.Eval(env)
	gotVM, errVM := rvm.Eval(env)
	if fmt.Sprint(err) != fmt.Sprint(errVM) || !sameValue(got, gotVM) {
		t.Fatalf("%q: direct gives %#v, %v; VM gives %#v, %v", src, got, err, gotVM, errVM)
	}
	return got, err
}

// sameValue compares results, decimals by value and representation.
func sameValue(a, b any) bool {
	da, ok1 := a.(decimal.Decimal)
	db, ok2 := b.(decimal.Decimal)
	if ok1 && ok2 {
		return da.Equal(db) && da.String() == db.String()
	}
	return cmp.Equal(a, b, decimalEqual)
}

var decimalEqual = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

// decString marks a want that is a decimal with this exact String().
type decString string

func TestValues(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want any // decString, bool, int, string, calendar.Date or []any
	}{
		// exactness
		{"tenths add up", "0.1 + 0.2 == 0.3", true},
		{"no binary rounding in product", "1.15 * 100 == 115", true},
		{"product", "1.15 * 100", decString("115")},
		{"literal halves", "7 / 2", decString("3.5")},
		{"third to 20 places", "1 / 3", decString("0.33333333333333333333")},
		{"two thirds rounded", "2 / 3", decString("0.66666666666666666667")},
		{"negative third", "-1 / 3", decString("-0.33333333333333333333")},
		{"quarter", "10 / 4", decString("2.5")},
		{"long literal read from the source", "12345678901234567890.123456789 + 0", decString("12345678901234567890.123456789")},
		{"exponent literal", "1.5e3", decString("1500")},
		{"underscored literal", "1_000.50", decString("1000.5")},
		{"leading dot literal", ".5 * 2", decString("1")},
		{"sum of thirds", "0.1 * 3 == 0.3", true},
		{"remainder", "rate % 0.03", decString("0.02")},
		{"power", "2 ** 10", decString("1024")},
		{"decimal power", "1.1 ^ 2", decString("1.21")},
		{"negative power", "2 ** -2", decString("0.25")},
		// ints and decimals
		{"int times decimal", "n * rate", decString("0.56")},
		{"int over int", "n / 2", decString("3.5")},
		{"int field over literal", "credit.amount / n", decString("2142.85714285714285714286")},
		{"int and literal give a decimal", "n + zero * 2", decString("7")},
		{"ints stay ints", "n + zero", 7},
		{"int remainder", "n % 4", decString("3")},
		{"int remainder of ints", "n % n", 0},
		{"int64 times decimal", "seats * rate", decString("0.4")},
		{"int in ternary with decimal", "n > 2 ? n : 0.5", decString("7")},
		// negatives
		{"unary minus", "-rate", decString("-0.08")},
		{"minus of product", "-(rate * 2)", decString("-0.16")},
		{"double minus", "- -2", decString("2")},
		{"negative amount plus", "-deal.amount + 1", decString("-24999")},
		{"negative int", "-n", -7},
		// comparisons by value
		{"100 is 100.00", "100 == 100.00", true},
		{"100 is not unlike 100.00", "100 != 100.00", false},
		{"amount compares to its value", "deal.amount == 25000", true},
		{"less", "rate < 0.1", true},
		{"greater or equal", "rate >= 0.08", true},
		{"int against decimal", "n > 6.5", true},
		{"less or equal", "deal.amount <= 25000.00", true},
		// ternary
		{"tiered", "deal.amount < 10000 ? deal.amount * 0.03 : deal.amount < 50000 ? deal.amount * 0.05 : deal.amount * 0.07", decString("1250")},
		// built-ins
		{"min", "min(rate, 0.05)", decString("0.05")},
		{"max variadic", "max(1, 2.5, 2)", decString("2.5")},
		{"min of literals", "min(3, 2)", decString("2")},
		{"min int and literal", "min(n, 3)", decString("3")},
		{"max of ints", "max(n, zero)", 7},
		{"max of a list", "max(shares)", decString("0.6")},
		{"min of a mapped list", "min(map(deal.splits, .share))", decString("0.4")},
		{"cap", "min(deal.amount * rate, 5000)", decString("2000")},
		{"clamp above", "clamp(1.5, 0, 1)", decString("1")},
		{"clamp below", "clamp(-1, 0, 1)", decString("0")},
		{"clamp inside", "clamp(rate, 0, 1)", decString("0.08")},
		{"abs", "abs(-2.5)", decString("2.5")},
		{"abs int", "abs(-n)", 7},
		{"floor", "floor(2.7)", decString("2")},
		{"floor negative", "floor(-2.2)", decString("-3")},
		{"floor places", "floor(12.345, 2)", decString("12.34")},
		{"ceil", "ceil(2.1)", decString("3")},
		{"ceil negative", "ceil(-2.7)", decString("-2")},
		{"ceil places", "ceil(12.341, 2)", decString("12.35")},
		{"round pipe", "deal.amount * 0.0333 | round(2)", decString("832.5")},
		{"sum", "sum(shares)", decString("1")},
		{"sum with predicate", "sum(deal.splits, .share)", decString("1")},
		{"count with predicate", "count(deal.splits, .share >= 0.5)", 1},
		{"all splits", "all(deal.splits, .share > 0)", true},
		{"reduce", "reduce(shares, #acc + # * 100, 0)", decString("100")},
		// dates
		{"days over a leap day", `days(date("2024-02-28"), date("2024-03-01"))`, 2},
		{"days in a common year", `days(date("2023-02-28"), date("2023-03-01"))`, 1},
		{"days backwards", `days(deal.date, date("2026-03-01"))`, -13},
		{"days to close", "days(deal.date, deal.close_date)", 17},
		{"leap day is a date", `date("2024-02-29")`, date("2024-02-29")},
		{"month", "month(deal.date)", 3},
		{"year", "year(deal.date)", 2026},
		{"date after", `deal.date > date("2026-03-01")`, true},
		{"date equal", `deal.date == date("2026-03-14")`, true},
		{"date not equal", `deal.date != deal.close_date`, true},
		{"date before or on", "deal.date <= deal.close_date", true},
		{"in period", "inPeriod(deal.date, period)", true},
		{"leap day not in period", `inPeriod(date("2024-02-29"), period)`, false},
		{"period end is inside", "inPeriod(deal.close_date, period)", true},
		// in
		{"string in list", `deal.channel in ["web", "partner"]`, true},
		{"int in literal list", "n in [7, 8]", true},
		{"decimal in ints", "7.00 in [1, 7]", true},
		{"decimal in list by value", "0.4 in shares", true},
		{"decimal not in list", "rate in shares", false},
		{"not in", "n not in [1, 2]", true},
		{"string in field list", `"vip" in tags`, true},
		// strings
		{"upper", "upper(deal.owner)", "ANA"},
		{"hasPrefix", `hasPrefix(deal.product, "SKU")`, true},
		{"startsWith", `deal.product startsWith "SKU"`, true},
		{"contains", `deal.product contains "-"`, true},
		{"concatenation", `deal.owner + "/" + deal.channel`, "ana/web"},
		// custom attributes
		{"string attribute", "deal.attrs.segment", "Enterprise"},
		{"string attribute in a function", `lower(deal.attrs.segment) == "enterprise"`, true},
		{"decimal attribute", "deal.attrs.discount > 0.2", true},
		{"decimal attribute held as text", "deal.attrs.uplift * 8", decString("1")},
		{"integer attribute", "deal.attrs.seats * 2", decString("24")},
		{"integer attribute is an int", "deal.attrs.seats + n", 19},
		{"boolean attribute", "deal.attrs.renewal && rate > 0", true},
		{"date attribute", `deal.attrs.signed < date("2025-01-01")`, true},
		{"list attribute", `"emea" in deal.attrs.regions`, true},
		{"absent attribute is zero", `deal.attrs.partner == ""`, true},
		{"attribute presence", `"partner" in deal.attrs`, false},
		{"attribute by index", `deal.attrs["segment"]`, "Enterprise"},
		// user functions
		{"user function", `fx("EUR") * 100`, decString("108")},
		{"user function with an int literal", "tier(2)", "T2"},
		// values whose type is only known at run time
		{"decimal from a map", "extra.bonus + 1", decString("101")},
		{"int from a map", "extra.n * 2", decString("4")},
		{"ints from a map", "extra.n * n", 14},
		{"map value compared", "extra.bonus == 100.00", true},
		// logic and the other types
		{"ints compare", "n > zero", true},
		{"ints equal", "n == zero", false},
		{"strings compare", `deal.owner < "bo"`, true},
		{"booleans equal", "deal.attrs.renewal == true", true},
		{"not", "!(rate > 1)", true},
		{"not keyword", "not deal.attrs.renewal", false},
		{"and", "n > 2 && zero > 1", false},
		{"or", "rate < 0 || n > 2", true},
		{"date ternary", "n > 2 ? deal.date : deal.close_date", date("2026-03-14")},
		{"string ternary", `rate > 0 ? "yes" : "no"`, "yes"},
		{"int ternary", "n > 2 ? n : zero", 7},
		{"bool ternary", "n > 2 ? rate > 0 : false", true},
		{"int unary plus", "+n - zero", 7},
		{"clamp ints", "clamp(n, zero, zero)", 0},
		{"clamp int with literals", "clamp(n, 0, 5)", decString("5")},
		{"clamp int in decimals", "clamp(n, 0, 10.5)", decString("7")},
		{"min of three", "min(rate, n, 0.01)", decString("0.01")},
		{"abs of a decimal", "abs(rate - 1)", decString("0.92")},
		{"round an int", "round(n)", decString("7")},
		{"floor a quotient", "floor(n / 2)", decString("3")},
		{"endsWith", `deal.product endsWith "42"`, true},
		{"int attribute compared", "deal.attrs.seats >= 10", true},
		{"integer in a list of decimals", "deal.attrs.seats in shares", false},
		{"months of a list", "month(deal.date) in [1, 2, 3]", true},
		// dynamic operators
		{"dynamic less", "extra.n < extra.bonus", true},
		{"dynamic equal", "extra.n == 2", true},
		{"dynamic equal of other types", "extra.bonus == deal.owner", false},
		{"dynamic string concatenation", `extra.label + "!"`, "x!"},
		{"dynamic string comparison", `extra.label >= "a"`, true},
		{"dynamic negation", "-extra.bonus", decString("-100")},
		{"dynamic int negation", "-extra.n", -2},
		{"dynamic power", "extra.n ** 3", decString("8")},
		{"dynamic division of ints", "extra.n / extra.n", decString("1")},
		{"dynamic int subtraction", "extra.n - extra.n", 0},
		{"dynamic int remainder", "extra.n % extra.n", 0},
		{"dynamic in", "extra.n in [1, 2]", true},
		{"dynamic date comparison", `extra.day < deal.date`, true},
		// any result
		{"list result", "[1, 2.5]", []any{dec("1"), dec("2.5")}},
		{"let", "let x = credit.amount * rate; x + 1", decString("1201")},
	}
	env := sampleEnv()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := eval(t, stdEnv, tc.src, Any, env)
			if err != nil {
				t.Fatalf("%s: %v", tc.src, err)
			}
			if ds, ok := tc.want.(decString); ok {
				d, ok := got.(decimal.Decimal)
				if !ok || d.String() != string(ds) {
					t.Fatalf("%s = %#v, want decimal %s", tc.src, got, ds)
				}
				return
			}
			if diff := cmp.Diff(tc.want, got, decimalEqual); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.src, diff)
			}
		})
	}
}

func TestTiers(t *testing.T) {
	const src = "credit.amount < 10000 ? credit.amount * 0.03 : credit.amount < 50000 ? credit.amount * 0.05 : credit.amount * 0.07"
	tests := []struct {
		name, amount, want string
	}{
		{"first band", "7500.00", "225"},
		{"bound belongs to the higher band", "10000", "500"},
		{"second band", "25000.00", "1250"},
		{"third band", "120000.00", "8400"},
		{"a return", "-500", "-15"},
	}
	r, err := Compile[testEnv](stdEnv, "tiers", src, Decimal)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := sampleEnv()
			env.Credit.Amount = dec(tc.amount)
			got, err := r.Decimal(env)
			if err != nil || !got.Equal(dec(tc.want)) {
				t.Errorf("amount %s: got %v, %v; want %s", tc.amount, got, err, tc.want)
			}
		})
	}
}

// TestRoundingModes is round(x, places, mode) for every mode, on ties,
// negatives, negative places and a value beyond float64's digits; the
// direct path and the VM must agree (eval checks it), and the mode named
// in the rule wins over the Env's.
func TestRoundingModes(t *testing.T) {
	modes := []string{"half-even", "half-up", "half-down", "down", "up", "ceiling", "floor"}
	tests := []struct {
		x, places string
		want      [7]string // in the order of modes
	}{
		{"2.5", "0", [7]string{"2", "3", "2", "2", "3", "3", "2"}},
		{"-2.5", "0", [7]string{"-2", "-3", "-2", "-2", "-3", "-2", "-3"}},
		{"2.345", "2", [7]string{"2.34", "2.35", "2.34", "2.34", "2.35", "2.35", "2.34"}},
		{"-2.345", "2", [7]string{"-2.34", "-2.35", "-2.34", "-2.34", "-2.35", "-2.34", "-2.35"}},
		{"2.3451", "2", [7]string{"2.35", "2.35", "2.35", "2.34", "2.35", "2.35", "2.34"}},
		{"-2.341", "2", [7]string{"-2.34", "-2.34", "-2.34", "-2.34", "-2.35", "-2.34", "-2.35"}},
		{"1250", "-2", [7]string{"1200", "1300", "1200", "1200", "1300", "1300", "1200"}},
		{"credit.amount / 7", "2", [7]string{"2142.86", "2142.86", "2142.86", "2142.85", "2142.86", "2142.86", "2142.85"}},
		{"-credit.amount / 7", "2", [7]string{"-2142.86", "-2142.86", "-2142.86", "-2142.85", "-2142.86", "-2142.85", "-2142.86"}},
		{"12345678901234567890123.125", "2", [7]string{
			"12345678901234567890123.12", "12345678901234567890123.13", "12345678901234567890123.12", "12345678901234567890123.12",
			"12345678901234567890123.13", "12345678901234567890123.13", "12345678901234567890123.12"}},
	}
	up := testEnvOpts(WithRounding(HalfUp))
	for _, tc := range tests {
		for i, mode := range modes {
			src := fmt.Sprintf("round(%s, %s, %q)", tc.x, tc.places, mode)
			for _, e := range []*Env{stdEnv, up} {
				got, err := eval(t, e, src, Decimal, sampleEnv())
				if err != nil || !got.(decimal.Decimal).Equal(dec(tc.want[i])) {
					t.Errorf("%s with %v: got %v, %v; want %s", src, e.Rounding(), got, err, tc.want[i])
				}
			}
		}
	}
	// a mode given at run time, from a custom attribute
	env := sampleEnv()
	for i, mode := range modes {
		env.Deal.Attrs = env.Deal.Attrs.With("partner", mode)
		got, err := eval(t, stdEnv, "round(-2.345, 2, deal.attrs.partner)", Decimal, env)
		if want := tests[3].want[i]; err != nil || !got.(decimal.Decimal).Equal(dec(want)) {
			t.Errorf("mode %s from an attribute: got %v, %v; want %s", mode, got, err, want)
		}
	}
	// every mode as the Env's
	for i, mode := range []Rounding{HalfEven, HalfUp, HalfDown, Down, Up, Ceiling, Floor} {
		got, err := eval(t, testEnvOpts(WithRounding(mode)), "round(-2.345, 2)", Decimal, sampleEnv())
		if want := tests[3].want[i]; err != nil || !got.(decimal.Decimal).Equal(dec(want)) {
			t.Errorf("Env rounding %v: got %v, %v; want %s", mode, got, err, want)
		}
	}
}

func TestRounding(t *testing.T) {
	tests := []struct {
		src              string
		halfEven, halfUp string
	}{
		{"round(2.5, 0)", "2", "3"},
		{"round(3.5, 0)", "4", "4"},
		{"round(-2.5, 0)", "-2", "-3"},
		{"round(1.005, 2)", "1", "1.01"},
		{"round(2.675, 2)", "2.68", "2.68"},
		{"round(1250, -2)", "1200", "1300"},
		{"round(2.5)", "2", "3"},
		{"round(rate * 31.25, 0)", "2", "3"},
	}
	up := testEnvOpts(WithRounding(HalfUp))
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			for _, mode := range []struct {
				env  *Env
				want string
			}{{stdEnv, tc.halfEven}, {up, tc.halfUp}} {
				got, err := eval(t, mode.env, tc.src, Decimal, sampleEnv())
				if err != nil || !got.(decimal.Decimal).Equal(dec(mode.want)) {
					t.Errorf("%s with %v: got %v, %v; want %s", tc.src, mode.env.Rounding(), got, err, mode.want)
				}
			}
		})
	}
}

func TestDivisionPlaces(t *testing.T) {
	e := testEnvOpts(WithDivisionPlaces(4))
	got, err := eval(t, e, "2 / 3", Decimal, sampleEnv())
	if err != nil || got.(decimal.Decimal).String() != "0.6667" {
		t.Errorf("2 / 3 with 4 places = %v, %v; want 0.6667", got, err)
	}
}

// TestTypedResults checks the typed accessors and the conversions they
// make.
func TestTypedResults(t *testing.T) {
	env := sampleEnv()
	r, err := Compile[testEnv](stdEnv, "n", "n * 2", Decimal)
	if err != nil {
		t.Fatal(err)
	}
	if d, err := r.Decimal(env); err != nil || d.String() != "14" {
		t.Errorf("Decimal of an int rule = %v, %v; want 14", d, err)
	}
	if v, err := r.Eval(env); err != nil || reflect.TypeOf(v) != decType {
		t.Errorf("Eval of a Decimal rule = %#v, %v; want a decimal", v, err)
	}
	b, err := Compile[testEnv](stdEnv, "b", "rate > 0", Bool)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := b.Bool(env); err != nil || !got {
		t.Errorf("Bool = %v, %v; want true", got, err)
	}
	i, err := Compile[testEnv](stdEnv, "i", "days(deal.date, deal.close_date)", Int)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := i.Int(env); err != nil || got != 17 {
		t.Errorf("Int = %v, %v; want 17", got, err)
	}
	s, err := Compile[testEnv](stdEnv, "s", "deal.owner", String)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.String(env); err != nil || got != "ana" {
		t.Errorf("String = %v, %v; want ana", got, err)
	}
	if stdEnv.Rounding() != HalfEven || stdEnv.DivisionPlaces() != DefaultDivisionPlaces || stdEnv.Schema() != testSchema {
		t.Errorf("Env accessors = %v, %v, %v", stdEnv.Rounding(), stdEnv.DivisionPlaces(), stdEnv.Schema())
	}
	var nilEnv *Env
	if nilEnv.Rounding() != HalfEven || nilEnv.DivisionPlaces() != DefaultDivisionPlaces || nilEnv.Schema() != nil {
		t.Errorf("nil Env accessors = %v, %v, %v", nilEnv.Rounding(), nilEnv.DivisionPlaces(), nilEnv.Schema())
	}
	if r.Name() != "n" || r.Source() != "n * 2" || r.Result() != Decimal {
		t.Errorf("Name, Source, Result = %q, %q, %v", r.Name(), r.Source(), r.Result())
	}
}

// TestRoundOnTheDirectPath is the regression test for round of a product
// by a literal (round(credit.amount * 0.08, 2)) taking the VM: the
// literal was not yet typed when the operators were patched, so the
// product became a dynamic call. It and the rounding modes named as
// constants run on the direct path.
func TestRoundOnTheDirectPath(t *testing.T) {
	for _, src := range []string{
		"round(credit.amount * 0.08, 2)",
		"round(rate * 2)",
		`round(credit.amount * 0.08, 2, "down")`,
		`round(credit.amount / 3, 0, "ceiling")`,
		"floor(credit.amount * 0.08, -2)",
		"ceil(rate * 100)",
	} {
		r, err := Compile[testEnv](stdEnv, "hot", src, Decimal)
		if err != nil {
			t.Fatal(err)
		}
		if r.directAny == nil {
			t.Errorf("%q does not run on the direct path", src)
		}
	}
	// a mode known only at run time goes to the VM, with the same result
	r, err := Compile[testEnv](stdEnv, "vm", "round(credit.amount * 0.08, 2, deal.attrs.partner)", Decimal)
	if err != nil {
		t.Fatal(err)
	}
	if r.directAny != nil {
		t.Errorf("a mode from an attribute runs on the direct path")
	}
}

// TestAttrsBySlot reads attributes of deals read from a file with the
// rules' schema (by slot), built in Go (by name) and read with another
// schema of the same declarations, on the VM and directly: the same
// results, the direct rules compiled to closures.
func TestAttrsBySlot(t *testing.T) {
	src := "id,date,amount,currency,owner,quota_id,seats,segment,discount,regions\n" +
		"D1,2026-03-14,100,USD,ana,Q1,12,Enterprise,0.25,emea;apac\n" +
		"D2,2026-03-14,100,USD,ana,Q2,,,,\n"
	other, err := deal.NewSchema(testSchema.Attrs()...)
	if err != nil {
		t.Fatal(err)
	}
	sets := map[string][]deal.Deal{}
	for name, s := range map[string]*deal.Schema{"same schema": testSchema, "other schema": other} {
		ds, err := deal.ReadCSV("d.csv", strings.NewReader(src), s)
		if err != nil {
			t.Fatal(err)
		}
		sets[name] = ds
	}
	sets["built"] = []deal.Deal{
		{Attrs: deal.AttrsOf(map[string]any{"quota_id": "Q1", "seats": int64(12), "segment": "Enterprise", "discount": dec("0.25"), "regions": []string{"emea", "apac"}})},
		{Attrs: deal.AttrsOf(map[string]any{"quota_id": "Q2"})},
	}
	rules := []struct {
		src  string
		want [2]string
	}{
		{`deal.attrs.seats * deal.attrs.discount`, [2]string{"3", "0"}},
		{`deal.attrs.segment == "Enterprise" ? 1 : 2`, [2]string{"1", "2"}},
		{`"seats" in deal.attrs ? 1 : 0`, [2]string{"1", "0"}},
		{`"emea" in deal.attrs.regions ? 1 : 0`, [2]string{"1", "0"}},
		{`deal.attrs.quota_id == "Q2" ? 1 : 0`, [2]string{"0", "1"}},
	}
	for _, e := range []*Env{stdEnv, vmEnv} {
		for _, r := range rules {
			rule, err := Compile[testEnv](e, "slot", r.src, Decimal)
			if err != nil {
				t.Fatal(err)
			}
			if !e.vmOnly && !strings.Contains(r.src, "regions") && rule.direct == nil {
				t.Errorf("%s: not compiled to closures", r.src)
			}
			for name, ds := range sets {
				for i, d := range ds {
					got, err := rule.Decimal(&testEnv{Deal: d})
					if err != nil || got.String() != r.want[i] {
						t.Errorf("%s, %s deal %d (vm only %v): %v, %v; want %s", r.src, name, i, e.vmOnly, got, err, r.want[i])
					}
				}
			}
		}
	}
}
