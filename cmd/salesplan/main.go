// Command salesplan validates sales strategies and computes their payouts,
// for sales operations and payroll people who do not write Go.
//
// Usage:
//
//	salesplan COMMAND [ARGS] [FLAGS]
//	salesplan help COMMAND
//
// The commands (salesplan help lists them, salesplan help COMMAND or
// salesplan COMMAND --help prints one's flags):
//
//	validate  check a strategy document, and describe it on a date
//	run       compute a period's statements, or with --ledger its payout
//	explain   print one payee's statement for a person
//	close     pay a period and write the ledger that closes it
//	pipeline  the weighted pipeline, the forecast against target, conversion and velocity
//	statement write the statement page of a payee (or of every payee) as HTML
//	curve     draw a plan's payout curve as SVG
//	test      run the plan tests beside a strategy
//	compare   compute two plans on the same deals: who wins, who loses, what it costs
//	simulate  a payee's payout at attainment from 0% to 200%
//	schema    print the JSON Schema of the strategy document, for editors
//	fmt       rewrite documents in the canonical layout; --check lists those it would change
//
// validate checks a strategy document and prints a short summary, or every
// problem with its file:line:col. With --at it also describes the calendar
// and the organisation on that date.
//
// run computes the payouts of a period from a deals file and writes them
// as JSON (amounts as decimal strings) or as CSV for payroll, one row per
// statement line. With --ledger, run computes what to pay each payee now,
// given the ledger of earlier periods: releases, true-ups, clawbacks,
// holds and draws, and writes the new ledger to --ledger-out. close does
// the same and must write the ledger; without --ledger it starts a new
// one. A ledger of another strategy, a period already closed or a period
// skipped is an error. With --format text, a payout is printed for a
// person: each payee's items, a "draw:" block for a payee with a draw
// (earned against it, owed before and after, the net position, what was
// paid above it) and the quotas a ramp applies to; the JSON form carries
// the same as "draw" and "ramps".
//
// explain prints one payee's statement for a person: each line with its
// explanation, the subtotals, the caps and the total.
//
// DEALS is a CSV file with a header row (id, date, amount, currency,
// owner, channel, territory, product, stage, type, close_date, splits as
// member:share;member:share, and a column per custom attribute the
// strategy declares) or a JSON array of objects with the same fields; -
// reads it from standard input. A file with a bad row is refused whole,
// every problem named with its file, row and column.
//
// Output files (--out, --ledger-out) are written whole or not at all: to a
// temporary file in the same folder, renamed into place only when the
// whole command has succeeded. --out - is standard output.
//
// Errors go to standard error, one a line, each ending with its stable
// code in brackets ([unknown-key], [invalid-input]); --error-format json
// prints them as JSON objects instead, one a line, for editors and CI.
//
// Exit codes: 0 success, 1 invalid input (the problems go to stderr), 2
// usage.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/strategy"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK    = 0
	exitInput = 1
	exitUsage = 2
)

var (
	// errUsage marks an error in how the command was called.
	errUsage = errors.New("usage")
	// errHelp is returned when the help of a command was asked for and
	// printed.
	errHelp = errors.New("help printed")
)

// env is what a command reads and writes besides its files.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	prog           *progress // nil unless standard error is a terminal
}

// command is one subcommand of salesplan.
type command struct {
	name    string
	args    string // the synopsis after the name
	summary string
	run     func(e *env, args []string) error
}

// commands lists the subcommands in the order help shows them.
func commands() []command {
	return []command{
		{"validate", "STRATEGY.yaml [--at YYYY-MM-DD]", "check a strategy document, and describe it on a date", validate},
		{"run", "STRATEGY.yaml --deals DEALS --period ID [--format json|csv] [--out FILE] [--ledger IN.json ...]", "compute a period's statements, or with --ledger its payout", runCmd},
		{"explain", "STRATEGY.yaml --deals DEALS --period ID --payee ID", "print one payee's statement for a person", explainCmd},
		{"close", "STRATEGY.yaml --deals DEALS --period ID [--ledger IN.json] --ledger-out OUT.json", "pay a period and write the ledger that closes it", closeCmd},
		{"pipeline", "STRATEGY.yaml --deals DEALS --period ID [--team T | --member M | --channel C] [--history CHANGES]", "the weighted pipeline, the forecast against target, conversion and velocity", pipelineCmd},
		{"statement", "STRATEGY.yaml --deals DEALS --period ID (--payee ID | --all) --html OUT", "write the statement page of a payee (or of every payee) as HTML", statementCmd},
		{"curve", "STRATEGY.yaml --deals DEALS --period ID --plan ID [--payee ID] --svg OUT.svg", "draw a plan's payout curve as SVG", curveCmd},
		{"test", "STRATEGY.yaml [TESTS...] [--run REGEX] [--update]", "run the plan tests beside a strategy", testCmd},
		{"compare", "BEFORE.yaml AFTER.yaml --deals DEALS --period ID [--format text|csv|json]", "compute two plans on the same deals: who wins, who loses, what it costs", compareCmd},
		{"simulate", "STRATEGY.yaml --payee ID --period ID [--deals DEALS] [--steps N]", "a payee's payout at attainment from 0% to 200%", simulateCmd},
		{"schema", "[--out FILE]", "print the JSON Schema of the strategy document, for editors", schemaCmd},
		{"fmt", "[--check] STRATEGY.yaml ...", "rewrite documents in the canonical layout; --check lists those it would change", fmtCmd},
	}
}

func lookupCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func usage() string {
	var b strings.Builder
	b.WriteString("usage: salesplan COMMAND [ARGS] [FLAGS]\n\ncommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	b.WriteString("\nsalesplan help COMMAND (or salesplan COMMAND --help) prints a command's flags.\n")
	return b.String()
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	e.prog = newProgress(e)
	args, jsonErrors, err := errorFormat(args)
	if err == nil {
		err = dispatch(e, args)
	}
	e.prog.finish(err == nil)
	switch {
	case err == nil || errors.Is(err, errHelp):
		return exitOK
	case errors.Is(err, errUsage):
		msg := strings.TrimPrefix(err.Error(), "usage: ")
		if jsonErrors {
			writeJSONErrors(stderr, err, "usage")
		} else {
			fmt.Fprintf(stderr, "salesplan: %s [usage]\n", msg)
			if c, ok := lookupCommand(firstArg(args)); ok {
				fmt.Fprintf(stderr, "usage: salesplan %s %s\n(salesplan help %s lists the flags)\n", c.name, c.args, c.name)
			} else {
				fmt.Fprint(stderr, usage())
			}
		}
		return exitUsage
	default:
		if jsonErrors {
			writeJSONErrors(stderr, err, "")
		} else {
			writeErrors(stderr, err)
		}
		return exitInput
	}
}

func firstArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

func dispatch(e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: no command given", errUsage)
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			c, ok := lookupCommand(args[1])
			if !ok {
				return fmt.Errorf("%w: unknown command %q", errUsage, args[1])
			}
			return c.run(e, []string{"--help"})
		}
		fmt.Fprint(e.stdout, usage())
		return nil
	}
	c, ok := lookupCommand(args[0])
	if !ok {
		return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
	}
	return c.run(e, args[1:])
}

// errorFormat takes --error-format (json or text) out of the arguments,
// wherever it stands.
func errorFormat(args []string) ([]string, bool, error) {
	out := make([]string, 0, len(args))
	jsonErrors, seen := false, false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			out = append(out, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "error-format" {
			out = append(out, a)
			continue
		}
		if seen {
			return nil, false, fmt.Errorf("%w: flag --error-format given twice", errUsage)
		}
		seen = true
		if !hasValue {
			if i+1 >= len(args) {
				return nil, false, fmt.Errorf("%w: flag --error-format needs a value: json or text", errUsage)
			}
			i++
			value = args[i]
		}
		switch value {
		case "json":
			jsonErrors = true
		case "text":
		default:
			return nil, false, fmt.Errorf("%w: --error-format %s: want json or text", errUsage, value)
		}
	}
	return out, jsonErrors, nil
}

// problems returns the positioned problems of err, each with what err
// says before them (a wrapping context such as "year to date FY2027-Q2"),
// or one problem of code code holding err's text.
func problems(err error) []*diag.Problem {
	var list diag.List
	if errors.As(err, &list) && len(list) > 0 {
		prefix := strings.TrimSuffix(err.Error(), list.Error())
		if prefix == err.Error() {
			prefix = ""
		}
		out := make([]*diag.Problem, len(list))
		for i, p := range list {
			q := *p
			q.Message = prefix + q.Message
			out[i] = &q
		}
		return out
	}
	var p *diag.Problem
	if errors.As(err, &p) {
		q := *p
		if prefix := strings.TrimSuffix(err.Error(), p.Error()); prefix != err.Error() {
			q.Message = prefix + q.Message
		}
		return []*diag.Problem{&q}
	}
	code := diag.InvalidInput
	var pe *fs.PathError
	if errors.As(err, &pe) {
		code = "io"
	}
	return []*diag.Problem{{Code: code, Message: err.Error()}}
}

