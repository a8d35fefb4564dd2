package process

import (
	"fmt"
	"sort"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/shopspring/decimal"
)

// Teams maps a member to their team on a date; false when the member is in
// no team. *strategy.Org and commission.Org implement it.
type Teams interface {
	TeamOf(member string, d calendar.Date) (string, bool)
}

// PipelineOptions are the inputs of [Book.Pipeline] besides the deals.
type PipelineOptions struct {
	// Teams, when not nil, groups the pipeline by the owner's team on the
	// deal's expected close date; members in no team go under "".
	Teams Teams
	// Calendar and Kind, when Kind is not zero, group the pipeline by the
	// period of the expected close date (FY2027-Q1); deals with no close
	// date go under "".
	Calendar calendar.Calendar
	Kind     calendar.Kind
}

// Line is one group of a pipeline: the number of open deals, their total
// amount, and their amount weighted by the probability of their stage.
type Line struct {
	Key      string          `json:"key"`
	Deals    int             `json:"deals"`
	Amount   decimal.Decimal `json:"amount"`
	Weighted decimal.Decimal `json:"weighted"`
}

// PipelineReport is the weighted pipeline of the open deals, in total and
// by stage, owner, team, channel and period of expected close. Each list is
// sorted by key.
type PipelineReport struct {
	Currency  string `json:"currency,omitempty"`
	Total     Line   `json:"total"`
	ByStage   []Line `json:"by_stage"`
	ByOwner   []Line `json:"by_owner"`
	ByTeam    []Line `json:"by_team,omitempty"`
	ByChannel []Line `json:"by_channel"`
	ByPeriod  []Line `json:"by_period,omitempty"`
}

// Pipeline returns the weighted pipeline (amount × stage probability) of
// the deals in open stages; won and lost deals are left out. All open
// deals must share one currency: convert amounts first. A deal whose
// process or stage cannot be determined is an error that names it, and
// so are two deals with one id ([deal.CheckIDs]).
func (b *Book) Pipeline(deals []deal.Deal, opt PipelineOptions) (PipelineReport, error) {
	var r PipelineReport
	if err := deal.CheckIDs(deals); err != nil {
		return PipelineReport{}, err
	}
	groups := [5]map[string]*Line{{}, {}, {}, {}, {}}
	r.Total.Key = "total"
	for i := range deals {
		d := &deals[i]
		s, err := b.stageOf(d)
		if err != nil {
			return PipelineReport{}, err
		}
		if s.Outcome != "" {
			continue
		}
		if r.Currency == "" {
			r.Currency = d.Currency
		} else if d.Currency != r.Currency {
			return PipelineReport{}, fmt.Errorf("deal %s: currency %s differs from %s; convert amounts before the pipeline", d.ID, d.Currency, r.Currency)
		}
		w := d.Amount.Mul(s.Probability)
		keys := [5]string{s.ID, d.Owner, "", d.Channel, ""}
		if opt.Teams != nil {
			keys[2], _ = opt.Teams.TeamOf(d.Owner, d.CloseDate)
		}
		if opt.Kind != 0 && !d.CloseDate.IsZero() {
			keys[4] = opt.Calendar.PeriodOf(opt.Kind, d.CloseDate).ID
		}
		r.Total.add(d.Amount, w)
		for g, k := range keys {
			l := groups[g][k]
			if l == nil {
				l = &Line{Key: k}
				groups[g][k] = l
			}
			l.add(d.Amount, w)
		}
	}
	r.ByStage = sorted(groups[0])
	r.ByOwner = sorted(groups[1])
	if opt.Teams != nil {
		r.ByTeam = sorted(groups[2])
	}
	r.ByChannel = sorted(groups[3])
	if opt.Kind != 0 {
		r.ByPeriod = sorted(groups[4])
	}
	return r, nil
}

func (l *Line) add(amount, weighted decimal.Decimal) {
	l.Deals++
	l.Amount = l.Amount.Add(amount)
	l.Weighted = l.Weighted.Add(weighted)
}

func sorted(m map[string]*Line) []Line {
	out := make([]Line, 0, len(m))
	for _, l := range m {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
