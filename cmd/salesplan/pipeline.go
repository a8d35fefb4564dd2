package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/internal/numfmt"
	"github.com/salesplan/salesplan/money"
	"github.com/salesplan/salesplan/process"
	"github.com/salesplan/salesplan/strategy"
)

// pipelineReport is what salesplan pipeline prints.
type pipelineReport struct {
	Period    string                  `json:"period"`
	Pipeline  process.PipelineReport  `json:"pipeline"`
	Forecasts []process.Forecast      `json:"forecasts"`
	History   map[string]processStats `json:"history,omitempty"`
}

type processStats = process.History

// pipelineCmd prints the weighted pipeline of the open deals, the forecast
// of a period against target by category, and, with a history of stage
// changes, each process's conversion and velocity.
func pipelineCmd(e *env, args []string) error {
	fs := newFlags(e, "pipeline")
	dealsFile := fs.String("deals", "", "the deals, open and closed, CSV or JSON (- for standard input)")
	period := fs.String("period", "", "the period to forecast, such as FY2027-Q1")
	team := fs.String("team", "", "forecast this team (with the teams below it) instead of every top team")
	member := fs.String("member", "", "forecast this member's deals")
	channel := fs.String("channel", "", "forecast this channel's deals")
	measure := fs.String("measure", "", "the measure whose target the forecast is against (default: the first measure)")
	historyFile := fs.String("history", "", "stage changes, CSV deal,from,to,date: conversion and days in stage per process")
	ratesFile := fs.String("rates", "", "exchange rates, CSV from,to,date,rate[,end]: deals in other currencies are converted into the strategy's, at the rate of their close date (or date)")
	format := fs.String("format", "text", "text or json")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if *dealsFile == "" || *period == "" {
		return fmt.Errorf("%w: --deals and --period are required", errUsage)
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("%w: --format %s: want text or json", errUsage, *format)
	}
	scopes := 0
	for _, v := range []string{*team, *member, *channel} {
		if v != "" {
			scopes++
		}
	}
	if scopes > 1 {
		return fmt.Errorf("%w: give one of --team, --member and --channel", errUsage)
	}
	s, err := strategy.Load(file)
	if err != nil {
		return err
	}
	book := s.Process()
	if book == nil {
		return fmt.Errorf("%s: the strategy has no sales process (a process section), so no pipeline", file)
	}
	p, err := s.Calendar().Parse(*period)
	if err != nil {
		return err
	}
	deals, err := readDeals(e, *dealsFile, s.Schema())
	if err != nil {
		return err
	}
	if *ratesFile != "" {
		data, err := readInput(e, *ratesFile)
		if err != nil {
			return err
		}
		rates, err := commission.ReadRatesCSV(displayName(*ratesFile), bytes.NewReader(data))
		if err != nil {
			return err
		}
		if deals, err = convertDeals(deals, rates, s.Currency(), s.Rounding()); err != nil {
			return err
		}
	}
	m := *measure
	ids := s.Commission().MeasureIDs()
	if m == "" && len(ids) > 0 {
		m = ids[0]
	} else if m != "" && !slices.Contains(ids, m) {
		return fmt.Errorf("%w: --measure %s: the strategy has no such measure%s", errUsage, m, hint(m, ids))
	}
	org := s.Org()
	var scs []process.Scope
	switch {
	case *team != "":
		if _, ok := org.Team(*team); !ok {
			return fmt.Errorf("unknown team %q%s", *team, hint(*team, org.TeamIDs()))
		}
		scs = append(scs, process.Scope{Kind: process.Team, ID: *team, Teams: org})
	case *member != "":
		if _, ok := org.Member(*member); !ok {
			return fmt.Errorf("unknown member %q%s", *member, hint(*member, org.MemberIDs()))
		}
		scs = append(scs, process.Scope{Kind: process.Member, ID: *member})
	case *channel != "":
		if _, ok := org.Channel(*channel); !ok {
			return fmt.Errorf("unknown channel %q%s", *channel, hint(*channel, org.ChannelIDs()))
		}
		scs = append(scs, process.Scope{Kind: process.Channel, ID: *channel})
	default:
		for _, id := range org.TeamIDs() {
			if t, _ := org.TeamAt(id, p.End); t.Parent == "" {
				scs = append(scs, process.Scope{Kind: process.Team, ID: id, Teams: org})
			}
		}
	}
	rep := pipelineReport{Period: p.ID}
	if rep.Pipeline, err = book.Pipeline(deals, process.PipelineOptions{Teams: org, Calendar: s.Calendar(), Kind: p.Kind}); err != nil {
		return err
	}
	for _, sc := range scs {
		f, err := book.Forecast(deals, p, sc, s.Targets(), m)
		if err != nil {
			return err
		}
		rep.Forecasts = append(rep.Forecasts, f)
	}
	if *historyFile != "" {
		changes, err := readChanges(e, *historyFile)
		if err != nil {
			return err
		}
		if rep.History, err = histories(book, changes, deals); err != nil {
			return err
		}
	}
	if *format == "json" {
		j, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		_, err = e.stdout.Write(append(j, '\n'))
		return err
	}
	return writePipelineText(e.stdout, rep, m, s.Currency())
}

