package commission

import (
	"cmp"
	"errors"
	"fmt"
	"hash/maphash"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	"github.com/salesplan/salesplan/diag"
	fx "github.com/salesplan/salesplan/internal/fixed"
	"github.com/salesplan/salesplan/money"
	"github.com/shopspring/decimal"
)

// RunOption sets an input of one run.
type RunOption func(*runConfig) error

type runConfig struct {
	rates    Rates
	noTrace  bool
	workers  int
	quotas   Quotas // overrides Config.Quotas for one run
	terms    Terms  // overrides Config.Terms for one run
	scores   Scores // overrides Config.Scores for one run
	flags    map[string][]string
	progress func(done, total int)
	shard    int // the fewest deals of a shard of the crediting; 0 for creditShard
}

// WithProgress calls f after each payee's statement is made, with how
// many are done out of how many: for a progress bar. With several
// workers f is called from each of them, so it must be safe for
// concurrent use; it sees every count from 1 to total once, in no set
// order. It changes nothing in the result.
func WithProgress(f func(done, total int)) RunOption {
	return func(c *runConfig) error {
		c.progress = f
		return nil
	}
}

// WithFlags flags the lines of deals: each line of a deal named in flags
// carries the deal's texts in [Line.Flags] (a sales policy the deal
// breaks, say), and is paid all the same. The map is read, never changed.
func WithFlags(flags map[string][]string) RunOption {
	return func(c *runConfig) error {
		c.flags = flags
		return nil
	}
}

// WithQuotas makes a run read its quotas from q instead of the engine's:
// a run over the year to date reads year-to-date quotas, say.
func WithQuotas(q Quotas) RunOption {
	return func(c *runConfig) error {
		if q == nil {
			return fmt.Errorf("commission: WithQuotas(nil)")
		}
		c.quotas = q
		return nil
	}
}

// WithWorkers sets how many goroutines check and credit the deals (in
// shards of consecutive deals) and compute statements (one payee at a
// time each); the default is GOMAXPROCS. The result does not depend on
// it. The Config's Org and Quotas, and the Quotas and Rates given to a
// run, are read by every worker when there are more than one: they must
// be safe for concurrent use (those of this module are).
func WithWorkers(n int) RunOption {
	return func(c *runConfig) error {
		if n < 1 {
			return fmt.Errorf("commission: WithWorkers(%d): want 1 or more", n)
		}
		c.workers = n
		return nil
	}
}

// WithoutExplanations leaves the explanations of statement lines empty:
// for bulk runs whose lines are stored or summed, not read. An
// explanation is worded only when read ([Line.Explanation]), but a line
// of a run with explanations keeps the few numbers its words need (the
// running totals, the amount before rounding); without, it keeps none.
// The amounts are the same either way.
func WithoutExplanations() RunOption {
	return func(c *runConfig) error {
		c.noTrace = true
		return nil
	}
}

// WithRates gives the exchange rates a run converts deal amounts with. A
// deal in a currency other than its payee's plan needs a rate for its date.
func WithRates(r Rates) RunOption {
	return func(c *runConfig) error {
		if r == nil {
			return fmt.Errorf("commission: WithRates(nil)")
		}
		c.rates = r
		return nil
	}
}

var one = decimal.NewFromInt(1)

// Run credits the period's deals and evaluates every payee's plans into
// statements. deals must all be dated inside period; their order does not
// matter: they are processed by date, then id, and the result is the same
// for any order of the input.
//
// Bad input is an error that names the deal and the field: a duplicate or
// empty id, a date outside the period, an unknown owner, splits that do
// not add up to 1, an attribute not declared, a currency with no rate. The
// error is a [diag.List] with every such problem.
//
// [Engine.RunEach] is Run for a caller that writes each statement out
// as it comes, and keeps none.
func (e *Engine) Run(period calendar.Period, deals []deal.Deal, opts ...RunOption) (*Result, error) {
	var sts []Statement
	res, err := e.run(period, deals, func(st Statement) error {
		sts = append(sts, st)
		return nil
	}, true, opts)
	if err != nil {
		return nil, err
	}
	res.Statements = sts
	return res, nil
}

// run is Run and RunEach: it hands each statement to each, in payee
// order, and returns the result without its statements, with its credits
// when credits is set.
func (e *Engine) run(period calendar.Period, deals []deal.Deal, each func(Statement) error, credits bool, opts []RunOption) (*Result, error) {
	rc := runConfig{workers: runtime.GOMAXPROCS(0)}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&rc); err != nil {
			return nil, err
		}
	}
	if period.ID == "" || period.Start.IsZero() || period.End.Before(period.Start) {
		return nil, fmt.Errorf("commission: invalid period %q (%s to %s)", period.ID, period.Start, period.End)
	}
	r := &run{e: e, period: period, rates: rc.rates, trace: !rc.noTrace, quotas: e.cfg.Quotas, terms: e.cfg.Terms,
		memberIDs: sync.OnceValue(func() []string { return e.cfg.Org.MemberIDs() })}
	if rc.quotas != nil {
		r.quotas = rc.quotas
	}
	if rc.terms != nil {
		r.terms = rc.terms
	}
	r.flags = rc.flags
	r.months = fiscalMonths(e.cfg.Calendar, period) // member_terms.go
	r.scores = e.cfg.Scores
	if rc.scores != nil {
		r.scores = rc.scores
	}
	// Every problem of the input is reported at once: the deals with none
	// are credited and their statements made, so that a missing exchange
	// rate is found beside an unknown owner.
	var list diag.List
	shard := cmp.Or(rc.shard, creditShard)
	r.prepare(&list, deals, rc.workers, shard)
	r.credit(&list, rc.workers, shard)
	r.pools(&list) // pool.go: team pools, shared before the statements
	res := &Result{Period: period.ID, Notes: r.pool.notes}
	if len(list) > 0 {
		each = nil // the run fails: its statements are made for their errors only
	}
	if credits && len(list) == 0 {
		r.out = r.credits.room() // kept.go: filled by the statements as they read them
	}
	errs, err := r.statements(e.cfg.Org.MemberIDs(), rc.workers, rc.progress, each)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 && len(errs) == 1 {
		return nil, errs[0] // one error, as it is (errors.Is and As see through it)
	}
	for _, err := range errs {
		list.Append("", diag.InvalidInput, err)
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	if credits {
		res.Credits = r.allCredits(rc.workers)
	}
	return res, nil
}

