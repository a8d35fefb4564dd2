package strategy

import (
	"fmt"

	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/deal"
)

// Run computes the payouts of the period with the given id (FY2027-Q1)
// from the period's deals: every deal given counts, credited, measured
// against quotas and rewarded by the plans in force. Options carry what
// varies per run: exchange rates, whether to write explanations.
//
// The result is deterministic: the same strategy and deals, in any order,
// give byte-identical JSON.
func (s *Strategy) Run(periodID string, deals []deal.Deal, opts ...commission.RunOption) (*commission.Result, error) {
	p, err := s.cal.Parse(periodID)
	if err != nil {
		return nil, fmt.Errorf("strategy %s: %w", s.name, err)
	}
	return s.comm.Run(p, deals, opts...)
}
