package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"github.com/salesplan/salesplan/payout"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/strategy"
	"github.com/shopspring/decimal"
)

// loadRun loads the strategy and the deals of a run or explain command and
// computes the period.
func loadRun(e *env, file, dealsFile, period string) (*strategy.Strategy, *commission.Result, error) {
	if dealsFile == "" {
		return nil, nil, fmt.Errorf("%w: --deals is required", errUsage)
	}
	if period == "" {
		return nil, nil, fmt.Errorf("%w: --period is required", errUsage)
	}
	s, err := strategy.Load(file)
	if err != nil {
		return nil, nil, err
	}
	deals, err := readDeals(e, dealsFile, s.Schema())
	if err != nil {
		return nil, nil, err
	}
	res, err := s.Run(period, deals)
	if err != nil {
		return nil, nil, err
	}
	return s, res, nil
}

// readDeals reads a CSV or JSON deals file, or standard input for -; JSON
// when its name ends in .json or its first character is '['.
func readDeals(e *env, path string, schema *deal.Schema) ([]deal.Deal, error) {
	data, err := readInput(e, path)
	if err != nil {
		return nil, err
	}
	if path == "-" {
		path = "stdin"
	}
	if strings.EqualFold(filepath.Ext(path), ".json") || bytes.HasPrefix(bytes.TrimSpace(data), []byte("[")) {
		return deal.ReadJSON(path, bytes.NewReader(data), schema)
	}
	return deal.ReadCSV(path, bytes.NewReader(data), schema)
}

func runCmd(e *env, args []string) error {
	return payoutCmd(e, "run", args)
}

