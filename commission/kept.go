package commission

import (
	"math/bits"
	"slices"

	"github.com/salesplan/salesplan/deal"
	fx "github.com/salesplan/salesplan/internal/fixed"
	"github.com/shopspring/decimal"
)

// kept is a credit as a run keeps it from the crediting to the
// statements. What a Credit repeats of its deal (id, date, currency) is
// read from the deal, a roll-up's Via from the deal's own credits, the
// payee is an index in the run's member ids, and the amount and share
// are the deal's amount or 1 when they are (most credits), else exact
// fixed-point numbers: a credit takes 40 bytes, not a Credit's 184, and
// holds no pointer, so the garbage collector never scans the credits.
// At a million deals they were the run's largest part, live until the
// last statement. [run.creditAt] gives the Credit back.
type kept struct {
	amount, share int64 // coefficients, when of the number kinds
	deal          int32 // index in the run's ordered deals
	pos           int32 // the deal's index in the run's input, for its address
	payee         int32 // index in the run's member ids; -1: in more
	// more is 1 + the index in the run's extras of what the credit has
	// beyond the rest: a rule, a From, a Via that via cannot say, an
	// amount or share that is not a number of kind numKind, a payee who
	// is not among the member ids; 0 when it has none of them
	more int32
	// via is a roll-up's members below: bit j stands for the deal's j-th
	// direct or split credit (they come first among its credits, in
	// member order, as Via is)
	via        uint8
	kind       uint8
	amountKind uint8 // fromDeal, fromDealNum, numKind or inMore
	shareKind  uint8 // isOne, fromSplit, numKind or inMore
	amountExp  int8  // the exponent of a numKind amount
	shareExp   int8
}

// The kinds of a kept credit's amount and share.
const (
	inMore    uint8 = iota // the decimal is in the credit's extra
	numKind                // coefficient and exponent
	fromDeal               // the amount is the deal's, as it is written
	isOne                  // the share is 1
	fromSplit              // the share is the deal's split's of index share
	// the amount is the deal's, and amount and amountExp are its number
	// too: a statement reads it without loading the deal's big.Int
	fromDealNum
)

// extra is what few credits have beyond a kept: an overlay's rule, a
// reassigned credit's From, a Via of more members than via says, a
// decimal beyond int64, a payee who is not among the member ids.
type extra struct {
	rule, from    string
	via           []string
	amount, share decimal.Decimal
	payee         string
}

// keepNum gives d as a coefficient and exponent, false when it is not a
// number of that kind (beyond int64, or with an exponent above 0).
func keepNum(d decimal.Decimal) (int64, int8, bool) {
	n, ok := fx.Of(d)
	if !ok || n.E < -127 {
		return 0, 0, false
	}
	return n.C, int8(n.E), true
}

// numOrMore gives d as a number of kind numKind, or, when it is not one,
// puts it in *x, sets *more and gives the kind inMore.
func numOrMore(d decimal.Decimal, x *decimal.Decimal, more *bool) (uint8, int64, int8) {
	if c, e, ok := keepNum(d); ok {
		return numKind, c, e
	}
	*x, *more = d, true
	return inMore, 0, 0
}

// sameNumber reports whether a and b are the same number written the same
// way (coefficient and exponent), as a credit of the whole deal shares
// the deal's amount.
func sameNumber(a, b decimal.Decimal) bool {
	return a.Exponent() == b.Exponent() && a.Equal(b)
}

// The kinds of a kept credit.
var kinds = [...]CreditKind{Direct, SplitCredit, Rollup, Overlay}

func kindIndex(k CreditKind) uint8 {
	for i, c := range kinds {
		if c == k {
			return uint8(i)
		}
	}
	panic("commission: unknown credit kind " + string(k))
}

// keptShift gives how many credits a chunk of them holds: 1<<keptShift.
// A shard of the crediting packs its credits into chunks of that many,
// and the run keeps the chunks as they are: credits are neither grown
// nor copied into one slice, whose making would hold them twice.
const keptShift = 13

// keptStore holds a run's credits in deal order, in chunks; a credit's
// index is its chunk's number times 1<<keptShift plus its place in the
// chunk. Every chunk holds at least one credit, and all but the last of
// each shard are full, so the indices have gaps.
type keptStore struct {
	chunks [][]kept
	n      int
	starts []int // each chunk's first credit's place among all (set by room)
}

// room returns room for the public credits of s, in order, and sets
// what index reads.
func (s *keptStore) room() []Credit {
	s.starts = make([]int, len(s.chunks))
	n := 0
	for c, ch := range s.chunks {
		s.starts[c] = n
		n += len(ch)
	}
	return make([]Credit, n)
}

// index gives the place among all the credits of the credit of index k
// (after room).
func (s *keptStore) index(k int32) int { return s.starts[k>>keptShift] + int(k&(1<<keptShift-1)) }

// at gives the credit of index k.
func (s *keptStore) at(k int32) *kept { return &s.chunks[k>>keptShift][k&(1<<keptShift-1)] }

