package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// kib is a constant string of 1,024 bytes.
var kib = strings.Repeat("x", 1024)

// doubling is the chain of lets of issue 14 that reached 1.3 GB: each
// string twice the one before.
var doubling = func() string {
	var b strings.Builder
	b.WriteString(`let a0 = deal.owner + "0123456789"; `)
	for i := 1; i <= 24; i++ {
		fmt.Fprintf(&b, "let a%d = a%d + a%d; ", i, i-1, i-1)
	}
	b.WriteString("len(a24)")
	return b.String()
}()

// TestLimitRegressions runs the rules of issue 14 ("Rules that run away"),
// which killed or stalled the process, each with the default limits: each
// must now fail, fast, with an error that names the limit.
func TestLimitRegressions(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		phase Code
		text  string
	}{
		{"repeat of a KiB a million times: out of memory", `repeat("` + kib + `", 1000000)`, ErrCompile,
			`rule "bonus": 1:1: string limit exceeded: repeat builds 1024000000 bytes of strings, more than 1048576`},
		{"reduce that grows a string: 12.8 s", `reduce(1..99999, #acc + "abcdefghij", "")`, ErrCompile,
			`rule "bonus": 1:1: step limit exceeded: the loop takes at least 299997 steps, more than 100000`},
		{"reduce that grows a string, over a range known at run time", `reduce(1..n*n*n*n*n, #acc + "abcdefghij", "")`, ErrRuntime,
			`rule "bonus": 1:27: string limit exceeded: the rule builds more than 1048576 bytes of strings`},
		{"chain of lets that doubles a string: 1.3 GB", doubling, ErrRuntime,
			`rule "bonus": 1:337: string limit exceeded: the rule builds more than 1048576 bytes of strings`},
		{"replace by a repeated string: 180 MB", `replace(repeat("a", 10000), "a", repeat("b", 9000))`, ErrCompile,
			`rule "bonus": 1:1: string limit exceeded: replace builds 90000000 bytes of strings, more than 1048576`},
		{"replace by a repeated string at run time", `replace(repeat(deal.owner, 10000), "a", repeat("b", 9000))`, ErrRuntime,
			`rule "bonus": 1:1: string limit exceeded: the rule builds more than 1048576 bytes of strings`},
		{"nested loops over a range", "let l = 1..1000; reduce(l, reduce(l, reduce(l, #acc + 1, 0), 0), 0)", ErrRuntime,
			`rule "bonus": 1:48: step limit exceeded: the rule takes more than 100000 steps`},
		{"nested loops over constant ranges", "map(1..1000, map(1..1000, # + 1))", ErrCompile,
			`rule "bonus": 1:1: step limit exceeded: the loop takes at least 3004000 steps, more than 100000`},
		{"membership in a long list, in a loop", "let l = 1..50000; count(l, 50000 in l)", ErrRuntime,
			`rule "bonus": 1:34: step limit exceeded: the rule takes more than 100000 steps`},
		{"a long string searched in a loop", `let s = repeat("a", 1000000); count(1..99999, s contains "b")`, ErrRuntime,
			`rule "bonus": 1:49: step limit exceeded: the rule takes more than 100000 steps`},
		{"a range beyond the memory budget", "len(1..1000000)", ErrCompile,
			`rule "bonus": 1:6: memory budget exceeded: the range 1..1000000 has 1000000 elements, more than 100000`},
		{"a repeat count beyond the string limit", "repeat(deal.owner, 2000000)", ErrCompile,
			`rule "bonus": 1:20: string limit exceeded: repeating 2000000 times builds more than 1048576 bytes of strings`},
		{"a pattern built at run time", `let p = repeat("a", 200000); "x" matches p`, ErrRuntime,
			`rule "bonus": 1:34: step limit exceeded: the rule takes more than 100000 steps`},
	}
	env := sampleEnv()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eval(t, stdEnv, tc.src, Any, env)
			if err == nil {
				t.Fatalf("no error, want %s", tc.text)
			}
			// the first line: the snippet of these long rules is long too
			first, _, _ := strings.Cut(err.Error(), "\n")
			if diff := cmp.Diff(tc.text, first); diff != "" {
				t.Errorf("error text (-want +got):\n%s", diff)
			}
			checkError(t, err, tc.phase, ErrLimit, err.Error())
		})
	}
	// Each case used to take seconds or gigabytes; the limits stop them
	// after a bounded number of steps and bytes, which the errors above
	// prove (the benchmarks measure time).
}