// statements makes the statements of payees, on up to workers
// goroutines, and hands each to each in payee order as soon as it and
// every one before it are made; a statement handed is not kept. From a
// payee's error on (or with each nil) the statements are made for their
// errors only, and none is handed. It returns the payees' errors in
// payee order, or the error of each, which ends the run.
//
// A worker takes the next payee not taken when fewer than statementWindow
// statements per worker are made and not yet handed: the statements held
// are a few, not the period's, and the order they are handed in is the
// payees', whatever the scheduling.
func (r *run) statements(payees []string, workers int, progress func(done, total int), each func(Statement) error) ([]error, error) {
	var done atomic.Int64
	tick := func() {
		if progress != nil {
			progress(int(done.Add(1)), len(payees))
		}
	}
	var errs []error
	hand := func(st Statement, ok bool, err error) error {
		if err != nil {
			errs = append(errs, err)
			each = nil
			return nil
		}
		if !ok || each == nil {
			return nil
		}
		return each(st)
	}
	workers = min(workers, len(payees))
	if workers <= 1 {
		var sc scratch
		for _, payee := range payees {
			st, ok, err := r.statement(payee, &sc)
			tick()
			if err := hand(st, ok, err); err != nil {
				return nil, err
			}
		}
		return errs, nil
	}
	type outcome struct {
		st       Statement
		ok, made bool
		err      error
	}
	outs := make([]outcome, len(payees)) // the made ones not yet handed hold a statement
	var mu sync.Mutex
	made := sync.NewCond(&mu) // outs[i].made for the i waited for
	room := make(chan struct{}, statementWindow*workers)
	stop := make(chan struct{})
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var sc scratch
			for {
				select {
				case room <- struct{}{}:
				case <-stop:
					return
				}
				i := int(next.Add(1) - 1)
				if i >= len(payees) {
					return
				}
				st, ok, err := r.statement(payees[i], &sc)
				tick()
				mu.Lock()
				outs[i] = outcome{st: st, ok: ok, made: true, err: err}
				mu.Unlock()
				made.Signal()
			}
		})
	}
	var err error
	for i := range payees {
		mu.Lock()
		for !outs[i].made {
			made.Wait()
		}
		o := outs[i]
		outs[i] = outcome{made: true}
		mu.Unlock()
		<-room
		if err = hand(o.st, o.ok, o.err); err != nil {
			break
		}
	}
	close(stop)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	return errs, nil
}

// statementWindow is how many statements per worker may be made ahead
// of the one to hand next.
const statementWindow = 4

// run is the state of one Run; nothing in it outlives the call.
type run struct {
	flags  map[string][]string // deal id → why its lines are flagged
	e      *Engine
	period calendar.Period
	rates  Rates
	quotas Quotas
	terms  Terms
	scores Scores
	trace  bool         // write explanations
	months int          // fiscal months in the period (member_terms.go)
	deals  []*deal.Deal // sorted by date, then id
	input  []deal.Deal  // the deals as given
	pos    []int32      // each deal's position in the input, for error paths
	// memberIDs are the organisation's, for did-you-mean hints; read at
	// the first unknown member (by any shard of the crediting).
	memberIDs func() []string
	credits   keptStore          // in deal order (kept.go)
	extras    []extra            // what few credits have beyond a kept
	payees    []string           // the members' ids, which kept credits index
	ids       map[string]int32   // payees' index in payees
	byID      [][]int32          // each member's credits, by index in payees
	byOther   map[string][]int32 // those of payees who are not members
	pool      poolRun            // the pools' lines, made before the statements
	// out holds, when the run returns its credits, the credits as
	// Result.Credits has them, in deal order: each statement writes its
	// payee's as it reads them (kept.go's allCredits makes the rest)
	out     []Credit
	written atomic.Int64 // how many of out the statements wrote
}

// dealProblem adds a problem of deal d, at input position i, about field
// (owner, splits[1].member, "" for the whole deal): at the field's place
// in its file when the deal was read from one ("deals.csv:14:9: deal
// NW-1042: ..."), else by its path ("deals[12].owner: deal NW-1042: ...").
func dealProblem(list *diag.List, d *deal.Deal, i int, field, format string, args ...any) *diag.Problem {
	p := &diag.Problem{Code: diag.InvalidInput, Message: fmt.Sprintf(format, args...)}
	if d.Source.IsZero() {
		p.Path = fmt.Sprintf("deals[%d]", i)
		if field != "" {
			p.Path += "." + field
		}
	} else {
		p.Pos = d.Source.Field(field)
	}
	*list = append(*list, p)
	return p
}

// notMember adds the problem of a member id that names nobody, with the
// member ids closest to it.
func (r *run) notMember(list *diag.List, d *deal.Deal, i int, field, what, id string) {
	p := dealProblem(list, d, i, field, "deal %s: %s %q is not a member", d.ID, what, id)
	p.Hint = diag.DidYouMean(id, r.memberIDs())
}

// prepare checks the deals and orders them by date, then id. It reports
// every problem to list; the deals with none go on to be credited.
//
// The ids are checked on one goroutine (a map of them), the rest of each
// deal in shards of consecutive deals on up to workers goroutines, whose
// problems are joined in deal order: the list is the same whatever the
// number of workers.
func (r *run) prepare(list *diag.List, deals []deal.Deal, workers, least int) {
	n := len(deals)
	shards := max(1, min(workers, n/least))
	// dup[i] is the deal whose id deal i repeats (the first with it), -1
	// for none, -2 for a deal with no id. Each shard looks after the ids
	// of one hash class, in deal order, and writes dup for those only.
	dup := make([]int32, n)
	seed := maphash.MakeSeed()
	inShards(shards, func(s int) {
		seen := make(map[string]int32, n/shards+1)
		for i := range deals {
			id := deals[i].ID
			if shards > 1 && maphash.String(seed, id)%uint64(shards) != uint64(s) {
				continue
			}
			dup[i] = -1
			if id == "" {
				dup[i] = -2
			} else if j, ok := seen[id]; ok {
				dup[i] = j
			} else {
				seen[id] = int32(i)
			}
		}
	})
	lists := make([]diag.List, shards) // each shard's problems
	ok := make([]bool, n)
	do := func(s int) {
		lo, hi := s*n/shards, (s+1)*n/shards
		for i := lo; i < hi; i++ {
			ok[i] = r.check(&lists[s], deals, i, dup[i])
		}
	}
	inShards(shards, do)
	for _, l := range lists {
		*list = append(*list, l...)
	}
	keys := make([]dealKey, 0, n)
	for i := range deals {
		if ok[i] {
			keys = append(keys, keyOf(&deals[i], i))
		}
	}
	sortDeals(keys, func(a, b dealKey) int { return a.compare(b, deals) }, shards)
	r.input = deals
	r.pos = make([]int32, len(keys))
	r.deals = make([]*deal.Deal, len(keys))
	for i, k := range keys {
		r.pos[i], r.deals[i] = k.idx, &deals[k.idx]
	}
}

// dealKey is what the deals are sorted by, beside the deals: their date
// and the first 8 bytes of their id, so that most comparisons read
// neither the deals nor their ids (at a million deals, sorting them by
// reading each deal took a second).
type dealKey struct {
	pre  uint64 // the id's first 8 bytes, big-endian, 0 after its end
	date int32  // year, month and day, in that order of weight
	idx  int32  // the deal's position in the input
}

func keyOf(d *deal.Deal, i int) dealKey {
	var pre uint64
	for j := range 8 {
		pre <<= 8
		if j < len(d.ID) {
			pre |= uint64(d.ID[j])
		}
	}
	return dealKey{pre: pre, date: int32(d.Date.Year)<<9 | int32(d.Date.Month)<<5 | int32(d.Date.Day), idx: int32(i)}
}

