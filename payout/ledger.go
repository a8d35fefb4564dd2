package payout

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/internal/numfmt"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/shopspring/decimal"
)

// LedgerVersion is the version of the ledger's JSON form that this
// package writes and reads.
const LedgerVersion = 1

// Ledger is what a payroll integration carries from one period to the
// next: per payee, what was earned and paid on each line of each closed
// period, the draw balance owed, and the periods closed. It is a plain
// value with a stable, versioned JSON form. A payout never changes the
// ledger it is given; it returns a new one.
//
// For every payee the ledger keeps this identity, which tests check over
// generated sequences of periods:
//
//	Paid = Σ item.Paid − Σ cap.Withheld + DrawOwed + Guaranteed + Forgiven
//
// where Paid is everything paid to the payee so far, item.Paid what was
// settled on each line (releases, true-ups and clawbacks included),
// cap.Withheld what a yearly cap kept back of those settlements, DrawOwed
// the recoverable draw still owed, Guaranteed the top-ups of
// non-recoverable draws and Forgiven the draw balances forgiven. And for
// each line, Earned − Paid is what is still to pay: deferred (not yet
// released), held, or capped away by a clawback.
type Ledger struct {
	Version  int           `json:"version"`
	Strategy string        `json:"strategy,omitempty"`
	Closed   []string      `json:"closed"`
	Payees   []PayeeLedger `json:"payees"`
}

// PayeeLedger is one payee's balances.
type PayeeLedger struct {
	Payee      string          `json:"payee"`
	Currency   string          `json:"currency"`
	Paid       decimal.Decimal `json:"paid"`
	DrawOwed   decimal.Decimal `json:"draw_owed"`
	Guaranteed decimal.Decimal `json:"guaranteed"`
	Forgiven   decimal.Decimal `json:"forgiven"`
	Caps       []CapBalance    `json:"caps,omitempty"`
	Items      []LedgerItem    `json:"items"`
}

// CapBalance is what a plan's yearly cap has withheld from a payee in a
// fiscal year.
type CapBalance struct {
	Plan     string          `json:"plan"`
	Year     string          `json:"year"`
	Withheld decimal.Decimal `json:"withheld"`
}

// LedgerItem is one line of a closed period: what it earned (restated by
// true-ups) and what was paid on it.
type LedgerItem struct {
	Period    string              `json:"period"`
	Plan      string              `json:"plan"`
	Component string              `json:"component"`
	Deal      string              `json:"deal,omitempty"`
	Kind      commission.LineKind `json:"kind"`
	// DealDate and DealAmount are the deal's, for clawbacks.
	DealDate   calendar.Date   `json:"deal_date,omitzero"`
	DealAmount decimal.Decimal `json:"deal_amount"`
	// Term is the deal's term in months, kept for pro-rata clawbacks.
	Term   decimal.Decimal `json:"term"`
	Earned decimal.Decimal `json:"earned"`
	Paid   decimal.Decimal `json:"paid"`
	// Closed is set once a deal is cancelled: nothing more is paid on
	// the item and nothing is clawed back twice.
	Closed bool `json:"closed,omitempty"`
}

type itemKey struct {
	period, plan, component, deal string
	kind                          commission.LineKind
}

// compare orders keys by period, plan, component, deal and kind.
func (k itemKey) compare(o itemKey) int {
	return cmp.Or(strings.Compare(k.period, o.period), strings.Compare(k.plan, o.plan), strings.Compare(k.component, o.component),
		strings.Compare(k.deal, o.deal), strings.Compare(string(k.kind), string(o.kind)))
}

func (it *LedgerItem) key() itemKey {
	return itemKey{it.Period, it.Plan, it.Component, it.Deal, it.Kind}
}

// IsClosed reports whether period is closed in l.
func (l *Ledger) IsClosed(period string) bool {
	return l != nil && slices.Contains(l.Closed, period)
}

