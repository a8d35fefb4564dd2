package commission

import (
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// Section is the commission section of a strategy document, as written:
// the measures, rate tables, crediting rules and plans. A Go user can fill
// one in by hand and compile it with [Compile].
type Section struct {
	Measures  []MeasureDef `yaml:"measures" json:"measures,omitempty"`
	Tables    []TableDef   `yaml:"tables" json:"tables,omitempty"`
	Crediting CreditingDef `yaml:"crediting" json:"crediting"`
	Plans     []PlanDef    `yaml:"plans" json:"plans,omitempty"`
}

// MeasureDef is a named measure: what each credit contributes to it, summed
// per payee per period (bookings, gross margin, new logos…).
type MeasureDef struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name,omitempty"`
	// Value is an expression over the credit (deal, credit) giving the
	// credit's contribution; empty means credit.amount, or 1 for a count
	// measure.
	Value string `yaml:"value" json:"value,omitempty"`
	// When is a condition over the credit; credits where it is false
	// contribute nothing. Empty means every credit.
	When string `yaml:"when" json:"when,omitempty"`
	// Count marks a measure that counts things (new logos, meetings)
	// rather than money; its values are not converted between currencies.
	// A credit note (a credit below zero) counts down: the negated value,
	// -1 for a count of credits.
	Count bool `yaml:"count" json:"count,omitempty"`
}

