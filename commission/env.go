package commission

import (
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// Org is what the commission engine needs to know of the sales
// organisation; *strategy.Org implements it.
type Org interface {
	// Managers returns the chain of managers above member on d, nearest
	// first.
	Managers(member string, d calendar.Date) []string
	// RoleOf returns member's role on d; false for an unknown member.
	RoleOf(member string, d calendar.Date) (string, bool)
	// TeamOf returns member's team on d; false when in no team.
	TeamOf(member string, d calendar.Date) (string, bool)
	// TeamPath returns team and the teams above it on d, nearest first.
	TeamPath(team string, d calendar.Date) []string
	// MemberIDs returns every member's id, sorted.
	MemberIDs() []string
}

// Membership is implemented by an [Org] whose members join and leave
// (*strategy.Org does). A run then credits a member only on the days they
// belong to the organisation: a deal owner, split member or overlay payee
// who is not in it on the deal's date gets no credit, and the run fails
// naming the deal and the member's last (or first) day, unless a
// crediting rule reassigns the credit ([ReassignDef]). With an Org that
// does not implement it, every member belongs to the organisation every
// day.
type Membership interface {
	// InOrg reports whether member belongs to the organisation on d.
	// When not, last is the member's last day in it before d and first
	// their first day after d, each zero when there is none.
	InOrg(member string, d calendar.Date) (in bool, last, first calendar.Date)
}

// Quotas gives a payee's quota of a measure for a period (prorated,
// ramped, seasonal); ok is false when the payee has no quota for it.
// *targets.Book implements it.
type Quotas interface {
	Quota(member, measure string, p calendar.Period) (amount decimal.Decimal, ok bool, err error)
}

// Stretch gives a payee's stretch target of a measure for a period; ok is
// false when there is none. *targets.Book implements it. Per-period rules
// read it as stretch.<measure>, and the attainment of it as
// stretch_attainment.<measure>; a rule that reads one for a payee with no
// stretch target (or one of zero) fails the run, naming the payee.
type Stretch interface {
	Stretch(member, measure string, p calendar.Period) (amount decimal.Decimal, ok bool, err error)
}

// QuotaMap is a [Quotas] from a map keyed by member, then measure, then
// period id: handy in tests and small programs.
type QuotaMap map[string]map[string]map[string]decimal.Decimal

// Quota implements [Quotas].
func (m QuotaMap) Quota(member, measure string, p calendar.Period) (decimal.Decimal, bool, error) {
	q, ok := m[member][measure][p.ID]
	return q, ok, nil
}

// Rates converts amounts between currencies: Rate returns how many units
// of to one unit of from is worth on d. A missing rate is an error of the
// run, never a silent 1.
type Rates interface {
	Rate(from, to string, d calendar.Date) (decimal.Decimal, bool)
}

// RateMap is a [Rates] with one rate per currency pair, whatever the
// date, keyed "EUR/USD" (one euro in dollars). The inverse pair is derived
// when only one direction is given.
type RateMap map[string]decimal.Decimal

// Rate implements [Rates].
func (m RateMap) Rate(from, to string, _ calendar.Date) (decimal.Decimal, bool) {
	if r, ok := m[from+"/"+to]; ok {
		return r, true
	}
	if r, ok := m[to+"/"+from]; ok && !r.IsZero() {
		return decimal.NewFromInt(1).DivRound(r, divPrecision), true
	}
	return decimal.Zero, false
}

// The environments rules are compiled against. Field names are what rules
// see: deal.amount, credit.kind, payee.role, attainment.bookings.

type creditView struct {
	Kind string `expr:"kind"`
	// Owner is set on the deal owner's own credit (direct, or the
	// owner's split), also when a reassign rule gave it to another.
	Owner  bool            `expr:"owner"`
	Share  decimal.Decimal `expr:"share"`
	Amount decimal.Decimal `expr:"amount"`
	Payee  string          `expr:"payee"`
	Rule   string          `expr:"rule"`
}

type payeeView struct {
	ID   string `expr:"id"`
	Role string `expr:"role"`
	Team string `expr:"team"`
	// the compensation terms (MemberTerms) over the plan's days
	OTE             decimal.Decimal `expr:"ote"`
	Base            decimal.Decimal `expr:"base"`
	TargetIncentive decimal.Decimal `expr:"target_incentive"`
	PayMix          decimal.Decimal `expr:"pay_mix"`
	Currency        string          `expr:"currency"`
	year            *yearTerms      // under terms: yearly, for explanations
}

// componentView is the component a rule belongs to.
type componentView struct {
	ID              string          `expr:"id"`
	Weight          decimal.Decimal `expr:"weight"`
	TargetIncentive decimal.Decimal `expr:"target_incentive"`
}

type periodView struct {
	ID    string        `expr:"id"`
	Kind  string        `expr:"kind"`
	Start calendar.Date `expr:"start"`
	End   calendar.Date `expr:"end"`
	Days  int           `expr:"days"`
	// YearShare is the period's share of the fiscal year in fiscal
	// months: 3/12 for a quarter (member_terms.go).
	YearShare decimal.Decimal `expr:"year_share"`
}

type runningView struct {
	Before decimal.Decimal `expr:"before"`
	After  decimal.Decimal `expr:"after"`
}

type planView struct {
	ID string `expr:"id"`
	// Days is the number of days of the period the plan is in force for
	// the payee; Share is that as a fraction of the period.
	Days  int             `expr:"days"`
	Share decimal.Decimal `expr:"share"`
}

// Channels tells rules what a deal's channel is: its kind (direct or
// indirect) and its attributes, read as channel.kind and
// channel.attrs.<name>. *strategy.Org implements it.
type Channels interface {
	// ChannelIDs returns the ids of the channels.
	ChannelIDs() []string
	// ChannelInfo returns a channel's kind and attributes; false for an
	// unknown id.
	ChannelInfo(id string) (kind string, attrs map[string]string, ok bool)
}

// channelView is a deal's channel as rules see it; a deal on no channel
// (or on one the Channels do not know) sees an empty kind and no attrs.
type channelView struct {
	ID    string            `expr:"id"`
	Kind  string            `expr:"kind"`
	Attrs map[string]string `expr:"attrs"`
}

// noChannel is the channel of a deal that has none.
var noChannel = &channelView{Attrs: map[string]string{}}

// channelOf returns the channel view of a deal, from the views the engine
// made once at Compile.
func (e *Engine) channelOf(d *deal.Deal) *channelView {
	if v, ok := e.channels[d.Channel]; ok {
		return v
	}
	return noChannel
}

// dealEnv is the environment of crediting rules (overlays).
type dealEnv struct {
	Deal    *deal.Deal   `expr:"deal"`
	Channel *channelView `expr:"channel"`
}

// memberView is a member who is not in the organisation on a deal's
// date, for reassign rules: their last day (or first, when they had not
// joined), and their team and nearest manager on that day.
type memberView struct {
	ID       string        `expr:"id"`
	LastDay  calendar.Date `expr:"last_day"`
	FirstDay calendar.Date `expr:"first_day"`
	Team     string        `expr:"team"`
	Manager  string        `expr:"manager"`
}

// reassignEnv is the environment of reassign rules: the deal (a credit
// note's twin), the credit to reassign and the member it was for.
type reassignEnv struct {
	Deal   *deal.Deal `expr:"deal"`
	Credit creditView `expr:"credit"`
	Member memberView `expr:"member"`
}

// creditEnv is the environment of measures and per-credit components.
// Measure, Attainment and Quota hold the payee's running totals after the
// credit.
type creditEnv struct {
	Deal       *deal.Deal                 `expr:"deal"`
	Channel    *channelView               `expr:"channel"`
	Credit     creditView                 `expr:"credit"`
	Payee      payeeView                  `expr:"payee"`
	Period     periodView                 `expr:"period"`
	Running    runningView                `expr:"running"`
	Component  componentView              `expr:"component"`
	Measure    map[string]decimal.Decimal `expr:"measure"`
	Attainment map[string]decimal.Decimal `expr:"attainment"`
	Quota      map[string]decimal.Decimal `expr:"quota"`
	Params     map[string]decimal.Decimal `expr:"params"`
}

// periodEnv is the environment of per-period components and gates.
type periodEnv struct {
	Payee  payeeView                  `expr:"payee"`
	Period periodView                 `expr:"period"`
	Plan   planView                   `expr:"plan"`
	Score  map[string]decimal.Decimal `expr:"score"`
	// Stretch and StretchAttainment hold the measures the plan's rules
	// read as stretch.<measure> and stretch_attainment.<measure>.
	Stretch           map[string]decimal.Decimal `expr:"stretch"`
	StretchAttainment map[string]decimal.Decimal `expr:"stretch_attainment"`
	Component         componentView              `expr:"component"`
	Measure           map[string]decimal.Decimal `expr:"measure"`
	Attainment        map[string]decimal.Decimal `expr:"attainment"`
	Quota             map[string]decimal.Decimal `expr:"quota"`
	Params            map[string]decimal.Decimal `expr:"params"`
}