// Payee returns the ledger of payee.
func (l *Ledger) Payee(payee string) (PayeeLedger, bool) {
	if l == nil {
		return PayeeLedger{}, false
	}
	i, ok := slices.BinarySearchFunc(l.Payees, payee, func(p PayeeLedger, id string) int { return strings.Compare(p.Payee, id) })
	if !ok {
		return PayeeLedger{}, false
	}
	return l.Payees[i], true
}

// clone returns a deep copy of l (a new empty ledger for nil).
func (l *Ledger) clone() *Ledger {
	out := &Ledger{Version: LedgerVersion}
	if l == nil {
		return out
	}
	out.Strategy = l.Strategy
	out.Closed = slices.Clone(l.Closed)
	out.Payees = make([]PayeeLedger, len(l.Payees))
	for i, p := range l.Payees {
		p.Items = slices.Clone(p.Items)
		p.Caps = slices.Clone(p.Caps)
		out.Payees[i] = p
	}
	return out
}

// sort puts payees and items in their stable order.
func (l *Ledger) sort() {
	slices.SortFunc(l.Payees, func(a, b PayeeLedger) int { return strings.Compare(a.Payee, b.Payee) })
	for i := range l.Payees {
		slices.SortStableFunc(l.Payees[i].Items, func(a, b LedgerItem) int { return a.key().compare(b.key()) })
	}
}

// The JSON form writes every amount as a decimal string, whatever
// shopspring's package settings.

type jsonLedgerItem struct {
	Period     string              `json:"period"`
	Plan       string              `json:"plan"`
	Component  string              `json:"component"`
	Deal       string              `json:"deal,omitempty"`
	Kind       commission.LineKind `json:"kind"`
	DealDate   calendar.Date       `json:"deal_date,omitzero"`
	DealAmount string              `json:"deal_amount,omitempty"`
	Term       string              `json:"term,omitempty"`
	Earned     string              `json:"earned"`
	Paid       string              `json:"paid"`
	Closed     bool                `json:"closed,omitempty"`
}

type jsonCap struct {
	Plan     string `json:"plan"`
	Year     string `json:"year"`
	Withheld string `json:"withheld"`
}

type jsonPayeeLedger struct {
	Payee      string           `json:"payee"`
	Currency   string           `json:"currency"`
	Paid       string           `json:"paid"`
	DrawOwed   string           `json:"draw_owed"`
	Guaranteed string           `json:"guaranteed"`
	Forgiven   string           `json:"forgiven"`
	Caps       []jsonCap        `json:"caps,omitempty"`
	Items      []jsonLedgerItem `json:"items"`
}

type jsonLedger struct {
	Version  int               `json:"version"`
	Strategy string            `json:"strategy,omitempty"`
	Closed   []string          `json:"closed"`
	Payees   []jsonPayeeLedger `json:"payees"`
}

// MarshalJSON writes the ledger's stable JSON form.
func (l Ledger) MarshalJSON() ([]byte, error) {
	out := jsonLedger{Version: l.Version, Strategy: l.Strategy, Closed: l.Closed, Payees: []jsonPayeeLedger{}}
	if out.Closed == nil {
		out.Closed = []string{}
	}
	for _, p := range l.Payees {
		cur := p.Currency
		jp := jsonPayeeLedger{Payee: p.Payee, Currency: cur, Paid: numfmt.Fixed(p.Paid, cur), DrawOwed: numfmt.Fixed(p.DrawOwed, cur),
			Guaranteed: numfmt.Fixed(p.Guaranteed, cur), Forgiven: numfmt.Fixed(p.Forgiven, cur), Items: []jsonLedgerItem{}}
		for _, c := range p.Caps {
			jp.Caps = append(jp.Caps, jsonCap{c.Plan, c.Year, numfmt.Fixed(c.Withheld, cur)})
		}
		for _, it := range p.Items {
			ji := jsonLedgerItem{Period: it.Period, Plan: it.Plan, Component: it.Component, Deal: it.Deal, Kind: it.Kind,
				DealDate: it.DealDate, Earned: numfmt.Fixed(it.Earned, cur), Paid: numfmt.Fixed(it.Paid, cur), Closed: it.Closed}
			if it.Deal != "" {
				ji.DealAmount = it.DealAmount.String()
			}
			if !it.Term.IsZero() {
				ji.Term = it.Term.String()
			}
			jp.Items = append(jp.Items, ji)
		}
		out.Payees = append(out.Payees, jp)
	}
	return json.MarshalIndent(out, "", "  ")
}

