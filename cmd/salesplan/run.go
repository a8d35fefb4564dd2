package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/payout"
	"github.com/salesplan/salesplan/strategy"
)

// inputs are the flags of the commands that compute a period: the deals,
// the period and what a run takes besides (exchange rates).
type inputs struct {
	deals, period, rates, terms, scores string
}

func (in *inputs) register(fs *flag.FlagSet) {
	fs.StringVar(&in.deals, "deals", "", "the period's deals, CSV or JSON (- for standard input)")
	fs.StringVar(&in.period, "period", "", "the period id, such as FY2027-Q1")
	fs.StringVar(&in.rates, "rates", "", "exchange rates, CSV from,to,date,rate[,end]: a deal is converted at the rate in force on its date")
	fs.StringVar(&in.terms, "terms", "", "members' compensation terms, CSV payee,from,to,ote,base,target_incentive,currency: they replace the document's")
	fs.StringVar(&in.scores, "scores", "", "MBO and KPI scores, CSV payee,period,objective,score, read by rules as score.<objective>")
}

// load checks the flags, loads the strategy, reads the deals and gives
// the run options.
func (in *inputs) load(e *env, file string) (*strategy.Strategy, []deal.Deal, []commission.RunOption, error) {
	if in.deals == "" {
		return nil, nil, nil, fmt.Errorf("%w: --deals is required", errUsage)
	}
	if in.period == "" {
		return nil, nil, nil, fmt.Errorf("%w: --period is required", errUsage)
	}
	s, err := strategy.Load(file)
	if err != nil {
		return nil, nil, nil, err
	}
	deals, err := readDeals(e, in.deals, s.Schema())
	if err != nil {
		return nil, nil, nil, err
	}
	opts, err := in.options(e)
	if err != nil {
		return nil, nil, nil, err
	}
	return s, deals, opts, nil
}

