package targets

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// Capacity returns what an owner's members can be expected to carry of
// measure in p: their quotas, prorated and ramped as [Book.RollUp] adds
// them up (managers left out), times the expected attainment rate, rounded to the minor unit:
//
//	capacity = rate × Σ_members Σ_samples a_b / n_b × s_m(d)
//
// where, for each sample day d of p on which member m belongs to the
// owner, a_b is the amount of the target part (bucket) in force, n_b its
// number of samples, and s_m(d) the share m carries that day (0 when not in
// place, the ramp share in their month of tenure, else 1). With rate 0.8,
// a team of two ramped reps on 100,000 each and a new hire at 50% of
// ramp on the same quota carries 0.8 × 250,000 = 200,000. A rate is from 0
// to 10.
func (b *Book) Capacity(kind, id, measure string, p calendar.Period, rate decimal.Decimal) (decimal.Decimal, error) {
	if !inRange(rate) || rate.Sign() < 0 || rate.GreaterThan(decimal.NewFromInt(10)) {
		return decimal.Decimal{}, diag.Errorf("", diag.InvalidInput, "attainment rate %s is not between 0 and 10", clipNum(rate))
	}
	sum, _, _, err := b.target(kind, id, measure, p, false, false)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return b.rounding.Round(sum.Mul(rate), b.placesOf(measure)), nil
}

// CapacityPlan answers the two planning questions of a sales leader for a
// horizon of some months: how much does a rep carry, and how many reps
// (or new hires) does a target need. It is a plain value; its methods
// check it and return an error for a plan that cannot be worked out.
//
// With Q the monthly quota of a fully ramped rep, r the expected
// attainment, M the months of the horizon, a the yearly attrition and s_i
// the ramp share in month i of tenure (the last share after the ramp; 1
// without a ramp), the formulas are:
//
//	k       = 1 − a × M / 24             share of the horizon a rep is expected to stay
//	ramped  = Q × r × M × k              what a fully ramped rep carries
//	newHire = Q × r × (s_1 + … + s_M) × k   what a rep hired on day one carries
//	heads   = ⌈target / ramped⌉           fully ramped reps a target needs
//	hires   = ⌈(target − carried) / newHire⌉   new hires to close a gap
//
// k assumes that leavers go at an even pace over the horizon and are not
// replaced inside it, so each is there half of it on average: with 20%
// yearly attrition over 12 months, k = 0.9.
type CapacityPlan struct {
	// Months is the length of the horizon, 1 to 120: 12 for a year.
	Months int `yaml:"months" json:"months"`
	// Quota is a fully ramped rep's quota per month.
	Quota decimal.Decimal `yaml:"quota" json:"quota"`
	// Attainment is the expected attainment of quota, 0.8 for 80%; zero
	// means 1.
	Attainment decimal.Decimal `yaml:"attainment" json:"attainment,omitzero"`
	// Ramp is a new hire's quota share by month of tenure, as in [Ramp].
	Ramp []decimal.Decimal `yaml:"ramp" json:"ramp,omitempty"`
	// Attrition is the share of reps expected to leave in a year, 0 to 1.
	Attrition decimal.Decimal `yaml:"attrition" json:"attrition,omitzero"`
}

// ErrPlan is wrapped by the errors of a [CapacityPlan] that cannot be
// worked out.
var ErrPlan = errors.New("invalid capacity plan")

func (pl CapacityPlan) check() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrPlan}, args...)...))
	}
	if pl.Months < 1 || pl.Months > 120 {
		bad("months %d is not between 1 and 120", pl.Months)
	}
	if !inRange(pl.Quota) || pl.Quota.Sign() <= 0 {
		bad("quota %s must be positive and below 10^%d", clipNum(pl.Quota), maxExponent)
	}
	if !inRange(pl.Attainment) || pl.Attainment.Sign() < 0 || pl.Attainment.GreaterThan(decimal.NewFromInt(10)) {
		bad("attainment %s is not between 0 and 10", clipNum(pl.Attainment))
	}
	if !inRange(pl.Attrition) || pl.Attrition.Sign() < 0 || pl.Attrition.GreaterThan(one) {
		bad("attrition %s is not between 0 and 1", clipNum(pl.Attrition))
	}
	for i, s := range pl.Ramp {
		if !inRange(s) || s.Sign() < 0 || s.GreaterThan(one) {
			bad("ramp share %d (%s) is not between 0 and 1", i+1, clipNum(s))
		}
	}
	if len(errs) == 0 && pl.stay().Sign() <= 0 {
		bad("attrition %s over %d months leaves no one", pl.Attrition, pl.Months)
	}
	return errors.Join(errs...)
}