// PlanDef is a compensation plan: who it applies to and when, and the
// components that make up its pay.
type PlanDef struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name,omitempty"`
	// From and To bound the plan's effective dates, inclusive; zero means
	// open.
	From calendar.Date `yaml:"from" json:"from,omitzero"`
	To   calendar.Date `yaml:"to" json:"to,omitzero"`
	// Eligible says who the plan applies to.
	Eligible Eligibility `yaml:"eligible" json:"eligible"`
	// Currency is what the plan pays in; empty means the strategy's.
	Currency string `yaml:"currency" json:"currency,omitempty"`
	// Rounding of statement lines; empty means the strategy's.
	Rounding string `yaml:"rounding" json:"rounding,omitempty"`
	// Horizon is what the plan's measures, tiers and attainment run over:
	// period (the default), or year: the fiscal year to date, so that a
	// quarterly plan's rates follow year-to-date attainment. A payout of a
	// yearly plan recomputes the year to date each period and pays the
	// difference from what was paid: earlier deals re-priced at a higher
	// band are paid as true-ups.
	Horizon string `yaml:"horizon" json:"horizon,omitempty"`
	// Terms says how rules read the payee's compensation terms
	// ([MemberTerms]): as_written (the default: as given, typically a
	// year's) or yearly: the terms are a year's, and payee.ote,
	// payee.base, payee.target_incentive and component.target_incentive
	// read the period's share of them, in fiscal months (a quarter 3/12,
	// a month 1/12, a year to date through the second quarter 6/12), so
	// that a quarterly plan needs no "/ 4". payee.pay_mix is the same
	// either way, and a change of terms inside the period is prorated by
	// days as with as_written.
	//
	//	terms: yearly
	Terms string `yaml:"terms" json:"terms,omitempty"`
	// Proration of per-period components for a payee under the plan for
	// part of a period: days (by calendar days in force, the default) or
	// none (the full amount).
	Proration string `yaml:"proration" json:"proration,omitempty"`
	// ZeroQuota says what a rule that needs attainment gets when the
	// payee's quota is zero or missing: error (the default: the run
	// fails and names the payee and measure) or zero (attainment 0).
	ZeroQuota string `yaml:"zero_quota" json:"zero_quota,omitempty"`
	// Params are named amounts that rules read as params.<name>: a target
	// incentive, a bonus amount. Overrides set them per member.
	Params    map[string]decimal.Decimal            `yaml:"params" json:"params,omitempty"`
	Overrides map[string]map[string]decimal.Decimal `yaml:"overrides" json:"overrides,omitempty"`
	// CapRule limits what the plan pays a payee in one period; what it
	// withholds is shown as a line of its own. It is an expression over
	// the period's totals, evaluated per payee and period, and a number
	// is an expression too:
	//
	//	cap: 50000
	//	cap: 3 * payee.target_incentive
	//
	// In Go, set CapRule, or Cap to a number (as before); not both.
	CapRule string `yaml:"cap" json:"cap,omitempty"`
	// Cap is a fixed plan cap set from Go, the same as CapRule of its
	// number; a document writes cap, which is [PlanDef.CapRule].
	Cap *decimal.Decimal `yaml:"-" json:"-"`
	// Caps cap named sets of the plan's components together (see
	// [CapGroupDef]), before the plan cap.
	Caps []CapGroupDef `yaml:"caps" json:"caps,omitempty"`
	// YearCap, when set, limits what the plan pays a payee over a fiscal
	// year of payouts: the ledger carries what was paid towards it, and
	// the excess is withheld as a line of its own (and given back if a
	// clawback or a true-up later brings the year under the cap).
	YearCap *decimal.Decimal `yaml:"year_cap" json:"year_cap,omitempty"`
	// Draw, when set, is an advance or a guarantee paid each period when
	// earnings fall short of it.
	Draw *DrawDef `yaml:"draw" json:"draw,omitempty"`
	// Clawback, when set, reverses what was paid on a deal cancelled
	// within its window.
	Clawback *ClawbackDef `yaml:"clawback" json:"clawback,omitempty"`
	// NegativeBalance says what a payout does when a period's clawbacks,
	// reversals and recoveries exceed what it pays, so that the payee
	// would be paid a negative amount:
	//
	//	negative_balance: carry   # the default
	//	negative_balance: pay
	//
	// carry pays nothing, carries the balance forward in the ledger and
	// recovers it from later payouts, as an item of its own on each
	// statement until it is cleared; pay deducts it as a negative payroll
	// line. The plan in force at the end of the period decides.
	NegativeBalance string `yaml:"negative_balance" json:"negative_balance,omitempty"`
	// NegativeRecoveryLimit, with negative_balance carry, caps what is
	// recovered of a carried balance in one period to this share of what
	// the period pays before the recovery (0.5 is half; above 0 and at
	// most 1). Unset, a period's whole payout goes to the balance first.
	//
	//	negative_recovery_limit: 0.5
	NegativeRecoveryLimit *decimal.Decimal `yaml:"negative_recovery_limit" json:"negative_recovery_limit,omitempty"`
	// PayrollCodes name the payroll codes of the payout items the plan
	// makes outside its components, by kind: draw, guarantee, recovery,
	// forgiven, cap (a yearly cap), carried and balance (a carried
	// negative balance and its recovery). A kind left out has no code.
	//
	//	payroll_codes: {draw: DRW, guarantee: GTE, recovery: DRR}
	PayrollCodes map[string]string `yaml:"payroll_codes" json:"payroll_codes,omitempty"`
	// Components are evaluated in this order.
	Components []ComponentDef `yaml:"components" json:"components"`
}

// Eligibility names who a plan applies to on a day: members holding one of
// the roles, members of one of the teams (or a team below it), or the
// members named. A member named explicitly takes the plan over any plan
// that applies by team or role; team beats role. Role and team
// eligibility count only the days a member is in a team: someone who has
// not joined yet, or has left, is paid only by a plan that names them.
// A deal is never credited to a member who is not in the organisation on
// its date (see [Membership] and [ReassignDef]).
type Eligibility struct {
	Roles   []string `yaml:"roles" json:"roles,omitempty"`
	Teams   []string `yaml:"teams" json:"teams,omitempty"`
	Members []string `yaml:"members" json:"members,omitempty"`
}

// Per says how often a component is evaluated.
type Per string

