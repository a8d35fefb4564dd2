package commission

import (
	"fmt"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	fx "github.com/salesplan/salesplan/internal/fixed"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// CreditKind says how a payee came to be credited with a deal.
type CreditKind string

// The credit kinds, which rules can test as credit.kind.
const (
	// Direct is the deal owner's full credit on a deal without splits.
	Direct CreditKind = "direct"
	// SplitCredit is one member's share of a deal with splits.
	SplitCredit CreditKind = "split"
	// Rollup is a manager's credit for the deals of the members below.
	Rollup CreditKind = "rollup"
	// Overlay is credit given by an overlay rule (partner managers,
	// product specialists, territory owners).
	Overlay CreditKind = "overlay"
)

// Credit is one payee's credit on one deal. Only the credited Amount
// counts toward the payee's measures and attainment.
type Credit struct {
	Deal  string        `json:"deal"`
	Date  calendar.Date `json:"date"`
	Payee string        `json:"payee"`
	Kind  CreditKind    `json:"kind"`
	// Share is the fraction of the deal credited (1 is all of it).
	Share decimal.Decimal `json:"share"`
	// Amount is the credited amount in Currency: the deal amount times
	// the share, split amounts allocated to the cent.
	Amount   decimal.Decimal `json:"amount"`
	Currency string          `json:"currency"`
	// Rule is the overlay rule that gave the credit.
	Rule string `json:"rule,omitempty"`
	// Via lists, for a roll-up, the members below whose credit it sums.
	Via []string `json:"via,omitempty"`
	// From is, for a credit a reassign rule gave to Payee, the member it
	// was for, who was not in the organisation on the deal's date.
	From string `json:"from,omitempty"`

	deal int // index of the deal in the run's ordered deals
}

// CreditingDef is the crediting section of a commission document: who,
// beyond the owner and the splits, gets credit for a deal.
type CreditingDef struct {
	Rollup   RollupDef    `yaml:"rollup" json:"rollup"`
	Overlays []OverlayDef `yaml:"overlays" json:"overlays,omitempty"`
	// Reassign gives the credit of a member who is not in the
	// organisation on a deal's date to someone who is; without a rule
	// that does, such a credit is an error of the run.
	Reassign []ReassignDef `yaml:"reassign" json:"reassign,omitempty"`
}

// ReassignDef is a crediting rule for a credit that would go to a member
// who is not in the organisation on the deal's date: who left before
// it, or joined after it (see [Membership]). Such a credit goes to nobody,
// and the run fails naming the deal, the member and their last day,
// unless a reassign rule gives it to a member who is in the organisation
// that day. Rules are tried in order; the first whose When holds and whose
// To names a member takes the credit, of the same kind and share (the
// credit's From records whose it was), and roll-up credit follows the new
// member's managers.
//
//	crediting:
//	  reassign:
//	    - {id: to-manager, to: member.manager}
//	    - {id: house, when: 'deal.channel == "online"', to: '"house"'}
//
// Rules see deal (a credit note's twin, as overlay rules do), credit
// (kind, share, amount, payee, rule) and member: id, last_day (zero when
// the member had not joined), first_day (zero when they left for good),
// and team and manager (the nearest) on that last or first day.
type ReassignDef struct {
	ID string `yaml:"id" json:"id"`
	// When is a condition; empty means every credit of a member not in the
	// organisation.
	When string `yaml:"when" json:"when,omitempty"`
	// To is an expression giving the member who takes the credit, or ""
	// for this rule to pass it on to the next.
	To string `yaml:"to" json:"to"`
}

// RollupDef gives every manager up the chain of a credited member, at the
// deal's date, roll-up credit for the member's share.
type RollupDef struct {
	Enabled bool `yaml:"enabled" json:"enabled"`
	// Levels limits how far up the chain credit goes; 0 means to the top.
	Levels int `yaml:"levels" json:"levels,omitempty"`
	// Roles, when set, limits roll-up credit to managers holding one of
	// these roles on the deal date.
	Roles []string `yaml:"roles" json:"roles,omitempty"`
	// Credit is what a manager's roll-up credit is of a deal:
	//
	//	credit: shares   # the default: the union of the reports' shares
	//	credit: deal     # the whole deal, share 1
	//
	// shares is right for quota credit: a manager whose report has half a
	// deal is credited half. deal is for an override on the full deal
	// (2% of deal.amount), whoever of the team has a share of it.
	Credit string `yaml:"credit" json:"credit,omitempty"`
}

// The values of [RollupDef.Credit].
const (
	RollupShares = "shares"
	RollupDeal   = "deal"
)

// OverlayDef is an overlay rule: for each deal where When holds, the
// member that Payee names gets Share of the deal as overlay credit. A
// credit note (a deal below zero) is read as its twin, the same deal with
// the amount made positive, so that it is credited as its twin was.
type OverlayDef struct {
	ID string `yaml:"id" json:"id"`
	// When is a condition over the deal; empty means every deal.
	When string `yaml:"when" json:"when,omitempty"`
	// Payee is an expression over the deal giving a member id, or "" for
	// nobody (a quoted id such as '"paula"' is an expression too).
	Payee string `yaml:"payee" json:"payee"`
	// Share is an expression over the deal giving the share credited;
	// empty means 1.
	Share string `yaml:"share" json:"share,omitempty"`
}

// splitCredits appends to dst the owner's credit, or the split credits,
// of d, and returns dst: split amounts are allocated by largest remainder
// in the deal currency's minor unit (or finer, when the amount is finer),
// ordered by member id, so that they add up to the amount exactly.
func splitCredits(d *deal.Deal, idx int, dst []Credit) ([]Credit, error) {
	if len(d.Splits) == 0 {
		return append(dst, Credit{Deal: d.ID, Date: d.Date, Payee: d.Owner, Kind: Direct, Share: one, Amount: d.Amount, Currency: d.Currency, deal: idx}), nil
	}
	start := len(dst)
	for _, s := range d.Splits {
		dst = append(dst, Credit{Deal: d.ID, Date: d.Date, Payee: s.Member, Kind: SplitCredit, Share: s.Share, Currency: d.Currency, deal: idx})
	}
	out := dst[start:]
	slices.SortStableFunc(out, func(a, b Credit) int { return strings.Compare(a.Payee, b.Payee) })
	sum := decimal.Zero
	var weights [8]decimal.Decimal // most deals have few splits
	ws := weights[:0]
	for i := range out {
		c := &out[i]
		if c.Payee == "" {
			return dst[:start], fmt.Errorf("deal %s: a split has no member", d.ID)
		}
		if i > 0 && out[i-1].Payee == c.Payee {
			return dst[:start], fmt.Errorf("deal %s: member %s has two splits", d.ID, c.Payee)
		}
		if c.Share.Sign() <= 0 {
			return dst[:start], fmt.Errorf("deal %s: the split share of %s is %s; shares must be above 0", d.ID, c.Payee, c.Share)
		}
		ws = append(ws, c.Share)
	}
	if !fx.SumIsOne(ws) {
		for _, w := range ws {
			sum = sum.Add(w)
		}
		if !sum.Equal(one) {
			return dst[:start], fmt.Errorf("deal %s: the split shares add up to %s, not 1 (100%%)", d.ID, sum)
		}
	}
	places := max(money.MinorUnits(d.Currency), -d.Amount.Exponent())
	var parts [8]decimal.Decimal
	amounts, err := money.AppendAllocate(parts[:0], d.Amount, ws, places)
	if err != nil {
		return dst[:start], fmt.Errorf("deal %s: cannot allocate the splits: %v", d.ID, err)
	}
	for i := range out {
		out[i].Amount = amounts[i]
	}
	return dst, nil
}

// viaChunk is how many members' ids the roll-up credits of a run take
// from one allocation for their Via.
const viaChunk = 1024

// rollups makes roll-up credits; its buffers are reused from deal to
// deal, and the Via lists of its credits come from shared blocks.
type rollups struct {
	org   *orgMemo
	def   RollupDef
	block []string // the block the deal's Via lists are taken from
	via   []string // its free part
	// pairs are the (roll-up credit, member below) of the deal being
	// credited, in the order the members' credits come
	pairs []viaPair
}

type viaPair struct {
	credit int // index of the roll-up credit in the deal's
	member string
}

// reset gives the next deal's Via lists the block the last deal's took:
// the credits made are packed (kept.go), which keeps no Via list.
func (ru *rollups) reset() { ru.via = ru.block }

// credits appends to dst the roll-up credits of one deal from its direct
// or split credits (base), and returns dst: every manager up the chain of
// a credited member gets the sum of the credited amounts and shares of
// the members below, once, so a manager whose two reports share a deal
// gets the union of their shares, never more than the deal; with credit:
// deal, the whole deal. They are in manager id order.
func (ru *rollups) credits(d *deal.Deal, idx int, base, dst []Credit) []Credit {
	start := len(dst)
	ru.pairs = ru.pairs[:0]
	for _, c := range base {
		chain := ru.org.managers(c.Payee, d.Date)
		if ru.def.Levels > 0 && len(chain) > ru.def.Levels {
			chain = chain[:ru.def.Levels]
		}
		for _, m := range chain {
			if len(ru.def.Roles) > 0 {
				if r, _ := ru.org.roleOf(m, d.Date); !slices.Contains(ru.def.Roles, r) {
					continue
				}
			}
			k := slices.IndexFunc(dst[start:], func(r Credit) bool { return r.Payee == m })
			switch {
			case k < 0:
				k = len(dst) - start
				r := Credit{Deal: d.ID, Date: d.Date, Payee: m, Kind: Rollup, Currency: d.Currency, deal: idx}
				if ru.def.Credit == RollupDeal {
					r.Share, r.Amount = one, d.Amount
				} else {
					r.Share, r.Amount = firstSum(c.Share), firstSum(c.Amount)
				}
				dst = append(dst, r)
			case ru.def.Credit != RollupDeal:
				r := &dst[start+k]
				r.Share, r.Amount = r.Share.Add(c.Share), r.Amount.Add(c.Amount)
			}
			ru.pairs = append(ru.pairs, viaPair{credit: k, member: c.Payee})
		}
	}
	out := dst[start:]
	for k := range out {
		n := 0
		for _, p := range ru.pairs {
			if p.credit == k {
				n++
			}
		}
		if len(ru.via) < n {
			ru.block = make([]string, max(viaChunk, 2*len(ru.block), n))
			ru.via = ru.block
		}
		via := ru.via[:0:n]
		ru.via = ru.via[n:]
		for _, p := range ru.pairs {
			if p.credit == k {
				via = append(via, p.member)
			}
		}
		slices.Sort(via)
		out[k].Via = via
	}
	slices.SortFunc(out, func(a, b Credit) int { return strings.Compare(a.Payee, b.Payee) })
	return dst
}

// answerDates is implemented by an Org whose answers about a day change
// only on some days (*strategy.Org): in order, each once, the days an
// answer may differ from the day before's.
type answerDates interface {
	AnswerDates() []calendar.Date
}

// orgMemo is what a shard of the crediting asks of the Org about its
// credits' members: with an Org that says on which days its answers
// change, each question about a member is asked once for the days from
// one of them to the next, the deals being credited in date order.
// Without, each is asked of the Org.
type orgMemo struct {
	org     Org
	members Membership // nil when the Org is not one
	memo    bool
	dates   []calendar.Date
	// the days memoed are from dates[next-1] (or always) to the day
	// before dates[next] (or ever), once one is (m not nil)
	next int
	m    map[string]*orgAnswers
}

// orgAnswers are the Org's answers about one member, each when asked.
type orgAnswers struct {
	asked       uint8 // the bits of the answers asked
	managers    []string
	role        string
	known, in   bool
	last, first calendar.Date
}

const (
	askedManagers uint8 = 1 << iota
	askedRole
	askedIn
)

func newOrgMemo(org Org, members Membership) *orgMemo {
	om := &orgMemo{org: org, members: members}
	if ad, ok := org.(answerDates); ok {
		om.memo, om.dates = true, ad.AnswerDates()
	}
	return om
}

// at gives the memo of member's answers on d.
func (om *orgMemo) at(member string, d calendar.Date) *orgAnswers {
	if om.m == nil || om.next > 0 && d.Before(om.dates[om.next-1]) || om.next < len(om.dates) && !d.Before(om.dates[om.next]) {
		om.next, _ = slices.BinarySearchFunc(om.dates, d, func(a, d calendar.Date) int {
			if a.After(d) {
				return 1
			}
			return -1
		})
		if om.m == nil {
			om.m = map[string]*orgAnswers{}
		}
		clear(om.m)
	}
	a := om.m[member]
	if a == nil {
		a = &orgAnswers{}
		om.m[member] = a
	}
	return a
}

// managers is Org.Managers; the list is not the caller's to change.
func (om *orgMemo) managers(member string, d calendar.Date) []string {
	if !om.memo {
		return om.org.Managers(member, d)
	}
	a := om.at(member, d)
	if a.asked&askedManagers == 0 {
		a.managers, a.asked = om.org.Managers(member, d), a.asked|askedManagers
	}
	return a.managers
}

// roleOf is Org.RoleOf.
func (om *orgMemo) roleOf(member string, d calendar.Date) (string, bool) {
	if !om.memo {
		return om.org.RoleOf(member, d)
	}
	a := om.at(member, d)
	if a.asked&askedRole == 0 {
		a.role, a.known = om.org.RoleOf(member, d)
		a.asked |= askedRole
	}
	return a.role, a.known
}

// inOrg is Membership.InOrg, of an Org that is one.
func (om *orgMemo) inOrg(member string, d calendar.Date) (in bool, last, first calendar.Date) {
	if !om.memo {
		return om.members.InOrg(member, d)
	}
	a := om.at(member, d)
	if a.asked&askedIn == 0 {
		a.in, a.last, a.first = om.members.InOrg(member, d)
		a.asked |= askedIn
	}
	return a.in, a.last, a.first
}

// firstSum returns 0 + d as shopspring writes it: d itself, unless d has
// places above the units (1E+3), which the sum writes at exponent 0.
func firstSum(d decimal.Decimal) decimal.Decimal {
	if d.Exponent() <= 0 {
		return d
	}
	return decimal.Decimal{}.Add(d)
}
