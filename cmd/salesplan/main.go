// Command salesplan validates sales strategies and computes their payouts,
// for sales operations and payroll people who do not write Go.
//
// Usage:
//
//	salesplan validate STRATEGY.yaml [--at DATE]
//	salesplan run STRATEGY.yaml --deals DEALS --period ID [--format json|csv] [--out FILE]
//	salesplan explain STRATEGY.yaml --deals DEALS --period ID --payee ID
//	salesplan run STRATEGY.yaml --deals DEALS --period ID --ledger IN.json [--ledger-out OUT.json] [--events EVENTS] [--hold a,b]
//	salesplan close STRATEGY.yaml --deals DEALS --period ID [--ledger IN.json] --ledger-out OUT.json
//
// validate checks a strategy document and prints a short summary, or every
// problem with its file:line:col. With --at it also describes the calendar
// and the organisation on that date.
//
// run computes the payouts of a period from a deals file and writes them
// as JSON (amounts as decimal strings) or as CSV for payroll, one row per
// statement line.
//
// explain prints one payee's statement for a person: each line with its
// explanation, the subtotals, the caps and the total.
//
// With --ledger, run computes what to pay each payee now, given the ledger
// of earlier periods: releases, true-ups, clawbacks, holds and draws, and
// writes the new ledger to --ledger-out. close does the same and must
// write the ledger; without --ledger it starts a new one. A ledger of
// another strategy, a period already closed or a period skipped is an
// error.
//
// DEALS is a CSV file with a header row (id, date, amount, currency,
// owner, channel, territory, product, stage, type, close_date, splits as
// member:share;member:share, and a column per custom attribute the
// strategy declares) or a JSON array of objects with the same fields. A
// file with a bad row is refused whole, every problem named with its
// file, row and column.
//
// Exit codes: 0 success, 1 invalid input (the problems go to stderr), 2
// usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/strategy"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
  salesplan validate STRATEGY.yaml [--at YYYY-MM-DD]
  salesplan run STRATEGY.yaml --deals DEALS --period ID [--format json|csv] [--out FILE]
  salesplan explain STRATEGY.yaml --deals DEALS --period ID --payee ID
  salesplan run STRATEGY.yaml --deals DEALS --period ID --ledger IN.json [--ledger-out OUT.json] [--events EVENTS] [--hold a,b]
  salesplan close STRATEGY.yaml --deals DEALS --period ID [--ledger IN.json] --ledger-out OUT.json [--events EVENTS]
`

// Exit codes.
const (
	exitOK    = 0
	exitInput = 1
	exitUsage = 2
)

// errUsage marks an error in how the command was called.
var errUsage = errors.New("usage")

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "validate":
		err = validate(args[1:], stdout)
	case "run":
		err = runCmd(args[1:], stdout)
	case "explain":
		err = explainCmd(args[1:], stdout)
	case "close":
		err = closeCmd(args[1:], stdout)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		err = fmt.Errorf("%w: unknown command %q", errUsage, args[0])
	}
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "salesplan: %v\n%s", err, usage)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "%v\n", err)
		return exitInput
	}
}

// parseArgs parses flags that may come before or after the one positional
// argument, the strategy file.
func parseArgs(fs *flag.FlagSet, args []string) (string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return "", fmt.Errorf("%w: %v", errUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) != 1 {
		return "", fmt.Errorf("%w: want one strategy file, got %d arguments", errUsage, len(pos))
	}
	return pos[0], nil
}

func validate(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	at := fs.String("at", "", "describe the calendar and organisation on this date (YYYY-MM-DD)")
	file, err := parseArgs(fs, args)
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
	fmt.Fprintf(stdout, "%s: ok: %s\n%s\n", file, s.Name(), s.Summary())
	if !date.IsZero() {
		fmt.Fprintln(stdout)
		return s.Describe(stdout, date)
	}
	return nil
}
