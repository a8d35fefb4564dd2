package payout

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/internal/jsonstream"
	"github.com/salesplan/salesplan/internal/numfmt"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// LedgerVersion is the version of the ledger's JSON form that this
// package writes and reads. Version 2 added the digest of the terms, the
// events seen, the payments of each period, the draw of each period, the
// carried negative balance and what each line clawed back and forfeited.
const LedgerVersion = 2

// Ledger is what a payroll integration carries from one period to the
// next: per payee, what was earned and paid on each line of each closed
// period, what each period paid, the draw and negative balances, the
// deal events seen, and the periods closed. It is a plain value with a
// stable, versioned JSON form. A payout never changes the ledger it is
// given; it returns a new one.
//
// The ledger is a payroll record, and checks itself ([Ledger.Check], on
// every load and every payout): for each payee,
//
//	Paid   = Σ Payments
//	Paid   = Σ item.Paid − Σ cap.Withheld + DrawOwed + Guaranteed + Forgiven + Carried
//	Earned = Σ item.Earned
//	Guaranteed = Σ Drawn of the periods with a guarantee
//	DrawOwed   = Σ Drawn of the periods with a recoverable draw − Recovered − Forgiven
//
// where Paid is everything paid to the payee so far, item.Paid what was
// settled on each line (releases, true-ups and clawbacks included),
// cap.Withheld what a yearly cap kept back of those settlements, DrawOwed
// the recoverable draw still owed, Guaranteed the top-ups of guarantees,
// Forgiven the draw balances forgiven and Carried the negative balance
// carried forward; and for each line
//
//	Earned = Paid + ClawedBack + Forfeited + Deferred
//
// so that every amount a line earned is paid, clawed back, forfeited
// (will never be paid: the refunded share of a deal, what a cancelled
// deal had not yet paid, a hold not met in time) or still deferred, and
// a closed line defers nothing. A ledger that does not add up is refused
// with what does not.
//
// Digest is the digest of the compensation terms the ledger was computed
// under ([commission.Engine.Digest]); a payout from a ledger of other
// terms is an error unless it is a deliberate migration
// ([Input.Migrate]).
type Ledger struct {
	Version  int
	Strategy string
	Digest   string
	Closed   []string
	Payees   []PayeeLedger
	// Events are every deal event the payouts have been given, sorted by
	// deal, date, kind, amount and id.
	Events []Event
}

// PayeeLedger is one payee's balances.
type PayeeLedger struct {
	Payee    string
	Currency string
	// Plan is the plan in force at the end of the last period in which
	// the payee had a statement.
	Plan       string
	Paid       decimal.Decimal
	Earned     decimal.Decimal
	DrawOwed   decimal.Decimal
	Guaranteed decimal.Decimal
	Forgiven   decimal.Decimal
	// Recovered is what was recovered of recoverable draws.
	Recovered decimal.Decimal
	// Carried is the negative balance carried forward: what later
	// payouts recover before they pay (0 or more).
	Carried  decimal.Decimal
	Payments []Payment
	Draws    []DrawPeriod
	Caps     []CapBalance
	Items    []LedgerItem
}

// Payment is what a payee was paid for one closed period.
type Payment struct {
	Period string
	Amount decimal.Decimal
}

// DrawPeriod is a draw in one period: what counted against it and what
// it paid. A restatement of the period changes Counted by what the
// restated lines add, and the draw's payment by the difference that
// makes (Drawn = max(0, Amount − Counted) for a guarantee).
type DrawPeriod struct {
	Period      string
	Plan        string
	Amount      decimal.Decimal
	Recoverable bool
	Counted     decimal.Decimal
	Drawn       decimal.Decimal
}

// CapBalance is what a plan's yearly cap has withheld from a payee in a
// fiscal year.
type CapBalance struct {
	Plan     string
	Year     string
	Withheld decimal.Decimal
}

