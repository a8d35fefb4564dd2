package commission

import "github.com/shopspring/decimal"

// kept is a credit as a run keeps it from the crediting to the
// statements. What a Credit repeats of its deal (id, date, currency) is
// read from the deal, and a roll-up's Via from the deal's own credits, so
// a credit takes 64 bytes, not a Credit's 184: at a million deals the
// run's credits were its largest part, live until the last statement.
// [run.creditAt] gives the Credit back.
type kept struct {
	amount decimal.Decimal
	share  decimal.Decimal
	payee  string
	deal   int32 // index in the run's ordered deals
	// more is 1 + the index in the run's extras of the credit's Rule,
	// From and Via, when it has a rule or a From, or a Via that via
	// cannot say; 0 when it has none of them
	more int32
	// via is a roll-up's members below when more is 0: bit j stands for
	// the deal's j-th direct or split credit (they come first among its
	// credits, in member order, as Via does)
	via  uint8
	kind uint8
}

// extra is what few credits have beyond a kept: an overlay's rule, a
// reassigned credit's From, a Via of more members than via says.
type extra struct {
	rule, from string
	via        []string
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
}

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
	chunks [][]kept
	extras []extra
	n      int
}

// keep packs the credits of one deal, cs (its direct or split credits
// first, as made), and appends them.
func (kp *keeper) keep(cs []Credit) {
	base := 0
	for base < len(cs) && (cs[base].Kind == Direct || cs[base].Kind == SplitCredit) {
		base++
	}
	for i := range cs {
		c := &cs[i]
		k := kept{amount: c.Amount, share: c.Share, payee: c.Payee, deal: int32(c.deal), kind: kindIndex(c.Kind)}
		mask, ok := viaMask(c.Via, cs[:base])
		if c.Rule != "" || c.From != "" || !ok {
			kp.extras = append(kp.extras, extra{rule: c.Rule, from: c.From, via: append([]string(nil), c.Via...)})
			k.more = int32(len(kp.extras))
		} else {
			k.via = mask
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

// creditAt gives the run's k-th credit. Via is left out unless via is
// set: the statements do not read it.
func (r *run) creditAt(k int32, via bool) Credit {
	p := r.credits.at(k)
	d := r.deals[p.deal]
	c := Credit{Deal: d.ID, Date: d.Date, Payee: p.payee, Kind: kinds[p.kind], Share: p.share, Amount: p.amount,
		Currency: d.Currency, deal: int(p.deal)}
	if p.more > 0 {
		x := &r.extras[p.more-1]
		c.Rule, c.From = x.rule, x.from
		if via {
			c.Via = x.via
		}
		return c
	}
	if via && p.via != 0 {
		c.Via = r.viaOf(k)
	}
	return c
}

// viaOf gives the Via of the run's credit of index k, a roll-up whose
// via bits name the deal's direct or split credits, which come first
// among the deal's credits, before it.
func (r *run) viaOf(k int32) []string {
	p := r.credits.at(k)
	first := k
	for j, ok := r.credits.before(k); ok && r.credits.at(j).deal == p.deal; j, ok = r.credits.before(j) {
		first = j
	}
	var via []string
	for j, i := first, 0; i < 8 && j != k; j, i = r.credits.after(j), i+1 {
		if p.via&(1<<i) != 0 {
			via = append(via, r.credits.at(j).payee)
		}
	}
	return via
}

// allCredits gives the run's credits as a Result holds them.
func (r *run) allCredits() []Credit {
	out := make([]Credit, 0, r.credits.n)
	for k := range r.credits.all {
		out = append(out, r.creditAt(k, true))
	}
	return out
}
