package rules

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func TestCompileErrors(t *testing.T) {
	noSchema, err := NewEnv()
	if err != nil {
		t.Fatal(err)
	}
	small := testEnvOpts(WithMaxNodes(5))
	tests := []struct {
		name string
		env  *Env
		src  string
		want Type
		code Code
		text string
	}{
		{"unknown field with hint", stdEnv, "deal.amout * 0.1", Decimal, ErrUnknownName, `rule "bonus": 1:6: unknown field amout of deal (did you mean amount?)
 | deal.amout * 0.1
 |      ^`},
		{"unknown field of a nested struct", stdEnv, "credit.shar", Any, ErrUnknownName, `rule "bonus": 1:8: unknown field shar of credit (did you mean share?)
 | credit.shar
 |        ^`},
		{"unknown field under a patched operator", stdEnv, `deal.channel == "x" && deal.stag == "won"`, Bool, ErrUnknownName, `rule "bonus": 1:29: unknown field stag of deal (did you mean stage?)
 | deal.channel == "x" && deal.stag == "won"
 |                             ^`},
		{"unknown field under a decimal operator", stdEnv, "len(deal.ownr) * rate", Decimal, ErrUnknownName, `rule "bonus": 1:10: unknown field ownr of deal (did you mean owner?)
 | len(deal.ownr) * rate
 |          ^`},
		{"unknown name with hint", stdEnv, "rat * 2", Decimal, ErrUnknownName, `rule "bonus": 1:1: unknown name rat (did you mean rate?)
 | rat * 2
 | ^`},
		{"unexported field", stdEnv, "hidden", Any, ErrUnknownName, `rule "bonus": 1:1: unknown name hidden
 | hidden
 | ^`},
		{"position on a later line", stdEnv, "rate *\n  deal.amout", Decimal, ErrUnknownName, `rule "bonus": 2:8: unknown field amout of deal (did you mean amount?)
 |   deal.amout
 |        ^`},
		{"unknown attribute with hint", stdEnv, `deal.attrs.segmnt == "x"`, Bool, ErrUnknownName, `rule "bonus": 1:12: unknown attribute segmnt (did you mean segment?)
 | deal.attrs.segmnt == "x"
 |            ^`},
		{"unknown attribute lists the declared", stdEnv, `deal.attrs.colour == "x"`, Bool, ErrUnknownName, `rule "bonus": 1:12: unknown attribute colour (declared: segment, discount, seats, renewal, signed, expires, regions, uplift, partner, quota_id)
 | deal.attrs.colour == "x"
 |            ^`},
		{"attribute without a schema", noSchema, `deal.attrs.segment == "x"`, Bool, ErrUnknownName, `rule "bonus": 1:12: unknown attribute segment (the strategy declares no custom attributes)
 | deal.attrs.segment == "x"
 |            ^`},
		{"unknown attribute presence", stdEnv, `"colour" in deal.attrs`, Bool, ErrUnknownName, `rule "bonus": 1:1: unknown attribute colour (declared: segment, discount, seats, renewal, signed, expires, regions, uplift, partner, quota_id)
 | "colour" in deal.attrs
 | ^`},
		{"unknown function with hint", stdEnv, "rond(rate, 2)", Decimal, ErrUnknownName, `rule "bonus": 1:1: unknown function rond (did you mean round?)
 | rond(rate, 2)
 | ^`},
		{"type mismatch on an attribute", stdEnv, "deal.attrs.segment * 2", Decimal, ErrType, `rule "bonus": 1:20: type mismatch: string * decimal
 | deal.attrs.segment * 2
 |                    ^`},
		{"type mismatch on a struct", stdEnv, "deal + 1", Any, ErrType, `rule "bonus": 1:6: type mismatch: deal + decimal
 | deal + 1
 |      ^`},
		{"wrong result type", stdEnv, "deal.amount > 5", Decimal, ErrType, `rule "bonus": 1:1: the rule must give a decimal, but it gives a boolean
 | deal.amount > 5
 | ^`},
		{"string for a decimal", stdEnv, "deal.owner", Decimal, ErrType, `rule "bonus": 1:1: the rule must give a decimal, but it gives a string
 | deal.owner
 | ^`},
		{"non-boolean condition", stdEnv, "rate ? 1 : 2", Decimal, ErrType, `rule "bonus": 1:1: the condition must be a boolean, not a decimal
 | rate ? 1 : 2
 | ^`},
		{"wrong argument", stdEnv, "days(deal.date, 5)", Int, ErrType, `rule "bonus": 1:17: argument of days must be a date, not a decimal
 | days(deal.date, 5)
 |                 ^`},
		{"wrong argument of a user function", stdEnv, "fx(1)", Any, ErrType, `rule "bonus": 1:4: argument of fx must be a string, not a decimal
 | fx(1)
 |    ^`},
		{"min of a string", stdEnv, "min(deal.owner)", Any, ErrType, `rule "bonus": 1:1: argument 1 of min must be a number, not a string
 | min(deal.owner)
 | ^`},
		{"too many nodes", small, "1 + 2 + 3 + 4", Decimal, ErrLimit, `rule "bonus": the expression is too large (more than 5 nodes)`},
		{"literal too large", stdEnv, "1e99 * rate", Decimal, ErrLimit, `rule "bonus": 1:1: number 1e99 is too large (at most 40 digits, and 40 places)
 | 1e99 * rate
 | ^`},
		{"exponent too large for a float", stdEnv, "rate * 1e400000", Decimal, ErrLimit, `rule "bonus": 1:8: number 1e400000 is too large (at most 40 digits, and 40 places)
 | rate * 1e400000
 |        ^`},
		{"exponent too large, alone", stdEnv, "1_000e99999", Decimal, ErrLimit, `rule "bonus": 1:1: number 1_000e99999 is too large (at most 40 digits, and 40 places)
 | 1_000e99999
 | ^`},
		{"exponent too small", stdEnv, "rate * 1e-400000", Decimal, ErrLimit, `rule "bonus": 1:8: number 1e-400000 is out of range (at most 40 digits, and 40 places)
 | rate * 1e-400000
 |        ^`},
		{"whole number too large, an operator after it", stdEnv, "rate * 10000000000000000000000000000000000000000000000000 * 2", Decimal, ErrLimit, `rule "bonus": 1:8: number 10000000000000000000000000000000000000000000000000 is too large (at most 40 digits, and 40 places)
 | rate * 10000000000000000000000000000000000000000000000000 * 2
 |        ^`},
		{"whole number too large", stdEnv, "rate * 99999999999999999999999", Decimal, ErrLimit, `rule "bonus": 1:8: number 99999999999999999999999 is too large for a whole number (write 99999999999999999999999.0 for a decimal)
 | rate * 99999999999999999999999
 |        ^`},
		{"ternary of a decimal and a string", stdEnv, `deal.amount > 1000 ? 0.1 : "low"`, Any, ErrType, `rule "bonus": 1:28: type mismatch: one branch of ?: gives a decimal, this one gives a string
 | deal.amount > 1000 ? 0.1 : "low"
 |                            ^`},
		{"nested ternary of a string", stdEnv, `deal.amount > 1000 ? 0.1 : n > 2 ? "low" : 0`, Any, ErrType, `rule "bonus": 1:36: type mismatch: one branch of ?: gives a decimal, this one gives a string
 | deal.amount > 1000 ? 0.1 : n > 2 ? "low" : 0
 |                                    ^`},
		{"ternary in the first branch", stdEnv, `n > 1 ? (n > 2 ? deal.date : rate) : rate`, Any, ErrType, `rule "bonus": 1:30: type mismatch: one branch of ?: gives a date, this one gives a decimal
 | n > 1 ? (n > 2 ? deal.date : rate) : rate
 |                              ^`},
		{"ternary of lists", stdEnv, `n > 1 ? tags : shares`, Any, ErrType, `rule "bonus": 1:16: type mismatch: one branch of ?: gives a list of strings, this one gives a list of decimals
 | n > 1 ? tags : shares
 |                ^`},
		{"if else", stdEnv, `if n > 1 { rate } else if n > 2 { 1 } else { deal.owner }`, Any, ErrType, `rule "bonus": 1:51: type mismatch: one branch of if/else gives a decimal, this one gives a string
 | if n > 1 { rate } else if n > 2 { 1 } else { deal.owner }
 |                                                   ^`},
		{"nil coalescing", stdEnv, `deal.attrs.discount ?? "none"`, Any, ErrType, `rule "bonus": 1:24: type mismatch: the left side of ?? gives a decimal, the right side gives a string
 | deal.attrs.discount ?? "none"
 |                        ^`},
		{"method call", stdEnv, "deal.amount.Add(1)", Decimal, ErrNotAllowed, `rule "bonus": 1:13: method calls are not allowed: deal.amount.Add(…) (only the functions of the rule language can be called)
 | deal.amount.Add(1)
 |             ^`},
		{"method call on a date", stdEnv, "deal.date.AddDays(5)", Any, ErrNotAllowed, `rule "bonus": 1:11: method calls are not allowed: deal.date.AddDays(…) (only the functions of the rule language can be called)
 | deal.date.AddDays(5)
 |           ^`},
		{"method value", stdEnv, "deal.amount.String", Any, ErrNotAllowed, `rule "bonus": 1:13: methods are not available: deal.amount.String
 | deal.amount.String
 |             ^`},
		{"now is disabled", stdEnv, "now()", Any, ErrNotAllowed, `rule "bonus": 1:1: now() is not available: rules must not depend on the clock or the time zone
 | now()
 | ^`},
		{"duration is disabled", stdEnv, `duration("1h")`, Any, ErrNotAllowed, `rule "bonus": 1:1: duration() is not available: rules must not depend on the clock or the time zone
 | duration("1h")
 | ^`},
		{"float is disabled", stdEnv, "float(1)", Any, ErrNotAllowed, `rule "bonus": 1:1: float() is not available: it computes with floating-point numbers; rules compute with decimals
 | float(1)
 | ^`},
		{"sortBy is disabled", stdEnv, "sortBy(shares, #)", Any, ErrNotAllowed, `rule "bonus": 1:1: sortBy() is not available in rules
 | sortBy(shares, #)
 | ^`},
		{"internal function", stdEnv, "_add(1, 2)", Any, ErrUnknownName, `rule "bonus": 1:1: unknown function _add
 | _add(1, 2)
 | ^`},
		{"float field", stdEnv, "legacy * 2", Decimal, ErrNotAllowed, `rule "bonus": 1:1: legacy is a floating-point number (numbers in rules are decimals)
 | legacy * 2
 | ^`},
		{"list of floats", stdEnv, "floats", Any, ErrNotAllowed, `rule "bonus": 1:1: floats holds floating-point numbers (numbers in rules are decimals)
 | floats
 | ^`},
		{"attributes as a whole", stdEnv, "deal.attrs", Any, ErrNotAllowed, `rule "bonus": 1:6: custom attributes can only be read by name (write deal.attrs.name)
 | deal.attrs
 |      ^`},
		{"attribute by computed name", stdEnv, "deal.attrs[deal.owner]", Any, ErrNotAllowed, `rule "bonus": 1:11: the name of an attribute must be written out (write deal.attrs.name)
 | deal.attrs[deal.owner]
 |           ^`},
		{"attribute through get", stdEnv, `get(deal.attrs, "segment")`, Any, ErrNotAllowed, `rule "bonus": 1:1: get() cannot read custom attributes (write deal.attrs.name)
 | get(deal.attrs, "segment")
 | ^`},
		{"constant division by zero", stdEnv, "1 / 0", Decimal, ErrDivisionByZero, `rule "bonus": 1:3: division by zero
 | 1 / 0
 |   ^`},
		{"bad date literal", stdEnv, `date("2026-02-30")`, Any, ErrValue, `rule "bonus": 1:6: invalid date "2026-02-30": no such day (write a date as YYYY-MM-DD)
 | date("2026-02-30")
 |      ^`},
		{"date literal in another form", stdEnv, `date("01/03/2026") < deal.date`, Bool, ErrValue, `rule "bonus": 1:6: invalid date "01/03/2026": want YYYY-MM-DD (write a date as YYYY-MM-DD)
 | date("01/03/2026") < deal.date
 |      ^`},
		{"places out of range", stdEnv, "round(rate, 50)", Decimal, ErrValue, `rule "bonus": 1:13: round: places must be a whole number between -40 and 40, got 50
 | round(rate, 50)
 |             ^`},
		{"unknown rounding mode", stdEnv, `round(rate, 2, "nearest")`, Decimal, ErrValue, `rule "bonus": 1:16: round: unknown rounding "nearest" (want half-even, half-up, half-down, down, up, ceiling or floor)
 | round(rate, 2, "nearest")
 |                ^`},
		{"rounding mode of another product", stdEnv, `round(rate, 2, "truncate")`, Decimal, ErrValue, `rule "bonus": 1:16: round: unknown rounding "truncate" (did you mean down? want half-even, half-up, half-down, down, up, ceiling or floor)
 | round(rate, 2, "truncate")
 |                ^`},
		{"rounding mode misspelt", stdEnv, `round(rate, 2, "half_even")`, Decimal, ErrValue, `rule "bonus": 1:16: round: unknown rounding "half_even" (did you mean half-even? want half-even, half-up, half-down, down, up, ceiling or floor)
 | round(rate, 2, "half_even")
 |                ^`},
		{"empty rounding mode", stdEnv, `round(rate, 2, "")`, Decimal, ErrValue, `rule "bonus": 1:16: round: the rounding mode is empty (want half-even, half-up, half-down, down, up, ceiling or floor)
 | round(rate, 2, "")
 |                ^`},
		{"rounding mode not a string", stdEnv, `round(rate, 2, 1)`, Decimal, ErrType, `rule "bonus": 1:1: argument 3 of round must be a rounding mode, a string such as "down", not a number
 | round(rate, 2, 1)
 | ^`},
		{"rounding mode without places", stdEnv, `round(rate, "down")`, Decimal, ErrType, `rule "bonus": 1:1: argument 2 of round must be a number, not a string
 | round(rate, "down")
 | ^`},
		{"rounding mode a date", stdEnv, `round(rate, 2, deal.date)`, Decimal, ErrType, `rule "bonus": 1:1: argument 3 of round must be a rounding mode, a string such as "down", not a date
 | round(rate, 2, deal.date)
 | ^`},
		{"floor takes no mode", stdEnv, `floor(rate, 2, "down")`, Decimal, ErrType, `rule "bonus": 1:1: too many arguments to call floor
 | floor(rate, 2, "down")
 | ^`},
		{"round of four arguments", stdEnv, `round(rate, 2, "down", 1)`, Decimal, ErrType, `rule "bonus": 1:1: too many arguments to call round
 | round(rate, 2, "down", 1)
 | ^`},
		{"unexpected end", stdEnv, "deal.amount *", Decimal, ErrSyntax, `rule "bonus": 1:13: unexpected end of the expression
 | deal.amount *
 |             ^`},
		{"unexpected operator", stdEnv, "deal.amount * * 2", Decimal, ErrSyntax, `rule "bonus": 1:15: unexpected "*"
 | deal.amount * * 2
 |               ^`},
		{"redeclared function", stdEnv, "let min = 1; min", Any, ErrType, `rule "bonus": 1:5: cannot redeclare function min
 | let min = 1; min
 |     ^`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compile[testEnv](tc.env, "bonus", tc.src, tc.want)
			checkError(t, err, ErrCompile, tc.code, tc.text)
		})
	}
}

func TestRuntimeErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		code Code
		text string
	}{
		{"division by zero names the rule", "deal.amount / zero", ErrDivisionByZero, `rule "bonus": 1:13: division by zero
 | deal.amount / zero
 |             ^`},
		{"int division by zero", "n / zero", ErrDivisionByZero, `rule "bonus": 1:3: division by zero
 | n / zero
 |   ^`},
		{"int remainder by zero", "n % zero", ErrDivisionByZero, `rule "bonus": 1:3: division by zero
 | n % zero
 |   ^`},
		{"nil pointer", "prior.amount * 2", ErrValue, `rule "bonus": 1:1: prior is missing (nil): cannot read amount
 | prior.amount * 2
 | ^`},
		{"missing value", "extra.missing + 1", ErrValue, `rule "bonus": 1:15: missing value (nil) where a number is needed
 | extra.missing + 1
 |               ^`},
		{"user function error", `fx("JPY")`, ErrFunction, `rule "bonus": 1:1: function fx failed: no rate for JPY
 | fx("JPY")
 | ^`},
		{"required attribute", "deal.attrs.quota_id", ErrValue, `rule "bonus": 1:12: the deal has no value for required attribute quota_id
 | deal.attrs.quota_id
 |            ^`},
		{"memory budget", "len(1..n*n*n*n*n*n)", ErrLimit, `rule "bonus": 1:6: memory budget exceeded: the rule builds more than 100000 list elements
 | len(1..n*n*n*n*n*n)
 |      ^`},
		{"number too large", "deal.amount ** 50", ErrLimit, `rule "bonus": 1:13: number too large (more than 200 digits)
 | deal.amount ** 50
 |             ^`},
		{"float at run time", "extra.legacy + 1", ErrNotAllowed, `rule "bonus": 1:14: floating-point numbers are not allowed: numbers in rules are decimals
 | extra.legacy + 1
 |              ^`},
		{"float result", "extra.legacy", ErrNotAllowed, `rule "bonus": the rule gave a floating-point number; numbers in rules are decimals`},
		{"float in a list result", "[extra.legacy]", ErrNotAllowed, `rule "bonus": the rule gave a floating-point number; numbers in rules are decimals`},
		{"dynamic type mismatch", "extra.bonus + deal.owner", ErrType, `rule "bonus": 1:13: type mismatch: decimal + string
 | extra.bonus + deal.owner
 |             ^`},
		{"dynamic comparison mismatch", "extra.bonus < deal.owner", ErrType, `rule "bonus": 1:13: cannot compare a decimal with a string
 | extra.bonus < deal.owner
 |             ^`},
		{"dynamic float comparison", "extra.legacy < 1", ErrNotAllowed, `rule "bonus": 1:14: floating-point numbers are not allowed: numbers in rules are decimals
 | extra.legacy < 1
 |              ^`},
		{"in a non-list", "rate in extra.bonus", ErrType, `rule "bonus": 1:6: in needs a list, got a decimal
 | rate in extra.bonus
 |      ^`},
		{"clamp bounds", "clamp(rate, 1, 0)", ErrValue, `rule "bonus": 1:1: clamp: lo 1 is greater than hi 0
 | clamp(rate, 1, 0)
 | ^`},
		{"index out of range", "shares[5]", ErrValue, `rule "bonus": 1:7: index out of range: 5 (array length is 2)
 | shares[5]
 |       ^`},
		{"bad date text", "date(deal.owner)", ErrValue, `rule "bonus": 1:1: invalid date "ana": want YYYY-MM-DD
 | date(deal.owner)
 | ^`},
		{"missing date", "days(deal.date, deal.attrs.expires)", ErrValue, `rule "bonus": 1:1: days: the date is missing
 | days(deal.date, deal.attrs.expires)
 | ^`},
		{"rounding mode at run time", "round(rate, 2, deal.attrs.segment)", ErrValue, `rule "bonus": 1:1: round: unknown rounding "Enterprise" (want half-even, half-up, half-down, down, up, ceiling or floor)
 | round(rate, 2, deal.attrs.segment)
 | ^`},
		{"empty rounding mode at run time", "round(rate, 2, deal.attrs.partner)", ErrValue, `rule "bonus": 1:1: round: the rounding mode is empty (want half-even, half-up, half-down, down, up, ceiling or floor)
 | round(rate, 2, deal.attrs.partner)
 | ^`},
		{"rounding mode of the wrong type at run time", "round(rate, 2, extra.bonus)", ErrType, `rule "bonus": 1:1: round: the rounding mode must be a string, not a decimal
 | round(rate, 2, extra.bonus)
 | ^`},
		{"wrong argument at run time", "tier(extra.bonus)", ErrType, `rule "bonus": 1:1: argument 1 of tier: want an integer, got a decimal
 | tier(extra.bonus)
 | ^`},
	}
	env := sampleEnv()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eval(t, stdEnv, tc.src, Any, env)
			checkError(t, err, ErrRuntime, tc.code, tc.text)
		})
	}
}