// compare orders keys as byDate orders their deals: by date, then id. Two
// ids that differ in their first 8 bytes compare as those do (a shorter
// id is padded with zero bytes, which sort first, as its end does).
func (a dealKey) compare(b dealKey, deals []deal.Deal) int {
	if c := cmp.Compare(a.date, b.date); c != 0 {
		return c
	}
	if c := cmp.Compare(a.pre, b.pre); c != 0 {
		return c
	}
	return strings.Compare(deals[a.idx].ID, deals[b.idx].ID)
}

// check reports the problems of deal i to list, and whether it has none;
// dup is the deal whose id it repeats, -1 for none, -2 when it has no id.
func (r *run) check(list *diag.List, deals []deal.Deal, i int, dup int32) bool {
	d := &deals[i]
	bad := func(field, format string, args ...any) {
		dealProblem(list, d, i, field, "deal %s: %s", d.ID, fmt.Sprintf(format, args...))
	}
	switch {
	case dup == -2:
		dealProblem(list, d, i, "id", "deal #%d has no id", i+1)
		return false
	case dup >= 0:
		bad("id", "duplicate deal id (also %s)", deals[dup].Place(int(dup)))
		return false
	}
	ok := true
	if !d.Date.Valid() {
		bad("date", "missing or invalid date")
		ok = false
	} else if !r.period.Contains(d.Date) {
		bad("date", "dated %s, outside the period %s (%s to %s)", d.Date, r.period.ID, r.period.Start, r.period.End)
		ok = false
	}
	if err := money.CheckCurrency(d.Currency); err != nil {
		bad("currency", "%v", err)
		ok = false
	}
	if d.Owner == "" {
		bad("owner", "missing owner")
		ok = false
	} else if _, known := r.e.cfg.Org.RoleOf(d.Owner, d.Date); !known {
		r.notMember(list, d, i, "owner", "owner", d.Owner)
		ok = false
	}
	for j, s := range d.Splits {
		if _, known := r.e.cfg.Org.RoleOf(s.Member, d.Date); !known {
			r.notMember(list, d, i, fmt.Sprintf("splits[%d].member", j), "split member", s.Member)
			ok = false
		}
	}
	if err := r.e.cfg.Schema.Check(d); err != nil {
		dealProblem(list, d, i, "attrs", "%v", err)
		ok = false
	}
	return ok
}

// byDate orders deals by date, then id: a total order, since ids are
// unique.
func byDate(a, b *deal.Deal) int { return cmp.Or(a.Date.Compare(b.Date), strings.Compare(a.ID, b.ID)) }

// sortDeals sorts ds by date, then id (by), in parts on up to parts
// goroutines, merged: the order is the same however it is sorted.
func sortDeals[T any](ds []T, by func(a, b T) int, parts int) {
	if slices.IsSortedFunc(ds, by) { // deals often come in order
		return
	}
	if parts < 2 {
		slices.SortFunc(ds, by)
		return
	}
	half := len(ds) / 2
	var wg sync.WaitGroup
	wg.Go(func() { sortDeals(ds[:half], by, parts/2) })
	sortDeals(ds[half:], by, parts-parts/2)
	wg.Wait()
	merged := make([]T, 0, len(ds))
	a, b := ds[:half], ds[half:]
	for len(a) > 0 && len(b) > 0 {
		if by(b[0], a[0]) < 0 {
			merged, b = append(merged, b[0]), b[1:]
		} else {
			merged, a = append(merged, a[0]), a[1:]
		}
	}
	merged = append(append(merged, a...), b...)
	copy(ds, merged)
}

// credit makes the credits of every deal: the owner's or the splits,
// reassigned when their member is not in the organisation on the deal's
// date, then roll-ups and overlays. It reports every problem to list.
//
// The deals are credited in shards of at least least consecutive deals,
// one goroutine each (up to workers), and the shards' credits and problems are joined
// in deal order: the same credits in the same order as one goroutine
// makes, whatever the number of workers.
func (r *run) credit(list *diag.List, workers, least int) {
	n := len(r.deals)
	shards := max(1, min(workers, n/least))
	lists := make([]diag.List, shards)
	r.payees = r.e.cfg.Org.MemberIDs()
	ids := make(map[string]int32, len(r.payees))
	for i, id := range r.payees {
		ids[id] = int32(i)
	}
	keep := make([]keeper, shards)
	for s := range keep {
		keep[s].ids = ids
	}
	do := func(s int) {
		lo, hi := s*n/shards, (s+1)*n/shards
		env := dealEnv{}
		ru := rollups{org: newOrgMemo(r.e.cfg.Org, r.e.members), def: r.e.rollup}
		var cs []Credit // one deal's, packed into keep[s] (kept.go)
		for i := lo; i < hi; i++ {
			if (i-lo)%touchBlock == 0 {
				keep[s].touched += touch(r.deals[i:min(hi, i+touchBlock)])
			}
			ru.reset()
			cs = r.dealCredits(&lists[s], r.deals[i], i, &env, &ru, cs[:0])
			keep[s].keep(r.deals[i], r.pos[i], cs)
		}
	}
	inShards(shards, do)
	r.credits, r.extras = joinKept(keep)
	for _, l := range lists {
		*list = append(*list, l...)
	}
	// each payee's credits, in deal order, from one slice: by the
	// payee's index in the member ids, or by id for one who is not
	// among them
	count := make([]int, len(r.payees))
	others := map[string]int{}
	for _, c := range r.credits.all {
		if c.payee >= 0 {
			count[c.payee]++
		} else {
			others[r.payeeOf(c)]++
		}
	}
	all := make([]int32, r.credits.n)
	off := 0
	r.byID = make([][]int32, len(r.payees))
	for i, n := range count {
		r.byID[i] = all[off : off : off+n]
		off += n
	}
	if len(others) > 0 {
		r.byOther = make(map[string][]int32, len(others))
		for _, p := range slices.Sorted(maps.Keys(others)) {
			r.byOther[p] = all[off : off : off+others[p]]
			off += others[p]
		}
	}
	for k, c := range r.credits.all {
		if c.payee >= 0 {
			r.byID[c.payee] = append(r.byID[c.payee], k)
		} else {
			p := r.payeeOf(c)
			r.byOther[p] = append(r.byOther[p], k)
		}
	}
	r.ids = ids
}

// creditsOf gives the indices of payee's credits, in deal order.
func (r *run) creditsOf(payee string) []int32 {
	if i, ok := r.ids[payee]; ok {
		return r.byID[i]
	}
	return r.byOther[payee]
}

// touchBlock is how many deals the crediting reads ahead at a time.
const touchBlock = 16

// touch reads what the crediting reads of each deal of ds first (the
// lines of its id, owner and channel, its splits, its amount's number)
// and returns a sum of what it read, for the reads to be kept. The deals
// are in date order, the input in any: each deal is read from main
// memory, and a loop of loads that do not wait for one another has the
// memory fetch them together, not one after the other as the crediting
// of each deal would.
func touch(ds []*deal.Deal) int {
	n := 0
	for _, d := range ds {
		n += len(d.ID) + len(d.Owner) + len(d.Channel) + len(d.Splits) + d.Amount.Sign()
	}
	return n
}

// creditShard is the fewest deals a shard of the crediting has: fewer
// are credited on one goroutine.
const creditShard = 2048

