package rules

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// FuzzCompileRun compiles and runs arbitrary expressions against the sample
// environment, with small limits so that the budgets are reached. Nothing
// may panic; every error must be an *Error of the right phase; no result
// may hold a floating-point number; and the direct evaluator and the VM
// must give the same result or the same error, a limit's included.
func FuzzCompileRun(f *testing.F) {
	for _, src := range []string{
		"0.1 + 0.2 == 0.3",
		"1.15 * 100",
		"7 / 2",
		"1 / 3 * 3",
		"deal.amount * rate",
		"credit.amount < 10000 ? credit.amount * 0.03 : credit.amount < 50000 ? credit.amount * 0.05 : credit.amount * 0.07",
		"min(deal.amount * rate, 5000)",
		"max(shares) - min(shares)",
		"clamp(credit.share * 2, 0, 1)",
		"round(deal.amount / 3, 2)",
		"floor(-2.5) + ceil(2.5) + abs(-n)",
		"n / zero",
		"deal.amount % 0",
		"-deal.amount ** 2",
		`days(deal.date, date("2024-02-29"))`,
		`month(deal.date) in [1, 2, 3] && year(deal.date) >= 2026`,
		"inPeriod(deal.close_date, period)",
		`deal.channel in ["web", "partner"] || deal.type == "renewal"`,
		"deal.attrs.discount > 0.2 ? deal.attrs.seats * 10 : 0",
		`upper(deal.attrs.segment) + "-" + deal.owner`,
		`"emea" in deal.attrs.regions`,
		"sum(deal.splits, .share) == 1",
		"reduce(shares, #acc + #, 0)",
		"map(deal.splits, .share * deal.amount)",
		`fx(deal.currency) * deal.amount`,
		"extra.bonus + extra.n * 2",
		"extra.legacy * 2",
		"prior.amount",
		"let x = rate * 100; x > 5 ? x : -x",
		"1e40 * 1e-40",
		"seats * n + zero",
		"shares[0] + shares[-1]",
		`deal.product matches "^SKU-[0-9]+$"`,
		"len(tags) > 0 ? tags[0] : deal.owner",
		// the budgets
		`reduce(1..n*n*n, #acc + "abcdefghij", "")`,
		`let a = deal.owner + deal.owner; let b = a + a; let c = b + b; c + c + c`,
		`replace(repeat(deal.owner, 100), "a", repeat("b", 90))`,
		`repeat("ab", 3000)`,
		"let l = 1..n*n*n; reduce(l, reduce(l, #acc + 1, 0), 0)",
		"map(1..100, map(1..100, # + 1))",
		"let l = 1..500; count(l, 500 in l)",
		`split(repeat("a,", 600), ",")`,
		`join(map(1..n, string(#)), "-")`,
		`upper(deal.owner) + lower(deal.channel) + trim(" x ")`,
		"deal.owner == credit.payee && deal.product contains deal.channel",
		`string(deal.date) + string(rate) + string(period)`,
		`deal.amount > 1000 ? 0.1 : "low"`,
		`if n > 1 { rate } else { deal.owner }`,
		"rate * 1e400000",
		// comparisons with a constant (compareConst)
		"deal.attrs.seats >= 24 && 24 < deal.attrs.seats",
		"deal.amount > 0 || 0 >= deal.amount || -0.00 == credit.amount",
		"deal.amount <= 1000.5 && 12.345 != rate && rate < 100",
		"n >= 1e30 || n == 2.5 || n != 3 || 9223372036854775808 > n",
		"deal.amount > 99999999999999999999.5 || rate == 0.0500",
	} {
		f.Add(src)
	}
	env := sampleEnv()
	f.Fuzz(func(t *testing.T, src string) {
		r, err := Compile[testEnv](fuzzEnv, "fuzz", src, Any)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrCompile) {
				t.Fatalf("%q: compile error %v is not an *Error of ErrCompile", src, err)
			}
			return
		}
		rvm, err := Compile[testEnv](fuzzVM, "fuzz", src, Any)
		if err != nil {
			t.Fatalf("%q compiles, but not for the VM alone: %v", src, err)
		}
		got, err := r.Eval(env)
		gotVM, errVM := rvm.Eval(env)
		if fmt.Sprint(err) != fmt.Sprint(errVM) || !sameValue(got, gotVM) {
			t.Fatalf("%q: direct gives %#v, %v; VM gives %#v, %v", src, got, err, gotVM, errVM)
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrRuntime) {
				t.Fatalf("%q: run error %v is not an *Error of ErrRuntime", src, err)
			}
			return
		}
		if hasFloat(reflect.ValueOf(got)) {
			t.Fatalf("%q gives a float: %#v", src, got)
		}
	})
}

// fuzzEnv and fuzzVM have small limits, which keep each run short.
var (
	fuzzEnv = testEnvOpts(WithMaxSteps(5000), WithMaxStringBytes(4096), WithMemoryBudget(1000))
	fuzzVM  = func() *Env { e := *fuzzEnv; e.vmOnly = true; return &e }()
)

// hasFloat reports whether v holds a floating-point number anywhere.
func hasFloat(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	case reflect.Interface, reflect.Pointer:
		return !v.IsNil() && hasFloat(v.Elem())
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if hasFloat(v.Index(i)) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if hasFloat(it.Value()) {
				return true
			}
		}
	}
	return false
}