// The component frequencies.
const (
	// PerCredit evaluates a component for each credit of the payee, in deal
	// order (date, then id).
	PerCredit Per = "credit"
	// PerPeriod evaluates a component once per payee per period.
	PerPeriod Per = "period"
)

// Scope says what a table of a per-credit component is applied to.
type Scope string

// The scopes.
const (
	// DealScope applies the table to the credit's base alone.
	DealScope Scope = "deal"
	// RunningScope applies the table to the slice of the payee's period
	// running total of the component's measure that the credit adds, so a
	// deal that straddles a band bound is split across bands.
	RunningScope Scope = "running"
)

// ComponentDef is one component of a plan's pay. It computes an amount in
// one of three ways: Rate (base × rate), Table (the base priced by a rate
// table) or Amount (an expression that gives the amount).
type ComponentDef struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name,omitempty"`
	// Per is credit (the default) or period.
	Per Per `yaml:"per" json:"per,omitempty"`
	// Kinds limits a per-credit component to credits of these kinds
	// (direct, split, rollup, overlay); empty means all.
	Kinds []CreditKind `yaml:"kinds" json:"kinds,omitempty"`
	// Window limits a per-credit component to deals dated inside it (a
	// SPIF's dates).
	Window calendar.Range `yaml:"window" json:"window,omitzero"`
	// When is a condition: over the credit for a per-credit component,
	// over the period's totals for a per-period one. It sees a credit
	// note as it is: when: deal.amount > 0 keeps credit notes out.
	When string `yaml:"when" json:"when,omitempty"`
	// Gate is a condition over the period's totals (attainment of a
	// measure, say): when it is false the component pays nothing in the
	// period, and the statement says so.
	Gate string `yaml:"gate" json:"gate,omitempty"`
	// Measure is the measure the component works on: its running total for
	// a table with running scope, and its value as the default base.
	Measure string `yaml:"measure" json:"measure,omitempty"`
	// Base is an expression for the base; empty means the credit's value
	// of Measure (per credit) or the period total of Measure (per period).
	Base string `yaml:"base" json:"base,omitempty"`
	// Rate is an expression for a rate: amount = base × rate.
	Rate string `yaml:"rate" json:"rate,omitempty"`
	// Table prices the base with a rate table; Key, for a table of two
	// dimensions, is an expression giving the row key.
	Table string `yaml:"table" json:"table,omitempty"`
	Key   string `yaml:"key" json:"key,omitempty"`
	// Scope is deal (the default) or running, for a per-credit table.
	Scope Scope `yaml:"scope" json:"scope,omitempty"`
	// Retroactive, with a highest table on the running total, re-prices
	// the period's earlier credits when a higher band is reached; the
	// difference is paid as lines of their own.
	Retroactive bool `yaml:"retroactive" json:"retroactive,omitempty"`
	// Amount is an expression for the amount itself. On a credit note
	// it is read on the credit note's twin and reversed: amount: "100"
	// pays -100 on a return (see the package doc, Credit notes).
	Amount string `yaml:"amount" json:"amount,omitempty"`
	// Multiplier is an expression the amount is multiplied by (a kicker,
	// an accelerator on multi-year deals); empty means 1.
	Multiplier string `yaml:"multiplier" json:"multiplier,omitempty"`
	// MinRule (min) is the least a positive line pays; a credit note's
	// line pays at most -min (its twin's minimum, reversed).
	// CapPerDealRule (cap_per_deal) limits each line of a per-credit
	// component, and CapRule (cap) the component's total for the payee
	// in the period. Each is an expression over the period's totals
	// (payee, period, plan, measure, attainment, quota, params), evaluated
	// once per payee and period, before the lines it limits; a number is
	// an expression too:
	//
	//	cap: 0.5 * payee.target_incentive
	//	cap_per_deal: 3000
	//
	// A value below zero is an error of the run. From Go, set the rule or
	// the number field (Min, CapPerDeal, Cap) of the same name, not both.
	MinRule        string `yaml:"min" json:"min,omitempty"`
	CapPerDealRule string `yaml:"cap_per_deal" json:"cap_per_deal,omitempty"`
	CapRule        string `yaml:"cap" json:"cap,omitempty"`
	// Min, CapPerDeal and Cap are fixed limits set from Go, the same as
	// the rule of their number; a document writes min, cap_per_deal and
	// cap, which are the rules.
	Min        *decimal.Decimal `yaml:"-" json:"-"`
	CapPerDeal *decimal.Decimal `yaml:"-" json:"-"`
	Cap        *decimal.Decimal `yaml:"-" json:"-"`
	// PayrollCode is the code payroll books the component's lines under.
	PayrollCode string `yaml:"payroll_code" json:"payroll_code,omitempty"`
	// Weight is the component's share of the payee's target incentive
	// (above 0, at most 1; a plan's weights add up to at most 1): rules
	// read component.weight and component.target_incentive (weight ×
	// payee.target_incentive), so that a payout curve pays a component as
	// a percent of its own target:
	//
	//	- id: bookings-bonus
	//	  per: period
	//	  weight: 0.7
	//	  amount: rate("curve", attainment.bookings) * component.target_incentive
	//
	// A rule that reads component.target_incentive or component.weight
	// needs a weight.
	Weight *decimal.Decimal `yaml:"weight" json:"weight,omitempty"`
	// MissingScore says what a per-period component whose rules read
	// score.<objective> ([Scores]) does for a payee with no score of it
	// in the period: error (the default: the run fails, naming the
	// payee and objective), zero (the score is 0) or skip (the component
	// pays nothing, and has no line).
	MissingScore string `yaml:"missing_score" json:"missing_score,omitempty"`
	// Release splits when a per-credit line is paid: a share on booking,
	// on invoice, on cash collected (pro rata to what is paid). Empty
	// means everything on booking. Shares add up to 1.
	Release []ReleaseDef `yaml:"release" json:"release,omitempty"`
	// HoldUntilPaid holds a per-credit line until the deal is paid in
	// full; the held amount stays visible and is paid in the period the
	// payment arrives.
	HoldUntilPaid bool `yaml:"hold_until_paid" json:"hold_until_paid,omitempty"`
	// HoldDays, with HoldUntilPaid, is how long the deal has to be paid:
	// a line whose deal is not paid in full within HoldDays of its date is
	// forfeited, and the payout says so. Zero means no limit.
	HoldDays int `yaml:"hold_days" json:"hold_days,omitempty"`
	// Pool, when set, makes the component a team pool: an amount the
	// team earns as a whole, shared among its members on the period's
	// last day (see [PoolDef]). A pool component has an id, a name, a
	// payroll code and its pool, nothing else.
	Pool *PoolDef `yaml:"pool" json:"pool,omitempty"`
}

