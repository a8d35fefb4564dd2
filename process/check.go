package process

import (
	"fmt"
	"strings"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
)

// Violation is one rule a deal breaks: a criterion, a required field, a
// policy or a move the process refuses.
type Violation struct {
	// Rule names what is broken: "entry", "exit", "required", "skip",
	// "back", "reopen", or a policy's id.
	Rule string `json:"rule"`
	// Stage is the stage the rule belongs to; "" for a global policy.
	Stage string `json:"stage,omitempty"`
	// Message says what is wrong, for a person.
	Message string `json:"message"`
}

// ProcessOf returns the process d falls under: the one process whose
// applies condition holds on d. It is an error, naming the deal, when none
// or several do.
func (b *Book) ProcessOf(d *deal.Deal) (*Process, error) {
	var matched []string
	var found *Process
	for _, p := range b.processes {
		ok := true
		if p.applies != nil {
			var err error
			if ok, err = p.applies.Bool(&dealEnv{Deal: d}); err != nil {
				return nil, fmt.Errorf("deal %s: process %s: applies: %w", d.ID, p.id, err)
			}
		}
		if ok {
			matched = append(matched, p.id)
			found = p
		}
	}
	switch len(matched) {
	case 0:
		return nil, fmt.Errorf("deal %s: no process applies to it (processes: %s)", d.ID, strings.Join(b.Processes(), ", "))
	case 1:
		return found, nil
	}
	return nil, fmt.Errorf("deal %s: processes %s all apply to it; a deal must fall under exactly one", d.ID, strings.Join(matched, ", "))
}

// Check checks d against its stage (d.Stage) in its process: the stage's
// entry criteria, which must hold while the deal is in it, its required
// fields, its policies and the global ones. It returns every violation,
// in that order. The error is for a deal whose process or stage cannot be
// determined, or a rule that fails to evaluate.
func (b *Book) Check(d *deal.Deal) ([]Violation, error) {
	p, err := b.ProcessOf(d)
	if err != nil {
		return nil, err
	}
	s, ok := p.stage(d.Stage)
	if !ok {
		return nil, fmt.Errorf("deal %s: process %s has no stage %q", d.ID, p.id, d.Stage)
	}
	var vs []Violation
	if err := b.checkIn(p, s, d, &vs); err != nil {
		return nil, err
	}
	return vs, nil
}