// options reads the rates, terms and scores files the flags name and
// gives the run options that pass them (and the progress report) to a
// run.
func (in *inputs) options(e *env) ([]commission.RunOption, error) {
	var opts []commission.RunOption
	if e.prog != nil {
		opts = append(opts, commission.WithProgress(e.prog.payees))
	}
	if in.rates != "" {
		data, err := readInput(e, in.rates)
		if err != nil {
			return nil, err
		}
		t, err := commission.ReadRatesCSV(displayName(in.rates), bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		opts = append(opts, commission.WithRates(t))
	}
	if in.terms != "" {
		data, err := readInput(e, in.terms)
		if err != nil {
			return nil, err
		}
		t, err := commission.ReadTermsCSV(displayName(in.terms), bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		opts = append(opts, commission.WithTerms(t))
	}
	if in.scores != "" {
		data, err := readInput(e, in.scores)
		if err != nil {
			return nil, err
		}
		sc, err := commission.ReadScoresCSV(displayName(in.scores), bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		opts = append(opts, commission.WithScores(sc))
	}
	return opts, nil
}

func displayName(path string) string {
	if path == "-" {
		return "stdin"
	}
	return path
}

// readDeals reads a CSV or JSON deals file, or standard input for -, as
// a stream (the file is never held whole in memory); JSON when its name
// ends in .json or its first character is '['.
func readDeals(e *env, path string, schema *deal.Schema) ([]deal.Deal, error) {
	var r io.Reader = e.stdin
	name := displayName(path)
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		var size int64
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		r = e.prog.reader(name, f, size)
	} else if r == nil {
		return nil, errors.New("standard input: nothing to read")
	} else {
		r = e.prog.reader(name, r, 0)
	}
	br := bufio.NewReaderSize(r, 64<<10)
	read := deal.ReadCSV
	if strings.EqualFold(filepath.Ext(path), ".json") || startsWith(br, '[') {
		read = deal.ReadJSON
	}
	deals, err := read(name, br, schema)
	if err == nil {
		e.prog.show(true, "%d deals read from %s; computing the statements", len(deals), name)
	}
	return deals, err
}

// startsWith reports whether the first byte of br after a byte-order mark
// and white space is c, without consuming anything.
func startsWith(br *bufio.Reader, c byte) bool {
	b, _ := br.Peek(4096)
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == c
}

func runCmd(e *env, args []string) error {
	return payoutCmd(e, "run", args)
}

func closeCmd(e *env, args []string) error {
	return payoutCmd(e, "close", args)
}

// restated is the --restated flag: PERIOD=DEALS, given once for each
// closed period to restate.
type restated []string

func (r *restated) String() string { return strings.Join(*r, ",") }
func (r *restated) Set(v string) error {
	id, file, ok := strings.Cut(v, "=")
	if !ok || id == "" || file == "" {
		return fmt.Errorf("want PERIOD=DEALS, such as FY2027-M01=deals-m01-v2.csv")
	}
	*r = append(*r, v)
	return nil
}
func (*restated) repeatable() {}

// payoutCmd is run and close. Without --ledger, run computes the period's
// statements. With --ledger (or for close), it computes what to pay now
// given the ledger of earlier periods, and writes the new ledger to
// --ledger-out.
func payoutCmd(e *env, name string, args []string) error {
	fs := newFlags(e, name)
	var in inputs
	in.register(fs)
	format := fs.String("format", "json", "json or csv; text (with --ledger, or for close) for a person: each payee's items, draw and ramped quotas")
	out := fs.String("out", "", "write to this file instead of standard output (- is standard output)")
	ledgerIn := fs.String("ledger", "", "the ledger of earlier periods (JSON)")
	ledgerOut := fs.String("ledger-out", "", "write the new ledger, with the period closed, to this file (it may be the --ledger file)")
	eventsFile := fs.String("events", "", "deal events (CSV deal,kind,date,amount or JSON)")
	held := fs.String("hold", "", "comma-separated payees whose whole payout is held")
	migrate := fs.Bool("migrate", false, "pay from a ledger computed under other terms of this strategy, as a deliberate migration (the open lines of plans that are gone are forfeited, visibly)")
	var rs restated
	fs.Var(&rs, "restated", "a closed period recomputed with corrected deals, PERIOD=DEALS; give it once per period")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	settles := name == "close" || *ledgerIn != ""
	if *format != "json" && *format != "csv" && (*format != "text" || !settles) {
		if settles {
			return fmt.Errorf("%w: --format %s: want json, csv or text", errUsage, *format)
		}
		return fmt.Errorf("%w: --format %s: want json or csv (text goes with --ledger, or close; explain prints a statement)", errUsage, *format)
	}
	if name == "close" && *ledgerOut == "" {
		return fmt.Errorf("%w: close needs --ledger-out", errUsage)
	}
	if name == "run" && *ledgerIn == "" && (*ledgerOut != "" || *eventsFile != "" || *held != "" || len(rs) > 0 || *migrate) {
		return fmt.Errorf("%w: --ledger-out, --events, --hold, --restated and --migrate go with --ledger (start a ledger with salesplan close)", errUsage)
	}
	if settles {
		return settle(e, file, in, *ledgerIn, *ledgerOut, *eventsFile, *held, rs, *migrate, *format, *out)
	}
	s, deals, opts, err := in.load(e, file)
	if err != nil {
		return err
	}
	if *format == "csv" {
		// the payroll CSV has no explanations: do not write them
		opts = append(opts, commission.WithoutExplanations())
		return runCSV(e, s, in.period, deals, opts, *out)
	}
	res, err := s.Run(in.period, deals, opts...)
	if err != nil {
		return err
	}
	printNotes(e, res)
	// written a statement at a time: the document of a million deals is
	// not made in memory beside the result
	return streamOutput(e, *out, func(w io.Writer) error { return withNewline(w, res.WriteJSON(w)) })
}

// printNotes writes on standard error what the run did not pay, beyond
// any statement (a team pool nobody was there to share): the CSV for
// payroll has no room for it.
func printNotes(e *env, res *commission.Result) {
	for _, n := range res.Notes {
		fmt.Fprintf(e.stderr, "salesplan: note: %s\n", n)
	}
}

// runCSV is run --format csv without a ledger: the rows of each
// statement are written as the run hands it over ([strategy.Strategy.RunEach]),
// so the run never holds the period's statements (with plans on a
// yearly horizon it does: RunEach hands them over at the end). The rows
// go to a temporary file beside out, renamed into place when the run
// succeeds, and removed when it fails; for standard output they are
// gathered in memory and written at the end. Either way a failed run
// writes nothing.
func runCSV(e *env, s *strategy.Strategy, period string, deals []deal.Deal, opts []commission.RunOption, out string) error {
	return streamOutput(e, out, func(w io.Writer) error {
		res, err := writeRunCSV(w, s, period, deals, opts)
		if err == nil {
			printNotes(e, res)
		}
		return err
	})
}

// streamOutput writes what write writes to out as the run makes it
// ([writeOutputs] with one output written as it is made): a failed run
// writes nothing.
func streamOutput(e *env, out string, write func(w io.Writer) error) error {
	return writeOutputs(e, output{path: out, write: write})
}

// writeRunCSV runs the period and writes the rows of its statements to
// w as they come; on an error, w holds part of them.
func writeRunCSV(w io.Writer, s *strategy.Strategy, period string, deals []deal.Deal, opts []commission.RunOption) (*commission.Result, error) {
	cw := commission.NewCSVWriter(w, period)
	res, err := s.RunEach(period, deals, func(st commission.Statement) error {
		return cw.Write(&st)
	}, opts...)
	if err != nil {
		return nil, err
	}
	if err := cw.Flush(); err != nil {
		return nil, err
	}
	return res, nil
}

func explainCmd(e *env, args []string) error {
	fs := newFlags(e, "explain")
	var in inputs
	in.register(fs)
	payee := fs.String("payee", "", "the member whose statement to explain")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if *payee == "" {
		return fmt.Errorf("%w: --payee is required", errUsage)
	}
	s, deals, opts, err := in.load(e, file)
	if err != nil {
		return err
	}
	if _, known := s.Org().Member(*payee); !known {
		return fmt.Errorf("unknown payee %q%s", *payee, hint(*payee, s.Org().MemberIDs()))
	}
	// the payee's statement only: a run of many deals holds no other
	var st commission.Statement
	ok := false
	res, err := s.RunEach(in.period, deals, func(s commission.Statement) error {
		if s.Payee == *payee {
			st, ok = s, true
		}
		return nil
	}, opts...)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%s has no plan in force in %s, so no statement", *payee, res.Period)
	}
	name := *payee
	if m, _ := s.Org().Member(*payee); m.Name != "" {
		name = fmt.Sprintf("%s (%s)", m.Name, *payee)
	}
	_, err = io.WriteString(e.stdout, commission.Explain(st, res.Period, name))
	return err
}

// hint is " (did you mean x?)" when a known id is close to id.
func hint(id string, known []string) string {
	if h := didYouMean(id, known); h != "" {
		return " (" + h + ")"
	}
	return ""
}

func settle(e *env, file string, ri inputs, ledgerIn, ledgerOut, eventsFile, held string, rs restated, migrate bool, format, out string) error {
	s, deals, opts, err := ri.load(e, file)
	if err != nil {
		return err
	}
	in := strategy.PayoutInput{Migrate: migrate}
	if ledgerIn != "" {
		data, err := readInput(e, ledgerIn)
		if err != nil {
			return err
		}
		var l payout.Ledger
		if err := json.Unmarshal(data, &l); err != nil {
			return fmt.Errorf("%s: %w", ledgerIn, err)
		}
		in.Ledger = &l
	}
	if eventsFile != "" {
		if in.Events, err = readEvents(e, eventsFile); err != nil {
			return err
		}
	}
	if held != "" {
		for _, h := range strings.Split(held, ",") {
			if h = strings.TrimSpace(h); h != "" {
				in.Held = append(in.Held, h)
			}
		}
	}
	for _, r := range rs {
		id, path, _ := strings.Cut(r, "=")
		if _, dup := in.Restated[id]; dup {
			return fmt.Errorf("%w: --restated %s given twice", errUsage, id)
		}
		ds, err := readDeals(e, path, s.Schema())
		if err != nil {
			return err
		}
		if in.Restated == nil {
			in.Restated = map[string][]deal.Deal{}
		}
		in.Restated[id] = ds
	}
	po, err := s.Payout(ri.period, deals, in, opts...)
	if err != nil {
		return err
	}
	// the payroll file and the ledger are written as they are made (JSON
	// a payee at a time), both or neither
	var outs []output
	switch format {
	case "csv":
		outs = append(outs, output{path: out, write: po.WriteCSV})
	case "text":
		outs = append(outs, output{path: out, write: func(w io.Writer) error { return writePayoutText(w, po, s) }})
	default:
		outs = append(outs, output{path: out, write: func(w io.Writer) error { return withNewline(w, po.WriteJSON(w)) }})
	}
	if ledgerOut != "" {
		// after the payroll file: if the ledger could not be renamed into
		// place, a retry with the old ledger pays the same again
		outs = append(outs, output{path: ledgerOut, write: func(w io.Writer) error { return withNewline(w, po.Ledger.WriteJSON(w)) }})
	}
	return writeOutputs(e, outs...)
}

// withNewline ends a JSON document written to w with a newline, unless
// its writing failed (err).
func withNewline(w io.Writer, err error) error {
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}

// readEvents reads deal events: a CSV file with a header row (deal, kind
// and date; amount, id, currency, deal_amount, deal_date and term when
// needed) or a JSON array of objects with those keys; - reads standard
// input.
func readEvents(e *env, path string) ([]payout.Event, error) {
	data, err := readInput(e, path)
	if err != nil {
		return nil, err
	}
	name := displayName(path)
	if strings.EqualFold(filepath.Ext(path), ".json") || startsWith(bufio.NewReader(bytes.NewReader(data)), '[') {
		return payout.ReadEventsJSON(name, bytes.NewReader(data))
	}
	return payout.ReadEventsCSV(name, bytes.NewReader(data))
}
