package rules

import (
	"fmt"
	"testing"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

type xEnv struct {
	Deal   deal.Deal         `expr:"deal"`
	Rate   decimal.Decimal   `expr:"rate"`
	Amount decimal.Decimal   `expr:"amount"`
	Count  int               `expr:"count"`
	Zero   int               `expr:"zero"`
	Period calendar.Period   `expr:"period"`
	Values []decimal.Decimal `expr:"values"`
	Tags   []string          `expr:"tags"`
	Extra  map[string]any    `expr:"extra"`
	Big    int64             `expr:"big"`
	F      float64           `expr:"f"`
}

func TestExplore(t *testing.T) {
	schema, _ := deal.NewSchema(deal.Attr{Name: "segment", Type: deal.String}, deal.Attr{Name: "discount", Type: deal.Decimal}, deal.Attr{Name: "seats", Type: deal.Integer})
	env, err := NewEnv(WithSchema(schema))
	if err != nil {
		t.Fatal(err)
	}
	e := &xEnv{Deal: deal.Deal{Amount: decimal.RequireFromString("25000"), Date: calendar.MustParseDate("2026-03-14"), Attrs: deal.Attrs{"segment": "ent", "discount": decimal.RequireFromString("0.25")}},
		Rate: decimal.RequireFromString("0.08"), Amount: decimal.RequireFromString("12000"), Count: 7, Values: []decimal.Decimal{decimal.NewFromInt(3), decimal.NewFromInt(9)},
		Extra: map[string]any{"x": decimal.NewFromInt(2), "n": 3, "f": 1.5}, Big: 5}
	for _, src := range []string{
		"0.1 + 0.2 == 0.3", "1.15 * 100 == 115", "7 / 2", "1/3", "10/4", "count / 2", "count * rate", "-amount", "- 2.5", "100 == 100.00",
		"amount < 10000 ? amount * 0.03 : amount < 50000 ? amount * 0.05 : amount * 0.07", "min(amount * rate, 5000)", "max(values)", "min(1, 2)",
		"round(2.5, 0)", "round(2.5)", "floor(-2.2)", "ceil(12.341, 2)", "abs(-3.5)", "clamp(5, 1, 3)", "days(date(\"2024-02-28\"), date(\"2024-03-01\"))",
		"month(deal.date)", "deal.date > date(\"2026-01-01\")", "inPeriod(deal.date, period)", "3 in [1, 2, 3.0]", "count in [7, 8]", "rate in values",
		"deal.attrs.segment", "deal.attrs.discount > 0.2", "deal.attrs.seats + 1", "deal.attrs.segmnt", "deal.attrs.segment * 2", "deal.amout", "amout",
		"deal.amount.Add(1)", "now()", "amount / zero", "1/0", "extra.x + 1", "extra.n + 1", "extra.f + 1", "extra.f", "big * rate", "f", "sum(values)",
		"sum(deal.splits, .share)", "tags[0]", "values[1]", "count > 2.5 ? 1 : 0.5", "2 ** 10", "2 ** -2", "[1, 2.5]", "upper(deal.attrs.segment)",
		"deal.date.AddDays(5)", "deal.amount.String", "date(\"2026-02-30\")", "string(amount)", "1..3", "len(tags) > 0", "-count",
		"let x = amount * 2; x + 1", "reduce(values, #acc + #, 0)", "map(values, # * 2)", "filter(values, # > 5)", "amount | round(2)",
		"repeat(\"ab\", 2)", "float(1)", "mean(values)", "deal.attrs", "get(deal.attrs, \"x\")", "\"segment\" in deal.attrs", "rate > 0 && deal.attrs.discount >= 0.25",
	} {
		r, err := Compile[xEnv](env, "t", src, Any)
		if err != nil {
			fmt.Printf("%-40s COMPILE %v\n", src, err)
			continue
		}
		v, err := r.Eval(e)
		fmt.Printf("%-40s => %v (%T) err=%v\n", src, v, v, err)
	}
}
