// Package rules is the expression language of salesplan: the one layer
// through which every rule a user writes (a crediting rule, a measure, a
// commission component, a stage criterion, a policy) is compiled and run.
// Rules are [expr] expressions computed exactly on decimals; the packages
// above never touch expr themselves.
//
// Each place where a rule stands has its own environment: a Go struct
// whose fields, under their expr tags, are the names the rule sees. The
// package that owns the place declares it and compiles against it, so that a
// misspelt name or a type mismatch is a compile error:
//
//	type CreditEnv struct {
//		Deal deal.Deal       `expr:"deal"`
//		Rate decimal.Decimal `expr:"rate"`
//	}
//
//	env, err := rules.NewEnv(rules.WithSchema(schema), rules.WithRounding(rules.HalfUp))
//	r, err := rules.Compile[CreditEnv](env, "commission", "min(deal.amount * rate, 5000)", rules.Decimal)
//	pay, err := r.Decimal(&CreditEnv{Deal: d, Rate: rate})
//
// # Numbers
//
// Money, rates, shares and attainment are [decimal.Decimal]; counts may be
// ints. Every number literal is an exact decimal, read from the source
// text: 0.1 + 0.2 == 0.3, 1.15 * 100 == 115 and 7 / 2 == 3.5. An int and a
// decimal together give a decimal; two ints give an int, except that / and
// ** always give a decimal (n / 2 is 3.5 for n = 7). Arithmetic is + - * /
// % ** (also ^) and unary minus. A quotient keeps [Env.DivisionPlaces]
// decimal places (20 by default, so 1/3 is 0.33333333333333333333), the
// last rounded half away from zero; ** takes a whole exponent. Numbers
// compare by value: 100 == 100.00, also in lists (7 in [7.00]).
//
// Floating-point numbers have no place in rules: reading a field of a float
// type is a compile error, a float met at run time (in a map, say) is a
// run-time error, and no result is ever a float.
//
// # Other values and operators
//
// Strings ("web", 'web'), booleans, dates ([calendar.Date], written
// date("2026-03-01")), periods ([calendar.Period]), lists ([1, 2]) and the
// fields of the environment. Comparisons < <= > >= == != work on numbers,
// strings and dates; logic is && || ! (and, or, not); c ? a : b chooses;
// x in list and x not in list test membership; strings have contains,
// startsWith, endsWith, matches and +. let x = …; names a value.
//
// The branches of c ? a : b (and of if c { a } else { b }), and the two
// sides of a ?? b, must give values of one type: an integer and a decimal
// mix, nil goes with anything, and so does a value whose type is only
// known at run time (a map's entry); deal.amount > 1000 ? 0.1 : "low" is a
// compile error at "low".
//
// These expr built-ins are available: all, none, any, one, filter, map,
// find, findIndex, findLast, findLastIndex, count, reduce, len, first,
// last, get, take, reverse, concat, flatten, trim, trimPrefix, trimSuffix,
// upper, lower, split, splitAfter, replace, repeat, join, indexOf,
// lastIndexOf, hasPrefix, hasSuffix, string; and sum, which adds decimals:
// sum(list) and sum(deal.splits, .share). string takes a number, a
// string, a boolean, a date or a period: the text of a list or a struct is
// not stable (use join for a list). The others are not: now, date
// in local time, duration and timezone depend on the clock; float, int,
// mean and median compute with floats; the rest (sortBy, groupBy, keys,
// toJSON…) have no use in rules. Methods of values can never be called
// (deal.amount.Add(1) and deal.date.AddDays(5) are compile errors).
//
// # Functions
//
// min, max
//
//	min(<number>, <number>...) -> <number>
//	min(<list of numbers>) -> <number>
//
// Returns the smallest (max: the largest) of its arguments; a list argument
// counts as its elements. The result is an int when every argument is an
// int, else a decimal.
//
//	min(deal.amount * 0.1, 5000) // the commission, capped at 5000
//	max(attainment - 1, 0)       // the part above quota, never negative
//
// It is an error to pass no number, or anything but numbers.
//
// clamp
//
//	clamp(<number> x, <number> lo, <number> hi) -> <number>
//
// Returns lo if x < lo, hi if x > hi, else x.
//
//	clamp(attainment, 0.5, 2) // attainment counted between 50% and 200%
//
// It is an error if lo > hi.
//
// abs
//
//	abs(<number>) -> <number>
//
// Returns the absolute value, an int for an int.
//
//	abs(deal.amount) // a return of -500 counts as 500
//
// round
//
//	round(<number> x) -> <decimal>
//	round(<number> x, <int> places) -> <decimal>
//	round(<number> x, <int> places, <string> mode) -> <decimal>
//
// Rounds x to places decimal places (0 by default; negative rounds to tens,
// hundreds…) with mode, or without it with the rounding mode of the
// [Env] ([HalfEven] by default, or the strategy's rounding:). The modes
// are those of a document's rounding: key ([money.Rounding]):
//
//	"half-even"  the nearest, a tie to the even neighbour (banker's)
//	"half-up"    the nearest, a tie away from zero (commercial)
//	"half-down"  the nearest, a tie towards zero
//	"down"       towards zero: truncates
//	"up"         away from zero
//	"ceiling"    towards positive infinity
//	"floor"      towards negative infinity
//
// The result always has places decimal places: round(2.3, 2) is 2.30.
//
//	round(2.5, 0)   // 2 half-even, 3 half-up
//	round(-2.5, 0)  // -2 half-even, -3 half-up
//	round(1.005, 2) // 1.00 half-even, 1.01 half-up
//
//	round(2.345, 2, "half-down") // 2.34; 2.3451 gives 2.35
//	round(2.349, 2, "down")      // 2.34; -2.349 gives -2.34
//	round(2.341, 2, "up")        // 2.35; -2.341 gives -2.35
//	round(-2.349, 2, "ceiling")  // -2.34
//	round(-2.341, 2, "floor")    // -2.35
//	round(deal.amount * 0.0125, 0, "down") // a SPIF paid in whole units, never over
//
// Down, up and the half- modes are symmetric about zero, so a credit note
// rounds to the negative of its twin; ceiling and floor are not
// (round(-2.5, 0, "ceiling") is -2, round(2.5, 0, "ceiling") is 3).
//
// It is an error if places is not a whole number from -40 to 40, or if
// mode is not one of the seven names (an empty mode too): both are
// compile errors when they are constants, with a hint for a likely
// misspelling or another product's name; for
// round(deal.amount * 0.0125, 0, "truncate"):
//
//	rule "spif": 1:32: round: unknown rounding "truncate" (did you mean down? want half-even, half-up, half-down, down, up, ceiling or floor)
//
// A mode that is not a string (round(x, 2, 1)) is a compile error; a mode
// read at run time (from a string attribute, say) that is not a mode is a
// run-time error.
//
// floor, ceil
//
//	floor(<number> x) -> <decimal>
//	floor(<number> x, <int> places) -> <decimal>
//
// Rounds x down (ceil: up) to places decimal places, 0 by default:
// towards negative (ceil: positive) infinity, as round does with "floor"
// ("ceiling"). They take no mode.
//
//	floor(-2.2)      // -3
//	ceil(12.341, 2)  // 12.35
//
// It is an error if places is not a whole number from -40 to 40.
//
// days
//
//	days(<date> from, <date> to) -> <int>
//
// Returns the number of days from from to to, negative if to is earlier.
//
//	days(date("2024-02-28"), date("2024-03-01")) // 2: 2024 is a leap year
//	days(deal.date, deal.close_date) <= 30
//
// It is an error if a date is missing (the zero date).
//
// month, year
//
//	month(<date>) -> <int>
//	year(<date>) -> <int>
//
// Return the month (1 to 12) and the year of a date.
//
//	month(deal.date) in [11, 12]
//
// It is an error if the date is missing (the zero date).
//
// date
//
//	date(<string>) -> <date>
//
// Parses a civil date written YYYY-MM-DD. On a constant, it is parsed when
// the rule is compiled.
//
//	deal.date >= date("2026-03-01")
//
// It is an error if the text is not a day that exists: date("2026-02-29")
// is a compile error.
//
// inPeriod
//
//	inPeriod(<date>, <period>) -> <bool>
//
// Reports whether the date falls in the period, both ends included.
//
//	inPeriod(deal.close_date, period)
//
// It is an error if the date is missing (the zero date).
//
// # Custom attributes
//
// With [WithSchema], rules read the custom attributes of a deal as
// deal.attrs.name (or deal.attrs["name"]), type-checked against their
// declared types: deal.attrs.discount > 0.2 on a decimal attribute works,
// deal.attrs.segment * 2 on a string one is a compile error, and an
// undeclared name is a compile error with a did-you-mean hint. An absent
// attribute reads as the zero value of its type; a Required one is a
// run-time error. Integer attributes read as ints, and a decimal attribute
// held as text ("0.25") is parsed exactly. "name" in deal.attrs tests
// presence.
//
// # Functions from Go
//
// [WithFunction] adds a typed Go function, such as an exchange-rate lookup;
// an error it returns is a run-time error of the rule that wraps it.
//
// # Errors
//
// Every error of [Compile] and of an evaluation is an *[Error]: the rule's
// name, the line and column in the expression, a message for the person
// who wrote the rule, a hint, and a snippet with a caret:
//
//	rule "bonus": 1:6: unknown field amout of deal (did you mean amount?)
//	 | deal.amout * 0.1
//	 |      ^
//
// Match them with errors.Is against the codes ([ErrCompile],
// [ErrRuntime], [ErrUnknownName], [ErrDivisionByZero]…). No exported
// function panics, whatever the input.
//
// # Limits
//
// Every evaluation has a budget, so that no rule, however it is written,
// can stall the process or exhaust its memory. The limits are settings of
// the [Env]. A rule that exceeds one fails with an error of code
// [ErrLimit] that names the limit; where the rule shows at compile time
// that it would exceed it (a constant count, a constant range, a loop over
// a constant list), [Compile] refuses it, at the position of the culprit.
// A rule that reads no long value and builds no string (deal.amount *
// rate, a tiered ternary) pays nothing for the budget.
//
// nodes
//
//	WithMaxNodes(n)         default DefaultMaxNodes: 1000
//
// The size of an expression, in syntax nodes: each name, literal, operator
// and call is one. Checked at compile time.
//
//	rule "bonus": the expression is too large (more than 1000 nodes)
//
// steps
//
//	WithMaxSteps(n)         default DefaultMaxSteps: 100000
//
// The work of one evaluation. Each run of the body of a loop (all, any,
// none, one, filter, map, find, findIndex, findLast, findLastIndex, count,
// reduce, sum) counts one step per node of the body. An operation that
// reads a list or a map counts one step per element (in, ==, min and max
// of a list, join, count without a predicate, a list passed to a function
// from Go), and one that reads a string one step per 64 bytes (contains,
// matches, a comparison of two strings, indexOf, lastIndexOf, split,
// upper, lower, trim, replace); the pattern of matches, when it is not a
// constant, counts one step per byte. Comparing with a constant counts
// nothing more. The rest of a rule runs at most once per evaluation and is
// bounded by its size.
//
//	sum(deal.splits, .share)          // 5 steps per split
//	map(1..1000, map(1..1000, # + 1)) // a compile error: at least 3004000 steps
//
//	rule "bonus": 1:48: step limit exceeded: the rule takes more than 100000 steps
//
// string bytes
//
//	WithMaxStringBytes(n)   default DefaultMaxStringBytes: 1 MiB
//
// The bytes of the strings one evaluation builds, with +, repeat, replace,
// join, upper, lower and string. repeat, replace and join are refused
// before they build a string beyond the limit. On constants, they and +
// are computed when the rule is compiled, and refused then; so is a
// constant repeat count beyond the limit. A negative repeat count is an
// error (code [ErrValue]).
//
//	deal.channel + "-" + deal.product     // a few bytes
//	replace(repeat("a", 10000), "a", repeat("b", 9000)) // a compile error
//
//	rule "bonus": 1:1: string limit exceeded: replace builds 90000000 bytes of strings, more than 1048576
//
// list elements
//
//	WithMemoryBudget(n)     default DefaultMemoryBudget: 100000
//
// The elements of the lists, maps and ranges one evaluation builds
// (expr's memory budget); the pieces that split gives count too,
// separately. A constant range beyond the budget is a compile error.
//
//	len(1..1000000) // a compile error
//
//	rule "bonus": 1:6: memory budget exceeded: the rule builds more than 100000 list elements
//
// numbers
//
// A number has at most 200 digits and 200 places, a number literal 40 of
// each (1e400000 is a compile error at the literal), and ** an exponent of
// at most 1000.
//
//	rule "bonus": 1:13: number too large (more than 200 digits)
//
// # Evaluation
//
// A compiled rule runs on expr's VM, a pool of which [Rule] keeps. When it
// uses only the decimal core of the language (fields, constants,
// operators, comparisons, logic, ternaries, the numeric and date functions
// and custom attributes), Compile also turns it into typed Go closures that
// keep decimals out of interfaces; the results and errors are the same,
// within a small factor of hand-written shopspring/decimal code (see the
// package benchmarks).
//
// # Concurrency and zero values
//
// An [Env] and a compiled [Rule] are immutable and safe for concurrent use
// by any number of goroutines; compile once, evaluate many times. A nil
// *Env means the defaults of NewEnv(). The zero [Rule] is not compiled:
// evaluating it is an error. The zero [Rounding] is [HalfEven], and the zero
// [Type] is [Any].
//
// [expr]: https://expr-lang.org
package rules