func TestLimitErrors(t *testing.T) {
	bytes10 := testEnvOpts(WithMaxStringBytes(10))
	steps := testEnvOpts(WithMaxSteps(10_000))
	steps5 := testEnvOpts(WithMaxSteps(5))
	steps10 := testEnvOpts(WithMaxSteps(10))
	elems := testEnvOpts(WithMemoryBudget(10))
	tests := []struct {
		name  string
		env   *Env
		src   string
		phase Code
		code  Code
		text  string
	}{
		{"concatenation", bytes10, `deal.owner + "12345678"`, ErrRuntime, ErrLimit, `rule "bonus": 1:12: string limit exceeded: the rule builds more than 10 bytes of strings
 | deal.owner + "12345678"
 |            ^`},
		{"concatenation of unknown types", bytes10, `extra.label + deal.owner + "1234567"`, ErrRuntime, ErrLimit, `rule "bonus": 1:26: string limit exceeded: the rule builds more than 10 bytes of strings
 | extra.label + deal.owner + "1234567"
 |                          ^`},
		{"constant concatenation", bytes10, `"12345" + "678901"`, ErrCompile, ErrLimit, `rule "bonus": 1:9: string limit exceeded: + builds 11 bytes of strings, more than 10
 | "12345" + "678901"
 |         ^`},
		{"repeat", bytes10, `repeat(deal.owner, 4)`, ErrRuntime, ErrLimit, `rule "bonus": 1:1: string limit exceeded: the rule builds more than 10 bytes of strings
 | repeat(deal.owner, 4)
 | ^`},
		{"constant repeat", bytes10, `repeat("ab", 6)`, ErrCompile, ErrLimit, `rule "bonus": 1:1: string limit exceeded: repeat builds 12 bytes of strings, more than 10
 | repeat("ab", 6)
 | ^`},
		{"negative repeat count", stdEnv, `repeat(deal.owner, -1)`, ErrCompile, ErrValue, `rule "bonus": 1:20: repeat: negative count -1
 | repeat(deal.owner, -1)
 |                    ^`},
		{"negative repeat count at run time", stdEnv, `repeat(deal.owner, zero - n)`, ErrRuntime, ErrValue, `rule "bonus": 1:1: repeat: negative count -7
 | repeat(deal.owner, zero - n)
 | ^`},
		{"replace", bytes10, `replace(deal.owner, "a", "bbbbb")`, ErrRuntime, ErrLimit, `rule "bonus": 1:1: string limit exceeded: the rule builds more than 10 bytes of strings
 | replace(deal.owner, "a", "bbbbb")
 | ^`},
		{"join", bytes10, `join([deal.owner, deal.owner, deal.owner, deal.owner], "")`, ErrRuntime, ErrLimit, `rule "bonus": 1:1: string limit exceeded: the rule builds more than 10 bytes of strings
 | join([deal.owner, deal.owner, deal.owner, deal.owner], "")
 | ^`},
		{"constant join", bytes10, `join(["abcd", "efgh"], "---")`, ErrCompile, ErrLimit, `rule "bonus": 1:1: string limit exceeded: join builds 11 bytes of strings, more than 10
 | join(["abcd", "efgh"], "---")
 | ^`},
		{"upper and lower", bytes10, `upper(deal.owner + deal.owner) + lower(deal.owner)`, ErrRuntime, ErrLimit, `rule "bonus": 1:1: string limit exceeded: the rule builds more than 10 bytes of strings
 | upper(deal.owner + deal.owner) + lower(deal.owner)
 | ^`},
		{"string of a number", bytes10, `string(extra.bonus * 1000000000000)`, ErrRuntime, ErrLimit, `rule "bonus": 1:1: string limit exceeded: the rule builds more than 10 bytes of strings
 | string(extra.bonus * 1000000000000)
 | ^`},
		{"string of a struct", stdEnv, `string(deal)`, ErrCompile, ErrNotAllowed, `rule "bonus": 1:1: string() of a deal is not available: it takes a number, a string, a boolean, a date or a period
 | string(deal)
 | ^`},
		{"string of a list at run time", stdEnv, `string(n < 0 ? extra.label : tags)`, ErrRuntime, ErrNotAllowed, `rule "bonus": 1:1: string() of a list of strings is not available: it takes a number, a string, a boolean, a date or a period
 | string(n < 0 ? extra.label : tags)
 | ^`},
		{"steps of a loop", steps5, `reduce(shares, #acc + #, 0)`, ErrRuntime, ErrLimit, `rule "bonus": 1:16: step limit exceeded: the rule takes more than 5 steps
 | reduce(shares, #acc + #, 0)
 |                ^`},
		{"steps of sum", testEnvOpts(WithMaxSteps(9)), `sum(deal.splits, .share)`, ErrRuntime, ErrLimit, `rule "bonus": 1:1: step limit exceeded: the rule takes more than 9 steps
 | sum(deal.splits, .share)
 | ^`},
		{"min of a list in a loop", steps, `let l = 1..5000; reduce(l, #acc + min(l), 0)`, ErrRuntime, ErrLimit, `rule "bonus": 1:35: step limit exceeded: the rule takes more than 10000 steps
 | let l = 1..5000; reduce(l, #acc + min(l), 0)
 |                                   ^`},
		{"comparing long strings", steps10, `(deal.owner + repeat("x", 800)) == (deal.owner + repeat("x", 800))`, ErrRuntime, ErrLimit, `rule "bonus": 1:33: step limit exceeded: the rule takes more than 10 steps
 | (deal.owner + repeat("x", 800)) == (deal.owner + repeat("x", 800))
 |                                 ^`},
		{"searching a long string", steps10, `(deal.owner + repeat("x", 800)) contains "y"`, ErrRuntime, ErrLimit, `rule "bonus": 1:33: step limit exceeded: the rule takes more than 10 steps
 | (deal.owner + repeat("x", 800)) contains "y"
 |                                 ^`},
		{"steps of a constant loop", steps, `map(1..5000, # * 2)`, ErrCompile, ErrLimit, `rule "bonus": 1:1: step limit exceeded: the loop takes at least 15000 steps, more than 10000
 | map(1..5000, # * 2)
 | ^`},
		{"a range", elems, `len(1..n+n)`, ErrRuntime, ErrLimit, `rule "bonus": 1:6: memory budget exceeded: the rule builds more than 10 list elements
 | len(1..n+n)
 |      ^`},
		{"a constant range", elems, `len(1..11)`, ErrCompile, ErrLimit, `rule "bonus": 1:6: memory budget exceeded: the range 1..11 has 11 elements, more than 10
 | len(1..11)
 |      ^`},
		{"a list built by map", elems, `map(1..6, #)`, ErrRuntime, ErrLimit, `rule "bonus": 1:1: memory budget exceeded: the rule builds more than 10 list elements
 | map(1..6, #)
 | ^`},
		{"the pieces of split", elems, `split("a,b,c,d,e,f,g,h,i,j,k", ",")`, ErrRuntime, ErrLimit, `rule "bonus": 1:1: memory budget exceeded: the rule builds more than 10 list elements
 | split("a,b,c,d,e,f,g,h,i,j,k", ",")
 | ^`},
	}
	env := sampleEnv()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eval(t, tc.env, tc.src, Any, env)
			checkError(t, err, tc.phase, tc.code, tc.text)
		})
	}
}

