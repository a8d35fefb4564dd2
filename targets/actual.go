package targets

import (
	"fmt"
	"math/big"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// RatioPlaces is the number of decimal places of an attainment ratio
// (actual / target), rounded half-even: 0.8333333333 for 5 of 6.
const RatioPlaces = 10

// Credit is what one member was credited of one deal, as the commission
// engine's crediting step gives it: only the credited share counts toward
// attainment.
type Credit struct {
	// Deal identifies the deal.
	Deal string `yaml:"deal" json:"deal"`
	// Member is the member credited.
	Member string `yaml:"member" json:"member"`
	// Date is the credit date: the day the member's and their teams'
	// membership is read.
	Date calendar.Date `yaml:"date" json:"date"`
	// Measure is what is credited (bookings, margin…).
	Measure string `yaml:"measure" json:"measure"`
	// Amount is the member's credited share of the deal's measure: 40,000
	// of a 100,000 deal split 40/60. A return is negative.
	Amount decimal.Decimal `yaml:"amount" json:"amount"`
	// DealTotal is the deal's whole amount of the measure, the most that
	// any owner is credited for it (in absolute value), however many of
	// its members share the deal.
	DealTotal decimal.Decimal `yaml:"deal_total" json:"deal_total"`
}

// Actual returns what an owner achieved of measure in p: the credits of
// measure dated in p of the members who belong to the owner on each
// credit's date (for a member, their own credits).
//
// Only credited shares count, and a deal is never counted twice: for each
// deal, the owner's actual is the sum of its members' credited shares,
// capped at the deal's total in absolute value. A team whose two members
// share a 100,000 deal with 100% credit each (an overlay) counts 100,000;
// one whose member has a 40% split counts 40,000.
//
// Credits are checked first, all of them: a credit with an empty deal or
// measure, an unknown member, an invalid date, an amount larger than its
// deal's total or of the other sign, or a deal whose credits disagree on
// its total, is an error (a [diag.List] of [diag.InvalidInput] problems
// with paths such as credits[3].member).
func (b *Book) Actual(kind, id, measure string, p calendar.Period, credits []Credit) (decimal.Decimal, error) {
	if err := b.check(kind, id, measure, p); err != nil {
		return decimal.Decimal{}, err
	}
	if err := b.checkCredits(credits); err != nil {
		return decimal.Decimal{}, err
	}
	return b.actual(kind, id, measure, p.Start, p.End, credits), nil
}

func (b *Book) checkCredits(credits []Credit) error {
	var list diag.List
	type dealMeasure struct{ deal, measure string }
	totals := map[dealMeasure]int{}
	for i, c := range credits {
		path := fmt.Sprintf("credits[%d]", i)
		bad := func(field, format string, args ...any) {
			list.Add(path+"."+field, diag.InvalidInput, "deal %q: "+format, append([]any{clip(c.Deal)}, args...)...)
		}
		if c.Deal == "" {
			list.Add(path+".deal", diag.InvalidInput, "missing deal id")
		}
		if c.Measure == "" {
			bad("measure", "missing measure")
		}
		if !b.ids[Member][c.Member] {
			list.Add(path+".member", diag.InvalidInput, "deal %q: unknown member %q", clip(c.Deal), clip(c.Member)).Hint =
				diag.DidYouMean(c.Member, sortedKeys(b.ids[Member]))
		}
		if !c.Date.Valid() {
			bad("date", "invalid credit date %s", c.Date)
		}
		if !inRange(c.Amount) || !inRange(c.DealTotal) {
			bad("amount", "amount %s or deal total %s is out of range", clipNum(c.Amount), clipNum(c.DealTotal))
			continue
		}
		if c.Amount.Abs().GreaterThan(c.DealTotal.Abs()) || c.Amount.Sign()*c.DealTotal.Sign() < 0 {
			bad("amount", "credited %s of a deal of %s", c.Amount, c.DealTotal)
		}
		k := dealMeasure{c.Deal, c.Measure}
		if j, seen := totals[k]; seen && !credits[j].DealTotal.Equal(c.DealTotal) {
			bad("deal_total", "the deal's %s total is %s here but %s in credits[%d]", c.Measure, c.DealTotal, credits[j].DealTotal, j)
		} else if !seen {
			totals[k] = i
		}
	}
	return list.Err()
}

// actual adds up the credits of an owner dated from..to, capping each deal
// at its total.
func (b *Book) actual(kind, id, measure string, from, to calendar.Date, credits []Credit) decimal.Decimal {
	e := b.newEval(measure)
	sums := map[string]decimal.Decimal{}
	totals := map[string]decimal.Decimal{}
	for _, c := range credits {
		if c.Measure != measure || c.Date.Before(from) || c.Date.After(to) {
			continue
		}
		if kind == Member {
			if c.Member != id {
				continue
			}
		} else if !e.inGroup(kind, id, c.Member, c.Date) {
			continue
		}
		sums[c.Deal] = sums[c.Deal].Add(c.Amount)
		totals[c.Deal] = c.DealTotal.Abs()
	}
	sum := decimal.Zero
	for deal, s := range sums {
		if t := totals[deal]; s.Abs().GreaterThan(t) {
			s = t.Mul(decimal.NewFromInt(int64(s.Sign())))
		}
		sum = sum.Add(s)
	}
	return sum
}

// Attainment is an owner's achievement of a measure against target and
// stretch over a period, or year to date.
type Attainment struct {
	Kind    string `json:"kind"`
	ID      string `json:"id"`
	Measure string `json:"measure"`
	// Period is the period asked for; From and To are the days measured:
	// the period, or from the start of its fiscal year for year to date.
	Period calendar.Period `json:"period"`
	From   calendar.Date   `json:"from"`
	To     calendar.Date   `json:"to"`
	// Actual is what the owner achieved ([Book.Actual]).
	Actual decimal.Decimal `json:"actual"`
	// Target and Stretch are the owner's targets over the days measured;
	// HasTarget and HasStretch say whether there are any.
	Target     decimal.Decimal `json:"target"`
	Stretch    decimal.Decimal `json:"stretch"`
	HasTarget  bool            `json:"has_target"`
	HasStretch bool            `json:"has_stretch"`
	// OfTarget is Actual / Target and OfStretch Actual / Stretch, to
	// [RatioPlaces] places: 1.25 is 125%. They are zero when the target
	// is zero or absent, which has no attainment: check Target.
	OfTarget  decimal.Decimal `json:"of_target"`
	OfStretch decimal.Decimal `json:"of_stretch"`
}

// Attainment returns an owner's attainment of measure in p: [Book.Actual]
// against [Book.TargetOf] and [Book.StretchOf].
func (b *Book) Attainment(kind, id, measure string, p calendar.Period, credits []Credit) (Attainment, error) {
	return b.attain(kind, id, measure, p, []calendar.Period{p}, credits)
}

// YTD returns an owner's attainment of measure year to date at the end of
// p: the credits from the first day of p's fiscal year to the last day of
// p, against the sum of the targets of the periods of p's kind up to and
// including p (so FY2027-Q3 adds up the targets of Q1, Q2 and Q3 as
// [Book.TargetOf] gives them, and the YTD target of the last period is the
// sum of the year's periods).
func (b *Book) YTD(kind, id, measure string, p calendar.Period, credits []Credit) (Attainment, error) {
	if err := b.checkPeriod(p); err != nil {
		return Attainment{}, err
	}
	return b.attain(kind, id, measure, p, b.cal.Periods(p.FiscalYear, p.Kind)[:p.Index], credits)
}

func (b *Book) attain(kind, id, measure string, p calendar.Period, ps []calendar.Period, credits []Credit) (Attainment, error) {
	at := Attainment{Kind: kind, ID: id, Measure: measure, Period: p, From: ps[0].Start, To: p.End}
	for _, q := range ps {
		t, ok, hasS, err := b.target(kind, id, measure, q, false, true)
		if err != nil {
			return Attainment{}, err
		}
		s, _, _, _ := b.target(kind, id, measure, q, true, true)
		at.Target, at.Stretch = at.Target.Add(t), at.Stretch.Add(s)
		at.HasTarget, at.HasStretch = at.HasTarget || ok, at.HasStretch || hasS
	}
	if err := b.checkCredits(credits); err != nil {
		return Attainment{}, err
	}
	at.Actual = b.actual(kind, id, measure, at.From, at.To, credits)
	at.OfTarget = ratio(at.Actual, at.Target)
	if at.HasStretch {
		at.OfStretch = ratio(at.Actual, at.Stretch)
	} else {
		at.Stretch = decimal.Zero
	}
	return at, nil
}

// ratio returns a / b to RatioPlaces places, half-even; zero when b is
// zero.
func ratio(a, b decimal.Decimal) decimal.Decimal {
	if b.IsZero() {
		return decimal.Zero
	}
	return roundRat(new(big.Rat).Quo(a.Rat(), b.Rat()), RatioPlaces, money.HalfEven)
}

// Gap is how far an owner is from a target in a period as of a day, and
// what it takes to close it.
type Gap struct {
	Kind    string          `json:"kind"`
	ID      string          `json:"id"`
	Measure string          `json:"measure"`
	Period  calendar.Period `json:"period"`
	// AsOf is the last day counted: credits to the end of AsOf are in.
	AsOf calendar.Date `json:"as_of"`
	// Target is the target for the period; Actual what was credited from
	// its first day to AsOf.
	Target decimal.Decimal `json:"target"`
	Actual decimal.Decimal `json:"actual"`
	// Remaining is Target − Actual: negative when the target is passed.
	Remaining decimal.Decimal `json:"remaining"`
	// DaysElapsed counts the days of the period up to AsOf; DaysLeft the
	// days after it. They add up to the period's days.
	DaysElapsed int `json:"days_elapsed"`
	DaysLeft    int `json:"days_left"`
	// RunRate is the actual per day so far: Actual / DaysElapsed (zero
	// before the period starts).
	RunRate decimal.Decimal `json:"run_rate"`
	// Needed is the amount per day needed to close the gap in the days
	// left: Remaining / DaysLeft, rounded up to the minor unit; zero when
	// the target is reached or no day is left.
	Needed decimal.Decimal `json:"needed"`
}

// Gap returns an owner's gap to target of measure in p as of the end of
// asOf, and the run rate needed to close it in the days left:
//
//	remaining = target − actual(p.Start … asOf)
//	needed    = remaining / days after asOf to p.End   (per day, rounded up)
//	run rate  = actual / days from p.Start to asOf     (per day, rounded)
//
// An asOf before the period counts no day elapsed; one after it, no day
// left.
func (b *Book) Gap(kind, id, measure string, p calendar.Period, asOf calendar.Date, credits []Credit) (Gap, error) {
	if err := b.check(kind, id, measure, p); err != nil {
		return Gap{}, err
	}
	if !asOf.Valid() {
		return Gap{}, diag.Errorf("", diag.InvalidInput, "invalid as-of date %s", asOf)
	}
	if err := b.checkCredits(credits); err != nil {
		return Gap{}, err
	}
	t, _, _, _ := b.target(kind, id, measure, p, false, true)
	g := Gap{Kind: kind, ID: id, Measure: measure, Period: p, AsOf: asOf, Target: t}
	g.DaysElapsed = min(max(p.Start.DaysUntil(asOf)+1, 0), p.Days())
	g.DaysLeft = p.Days() - g.DaysElapsed
	end := asOf
	if end.After(p.End) {
		end = p.End // credits after the period are not the period's
	}
	g.Actual = b.actual(kind, id, measure, p.Start, end, credits)
	g.Remaining = g.Target.Sub(g.Actual)
	places := b.placesOf(measure)
	if g.DaysElapsed > 0 {
		g.RunRate = roundRat(new(big.Rat).Quo(g.Actual.Rat(), big.NewRat(int64(g.DaysElapsed), 1)), places, b.rounding)
	}
	if g.DaysLeft > 0 && g.Remaining.Sign() > 0 {
		g.Needed = ceilRat(new(big.Rat).Quo(g.Remaining.Rat(), big.NewRat(int64(g.DaysLeft), 1)), places)
	}
	return g, nil
}
