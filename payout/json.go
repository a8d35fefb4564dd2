package payout

import (
	"encoding/csv"
	"encoding/json"
	"io"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/internal/jsonstream"
	"github.com/salesplan/salesplan/internal/numfmt"
	"github.com/shopspring/decimal"
)

// WriteCSV writes one row per payable item, for payroll: the payee, the
// period paid, the item's kind, the plan and component, the deal, the
// period the item relates to, the amount, the currency and the
// component's payroll code. Held items are left out: they are not paid.
func (po *Result) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"payee", "period", "kind", "plan", "component", "deal", "original_period", "amount", "currency", "payroll_code"}); err != nil {
		return err
	}
	for _, p := range po.Payables {
		for _, it := range p.Items {
			if err := cw.Write([]string{p.Payee, po.Period, string(it.Kind), it.Plan, it.Component, it.Deal, it.Period, numfmt.Fixed(it.Amount, p.Currency), p.Currency, it.PayrollCode}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

type jsonClawback struct {
	Cancelled    calendar.Date `json:"cancelled"`
	Days         int           `json:"days"`
	Window       int           `json:"window"`
	Fraction     string        `json:"fraction"`
	ProRata      string        `json:"pro_rata"`
	MonthsStayed int           `json:"months_stayed,omitempty"`
	TermMonths   string        `json:"term_months,omitempty"`
}

type jsonItem struct {
	Kind        Kind          `json:"kind"`
	Period      string        `json:"period"`
	Plan        string        `json:"plan,omitempty"`
	Component   string        `json:"component,omitempty"`
	Deal        string        `json:"deal,omitempty"`
	Amount      string        `json:"amount"`
	Base        string        `json:"base,omitempty"`
	Share       string        `json:"share,omitempty"`
	Clawback    *jsonClawback `json:"clawback,omitempty"`
	PayrollCode string        `json:"payroll_code,omitempty"`
	Explanation string        `json:"explanation"`
}

type jsonPosition struct {
	Plan        string                 `json:"plan,omitempty"`
	Recoverable bool                   `json:"recoverable"`
	Amount      string                 `json:"amount"`
	Earned      string                 `json:"earned"`
	OwedBefore  string                 `json:"owed_before"`
	Advanced    string                 `json:"advanced"`
	ToppedUp    string                 `json:"topped_up"`
	Recovered   string                 `json:"recovered"`
	Forgiven    string                 `json:"forgiven"`
	OwedAfter   string                 `json:"owed_after"`
	Net         string                 `json:"net"`
	AboveDraw   string                 `json:"above_draw"`
	Restated    []jsonPositionRestated `json:"restated,omitempty"`
}

type jsonPositionRestated struct {
	Period        string `json:"period"`
	Plan          string `json:"plan"`
	Recoverable   bool   `json:"recoverable"`
	Amount        string `json:"amount"`
	CountedBefore string `json:"counted_before"`
	Counted       string `json:"counted"`
	Paid          string `json:"paid"`
	Owed          string `json:"owed"`
}

type jsonRamp struct {
	Measure string         `json:"measure"`
	Full    string         `json:"full"`
	Quota   string         `json:"quota"`
	Share   string         `json:"share"`
	Ramp    []jsonRampStep `json:"ramp,omitempty"`
}

type jsonRampStep struct {
	Month int           `json:"month"`
	Share string        `json:"share"`
	From  calendar.Date `json:"from"`
	To    calendar.Date `json:"to"`
}

type jsonPayable struct {
	Payee    string        `json:"payee"`
	Currency string        `json:"currency"`
	Amount   string        `json:"amount"`
	Earned   string        `json:"earned"`
	Deferred string        `json:"deferred"`
	DrawOwed string        `json:"draw_owed"`
	Carried  string        `json:"carried"`
	Items    []jsonItem    `json:"items"`
	Held     []jsonItem    `json:"held,omitempty"`
	Draw     *jsonPosition `json:"draw,omitempty"`
	Ramps    []jsonRamp    `json:"ramps,omitempty"`
}

// MarshalJSON writes the payout's stable JSON form: per payee the amount
// to pay, its items, held items and balances, the draw position ("draw",
// left out for a payee without one) and the ramped quotas ("ramps"). Amounts are decimal
// strings at the currency's minor unit at least ("1500.00"); an item's
// base is an amount too, its share a plain decimal ("0.5"), left out
// when zero, as is its base.
func (po *Result) MarshalJSON() ([]byte, error) {
	out := struct {
		Period   string        `json:"period"`
		Payables []jsonPayable `json:"payables"`
	}{Period: po.Period, Payables: make([]jsonPayable, 0, len(po.Payables))}
	for i := range po.Payables {
		out.Payables = append(out.Payables, jsonPayableOf(&po.Payables[i]))
	}
	return json.MarshalIndent(out, "", "  ")
}

// WriteJSON writes po as [Result.MarshalJSON] gives it, byte for byte,
// one payable at a time: the payroll file of a million deals is written
// without being made in memory.
func (po *Result) WriteJSON(w io.Writer) error {
	o := jsonstream.New(w)
	o.Field("period", po.Period)
	o.Array("payables", len(po.Payables), func(i int) any { return jsonPayableOf(&po.Payables[i]) })
	return o.Close()
}

// jsonItems is items of currency cur in their JSON form.
func jsonItems(items []Item, cur string) []jsonItem {
	res := make([]jsonItem, 0, len(items))
	for _, it := range items {
		ji := jsonItem{Kind: it.Kind, Period: it.Period, Plan: it.Plan, Component: it.Component, Deal: it.Deal,
			Amount: numfmt.Fixed(it.Amount, cur), PayrollCode: it.PayrollCode, Explanation: it.Explanation}
		if !it.Base.IsZero() {
			ji.Base = numfmt.Fixed(it.Base, cur)
		}
		if !it.Share.IsZero() {
			ji.Share = plain(it.Share)
		}
		if c := it.Clawback; c != nil {
			ji.Clawback = &jsonClawback{Cancelled: c.Cancelled, Days: c.Days, Window: c.Window, Fraction: plain(c.Fraction), ProRata: plain(c.ProRata),
				MonthsStayed: c.MonthsStayed}
			if !c.TermMonths.IsZero() {
				ji.Clawback.TermMonths = plain(c.TermMonths)
			}
		}
		res = append(res, ji)
	}
	return res
}

// jsonPayableOf is p in its JSON form.
func jsonPayableOf(p *Payable) jsonPayable {
	fx := func(d decimal.Decimal) string { return numfmt.Fixed(d, p.Currency) }
	jp := jsonPayable{Payee: p.Payee, Currency: p.Currency, Amount: fx(p.Amount), Earned: fx(p.Earned),
		Deferred: fx(p.Deferred), DrawOwed: fx(p.DrawOwed), Carried: fx(p.Carried), Items: jsonItems(p.Items, p.Currency)}
	if len(p.Held) > 0 {
		jp.Held = jsonItems(p.Held, p.Currency)
	}
	if d := p.Draw; d != nil {
		jp.Draw = &jsonPosition{Plan: d.Plan, Recoverable: d.Recoverable, Amount: fx(d.Amount), Earned: fx(d.Earned), OwedBefore: fx(d.OwedBefore),
			Advanced: fx(d.Advanced), ToppedUp: fx(d.ToppedUp), Recovered: fx(d.Recovered), Forgiven: fx(d.Forgiven), OwedAfter: fx(d.OwedAfter),
			Net: fx(d.Net), AboveDraw: fx(d.AboveDraw)}
		for _, r := range d.Restated {
			jp.Draw.Restated = append(jp.Draw.Restated, jsonPositionRestated{Period: r.Period, Plan: r.Plan, Recoverable: r.Recoverable, Amount: fx(r.Amount),
				CountedBefore: fx(r.CountedBefore), Counted: fx(r.Counted), Paid: fx(r.Paid), Owed: fx(r.Owed)})
		}
	}
	for _, r := range p.Ramps {
		// a quota is a number of the measure (money or a count), with
		// the places it has
		jr := jsonRamp{Measure: r.Measure, Full: plain(r.Full), Quota: plain(r.Quota), Share: plain(r.Share)}
		for _, m := range r.Ramp {
			jr.Ramp = append(jr.Ramp, jsonRampStep{Month: m.Month, Share: plain(m.Share), From: m.From, To: m.To})
		}
		jp.Ramps = append(jp.Ramps, jr)
	}
	return jp
}

// plain writes a share or a count of months as a plain decimal, with the
// places it needs.
func plain(d decimal.Decimal) string { return d.String() }