// LedgerItem is one line of a closed period: what it earned (restated by
// true-ups) and what became of it.
type LedgerItem struct {
	Period    string
	Plan      string
	Component string
	Deal      string
	Kind      commission.LineKind
	// DealDate, DealAmount, DealCurrency and Term are the deal's, as the
	// line was last computed: for refunds, releases on cash and
	// clawbacks (Term is the term in months, for pro-rata clawbacks).
	DealDate     calendar.Date
	DealAmount   decimal.Decimal
	DealCurrency string
	Term         decimal.Decimal
	// Earned = Paid + ClawedBack + Forfeited + Deferred.
	Earned     decimal.Decimal
	Paid       decimal.Decimal
	ClawedBack decimal.Decimal
	Forfeited  decimal.Decimal
	Deferred   decimal.Decimal
	// Closed is set once nothing more can be paid on the line (its deal
	// cancelled or refunded in full, its hold forfeited).
	Closed bool
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

func (it *LedgerItem) name() string {
	s := it.Period + " " + it.Plan + "/" + it.Component
	if it.Deal != "" {
		s += " " + it.Deal
	}
	return s + " (" + string(it.Kind) + ")"
}

// settle sets Deferred from the other amounts.
func (it *LedgerItem) settle() {
	if it.Closed {
		it.Forfeited = it.Earned.Sub(it.Paid).Sub(it.ClawedBack)
		it.Deferred = decimal.Zero
		return
	}
	it.Deferred = it.Earned.Sub(it.Paid).Sub(it.ClawedBack).Sub(it.Forfeited)
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
	out.Strategy, out.Digest = l.Strategy, l.Digest
	out.Closed = slices.Clone(l.Closed)
	out.Events = slices.Clone(l.Events)
	out.Payees = make([]PayeeLedger, len(l.Payees))
	for i, p := range l.Payees {
		p.Items = slices.Clone(p.Items)
		p.Caps = slices.Clone(p.Caps)
		p.Payments = slices.Clone(p.Payments)
		p.Draws = slices.Clone(p.Draws)
		out.Payees[i] = p
	}
	return out
}

// sort puts payees, items and balances in their stable order.
func (l *Ledger) sort() {
	slices.SortFunc(l.Payees, func(a, b PayeeLedger) int { return strings.Compare(a.Payee, b.Payee) })
	for i := range l.Payees {
		l.Payees[i].sort()
	}
	slices.SortStableFunc(l.Events, compareEvents)
}

func (p *PayeeLedger) sort() {
	slices.SortStableFunc(p.Items, func(a, b LedgerItem) int { return a.key().compare(b.key()) })
	slices.SortStableFunc(p.Caps, func(a, b CapBalance) int {
		return cmp.Or(strings.Compare(a.Year, b.Year), strings.Compare(a.Plan, b.Plan))
	})
}

// Check verifies the ledger's identities (see [Ledger]) and the form of
// its parts, and returns every problem found as a [diag.List], or nil.
// Reading a ledger from JSON checks it, and so does every payout.
func (l *Ledger) Check() error {
	if l == nil {
		return nil
	}
	var list diag.List
	add := func(format string, args ...any) {
		list.Add("", diag.InvalidInput, "ledger: "+format, args...)
	}
	if l.Version != LedgerVersion {
		add("version %d, this salesplan reads version %d", l.Version, LedgerVersion)
		return list.Err()
	}
	closed := map[string]bool{}
	for _, id := range l.Closed {
		if id == "" || closed[id] {
			add("closed periods: %q is empty or given twice", id)
		}
		closed[id] = true
	}
	seen := map[string]bool{}
	for i := range l.Payees {
		p := &l.Payees[i]
		if p.Payee == "" || seen[p.Payee] {
			add("payee %q is unnamed or given twice", p.Payee)
		}
		seen[p.Payee] = true
		p.check(closed, add)
	}
	for i := range l.Events {
		ev := &l.Events[i]
		for _, fp := range checkEvent(ev) {
			add("event %s: %s: %s", ev.describe(), fp.field, fp.msg)
		}
	}
	if _, problems := mergeEvents(nil, l.Events); len(problems) > 0 {
		for _, p := range problems {
			add("events: %s", p.Message)
		}
	}
	return list.Err()
}

func (p *PayeeLedger) check(closed map[string]bool, add func(string, ...any)) {
	cur := p.Currency
	f := func(d decimal.Decimal) string { return numfmt.Fixed(d, cur) }
	for _, b := range []struct {
		name string
		v    decimal.Decimal
	}{{"draw_owed", p.DrawOwed}, {"guaranteed", p.Guaranteed}, {"forgiven", p.Forgiven}, {"recovered", p.Recovered}, {"carried", p.Carried}} {
		if b.v.Sign() < 0 {
			add("%s: %s is negative (%s)", p.Payee, b.name, f(b.v))
		}
	}
	payments := decimal.Zero
	periods := map[string]bool{}
	for _, pm := range p.Payments {
		if !closed[pm.Period] {
			add("%s: a payment for %s, which the ledger has not closed", p.Payee, pm.Period)
		}
		if periods[pm.Period] {
			add("%s: two payments for %s", p.Payee, pm.Period)
		}
		periods[pm.Period] = true
		payments = payments.Add(pm.Amount)
	}
	if !payments.Equal(p.Paid) {
		add("%s: paid %s, but the payments of its periods add up to %s", p.Payee, f(p.Paid), f(payments))
	}
	items, earned := decimal.Zero, decimal.Zero
	keys := map[itemKey]bool{}
	for _, it := range p.Items {
		if keys[it.key()] {
			add("%s: line %s is given twice", p.Payee, it.name())
		}
		keys[it.key()] = true
		items = items.Add(it.Paid)
		earned = earned.Add(it.Earned)
		sum := it.Paid.Add(it.ClawedBack).Add(it.Forfeited).Add(it.Deferred)
		if !sum.Equal(it.Earned) {
			add("%s: line %s earned %s, but paid %s + clawed back %s + forfeited %s + deferred %s = %s", p.Payee, it.name(),
				f(it.Earned), f(it.Paid), f(it.ClawedBack), f(it.Forfeited), f(it.Deferred), f(sum))
		}
		if it.Closed && !it.Deferred.IsZero() {
			add("%s: line %s is closed but defers %s", p.Payee, it.name(), f(it.Deferred))
		}
	}
	if !earned.Equal(p.Earned) {
		add("%s: earned %s, but its lines earned %s", p.Payee, f(p.Earned), f(earned))
	}
	withheld := decimal.Zero
	for _, c := range p.Caps {
		if c.Withheld.Sign() < 0 {
			add("%s: the cap of %s in %s withheld a negative amount (%s)", p.Payee, c.Plan, c.Year, f(c.Withheld))
		}
		withheld = withheld.Add(c.Withheld)
	}
	guaranteed, advanced := decimal.Zero, decimal.Zero
	draws := map[string]bool{}
	for _, d := range p.Draws {
		if !closed[d.Period] || draws[d.Period] {
			add("%s: the draw of %s is for a period not closed, or given twice", p.Payee, d.Period)
		}
		draws[d.Period] = true
		if d.Drawn.Sign() < 0 || d.Amount.Sign() <= 0 {
			add("%s: the draw of %s is not above 0 or drew a negative amount", p.Payee, d.Period)
		}
		if d.Recoverable {
			advanced = advanced.Add(d.Drawn)
		} else {
			guaranteed = guaranteed.Add(d.Drawn)
		}
	}
	if !guaranteed.Equal(p.Guaranteed) {
		add("%s: guaranteed %s, but the guarantees of its periods add up to %s", p.Payee, f(p.Guaranteed), f(guaranteed))
	}
	if owed := advanced.Sub(p.Recovered).Sub(p.Forgiven); !owed.Equal(p.DrawOwed) {
		add("%s: draw owed %s, but %s advanced − %s recovered − %s forgiven = %s", p.Payee, f(p.DrawOwed), f(advanced), f(p.Recovered), f(p.Forgiven), f(owed))
	}
	want := items.Sub(withheld).Add(p.DrawOwed).Add(p.Guaranteed).Add(p.Forgiven).Add(p.Carried)
	if !want.Equal(p.Paid) {
		add("%s: paid %s, but the lines paid %s − caps withheld %s + draw owed %s + guaranteed %s + forgiven %s + carried %s = %s", p.Payee, f(p.Paid),
			f(items), f(withheld), f(p.DrawOwed), f(p.Guaranteed), f(p.Forgiven), f(p.Carried), f(want))
	}
}

// The JSON form writes every amount as a decimal string at its
// currency's minor unit at least ("1500.00"), whatever shopspring's
// package settings; shares and terms in months as plain decimals with
// the places they need ("12", "0.5").

type jsonLedgerItem struct {
	Period       string              `json:"period"`
	Plan         string              `json:"plan"`
	Component    string              `json:"component"`
	Deal         string              `json:"deal,omitempty"`
	Kind         commission.LineKind `json:"kind"`
	DealDate     calendar.Date       `json:"deal_date,omitzero"`
	DealAmount   string              `json:"deal_amount,omitempty"`
	DealCurrency string              `json:"deal_currency,omitempty"`
	Term         string              `json:"term,omitempty"`
	Earned       string              `json:"earned"`
	Paid         string              `json:"paid"`
	ClawedBack   string              `json:"clawed_back,omitempty"`
	Forfeited    string              `json:"forfeited,omitempty"`
	Deferred     string              `json:"deferred"`
	Closed       bool                `json:"closed,omitempty"`
}

type jsonCap struct {
	Plan     string `json:"plan"`
	Year     string `json:"year"`
	Withheld string `json:"withheld"`
}

type jsonPayment struct {
	Period string `json:"period"`
	Amount string `json:"amount"`
}

type jsonDraw struct {
	Period      string `json:"period"`
	Plan        string `json:"plan"`
	Amount      string `json:"amount"`
	Recoverable bool   `json:"recoverable,omitempty"`
	Counted     string `json:"counted"`
	Drawn       string `json:"drawn"`
}

type jsonPayeeLedger struct {
	Payee      string           `json:"payee"`
	Currency   string           `json:"currency"`
	Plan       string           `json:"plan,omitempty"`
	Paid       string           `json:"paid"`
	Earned     string           `json:"earned"`
	DrawOwed   string           `json:"draw_owed"`
	Guaranteed string           `json:"guaranteed"`
	Forgiven   string           `json:"forgiven"`
	Recovered  string           `json:"recovered"`
	Carried    string           `json:"carried"`
	Payments   []jsonPayment    `json:"payments"`
	Draws      []jsonDraw       `json:"draws,omitempty"`
	Caps       []jsonCap        `json:"caps,omitempty"`
	Items      []jsonLedgerItem `json:"items"`
}

type jsonEvent struct {
	ID         string        `json:"id,omitempty"`
	Deal       string        `json:"deal"`
	Kind       EventKind     `json:"kind"`
	Date       calendar.Date `json:"date"`
	Amount     string        `json:"amount,omitempty"`
	Currency   string        `json:"currency,omitempty"`
	DealAmount string        `json:"deal_amount,omitempty"`
	DealDate   calendar.Date `json:"deal_date,omitzero"`
	Term       string        `json:"term,omitempty"`
}

type jsonLedger struct {
	Version  int               `json:"version"`
	Strategy string            `json:"strategy,omitempty"`
	Digest   string            `json:"digest,omitempty"`
	Closed   []string          `json:"closed"`
	Payees   []jsonPayeeLedger `json:"payees"`
	Events   []jsonEvent       `json:"events,omitempty"`
}

// MarshalJSON writes the ledger's stable JSON form.
func (l Ledger) MarshalJSON() ([]byte, error) {
	out := jsonLedger{Version: l.Version, Strategy: l.Strategy, Digest: l.Digest, Closed: l.closed(), Payees: make([]jsonPayeeLedger, 0, len(l.Payees))}
	for i := range l.Payees {
		out.Payees = append(out.Payees, jsonPayeeLedgerOf(&l.Payees[i]))
	}
	for i := range l.Events {
		out.Events = append(out.Events, jsonEventOf(&l.Events[i]))
	}
	return json.MarshalIndent(out, "", "  ")
}

// WriteJSON writes l as [Ledger.MarshalJSON] gives it, byte for byte,
// one payee at a time: the ledger of a million deals' items is written
// without being made in memory.
func (l Ledger) WriteJSON(w io.Writer) error {
	o := jsonstream.New(w)
	o.Field("version", l.Version)
	if l.Strategy != "" {
		o.Field("strategy", l.Strategy)
	}
	if l.Digest != "" {
		o.Field("digest", l.Digest)
	}
	o.Field("closed", l.closed())
	o.Array("payees", len(l.Payees), func(i int) any { return jsonPayeeLedgerOf(&l.Payees[i]) })
	if len(l.Events) > 0 {
		o.Array("events", len(l.Events), func(i int) any { return jsonEventOf(&l.Events[i]) })
	}
	return o.Close()
}

// closed is the periods closed, [] for none.
func (l Ledger) closed() []string {
	if l.Closed == nil {
		return []string{}
	}
	return l.Closed
}

// jsonPayeeLedgerOf is p in its JSON form.
func jsonPayeeLedgerOf(p *PayeeLedger) jsonPayeeLedger {
	cur := p.Currency
	fx := func(d decimal.Decimal) string { return numfmt.Fixed(d, cur) }
	jp := jsonPayeeLedger{Payee: p.Payee, Currency: cur, Plan: p.Plan, Paid: fx(p.Paid), Earned: fx(p.Earned), DrawOwed: fx(p.DrawOwed),
		Guaranteed: fx(p.Guaranteed), Forgiven: fx(p.Forgiven), Recovered: fx(p.Recovered), Carried: fx(p.Carried),
		Payments: []jsonPayment{}, Items: []jsonLedgerItem{}}
	for _, pm := range p.Payments {
		jp.Payments = append(jp.Payments, jsonPayment{pm.Period, fx(pm.Amount)})
	}
	for _, d := range p.Draws {
		jp.Draws = append(jp.Draws, jsonDraw{d.Period, d.Plan, fx(d.Amount), d.Recoverable, fx(d.Counted), fx(d.Drawn)})
	}
	for _, c := range p.Caps {
		jp.Caps = append(jp.Caps, jsonCap{c.Plan, c.Year, fx(c.Withheld)})
	}
	for _, it := range p.Items {
		ji := jsonLedgerItem{Period: it.Period, Plan: it.Plan, Component: it.Component, Deal: it.Deal, Kind: it.Kind,
			DealDate: it.DealDate, DealCurrency: it.DealCurrency, Earned: fx(it.Earned), Paid: fx(it.Paid), Deferred: fx(it.Deferred), Closed: it.Closed}
		if it.Deal != "" {
			ji.DealAmount = numfmt.Fixed(it.DealAmount, it.DealCurrency)
		}
		if !it.Term.IsZero() {
			ji.Term = it.Term.String()
		}
		if !it.ClawedBack.IsZero() {
			ji.ClawedBack = fx(it.ClawedBack)
		}
		if !it.Forfeited.IsZero() {
			ji.Forfeited = fx(it.Forfeited)
		}
		jp.Items = append(jp.Items, ji)
	}
	return jp
}

// jsonEventOf is ev in its JSON form.
func jsonEventOf(ev *Event) jsonEvent {
	je := jsonEvent{ID: ev.ID, Deal: ev.Deal, Kind: ev.Kind, Date: ev.Date, Currency: ev.Currency, DealDate: ev.DealDate}
	if !ev.Amount.IsZero() {
		je.Amount = numfmt.Fixed(ev.Amount, ev.Currency)
	}
	if !ev.DealAmount.IsZero() {
		je.DealAmount = numfmt.Fixed(ev.DealAmount, ev.Currency)
	}
	if !ev.Term.IsZero() {
		je.Term = ev.Term.String()
	}
	return je
}

// UnmarshalJSON reads the JSON form: strictly (an unknown key, a
// missing amount, a number that is not plain decimal are errors), and
// then checks the ledger ([Ledger.Check]): a ledger that does not add
// up is refused, never read in part.
func (l *Ledger) UnmarshalJSON(b []byte) error {
	var probe struct {
		Version int `json:"version"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	if probe.Version != LedgerVersion {
		return fmt.Errorf("ledger: version %d, this salesplan reads version %d", probe.Version, LedgerVersion)
	}
	var in jsonLedger
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	var list diag.List
	num := func(what, s string, required bool) decimal.Decimal {
		if s == "" {
			if required {
				list.Add("", diag.InvalidInput, "ledger: %s: missing", what)
			}
			return decimal.Zero
		}
		d, err := money.ParseDecimal(s)
		if err != nil {
			list.Add("", diag.InvalidInput, "ledger: %s: %v", what, err)
		}
		return d
	}
	out := Ledger{Version: in.Version, Strategy: in.Strategy, Digest: in.Digest, Closed: in.Closed}
	for _, jp := range in.Payees {
		w := func(f string) string { return jp.Payee + "." + f }
		p := PayeeLedger{Payee: jp.Payee, Currency: jp.Currency, Plan: jp.Plan,
			Paid: num(w("paid"), jp.Paid, true), Earned: num(w("earned"), jp.Earned, true), DrawOwed: num(w("draw_owed"), jp.DrawOwed, true),
			Guaranteed: num(w("guaranteed"), jp.Guaranteed, true), Forgiven: num(w("forgiven"), jp.Forgiven, true),
			Recovered: num(w("recovered"), jp.Recovered, true), Carried: num(w("carried"), jp.Carried, true)}
		for _, pm := range jp.Payments {
			p.Payments = append(p.Payments, Payment{pm.Period, num(w("payments "+pm.Period), pm.Amount, true)})
		}
		for _, d := range jp.Draws {
			p.Draws = append(p.Draws, DrawPeriod{Period: d.Period, Plan: d.Plan, Recoverable: d.Recoverable,
				Amount: num(w("draws "+d.Period+" amount"), d.Amount, true), Counted: num(w("draws "+d.Period+" counted"), d.Counted, true),
				Drawn: num(w("draws "+d.Period+" drawn"), d.Drawn, true)})
		}
		for _, c := range jp.Caps {
			p.Caps = append(p.Caps, CapBalance{Plan: c.Plan, Year: c.Year, Withheld: num(w("caps "+c.Year+" withheld"), c.Withheld, true)})
		}
		for _, ji := range jp.Items {
			it := LedgerItem{Period: ji.Period, Plan: ji.Plan, Component: ji.Component, Deal: ji.Deal, Kind: ji.Kind, DealDate: ji.DealDate,
				DealCurrency: ji.DealCurrency, Closed: ji.Closed}
			iw := func(f string) string { return w("items " + it.name() + " " + f) }
			it.DealAmount = num(iw("deal_amount"), ji.DealAmount, false)
			it.Term = num(iw("term"), ji.Term, false)
			it.Earned = num(iw("earned"), ji.Earned, true)
			it.Paid = num(iw("paid"), ji.Paid, true)
			it.ClawedBack = num(iw("clawed_back"), ji.ClawedBack, false)
			it.Forfeited = num(iw("forfeited"), ji.Forfeited, false)
			it.Deferred = num(iw("deferred"), ji.Deferred, true)
			p.Items = append(p.Items, it)
		}
		out.Payees = append(out.Payees, p)
	}
	for _, je := range in.Events {
		ev := Event{ID: je.ID, Deal: je.Deal, Kind: je.Kind, Date: je.Date, Currency: je.Currency, DealDate: je.DealDate}
		what := "event " + je.Deal + " " + string(je.Kind) + " " + je.Date.String()
		ev.Amount = num(what+" amount", je.Amount, false)
		ev.DealAmount = num(what+" deal_amount", je.DealAmount, false)
		ev.Term = num(what+" term", je.Term, false)
		out.Events = append(out.Events, ev)
	}
	if err := list.Err(); err != nil {
		return err
	}
	out.sort()
	if err := out.Check(); err != nil {
		return err
	}
	*l = out
	return nil
}