// TestWithinLimits evaluates rules that reach their limits exactly, on
// both paths: a limit is the most an evaluation may use.
func TestWithinLimits(t *testing.T) {
	tests := []struct {
		name string
		opt  Option
		src  string
		want any
	}{
		{"bytes", WithMaxStringBytes(10), `deal.owner + "1234567"`, "ana1234567"},
		{"bytes of repeat", WithMaxStringBytes(9), `repeat(deal.owner, 3)`, "anaanaana"},
		{"bytes of join", WithMaxStringBytes(7), `join([deal.owner, deal.owner], "-")`, "ana-ana"},
		{"steps", WithMaxSteps(6), `reduce(shares, #acc + #, 0)`, dec("1")},
		{"steps of sum", WithMaxSteps(10), `sum(deal.splits, .share)`, dec("1")},
		{"steps of reading", WithMaxSteps(12), `(deal.owner + repeat("x", 800)) == (deal.owner + repeat("x", 800))`, true},
		{"elements", WithMemoryBudget(10), `len(1..10)`, 10},
		{"elements of map", WithMemoryBudget(10), `map(1..5, # * 2)`, []any{dec("2"), dec("4"), dec("6"), dec("8"), dec("10")}},
		{"elements of split", WithMemoryBudget(3), `split("a,b,c", ",")`, []string{"a", "b", "c"}},
		{"string of a scalar", nil, `string(n) + string(rate) + string(deal.date) + string(period) + string(true)`, "70.082026-03-14FY2026-Q1true"},
	}
	env := sampleEnv()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := eval(t, testEnvOpts(tc.opt), tc.src, Any, env)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, decimalEqual); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestNoMeterOnTheHotPath checks that the rules of a commission plan's hot
// path carry no meter, so that the budgets cost them nothing, and that a
// rule which needs one evaluates without allocating it.
func TestNoMeterOnTheHotPath(t *testing.T) {
	for _, src := range []string{
		"deal.amount * 0.08",
		"credit.amount < 10000 ? credit.amount * 0.03 : credit.amount < 50000 ? credit.amount * 0.05 : credit.amount * 0.07",
		"min(credit.amount * rate, 5000)",
		`deal.channel == "web" && deal.amount > 1000`,
		`deal.channel in ["web", "partner"] ? rate : 0`,
		"deal.attrs.discount > 0.2 ? deal.amount * (1 - deal.attrs.discount) : deal.amount",
		`fx(deal.currency) * deal.amount`,
	} {
		for _, e := range []*Env{stdEnv, vmEnv} {
			r, err := Compile[testEnv](e, "hot", src, Any)
			if err != nil {
				t.Fatal(err)
			}
			if r.metered || r.directMeter {
				t.Errorf("%q (vm only: %v) carries a meter", src, e.vmOnly)
			}
		}
	}
	r, err := Compile[testEnv](stdEnv, "metered", "deal.owner == credit.payee", Bool)
	if err != nil {
		t.Fatal(err)
	}
	if !r.directMeter {
		t.Fatal("deal.owner == credit.payee has no meter")
	}
	env := sampleEnv()
	if n := testing.AllocsPerRun(100, func() { _, _ = r.Bool(env) }); n != 0 {
		t.Errorf("a metered evaluation allocates %v times", n)
	}
}