// CapGroupDef caps the sum of a named set of a plan's components, the
// others not: the commission and the kicker at three times the target
// incentive, the bonus and the SPIF not capped.
//
//	caps:
//	  - {id: commission-cap, components: [commission, kicker], amount: 3 * payee.target_incentive}
//
// The cap applies to the sum of the group's rounded lines (after each
// component's own cap), per payee and period; what it withholds is a
// line of its own, with the group's id as its component. A component is
// in at most one group; the plan's cap, when there is one, applies after
// the groups, to everything the plan pays.
type CapGroupDef struct {
	// ID names the group; its cap line carries it as the component.
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name,omitempty"`
	// Components are the ids of the plan's components the cap covers.
	Components []string `yaml:"components" json:"components"`
	// Amount is the cap, an expression over the period's totals like a
	// component's cap (a number is an expression too).
	Amount string `yaml:"amount" json:"amount"`
	// PayrollCode is the code payroll books the cap line under.
	PayrollCode string `yaml:"payroll_code" json:"payroll_code,omitempty"`
}

// FixedCap returns the plan's cap when it is a number (cap: 50000, or
// Cap set from Go); false when there is none or it is an expression.
func (pd PlanDef) FixedCap() (decimal.Decimal, bool) {
	return fixedLimit(pd.CapRule, pd.Cap)
}