// dealCredits appends the credits of deal d (the i-th) to dst and
// returns dst; env and ru are reused from deal to deal.
func (r *run) dealCredits(list *diag.List, d *deal.Deal, i int, env *dealEnv, ru *rollups, dst []Credit) []Credit {
	at := int(r.pos[i])
	start := len(dst)
	dst, err := splitCredits(d, i, dst)
	if err != nil {
		dealProblem(list, d, at, "splits", "%v", err)
		return dst
	}
	// crediting rules read a credit note's twin (its amount made
	// positive), so that it is credited as its twin was
	env.Deal = d
	env.Channel = r.e.channelOf(d)
	if d.Amount.Sign() < 0 {
		tw := *d
		tw.Amount = d.Amount.Neg()
		env.Deal = &tw
	}
	if r.e.members != nil {
		base, err := r.place(list, d, at, env.Deal, dst[start:], ru.org)
		if err != nil {
			return dst[:start]
		}
		dst = dst[:start+len(base)]
	}
	if r.e.rollup.Enabled {
		dst = ru.credits(d, i, dst[start:], dst)
	}
	for _, ov := range r.e.overlays {
		c, ok, err := r.overlayCredit(ov, env, d, i)
		if err != nil {
			dealProblem(list, d, at, "", "deal %s: overlay %s: %v", d.ID, ov.id, err)
			continue
		}
		if ok && r.e.members != nil && !r.placeOne(list, d, at, env.Deal, &c, "", "overlay "+ov.id+": payee", ru.org) {
			continue
		}
		if ok {
			dst = append(dst, c)
		}
	}
	return dst
}

// errPlaced says a credit could not be placed; the problem is in the list.
var errPlaced = errors.New("a credit's member is not in the organisation")

// place checks that the owner or split members of a deal are in the
// organisation on its date, and reassigns the credit of one who is not:
// two splits that come to one member are merged into one credit.
func (r *run) place(list *diag.List, d *deal.Deal, at int, view *deal.Deal, base []Credit, om *orgMemo) ([]Credit, error) {
	moved, failed := false, false
	for k := range base {
		c := &base[k]
		field, who := "owner", "owner"
		if c.Kind == SplitCredit {
			j := slices.IndexFunc(d.Splits, func(s deal.Split) bool { return s.Member == c.Payee })
			field, who = fmt.Sprintf("splits[%d].member", j), "split member"
		}
		if !r.placeOne(list, d, at, view, c, field, who, om) {
			failed = true // and go on, to report every member of the deal
		}
		moved = moved || c.From != ""
	}
	if failed {
		return nil, errPlaced
	}
	if !moved || len(base) < 2 {
		return base, nil
	}
	slices.SortStableFunc(base, func(a, b Credit) int { return strings.Compare(a.Payee, b.Payee) })
	out := base[:1]
	for _, c := range base[1:] {
		if last := &out[len(out)-1]; last.Payee == c.Payee {
			last.Share, last.Amount = last.Share.Add(c.Share), last.Amount.Add(c.Amount)
			last.From = strings.Join(slices.DeleteFunc([]string{last.From, c.From}, func(s string) bool { return s == "" }), ",")
			continue
		}
		out = append(out, c)
	}
	return out, nil
}

// placeOne checks that the member of credit c is in the organisation on
// the deal's date (asking om); when not, it gives the credit to the member the first
// reassign rule that applies names, or reports a problem at field and
// returns false.
func (r *run) placeOne(list *diag.List, d *deal.Deal, at int, view *deal.Deal, c *Credit, field, who string, om *orgMemo) bool {
	in, last, first := om.inOrg(c.Payee, d.Date)
	if in {
		return true
	}
	org := r.e.cfg.Org
	if len(r.e.reassign) > 0 {
		day := last
		if day.IsZero() {
			day = first
		}
		env := reassignEnv{Deal: view, Member: memberView{ID: c.Payee, LastDay: last, FirstDay: first},
			Credit: creditView{Kind: string(c.Kind), Owner: ownerCredit(c, d), Share: c.Share, Amount: c.Amount.Abs(), Payee: c.Payee, Rule: c.Rule}}
		env.Member.Team, _ = org.TeamOf(c.Payee, day)
		if ms := org.Managers(c.Payee, day); len(ms) > 0 {
			env.Member.Manager = ms[0]
		}
		for _, rr := range r.e.reassign {
			if rr.when != nil {
				ok, err := rr.when.Bool(&env)
				if err != nil {
					dealProblem(list, d, at, field, "deal %s: reassign %s: when: %v", d.ID, rr.id, err)
					return false
				}
				if !ok {
					continue
				}
			}
			to, err := rr.to.String(&env)
			if err != nil {
				dealProblem(list, d, at, field, "deal %s: reassign %s: to: %v", d.ID, rr.id, err)
				return false
			}
			if to == "" {
				continue
			}
			if _, known := org.RoleOf(to, d.Date); !known {
				r.notMember(list, d, at, field, "reassign "+rr.id+" gives the credit of "+strconv.Quote(c.Payee)+" to", to)
				return false
			}
			if in, _, _ := r.e.members.InOrg(to, d.Date); !in {
				dealProblem(list, d, at, field, "deal %s: reassign %s gives the credit of %q to %q, who is not in the organisation on %s either", d.ID, rr.id, c.Payee, to, d.Date)
				return false
			}
			c.From, c.Payee = c.Payee, to
			return true
		}
	}
	msg := fmt.Sprintf("deal %s: %s %q is not in the organisation on %s", d.ID, who, c.Payee, d.Date)
	switch {
	case !last.IsZero() && !first.IsZero():
		msg += fmt.Sprintf(": their last day was %s (they are back on %s)", last, first)
	case !last.IsZero():
		msg += fmt.Sprintf(": their last day was %s", last)
	case !first.IsZero():
		msg += fmt.Sprintf(": they join on %s", first)
	}
	p := dealProblem(list, d, at, field, "%s; the credit goes to nobody", msg)
	p.Hint = "give the deal to a member in the organisation that day, or give the credit to one with a crediting.reassign rule"
	if len(r.e.reassign) > 0 {
		p.Hint = "no crediting.reassign rule gives the credit to anyone"
	}
	return false
}

func (r *run) overlayCredit(ov *overlay, env *dealEnv, d *deal.Deal, idx int) (Credit, bool, error) {
	if ov.when != nil {
		ok, err := ov.when.Bool(env)
		if err != nil || !ok {
			return Credit{}, false, err
		}
	}
	payee, err := ov.payee.String(env)
	if err != nil || payee == "" {
		return Credit{}, false, err
	}
	if _, known := r.e.cfg.Org.RoleOf(payee, d.Date); !known {
		return Credit{}, false, fmt.Errorf("payee %q is not a member", payee)
	}
	share := one
	if ov.share != nil {
		if share, err = ov.share.Decimal(env); err != nil {
			return Credit{}, false, err
		}
		if share.Sign() < 0 || share.GreaterThan(one) {
			return Credit{}, false, fmt.Errorf("share %s is outside 0 to 1", share)
		}
		if share.IsZero() {
			return Credit{}, false, nil
		}
	}
	return Credit{Deal: d.ID, Date: d.Date, Payee: payee, Kind: Overlay, Share: share, Amount: d.Amount.Mul(share), Currency: d.Currency, Rule: ov.id, deal: idx}, true, nil
}

