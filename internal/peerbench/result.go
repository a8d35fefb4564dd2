package peerbench

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/salesplan/salesplan/commission"
	"github.com/shopspring/decimal"
)

// ComponentIDs maps the template's plan and component ids (a cap
// group's id for its cap line) to PLAN.md's component ids.
var ComponentIDs = map[[2]string]string{
	{"rep", "base"}:         "C1",
	{"rep", "multi_year"}:   "C2",
	{"rep", "new_logo"}:     "C3",
	{"rep", "spif"}:         "C4",
	{"rep", "c5"}:           "C5",
	{"manager", "override"}: "OVR",
}

// capComponent is the one PLAN.md component that is a cap line
// (PLAN.md §10: no deal; salesplan's cap group line, of kind cap).
const capComponent = "C5"

// Line is one row of PLAN.md's lines.csv. DealID is 0 for C5.
type Line struct {
	Payee     int
	Component string // C1 C2 C3 C4 C5 OVR
	DealID    int64
	Amount    decimal.Decimal
}

// Total is one row of PLAN.md's totals.csv.
type Total struct {
	Payee int
	Total decimal.Decimal
}

// FromResult maps salesplan's statements to PLAN.md's lines and totals:
// each statement line to a line of its payee, component (by
// [ComponentIDs]) and deal (none for the cap line C5); and a total for
// every payee of payees, the sum of their lines (0 without). The lines
// are in PLAN.md §12's order.
//
// A line that PLAN.md has no place for (a cap line other than C5's, a
// credit line of C5, a gate, a re-pricing, a component not in
// ComponentIDs) or a payee not in payees is an error: the plan would have
// drifted from the peer's.
func FromResult(res *commission.Result, payees []Payee) ([]Line, []Total, error) {
	n := 0
	for i := range res.Statements {
		n += len(res.Statements[i].Lines)
	}
	lines := make([]Line, 0, n)
	for i := range res.Statements {
		st := &res.Statements[i]
		payee, err := strconv.Atoi(st.Payee)
		if err != nil {
			return nil, nil, fmt.Errorf("payee %q is not a peer payee id", st.Payee)
		}
		for j := range st.Lines {
			l := &st.Lines[j]
			pl, err := line(payee, l.Plan, l.Component, l.Deal, string(l.Kind), l.Amount)
			if err != nil {
				return nil, nil, err
			}
			lines = append(lines, pl)
		}
	}
	totals, err := finish(lines, payees)
	return lines, totals, err
}