// writeErrors writes every problem of err on a line of its own (detail
// lines below it), ending with its code.
func writeErrors(w io.Writer, err error) {
	ps := problems(err)
	if len(ps) > maxShown {
		defer fmt.Fprintf(w, "... and %d more problems, %d in all (--error-format json lists every one)\n", len(ps)-maxShown, len(ps))
		ps = ps[:maxShown]
	}
	for _, p := range ps {
		detail := p.Detail
		q := *p
		q.Detail = ""
		fmt.Fprintf(w, "%s [%s]\n", q.Error(), p.Code)
		if detail != "" {
			fmt.Fprintln(w, detail)
		}
	}
}

// maxShown is how many problems the text error format writes: a file
// with a million bad rows says what is wrong with the first ones, and how
// many there are.
const maxShown = 200

// jsonProblem is a problem as --error-format json writes it.
type jsonProblem struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Path    string `json:"path,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
	Detail  string `json:"detail,omitempty"`
}

func writeJSONErrors(w io.Writer, err error, code diag.Code) {
	ps := problems(err)
	if code != "" {
		ps = []*diag.Problem{{Code: code, Message: strings.TrimPrefix(err.Error(), "usage: ")}}
	}
	enc := json.NewEncoder(w)
	for _, p := range ps {
		enc.Encode(jsonProblem{File: p.Pos.File, Line: p.Pos.Line, Column: p.Pos.Col, Path: p.Path, Code: string(p.Code),
			Message: p.Message, Hint: p.Hint, Detail: p.Detail})
	}
}

// newFlags returns the flag set of a command, whose --help prints the
// command's synopsis and flags on standard output.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		c, _ := lookupCommand(name)
		fmt.Fprintf(e.stdout, "usage: salesplan %s %s\n\n%s.\n\nflags:\n", name, c.args, upperFirst(c.summary))
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// parseArgs parses flags that may come before or after the positional
// arguments and returns those; a flag given twice is a usage error, and
// --help prints the command's flags (errHelp). want is how many
// positional arguments the command takes, or -1 for one or more.
func parseArgs(fs *flag.FlagSet, args []string, want int, what string) ([]string, error) {
	if err := checkRepeats(fs, args); err != nil {
		return nil, err
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp // the flag package printed the usage
			}
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	switch {
	case want < 0 && len(pos) == 0:
		return nil, fmt.Errorf("%w: want %s", errUsage, what)
	case want >= 0 && len(pos) != want:
		return nil, fmt.Errorf("%w: want %s, got %d arguments", errUsage, what, len(pos))
	}
	return pos, nil
}

// parseFile is parseArgs for a command that takes one strategy file.
func parseFile(fs *flag.FlagSet, args []string) (string, error) {
	pos, err := parseArgs(fs, args, 1, "one strategy file")
	if err != nil {
		return "", err
	}
	return pos[0], nil
}

// repeatable is a flag that may be given more than once.
type repeatable interface{ repeatable() }

// checkRepeats refuses a flag given twice (--period A --period B): the
// flag package would keep the last in silence.
func checkRepeats(fs *flag.FlagSet, args []string) error {
	seen := map[string]bool{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if len(a) < 2 || a[0] != '-' {
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		if f == nil {
			continue // the flag package reports it
		}
		if _, ok := f.Value.(repeatable); !ok {
			if seen[name] {
				return fmt.Errorf("%w: flag --%s given twice", errUsage, name)
			}
			seen[name] = true
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !hasValue && !(ok && b.IsBoolFlag()) {
			i++ // the next argument is the flag's value
		}
	}
	return nil
}

func validate(e *env, args []string) error {
	fs := newFlags(e, "validate")
	at := fs.String("at", "", "describe the calendar and organisation on this date (YYYY-MM-DD)")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	var date calendar.Date
	if *at != "" {
		if date, err = calendar.ParseDate(*at); err != nil {
			return fmt.Errorf("%w: --at: %v", errUsage, err)
		}
	}
	s, err := strategy.Load(file)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: ok: %s\n%s\n", file, s.Name(), s.Summary())
	if !date.IsZero() {
		fmt.Fprintln(e.stdout)
		return s.Describe(e.stdout, date)
	}
	return nil
}
