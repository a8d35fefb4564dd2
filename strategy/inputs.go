package strategy

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/targets"
	"github.com/shopspring/decimal"
)

// What a run reads besides the deals, checked against the strategy: the
// scores and the members' terms that the options give. A score is looked
// up by payee, period id and objective, and a member's terms by the
// member id, so a score of a period the calendar does not have (2026-Q1
// for FY2026-Q1), of a payee who is not a member, or of an objective no
// rule reads, and the terms of an id that is not a member, are never
// read: a run refuses them, naming the line of the file.

// checkInputs checks the scores and terms that a run with opts reads,
// when they list what they hold (commission.ScoreLister,
// commission.TermLister), and returns the options with the scores of a
// year-to-date run looked up under the period it ends with
// (yearToDateScores).
func (s *Strategy) checkInputs(p calendar.Period, opts []commission.RunOption) ([]commission.RunOption, error) {
	in, err := s.comm.RunInputs(opts...)
	if err != nil {
		return nil, err
	}
	var list diag.List
	if sl, ok := in.Scores.(commission.ScoreLister); ok {
		s.checkScores(&list, p, sl.ScoreRows())
	}
	if tl, ok := in.Terms.(commission.TermLister); ok {
		members := s.org.MemberIDs()
		for i, r := range tl.TermRows() {
			if _, ok := s.org.Member(r.Payee); ok {
				continue
			}
			pr := list.Add(fmt.Sprintf("terms[%d].payee", i), diag.UnknownRef, "terms of %s, who is not a member of the strategy: they would never be read", shown(r.Payee))
			pr.Hint = diag.DidYouMean(r.Payee, members)
			if r.Pos.IsValid() {
				pr.Pos, pr.Path = r.Pos, ""
			}
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	if in.Scores != nil && s.comm.Yearly() {
		opts = append(opts[:len(opts):len(opts)], commission.WithScores(yearToDateScores{src: in.Scores, cal: s.cal}))
	}
	return opts, nil
}

// checkScores reports the scores no run of the strategy reads.
func (s *Strategy) checkScores(list *diag.List, p calendar.Period, rows []commission.ScoreRow) {
	members := s.org.MemberIDs()
	objectives := s.comm.Objectives()
	for i, r := range rows {
		at := func(field, format string, args ...any) *diag.Problem {
			pr := list.Add(fmt.Sprintf("scores[%d].%s", i, field), diag.UnknownRef, format, args...)
			if r.Pos.IsValid() {
				pr.Pos, pr.Path = r.Pos, ""
			}
			return pr
		}
		if q, err := s.cal.Parse(r.Period); err != nil || q.ID != r.Period {
			pr := at("period", "%s's score of %s is for %q, which is not a period of the calendar, so no run reads it: %s",
				r.Payee, r.Objective, r.Period, periodIDs(s.cal, p.FiscalYear))
			pr.Code = diag.InvalidPeriod
			pr.Hint = diag.DidYouMean(r.Period, periodsAround(s.cal, p.FiscalYear))
			if up := strings.ToUpper(r.Period); up != r.Period {
				if q, err := s.cal.Parse(up); err == nil && q.ID == up {
					pr.Hint = "did you mean " + up + "?" // fy2026-q1 is nearer FY2026-H1 by edits
				}
			}
			if base, ok := strings.CutSuffix(r.Period, "-YTD"); ok {
				pr.Hint = fmt.Sprintf("a plan on a yearly horizon reads, for the year to date to the end of %s, the score given for %s", base, base)
			}
		}
		if _, ok := s.org.Member(r.Payee); !ok {
			pr := at("payee", "a score of %s in %s for %s, who is not a member of the strategy: it would never be read", r.Objective, r.Period, shown(r.Payee))
			pr.Hint = diag.DidYouMean(r.Payee, members)
		}
		if !slices.Contains(objectives, r.Objective) {
			read := "no rule reads a score"
			if len(objectives) > 0 {
				read = "the rules read score." + strings.Join(objectives, ", score.")
			}
			pr := at("objective", "%s's score of %s in %s: no rule reads score.%s (%s), so it would never be read", r.Payee, r.Objective, r.Period, r.Objective, read)
			pr.Hint = diag.DidYouMean(r.Objective, objectives)
		}
	}
}

// shown is an id read from a file as a message shows it: as it is, or
// quoted when it holds a space or a character that does not print (a
// NUL byte read as "ana " otherwise).
func shown(id string) string {
	if strings.IndexFunc(id, func(r rune) bool { return !unicode.IsPrint(r) || unicode.IsSpace(r) }) >= 0 || id == "" {
		return strconv.Quote(id)
	}
	return id
}

// periodIDs says what the ids of the calendar's periods look like, those
// of fiscal year fy.
func periodIDs(cal calendar.Calendar, fy int) string {
	y := cal.Year(fy).ID
	return fmt.Sprintf("the periods of %s are %s, %s-H1 and -H2, %s-Q1 to -Q4 and %s-M01 to -M12", y, y, y, y, y)
}

// periodsAround lists the ids of every period of fiscal years fy − 1 to
// fy + 1, for a did-you-mean.
func periodsAround(cal calendar.Calendar, fy int) []string {
	var ids []string
	for y := max(fy-1, 1); y <= fy+1; y++ {
		for k := calendar.Year; k <= calendar.Month; k++ {
			for _, q := range cal.Periods(y, k) {
				ids = append(ids, q.ID)
			}
		}
	}
	return ids
}

// yearToDate runs and the period they end with. A plan on a yearly
// horizon is computed over the year to date (FY2026-Q2-YTD: the year's
// first day to the end of FY2026-Q2), and its line for the period is the
// year to date now less the year to date at the end of the period before.
// What its rules read of the period is read for the year to date:
//
//   - score.<objective> is the score given for the period the year to
//     date ends with (FY2026-Q2), which is the score of the year to date
//     at its end: the period's line pays the change from the score given
//     for the period before. A score given for the fiscal year (FY2026)
//     is read by a run of the year only.
//   - stretch.<measure> is the sum of the stretch targets of the periods
//     of that kind from the year's first to it, as the quota is (the
//     year-to-date stretch target of FY2026-Q2 is Q1's plus Q2's).

// baseOf returns the period a year-to-date span ends with: FY2026-Q2 for
// FY2026-Q2-YTD, which runs from the first day of FY2026 to the end of
// FY2026-Q2; ok is false for any other period.
func baseOf(cal calendar.Calendar, p calendar.Period) (calendar.Period, bool) {
	id, ok := strings.CutSuffix(p.ID, "-YTD")
	if !ok {
		return calendar.Period{}, false
	}
	q, err := cal.Parse(id)
	if err != nil || q.End != p.End || p.Start != cal.Year(q.FiscalYear).Start {
		return calendar.Period{}, false
	}
	return q, true
}

// yearToDateScores reads the scores of a year-to-date run under the
// period it ends with, and those of any other period under its own.
type yearToDateScores struct {
	src commission.Scores
	cal calendar.Calendar
}

func (y yearToDateScores) Score(member, objective string, p calendar.Period) (decimal.Decimal, bool, error) {
	return y.src.Score(member, objective, y.ScorePeriod(p))
}

// ScorePeriod implements commission.ScorePeriods: a missing score of a
// year-to-date run names the period the scores are given for.
func (y yearToDateScores) ScorePeriod(p calendar.Period) calendar.Period {
	if q, ok := baseOf(y.cal, p); ok {
		return q
	}
	return p
}

// yearToDateStretch gives the stretch target of a year-to-date run: the
// sum of the stretch targets of its base's kind of period from the
// year's first to its base; any other period's is the book's.
type yearToDateStretch struct {
	book *targets.Book
	cal  calendar.Calendar
}

func (y yearToDateStretch) Stretch(member, measure string, p calendar.Period) (decimal.Decimal, bool, error) {
	base, ok := baseOf(y.cal, p)
	if !ok {
		return y.book.Stretch(member, measure, p)
	}
	sum, found := decimal.Zero, false
	for _, q := range y.cal.Periods(base.FiscalYear, base.Kind) {
		if q.Start.After(base.End) {
			break
		}
		v, ok, err := y.book.Stretch(member, measure, q)
		if err != nil {
			return decimal.Zero, false, err
		}
		if ok {
			sum, found = sum.Add(v), true
		}
	}
	return sum, found, nil
}
