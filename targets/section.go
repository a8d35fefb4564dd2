package targets

import (
	"fmt"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/shopspring/decimal"
)

// Section is the targets section of a strategy document, the value of its
// targets: key, as written: plain values that a Go user can also fill in
// by hand. [Compile] validates it against an [Env] and returns a [Book].
//
//	targets:
//	  proration: months
//	  rounding: minor-unit         # the default; exact keeps fractions of a cent
//	  seasonality:
//	    - {id: saas, period: quarter, weights: [0.15, 0.25, 0.25, 0.35]}
//	  ramps:
//	    - {id: ae-ramp, shares: [0, 0.25, 0.5, 0.75, 1]}
//	  quotas:
//	    - {owner: role:ae, measure: bookings, period: FY2027, amount: 600000, seasonality: saas, ramp: ae-ramp}
//	    - {owner: member:ana, measure: bookings, period: FY2027, amount: 800000, stretch: 1000000, seasonality: saas}
//	    - {owner: member:ana, measure: bookings, period: FY2027, amount: 900000, from: 2027-08-01, seasonality: saas}
//	    - {owner: team:emea, measure: bookings, period: FY2027, amount: 2500000, allocate: {over_assign: 1.15}}
//
// The zero Section holds no targets: every quota is absent.
type Section struct {
	// Proration is how a target is shared out over the days of its period
	// when a member is not in place for all of it, or a target changes
	// inside it: [Days] (the default) or [Months].
	Proration Basis `yaml:"proration" json:"proration,omitempty"`
	// Rounding is how quotas are rounded: [MinorUnit] (the default) to the
	// currency's minor unit, or [Exact], which keeps fractions of a cent
	// until attainment is computed. See [QuotaRounding].
	Rounding QuotaRounding `yaml:"rounding" json:"rounding,omitempty"`
	// AllowNegative accepts negative amounts and stretches, which are an
	// error otherwise (a target is seldom negative; a net-returns target
	// may be).
	AllowNegative bool `yaml:"allow_negative" json:"allow_negative,omitempty"`
	// Seasonality lists the named ways to spread a target over its
	// quarters, halves or months.
	Seasonality []Seasonality `yaml:"seasonality" json:"seasonality,omitempty"`
	// Ramps lists the named ramp schedules of new hires.
	Ramps []Ramp `yaml:"ramps" json:"ramps,omitempty"`
	// Quotas lists the targets themselves.
	Quotas []Quota `yaml:"quotas" json:"quotas,omitempty"`
}

// Basis is how a target is prorated. The empty Basis is [Days].
type Basis string

// The proration bases.
const (
	// Days counts calendar days: a member in place 30 of a quarter's 91
	// days has 30/91 of its target.
	Days Basis = "days"
	// Months counts whole fiscal months: a month counts when the member is
	// in place (and the target in force) on its first day, as
	// [calendar.OverlapMonths] does. A member who starts on 1 June has one
	// month of three in the April–June quarter; one who starts on 2 June
	// has none.
	Months Basis = "months"
)

// QuotaRounding is how a [Book] rounds the quotas it works out, the
// rounding: key of the targets section. The empty QuotaRounding is
// [MinorUnit]. Either way the amounts written in the section (a target,
// a stretch) are in the minor unit, and the mode of every rounding is the
// env's ([Env.Rounding], the strategy's rounding:).
type QuotaRounding string

