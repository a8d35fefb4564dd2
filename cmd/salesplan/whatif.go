package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/money"
	"github.com/salesplan/salesplan/strategy"
	"github.com/salesplan/salesplan/whatif"
	"github.com/shopspring/decimal"
)

// The what-if commands (package whatif):
//
//	salesplan compare BEFORE.yaml AFTER.yaml --deals DEALS --period ID [--rates RATES] [--format text|csv|json] [--out FILE]
//	salesplan simulate STRATEGY.yaml --payee ID --period ID [--deals DEALS] [--rates RATES] [--steps N] [--max PERCENT]
//	                   [--measure ID] [--method scale|synthetic] [--format text|csv|json] [--out FILE]
//
// compare computes the period with both strategies on the same deals and
// prints per payee and per component before, after, difference and
// percent, the largest change first, and the total: the cost of the
// change. simulate prints a payee's payout at attainments from 0% to
// --max (200%) in --steps steps (20), by scaling the payee's deals or by a
// synthetic deal, and says what it assumed.

// whatifFormat checks a --format value.
func whatifFormat(f string) error {
	switch f {
	case "text", "csv", "json":
		return nil
	}
	return fmt.Errorf("%w: --format %s: want text, csv or json", errUsage, f)
}

// view renders a comparison or a curve in a format.
type view interface {
	WriteText(io.Writer) error
	WriteCSV(io.Writer) error
	MarshalJSON() ([]byte, error)
}

func render(e *env, v view, format, out string) error {
	var b bytes.Buffer
	var err error
	switch format {
	case "csv":
		err = v.WriteCSV(&b)
	case "json":
		var j []byte
		if j, err = v.MarshalJSON(); err == nil {
			b.Write(j)
			b.WriteByte('\n')
		}
	default:
		err = v.WriteText(&b)
	}
	if err != nil {
		return err
	}
	return writeOutputs(e, output{path: out, data: b.Bytes()})
}

// withStdin returns e reading standard input from data: deals read from
// - once, for two strategies.
func withStdin(e *env, data []byte) *env {
	c := *e
	c.stdin = bytes.NewReader(data)
	return &c
}

func compareCmd(e *env, args []string) error {
	fset := newFlags(e, "compare")
	var in inputs
	in.register(fset)
	format := fset.String("format", "text", "text, csv or json")
	out := fset.String("out", "", "write to this file instead of standard output (- is standard output)")
	files, err := parseArgs(fset, args, 2, "two strategy files, before and after")
	if err != nil {
		return err
	}
	if err := whatifFormat(*format); err != nil {
		return err
	}
	var stdin []byte
	if in.deals == "-" || in.rates == "-" {
		if stdin, err = readInput(e, "-"); err != nil {
			return err
		}
	}
	var results [2]*commission.Result
	var names [2]string
	for i, file := range files {
		ei := e
		if stdin != nil {
			ei = withStdin(e, stdin)
		}
		s, deals, opts, err := in.load(ei, file)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if results[i], err = s.Run(in.period, deals, opts...); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		names[i] = s.Name()
	}
	c, err := whatif.CompareResults(results[0], results[1])
	if err != nil {
		return err
	}
	c.Before, c.After = names[0], names[1]
	if c.Before == c.After {
		c.Before, c.After = files[0], files[1]
	}
	return render(e, c, *format, *out)
}

// percentFlag is a flag of an attainment in percent: 200, 150%.
type percentFlag struct{ v decimal.Decimal }

func (p *percentFlag) String() string {
	if p.v.IsZero() {
		return ""
	}
	return p.v.Shift(2).String()
}

func (p *percentFlag) Set(s string) error {
	d, err := money.ParseDecimal(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if err != nil {
		return err
	}
	if d.Sign() <= 0 {
		return fmt.Errorf("%s: want a percent above 0", s)
	}
	p.v = d.Shift(-2)
	return nil
}

func simulateCmd(e *env, args []string) error {
	fset := newFlags(e, "simulate")
	dealsFile := fset.String("deals", "", "the period's deals, CSV or JSON (- for standard input); without them, a synthetic deal")
	period := fset.String("period", "", "the period id, such as FY2027-Q1")
	rates := fset.String("rates", "", "exchange rates, CSV from,to,date,rate[,end]")
	terms := fset.String("terms", "", "members' compensation terms, CSV payee,from,to,ote,base,target_incentive,currency: they replace the document's")
	scores := fset.String("scores", "", "MBO and KPI scores, CSV payee,period,objective,score, read by rules as score.<objective>")
	payee := fset.String("payee", "", "the member whose payout curve to compute")
	steps := fset.Int("steps", 20, "the number of steps from 0% to --max")
	var top percentFlag
	fset.Var(&top, "max", "the highest attainment, in percent (default 200)")
	measure := fset.String("measure", "", "the measure attainment is of (default: the payee's first with a quota)")
	method := fset.String("method", "", "how attainment is varied: scale (the payee's deals) or synthetic (one deal); default scale, synthetic without deals")
	format := fset.String("format", "text", "text, csv or json")
	out := fset.String("out", "", "write to this file instead of standard output (- is standard output)")
	file, err := parseFile(fset, args)
	if err != nil {
		return err
	}
	if *payee == "" {
		return fmt.Errorf("%w: --payee is required", errUsage)
	}
	if *period == "" {
		return fmt.Errorf("%w: --period is required", errUsage)
	}
	if *steps < 1 || *steps > 1000 {
		return fmt.Errorf("%w: --steps %d: want 1 to 1000", errUsage, *steps)
	}
	if *method != "" && *method != string(whatif.Scale) && *method != string(whatif.Synthetic) {
		return fmt.Errorf("%w: --method %s: want scale or synthetic", errUsage, *method)
	}
	if err := whatifFormat(*format); err != nil {
		return err
	}
	var s *strategy.Strategy
	var deals []deal.Deal
	var opts []commission.RunOption
	if *dealsFile != "" {
		in := inputs{deals: *dealsFile, period: *period, rates: *rates, terms: *terms, scores: *scores}
		if s, deals, opts, err = in.load(e, file); err != nil {
			return err
		}
	} else {
		if s, err = strategy.Load(file); err != nil {
			return err
		}
		if *rates != "" {
			return fmt.Errorf("%w: --rates goes with --deals", errUsage)
		}
		in := inputs{terms: *terms, scores: *scores}
		if opts, err = in.options(e); err != nil {
			return err
		}
	}
	c, err := whatif.Simulate(s, *payee, *period, deals, whatif.Options{Steps: *steps, Max: top.v, Measure: *measure, Method: whatif.Method(*method)}, opts...)
	if err != nil {
		return err
	}
	return render(e, c, *format, *out)
}
