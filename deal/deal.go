package deal

import (
	"github.com/salesplan/salesplan/calendar"
	"github.com/shopspring/decimal"
)

// Deal is one sales transaction: a booking, an order, a renewal, or (with a
// negative amount) a return or credit note. It is the input that processes
// qualify and commission plans credit and reward.
//
// The expr tags name the fields as rules see them: deal.amount, deal.owner,
// deal.attrs.segment.
//
// The fields are in the order of how often a run reads them: a run reads
// a payee's deals far apart in memory, and the first 128 bytes of a Deal
// (ID to Channel) are two cache lines that the processor fetches together.
type Deal struct {
	// ID identifies the deal; it is unique within one run.
	ID string `yaml:"id" expr:"id" json:"id"`
	// Date is the deal's credit date: the day it was booked (won).
	Date calendar.Date `yaml:"date" expr:"date" json:"date"`
	// Amount is the deal's value in Currency, negative for a return.
	Amount decimal.Decimal `yaml:"amount" expr:"amount" json:"amount"`
	// Currency is the ISO 4217 code of Amount.
	Currency string `yaml:"currency" expr:"currency" json:"currency"`
	// Owner is the id of the member who owns the deal.
	Owner string `yaml:"owner" expr:"owner" json:"owner"`
	// Attrs holds the custom attributes that the strategy declares in its
	// [Schema], by name.
	Attrs Attrs `yaml:"attrs" expr:"attrs" json:"attrs,omitzero"`
	// Channel is the id of the sales channel the deal came through
	// (direct, partner…), one of the strategy's channels; empty for none.
	Channel string `yaml:"channel" expr:"channel" json:"channel,omitempty"`
	// Product is the product line sold, free text that rules test.
	Product string `yaml:"product" expr:"product" json:"product,omitempty"`
	// Type is the kind of deal: new, renewal, upsell, return…; free text
	// that rules test.
	Type string `yaml:"type" expr:"type" json:"type,omitempty"`
	// Territory is the id of the territory the deal is in.
	Territory string `yaml:"territory" expr:"territory" json:"territory,omitempty"`
	// Splits, when present, divide the credit among members; their shares
	// add up to exactly 1.
	Splits []Split `yaml:"splits" expr:"splits" json:"splits,omitempty"`
	// Stage is the id of the sales-process stage the deal is in.
	Stage string `yaml:"stage" expr:"stage" json:"stage,omitempty"`
	// CloseDate is the expected close date of an open deal, used by the
	// pipeline and forecast; it may be zero for a won deal.
	CloseDate calendar.Date `yaml:"close_date" expr:"close_date" json:"close_date,omitzero"`
	// Source is where the deal was read from (file, line and column of
	// its row or object, and of each field), for problems found later to
	// name: d.Source.Field("owner"). It is zero for a deal built in Go.
	Source Source `yaml:"-" expr:"-" json:"-"`

	_ [8]byte // to 256 bytes: four whole cache lines (TestDealLayout)
}

// Split is one member's share of a deal's credit, a fraction of 1 (0.5 is
// half).
type Split struct {
	Member string          `yaml:"member" expr:"member" json:"member"`
	Share  decimal.Decimal `yaml:"share" expr:"share" json:"share"`
}

// name returns the field of d that holds the standard string field f
// (fID, fCurrency, fOwner…).
func (d *Deal) name(f int) *string {
	switch f {
	case fID:
		return &d.ID
	case fCurrency:
		return &d.Currency
	case fOwner:
		return &d.Owner
	case fChannel:
		return &d.Channel
	case fTerritory:
		return &d.Territory
	case fProduct:
		return &d.Product
	case fStage:
		return &d.Stage
	case fType:
		return &d.Type
	}
	return new(string)
}
