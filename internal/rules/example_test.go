package rules_test

import (
	"errors"
	"fmt"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/internal/rules"
	"github.com/shopspring/decimal"
)

// CreditEnv is what a per-credit commission rule sees: the package that
// evaluates such rules declares it.
type CreditEnv struct {
	Deal   deal.Deal       `expr:"deal"`
	Amount decimal.Decimal `expr:"amount"` // the credited amount
	Rate   decimal.Decimal `expr:"rate"`
}

func Example() {
	r, err := rules.Compile[CreditEnv](nil, "commission",
		"amount < 10000 ? amount * 0.03 : amount < 50000 ? amount * 0.05 : amount * 0.07", rules.Decimal)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range []string{"7500", "25000", "120000"} {
		pay, err := r.Decimal(&CreditEnv{Amount: decimal.RequireFromString(a)})
		fmt.Println(a, "→", pay, err)
	}
	// Output:
	// 7500 → 225 <nil>
	// 25000 → 1250 <nil>
	// 120000 → 8400 <nil>
}

func ExampleCompile() {
	r, err := rules.Compile[CreditEnv](nil, "exact", "0.1 + 0.2 == 0.3 && 1.15 * 100 == 115 && 7 / 2 == 3.5", rules.Bool)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Bool(&CreditEnv{}))
	// Output: true <nil>
}

func ExampleCompile_error() {
	_, err := rules.Compile[CreditEnv](nil, "bonus", "deal.amout * 0.1", rules.Decimal)
	fmt.Println(err)
	fmt.Println(errors.Is(err, rules.ErrUnknownName), errors.Is(err, rules.ErrCompile))
	// Output:
	// rule "bonus": 1:6: unknown field amout of deal (did you mean amount?)
	//  | deal.amout * 0.1
	//  |      ^
	// true true
}

func ExampleRule_Decimal_divisionByZero() {
	r, err := rules.Compile[CreditEnv](nil, "share", "amount / rate", rules.Decimal)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = r.Decimal(&CreditEnv{Amount: decimal.NewFromInt(100)})
	fmt.Println(err)
	fmt.Println(errors.Is(err, rules.ErrDivisionByZero))
	// Output:
	// rule "share": 1:8: division by zero
	//  | amount / rate
	//  |        ^
	// true
}

func ExampleWithSchema() {
	schema, err := deal.NewSchema(
		deal.Attr{Name: "segment", Type: deal.String},
		deal.Attr{Name: "discount", Type: deal.Decimal},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	env, err := rules.NewEnv(rules.WithSchema(schema))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := rules.Compile[CreditEnv](env, "discounted",
		`deal.attrs.segment == "enterprise" && deal.attrs.discount > 0.2`, rules.Bool)
	if err != nil {
		fmt.Println(err)
		return
	}
	d := deal.Deal{Attrs: deal.AttrsOf(map[string]any{"segment": "enterprise", "discount": decimal.RequireFromString("0.25")})}
	fmt.Println(r.Bool(&CreditEnv{Deal: d}))

	_, err = rules.Compile[CreditEnv](env, "typo", "deal.attrs.segmnt", rules.String)
	fmt.Println(err)
	// Output:
	// true <nil>
	// rule "typo": 1:12: unknown attribute segmnt (did you mean segment?)
	//  | deal.attrs.segmnt
	//  |            ^
}

func ExampleWithFunction() {
	rates := map[string]decimal.Decimal{"EUR": decimal.RequireFromString("1.08")}
	fx := func(currency string) (decimal.Decimal, error) {
		r, ok := rates[currency]
		if !ok {
			return decimal.Decimal{}, fmt.Errorf("no rate for %s", currency)
		}
		return r, nil
	}
	env, err := rules.NewEnv(rules.WithFunction("fx", fx))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := rules.Compile[CreditEnv](env, "in USD", "deal.amount * fx(deal.currency)", rules.Decimal)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Decimal(&CreditEnv{Deal: deal.Deal{Amount: decimal.NewFromInt(1000), Currency: "EUR"}}))
	_, err = r.Decimal(&CreditEnv{Deal: deal.Deal{Amount: decimal.NewFromInt(1000), Currency: "JPY"}})
	fmt.Println(err)
	// Output:
	// 1080 <nil>
	// rule "in USD": 1:15: function fx failed: no rate for JPY
	//  | deal.amount * fx(deal.currency)
	//  |               ^
}