// The quota roundings.
const (
	// MinorUnit rounds every quota to the currency's minor unit (the
	// cent; whole units for a count measure). Seasonal parts of a target,
	// and members' parts of an allocated one, are allocated to the minor
	// unit by largest remainder, so that they add up exactly to the
	// target; the quota of a period is the rounded running total of its
	// fiscal year to its end less the rounded running total to its start,
	// so that the periods of a year add up exactly to the year's quota.
	// A 100,000 year, flat over twelve months, is 8,333.33 in January and
	// 8,333.34 in February. It is the default, and right for plans that
	// show and pay quotas in money.
	MinorUnit QuotaRounding = "minor-unit"
	// Exact keeps quotas below the minor unit until attainment is
	// computed, for plans whose quotas are fractions of a cent. It works
	// as MinorUnit does with a unit of 10^-20 ([ExactPlaces] places) in
	// place of the minor unit, so that the parts of a target still add up
	// to it exactly, and the periods of a year to the year's quota:
	//
	//   - a seasonal part is amount × weight, exactly (a weight has at
	//     most 12 places and the weights of a year add up to 1); a
	//     shorter period spread by the weights of its own parts (a half
	//     over its quarters, weights rescaled) is allocated to 10^-20 by
	//     largest remainder;
	//   - an allocated target is amount × over_assign, exactly, and the
	//     members' parts of it are exact when the weights divide it (an
	//     even split of 115,000 over 4 is 28,750 each), else allocated to
	//     10^-20 by largest remainder (over 3: 38,333.33333333333333333334
	//     for the first member, 38,333.33333333333333333333 for the
	//     others, adding up to 115,000);
	//   - the quota of a period, a fraction a decimal may not hold
	//     (50,000 × 30/91), is rounded once, to 20 places, by the
	//     running-total rule: a 100,000 year flat over twelve months is
	//     8,333.33333333333333333333 in January and
	//     8,333.33333333333333333334 in February, and the twelve months
	//     add up to exactly 100,000.
	//
	// A count measure is exact too: January of a 12-logo year by days is
	// 1.01917808219178082192 logos. Capacity, and the run rate and needed
	// rate of a gap, are figures in money and stay rounded to the minor
	// unit; attainment ratios are to [RatioPlaces] places either way.
	Exact QuotaRounding = "exact"
)

// ExactPlaces is the number of decimal places of a quota under [Exact]
// rounding: as many as a quotient in a rule keeps (20), far below any
// currency's minor unit, so that a quota of 10^15 still holds every digit
// that an attainment to [RatioPlaces] places depends on.
const ExactPlaces = 20

// Seasonality spreads a target over the parts of its period by weights:
// quarters weighted 15/25/25/35%, say. The weights are those of the parts
// of a fiscal year, in order, and add up to exactly 1.
type Seasonality struct {
	// ID names the seasonality for [Quota.Seasonality].
	ID string `yaml:"id" json:"id"`
	// Period is the kind of part: half, quarter or month.
	Period calendar.Kind `yaml:"period" json:"period"`
	// Weights are the shares of the fiscal year's parts, in order: 2
	// halves, 4 quarters or 12 months. A target for a shorter period than
	// a year (a half spread over its quarters) uses the weights of its own
	// parts, scaled to add up to 1.
	Weights []decimal.Decimal `yaml:"weights" json:"weights"`
}

// Ramp is a new hire's quota share by month of tenure: with shares 0,
// 0.25, 0.5, 0.75, 1, a member has no quota in their first month, a
// quarter of it in their second, and all of it from their fifth. The last
// share holds from then on. Months of tenure are counted from the tenure
// start date: the 15th of one month to the 14th of the next is one month.
type Ramp struct {
	// ID names the ramp for [Quota.Ramp].
	ID string `yaml:"id" json:"id"`
	// Shares are the shares of the quota in months 1, 2, … of tenure, each
	// from 0 to 1.
	Shares []decimal.Decimal `yaml:"shares" json:"shares"`
}

// Quota is one target: an owner's amount of a measure over a period,
// from a date.
type Quota struct {
	// Owner is who carries the target, as kind:id: member:ana, role:ae
	// (every member holding the role, each for the full amount),
	// team:emea, territory:fr or channel:partners.
	Owner string `yaml:"owner" json:"owner"`
	// Measure names what is counted (bookings, margin, new_logos…): one of
	// the measures the commission section defines.
	Measure string `yaml:"measure" json:"measure"`
	// Period is the period of the target, by its id: FY2027, FY2027-H2,
	// FY2027-Q1 or FY2027-M03.
	Period string `yaml:"period" json:"period"`
	// Amount is the target for the whole period.
	Amount decimal.Decimal `yaml:"amount" json:"amount"`
	// Stretch, when not zero, is a higher target for the whole period.
	Stretch decimal.Decimal `yaml:"stretch" json:"stretch,omitzero"`
	// From, when set, is the day the target takes effect, inside the
	// period. A target for the same owner, measure and period with a later
	// From replaces it from that day: Amount is then still the amount for
	// the whole period, of which the days (or months) from From on count.
	From calendar.Date `yaml:"from" json:"from,omitzero"`
	// Seasonality, when set, names the [Seasonality] that spreads Amount
	// over the parts of the period. Without it a target is spread evenly
	// by the proration basis (by days or by months).
	Seasonality string `yaml:"seasonality" json:"seasonality,omitempty"`
	// Ramp, when set, names the [Ramp] of a member or role target (or of
	// the members' parts of an allocated target).
	Ramp string `yaml:"ramp" json:"ramp,omitempty"`
	// Hired, when set on a ramped member target, is the day the member's
	// tenure starts. Without it tenure starts on the first day of the
	// member's current unbroken stretch in the organisation.
	Hired calendar.Date `yaml:"hired" json:"hired,omitzero"`
	// Allocate, when set on a team, territory or channel target, also
	// hands it down to its members as their own quotas.
	Allocate *Allocation `yaml:"allocate" json:"allocate,omitempty"`
	// Of, when set, takes the target from somewhere else instead of
	// Amount. The one value is [ManagedTeam] (managed_team), on a member
	// or role target: the quota is the target of the team the member
	// manages, on each day they manage it.
	//
	//	- {owner: role:manager, measure: arr, period: FY2026, of: managed_team}
	//
	// Such a target has no amount, stretch, seasonality, ramp or
	// allocation of its own: the team's target brings its amount,
	// seasonality and stretch.
	Of string `yaml:"of" json:"of,omitempty"`
}