// checkIn adds the violations of d being in s: entry criteria, required
// fields, the stage's policies and the global ones.
func (b *Book) checkIn(p *Process, s *stage, d *deal.Deal, vs *[]Violation) error {
	if s.entry != nil {
		ok, err := s.entry.Bool(&dealEnv{Deal: d})
		if err != nil {
			return fmt.Errorf("deal %s: process %s: stage %s: entry: %w", d.ID, p.id, s.ID, err)
		}
		if !ok {
			*vs = append(*vs, Violation{Rule: "entry", Stage: s.ID, Message: fmt.Sprintf("entry criteria of stage %s not met: %s", s.ID, s.entrySrc)})
		}
	}
	for _, f := range s.Required {
		if missing(d, f) {
			*vs = append(*vs, Violation{Rule: "required", Stage: s.ID, Message: fmt.Sprintf("%s is required in stage %s", f, s.ID)})
		}
	}
	for _, pol := range s.policies {
		if err := pol.check(d, s.ID, vs); err != nil {
			return err
		}
	}
	for _, pol := range b.policies {
		if !pol.appliesIn(s) {
			continue
		}
		if err := pol.check(d, "", vs); err != nil {
			return err
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (pol *policy) check(d *deal.Deal, stageID string, vs *[]Violation) error {
	env := &dealEnv{Deal: d}
	if pol.when != nil {
		ok, err := pol.when.Bool(env)
		if err != nil {
			return fmt.Errorf("deal %s: policy %s: when: %w", d.ID, pol.id, err)
		}
		if !ok {
			return nil
		}
	}
	ok, err := pol.require.Bool(env)
	if err != nil {
		return fmt.Errorf("deal %s: policy %s: require: %w", d.ID, pol.id, err)
	}
	if !ok {
		*vs = append(*vs, Violation{Rule: pol.id, Stage: stageID, Message: pol.message})
	}
	return nil
}

// missing reports whether the field f of d is unset: an empty string, a
// zero amount or date, no splits, or an absent or zero attribute.
func missing(d *deal.Deal, f string) bool {
	if name, ok := strings.CutPrefix(f, "attrs."); ok {
		v, ok := d.Attrs.Get(name)
		if !ok || v == nil {
			return true
		}
		switch v := v.(type) {
		case string:
			return v == ""
		case []string:
			return len(v) == 0
		case calendar.Date:
			return v.IsZero()
		}
		return false
	}
	switch f {
	case "id":
		return d.ID == ""
	case "date":
		return d.Date.IsZero()
	case "amount":
		return d.Amount.IsZero()
	case "currency":
		return d.Currency == ""
	case "owner":
		return d.Owner == ""
	case "channel":
		return d.Channel == ""
	case "territory":
		return d.Territory == ""
	case "product":
		return d.Product == ""
	case "stage":
		return d.Stage == ""
	case "type":
		return d.Type == ""
	case "close_date":
		return d.CloseDate.IsZero()
	case "splits":
		return len(d.Splits) == 0
	}
	return false
}

// CheckMove checks moving d from stage from to stage to of its process,
// with d as it will be after the move, and returns every violation:
//
//   - leaving a won or lost stage is refused unless the process allows
//     reopening (rule "reopen");
//   - moving back to an earlier open stage is refused unless the process
//     allows it (rule "back");
//   - moving forward past open stages is refused unless the process allows
//     skipping (rule "skip"); moving to a lost stage skips nothing;
//   - a forward move must meet the exit criteria of the stage left (rule
//     "exit") and the entry criteria, required fields and policies of the
//     stage entered, as [Book.Check] does.
//
// A move to the same stage has no violations. The error is for a deal
// whose process or stages cannot be determined, or a rule that fails to
// evaluate.
func (b *Book) CheckMove(d *deal.Deal, from, to string) ([]Violation, error) {
	p, err := b.ProcessOf(d)
	if err != nil {
		return nil, err
	}
	fs, ok := p.stage(from)
	if !ok {
		return nil, fmt.Errorf("deal %s: process %s has no stage %q", d.ID, p.id, from)
	}
	ts, ok := p.stage(to)
	if !ok {
		return nil, fmt.Errorf("deal %s: process %s has no stage %q", d.ID, p.id, to)
	}
	var vs []Violation
	if from == to {
		return nil, nil
	}
	if fs.Outcome != "" {
		if !p.allowReop {
			vs = append(vs, Violation{Rule: "reopen", Stage: from, Message: fmt.Sprintf("cannot move from %s stage %s to %s: process %s does not allow reopening a %s deal", fs.Outcome, from, to, p.id, fs.Outcome)})
			return vs, nil
		}
		// a reopened deal still meets the stage it enters
		if err := b.checkIn(p, ts, d, &vs); err != nil {
			return nil, err
		}
		return vs, nil
	}
	if ts.Outcome == "" && ts.pos < fs.pos {
		if !p.allowBack {
			vs = append(vs, Violation{Rule: "back", Stage: to, Message: fmt.Sprintf("cannot move back from %s to %s: process %s does not allow moving backwards", from, to, p.id)})
		}
		return vs, nil
	}
	if ts.Outcome != Lost && !p.allowSkip {
		var skipped []string
		for _, s := range p.stages[fs.pos+1:] {
			if s == ts || (ts.Outcome == "" && s.pos > ts.pos) {
				break
			}
			if s.Outcome == "" {
				skipped = append(skipped, s.ID)
			}
		}
		if len(skipped) > 0 {
			vs = append(vs, Violation{Rule: "skip", Stage: to, Message: fmt.Sprintf("cannot move from %s to %s: it skips %s, and process %s does not allow skipping stages", from, to, strings.Join(skipped, ", "), p.id)})
		}
	}
	if fs.exit != nil && ts.Outcome != Lost { // exit criteria say ready to advance; a deal can always be lost
		ok, err := fs.exit.Bool(&dealEnv{Deal: d})
		if err != nil {
			return nil, fmt.Errorf("deal %s: process %s: stage %s: exit: %w", d.ID, p.id, fs.ID, err)
		}
		if !ok {
			vs = append(vs, Violation{Rule: "exit", Stage: from, Message: fmt.Sprintf("exit criteria of stage %s not met: %s", from, fs.exitSrc)})
		}
	}
	if err := b.checkIn(p, ts, d, &vs); err != nil {
		return nil, err
	}
	return vs, nil
}

// Qualify returns the deals that count as won in period p, in their input
// order: those whose stage is a won stage of their process and whose Date
// (the won date, on which they are credited) falls in p. Deals in open or
// lost stages are left out. A deal whose process or stage cannot be
// determined is an error that names it.
func (b *Book) Qualify(deals []deal.Deal, p calendar.Period) (won []deal.Deal, err error) {
	for i := range deals {
		d := &deals[i]
		s, err := b.stageOf(d)
		if err != nil {
			return nil, err
		}
		if s.Outcome == Won && p.Contains(d.Date) {
			won = append(won, *d)
		}
	}
	return won, nil
}

// stageOf returns the stage d is in, in its process.
func (b *Book) stageOf(d *deal.Deal) (*stage, error) {
	p, err := b.ProcessOf(d)
	if err != nil {
		return nil, err
	}
	s, ok := p.stage(d.Stage)
	if !ok {
		return nil, fmt.Errorf("deal %s: process %s has no stage %q", d.ID, p.id, d.Stage)
	}
	return s, nil
}
