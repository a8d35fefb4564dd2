package commission

import (
	"bufio"
	"io"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/money"
)

// RunEach is [Engine.Run] for a caller that writes each statement out
// (a payroll file, a database) and keeps none: it hands each payee's
// statement to each, in payee order, as soon as that statement and every
// one before it are made, and the run keeps only the few statements made
// ahead of the one to hand next. each is called on the caller's
// goroutine, one statement at a time, whatever the number of workers
// ([WithWorkers]): the statements and their order are those of
// Run's Result.Statements.
//
// The Result of RunEach holds the period and the notes: no statements
// (its Statements is nil), as they have all been handed to each, and no
// credits (its Credits is nil), which are most of what a run of many
// deals holds; [Engine.Run] gives them.
//
// An error of each stops the run, and RunEach returns it as it is. A
// run error is returned as Run returns it; bad input found before the
// statements are made (a deal's problem) hands none, but a payee's error
// is found when the statements before it may already have been handed:
// a caller must discard what it wrote of a run that returns an error.
func (e *Engine) RunEach(period calendar.Period, deals []deal.Deal, each func(Statement) error, opts ...RunOption) (*Result, error) {
	if each == nil {
		each = func(Statement) error { return nil }
	}
	return e.run(period, deals, each, false, opts)
}

// CSVWriter writes statements as rows for payroll, one row per statement
// line, as [Result.WriteCSV] writes a result's: a writer for the
// statements of [Engine.RunEach] as they come. Rows are buffered: call
// Flush at the end.
type CSVWriter struct {
	bw     *bufio.Writer
	period []byte // the period's field
	row    []byte
	cur    string // the last line's currency
	places int    // and its minor units
	known  bool   // whether cur is set
	err    error
}

// NewCSVWriter returns a CSVWriter of the statements of the period with
// the given id (FY2027-Q1) to w, which first writes the header row:
// payee, period, plan, component, deal, kind, amount, currency,
// payroll_code.
func NewCSVWriter(w io.Writer, period string) *CSVWriter {
	cw := &CSVWriter{bw: bufio.NewWriterSize(w, 64<<10), period: appendCSVField(nil, period), row: make([]byte, 0, 256)}
	_, cw.err = cw.bw.WriteString("payee,period,plan,component,deal,kind,amount,currency,payroll_code\n")
	return cw
}

// Write writes a row per line of s. Amounts are decimal strings with at
// least their currency's decimal places, as in [Result.MarshalJSON];
// fields are quoted as encoding/csv quotes them.
func (cw *CSVWriter) Write(s *Statement) error {
	if cw.err != nil {
		return cw.err
	}
	payee := appendCSVField(nil, s.Payee)
	for j := range s.Lines {
		l := &s.Lines[j]
		if !cw.known || l.Currency != cw.cur {
			cw.cur, cw.places, cw.known = l.Currency, int(money.MinorUnits(l.Currency)), true
		}
		row := append(cw.row[:0], payee...)
		row = append(row, ',')
		row = append(row, cw.period...)
		row = append(row, ',')
		row = appendCSVField(row, l.Plan)
		row = append(row, ',')
		row = appendCSVField(row, l.Component)
		row = append(row, ',')
		row = appendCSVField(row, l.Deal)
		row = append(row, ',')
		row = appendCSVField(row, string(l.Kind))
		row = append(row, ',')
		row = appendFixed(row, l.Amount, cw.places)
		row = append(row, ',')
		row = appendCSVField(row, l.Currency)
		row = append(row, ',')
		row = appendCSVField(row, l.PayrollCode)
		row = append(row, '\n')
		cw.row = row
		if _, cw.err = cw.bw.Write(row); cw.err != nil {
			return cw.err
		}
	}
	return nil
}

// Flush writes the rows buffered to the underlying writer.
func (cw *CSVWriter) Flush() error {
	if cw.err != nil {
		return cw.err
	}
	cw.err = cw.bw.Flush()
	return cw.err
}