// payoutCmd is run and close. Without --ledger, run computes the period's
// statements. With --ledger (or for close), it computes what to pay now
// given the ledger of earlier periods, and writes the new ledger to
// --ledger-out.
func payoutCmd(e *env, name string, args []string) error {
	fs := newFlags(e, name)
	dealsFile := fs.String("deals", "", "the period's deals, CSV or JSON (- for standard input)")
	period := fs.String("period", "", "the period id, such as FY2027-Q1")
	format := fs.String("format", "json", "json or csv")
	out := fs.String("out", "", "write to this file instead of standard output (- is standard output)")
	ledgerIn := fs.String("ledger", "", "the ledger of earlier periods (JSON)")
	ledgerOut := fs.String("ledger-out", "", "write the new ledger, with the period closed, to this file")
	eventsFile := fs.String("events", "", "deal events (CSV deal,kind,date,amount or JSON)")
	held := fs.String("hold", "", "comma-separated payees whose whole payout is held")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if *format != "json" && *format != "csv" {
		return fmt.Errorf("%w: --format %s: want json or csv", errUsage, *format)
	}
	if name == "close" && *ledgerOut == "" {
		return fmt.Errorf("%w: close needs --ledger-out", errUsage)
	}
	if name == "run" && *ledgerIn == "" && (*ledgerOut != "" || *eventsFile != "" || *held != "") {
		return fmt.Errorf("%w: --ledger-out, --events and --hold go with --ledger (start a ledger with salesplan close)", errUsage)
	}
	if name == "close" || *ledgerIn != "" {
		return settle(e, file, *dealsFile, *period, *ledgerIn, *ledgerOut, *eventsFile, *held, *format, *out)
	}
	_, res, err := loadRun(e, file, *dealsFile, *period)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if *format == "csv" {
		if err := res.WriteCSV(&b); err != nil {
			return err
		}
	} else {
		j, err := res.MarshalJSON()
		if err != nil {
			return err
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	return writeOutputs(e, output{*out, b.Bytes()})
}

func explainCmd(e *env, args []string) error {
	fs := newFlags(e, "explain")
	dealsFile := fs.String("deals", "", "the period's deals, CSV or JSON (- for standard input)")
	period := fs.String("period", "", "the period id, such as FY2027-Q1")
	payee := fs.String("payee", "", "the member whose statement to explain")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if *payee == "" {
		return fmt.Errorf("%w: --payee is required", errUsage)
	}
	s, res, err := loadRun(e, file, *dealsFile, *period)
	if err != nil {
		return err
	}
	st, ok := res.Statement(*payee)
	if !ok {
		if _, known := s.Org().Member(*payee); !known {
			return fmt.Errorf("unknown payee %q", *payee)
		}
		return fmt.Errorf("%s has no plan in force in %s, so no statement", *payee, res.Period)
	}
	name := *payee
	if m, _ := s.Org().Member(*payee); m.Name != "" {
		name = fmt.Sprintf("%s (%s)", m.Name, *payee)
	}
	_, err = io.WriteString(e.stdout, commission.Explain(st, res.Period, name))
	return err
}

func closeCmd(e *env, args []string) error {
	return payoutCmd(e, "close", args)
}

func settle(e *env, file, dealsFile, period, ledgerIn, ledgerOut, eventsFile, held, format, out string) error {
	if dealsFile == "" {
		return fmt.Errorf("%w: --deals is required", errUsage)
	}
	if period == "" {
		return fmt.Errorf("%w: --period is required", errUsage)
	}
	s, err := strategy.Load(file)
	if err != nil {
		return err
	}
	deals, err := readDeals(e, dealsFile, s.Schema())
	if err != nil {
		return err
	}
	in := strategy.PayoutInput{}
	if ledgerIn != "" {
		data, err := os.ReadFile(ledgerIn)
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
	po, err := s.Payout(period, deals, in)
	if err != nil {
		return err
	}
	var outs []output
	var b bytes.Buffer
	if format == "csv" {
		if err := po.WriteCSV(&b); err != nil {
			return err
		}
	} else {
		j, err := po.MarshalJSON()
		if err != nil {
			return err
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	outs = append(outs, output{out, b.Bytes()})
	if ledgerOut != "" {
		// after the payroll file: if the ledger could not be renamed into
		// place, a retry with the old ledger pays the same again
		j, err := po.Ledger.MarshalJSON()
		if err != nil {
			return err
		}
		outs = append(outs, output{ledgerOut, append(j, '\n')})
	}
	return writeOutputs(e, outs...)
}

// readEvents reads deal events: a CSV file with the columns deal, kind,
// date and amount, or a JSON array of objects with those keys.
func readEvents(e *env, path string) ([]payout.Event, error) {
	data, err := readInput(e, path)
	if err != nil {
		return nil, err
	}
	var rows [][]string
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("[")) {
		var objs []map[string]json.RawMessage
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&objs); err != nil {
			return nil, fmt.Errorf("%s: not a JSON array of events: %v", path, err)
		}
		rows = append(rows, []string{"deal", "kind", "date", "amount"})
		for _, o := range objs {
			row := make([]string, 4)
			for i, k := range rows[0] {
				var v any
				if raw, ok := o[k]; ok && json.Unmarshal(raw, &v) == nil {
					row[i] = strings.Trim(string(raw), "\"")
				}
			}
			rows = append(rows, row)
		}
	} else {
		if rows, err = csv.NewReader(bytes.NewReader(data)).ReadAll(); err != nil {
			return nil, fmt.Errorf("%s: not a valid CSV file: %v", path, err)
		}
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != "deal,kind,date,amount" {
		return nil, fmt.Errorf("%s: want the columns deal,kind,date,amount", path)
	}
	var events []payout.Event
	for i, r := range rows[1:] {
		ev := payout.Event{Deal: r[0], Kind: payout.EventKind(r[1])}
		if ev.Date, err = calendar.ParseDate(r[2]); err != nil {
			return nil, fmt.Errorf("%s: row %d: date: %v", path, i+2, err)
		}
		if r[3] != "" {
			if ev.Amount, err = decimal.NewFromString(r[3]); err != nil {
				return nil, fmt.Errorf("%s: row %d: amount: %q is not a number", path, i+2, r[3])
			}
		}
		events = append(events, ev)
	}
	return events, nil
}