// fixedLimit returns the number of a limit given as a rule or a number.
func fixedLimit(rule string, d *decimal.Decimal) (decimal.Decimal, bool) {
	if d != nil {
		return *d, true
	}
	if v, err := money.ParseDecimal(strings.TrimSpace(rule)); err == nil && rule != "" {
		return v, true
	}
	return decimal.Zero, false
}

// Earning events of a deal: when a share of a line is released.
const (
	OnBooking = "booking"
	OnInvoice = "invoice"
	OnCash    = "cash"
)

// ReleaseDef releases Share of a line on an earning event: booking,
// invoice or cash.
type ReleaseDef struct {
	On    string          `yaml:"on" json:"on"`
	Share decimal.Decimal `yaml:"share" json:"share"`
}

// DrawDef is a draw against commission, per period.
//
//	draw: {amount: 2000, recoverable: true, recovery_limit: 0.5, forgive_on: 2026-12-31}
type DrawDef struct {
	// Amount is paid each period in which earnings fall short of it.
	Amount decimal.Decimal `yaml:"amount" json:"amount"`
	// Recoverable draws are advances: the shortfall is owed and recovered
	// from later earnings above the draw. Non-recoverable draws are
	// guarantees: the payee gets max(earned, draw) and nothing is owed.
	// Either way the ledger keeps, per period, what counted against the
	// draw and what the draw paid, so that a restatement of the period
	// pays only what the restated earnings add above what the period was
	// already paid, the draw included.
	Recoverable bool `yaml:"recoverable" json:"recoverable,omitempty"`
	// RecoveryLimit, when set, caps what is recovered in a period to this
	// share of the period's earnings (0.5 is half).
	RecoveryLimit *decimal.Decimal `yaml:"recovery_limit" json:"recovery_limit,omitempty"`
	// ForgiveOn, when set, forgives the balance still owed in the period
	// that contains it (plan end, termination), once.
	ForgiveOn calendar.Date `yaml:"forgive_on" json:"forgive_on,omitzero"`
}

// ClawbackDef reverses pay on cancelled deals.
//
//	clawback: {days: 90}                                   # all that was paid
//	clawback: {days: 365, fraction: 0.5}                   # half of it
//	clawback: {days: 365, pro_rata_months: term_months}    # the part of the term not stayed
//
// A refund is not a cancellation: money returned earns no commission, so
// a refund reduces what the deal's lines pay in proportion to the share
// of the deal refunded, whatever the window (see package payout).
type ClawbackDef struct {
	// Days is the window: a deal cancelled within Days of its date is
	// clawed back.
	Days int `yaml:"days" json:"days"`
	// Fraction, when set, claws back only this share of what was paid
	// (0.5 is half; above 0 and at most 1). Unset means all of it.
	Fraction *decimal.Decimal `yaml:"fraction" json:"fraction,omitempty"`
	// ProRataMonths, when set, claws back only the part of the term the
	// customer did not stay: paid × (1 − months stayed / term), with the
	// term in months taken from this deal attribute (term_months, say).
	// With Fraction, both apply: paid × fraction × (1 − stayed / term).
	ProRataMonths string `yaml:"pro_rata_months" json:"pro_rata_months,omitempty"`
}

// The values of [PlanDef.NegativeBalance].
const (
	CarryNegative = "carry"
	PayNegative   = "pay"
)

// rounding returns the plan's rounding, or def when the plan sets none.
func planRounding(s string, def money.Rounding) (money.Rounding, error) {
	if s == "" {
		return def, nil
	}
	return money.ParseRounding(s)
}
