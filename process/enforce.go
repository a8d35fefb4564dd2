package process

import (
	"fmt"

	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
)

// Break is a policy that a deal of a run breaks, and what the run does
// with the deal: [Book.Enforce] returns them.
type Break struct {
	// Deal is the id of the deal.
	Deal string `json:"deal"`
	// Policy is the id of the policy broken.
	Policy string `json:"policy"`
	// Stage is the stage the policy is bound to; "" for a global policy.
	Stage string `json:"stage,omitempty"`
	// Message is the policy's message: why the deal breaks it.
	Message string `json:"message"`
	// Action is the policy's on_break: [OnBreakFlag] or [OnBreakBlock]
	// (a break whose action is [OnBreakError] is an error of Enforce).
	Action OnBreak `json:"action"`
}

// Enforce applies the policies to the deals a run pays, which
// [Book.Qualify] returned: each deal is checked against the policies of
// its stage and the global ones that apply to it, as [Book.Check] checks
// them, and each policy it breaks acts by its on_break:
//
//   - flag (the default): the deal is kept, and the break is reported;
//   - block: the deal is left out of kept, so it earns nothing and
//     counts toward no measure; the break is reported, for the statement
//     to say why;
//   - error: Enforce returns a [diag.List] with a problem (code
//     [diag.InvalidInput], at the deal's source position) for every deal
//     and policy of that kind it breaks, and no deals.
//
// A deal that breaks several policies gets the strongest action (error,
// then block, then flag), and breaks lists every one of them, each with
// its own action: in the order of the deals, then of the policies (the
// stage's, then the global ones, as written). kept holds the deals that
// are not blocked, in their input order.
//
// A credit note (a deal below zero) is checked as its twin, the same deal
// with the amount made positive, as the commission engine credits it: a
// return breaks the policies its sale breaks, so the return of a blocked
// deal is blocked too, and takes back nothing that was never paid.
//
// A deal whose process or stage cannot be determined, or a policy that
// fails to evaluate, is an error that names the deal (and the policy).
func (b *Book) Enforce(deals []deal.Deal) (kept []deal.Deal, breaks []Break, err error) {
	var errs diag.List
	kept = make([]deal.Deal, 0, len(deals))
	for i := range deals {
		d := &deals[i]
		s, err := b.stageOf(d)
		if err != nil {
			return nil, nil, err
		}
		twin := d
		if d.Amount.Sign() < 0 {
			t := *d
			t.Amount = d.Amount.Neg()
			twin = &t
		}
		var vs []Violation
		var acts []OnBreak
		add := func(pol *policy, stageID string) error {
			n := len(vs)
			if err := pol.check(twin, stageID, &vs); err != nil {
				return err
			}
			if len(vs) > n {
				acts = append(acts, pol.onBreak)
			}
			return nil
		}
		for _, pol := range s.policies {
			if err := add(pol, s.ID); err != nil {
				return nil, nil, err
			}
		}
		for _, pol := range b.policies {
			if !pol.appliesIn(s) {
				continue
			}
			if err := add(pol, ""); err != nil {
				return nil, nil, err
			}
		}
		worst := OnBreakFlag
		for j, v := range vs {
			if acts[j].weight() > worst.weight() {
				worst = acts[j]
			}
			if acts[j] == OnBreakError {
				errs = append(errs, &diag.Problem{Pos: d.Source.Pos(), Code: diag.InvalidInput,
					Message: fmt.Sprintf("deal %s breaks policy %s: %s (on_break: error)", d.ID, v.Rule, v.Message)})
				continue
			}
			breaks = append(breaks, Break{Deal: d.ID, Policy: v.Rule, Stage: v.Stage, Message: v.Message, Action: acts[j]})
		}
		if worst == OnBreakFlag {
			kept = append(kept, *d)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, nil, err
	}
	return kept, breaks, nil
}

// appliesIn reports whether the global policy pol applies to a deal in
// stage s: those it names, or every stage but a lost one.
func (pol *policy) appliesIn(s *stage) bool {
	if len(pol.stages) > 0 {
		return contains(pol.stages, s.ID)
	}
	return s.Outcome != Lost // losing a deal is always possible: only policies that name a lost stage apply to it
}
