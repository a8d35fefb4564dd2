package peerbench_test

// This file is a copy of the hand-written baseline of the peer benchmark,
// ../shared/peer-plan/gocalc/main.go (public code of the peer plan, by its
// authors), vendored so that its calculation runs in the same
// `go test -bench` as salesplan's. The types and Calculate (the calc
// phase, from parsed structs to lines and per-payee totals) are copied
// unchanged; readPayees, readDeals and writeOutputs (the parse and write
// phases) are changed only to read from an io.Reader and write to an
// io.Writer instead of files, so that they can run on data in memory.

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

type Payee struct {
	ID        int
	Team      int
	ManagerID int // 0: none, i.e. this payee is a manager
	Quota     decimal.Decimal
	TI        decimal.Decimal // target incentive
}

type Deal struct {
	ID        int64
	Close     time.Time
	Owner     int
	Amount    decimal.Decimal
	Term      int
	NewLogo   bool
	Product   string
	SplitWith int // 0: no split
}

type Line struct {
	Payee     int
	Component string // C1 C2 C3 C4 C5 OVR
	DealID    int64  // 0 for C5
	Amount    decimal.Decimal
}

type Total struct {
	Payee int
	Total decimal.Decimal
}

var (
	pct60      = decimal.RequireFromString("0.6")
	half       = decimal.RequireFromString("0.5")
	rate1      = decimal.RequireFromString("0.04")
	rate2      = decimal.RequireFromString("0.08")
	rate3      = decimal.RequireFromString("0.12")
	kicker     = decimal.RequireFromString("0.01")
	override   = decimal.RequireFromString("0.02")
	newLogoAmt = decimal.RequireFromString("500.00")
	spifAmt    = decimal.RequireFromString("250.00")
	three      = decimal.NewFromInt(3)
	zero       = decimal.Zero

	spifFrom = time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)
	spifTo   = time.Date(2027, 2, 28, 0, 0, 0, 0, time.UTC)
)

const maxNewLogoBonuses = 5

// credit is one rep's share of one deal.
type credit struct {
	deal    *Deal
	amount  decimal.Decimal
	isOwner bool
}

// Calculate applies PLAN.md to parsed payees and deals.
func Calculate(payees []Payee, deals []Deal) ([]Line, []Total, error) {
	idx := make(map[int]int, len(payees))
	for i := range payees {
		idx[payees[i].ID] = i
	}
	repOf := func(id int) (int, error) {
		i, ok := idx[id]
		if !ok {
			return 0, fmt.Errorf("unknown payee %d", id)
		}
		if payees[i].ManagerID == 0 {
			return 0, fmt.Errorf("payee %d is a manager, not a rep", id)
		}
		return i, nil
	}

	credits := make([][]credit, len(payees))
	lines := make([]Line, 0, len(deals)*3)

	// Crediting, roll-up and manager overrides (order-independent).
	for di := range deals {
		d := &deals[di]
		oi, err := repOf(d.Owner)
		if err != nil {
			return nil, nil, fmt.Errorf("deal %d: %w", d.ID, err)
		}
		mgrOwner := payees[oi].ManagerID
		if d.SplitWith == 0 {
			credits[oi] = append(credits[oi], credit{deal: d, amount: d.Amount, isOwner: true})
		} else {
			si, err := repOf(d.SplitWith)
			if err != nil {
				return nil, nil, fmt.Errorf("deal %d: %w", d.ID, err)
			}
			if si == oi {
				return nil, nil, fmt.Errorf("deal %d: split_with equals owner", d.ID)
			}
			ownerPart := d.Amount.Mul(pct60).RoundBank(2)
			credits[oi] = append(credits[oi], credit{deal: d, amount: ownerPart, isOwner: true})
			credits[si] = append(credits[si], credit{deal: d, amount: d.Amount.Sub(ownerPart)})
			if m := payees[si].ManagerID; m != mgrOwner { // roll-up once per (manager, deal)
				lines = append(lines, Line{Payee: m, Component: "OVR", DealID: d.ID, Amount: d.Amount.Mul(override).RoundBank(2)})
			}
		}
		lines = append(lines, Line{Payee: mgrOwner, Component: "OVR", DealID: d.ID, Amount: d.Amount.Mul(override).RoundBank(2)})
	}

	// Per rep, in (close_date, deal id) order.
	for pi := range payees {
		cs := credits[pi]
		if len(cs) == 0 {
			continue
		}
		p := &payees[pi]
		slices.SortFunc(cs, func(a, b credit) int {
			if c := a.deal.Close.Compare(b.deal.Close); c != 0 {
				return c
			}
			return cmp.Compare(a.deal.ID, b.deal.ID)
		})
		q := p.Quota
		qHalf := q.Mul(half)
		running := zero
		capBase := zero // sum of rounded C1 + C2 lines
		newLogos := 0
		for _, c := range cs {
			d := c.deal
			before := running
			running = running.Add(c.amount)

			// C1: marginal bands over the slice of running total this credit moves through.
			lo, hi, neg := before, running, false
			if running.LessThan(before) {
				lo, hi, neg = running, before, true
			}
			raw := rate1.Mul(overlap(lo, hi, zero, qHalf, true)).
				Add(rate2.Mul(overlap(lo, hi, qHalf, q, true))).
				Add(rate3.Mul(overlap(lo, hi, q, zero, false)))
			if neg {
				raw = raw.Neg()
			}
			c1 := raw.RoundBank(2)
			lines = append(lines, Line{Payee: p.ID, Component: "C1", DealID: d.ID, Amount: c1})
			capBase = capBase.Add(c1)

			// C2: multi-year kicker on the credited amount.
			if d.Term >= 24 {
				c2 := c.amount.Mul(kicker).RoundBank(2)
				lines = append(lines, Line{Payee: p.ID, Component: "C2", DealID: d.ID, Amount: c2})
				capBase = capBase.Add(c2)
			}

			if c.isOwner && d.Amount.Sign() > 0 {
				// C3: new-logo bonus, first 5 per quarter.
				if d.NewLogo && newLogos < maxNewLogoBonuses {
					newLogos++
					lines = append(lines, Line{Payee: p.ID, Component: "C3", DealID: d.ID, Amount: newLogoAmt})
				}
				// C4: February analytics SPIF.
				if d.Product == "analytics" && !d.Close.Before(spifFrom) && !d.Close.After(spifTo) {
					lines = append(lines, Line{Payee: p.ID, Component: "C4", DealID: d.ID, Amount: spifAmt})
				}
			}
		}
		// C5: cap on C1 + C2.
		if limit := p.TI.Mul(three); capBase.GreaterThan(limit) {
			lines = append(lines, Line{Payee: p.ID, Component: "C5", Amount: limit.Sub(capBase)})
		}
	}

	// Totals: sum of rounded lines, every payee.
	sums := make([]decimal.Decimal, len(payees))
	for i := range lines {
		pi := idx[lines[i].Payee]
		sums[pi] = sums[pi].Add(lines[i].Amount)
	}
	totals := make([]Total, len(payees))
	for i := range payees {
		totals[i] = Total{Payee: payees[i].ID, Total: sums[i]}
	}
	return lines, totals, nil
}

