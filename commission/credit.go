package commission

import (
	"fmt"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
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

// splitCredits returns the owner's credit, or the split credits, of d:
// split amounts are allocated by largest remainder in the deal currency's
// minor unit (or finer, when the amount is finer), ordered by member id, so
// that they add up to the amount exactly.
func splitCredits(d *deal.Deal, idx int) ([]Credit, error) {
	if len(d.Splits) == 0 {
		return []Credit{{Deal: d.ID, Date: d.Date, Payee: d.Owner, Kind: Direct, Share: one, Amount: d.Amount, Currency: d.Currency, deal: idx}}, nil
	}
	splits := slices.Clone(d.Splits)
	slices.SortStableFunc(splits, func(a, b deal.Split) int { return strings.Compare(a.Member, b.Member) })
	sum := decimal.Zero
	weights := make([]decimal.Decimal, len(splits))
	for i, s := range splits {
		if s.Member == "" {
			return nil, fmt.Errorf("deal %s: a split has no member", d.ID)
		}
		if i > 0 && splits[i-1].Member == s.Member {
			return nil, fmt.Errorf("deal %s: member %s has two splits", d.ID, s.Member)
		}
		if s.Share.Sign() <= 0 {
			return nil, fmt.Errorf("deal %s: the split share of %s is %s; shares must be above 0", d.ID, s.Member, s.Share)
		}
		sum = sum.Add(s.Share)
		weights[i] = s.Share
	}
	if !sum.Equal(decimal.NewFromInt(1)) {
		return nil, fmt.Errorf("deal %s: the split shares add up to %s, not 1 (100%%)", d.ID, sum)
	}
	places := max(money.MinorUnits(d.Currency), -d.Amount.Exponent())
	amounts, err := money.Allocate(d.Amount, weights, places)
	if err != nil {
		return nil, fmt.Errorf("deal %s: cannot allocate the splits: %v", d.ID, err)
	}
	out := make([]Credit, len(splits))
	for i, s := range splits {
		out[i] = Credit{Deal: d.ID, Date: d.Date, Payee: s.Member, Kind: SplitCredit, Share: s.Share, Amount: amounts[i], Currency: d.Currency, deal: idx}
	}
	return out, nil
}

// rollupCredits returns the roll-up credits of one deal from its direct or
// split credits: every manager up the chain of a credited member gets the
// sum of the credited amounts and shares of the members below, once, so a
// manager whose two reports share a deal gets the union of their shares,
// never more than the deal; with credit: deal, the whole deal.
func rollupCredits(org Org, def RollupDef, d *deal.Deal, idx int, base []Credit) []Credit {
	type acc struct {
		share, amount decimal.Decimal
		via           []string
	}
	sums := map[string]*acc{}
	var order []string
	for _, c := range base {
		chain := org.Managers(c.Payee, d.Date)
		if def.Levels > 0 && len(chain) > def.Levels {
			chain = chain[:def.Levels]
		}
		for _, m := range chain {
			if len(def.Roles) > 0 {
				if r, _ := org.RoleOf(m, d.Date); !slices.Contains(def.Roles, r) {
					continue
				}
			}
			a, ok := sums[m]
			if !ok {
				a = &acc{}
				sums[m] = a
				order = append(order, m)
			}
			if def.Credit == RollupDeal {
				a.share, a.amount = one, d.Amount
			} else {
				a.share = a.share.Add(c.Share)
				a.amount = a.amount.Add(c.Amount)
			}
			a.via = append(a.via, c.Payee)
		}
	}
	slices.Sort(order)
	out := make([]Credit, 0, len(order))
	for _, m := range order {
		a := sums[m]
		slices.Sort(a.via)
		out = append(out, Credit{Deal: d.ID, Date: d.Date, Payee: m, Kind: Rollup, Share: a.share, Amount: a.amount, Currency: d.Currency, Via: a.via, deal: idx})
	}
	return out
}
