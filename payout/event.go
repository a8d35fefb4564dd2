package payout

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/internal/numfmt"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// EventKind is what happened to a deal after it was booked.
type EventKind string

// The deal events.
const (
	// Invoiced: the deal was invoiced; releases on invoice fall due. A
	// deal is invoiced once.
	Invoiced EventKind = "invoiced"
	// PaymentReceived: Amount was collected (negative for a reversed
	// payment); releases on cash fall due pro rata.
	PaymentReceived EventKind = "paid"
	// Cancelled: the deal was cancelled; nothing more is paid on it, and
	// within the plan's clawback window what was paid is clawed back. A
	// deal is cancelled once.
	Cancelled EventKind = "cancelled"
	// Refunded: Amount of the deal was returned to the customer (no
	// amount: all of it). Money returned earns no commission: the
	// refunded share of the deal is taken off what its lines pay,
	// whatever the clawback window, and a deal refunded in full pays
	// nothing more.
	Refunded EventKind = "refunded"
	// DealHeld: the deal is under dispute from Date: its lines are not
	// paid (they are shown held) until a [DealReleased] event.
	DealHeld EventKind = "hold"
	// DealReleased: the dispute of a held deal is over; what its lines
	// are due is paid in the period of the release.
	DealReleased EventKind = "release"
)

var eventKinds = []string{string(Invoiced), string(PaymentReceived), string(Cancelled), string(Refunded), string(DealHeld), string(DealReleased)}

// Event is a deal event with its date. A payout applies every event known
// up to the end of its period; an event dated later is kept in the ledger
// and applied in the period that holds its date.
//
// The ledger keeps every event it has been given, so an events file need
// only hold what is new (each month's file, that month's events). An
// event given again is the same event and changes nothing; an event that
// contradicts one already known (a second cancellation of a deal on
// another day, say) is an error.
type Event struct {
	// ID, when set, names the event (a payment's reference): two events
	// with one ID are the same event, and must agree in everything. An
	// event without an ID is known by its deal, kind, date and amount, so
	// two payments of one amount on one day need IDs to count twice.
	ID     string
	Deal   string
	Kind   EventKind
	Date   calendar.Date
	Amount decimal.Decimal
	// Currency is the currency of Amount: the deal's. Empty means the
	// deal's; a payout fills it in.
	Currency string
	// DealAmount, DealDate and Term, when set, are the deal's amount,
	// date and term in months, for an event about a deal whose lines the
	// ledger holds without them (a ledger item records them when its
	// line is earned). They must agree with what the ledger records.
	DealAmount decimal.Decimal
	DealDate   calendar.Date
	Term       decimal.Decimal
	// Pos is where the event was read ([ReadEventsCSV], [ReadEventsJSON]),
	// for errors; zero for an event built in Go.
	Pos diag.Pos
}

// key is what an event is known by: its ID, or else its deal, kind,
// date and amount.
func (a *Event) key() string {
	if a.ID != "" {
		return "id\x00" + a.ID
	}
	return "ev\x00" + a.Deal + "\x00" + string(a.Kind) + "\x00" + a.Date.String() + "\x00" + a.Amount.String()
}

// sameContent reports whether a and b say the same thing.
func (a *Event) sameContent(b *Event) bool {
	return a.ID == b.ID && a.Deal == b.Deal && a.Kind == b.Kind && a.Date == b.Date && a.Amount.Equal(b.Amount) &&
		(a.Currency == b.Currency || a.Currency == "" || b.Currency == "") &&
		a.DealAmount.Equal(b.DealAmount) && a.DealDate == b.DealDate && a.Term.Equal(b.Term)
}

// compareEvents orders events by deal, date, kind, amount and id.
func compareEvents(a, b Event) int {
	return cmp.Or(strings.Compare(a.Deal, b.Deal), a.Date.Compare(b.Date), strings.Compare(string(a.Kind), string(b.Kind)),
		a.Amount.Cmp(b.Amount), strings.Compare(a.ID, b.ID))
}

// where names an event in an error: its position when it was read from
// a file, else what it is.
func (a *Event) where() string {
	if s := a.Pos.String(); s != "" {
		return s
	}
	return "the ledger"
}

func (a *Event) describe() string {
	s := fmt.Sprintf("%s %s on %s", a.Deal, a.Kind, a.Date)
	if !a.Amount.IsZero() {
		s += " " + numfmt.Amount(a.Amount)
	}
	if a.ID != "" {
		s += " (id " + a.ID + ")"
	}
	return s
}

// fieldProblem is what is wrong with one field of an event.
type fieldProblem struct {
	field, msg, hint string
}