func TestRuntimeErrorUnwraps(t *testing.T) {
	_, err := eval(t, stdEnv, `fx("JPY")`, Decimal, sampleEnv())
	if !errors.Is(err, errNoRate) {
		t.Errorf("errors.Is(%v, errNoRate) = false", err)
	}
	var re *Error
	if !errors.As(err, &re) || re.Rule != "bonus" || re.Line != 1 || re.Column != 1 || re.Err != errNoRate {
		t.Errorf("errors.As gives %#v", re)
	}
}

func TestResultErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		call func(r *Rule[testEnv], env *testEnv) error
		text string
	}{
		{"decimal of nothing", "extra.name", func(r *Rule[testEnv], env *testEnv) error { _, err := r.Decimal(env); return err },
			`rule "bonus": the rule must give a decimal, but it gave no value (nil)`},
		{"decimal of a string", "deal.owner", func(r *Rule[testEnv], env *testEnv) error { _, err := r.Decimal(env); return err },
			`rule "bonus": the rule must give a decimal, but it gave a string`},
		{"bool of a decimal", "rate", func(r *Rule[testEnv], env *testEnv) error { _, err := r.Bool(env); return err },
			`rule "bonus": the rule must give a boolean, but it gave a decimal`},
		{"int of a fraction", "rate", func(r *Rule[testEnv], env *testEnv) error { _, err := r.Int(env); return err },
			`rule "bonus": the rule must give an integer, but it gave a decimal`},
		{"string of an int", "n", func(r *Rule[testEnv], env *testEnv) error { _, err := r.String(env); return err },
			`rule "bonus": the rule must give a string, but it gave an integer`},
		{"nil environment", "rate", func(r *Rule[testEnv], _ *testEnv) error { _, err := r.Decimal(nil); return err },
			`rule "bonus": no environment to evaluate the rule in`},
		{"zero rule", "rate", func(_ *Rule[testEnv], env *testEnv) error { _, err := new(Rule[testEnv]).Eval(env); return err },
			`rule "": the rule is not compiled`},
		{"nil rule", "rate", func(_ *Rule[testEnv], env *testEnv) error { var r *Rule[testEnv]; _, err := r.Decimal(env); return err },
			`rule "": the rule is not compiled`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Compile[testEnv](stdEnv, "bonus", tc.src, Any)
			if err != nil {
				t.Fatal(err)
			}
			err = tc.call(r, sampleEnv())
			if err == nil || err.Error() != tc.text || !errors.Is(err, ErrRuntime) {
				t.Errorf("got %v, want %s", err, tc.text)
			}
		})
	}
}

