package targets

import (
	"math/big"
	"slices"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

var one = decimal.NewFromInt(1)

// Book is a compiled [Section]: every target, spread, prorated and ready to
// be asked for an owner's quota in any period of the calendar.
//
// A Book is immutable once [Compile] returns it and safe for concurrent use
// by any number of goroutines (provided its [Org] is). Its methods take
// what varies (the period, the credits, the as-of date) as arguments and
// return values; none of them reads a clock.
//
// # How a quota is worked out
//
// A target's amount is first spread over the parts of its period by its
// seasonality (largest remainder, so the parts add up to the amount), or
// left whole. Each part is then shared out over its samples: with [Days]
// proration every day of the part is a sample, with [Months] the first day
// of each of its fiscal months. An owner's quota for a period is the sum,
// over the samples of the period, of the part's amount divided by its
// number of samples, times the share the owner carries on that sample: 1,
// or 0 when a member is not in place that day, or the ramp share of a new
// hire. The sum is exact, and rounded to the minor unit (to [ExactPlaces]
// places under [Exact]) with the env's rounding mode (half-even by
// default) so that the quotas of the periods of a fiscal year add up to
// the year's: the quota of a period is the rounded sum from the start of
// the fiscal year to its end, less the rounded sum from the start of the
// year to the day before it. Each is within one minor unit of the
// period's exact share (two, in modes up and down, where the running
// total changes sign), and is that share rounded for a period that starts
// the year.
//
// A member not in place (not active, or not holding the role, or not in
// the allocating team) on a sample carries nothing for it, which is how a
// member who joins, leaves or moves inside a period has a prorated quota;
// a target that changes on a From date counts on the samples from that
// date on, and the one it replaces on the samples before it. A member
// whose target is the team's they manage ([ManagedTeam]) carries, on each
// sample on which they manage a team, the part of that team's own target
// in full, and nothing on the others.
type Book struct {
	cal      calendar.Calendar
	org      Org
	mgrs     TeamManagers // nil: nobody manages a team
	basis    Basis
	places   int32
	rounding money.Rounding
	exact    bool            // Section.Rounding is Exact
	measures map[string]bool // nil: any
	counts   map[string]bool
	ids      map[string]map[string]bool // kind → ids
	owners   map[key][]*version         // explicit targets by owner and measure
	parts    map[key][]*version         // members' parts of allocated targets
	targeted map[string]bool            // the measures of some target or part
	maxRamp  int
}

// key is an owner and a measure.
type key struct{ kind, id, measure string }

func (k key) owner() string { return k.kind + ":" + k.id }

// version is one target in force from one day to another.
type version struct {
	index    int // in Section.Quotas
	key      key
	period   calendar.Period
	from, to calendar.Date // the days it is in force, inside period
	buckets  []bucket
	stretch  bool
	ramp     []decimal.Decimal
	hired    calendar.Date
	alloc    *allocation
	group    *key // of a member's part: the owner allocating it
	of       bool // Of is ManagedTeam: the target of the team managed

	amount, stretchAmt decimal.Decimal
	seas               *Seasonality
}

func (v *version) covers(d calendar.Date) bool { return !d.Before(v.from) && !d.After(v.to) }

func (v *version) bucketAt(d calendar.Date) *bucket {
	for i := range v.buckets {
		if v.buckets[i].p.Contains(d) {
			return &v.buckets[i]
		}
	}
	return nil
}

// bucket is one part of a target's period with its share of the amount
// (and of the stretch), exactly: a decimal at the minor unit, or under
// Exact rounding any fraction. Its rationals are never written after
// compile, only read, so a Book is safe for concurrent use.
type bucket struct {
	p               calendar.Period
	amount, stretch *big.Rat
	samples         int
}

type allocation struct {
	over      decimal.Decimal
	byWeights bool
	members   []string
	weights   []decimal.Decimal
}

// Calendar returns the fiscal calendar of the book.
func (b *Book) Calendar() calendar.Calendar { return b.cal }

// Basis returns the proration basis of the book: [Days] or [Months].
func (b *Book) Basis() Basis { return b.basis }

// Places returns the number of decimal places quotas of measure are
// rounded to: [ExactPlaces] under [Exact] rounding, else 0 for a count
// and the currency's minor unit otherwise.
func (b *Book) Places(measure string) int32 { return b.quotaPlaces(measure) }

// Rounding returns how the book rounds quotas: [MinorUnit] or [Exact].
func (b *Book) Rounding() QuotaRounding {
	if b.exact {
		return Exact
	}
	return MinorUnit
}

// quotaPlaces is the number of places quotas of measure are rounded to.
func (b *Book) quotaPlaces(measure string) int32 {
	if b.exact {
		return ExactPlaces
	}
	return b.placesOf(measure)
}

func (b *Book) placesOf(measure string) int32 {
	if b.counts[measure] {
		return 0
	}
	return b.places
}

// samplesIn returns the number of samples of p: its days, or its fiscal
// months.
func (b *Book) samplesIn(p calendar.Period) int {
	if b.basis == Months {
		return b.cal.MonthsIn(p)
	}
	return p.Days()
}

// samples returns the sample days from from to to: every day, or the
// first day of each fiscal month.
func (b *Book) samples(from, to calendar.Date) []calendar.Date {
	if to.Before(from) {
		return nil
	}
	if b.basis == Months {
		var out []calendar.Date
		fy := b.cal.PeriodOf(calendar.Year, from)
		for ; !fy.Start.After(to); fy = b.cal.Next(fy) {
			for _, m := range b.cal.Sub(fy, calendar.Month) {
				if !m.Start.Before(from) && !m.Start.After(to) {
					out = append(out, m.Start)
				}
			}
		}
		return out
	}
	first, last := from.Days(), to.Days()
	out := make([]calendar.Date, 0, last-first+1)
	var d calendar.Date
	for n := first; n <= last; n++ {
		if n > first && d.Day < 28 {
			d.Day++ // the next day, in the same month whatever its length
		} else {
			d = calendar.FromDays(n)
		}
		out = append(out, d)
	}
	return out
}

// Quota returns member's quota of measure for period p: the member's own
// target, else their part of an allocated team (territory, channel)
// target, else the target of the role they hold, on each day, spread by
// seasonality, prorated for the days (or months) they are in place and
// ramped, rounded to the minor unit so that the quotas of the months (or
// quarters, halves) of a fiscal year add up exactly to the year's (see
// [Book]). ok is false when no target of measure applies to the member in
// p.
//
// A target of the team managed ([ManagedTeam]) is, on each day the
// member manages a team, that team's own target, in full: see
// [ManagedTeam].
//
// Member targets win: on a day when the member has a target of their own
// in force, a role target or an allocated part is ignored, so a member
// target is how one AE is given a different quota from the rest. A member
// target is in force whether or not the member is active: a member who
// leaves has a prorated quota, not the role's.
//
// It is an error when member or measure is unknown, or p is not a period
// of the book's calendar.
func (b *Book) Quota(member, measure string, p calendar.Period) (decimal.Decimal, bool, error) {
	v, ok, _, err := b.target(Member, member, measure, p, false, true)
	return v, ok, err
}

// Stretch returns member's stretch target of measure for p, worked out as
// [Book.Quota] does, where a target without a stretch counts at its
// amount. ok is false when no target that applies to the member in p has
// a stretch.
func (b *Book) Stretch(member, measure string, p calendar.Period) (decimal.Decimal, bool, error) {
	v, _, ok, err := b.target(Member, member, measure, p, true, true)
	return v, ok, err
}

// QuotaDetail is a member's quota for a period with the ramp share
// applied to it: the full quota, the ramped one, and the months of the
// ramp schedule that apply. A statement or a draw report shows it beside
// the quota: "a quota of 7,500.00: 25% of 30,000.00, month 2 of the
// ramp".
type QuotaDetail struct {
	Member  string          `json:"member"`
	Measure string          `json:"measure"`
	Period  calendar.Period `json:"period"`
	// Full is the quota without the ramp: worked out as [Book.Quota]
	// does (spread, prorated for the days or months the member is in
	// place, rounded so that a year's periods add up), with every ramp
	// share taken as 1.
	Full decimal.Decimal `json:"full"`
	// Quota is the ramped quota, what [Book.Quota] returns.
	Quota decimal.Decimal `json:"quota"`
	// Share is Quota / Full to [RatioPlaces] places, half-even: the ramp
	// share applied over the period, weighted by the amount each sample
	// carries when the shares change inside it. It is 1 when no ramp
	// applies, and 0 when Full is 0 (a member not in place), which has no
	// share.
	Share decimal.Decimal `json:"share"`
	// Ramp lists, in order, the steps of the ramp schedule that apply in
	// the period. It is empty when no ramp applies, or when the member is
	// past the end of the ramp on a last share of 1.
	Ramp []RampStep `json:"ramp,omitempty"`
}

// RampStep is one month of a ramp schedule as it applies inside a period.
type RampStep struct {
	// Month is the month of the schedule whose share applies, from 1: the
	// member's month of tenure, or the schedule's last month for every
	// month after it (the last share holds).
	Month int `json:"month"`
	// Share is the share of the quota the member carries in it, 0 to 1.
	Share decimal.Decimal `json:"share"`
	// From and To are the days of the period it covers, both included:
	// with [Months] proration, whole fiscal months.
	From calendar.Date `json:"from"`
	To   calendar.Date `json:"to"`
}

// QuotaDetail returns member's quota of measure for p with the ramp share
// applied to it ([QuotaDetail]): the full quota, the ramped quota (which
// is [Book.Quota]) and the months of the ramp that apply. ok is false,
// and the detail zero, when no target of measure applies to the member
// in p; the errors are those of [Book.Quota].
//
// Full and Quota are each rounded as Quota rounds, so for a period inside
// a ramp, Quota is not always Full × Share to the cent: Share is their
// ratio, not a factor to apply again.
func (b *Book) QuotaDetail(member, measure string, p calendar.Period) (QuotaDetail, bool, error) {
	if err := b.check(Member, member, measure, p); err != nil {
		return QuotaDetail{}, false, err
	}
	e := b.newEval(measure)
	var ramped, full acc
	var steps []RampStep
	step := func(days []calendar.Date, counting bool) {
		for _, d := range days {
			e.carry(member, d, func(v *version, share share) {
				ramped.add(v, d, share, counting)
				if share >= 0 {
					if counting {
						steps = b.addStep(steps, v, share, d)
					}
					share = shareFull
				}
				full.add(v, d, share, counting)
			})
		}
	}
	year := b.cal.Year(p.FiscalYear)
	step(b.samples(year.Start, p.Start.AddDays(-1)), false)
	ramped.mark(false)
	full.mark(false)
	step(b.samples(p.Start, p.End), true)
	if !ramped.any {
		return QuotaDetail{}, false, nil
	}
	places := b.quotaPlaces(measure)
	qd := QuotaDetail{Member: member, Measure: measure, Period: p,
		Full: full.result(false, places, b.rounding), Quota: ramped.result(false, places, b.rounding)}
	qd.Share = ratio(qd.Quota, qd.Full)
	qd.Ramp = steps
	return qd, true, nil
}

// addStep records that member carries v's ramp share s on sample d,
// extending the last step when it is the same month of the schedule.
// The last share, when it is 1, is no step: the ramp is over.
func (b *Book) addStep(steps []RampStep, v *version, s share, d calendar.Date) []RampStep {
	last := int(s) == len(v.ramp)-1
	if last && v.ramp[s].Equal(one) {
		return steps
	}
	to := d
	if b.basis == Months {
		to = b.cal.PeriodOf(calendar.Month, d).End
	}
	if n := len(steps); n > 0 && steps[n-1].Month == int(s)+1 && steps[n-1].Share.Equal(v.ramp[s]) && steps[n-1].To.AddDays(1) == d {
		steps[n-1].To = to
		return steps
	}
	return append(steps, RampStep{Month: int(s) + 1, Share: v.ramp[s], From: d, To: to})
}

// TargetOf returns the target of measure for p of an owner: kind is
// "member", "role", "team", "territory" or "channel" ([Member], [Role],
// [Team], [Territory], [Channel]). ok is false when there is none.
//
//   - A member's target is their [Book.Quota].
//   - A role's is the sum of the quotas of the members holding it, day by
//     day (a role target is a per-member amount, so it is never the role's
//     total).
//   - A team's, territory's or channel's is its own target on the days
//     one is in force (without over-assignment), and on other days the
//     roll-up of its members' quotas, managers left out ([Book.RollUp]).
func (b *Book) TargetOf(kind, id, measure string, p calendar.Period) (decimal.Decimal, bool, error) {
	v, ok, _, err := b.target(kind, id, measure, p, false, true)
	return v, ok, err
}

// StretchOf is [Book.TargetOf] for stretch targets, as [Book.Stretch]
// works them out.
func (b *Book) StretchOf(kind, id, measure string, p calendar.Period) (decimal.Decimal, bool, error) {
	v, _, ok, err := b.target(kind, id, measure, p, true, true)
	return v, ok, err
}

// RollUp returns the sum of the quotas of the members of an owner, ignoring
// any target set for the owner itself: the members of a team (with its
// sub-teams), of the teams covering a territory, of the teams selling
// through a channel, or holding a role, each counted on the days (or
// months) they belong to it. Each member's share is rounded on its own, so
// the roll-up of a team whose members stay all period is exactly the sum
// of their quotas. Compared with a team's own target it shows the
// over-assignment. For a member it is their [Book.Quota].
//
// The roll-up of a team, territory or channel leaves out a member on the
// days they manage a team (any team, as the organisation's
// [TeamManagers] say): a manager's quota is their team's number, not an
// addition to it. A team of two AEs on 160,000 under a manager on
// 560,000 rolls up to 320,000, and the teams under a VP roll up to their
// AEs' quotas, not to those plus every manager's and the VP's. A role's
// roll-up counts every member holding it, managers or not.
func (b *Book) RollUp(kind, id, measure string, p calendar.Period) (decimal.Decimal, bool, error) {
	v, ok, _, err := b.target(kind, id, measure, p, false, false)
	return v, ok, err
}

// target works out a target (or stretch) of an owner, with or without its
// own explicit targets.
//
// Quotas of the periods of one fiscal year add up exactly to the year's:
// the quota of p is the rounded exact quota from the start of the fiscal
// year to the end of p, less the rounded exact quota from the start of the
// year to the day before p. Each is within one minor unit of the exact
// share of p; a period that starts the year is just the exact share
// rounded.
func (b *Book) target(kind, id, measure string, p calendar.Period, stretch, explicit bool) (decimal.Decimal, bool, bool, error) {
	if err := b.check(kind, id, measure, p); err != nil {
		return decimal.Decimal{}, false, false, err
	}
	places := b.quotaPlaces(measure)
	if !b.targeted[measure] {
		// no target of the measure applies to anyone on any day: the sum
		// below would add nothing, rounded (a zero at places places)
		return decimal.New(0, -places), false, false, nil
	}
	e := b.newEval(measure)
	year := b.cal.Year(p.FiscalYear)
	var own acc
	var ownVs []*version
	if explicit && kind != Member && kind != Role {
		ownVs = b.owners[key{kind, id, measure}]
	}
	accs := map[string]*acc{}
	get := func(m string) *acc {
		a := accs[m]
		if a == nil {
			a = &acc{}
			accs[m] = a
		}
		return a
	}
	step := func(days []calendar.Date, counting bool) {
		for _, d := range days {
			if kind == Member {
				a := get(id)
				e.carry(id, d, func(v *version, s share) { a.add(v, d, s, counting) })
				continue
			}
			if v := find(ownVs, d); v != nil {
				own.add(v, d, shareFull, counting)
				continue
			}
			for _, m := range e.group(kind, id, d).list {
				if kind != Role && e.manages(m, d) {
					continue // a manager's quota is their team's number
				}
				a := get(m)
				e.carry(m, d, func(v *version, s share) { a.add(v, d, s, counting) })
			}
		}
	}
	step(b.samples(year.Start, p.Start.AddDays(-1)), false)
	own.mark(stretch)
	for _, a := range accs {
		a.mark(stretch)
	}
	step(b.samples(p.Start, p.End), true)

	sum := own.result(stretch, places, b.rounding)
	anyT, anyS := own.any, own.anyStretch
	for _, a := range accs {
		sum = sum.Add(a.result(stretch, places, b.rounding))
		anyT, anyS = anyT || a.any, anyS || a.anyStretch
	}
	return sum, anyT, anyS, nil
}

// check reports a query about an unknown owner or measure, or a period
// that is not one of the calendar's.
func (b *Book) check(kind, id, measure string, p calendar.Period) error {
	ids, ok := b.ids[kind]
	switch {
	case !ok:
		pr := diag.Errorf("", diag.UnknownRef, "unknown owner kind %q: want member, role, team, territory or channel", clip(kind))
		pr.Hint = diag.DidYouMean(kind, kinds)
		return pr
	case !ids[id]:
		pr := diag.Errorf("", diag.UnknownRef, "unknown %s %q", kind, clip(id))
		pr.Hint = diag.DidYouMean(id, sortedKeys(ids))
		return pr
	case measure == "":
		return diag.Errorf("", diag.Missing, "missing measure")
	case b.measures != nil && !b.measures[measure]:
		pr := diag.Errorf("", diag.UnknownRef, "unknown measure %q", clip(measure))
		pr.Hint = diag.DidYouMean(measure, sortedKeys(b.measures))
		return pr
	}
	return b.checkPeriod(p)
}

func (b *Book) checkPeriod(p calendar.Period) error {
	if q, err := b.cal.Parse(p.ID); err != nil || q != p {
		return diag.Errorf("", diag.InvalidPeriod, "period %q (%s to %s) is not a period of the calendar", clip(p.ID), p.Start, p.End)
	}
	return nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// find returns the version of vs in force on d, or nil.
func find(vs []*version, d calendar.Date) *version {
	for _, v := range vs {
		if v.covers(d) {
			return v
		}
	}
	return nil
}

// group returns the members of a role, team, territory or channel on d,
// sorted and without duplicates.
func (b *Book) group(kind, id string, d calendar.Date) []string {
	var out []string
	switch kind {
	case Team:
		out = b.org.Members(id, d, true)
	case Territory:
		out = b.org.CoveringMembers(id, d)
	case Channel:
		for _, t := range b.org.ChannelTeams(id, d) {
			out = append(out, b.org.Members(t, d, false)...)
		}
	case Role:
		for _, m := range sortedKeys(b.ids[Member]) {
			if r, _ := b.org.RoleOf(m, d); r == id && b.org.Active(m, d) {
				out = append(out, m)
			}
		}
	}
	out = slices.Clone(out)
	slices.Sort(out)
	return slices.Compact(out)
}

// inGroup reports whether member m belongs to the owner g on d.
func (b *Book) inGroup(g *key, m string, d calendar.Date) bool {
	return slices.Contains(b.group(g.kind, g.id, d), m)
}

// share is what part of a sample a member carries: nothing, all of it,
// or (from 0 up) the share at that index of the version's ramp.
type share int

const (
	shareNone share = -1
	shareFull share = -2
)

// acc adds up a target exactly: per bucket, how many of its samples were
// carried in full and how many at each ramp share. mark records the total
// so far, the part of the fiscal year before the period asked for.
type acc struct {
	tallies         map[*bucket]*tally
	last            *bucket
	lastT           *tally
	any, anyStretch bool // a target applies in the period asked for
	before          *big.Rat
}

type tally struct {
	v    *version
	full int
	ramp []int // samples at each share of v.ramp
}

func (a *acc) add(v *version, d calendar.Date, s share, counting bool) {
	if counting {
		a.any = true
		a.anyStretch = a.anyStretch || v.stretch
	}
	if s == shareNone {
		return
	}
	bk, t := a.last, a.lastT
	if bk == nil || !bk.p.Contains(d) || t.v != v {
		if bk = v.bucketAt(d); bk == nil {
			return
		}
		if t = a.tallies[bk]; t == nil {
			if a.tallies == nil {
				a.tallies = map[*bucket]*tally{}
			}
			t = &tally{v: v, ramp: make([]int, len(v.ramp))}
			a.tallies[bk] = t
		}
		a.last, a.lastT = bk, t
	}
	if s == shareFull {
		t.full++
	} else {
		t.ramp[s]++
	}
}

func (a *acc) mark(stretch bool) { a.before = a.total(stretch) }

// result returns the rounded total less the rounded total at the mark.
func (a *acc) result(stretch bool, places int32, mode money.Rounding) decimal.Decimal {
	r := roundRat(a.total(stretch), places, mode)
	if a.before != nil {
		r = r.Sub(roundRat(a.before, places, mode))
	}
	return r
}

// total returns Σ amount × shares / samples over the buckets, exactly; with
// stretch, the stretch amount of buckets that have one.
func (a *acc) total(stretch bool) *big.Rat {
	t := new(big.Rat)
	for bk, n := range a.tallies {
		amt := bk.amount
		if stretch && n.v.stretch {
			amt = bk.stretch
		}
		sum := decimal.NewFromInt(int64(n.full))
		for i, c := range n.ramp {
			if c > 0 {
				sum = sum.Add(n.v.ramp[i].Mul(decimal.NewFromInt(int64(c))))
			}
		}
		r := new(big.Rat).Mul(amt, sum.Rat())
		r.Quo(r, new(big.Rat).SetInt64(int64(bk.samples)))
		t.Add(t, r)
	}
	return t
}

// roundRat rounds r to places (at least 0) decimal places with mode, as
// [money.Rounding.Round] rounds a decimal.
func roundRat(r *big.Rat, places int32, mode money.Rounding) decimal.Decimal {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	num := new(big.Int).Mul(r.Num(), scale)
	q, m := new(big.Int).QuoRem(num, r.Denom(), new(big.Int)) // q towards zero
	if m.Sign() != 0 {
		away := false // from zero, by one unit
		switch mode {
		case money.Down:
		case money.Up:
			away = true
		case money.Ceiling:
			away = num.Sign() > 0
		case money.Floor:
			away = num.Sign() < 0
		default:
			twice := new(big.Int).Abs(m)
			twice.Lsh(twice, 1)
			switch twice.Cmp(r.Denom()) {
			case 1:
				away = true
			case 0:
				away = mode == money.HalfUp || (mode != money.HalfDown && q.Bit(0) == 1)
			}
		}
		if away {
			if num.Sign() < 0 {
				q.Sub(q, big.NewInt(1))
			} else {
				q.Add(q, big.NewInt(1))
			}
		}
	}
	return decimal.NewFromBigInt(q, -places)
}

// ceilRat rounds a positive r up to places decimal places.
func ceilRat(r *big.Rat, places int32) decimal.Decimal {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	num := new(big.Int).Mul(r.Num(), scale)
	q, m := new(big.Int).QuoRem(num, r.Denom(), new(big.Int))
	if m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return decimal.NewFromBigInt(q, -places)
}

// eval answers one query. It caches what it looks up; it is not shared
// between goroutines.
type eval struct {
	b       *Book
	measure string
	groups  map[groupDay]members
	members map[string]*sources
	roles   map[string][]*version
	mgd     map[calendar.Date]map[string][]string
}

type groupDay struct {
	kind, id string
	d        calendar.Date
}

type members struct {
	list []string
	set  map[string]bool
}

// sources are a member's own targets and parts of allocated targets of the
// measure, and where their tenure was last worked out.
type sources struct {
	own, parts []*version
	tenure     *tenure
}

type tenure struct {
	day, start calendar.Date // start is zero for "longer than any ramp"
}

func (b *Book) newEval(measure string) *eval {
	return &eval{
		b:       b,
		measure: measure,
		groups:  map[groupDay]members{},
		members: map[string]*sources{},
		roles:   map[string][]*version{},
		mgd:     map[calendar.Date]map[string][]string{},
	}
}

// managed returns the teams member m manages on d, asking the
// organisation once a day: sorted, and without a team below another that
// m manages (its target is part of the upper team's).
func (e *eval) managed(m string, d calendar.Date) []string {
	if e.b.mgrs == nil {
		return nil
	}
	byMember, ok := e.mgd[d]
	if !ok {
		byMember = e.b.managedOn(d)
		e.mgd[d] = byMember
	}
	return byMember[m]
}

// manages reports whether member m manages a team on d.
func (e *eval) manages(m string, d calendar.Date) bool { return len(e.managed(m, d)) > 0 }

// managedOn returns, by manager, the teams each manages on d, sorted,
// leaving out a team below another that the same member manages.
func (b *Book) managedOn(d calendar.Date) map[string][]string {
	out := map[string][]string{}
	for _, t := range sortedKeys(b.ids[Team]) {
		if m, ok := b.mgrs.ManagerOf(t, d); ok && m != "" {
			out[m] = append(out[m], t)
		}
	}
	for m, teams := range out {
		var top []string
		for _, t := range teams {
			path := b.mgrs.TeamPath(t, d)
			if len(path) > 0 {
				path = path[1:]
			}
			if !slices.ContainsFunc(path, func(up string) bool { return slices.Contains(teams, up) }) {
				top = append(top, t)
			}
		}
		out[m] = top
	}
	return out
}

// carry calls fn with each target member m carries on d and the share of
// it they carry, and reports whether any target applies: the target
// [eval.at] finds, or, for a target of the team managed, the own target
// of each team m manages that day, in full.
func (e *eval) carry(m string, d calendar.Date, fn func(v *version, s share)) bool {
	v, s, ok := e.at(m, d)
	if !ok {
		return false
	}
	if !v.of || s == shareNone {
		fn(v, s)
		return true
	}
	teams := e.managed(m, d)
	if len(teams) == 0 {
		fn(v, shareNone) // in force, carried at nothing: not managing that day
	}
	for _, t := range teams {
		if tv := find(e.b.owners[key{Team, t, e.measure}], d); tv != nil {
			fn(tv, shareFull)
		} else {
			fn(v, shareNone)
		}
	}
	return true
}

func (e *eval) sources(m string) *sources {
	s := e.members[m]
	if s == nil {
		k := key{Member, m, e.measure}
		s = &sources{own: e.b.owners[k], parts: e.b.parts[k]}
		e.members[m] = s
	}
	return s
}

func (e *eval) inGroup(kind, id, m string, d calendar.Date) bool {
	return e.group(kind, id, d).set[m]
}

// group returns the members of an owner on d, asking the organisation
// once.
func (e *eval) group(kind, id string, d calendar.Date) members {
	k := groupDay{kind, id, d}
	g, ok := e.groups[k]
	if !ok {
		list := e.b.group(kind, id, d)
		g = members{list: list, set: setOf(list)}
		e.groups[k] = g
	}
	return g
}

// at returns the target that applies to member m on d and the share of
// it the member carries that day; ok is false when none applies.
func (e *eval) at(m string, d calendar.Date) (*version, share, bool) {
	s := e.sources(m)
	active := e.b.org.Active(m, d)
	if v := find(s.own, d); v != nil {
		if !active {
			return v, shareNone, true
		}
		return v, e.rampShare(v, s, m, d), true
	}
	role, _ := e.b.org.RoleOf(m, d)
	vs, ok := e.roles[role]
	if !ok {
		vs = e.b.owners[key{Role, role, e.measure}]
		e.roles[role] = vs
	}
	if !active {
		// not in place that day: a role target still applies, carried at
		// nothing, so a member who joins later has a quota of 0 before
		// (not "no target")
		if v := find(vs, d); v != nil {
			return v, shareNone, true
		}
		return nil, shareNone, false
	}
	for _, v := range s.parts {
		if v.covers(d) && e.inGroup(v.group.kind, v.group.id, m, d) {
			return v, e.rampShare(v, s, m, d), true
		}
	}
	if v := find(vs, d); v != nil {
		return v, e.rampShare(v, s, m, d), true
	}
	return nil, shareNone, false
}

// rampShare returns the share of its target member m carries on d under
// v's ramp: by month of tenure, counted from the hire date of the target
// or else from the first day of the member's unbroken stretch in the
// organisation; nothing before the hire date.
func (e *eval) rampShare(v *version, s *sources, m string, d calendar.Date) share {
	if v.ramp == nil {
		return shareFull
	}
	last := share(len(v.ramp) - 1)
	start := v.hired
	if start.IsZero() {
		start = e.tenureStart(s, m, d)
		if start.IsZero() {
			return last
		}
	}
	if d.Before(start) {
		return shareNone
	}
	return min(share(TenureMonth(start, d)-1), last)
}

// tenureStart returns the first day of the unbroken stretch of days on
// which member m is active up to d (m is active on d), or the zero Date
// when that stretch is longer than the longest ramp.
func (e *eval) tenureStart(s *sources, m string, d calendar.Date) calendar.Date {
	if t := s.tenure; t != nil && !d.Before(t.day) {
		same := true
		for x := t.day.Days() + 1; x < d.Days(); x++ {
			if !e.b.org.Active(m, calendar.FromDays(x)) {
				same = false
				break
			}
		}
		if same {
			t.day = d
			return t.start
		}
	}
	limit := d.AddMonths(-e.b.maxRamp).Days()
	start := calendar.Date{}
	for x := d.Days(); x-1 >= limit; x-- {
		if !e.b.org.Active(m, calendar.FromDays(x-1)) {
			start = calendar.FromDays(x)
			break
		}
	}
	s.tenure = &tenure{day: d, start: start}
	return start
}

// TenureMonth returns the month of tenure that day d falls in for a member
// whose tenure starts on start: 1 from start to the day before the same
// day of the next month, 2 in the month after, and so on (a start on the
// 31st moves to the last day of shorter months). It returns 0 when d is
// before start.
func TenureMonth(start, d calendar.Date) int {
	if d.Before(start) {
		return 0
	}
	k := (d.Year-start.Year)*12 + int(d.Month) - int(start.Month)
	if start.AddMonths(k).After(d) {
		k--
	}
	return k + 1
}