// span is a plan in force for a payee over consecutive days of the period.
type span struct {
	plan     *plan
	from, to calendar.Date
}

func (s span) days() int { return s.from.DaysUntil(s.to) + 1 }

// spans returns the plans in force for payee over the period, in date
// order. A day's plan is worked out afresh only when it may differ from
// the day before's: the payee's role or team changes, a plan starts or
// ends, or a plan names teams (whose paths may change any day).
func (r *run) spans(payee string) ([]span, error) {
	var out []span
	org := r.e.cfg.Org
	namesTeams := false
	var changes []int // the days on which a plan starts, or the day after it ends
	for _, p := range r.e.plans {
		namesTeams = namesTeams || len(p.elig.Teams) > 0
		if !p.from.IsZero() {
			changes = append(changes, p.from.Days())
		}
		if !p.to.IsZero() {
			changes = append(changes, p.to.Days()+1)
		}
	}
	var best *plan // the plan of the day last worked out
	var lastRole string
	lastIn, known := false, false
	lastDay := 0 // the last day of out's last span
	for n, end := r.period.Start.Days(), r.period.End.Days(); n <= end; n++ {
		d := calendar.FromDays(n)
		role, _ := org.RoleOf(payee, d)
		team, inTeam := org.TeamOf(payee, d)
		if !known || namesTeams || role != lastRole || inTeam != lastIn || slices.Contains(changes, n) {
			var err error
			if best, err = r.planOn(payee, d, role, team, inTeam); err != nil {
				return nil, err
			}
			lastRole, lastIn, known = role, inTeam, true
		}
		if best == nil {
			continue
		}
		if k := len(out); k > 0 && out[k-1].plan == best && lastDay+1 == n {
			out[k-1].to = d
		} else {
			out = append(out, span{plan: best, from: d, to: d})
		}
		lastDay = n
	}
	return out, nil
}

// planOn returns the plan in force for payee on d, who holds role and is
// in team (when inTeam): the one whose eligibility names the payee most
// closely (a member over a team over a role); nil for none.
func (r *run) planOn(payee string, d calendar.Date, role, team string, inTeam bool) (*plan, error) {
	org := r.e.cfg.Org
	// the team's path is read only for a plan in force that names
	// teams, and once a day
	var path []string
	pathRead := false
	inPath := func(t string) bool {
		if !pathRead {
			path, pathRead = org.TeamPath(team, d), true
		}
		return slices.Contains(path, t)
	}
	var best, tie *plan
	bestLevel := 0
	for _, p := range r.e.plans {
		if (!p.from.IsZero() && d.Before(p.from)) || (!p.to.IsZero() && d.After(p.to)) {
			continue
		}
		level := 0
		switch {
		case slices.Contains(p.elig.Members, payee):
			level = 3
		case inTeam && slices.ContainsFunc(p.elig.Teams, inPath):
			level = 2
		case inTeam && role != "" && slices.Contains(p.elig.Roles, role):
			level = 1
		}
		switch {
		case level == 0 || level < bestLevel:
		case level == bestLevel:
			tie = p
		default:
			best, bestLevel, tie = p, level, nil
		}
	}
	if tie != nil {
		return nil, fmt.Errorf("payee %s: plans %s and %s both apply on %s; name the member in one plan's eligible members", payee, best.id, tie.id, d)
	}
	return best, nil
}

// payeeState holds one payee's running values while its statement is made.
type payeeState struct {
	r        *run
	payee    string
	currency string
	credits  []Credit            // the payee's credits, in deal order, amounts in currency
	dealOf   []*deal.Deal        // each credit's deal
	touched  int                 // what touchCredits read, kept so that it is read
	values   [][]decimal.Decimal // values[credit][measure]
	// cum holds the running totals after each credit; a total summed in
	// fixed point is made a decimal only when read (cumAt): until then
	// lazy[k*measures+j] is set and cumN holds it
	cum  [][]decimal.Decimal
	cumN []fx.Num
	lazy []bool
	// valN[k*measures+j], when valOK, is measure j's value of credit k
	// (values[k][j]) in fixed point, and cumN the running total after it
	// (cum[k][j]) when cumOK: what prices a credit without loading the
	// decimals' numbers (valueNum)
	valN         []fx.Num
	valOK, cumOK []bool
	chans        []*channelView // each credit's deal's channel, once looked up (channelAt)
	convs        []*Conversion  // how each credit was converted; nil when none was
	roles        []string       // the payee's role and team at each credit's date
	teams        []string
	owner        []bool            // whether each credit is its deal owner's own (ownerCredit)
	totals       []decimal.Decimal // period totals per measure
	quota        []decimal.Decimal
	hasQuota     []bool
	cenv         creditEnv
	// sb holds the attainment bands of a table scaled to the payee's
	// quota, for the table, row and quota it was scaled for
	sb struct {
		bands []Band
		nums  numBands // bands in fixed point
		table *Table
		key   string
		quota decimal.Decimal
	}
	view     periodView
	sc       *scratch // the worker's room; nil for a payee measured for a pool
	lines    []Line
	pricings []Pricing // the free part of a block of lines' pricings (newPricing)
	slices   []Slice   // the free part of a block of one-point slices (pointSlice)
	whys     []why     // the free part of a block of lines' explanations (newWhy)
	twin     deal.Deal // the twin of the credit note last priced (setTwin)
	twinOf   int       // its deal's index, -1 for none
	lim      limits    // the limits of the component being evaluated
	envs     []spanEnv // the environments of the plan spans evaluated (evalPlan)
	negs     []negs    // the negated amounts of credit notes, once made (negated)
}

// scratch is a statement worker's room, reused from payee to payee: the
// lines being made and the per-credit values of measure. Nothing in it
// outlives the statement it is used for: the statement has a copy of
// exactly the lines made, not the room an estimate of them took.
type scratch struct {
	lines        []Line
	credits      []Credit
	dealOf       []*deal.Deal
	values       [][]decimal.Decimal // values, cum: ps's, sliced from flat
	cum          [][]decimal.Decimal
	flat         []decimal.Decimal
	cumN         []fx.Num
	lazy         []bool
	valN         []fx.Num
	valOK, cumOK []bool
	owner        []bool
	roles, teams []string
	chans        []*channelView
	negs         []negs
	totals       []decimal.Decimal
	amts         []fx.Num // the credits' amounts in fixed point, where amtOK
	amtOK        []bool
	tot          []fx.Num // the totals in fixed point, while totOK
	totOK        []bool
	stale        []bool // totals[j] is behind tot[j]
	quota        []decimal.Decimal
	hasQuota     []bool
	maps         [3]map[string]decimal.Decimal // cenv's Measure, Attainment, Quota
	slab         fx.Slab                       // the decimals of the lines' amounts and running totals
	via          []string                      // the free part of a block of credits' Via
}