// ManagedTeam is the value of [Quota.Of] that makes a member's quota the
// target of the team they manage: on each day (each month under [Months]
// proration) that the member manages a team, as the organisation's
// [TeamManagers] say, they carry that day's part of the team's own target
// of the measure, as [Book.TargetOf] works it out (its seasonality and
// stretch, without over-assignment). A manager who hands the team over
// mid-period has the team's target prorated to the days they managed it,
// and the new manager the rest. A member who manages a team and a team
// below it carries the upper team's target only; one who manages two
// teams side by side carries both.
//
// [Compile] reports a member who manages no team while the target is in
// force (for a role target, each member holding the role who manages
// none), and a team they manage on a day when it has no target of its
// own of the measure.
const ManagedTeam = "managed_team"

// Allocation hands a top-down target down to the members of a team,
// territory or channel. The members' parts add up exactly to Amount ×
// OverAssign (rounded once to the minor unit), by largest remainder.
//
// The members are those listed in Weights, or, to split evenly, those in
// the owner on the day the target takes effect (the team with its
// sub-teams). Each member's part is a target for the whole period that
// counts on the days the member is in the owner (prorated by the basis,
// and ramped by [Quota.Ramp]).
type Allocation struct {
	// OverAssign is the factor the parts add up to: 1.15 hands out 15%
	// more than the target, to cover for reps who miss. Zero means 1.
	OverAssign decimal.Decimal `yaml:"over_assign" json:"over_assign,omitzero"`
	// By is even (the default without weights) or weights (the default
	// with weights).
	By string `yaml:"by" json:"by,omitempty"`
	// Weights gives each member's weight, by member id; members not listed
	// get no part. Weights need not add up to 1.
	Weights map[string]decimal.Decimal `yaml:"weights" json:"weights,omitempty"`
}

// The owner kinds of a target, as [Quota.Owner] and [Book.TargetOf] spell
// them.
const (
	Member    = "member"
	Role      = "role"
	Team      = "team"
	Territory = "territory"
	Channel   = "channel"
)

var kinds = []string{Member, Role, Team, Territory, Channel}

// ParseOwner splits an owner written kind:id (member:ana) into its kind and
// id. The kind must be one of [Member], [Role], [Team], [Territory] or
// [Channel] and the id must not be empty.
func ParseOwner(s string) (kind, id string, err error) {
	kind, id, ok := strings.Cut(s, ":")
	if !ok {
		return "", "", fmt.Errorf("owner %q: write it kind:id, such as member:ana or team:emea", clip(s))
	}
	if !validKind(kind) {
		return "", "", fmt.Errorf("owner %q: unknown kind %q: want member, role, team, territory or channel", clip(s), clip(kind))
	}
	if id == "" {
		return "", "", fmt.Errorf("owner %q: missing the %s id after the colon", clip(s), kind)
	}
	return kind, id, nil
}

func validKind(k string) bool {
	for _, v := range kinds {
		if k == v {
			return true
		}
	}
	return false
}

// clip shortens s for a message, so that a huge input does not make a
// huge error.
func clip(s string) string {
	const limit = 40
	if len(s) <= limit {
		return s
	}
	return s[:limit] + "..."
}