func TestEnvErrors(t *testing.T) {
	tests := []struct {
		name string
		opt  Option
		text string
	}{
		{"built-in name", WithFunction("round", func(int) int { return 0 }), "rules: function round: the name is taken by a built-in function: env"},
		{"expr built-in name", WithFunction("now", func() int { return 0 }), "rules: function now: the name is taken by a built-in function: env"},
		{"keyword", WithFunction("in", func() int { return 0 }), "rules: function in: the name is a keyword: env"},
		{"reserved name", WithFunction("_x", func() int { return 0 }), "rules: function _x: the name must be an identifier (letters, digits and _) not starting with _ or a digit: env"},
		{"not a func", WithFunction("x", 42), "rules: function x: want a func, got int: env"},
		{"float parameter", WithFunction("x", func(float64) int { return 0 }), "rules: function x: parameter 1: floating-point type float64: use decimal.Decimal: env"},
		{"float result", WithFunction("x", func() float64 { return 0 }), "rules: function x: result: floating-point type float64: use decimal.Decimal: env"},
		{"no result", WithFunction("x", func() {}), "rules: function x: want results T or (T, error), got func(): env"},
		{"division places", WithDivisionPlaces(-1), "rules: division places -1 out of range 0 to 100: env"},
		{"max nodes", WithMaxNodes(0), "rules: max nodes 0 out of range 1 to 100000: env"},
		{"memory budget", WithMemoryBudget(0), "rules: memory budget 0 must be positive: env"},
		{"max steps", WithMaxSteps(0), "rules: max steps 0 out of range 1 to 1000000000: env"},
		{"max steps too large", WithMaxSteps(1_000_000_001), "rules: max steps 1000000001 out of range 1 to 1000000000: env"},
		{"max string bytes", WithMaxStringBytes(-1), "rules: max string bytes -1 out of range 1 to 1073741824: env"},
		{"max string bytes too large", WithMaxStringBytes(1<<30 + 1), "rules: max string bytes 1073741825 out of range 1 to 1073741824: env"},
		{"rounding", WithRounding(Rounding(7)), "rules: invalid rounding mode 7: env"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewEnv(tc.opt)
			if err == nil || err.Error() != tc.text || !errors.Is(err, ErrEnv) {
				t.Errorf("got %v, want %s", err, tc.text)
			}
		})
	}
	if _, err := NewEnv(WithFunction("f", fx), WithFunction("f", fx)); err == nil || err.Error() != "rules: function f is defined twice: env" {
		t.Errorf("twice: got %v", err)
	}
	_, err := Compile[int](nil, "bonus", "1", Any)
	checkError(t, err, ErrCompile, ErrEnv, `rule "bonus": the environment type int is not a struct`)
}