// room returns s[:n], zeroed, reusing s's array when it is big enough.
func room[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// statement makes payee's statement, in the worker's scratch sc.
func (r *run) statement(payee string, sc *scratch) (Statement, bool, error) {
	spans, err := r.spans(payee)
	if err != nil || len(spans) == 0 {
		return Statement{}, false, err
	}
	cur := spans[0].plan.currency
	for _, s := range spans[1:] {
		if s.plan.currency != cur {
			return Statement{}, false, fmt.Errorf("payee %s: plans %s (%s) and %s (%s) in one period pay in different currencies",
				payee, spans[0].plan.id, cur, s.plan.id, s.plan.currency)
		}
	}
	ps := &payeeState{r: r, payee: payee, currency: cur, twinOf: -1, sc: sc}
	buf := &sc.lines
	perCredit, other := 0, 1 // an estimate of the lines: a plan cap
	for _, s := range spans {
		for _, c := range s.plan.comps {
			if c.per == PerCredit {
				perCredit++
			}
			other += 2 // a period line or a gate, a cap
		}
	}
	if want := len(r.creditsOf(payee))*perCredit + other; cap(*buf) < want {
		*buf = make([]Line, 0, want)
	}
	ps.lines = (*buf)[:0]
	defer func() { *buf = ps.lines[:0] }()
	ps.view = r.periodView()
	if err := ps.measure(spans); err != nil {
		return Statement{}, false, err
	}
	if err := ps.quotas(spans); err != nil {
		return Statement{}, false, err
	}
	st := Statement{Payee: payee, Currency: cur}
	for _, s := range spans {
		st.Plans = append(st.Plans, PlanSpan{Plan: s.plan.id, From: s.from.String(), To: s.to.String(), Days: s.days()})
		if err := ps.evalPlan(s); err != nil {
			return Statement{}, false, err
		}
	}
	if err := ps.finishLines(spans); err != nil {
		return Statement{}, false, err
	}
	for i, m := range r.e.measures {
		mv := MeasureValue{Measure: m.id, Count: m.count, Value: ps.totals[i], Quota: ps.quota[i], HasQuota: ps.hasQuota[i]}
		if ps.hasQuota[i] && !ps.quota[i].IsZero() {
			mv.Attainment = ps.totals[i].DivRound(ps.quota[i], divPrecision)
		}
		st.Measures = append(st.Measures, mv)
	}
	st.Lines = make([]Line, len(ps.lines))
	copy(st.Lines, ps.lines)
	st.Subtotals, st.Total = subtotals(st.Lines, spans[0].plan.places)
	return st, true, nil
}

// subtotals returns what each component of each plan paid and the total:
// the sums of the lines, grouped by plan and component (finishLines). The
// amounts are summed as whole numbers of the minor unit (places) while
// every line is one (a rounded amount is) and the sums fit, else as
// decimals (decimalSums); the decimals are the same either way.
func subtotals(lines []Line, places int32) ([]Subtotal, decimal.Decimal) {
	type acc struct {
		units int64
		lines int
	}
	var subs []Subtotal
	var accs []acc
	for i := range lines {
		l := &lines[i]
		u, ok := fx.Units(l.Amount, places)
		if !ok {
			return decimalSums(lines)
		}
		if n := len(subs); n > 0 && subs[n-1].Plan == l.Plan && subs[n-1].Component == l.Component {
			if accs[n-1].units, ok = fx.Add(accs[n-1].units, u); !ok {
				return decimalSums(lines)
			}
			accs[n-1].lines++
			continue
		}
		subs = append(subs, Subtotal{Plan: l.Plan, Component: l.Component, Amount: l.Amount})
		accs = append(accs, acc{units: u, lines: 1})
	}
	if len(subs) == 0 {
		return nil, decimal.Decimal{}
	}
	total := int64(0)
	for i := range subs {
		if accs[i].lines > 1 {
			subs[i].Amount = fx.Decimal(accs[i].units, places)
		}
		var ok bool
		if total, ok = fx.Add(total, accs[i].units); !ok {
			return decimalSums(lines)
		}
	}
	return subs, fx.Decimal(total, places)
}

// decimalSums is subtotals in decimals.
func decimalSums(lines []Line) ([]Subtotal, decimal.Decimal) {
	var subs []Subtotal
	for _, l := range lines {
		n := len(subs)
		if n > 0 && subs[n-1].Plan == l.Plan && subs[n-1].Component == l.Component {
			subs[n-1].Amount = subs[n-1].Amount.Add(l.Amount)
		} else {
			subs = append(subs, Subtotal{Plan: l.Plan, Component: l.Component, Amount: l.Amount})
		}
	}
	var total decimal.Decimal
	for _, sub := range subs {
		total = total.Add(sub.Amount)
	}
	return subs, total
}

// measure converts the payee's credits to the statement currency and
// computes every measure's value per credit and the period totals. A
// converted amount is rounded to the currency's minor unit with the
// rounding of the plan in force on the credit's date (the first plan's,
// on a day no plan is in force).
func (ps *payeeState) measure(spans []span) error {
	r := ps.r
	ms := r.e.measures
	idx := r.creditsOf(ps.payee)
	sc := ps.sc
	if sc == nil {
		sc = &scratch{}
	}
	n := len(idx)
	ps.credits = room(sc.credits, n)
	ps.dealOf = room(sc.dealOf, n)
	ps.values = room(sc.values, n)
	ps.totals = room(sc.totals, len(ms))
	flat := room(sc.flat, 2*n*len(ms))
	ps.cum = room(sc.cum, n)
	ps.cumN, ps.lazy = room(sc.cumN, n*len(ms)), room(sc.lazy, n*len(ms))
	ps.valN, ps.valOK, ps.cumOK = room(sc.valN, n*len(ms)), room(sc.valOK, n*len(ms)), room(sc.cumOK, n*len(ms))
	sc.valN, sc.valOK, sc.cumOK = ps.valN, ps.valOK, ps.cumOK
	ps.roles = room(sc.roles, n)
	ps.teams = room(sc.teams, n)
	ps.owner = room(sc.owner, n)
	sc.owner = ps.owner
	tot, totOK, stale := room(sc.tot, len(ms)), room(sc.totOK, len(ms)), room(sc.stale, len(ms))
	for j := range totOK {
		totOK[j] = true
	}
	if sc.maps[0] == nil {
		for i := range sc.maps {
			sc.maps[i] = map[string]decimal.Decimal{}
		}
	} else {
		for _, m := range sc.maps {
			clear(m)
		}
	}
	sc.credits, sc.values, sc.totals, sc.flat, sc.cum, sc.cumN, sc.lazy = ps.credits, ps.values, ps.totals, flat, ps.cum, ps.cumN, ps.lazy
	sc.roles, sc.teams, sc.tot, sc.totOK, sc.stale, sc.dealOf = ps.roles, ps.teams, tot, totOK, stale, ps.dealOf
	ps.cenv = creditEnv{Payee: payeeView{ID: ps.payee}, Period: ps.view,
		Measure: sc.maps[0], Attainment: sc.maps[1], Quota: sc.maps[2]}
	var roleDay calendar.Date // the day of the role and team last read
	var role, team string
	var missing diag.List // every rate the payee's credits need and the run lacks
	// the credits first, in a loop of their own: their deals are far
	// apart in memory, and loads that do not wait for one another are
	// waited for together (at 1M deals this loop is where the deals are
	// read from main memory)
	out := r.out
	if ps.sc == nil {
		out = nil // a pool's numbers, before the statements: the member's statement writes them
	}
	for k, ci := range idx {
		if k%touchBlock == 0 {
			ps.touched += r.touchCredits(idx[k:min(len(idx), k+touchBlock)])
		}
		if out != nil {
			// the run's credit as the result has it, with its Via, which
			// the statement does not read
			ps.credits[k] = r.creditVia(ci, true, &ps.sc.via, ps.slab())
			out[r.credits.index(ci)] = ps.credits[k]
		} else {
			ps.credits[k] = r.creditAt(ci, false, ps.slab())
		}
		ps.dealOf[k] = &r.input[r.credits.at(ci).pos]
	}
	if out != nil {
		r.written.Add(int64(len(idx)))
	}
	// then their amounts in fixed point and their deals' channels, for
	// the same reason: an amount's number and a channel's name are loads
	// of their own
	amts, amtOK := room(sc.amts, n), room(sc.amtOK, n)
	sc.amts, sc.amtOK = amts, amtOK
	for k := range ps.credits {
		if amts[k], amtOK[k] = r.amountNum(idx[k]); !amtOK[k] {
			amts[k], amtOK[k] = fx.Of(ps.credits[k].Amount)
		}
		ps.channelAt(k)
	}
	for k := range idx {
		c := ps.credits[k]
		conv := one // the rate the credit was converted at
		if c.Currency != ps.currency {
			rate, ok := ps.rate(c.Currency, c.Date)
			if !ok {
				d := r.deals[c.deal]
				dealProblem(&missing, d, int(r.pos[c.deal]), "currency", "deal %s: no exchange rate from %s to %s on %s", c.Deal, c.Currency, ps.currency, c.Date)
				continue
			}
			conv = rate
			p := planAt(spans, c.Date)
			if ps.convs == nil {
				ps.convs = make([]*Conversion, len(idx))
			}
			cv := &Conversion{From: c.Currency, Amount: c.Amount, Rate: rate, To: ps.currency}
			cv.Converted = p.rounding.Round(c.Amount.Mul(rate), p.places)
			ps.convs[k] = cv
			c.Amount, c.Currency = cv.Converted, ps.currency
			amts[k], amtOK[k] = fx.Of(c.Amount)
		}
		ps.credits[k] = c
		ps.owner[k] = ownerCredit(&c, ps.dealOf[k])
		if k == 0 || c.Date != roleDay {
			role, _ = r.e.cfg.Org.RoleOf(ps.payee, c.Date)
			team, _ = r.e.cfg.Org.TeamOf(ps.payee, c.Date)
			roleDay = c.Date
		}
		ps.roles[k], ps.teams[k] = role, team
		ps.values[k] = flat[k*len(ms) : (k+1)*len(ms)]
		ps.setCredit(k)
		for j, m := range ms {
			if m.when != nil {
				ok, err := m.when.Bool(&ps.cenv)
				if err != nil {
					return fmt.Errorf("payee %s, deal %s: measure %s: %w", ps.payee, c.Deal, m.id, err)
				}
				if !ok {
					continue
				}
			}
			v := c.Amount
			vn, fits, ofAmount := amts[k], amtOK[k], true
			if m.count {
				v, ofAmount = one, false // a count measure counts credits
			}
			if m.value != nil {
				var err error
				ofAmount = false
				if v, err = m.value.Decimal(&ps.cenv); err != nil {
					return fmt.Errorf("payee %s, deal %s: measure %s: %w", ps.payee, c.Deal, m.id, err)
				}
				if !m.count && !conv.Equal(one) {
					// a money measure read from the deal is in the deal's
					// currency: convert it as the credit was
					v = v.Mul(conv)
				}
			}
			if m.count && c.Amount.Sign() < 0 && v.Sign() > 0 {
				v = v.Neg() // a credit note counts down what its twin counted up
			}
			ps.values[k][j] = v
			if !ofAmount {
				vn, fits = fx.Of(v)
			}
			addTotal(&tot[j], &totOK[j], &stale[j], &ps.totals[j], v, vn, fits)
			ps.valN[k*len(ms)+j], ps.valOK[k*len(ms)+j] = vn, fits
		}
		ps.cum[k] = flat[(len(idx)+k)*len(ms) : (len(idx)+k+1)*len(ms)]
		for j := range ms {
			i := k*len(ms) + j
			if stale[j] {
				ps.cumN[i], ps.lazy[i] = tot[j], true
			} else {
				ps.cum[k][j] = ps.totals[j]
				ps.cumN[i] = tot[j] // while totOK[j], the same number
			}
			ps.cumOK[i] = totOK[j]
		}
	}
	for j := range ms {
		if stale[j] {
			ps.totals[j], stale[j] = tot[j].Decimal(), false
		}
	}
	return missing.Err()
}

// addTotal adds v (vn in fixed point, when it fits) to the total, as
// total.Add(v) gives it: in fixed point (n, the total's, while ok) when
// both fit, leaving the decimal *total behind (stale) until it is
// needed, else in decimals, from which on ok is false.
func addTotal(n *fx.Num, ok, stale *bool, total *decimal.Decimal, v decimal.Decimal, vn fx.Num, fits bool) {
	if *ok {
		if fits {
			if sum, fits := n.Add(vn); fits {
				*n, *stale = sum, true
				return
			}
		}
		*ok = false
	}
	if *stale {
		*total, *stale = n.Decimal(), false
	}
	*total = total.Add(v)
}

// cumAt returns measure j's running total after the payee's k-th credit.
func (ps *payeeState) cumAt(k, j int) decimal.Decimal {
	if i := k*len(ps.cum[k]) + j; ps.lazy[i] {
		ps.cum[k][j], ps.lazy[i] = ps.slab().Decimal(ps.cumN[i]), false
	}
	return ps.cum[k][j]
}

// valueNum returns measure j's value of the payee's k-th credit and the
// running totals before and after it in fixed point, as values, prevAt
// and cumAt give them as decimals; ok is false when one of them is not
// known in fixed point (a value that does not fit, a credit the measure
// does not count, a total summed in decimals).
func (ps *payeeState) valueNum(k, j int) (v, before, after fx.Num, ok bool) {
	m := len(ps.r.e.measures) // measure's stride, whatever credit k's cum holds
	i := k*m + j
	if !ps.valOK[i] || !ps.cumOK[i] {
		return fx.Num{}, fx.Num{}, fx.Num{}, false
	}
	if k > 0 {
		if !ps.cumOK[i-m] {
			return fx.Num{}, fx.Num{}, fx.Num{}, false
		}
		before = ps.cumN[i-m]
	}
	return ps.valN[i], before, ps.cumN[i], true
}

// prevAt returns measure j's running total before the payee's k-th
// credit: after the one before, or the zero total.
func (ps *payeeState) prevAt(k, j int) decimal.Decimal {
	if k == 0 {
		return decimal.Decimal{}
	}
	return ps.cumAt(k-1, j)
}

// planAt returns the plan in force on d, or the first plan on a day no
// plan is in force.
func planAt(spans []span, d calendar.Date) *plan {
	for _, s := range spans {
		if !d.Before(s.from) && !d.After(s.to) {
			return s.plan
		}
	}
	return spans[0].plan
}

func (ps *payeeState) rate(from string, d calendar.Date) (decimal.Decimal, bool) {
	if ps.r.rates == nil {
		return decimal.Zero, false
	}
	return ps.r.rates.Rate(from, ps.currency, d)
}

// setCredit points the credit environment at the payee's k-th credit.
func (ps *payeeState) setCredit(k int) {
	c := &ps.credits[k]
	ps.cenv.Deal = ps.dealOf[k]
	ps.cenv.Channel = ps.channelAt(k)
	ps.cenv.Credit = creditView{Kind: string(c.Kind), Owner: ps.owner[k], Share: c.Share, Amount: c.Amount, Payee: c.Payee, Rule: c.Rule}
	ps.cenv.Payee.Role, ps.cenv.Payee.Team = ps.roles[k], ps.teams[k]
}

// ownerCredit reports whether c is the deal owner's own credit: direct,
// or the owner's split, whoever a reassign rule gave it to.
func ownerCredit(c *Credit, d *deal.Deal) bool {
	if c.Kind != Direct && c.Kind != SplitCredit {
		return false
	}
	return c.Payee == d.Owner || (c.From != "" && slices.Contains(strings.Split(c.From, ","), d.Owner))
}

// setTwin points the credit environment at the twin of the payee's k-th
// credit, a credit note: the same credit and deal with their amounts made
// positive. The prices of a credit note (rate, amount, key, multiplier)
// are read on its twin, so that it reverses what its twin earns.
func (ps *payeeState) setTwin(k int) {
	c := &ps.credits[k]
	neg := ps.negated(k)
	if ps.twinOf != c.deal {
		ps.twin = *ps.dealOf[k]
		ps.twin.Amount = neg.deal
		ps.twinOf = c.deal
	}
	ps.cenv.Deal = &ps.twin
	ps.cenv.Credit.Amount = neg.credit
}

// quotas reads the payee's quota of every measure, and checks that the
// measures whose attainment the plans read have one.
func (ps *payeeState) quotas(spans []span) error {
	ms := ps.r.e.measures
	if sc := ps.sc; sc != nil {
		ps.quota, ps.hasQuota = room(sc.quota, len(ms)), room(sc.hasQuota, len(ms))
		sc.quota, sc.hasQuota = ps.quota, ps.hasQuota
	} else {
		ps.quota, ps.hasQuota = make([]decimal.Decimal, len(ms)), make([]bool, len(ms))
	}
	q := ps.r.quotas
	for i, m := range ms {
		if q == nil {
			break
		}
		v, ok, err := q.Quota(ps.payee, m.id, ps.r.period)
		if err != nil {
			return fmt.Errorf("payee %s: quota of %s: %w", ps.payee, m.id, err)
		}
		ps.quota[i], ps.hasQuota[i] = v, ok
	}
	for _, s := range spans {
		for _, need := range s.plan.needs {
			i := ps.r.e.mindex[need]
			if (!ps.hasQuota[i] || ps.quota[i].IsZero()) && !s.plan.zeroQuota {
				what := "no quota"
				if ps.hasQuota[i] {
					what = "a quota of zero"
				}
				return fmt.Errorf("payee %s has %s for %s in %s, and plan %s reads attainment.%s (set zero_quota: zero in the plan to pay on attainment 0)",
					ps.payee, what, need, ps.r.period.ID, s.plan.id, need)
			}
		}
	}
	return nil
}

// attainment returns total / quota of measure i, or 0 without a quota.
func (ps *payeeState) attainment(i int, total decimal.Decimal) decimal.Decimal {
	if !ps.hasQuota[i] || ps.quota[i].IsZero() {
		return decimal.Zero
	}
	return total.DivRound(ps.quota[i], divPrecision)
}

// params returns the plan's params with the payee's overrides.
func (ps *payeeState) params(p *plan) map[string]decimal.Decimal {
	out := make(map[string]decimal.Decimal, len(p.params))
	for k, v := range p.params {
		out[k] = v
	}
	for k, v := range p.overrides[ps.payee] {
		out[k] = v
	}
	return out
}

func (ps *payeeState) periodEnv(s span) *periodEnv {
	ms := ps.r.e.measures
	pe := &periodEnv{Payee: payeeView{ID: ps.payee}, Period: ps.view,
		Plan:    planView{ID: s.plan.id, Days: s.days(), Share: decimal.NewFromInt(int64(s.days())).DivRound(decimal.NewFromInt(int64(ps.view.Days)), divPrecision)},
		Measure: make(map[string]decimal.Decimal, len(ms)), Attainment: make(map[string]decimal.Decimal, len(ms)),
		Quota: make(map[string]decimal.Decimal, len(ms)), Params: ps.params(s.plan)}
	pe.Payee.Role, _ = ps.r.e.cfg.Org.RoleOf(ps.payee, s.to)
	pe.Payee.Team, _ = ps.r.e.cfg.Org.TeamOf(ps.payee, s.to)
	for i, m := range ms {
		pe.Measure[m.id] = ps.totals[i]
		pe.Quota[m.id] = ps.quota[i]
		pe.Attainment[m.id] = ps.attainment(i, ps.totals[i])
	}
	return pe
}

// setStretch reads the stretch targets plan p's rules read into pe.
func (ps *payeeState) setStretch(p *plan, pe *periodEnv) error {
	if len(p.stretch) == 0 {
		return nil
	}
	pe.Stretch = make(map[string]decimal.Decimal, len(p.stretch))
	pe.StretchAttainment = make(map[string]decimal.Decimal, len(p.stretch))
	for _, m := range p.stretch {
		var v decimal.Decimal
		ok := false
		if src := ps.r.e.cfg.Stretch; src != nil {
			var err error
			if v, ok, err = src.Stretch(ps.payee, m, ps.r.period); err != nil {
				return fmt.Errorf("payee %s: stretch target of %s: %w", ps.payee, m, err)
			}
		}
		if !ok || v.IsZero() {
			return fmt.Errorf("payee %s has no stretch target for %s in %s, and plan %s reads stretch.%s", ps.payee, m, ps.r.period.ID, p.id, m)
		}
		pe.Stretch[m] = v
		pe.StretchAttainment[m] = pe.Measure[m].DivRound(v, divPrecision)
	}
	return nil
}

// inShards runs do for each shard 0..shards-1: on the caller's goroutine
// for one, else each on its own goroutine, and returns when all are done.
// Each shard writes only its own part of what it fills, so the result
// does not depend on which finishes first.
func inShards(shards int, do func(s int)) {
	if shards == 1 {
		do(0)
		return
	}
	var wg sync.WaitGroup
	for s := range shards {
		wg.Go(func() { do(s) })
	}
	wg.Wait()
}

// slab is where the statement makes its decimals: the worker's, or none
// (a pool's members' numbers are worked out without a scratch).
func (ps *payeeState) slab() *fx.Slab {
	if ps.sc == nil {
		return nil
	}
	return &ps.sc.slab
}