// UnmarshalJSON reads the JSON form, checking its version and amounts.
func (l *Ledger) UnmarshalJSON(b []byte) error {
	var in jsonLedger
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	if in.Version != LedgerVersion {
		return fmt.Errorf("ledger: version %d, this salesplan reads version %d", in.Version, LedgerVersion)
	}
	seenPeriod := map[string]bool{}
	for _, id := range in.Closed {
		if id == "" || seenPeriod[id] {
			return fmt.Errorf("ledger: closed periods: %q is empty or given twice", id)
		}
		seenPeriod[id] = true
	}
	seenPayee := map[string]bool{}
	for _, jp := range in.Payees {
		if jp.Payee == "" || seenPayee[jp.Payee] {
			return fmt.Errorf("ledger: payee %q is unnamed or given twice", jp.Payee)
		}
		seenPayee[jp.Payee] = true
	}
	num := func(what, s string) (decimal.Decimal, error) {
		if s == "" {
			return decimal.Zero, nil
		}
		d, err := decimal.NewFromString(s)
		if err != nil {
			return d, fmt.Errorf("ledger: %s: %q is not a number", what, s)
		}
		return d, nil
	}
	out := Ledger{Version: in.Version, Strategy: in.Strategy, Closed: in.Closed}
	for _, jp := range in.Payees {
		p := PayeeLedger{Payee: jp.Payee, Currency: jp.Currency}
		var err error
		for _, jc := range jp.Caps {
			c := CapBalance{Plan: jc.Plan, Year: jc.Year}
			if c.Withheld, err = num(jp.Payee+" cap withheld", jc.Withheld); err != nil {
				return err
			}
			if c.Withheld.Sign() < 0 {
				return fmt.Errorf("ledger: %s: cap of %s in %s withheld a negative amount", jp.Payee, jc.Plan, jc.Year)
			}
			p.Caps = append(p.Caps, c)
		}
		for _, f := range []struct {
			dst  *decimal.Decimal
			name string
			s    string
		}{{&p.Paid, "paid", jp.Paid}, {&p.DrawOwed, "draw_owed", jp.DrawOwed}, {&p.Guaranteed, "guaranteed", jp.Guaranteed}, {&p.Forgiven, "forgiven", jp.Forgiven}} {
			if *f.dst, err = num(jp.Payee+"."+f.name, f.s); err != nil {
				return err
			}
			if f.name != "paid" && f.dst.Sign() < 0 {
				return fmt.Errorf("ledger: %s.%s is negative (%s)", jp.Payee, f.name, f.s)
			}
		}
		for _, ji := range jp.Items {
			it := LedgerItem{Period: ji.Period, Plan: ji.Plan, Component: ji.Component, Deal: ji.Deal, Kind: ji.Kind, DealDate: ji.DealDate, Closed: ji.Closed}
			if it.DealAmount, err = num(jp.Payee+" item deal_amount", ji.DealAmount); err != nil {
				return err
			}
			if it.Term, err = num(jp.Payee+" item term", ji.Term); err != nil {
				return err
			}
			if it.Earned, err = num(jp.Payee+" item earned", ji.Earned); err != nil {
				return err
			}
			if it.Paid, err = num(jp.Payee+" item paid", ji.Paid); err != nil {
				return err
			}
			p.Items = append(p.Items, it)
		}
		out.Payees = append(out.Payees, p)
	}
	out.sort()
	*l = out
	return nil
}