// overlap returns the length of [lo, hi) ∩ [bandLo, bandHi) (bandHi = +inf when
// !bounded), never negative.
func overlap(lo, hi, bandLo, bandHi decimal.Decimal, bounded bool) decimal.Decimal {
	top := hi
	if bounded && bandHi.LessThan(top) {
		top = bandHi
	}
	bottom := lo
	if bandLo.GreaterThan(bottom) {
		bottom = bandLo
	}
	if !top.GreaterThan(bottom) {
		return zero
	}
	return top.Sub(bottom)
}

// ---- input ----

func openCSV(path string, f io.Reader, header string) (*csv.Reader, error) {
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	h, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if got := fmt.Sprint(h); got != header {
		return nil, fmt.Errorf("%s: header %s, want %s", path, got, header)
	}
	return r, nil
}

func readPayees(path string, in io.Reader) ([]Payee, error) {
	r, err := openCSV(path, in, "[id team manager_id quota target_incentive]")
	if err != nil {
		return nil, err
	}
	var out []Payee
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		var p Payee
		var e [5]error
		p.ID, e[0] = strconv.Atoi(rec[0])
		p.Team, e[1] = strconv.Atoi(rec[1])
		if rec[2] != "" {
			p.ManagerID, e[2] = strconv.Atoi(rec[2])
		}
		p.Quota, e[3] = decimal.NewFromString(rec[3])
		p.TI, e[4] = decimal.NewFromString(rec[4])
		for _, x := range e {
			if x != nil {
				return nil, fmt.Errorf("%s line %d: %w", path, len(out)+2, x)
			}
		}
		if p.ManagerID != 0 && p.Quota.Sign() <= 0 {
			return nil, fmt.Errorf("%s: rep %d has quota <= 0", path, p.ID)
		}
		out = append(out, p)
	}
}

func readDeals(path string, in io.Reader) ([]Deal, error) {
	r, err := openCSV(path, in, "[id close_date owner amount term_months is_new_logo product split_with]")
	if err != nil {
		return nil, err
	}
	out := make([]Deal, 0, 1024)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		var d Deal
		var e [7]error
		d.ID, e[0] = strconv.ParseInt(rec[0], 10, 64)
		d.Close, e[1] = time.Parse("2006-01-02", rec[1])
		d.Owner, e[2] = strconv.Atoi(rec[2])
		d.Amount, e[3] = decimal.NewFromString(rec[3])
		d.Term, e[4] = strconv.Atoi(rec[4])
		d.NewLogo, e[5] = strconv.ParseBool(rec[5])
		d.Product = internProduct(rec[6])
		if rec[7] != "" {
			d.SplitWith, e[6] = strconv.Atoi(rec[7])
		}
		for _, x := range e {
			if x != nil {
				return nil, fmt.Errorf("%s line %d: %w", path, len(out)+2, x)
			}
		}
		out = append(out, d)
	}
}

// internProduct maps the product to a constant string, so a Deal does not keep
// its whole CSV record (of which rec[6] is a substring) alive.
func internProduct(s string) string {
	switch s {
	case "core":
		return "core"
	case "analytics":
		return "analytics"
	case "platform":
		return "platform"
	}
	return string([]byte(s))
}

// ---- output ----

func writeOutputs(linesOut, totalsOut io.Writer, lines []Line, totals []Total) error {
	slices.SortFunc(lines, func(a, b Line) int {
		if c := cmp.Compare(a.Payee, b.Payee); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Component, b.Component); c != 0 {
			return c
		}
		return cmp.Compare(a.DealID, b.DealID)
	})
	if err := writeFile(linesOut, func(w *bufio.Writer) {
		w.WriteString("payee,component,deal_id,amount\n")
		var buf []byte
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
			w.Write(buf)
		}
	}); err != nil {
		return err
	}
	return writeFile(totalsOut, func(w *bufio.Writer) {
		w.WriteString("payee,total\n")
		for _, t := range totals {
			fmt.Fprintf(w, "%d,%s\n", t.Payee, t.Total.StringFixed(2))
		}
	})
}

func writeFile(out io.Writer, fill func(*bufio.Writer)) error {
	w := bufio.NewWriterSize(out, 1<<20)
	fill(w)
	return w.Flush()
}