// stay returns k = 1 − a × M / 24.
func (pl CapacityPlan) stay() *big.Rat {
	k := new(big.Rat).Mul(pl.Attrition.Rat(), big.NewRat(int64(pl.Months), 24))
	return k.Sub(big.NewRat(1, 1), k)
}

func (pl CapacityPlan) rate() *big.Rat {
	if pl.Attainment.IsZero() {
		return big.NewRat(1, 1)
	}
	return pl.Attainment.Rat()
}

func (pl CapacityPlan) ramped() *big.Rat {
	r := new(big.Rat).Mul(pl.Quota.Rat(), pl.rate())
	r.Mul(r, big.NewRat(int64(pl.Months), 1))
	return r.Mul(r, pl.stay())
}

func (pl CapacityPlan) newHire() *big.Rat {
	shares := new(big.Rat)
	for i := 1; i <= pl.Months; i++ {
		s := big.NewRat(1, 1)
		if n := len(pl.Ramp); n > 0 {
			s = pl.Ramp[min(i, n)-1].Rat()
		}
		shares.Add(shares, s)
	}
	r := new(big.Rat).Mul(pl.Quota.Rat(), pl.rate())
	r.Mul(r, shares)
	return r.Mul(r, pl.stay())
}

// Ramped returns what a fully ramped rep carries over the horizon,
// Q × r × M × k, to [RatioPlaces] places.
func (pl CapacityPlan) Ramped() (decimal.Decimal, error) {
	if err := pl.check(); err != nil {
		return decimal.Decimal{}, err
	}
	return roundRat(pl.ramped(), RatioPlaces, money.HalfEven), nil
}

// NewHire returns what a rep hired on the first day of the horizon
// carries over it, Q × r × (s_1 + … + s_M) × k, to [RatioPlaces] places.
func (pl CapacityPlan) NewHire() (decimal.Decimal, error) {
	if err := pl.check(); err != nil {
		return decimal.Decimal{}, err
	}
	return roundRat(pl.newHire(), RatioPlaces, money.HalfEven), nil
}

// Heads returns how many fully ramped reps target needs: ⌈target /
// ramped⌉, 0 for a target of zero or less.
func (pl CapacityPlan) Heads(target decimal.Decimal) (int, error) {
	if err := pl.check(); err != nil {
		return 0, err
	}
	return ceilDiv(target, decimal.Zero, pl.ramped())
}

// Hires returns how many new hires, starting on the first day of the
// horizon, it takes to close the gap between target and what the current
// team carries (carried, from [Book.Capacity] say): ⌈(target − carried) /
// newHire⌉, 0 when there is no gap.
func (pl CapacityPlan) Hires(target, carried decimal.Decimal) (int, error) {
	if err := pl.check(); err != nil {
		return 0, err
	}
	return ceilDiv(target, carried, pl.newHire())
}

// ceilDiv returns ⌈(target − carried) / per⌉, at least 0.
func ceilDiv(target, carried decimal.Decimal, per *big.Rat) (int, error) {
	if !inRange(target) || !inRange(carried) {
		return 0, fmt.Errorf("%w: target %s or carried %s is out of range", ErrPlan, clipNum(target), clipNum(carried))
	}
	gap := target.Sub(carried)
	if gap.Sign() <= 0 {
		return 0, nil
	}
	if per.Sign() <= 0 {
		return 0, fmt.Errorf("%w: a rep carries nothing over the horizon (ramp too long or attainment zero)", ErrPlan)
	}
	q := new(big.Rat).Quo(gap.Rat(), per)
	n := ceilRat(q, 0)
	if n.GreaterThan(decimal.NewFromInt(1_000_000_000)) {
		return 0, fmt.Errorf("%w: the target needs more than a billion reps", ErrPlan)
	}
	return int(n.IntPart()), nil
}
