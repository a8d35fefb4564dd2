package commission

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
	fx "github.com/salesplan/salesplan/internal/fixed"
	"github.com/shopspring/decimal"
)

// TestKeptRoundTrip checks that a credit packed for the run (kept.go)
// gives back the Credit it was, Via, Rule and From included, whichever
// shard it was packed by: the forms a mask says, and those kept as
// extras (a rule, a From, a Via of a ninth split, a Via out of order).
func TestKeptRoundTrip(t *testing.T) {
	d := func(id string) *deal.Deal {
		return &deal.Deal{ID: id, Date: calendar.Date{Year: 2026, Month: 2, Day: 3}, Currency: "EUR", Amount: decimal.RequireFromString("90.00")}
	}
	deals := []*deal.Deal{d("A"), d("B"), d("C"), d("D"), d("E")}
	// shares read from the splits: the same number, written the same way
	deals[1].Splits = []deal.Split{{Member: "ann", Share: decimal.RequireFromString("0.50")}, {Member: "bob", Share: decimal.RequireFromString("0.5")}}
	input := make([]deal.Deal, len(deals)) // the run's input, in the same order
	for i, d := range deals {
		input[i] = *d
	}
	cr := func(i int, payee string, kind CreditKind, amount string) Credit {
		dl := deals[i]
		return Credit{Deal: dl.ID, Date: dl.Date, Payee: payee, Kind: kind, Share: decimal.RequireFromString("0.5"),
			Amount: decimal.RequireFromString(amount), Currency: dl.Currency, deal: i}
	}
	// the same number written the same way (45.50 is not 45.5)
	written := cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Exponent() == b.Exponent() && a.Equal(b) })
	with := func(c Credit, f func(*Credit)) Credit { f(&c); return c }
	var nine []Credit
	var nineVia []string
	for j := range 9 {
		p := fmt.Sprintf("m%d", j)
		nine = append(nine, cr(3, p, SplitCredit, "10"))
		nineVia = append(nineVia, p)
	}
	nine = append(nine, with(cr(3, "boss", Rollup, "90"), func(c *Credit) { c.Via = nineVia }))
	perDeal := [][]Credit{
		{cr(0, "ann", Direct, "90"), with(cr(0, "mgr", Rollup, "90"), func(c *Credit) { c.Via = []string{"ann"} })},
		{cr(1, "ann", SplitCredit, "45.50"), cr(1, "bob", SplitCredit, "44.5"),
			with(cr(1, "mgr", Rollup, "90"), func(c *Credit) { c.Via = []string{"ann", "bob"} }),
			with(cr(1, "top", Rollup, "44.5"), func(c *Credit) { c.Via = []string{"bob"}; c.Share = decimal.RequireFromString("0.50") }),
			with(cr(1, "big", Rollup, "1E+3"), func(c *Credit) {
				c.Via = []string{"bob"}
				c.Share = decimal.RequireFromString("123456789012345678901234.5")
			}),
			with(cr(1, "pm", Overlay, "9"), func(c *Credit) { c.Rule = "partner" })},
		{with(cr(2, "cid", Direct, "90.00"), func(c *Credit) { c.From = "dan"; c.Share = one }),
			with(cr(2, "mgr", Rollup, "90"), func(c *Credit) { c.Via = []string{"cid"} })},
		nine,
		{cr(4, "ann", SplitCredit, "45"), cr(4, "bob", SplitCredit, "45"),
			with(cr(4, "mgr", Rollup, "90"), func(c *Credit) { c.Via = []string{"bob", "ann"} })},
	}
	// the payees as member ids (all, some, none: the others are kept as
	// extras)
	payees := []string{"ann", "bob", "boss", "cid", "m0", "m3", "m8", "mgr", "pm", "top"}
	idsOf := func(ps []string) map[string]int32 {
		ids := map[string]int32{}
		for i, p := range ps {
			ids[p] = int32(i)
		}
		return ids
	}
	for _, tc := range []struct {
		split  int // deals packed by the first shard
		payees []string
	}{{0, payees}, {1, payees}, {3, payees}, {5, payees}, {1, nil}, {3, payees[3:7]}} {
		split := tc.split
		ks := []keeper{{ids: idsOf(tc.payees)}, {ids: idsOf(tc.payees)}}
		var want []Credit
		for i, cs := range perDeal {
			s := 0
			if i >= split {
				s = 1
			}
			ks[s].keep(deals[i], int32(i), cs)
			want = append(want, cs...)
		}
		r := &run{deals: deals, input: input, payees: tc.payees}
		r.credits, r.extras = joinKept(ks)
		got := r.allCredits(2)
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(Credit{}), written); diff != "" {
			t.Errorf("first shard of %d deals, ids %v (-want +got):\n%s", split, tc.payees, diff)
		}

		for k := range r.credits.all {
			c := r.creditAt(k, false, &fx.Slab{})
			if c.Via != nil {
				t.Errorf("credit %d: creditAt without via gives Via %v", k, c.Via)
			}
			// the number kept is the amount's, as fx.Of reads it
			if n, ok := r.amountNum(k); ok {
				if want, fits := fx.Of(c.Amount); !fits || n != want {
					t.Errorf("credit %d: amountNum %+v, fx.Of(%s) = %+v, %v", k, n, c.Amount, want, fits)
				}
			} else if _, fits := fx.Of(c.Amount); fits && c.Amount.Exponent() <= 0 {
				t.Errorf("credit %d: %s fits in fixed point, and amountNum does not give it", k, c.Amount)
			}
		}
	}
	// a deal whose credits straddle two chunks: Via is read across them
	ks := [1]keeper{{ids: idsOf(payees)}}
	var want []Credit
	for range 1<<keptShift - 2 {
		cs := perDeal[0][:1]
		ks[0].keep(deals[cs[0].deal], int32(cs[0].deal), cs)
		want = append(want, cs...)
	}
	for _, cs := range perDeal[1:] {
		ks[0].keep(deals[cs[0].deal], int32(cs[0].deal), cs)
		want = append(want, cs...)
	}
	r := &run{deals: deals, input: input, payees: payees}
	r.credits, r.extras = joinKept(ks[:])
	if len(r.credits.chunks) != 2 {
		t.Fatalf("%d chunks, want 2", len(r.credits.chunks))
	}
	if diff := cmp.Diff(want, r.allCredits(2), cmp.AllowUnexported(Credit{}), written); diff != "" {
		t.Errorf("across chunks (-want +got):\n%s", diff)
	}
}
