package process

import (
	"fmt"
	"sort"

	"github.com/shopspring/decimal"

	"github.com/salesplan/salesplan/calendar"
)

// Change is one stage change of a deal's history: deal Deal moved from
// stage From to stage To on Date.
type Change struct {
	Deal string        `json:"deal"`
	From string        `json:"from"`
	To   string        `json:"to"`
	Date calendar.Date `json:"date"`
}

// Places is the number of decimal places of the rates and averages of a
// [History], rounded half away from zero.
const Places = 4

// StageStats are the figures of one stage in a [History].
type StageStats struct {
	Stage string `json:"stage"`
	// Entered is the number of deals that were in the stage: they moved
	// into it, or their first change left it.
	Entered int `json:"entered"`
	// Advanced is how many of those later reached a later stage of the
	// process that is not a lost stage.
	Advanced int `json:"advanced"`
	// Conversion is Advanced / Entered; zero when Entered is.
	Conversion decimal.Decimal `json:"conversion"`
	// Stays is the number of completed stays in the stage whose start is
	// known (a move into it, then a move out of it), and AvgDays their
	// average length in days.
	Stays   int             `json:"stays"`
	AvgDays decimal.Decimal `json:"avg_days"`
}

// History is the conversion and velocity of a process, worked out from a
// history of stage changes.
type History struct {
	// Stages are the open stages of the process, in order.
	Stages []StageStats `json:"stages"`
	// Won and Lost count the deals whose last change put them in a won or
	// a lost stage; WinRate is Won / (Won + Lost), zero when no deal is
	// closed.
	Won     int             `json:"won"`
	Lost    int             `json:"lost"`
	WinRate decimal.Decimal `json:"win_rate"`
	// CycleDays is the average number of days from a won deal's first
	// change to the change that won it (its last move into a won stage).
	CycleDays decimal.Decimal `json:"cycle_days"`
}

// History works out conversion per stage, average days in stage, win rate
// and sales cycle length from changes, the stage changes of deals of
// process p in any order (they are sorted by date, stably, per deal). A
// change naming a stage p does not have is an error that names it.
func (p *Process) History(changes []Change) (History, error) {
	byDeal := map[string][]Change{}
	var ids []string
	for i, c := range changes {
		for _, s := range [2]string{c.From, c.To} {
			if _, ok := p.index[s]; !ok {
				return History{}, fmt.Errorf("change %d (deal %s): process %s has no stage %q", i, c.Deal, p.id, s)
			}
		}
		if _, ok := byDeal[c.Deal]; !ok {
			ids = append(ids, c.Deal)
		}
		byDeal[c.Deal] = append(byDeal[c.Deal], c)
	}
	n := len(p.stages)
	entered, advanced, stays, days := make([]int, n), make([]int, n), make([]int, n), make([]int, n)
	var h History
	var cycleSum int
	for _, id := range ids {
		cs := byDeal[id]
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].Date.Before(cs[j].Date) })
		// visited[i]: the deal was in stage i; reached later stages are
		// tracked by the highest non-lost position after each visit.
		seq := []int{p.index[cs[0].From]}
		for k, c := range cs {
			seq = append(seq, p.index[c.To])
			if k > 0 {
				from := p.index[c.From]
				stays[from]++
				days[from] += cs[k-1].Date.DaysUntil(c.Date)
			}
		}
		for i := range n {
			first := -1
			for k, s := range seq {
				if s == i {
					first = k
					break
				}
			}
			if first < 0 {
				continue
			}
			entered[i]++
			for _, s := range seq[first+1:] {
				if s > i && p.stages[s].Outcome != Lost {
					advanced[i]++
					break
				}
			}
		}
		last := p.stages[seq[len(seq)-1]]
		switch last.Outcome {
		case Won:
			h.Won++
			cycleSum += cs[0].Date.DaysUntil(cs[len(cs)-1].Date)
		case Lost:
			h.Lost++
		}
	}
	for i, s := range p.stages {
		if s.Outcome != "" {
			continue
		}
		st := StageStats{Stage: s.ID, Entered: entered[i], Advanced: advanced[i], Stays: stays[i]}
		st.Conversion = ratio(advanced[i], entered[i])
		st.AvgDays = ratio(days[i], stays[i])
		h.Stages = append(h.Stages, st)
	}
	h.WinRate = ratio(h.Won, h.Won+h.Lost)
	h.CycleDays = ratio(cycleSum, h.Won)
	return h, nil
}

func ratio(a, b int) decimal.Decimal {
	if b == 0 {
		return decimal.Decimal{}
	}
	return decimal.NewFromInt(int64(a)).DivRound(decimal.NewFromInt(int64(b)), Places)
}
