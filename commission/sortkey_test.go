package commission

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/deal"
)

// TestDealKeyOrdersAsByDate checks that the sort keys of the deals order
// them as byDate does, on ids that share long prefixes, end within or
// after the 8 bytes a key holds, hold zero bytes and bytes above 127.
func TestDealKeyOrdersAsByDate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte{0, 1, 'A', 'a', 'z', 0x7f, 0x80, 0xff}
	deals := make([]deal.Deal, 400)
	for i := range deals {
		id := make([]byte, rng.IntN(12))
		for j := range id {
			id[j] = alphabet[rng.IntN(len(alphabet))]
		}
		deals[i] = deal.Deal{ID: string(id), Date: calendar.Date{Year: 2026 + rng.IntN(2), Month: time.Month(1 + rng.IntN(2)*11), Day: 1 + rng.IntN(2)*30}}
	}
	for i := range deals {
		for j := range deals {
			want := byDate(&deals[i], &deals[j])
			if got := keyOf(&deals[i], i).compare(keyOf(&deals[j], j), deals); got != want {
				t.Fatalf("%q %s and %q %s: key compare %d, byDate %d", deals[i].ID, deals[i].Date, deals[j].ID, deals[j].Date, got, want)
			}
		}
	}
}
