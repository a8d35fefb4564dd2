package process

import (
	"fmt"
	"slices"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// Targets gives the target of a member, team or channel for a measure and
// a period; ok is false when there is none. The targets package's Book
// implements it (Book.TargetOf): a member's target is their quota; a
// team's or channel's is its own target, and on the days it has none the
// sum of its members' quotas, leaving out the members who manage a team
// that day, since a manager's quota is their team's number and not an
// addition to it.
type Targets interface {
	TargetOf(kind, id, measure string, p calendar.Period) (decimal.Decimal, bool, error)
}

// The kinds of [Scope].
const (
	Member  = "member"
	Team    = "team"
	Channel = "channel"
)

// Scope is whose forecast [Book.Forecast] makes: a member (the deals they
// own), a team (the deals owned by its members, by Teams on each deal's
// date, and, when Teams also has a TeamPath(team, date) method as
// strategy's Org does, by the members of the teams below it in the tree
// of that date), or a channel.
type Scope struct {
	// Kind is [Member], [Team] or [Channel].
	Kind string `json:"kind"`
	ID   string `json:"id"`
	// Teams maps owners to teams; it is required for a [Team] scope.
	Teams Teams `json:"-"`
}

// Forecast is a forecast for one scope and period against its target.
// The amounts are unweighted; Commit, BestCase and Pipeline are disjoint
// (a deal counts in one category only).
type Forecast struct {
	Period string `json:"period"`
	Scope  string `json:"scope"`
	// Won is the amount of the deals won in the period ([Book.Qualify]).
	Won decimal.Decimal `json:"won"`
	// Commit, BestCase and Pipeline are the open deals expected to close
	// in the period (by CloseDate), by forecast category; omitted deals
	// count nowhere.
	Commit   decimal.Decimal `json:"commit"`
	BestCase decimal.Decimal `json:"best_case"`
	Pipeline decimal.Decimal `json:"pipeline"`
	// Open is Commit + BestCase + Pipeline.
	Open decimal.Decimal `json:"open"`
	// HasTarget is false when Targets has no target for the scope; then
	// Target, Remaining and Coverage are zero.
	HasTarget bool            `json:"has_target"`
	Target    decimal.Decimal `json:"target"`
	// Remaining is Target − Won, never below zero.
	Remaining decimal.Decimal `json:"remaining"`
	// Coverage is Open / Remaining, rounded to [Places]; HasCoverage is
	// false when there is no remaining quota (no ratio).
	HasCoverage bool            `json:"has_coverage"`
	Coverage    decimal.Decimal `json:"coverage"`
}

// ForecastAttr is the deal attribute that, when set to a category name,
// overrides the forecast category of the deal's stage.
const ForecastAttr = "forecast_category"

// Forecast makes the forecast of scope for period p: the deals won in p
// (their Date in p), the open deals expected to close in p (their
// CloseDate in p) by forecast category, and the target of measure from
// targets (nil for none; see [Targets] for a team without a target of its
// own), the remaining quota and the coverage ratio. The
// forecast category of an open deal is its attrs.forecast_category when
// set, else its stage's. A deal whose process or stage cannot be
// determined, or with an unknown category, is an error that names it, and
// so are two deals with one id ([deal.CheckIDs]).
func (b *Book) Forecast(deals []deal.Deal, p calendar.Period, scope Scope, targets Targets, measure string) (Forecast, error) {
	f := Forecast{Period: p.ID, Scope: scope.Kind + " " + scope.ID}
	switch scope.Kind {
	case Member, Channel:
	case Team:
		if scope.Teams == nil {
			return Forecast{}, fmt.Errorf("forecast of team %s: no Teams given", scope.ID)
		}
	default:
		return Forecast{}, fmt.Errorf("forecast: unknown scope kind %q (want member, team or channel)", scope.Kind)
	}
	if err := deal.CheckIDs(deals); err != nil {
		return Forecast{}, err
	}
	currency := ""
	for i := range deals {
		d := &deals[i]
		s, err := b.stageOf(d)
		if err != nil {
			return Forecast{}, err
		}
		var on calendar.Date
		switch s.Outcome {
		case Won:
			on = d.Date
		case Lost:
			continue
		default:
			on = d.CloseDate
		}
		if !p.Contains(on) || !scope.has(d, on) {
			continue
		}
		if currency == "" {
			currency = d.Currency
		} else if d.Currency != currency {
			return Forecast{}, fmt.Errorf("deal %s: currency %s differs from %s: convert the deals to one currency before forecasting", d.ID, d.Currency, currency)
		}
		if s.Outcome == Won {
			f.Won = f.Won.Add(d.Amount)
			continue
		}
		cat := s.Forecast
		if v, ok := d.Attrs.Get(ForecastAttr); ok {
			str, isStr := v.(string)
			if !isStr || (str != "" && !Category(str).valid()) {
				return Forecast{}, fmt.Errorf("deal %s: attrs.%s: unknown forecast category %v (want commit, best_case, pipeline or omitted)", d.ID, ForecastAttr, v)
			}
			if str != "" {
				cat = Category(str)
			}
		}
		switch cat {
		case Commit:
			f.Commit = f.Commit.Add(d.Amount)
		case BestCase:
			f.BestCase = f.BestCase.Add(d.Amount)
		case Pipeline:
			f.Pipeline = f.Pipeline.Add(d.Amount)
		}
	}
	f.Open = f.Commit.Add(f.BestCase).Add(f.Pipeline)
	if targets == nil {
		return f, nil
	}
	t, ok, err := targets.TargetOf(scope.Kind, scope.ID, measure, p)
	if err != nil {
		return Forecast{}, fmt.Errorf("forecast of %s %s: target: %w", scope.Kind, scope.ID, err)
	}
	if !ok {
		return f, nil
	}
	f.HasTarget, f.Target = true, t
	f.Remaining = decimal.Max(t.Sub(f.Won), decimal.Zero)
	if f.Remaining.IsPositive() {
		f.HasCoverage = true
		f.Coverage = f.Open.DivRound(f.Remaining, Places)
	}
	return f, nil
}

func (s Scope) has(d *deal.Deal, on calendar.Date) bool {
	switch s.Kind {
	case Member:
		return d.Owner == s.ID
	case Channel:
		return d.Channel == s.ID
	}
	t, ok := s.Teams.TeamOf(d.Owner, on)
	if !ok {
		return false
	}
	if tp, ok := s.Teams.(teamPather); ok {
		// the team and the teams below it, as team targets count them
		return slices.Contains(tp.TeamPath(t, on), s.ID)
	}
	return t == s.ID
}

// teamPather is implemented by organisations that know the team tree
// (strategy's Org): TeamPath returns a team and the teams above it on d.
type teamPather interface {
	TeamPath(team string, d calendar.Date) []string
}