// before gives the index of the credit before the one of index k, false
// for the first.
func (s *keptStore) before(k int32) (int32, bool) {
	if k&(1<<keptShift-1) > 0 {
		return k - 1, true
	}
	c := k >> keptShift
	if c == 0 {
		return 0, false
	}
	return (c-1)<<keptShift | int32(len(s.chunks[c-1])-1), true
}

// after gives the index of the credit after the one of index k, which
// must not be the last.
func (s *keptStore) after(k int32) int32 {
	if int(k&(1<<keptShift-1))+1 < len(s.chunks[k>>keptShift]) {
		return k + 1
	}
	return (k>>keptShift + 1) << keptShift
}

// all yields the index and credit of each credit, in order.
func (s *keptStore) all(yield func(int32, *kept) bool) {
	for c, ch := range s.chunks {
		for j := range ch {
			if !yield(int32(c)<<keptShift|int32(j), &ch[j]) {
				return
			}
		}
	}
}

// keeper packs the credits of one shard of the crediting.
type keeper struct {
	ids    map[string]int32 // the run's member ids, read only
	chunks [][]kept
	extras []extra
	n      int
	// touched is what the crediting read ahead of the deals (run.go's
	// touch), kept so that the reads are made
	touched int
}

// keep packs the credits of one deal, d, cs (its direct or split credits
// first, as made), and appends them.
func (kp *keeper) keep(d *deal.Deal, pos int32, cs []Credit) {
	base := 0
	for base < len(cs) && (cs[base].Kind == Direct || cs[base].Kind == SplitCredit) {
		base++
	}
	for i := range cs {
		c := &cs[i]
		k := kept{deal: int32(c.deal), pos: pos, kind: kindIndex(c.Kind)}
		var x extra
		more := c.Rule != "" || c.From != ""
		x.rule, x.from = c.Rule, c.From
		if id, ok := kp.ids[c.Payee]; ok {
			k.payee = id
		} else {
			k.payee, x.payee, more = -1, c.Payee, true
		}
		if mask, ok := viaMask(c.Via, cs[:base]); ok {
			k.via = mask
		} else {
			x.via, more = slices.Clone(c.Via), true
		}
		if sameNumber(c.Amount, d.Amount) {
			k.amountKind = fromDeal
			if n, e, ok := keepNum(c.Amount); ok {
				k.amountKind, k.amount, k.amountExp = fromDealNum, n, e
			}
		} else {
			k.amountKind, k.amount, k.amountExp = numOrMore(c.Amount, &x.amount, &more)
		}
		split := slices.IndexFunc(d.Splits, func(s deal.Split) bool { return sameNumber(s.Share, c.Share) })
		switch {
		case sameNumber(c.Share, one):
			k.shareKind = isOne
		case split >= 0:
			k.shareKind, k.share = fromSplit, int64(split)
		default:
			k.shareKind, k.share, k.shareExp = numOrMore(c.Share, &x.share, &more)
		}
		if more {
			kp.extras = append(kp.extras, x)
			k.more = int32(len(kp.extras))
		}
		if len(kp.chunks) == 0 || len(kp.chunks[len(kp.chunks)-1]) == 1<<keptShift {
			kp.chunks = append(kp.chunks, make([]kept, 0, 1<<keptShift))
		}
		last := &kp.chunks[len(kp.chunks)-1]
		*last = append(*last, k)
		kp.n++
	}
}

// viaMask gives the bits of via among the payees of base, in order; false
// when via is not a subsequence of them that 8 bits can say.
func viaMask(via []string, base []Credit) (uint8, bool) {
	var m uint8
	j := 0
	for _, v := range via {
		for j < len(base) && base[j].Payee != v {
			j++
		}
		if j >= len(base) || j >= 8 {
			return 0, false
		}
		m |= 1 << j
		j++
	}
	return m, true
}

// joinKept puts the shards' chunks after one another, in shard order,
// and their extras too (each credit's more moved by the extras of the
// shards before).
func joinKept(ks []keeper) (keptStore, []extra) {
	var st keptStore
	var extras []extra
	for i := range ks {
		off := int32(len(extras))
		extras = append(extras, ks[i].extras...)
		for _, ch := range ks[i].chunks {
			if off > 0 {
				for j := range ch {
					if ch[j].more > 0 {
						ch[j].more += off
					}
				}
			}
			st.chunks = append(st.chunks, ch)
		}
		st.n += ks[i].n
		ks[i] = keeper{}
	}
	return st, extras
}

// creditAt gives the run's credit of index k, the decimals it makes made
// in slab. Via is left out unless via is set: the statements do not read
// it.
func (r *run) creditAt(k int32, via bool, slab *fx.Slab) Credit {
	var none []string
	return r.creditVia(k, via, &none, slab)
}

