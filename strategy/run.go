package strategy

import (
	"fmt"
	"iter"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
)

// Run computes the payouts of the period with the given id (FY2027-Q1)
// from deals. With a process section, the processes qualify the deals:
// only those in a won stage, dated (won) inside the period, count, and
// deals may include the open pipeline and other periods. Without one,
// every deal given counts and each must be dated inside the period. The
// deals that count are credited, measured against quotas (the targets
// section) and rewarded by the plans in force. Options carry what varies
// per run: exchange rates, whether to write explanations.
//
// The result is deterministic: the same strategy and deals, in any order,
// give byte-identical JSON.
func (s *Strategy) Run(periodID string, deals []deal.Deal, opts ...commission.RunOption) (*commission.Result, error) {
	p, err := s.cal.Parse(periodID)
	if err != nil {
		return nil, fmt.Errorf("strategy %s: %w", s.name, err)
	}
	if s.proc != nil {
		if deals, err = s.proc.Qualify(deals, p); err != nil {
			return nil, err
		}
	}
	return s.comm.Run(p, deals, opts...)
}

// RunSeq is [Strategy.Run] for deals that arrive one at a time (from a
// database cursor, a file being read): it takes the deals from seq until
// seq ends or yields an error, which stops the run and is returned. The
// engine orders deals by date and id, so it holds the period's deals in
// memory while it runs.
func (s *Strategy) RunSeq(periodID string, seq iter.Seq2[deal.Deal, error], opts ...commission.RunOption) (*commission.Result, error) {
	var deals []deal.Deal
	for d, err := range seq {
		if err != nil {
			return nil, err
		}
		deals = append(deals, d)
	}
	return s.Run(periodID, deals, opts...)
}