// convertDeals converts the amounts of deals in other currencies into
// currency, at the rate in force on each deal's close date (its date when
// it has none), rounded to the currency's minor unit with the strategy's
// rounding: the pipeline and the forecast add amounts of one currency.
// Every deal without a rate is reported, at its position.
func convertDeals(deals []deal.Deal, rates commission.Rates, currency string, r money.Rounding) ([]deal.Deal, error) {
	out := slices.Clone(deals)
	var list diag.List
	for i := range out {
		d := &out[i]
		if d.Currency == currency {
			continue
		}
		on := d.CloseDate
		if on.IsZero() {
			on = d.Date
		}
		rate, ok := rates.Rate(d.Currency, currency, on)
		if !ok {
			p := list.Add(fmt.Sprintf("deals[%d].currency", i), diag.InvalidInput, "deal %s: no exchange rate from %s to %s on %s", d.ID, d.Currency, currency, on)
			if pos := d.Source.Field("currency"); pos.IsValid() {
				p.Pos, p.Path = pos, ""
			}
			continue
		}
		d.Amount, d.Currency = r.Round(d.Amount.Mul(rate), money.MinorUnits(currency)), currency
	}
	return out, list.Err()
}

// histories works out the history of each process from the changes of
// its deals (a deal's process is found from the deal itself).
func histories(book *process.Book, changes []process.Change, deals []deal.Deal) (map[string]processStats, error) {
	procOf := map[string]string{}
	for i := range deals {
		p, err := book.ProcessOf(&deals[i])
		if err != nil {
			return nil, err
		}
		procOf[deals[i].ID] = p.ID()
	}
	by := map[string][]process.Change{}
	var list diag.List
	for i, c := range changes {
		id, ok := procOf[c.Deal]
		if !ok {
			list.Add(fmt.Sprintf("history[%d].deal", i), diag.UnknownRef, "stage change of deal %s, which is not in the deals file", c.Deal)
			continue
		}
		by[id] = append(by[id], c)
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	out := map[string]processStats{}
	for id, cs := range by {
		p, _ := book.Process(id)
		h, err := p.History(cs)
		if err != nil {
			return nil, fmt.Errorf("process %s: %w", id, err)
		}
		out[id] = h
	}
	return out, nil
}

// readChanges reads stage changes from CSV with the header
// deal,from,to,date.
func readChanges(e *env, path string) ([]process.Change, error) {
	data, err := readInput(e, path)
	if err != nil {
		return nil, err
	}
	name := displayName(path)
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	header, err := cr.Read()
	if err != nil || !slices.Equal(header, []string{"deal", "from", "to", "date"}) {
		return nil, fmt.Errorf("%s:1:1: want the header deal,from,to,date", name)
	}
	var out []process.Change
	var list diag.List
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		line, col := cr.FieldPos(3)
		d, err := calendar.ParseDate(rec[3])
		if err != nil {
			list = append(list, &diag.Problem{Pos: diag.Pos{File: name, Line: line, Col: col}, Code: diag.InvalidValue, Message: "date: " + err.Error()})
			continue
		}
		out = append(out, process.Change{Deal: rec[0], From: rec[1], To: rec[2], Date: d})
	}
	return out, list.Err()
}

// table writes rows with the first column left-aligned and the others
// right-aligned, two spaces apart.
type table struct{ rows [][]string }

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(w io.Writer) {
	var width []int
	for _, r := range t.rows {
		for i, c := range r {
			if i >= len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range t.rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i == 0 {
				b.WriteString(c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	t.rows = nil
}

func writePipelineText(w io.Writer, rep pipelineReport, measure, currency string) error {
	pr := rep.Pipeline
	cur := pr.Currency
	if cur == "" {
		cur = currency
	}
	fmt.Fprintf(w, "Open pipeline, in %s (weighted = amount x stage probability)\n", cur)
	var t table
	section := func(title string, lines []process.Line) {
		if len(lines) == 0 {
			return
		}
		t.add("")
		t.add(title, "deals", "amount", "weighted")
		for _, l := range lines {
			key := l.Key
			if key == "" {
				key = "(none)"
			}
			t.add("  "+key, fmt.Sprint(l.Deals), numfmt.Amount(l.Amount), numfmt.Amount(l.Weighted))
		}
	}
	section("by stage", pr.ByStage)
	section("by team", pr.ByTeam)
	section("by channel", pr.ByChannel)
	section("by close period", pr.ByPeriod)
	t.add("")
	t.add("total", fmt.Sprint(pr.Total.Deals), numfmt.Amount(pr.Total.Amount), numfmt.Amount(pr.Total.Weighted))
	t.write(w)
	fmt.Fprintf(w, "\nForecast of %s against the %s target\n\n", rep.Period, measure)
	t.add("scope", "won", "commit", "best case", "pipeline", "target", "remaining", "coverage")
	for _, f := range rep.Forecasts {
		target, remaining, coverage := "-", "-", "-"
		if f.HasTarget {
			target, remaining = numfmt.Amount(f.Target), numfmt.Amount(f.Remaining)
		}
		if f.HasCoverage {
			coverage = numfmt.Number(f.Coverage) + "x"
		}
		t.add(f.Scope, numfmt.Amount(f.Won), numfmt.Amount(f.Commit), numfmt.Amount(f.BestCase), numfmt.Amount(f.Pipeline), target, remaining, coverage)
	}
	t.write(w)
	ids := make([]string, 0, len(rep.History))
	for id := range rep.History {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		h := rep.History[id]
		fmt.Fprintf(w, "\nConversion and velocity of process %s: %d won, %d lost, win rate %s, sales cycle %s days\n\n", id, h.Won, h.Lost, numfmt.Percent(h.WinRate), numfmt.Number(h.CycleDays))
		t.add("stage", "entered", "advanced", "conversion", "avg days")
		for _, st := range h.Stages {
			t.add(st.Stage, fmt.Sprint(st.Entered), fmt.Sprint(st.Advanced), numfmt.Percent(st.Conversion), numfmt.Number(st.AvgDays))
		}
		t.write(w)
	}
	return nil
}