// creditVia is creditAt, a Via (with via set) taken from the free part of
// a block of them, *block.
func (r *run) creditVia(k int32, via bool, block *[]string, slab *fx.Slab) Credit {
	p := r.credits.at(k)
	d := &r.input[p.pos] // not r.deals[p.deal]: one load less to wait for
	c := Credit{Deal: d.ID, Date: d.Date, Kind: kinds[p.kind], Currency: d.Currency, deal: int(p.deal)}
	var x *extra
	if p.more > 0 {
		x = &r.extras[p.more-1]
		c.Rule, c.From = x.rule, x.from
	}
	c.Payee = r.payeeOf(p)
	switch p.amountKind {
	case fromDeal, fromDealNum:
		c.Amount = d.Amount
	case numKind:
		c.Amount = slab.Decimal(fx.Num{C: p.amount, E: int32(p.amountExp)})
	default:
		c.Amount = x.amount
	}
	switch p.shareKind {
	case isOne:
		c.Share = one
	case fromSplit:
		c.Share = d.Splits[p.share].Share
	case numKind:
		c.Share = slab.Decimal(fx.Num{C: p.share, E: int32(p.shareExp)})
	default:
		c.Share = x.share
	}
	if via {
		switch {
		case x != nil && x.via != nil:
			c.Via = x.via
		case p.via != 0:
			c.Via = r.viaOf(k, block)
		}
	}
	return c
}

// amountNum gives the amount of the run's credit of index k in fixed
// point, from the kept credit when it holds the number; false when it
// does not (the caller reads the decimal).
func (r *run) amountNum(k int32) (fx.Num, bool) {
	p := r.credits.at(k)
	if p.amountKind == numKind || p.amountKind == fromDealNum {
		return fx.Num{C: p.amount, E: int32(p.amountExp)}, true
	}
	return fx.Num{}, false
}

// payeeOf gives the payee of a kept credit.
func (r *run) payeeOf(p *kept) string {
	if p.payee < 0 {
		return r.extras[p.more-1].payee
	}
	return r.payees[p.payee]
}

// viaOf gives the Via of the run's credit of index k, a roll-up whose
// via bits name the deal's direct or split credits, which come first
// among the deal's credits, before it.
func (r *run) viaOf(k int32, block *[]string) []string {
	p := r.credits.at(k)
	first := k
	for j, ok := r.credits.before(k); ok && r.credits.at(j).deal == p.deal; j, ok = r.credits.before(j) {
		first = j
	}
	n := bits.OnesCount8(p.via)
	if len(*block) < n {
		*block = make([]string, max(viaChunk, n))
	}
	via := (*block)[:0:n]
	*block = (*block)[n:]
	for j, i := first, 0; i < 8 && j != k; j, i = r.credits.after(j), i+1 {
		if p.via&(1<<i) != 0 {
			via = append(via, r.payeeOf(r.credits.at(j)))
		}
	}
	return via
}

// allCredits gives the run's credits as a Result holds them: r.out,
// which the statements wrote as they read them, each payee's; the
// credits of payees with no statement are made here, on up to workers
// goroutines, each a run of consecutive chunks.
func (r *run) allCredits(workers int) []Credit {
	out := r.out
	if out == nil {
		out = r.credits.room()
	} else if int(r.written.Load()) == len(out) {
		return out
	}
	chunks := r.credits.chunks
	shards := max(1, min(workers, len(chunks)))
	touched := make([]int, shards) // what touchKept read, kept so that it is read
	inShards(shards, func(s int) {
		var block []string
		var slab fx.Slab
		for c := s * len(chunks) / shards; c < (s+1)*len(chunks)/shards; c++ {
			ch, start := chunks[c], r.credits.starts[c]
			for j := range ch {
				if out[start+j].Payee != "" {
					continue // written by its payee's statement
				}
				if j%touchBlock == 0 {
					touched[s] += r.touchKept(ch[j:min(len(ch), j+touchBlock)])
				}
				out[start+j] = r.creditVia(int32(c)<<keptShift|int32(j), true, &block, &slab)
			}
		}
	})
	return out
}

// touchCredits reads, for the credits of indices ks, what a statement
// reads of them first (the kept credit, the two cache lines of its deal
// that hold the fields rules read most, from ID to Channel, and the
// deal's amount) and returns a sum of it, as touchKept does: a payee's
// credits and deals are far apart in memory, and these loads do not wait
// for one another.
func (r *run) touchCredits(ks []int32) int {
	n := 0
	for _, k := range ks {
		d := &r.input[r.credits.at(k).pos]
		n += len(d.ID) + len(d.Owner) + d.Amount.Sign()
	}
	return n
}

// touchKept reads what creditVia reads of the deal of each of ks and
// returns a sum of what it read, as run.go's touch does for the
// crediting: the credits are in deal order, their deals in the input's,
// and the loads of one loop that do not wait for one another are
// fetched together.
func (r *run) touchKept(ks []kept) int {
	n := 0
	for i := range ks {
		d := &r.input[ks[i].pos]
		n += len(d.ID) + len(d.Currency)
		if ks[i].shareKind == fromSplit {
			n += len(d.Splits)
		}
	}
	return n
}