func checkError(t *testing.T, err error, phase, code Code, text string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s", text)
	}
	if diff := cmp.Diff(text, err.Error()); diff != "" {
		t.Errorf("error text (-want +got):\n%s", diff)
	}
	if !errors.Is(err, phase) || !errors.Is(err, code) {
		t.Errorf("errors.Is(err, %s) = %v, errors.Is(err, %s) = %v", phase, errors.Is(err, phase), code, errors.Is(err, code))
	}
	other := ErrRuntime
	if phase == ErrRuntime {
		other = ErrCompile
	}
	if errors.Is(err, other) {
		t.Errorf("errors.Is(err, %s) = true", other)
	}
}

// methodEnv has a method, which rules cannot reach, and func fields, which
// they can call.
type methodEnv struct {
	Amount  decimal.Decimal                       `expr:"amount"`
	Measure func(string) (decimal.Decimal, error) `expr:"measure"`
	Nothing func() int                            `expr:"nothing"`
}

func (methodEnv) Secret() int { return 42 }

func TestEnvironmentMethodsAndFuncs(t *testing.T) {
	errMeasure := errors.New("no measure x")
	env := &methodEnv{Amount: decimal.NewFromInt(5), Measure: func(s string) (decimal.Decimal, error) {
		if s == "x" {
			return decimal.Decimal{}, errMeasure
		}
		return decimal.NewFromInt(10), nil
	}}
	tests := []struct {
		name, src string
		phase     Code
		text      string
	}{
		{"method call", "Secret()", ErrCompile, `rule "m": 1:1: methods are not available: Secret(…)
 | Secret()
 | ^`},
		{"method value", "Secret", ErrCompile, `rule "m": 1:1: methods are not available: Secret
 | Secret
 | ^`},
		{"method through $env", "$env.Secret", ErrCompile, `rule "m": 1:6: methods are not available: $env.Secret
 | $env.Secret
 |      ^`},
		{"method through get", `get($env, "Secret")`, ErrCompile, `rule "m": 1:1: methods are not available: get($env, "Secret")
 | get($env, "Secret")
 | ^`},
		{"method found at run time", `get($env, "Sec" + "ret")`, ErrRuntime, `rule "m": the rule gave a function`},
		{"func field as a value", "measure", ErrCompile, `rule "m": 1:1: measure is a function (call it with its arguments in parentheses)
 | measure
 | ^`},
		{"func field error", `measure("x")`, ErrRuntime, `rule "m": 1:1: no measure x
 | measure("x")
 | ^`},
		{"nil func field", "nothing()", ErrRuntime, `rule "m": 1:1: missing value (nil)
 | nothing()
 | ^`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Compile[methodEnv](nil, "m", tc.src, Any)
			if err == nil {
				_, err = r.Eval(env)
			}
			if err == nil || err.Error() != tc.text || !errors.Is(err, tc.phase) {
				t.Errorf("got %v, want %s", err, tc.text)
			}
		})
	}
	r, err := Compile[methodEnv](nil, "m", `measure("bookings") * amount`, Decimal)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := r.Decimal(env); err != nil || got.String() != "50" {
		t.Errorf("measure(\"bookings\") * amount = %v, %v; want 50", got, err)
	}
	r, err = Compile[methodEnv](nil, "m", `measure("x")`, Decimal)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Decimal(env); !errors.Is(err, errMeasure) {
		t.Errorf("errors.Is(%v, errMeasure) = false", err)
	}
}