// FromCSV reads the output of `salesplan run --format csv` (the columns of
// [commission.Result.WriteCSV]) and maps it as [FromResult] does.
func FromCSV(r io.Reader, payees []Payee) ([]Line, []Total, error) {
	const header = "payee,period,plan,component,deal,kind,amount,currency,payroll_code"
	var lines []Line
	err := readCSV(r, "salesplan output", header, 9, func(_ int, rec []string) error {
		payee, err := strconv.Atoi(rec[0])
		if err != nil {
			return fmt.Errorf("payee %q is not a peer payee id", rec[0])
		}
		if rec[1] != PeriodID {
			return fmt.Errorf("period %s, want %s", rec[1], PeriodID)
		}
		amt, err := decimal.NewFromString(rec[6])
		if err != nil {
			return fmt.Errorf("amount %q: %v", rec[6], err)
		}
		l, err := line(payee, rec[2], rec[3], rec[4], rec[5], amt)
		if err != nil {
			return err
		}
		lines = append(lines, l)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	totals, err := finish(lines, payees)
	return lines, totals, err
}

func line(payee int, plan, component, dealID, kind string, amount decimal.Decimal) (Line, error) {
	id, ok := ComponentIDs[[2]string{plan, component}]
	if !ok {
		return Line{}, fmt.Errorf("payee %d: plan %s, component %s has no PLAN.md component", payee, plan, component)
	}
	if id == capComponent {
		if commission.LineKind(kind) != commission.CapLine || dealID != "" {
			return Line{}, fmt.Errorf("payee %d: %s line of %s (deal %q): PLAN.md has only a cap line without a deal for it", payee, kind, component, dealID)
		}
		return Line{Payee: payee, Component: id, Amount: amount}, nil
	}
	switch commission.LineKind(kind) {
	case commission.LineKind(commission.Direct), commission.LineKind(commission.SplitCredit), commission.LineKind(commission.Rollup):
	default:
		return Line{}, fmt.Errorf("payee %d: %s line of %s (deal %q): PLAN.md has only credit lines for it", payee, kind, component, dealID)
	}
	d, err := DealID(dealID)
	if err != nil {
		return Line{}, fmt.Errorf("payee %d, %s: %w", payee, id, err)
	}
	return Line{Payee: payee, Component: id, DealID: d, Amount: amount}, nil
}

// finish sorts lines as PLAN.md §12 says and sums them per payee.
func finish(lines []Line, payees []Payee) ([]Total, error) {
	SortLines(lines)
	ids := make([]int, len(payees))
	for i, p := range payees {
		ids[i] = p.ID
	}
	slices.Sort(ids)
	totals := make([]Total, len(ids))
	for i, id := range ids {
		totals[i].Payee = id
	}
	k := 0
	for _, l := range lines {
		for k < len(totals) && totals[k].Payee < l.Payee {
			k++
		}
		if k == len(totals) || totals[k].Payee != l.Payee {
			return nil, fmt.Errorf("payee %d has lines but is not in payees.csv", l.Payee)
		}
		totals[k].Total = totals[k].Total.Add(l.Amount)
	}
	return totals, nil
}

// SortLines puts lines in PLAN.md §12's order: payee, then component in
// byte order, then deal id.
func SortLines(lines []Line) {
	slices.SortFunc(lines, func(a, b Line) int {
		return cmp.Or(cmp.Compare(a.Payee, b.Payee), strings.Compare(a.Component, b.Component), cmp.Compare(a.DealID, b.DealID))
	})
}

// WriteLines writes lines.csv as PLAN.md §12 says (lines in the order
// given: see [SortLines]).
func WriteLines(w io.Writer, lines []Line) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("payee,component,deal_id,amount\n")
	buf := make([]byte, 0, 64)
	for _, l := range lines {
		buf = strconv.AppendInt(buf[:0], int64(l.Payee), 10)
		buf = append(buf, ',')
		buf = append(buf, l.Component...)
		buf = append(buf, ',')
		if l.DealID != 0 {
			buf = strconv.AppendInt(buf, l.DealID, 10)
		}
		buf = append(buf, ',')
		buf = append(buf, l.Amount.StringFixed(2)...)
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	return bw.Flush()
}

// WriteTotals writes totals.csv as PLAN.md §12 says.
func WriteTotals(w io.Writer, totals []Total) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("payee,total\n")
	for _, t := range totals {
		bw.WriteString(strconv.Itoa(t.Payee) + "," + t.Total.StringFixed(2) + "\n")
	}
	return bw.Flush()
}

// ReadLines reads a lines.csv of PLAN.md §12 (the peer's expected output,
// or gocalc's).
func ReadLines(r io.Reader) ([]Line, error) {
	var out []Line
	err := readCSV(r, "lines.csv", "payee,component,deal_id,amount", 4, func(_ int, rec []string) error {
		var l Line
		var err error
		if l.Payee, err = positive(rec[0]); err != nil {
			return err
		}
		l.Component = strings.Clone(rec[1])
		if rec[2] != "" {
			if l.DealID, err = strconv.ParseInt(rec[2], 10, 64); err != nil {
				return err
			}
		}
		if l.Amount, err = decimal.NewFromString(rec[3]); err != nil {
			return err
		}
		out = append(out, l)
		return nil
	})
	return out, err
}

// ReadTotals reads a totals.csv of PLAN.md §12.
func ReadTotals(r io.Reader) ([]Total, error) {
	var out []Total
	err := readCSV(r, "totals.csv", "payee,total", 2, func(_ int, rec []string) error {
		var t Total
		var err error
		if t.Payee, err = positive(rec[0]); err != nil {
			return err
		}
		if t.Total, err = decimal.NewFromString(rec[1]); err != nil {
			return err
		}
		out = append(out, t)
		return nil
	})
	return out, err
}
