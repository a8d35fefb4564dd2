package commission

import (
	"fmt"
	"io"
	"regexp"
	"slices"

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

// ScorePeriods is implemented by a [Scores] that reads a run's scores
// under another period than the run's: package strategy reads those of a
// run over the year to date (FY2026-Q2-YTD) under the period it ends with
// (FY2026-Q2). ScorePeriod returns the period whose scores a run of p
// reads, which the error of a missing score names.
type ScorePeriods interface {
	Scores
	ScorePeriod(p calendar.Period) calendar.Period
}

// scorePeriod is the id of the period whose scores a run of p reads
// from src.
func scorePeriod(src Scores, p calendar.Period) string {
	if sp, ok := src.(ScorePeriods); ok {
		return sp.ScorePeriod(p).ID
	}
	return p.ID
}

// ScoreMap is a [Scores] keyed by member, then period id, then objective.
type ScoreMap map[string]map[string]map[string]decimal.Decimal

// Score implements [Scores].
func (m ScoreMap) Score(member, objective string, p calendar.Period) (decimal.Decimal, bool, error) {
	v, ok := m[member][p.ID][objective]
	return v, ok, nil
}

// ScoreRows lists every score of m, sorted by payee, period and
// objective, with no position: a map built in Go was read from no file.
func (m ScoreMap) ScoreRows() []ScoreRow {
	var out []ScoreRow
	for _, payee := range sortedKeys(m) {
		for _, period := range sortedKeys(m[payee]) {
			for _, obj := range sortedKeys(m[payee][period]) {
				out = append(out, ScoreRow{Payee: payee, Period: period, Objective: obj, Score: m[payee][period][obj]})
			}
		}
	}
	return out
}

// ScoreRow is one score as it was given: the payee, the period id, the
// objective and the score, with the line of the scores file it was read
// from (Pos is zero for a score given in Go).
type ScoreRow struct {
	Payee, Period, Objective string
	Score                    decimal.Decimal
	Pos                      diag.Pos
}

// ScoreLister is a [Scores] that lists every score it holds, so that a
// caller that knows the calendar and the organisation can check them
// before a run: a score is looked up by payee, period id and objective,
// and one whose period is not a period of the calendar, whose payee is
// not a member or whose objective no rule reads is never read. [ScoreMap]
// and [ScoreFile] implement it; the runs of package strategy check the
// scores of every ScoreLister they are given.
type ScoreLister interface {
	Scores
	ScoreRows() []ScoreRow
}

// ScoreFile is a scores file read by [ReadScoresCSV]: the scores, and the
// line each was read from. It is a [Scores] (and a [ScoreLister]), never
// changed once read, and safe for concurrent use.
type ScoreFile struct {
	rows []ScoreRow
	// index is each score's row, by payee, period id and objective: one
	// map, not a ScoreMap's three levels (a file of a million payees held
	// two million maps)
	index map[[3]string]int
}

// Score implements [Scores].
func (f *ScoreFile) Score(member, objective string, p calendar.Period) (decimal.Decimal, bool, error) {
	i, ok := f.index[[3]string{member, p.ID, objective}]
	if !ok {
		return decimal.Zero, false, nil
	}
	return f.rows[i].Score, true, nil
}

// Map returns the scores by member, period id and objective, a new map
// the caller's to keep.
func (f *ScoreFile) Map() ScoreMap {
	out := ScoreMap{}
	for _, r := range f.rows {
		if out[r.Payee] == nil {
			out[r.Payee] = map[string]map[string]decimal.Decimal{}
		}
		if out[r.Payee][r.Period] == nil {
			out[r.Payee][r.Period] = map[string]decimal.Decimal{}
		}
		out[r.Payee][r.Period][r.Objective] = r.Score
	}
	return out
}

// ScoreRows implements [ScoreLister]: the scores in the order of the
// file, each with the position of its line.
func (f *ScoreFile) ScoreRows() []ScoreRow { return slices.Clone(f.rows) }

// Objectives returns the objectives the engine's rules read as
// score.<objective>, sorted.
func (e *Engine) Objectives() []string {
	var out []string
	for _, p := range e.plans {
		for _, c := range p.comps {
			for _, o := range c.scores {
				if !slices.Contains(out, o) {
					out = append(out, o)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// RunInputs are the scores and compensation terms that a run reads: those
// its options give ([WithScores], [WithTerms]), or else the engine's
// ([Config.Scores], [Config.Terms]); nil when there are none.
type RunInputs struct {
	Scores Scores
	Terms  Terms
}

// RunInputs returns the scores and terms a run with opts reads, so that
// a caller can check them before the run (against the calendar and the
// organisation, say); the error is an option's.
func (e *Engine) RunInputs(opts ...RunOption) (RunInputs, error) {
	var rc runConfig
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&rc); err != nil {
			return RunInputs{}, err
		}
	}
	in := RunInputs{Scores: e.cfg.Scores, Terms: e.cfg.Terms}
	if rc.scores != nil {
		in.Scores = rc.scores
	}
	if rc.terms != nil {
		in.Terms = rc.terms
	}
	return in, nil
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
// problem is reported at once, and a score given twice is refused. The
// file keeps the line of each score ([ScoreFile.ScoreRows]): a period id
// the calendar does not have or a payee the organisation does not know
// is not an error of the file, which knows neither, but of the runs of
// package strategy, which check the scores against both and name the
// line.
//
//	payee,period,objective,score
//	ana,FY2026-Q1,pipeline_hygiene,1.2
func ReadScoresCSV(name string, r io.Reader) (*ScoreFile, error) {
	var read []ScoreRow
	seen := map[[3]string]int{}
	var list diag.List
	cols := []string{"payee", "period", "objective", "score"}
	problems, err := readCSV(name, r, "scores", cols, cols, func(row csvRow) {
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
			var perr error
			if v, perr = money.ParseDecimal(s); perr != nil {
				row.bad(&list, spos, diag.InvalidValue, "score: %v", perr)
				ok = false
			} else if v.Sign() < 0 {
				row.bad(&list, spos, diag.InvalidValue, "a score cannot be negative, not %s", v)
				ok = false
			}
		}
		if !ok {
			return
		}
		k := [3]string{payee, period, obj}
		if i, dup := seen[k]; dup {
			row.bad(&list, row.at(1), diag.DuplicateKey, "payee %s has two scores of %s in %s (also line %d)", payee, obj, period, read[i].Pos.Line)
			return
		}
		seen[k] = len(read)
		read = append(read, ScoreRow{Payee: payee, Period: period, Objective: obj, Score: v, Pos: row.at(1)})
	})
	if err != nil {
		return nil, err
	}
	list = append(problems, list...)
	if err := list.Err(); err != nil {
		return nil, err
	}
	return &ScoreFile{rows: read, index: seen}, nil
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
					ps.payee, obj, scorePeriod(ps.r.scores, ps.r.period), c.plan.id, c.def.ID, obj)
			}
		}
		pe.Score[obj] = v
	}
	return true, nil
}