func ExampleWithRounding() {
	for _, mode := range []rules.Rounding{rules.HalfEven, rules.HalfUp} {
		env, err := rules.NewEnv(rules.WithRounding(mode))
		if err != nil {
			fmt.Println(err)
			return
		}
		r, err := rules.Compile[CreditEnv](env, "rounded", "[round(2.5, 0), round(-2.5, 0), round(1.005, 2)]", rules.Any)
		if err != nil {
			fmt.Println(err)
			return
		}
		v, err := r.Eval(&CreditEnv{})
		fmt.Println(mode, v, err)
	}
	// Output:
	// half-even [2 -2 1] <nil>
	// half-up [3 -3 1.01] <nil>
}

// A rule names the rounding mode payroll uses for a SPIF: whole units,
// never rounded up; a credit note rounds to the negative of its twin.
func Example_roundingModes() {
	r, err := rules.Compile[CreditEnv](nil, "spif", `round(amount * 0.0125, 0, "down")`, rules.Decimal)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range []string{"79999", "-79999"} {
		pay, err := r.Decimal(&CreditEnv{Amount: decimal.RequireFromString(a)})
		fmt.Println(a, "→", pay, err)
	}
	_, err = rules.Compile[CreditEnv](nil, "spif", `round(amount * 0.0125, 0, "truncate")`, rules.Decimal)
	fmt.Println(err)
	// Output:
	// 79999 → 999 <nil>
	// -79999 → -999 <nil>
	// rule "spif": 1:27: round: unknown rounding "truncate" (did you mean down? want half-even, half-up, half-down, down, up, ceiling or floor)
	//  | round(amount * 0.0125, 0, "truncate")
	//  |                           ^
}

func Example_dates() {
	type StageEnv struct {
		Deal   deal.Deal       `expr:"deal"`
		Period calendar.Period `expr:"period"`
	}
	r, err := rules.Compile[StageEnv](nil, "closes in period",
		`inPeriod(deal.close_date, period) && days(deal.date, deal.close_date) <= 30`, rules.Bool)
	if err != nil {
		fmt.Println(err)
		return
	}
	env := &StageEnv{
		Deal: deal.Deal{Date: calendar.MustParseDate("2024-02-20"), CloseDate: calendar.MustParseDate("2024-03-01")},
		Period: calendar.Period{ID: "FY2024-Q1", Start: calendar.MustParseDate("2024-01-01"),
			End: calendar.MustParseDate("2024-03-31")},
	}
	fmt.Println(r.Bool(env))
	// Output: true <nil>
}

// LinesEnv is the environment of a rule over the lines of an order.
type LinesEnv struct {
	Amounts []decimal.Decimal `expr:"amounts"`
}

func ExampleWithMaxSteps() {
	env, err := rules.NewEnv(rules.WithMaxSteps(1000))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := rules.Compile[LinesEnv](env, "total", "sum(amounts)", rules.Decimal)
	if err != nil {
		fmt.Println(err)
		return
	}
	lines := &LinesEnv{Amounts: make([]decimal.Decimal, 300)} // 3 steps a line
	fmt.Println(r.Decimal(lines))
	lines.Amounts = make([]decimal.Decimal, 400)
	_, err = r.Decimal(lines)
	fmt.Println(err)
	fmt.Println(errors.Is(err, rules.ErrLimit))
	// Output:
	// 0 <nil>
	// rule "total": 1:1: step limit exceeded: the rule takes more than 1000 steps
	//  | sum(amounts)
	//  | ^
	// true
}
