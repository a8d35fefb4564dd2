package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/strategy"
)

// loadRun loads the strategy and the deals of a run or explain command and
// computes the period.
func loadRun(file, dealsFile, period string) (*strategy.Strategy, *commission.Result, error) {
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
	deals, err := readDeals(dealsFile, s.Schema())
	if err != nil {
		return nil, nil, err
	}
	res, err := s.Run(period, deals)
	if err != nil {
		return nil, nil, err
	}
	return s, res, nil
}

// readDeals reads a CSV or JSON deals file; JSON when its name ends in
// .json or its first character is '['.
func readDeals(path string, schema *deal.Schema) ([]deal.Deal, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if strings.EqualFold(filepath.Ext(path), ".json") || bytes.HasPrefix(bytes.TrimSpace(data), []byte("[")) {
		return deal.ReadJSON(path, bytes.NewReader(data), schema)
	}
	return deal.ReadCSV(path, bytes.NewReader(data), schema)
}

func runCmd(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	dealsFile := fs.String("deals", "", "the period's deals, CSV or JSON")
	period := fs.String("period", "", "the period id, such as FY2027-Q1")
	format := fs.String("format", "json", "json or csv")
	out := fs.String("out", "", "write to this file instead of standard output")
	file, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *format != "json" && *format != "csv" {
		return fmt.Errorf("%w: --format %s: want json or csv", errUsage, *format)
	}
	_, res, err := loadRun(file, *dealsFile, *period)
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
	if *out != "" {
		return os.WriteFile(*out, b.Bytes(), 0o644)
	}
	_, err = stdout.Write(b.Bytes())
	return err
}

func explainCmd(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	dealsFile := fs.String("deals", "", "the period's deals, CSV or JSON")
	period := fs.String("period", "", "the period id, such as FY2027-Q1")
	payee := fs.String("payee", "", "the member whose statement to explain")
	file, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *payee == "" {
		return fmt.Errorf("%w: --payee is required", errUsage)
	}
	s, res, err := loadRun(file, *dealsFile, *period)
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
	_, err = io.WriteString(stdout, commission.Explain(st, res.Period, name))
	return err
}
