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

// keptChunk is how many credits a shard of the crediting keeps in one
// allocation: the shards' credits are copied once into a slice of their
// number, never grown.
const keptChunk = 8192

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
		if len(kp.chunks) == 0 || len(kp.chunks[len(kp.chunks)-1]) == keptChunk {
			kp.chunks = append(kp.chunks, make([]kept, 0, keptChunk))
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

// joinKept copies the shards' credits into one slice, in shard order, and
// their extras after one another (each credit's more moved by the extras
// of the shards before).
func joinKept(ks []keeper) ([]kept, []extra) {
	n, ne := 0, 0
	for i := range ks {
		n += ks[i].n
		ne += len(ks[i].extras)
	}
	out := make([]kept, 0, n)
	var extras []extra
	if ne > 0 {
		extras = make([]extra, 0, ne)
	}
	for i := range ks {
		off := int32(len(extras))
		extras = append(extras, ks[i].extras...)
		for _, ch := range ks[i].chunks {
			start := len(out)
			out = append(out, ch...)
			if off > 0 {
				for j := start; j < len(out); j++ {
					if out[j].more > 0 {
						out[j].more += off
					}
				}
			}
		}
		ks[i] = keeper{} // the chunks go as they are copied
	}
	return out, extras
}

// creditAt gives the run's k-th credit. Via is left out unless via is
// set: the statements do not read it.
func (r *run) creditAt(k int, via bool) Credit {
	p := &r.credits[k]
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

// viaOf gives the Via of the run's k-th credit, a roll-up whose via bits
// name the deal's direct or split credits, which come first among the
// deal's credits, just before it.
func (r *run) viaOf(k int) []string {
	p := &r.credits[k]
	first := k
	for first > 0 && r.credits[first-1].deal == p.deal {
		first--
	}
	var via []string
	for j := 0; j < 8; j++ {
		if p.via&(1<<j) != 0 {
			via = append(via, r.credits[first+j].payee)
		}
	}
	return via
}

// allCredits gives the run's credits as a Result holds them.
func (r *run) allCredits() []Credit {
	out := make([]Credit, len(r.credits))
	for k := range r.credits {
		out[k] = r.creditAt(k, true)
	}
	return out
}