// checkEvent returns what is wrong with an event on its own.
func checkEvent(ev *Event) []fieldProblem {
	var out []fieldProblem
	add := func(field, format string, args ...any) *fieldProblem {
		out = append(out, fieldProblem{field: field, msg: fmt.Sprintf(format, args...)})
		return &out[len(out)-1]
	}
	if ev.Deal == "" {
		add("deal", "missing deal id")
	}
	switch ev.Kind {
	case Invoiced, Cancelled, DealHeld, DealReleased:
		if !ev.Amount.IsZero() {
			add("amount", "a %s event takes no amount (%s given)", ev.Kind, ev.Amount)
		}
	case PaymentReceived:
		if ev.Amount.IsZero() {
			add("amount", "a payment needs an amount (negative for a reversed payment)")
		}
	case Refunded:
		if ev.Amount.Sign() < 0 {
			add("amount", "a refund amount is what was returned, above 0 (%s given); leave it empty for the whole deal", ev.Amount)
		}
	case "":
		add("kind", "missing event kind (want %s)", strings.Join(eventKinds, ", "))
	default:
		p := add("kind", "unknown event %s (want %s)", money.Quote(string(ev.Kind)), strings.Join(eventKinds, ", "))
		p.hint = diag.DidYouMean(string(ev.Kind), eventKinds)
	}
	if !ev.Date.Valid() {
		add("date", "missing or invalid date")
	}
	if ev.Currency != "" {
		if err := money.CheckCurrency(ev.Currency); err != nil {
			add("currency", "%v", err)
		}
	}
	if ev.Term.Sign() < 0 {
		add("term", "a term is a number of months, not %s", ev.Term)
	}
	if !ev.DealDate.IsZero() && !ev.DealDate.Valid() {
		add("deal_date", "invalid date")
	}
	return out
}

// mergeEvents adds the events given to those the ledger knows: an event
// known already is dropped, one that contradicts a known event is a
// problem. It returns every event, sorted.
func mergeEvents(known, given []Event) ([]Event, diag.List) {
	var list diag.List
	out := slices.Clone(known)
	problem := func(ev *Event, format string, args ...any) {
		p := list.Add("", diag.InvalidInput, format, args...)
		p.Pos = ev.Pos
	}
	seen := make(map[string]int, len(out)+len(given))
	for i := range out {
		seen[out[i].key()] = i
	}
	for i := range given {
		ev := given[i]
		if j, dup := seen[ev.key()]; dup {
			if o := &out[j]; !o.sameContent(&ev) {
				problem(&ev, "event %s contradicts %s, known from %s", ev.describe(), o.describe(), o.where())
			}
			continue
		}
		seen[ev.key()] = len(out)
		out = append(out, ev)
	}
	slices.SortStableFunc(out, compareEvents)
	// What can happen to a deal only once, and facts of a deal, must
	// agree across its events.
	for i := 0; i < len(out); {
		j := i
		for j < len(out) && out[j].Deal == out[i].Deal {
			j++
		}
		evs := out[i:j]
		once := map[EventKind]*Event{}
		var amount, term *Event
		var date, cur *Event
		for k := range evs {
			ev := &evs[k]
			switch ev.Kind {
			case Invoiced, Cancelled:
				if o := once[ev.Kind]; o != nil {
					problem(laterOf(o, ev), "deal %s is %s on %s (%s) and on %s (%s): a deal is %s once", ev.Deal, ev.Kind, o.Date, o.where(), ev.Date, ev.where(), ev.Kind)
				} else {
					once[ev.Kind] = ev
				}
			case DealHeld, DealReleased:
				for l := range evs {
					o := &evs[l]
					if l < k && o.Date == ev.Date && (o.Kind == DealHeld || o.Kind == DealReleased) && o.Kind != ev.Kind {
						problem(laterOf(o, ev), "deal %s is both held and released on %s (%s, %s): give the release a later day", ev.Deal, ev.Date, o.where(), ev.where())
					}
				}
			}
			if !ev.DealAmount.IsZero() {
				if amount != nil && !amount.DealAmount.Equal(ev.DealAmount) {
					problem(laterOf(amount, ev), "deal %s: deal_amount %s contradicts %s (%s)", ev.Deal, ev.DealAmount, amount.DealAmount, amount.where())
				}
				amount = ev
			}
			if !ev.DealDate.IsZero() {
				if date != nil && date.DealDate != ev.DealDate {
					problem(laterOf(date, ev), "deal %s: deal_date %s contradicts %s (%s)", ev.Deal, ev.DealDate, date.DealDate, date.where())
				}
				date = ev
			}
			if !ev.Term.IsZero() {
				if term != nil && !term.Term.Equal(ev.Term) {
					problem(laterOf(term, ev), "deal %s: term %s contradicts %s (%s)", ev.Deal, ev.Term, term.Term, term.where())
				}
				term = ev
			}
			if ev.Currency != "" {
				if cur != nil && cur.Currency != ev.Currency {
					problem(laterOf(cur, ev), "deal %s: currency %s contradicts %s (%s)", ev.Deal, ev.Currency, cur.Currency, cur.where())
				}
				cur = ev
			}
		}
		i = j
	}
	return out, list
}

// laterOf returns the event to blame for a contradiction: the one read
// from a file rather than the ledger's.
func laterOf(a, b *Event) *Event {
	if b.Pos != (diag.Pos{}) || a.Pos == (diag.Pos{}) {
		return b
	}
	return a
}
