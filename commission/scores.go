package commission

import (
	"fmt"
	"io"
	"regexp"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// Scores gives the achievements people score per payee and period (MBO,
// KPI: 1.2 is 120%), which per-period rules read as score.<objective>:
//
//   - {id: mbo, per: period, weight: 0.3, amount: score.pipeline_hygiene * component.target_incentive}
//
// ok is false when the payee has no score for the objective in p: the
// run fails naming the payee, objective and period, unless the
// component's missing_score says what to do ([ComponentDef.MissingScore]).
// [ScoreMap] implements it, and [ReadScoresCSV] reads one.
type Scores interface {
	Score(member, objective string, p calendar.Period) (score decimal.Decimal, ok bool, err error)
}

// ScoreMap is a [Scores] keyed by member, then period id, then objective.
type ScoreMap map[string]map[string]map[string]decimal.Decimal

// Score implements [Scores].
func (m ScoreMap) Score(member, objective string, p calendar.Period) (decimal.Decimal, bool, error) {
	v, ok := m[member][p.ID][objective]
	return v, ok, nil
}

// The values of [ComponentDef.MissingScore].
const (
	MissingScoreError = "error"
	MissingScoreZero  = "zero"
	MissingScoreSkip  = "skip"
)

// WithScores gives a run the scores its rules read as score.<objective>,
// instead of the engine's [Config.Scores].
func WithScores(s Scores) RunOption {
	return func(c *runConfig) error {
		if s == nil {
			return fmt.Errorf("commission: WithScores(nil)")
		}
		c.scores = s
		return nil
	}
}

// scoreRE finds the objectives a rule reads.
var scoreRE = regexp.MustCompile(`\bscore\.([A-Za-z_][A-Za-z0-9_]*)`)

// ReadScoresCSV reads scores from CSV with a header row: the columns
// payee, period (a period id such as FY2026-Q1), objective and score (a
// decimal, 1.2 for 120%, at least 0). name is the file name used in
// errors, which give the line and column of each bad field; every
// problem is reported at once, and a score given twice is refused.
//
//	payee,period,objective,score
//	ana,FY2026-Q1,pipeline_hygiene,1.2
func ReadScoresCSV(name string, r io.Reader) (ScoreMap, error) {
	rows, list, err := readCSV(name, r, "scores", []string{"payee", "period", "objective", "score"}, []string{"payee", "period", "objective", "score"})
	if err != nil {
		return nil, err
	}
	out := ScoreMap{}
	seen := map[[3]string]int{}
	for _, row := range rows {
		payee, ppos := row.get("payee")
		period, pdpos := row.get("period")
		obj, opos := row.get("objective")
		s, spos := row.get("score")
		ok := true
		for _, f := range []struct {
			v, what string
			pos     diag.Pos
		}{{payee, "payee", ppos}, {period, "period", pdpos}, {obj, "objective", opos}, {s, "score", spos}} {
			if f.v == "" {
				row.bad(&list, f.pos, diag.Missing, "missing %s", f.what)
				ok = false
			}
		}
		if obj != "" && !nameRE.MatchString(obj) {
			row.bad(&list, opos, diag.InvalidValue, "invalid objective %q: use letters, digits and _, starting with a letter, so that rules can read score.%s", obj, obj)
			ok = false
		}
		var v decimal.Decimal
		if s != "" {
			if v, err = money.ParseDecimal(s); err != nil {
				row.bad(&list, spos, diag.InvalidValue, "score: %v", err)
				ok = false
			} else if v.Sign() < 0 {
				row.bad(&list, spos, diag.InvalidValue, "a score cannot be negative, not %s", v)
				ok = false
			}
		}
		if !ok {
			continue
		}
		k := [3]string{payee, period, obj}
		if line, dup := seen[k]; dup {
			row.bad(&list, row.at(1), diag.DuplicateKey, "payee %s has two scores of %s in %s (also line %d)", payee, obj, period, line)
			continue
		}
		seen[k] = row.line
		if out[payee] == nil {
			out[payee] = map[string]map[string]decimal.Decimal{}
		}
		if out[payee][period] == nil {
			out[payee][period] = map[string]decimal.Decimal{}
		}
		out[payee][period][obj] = v
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// setScores reads the scores component c's rules read into pe.Score. It
// reports false when the component pays nothing: a score is missing and
// the component says skip.
func (ps *payeeState) setScores(c *component, pe *periodEnv) (bool, error) {
	if len(c.scores) == 0 {
		return true, nil
	}
	pe.Score = make(map[string]decimal.Decimal, len(c.scores))
	for _, obj := range c.scores {
		var v decimal.Decimal
		ok := false
		if src := ps.r.scores; src != nil {
			var err error
			if v, ok, err = src.Score(ps.payee, obj, ps.r.period); err != nil {
				return false, ps.fail(c, "", "score."+obj, err)
			}
		}
		if !ok {
			switch c.def.MissingScore {
			case MissingScoreZero:
			case MissingScoreSkip:
				return false, nil
			default:
				return false, fmt.Errorf("payee %s has no score of %s in %s, and plan %s, component %s reads score.%s (set missing_score: zero or skip in the component to pay without it)",
					ps.payee, obj, ps.r.period.ID, c.plan.id, c.def.ID, obj)
			}
		}
		pe.Score[obj] = v
	}
	return true, nil
}
