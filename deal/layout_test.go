package deal

import (
	"testing"
	"unsafe"
)

// TestDealLayout checks what Deal's field order is for: a Deal is four
// whole cache lines, and the fields a run reads of every credit's deal
// (its id, date, amount, currency, owner, attributes and channel) are in
// its first 128 bytes, the two lines a processor fetches together.
func TestDealLayout(t *testing.T) {
	var d Deal
	if got := unsafe.Sizeof(d); got != 256 {
		t.Errorf("Deal is %d bytes, want 256", got)
	}
	for _, f := range []struct {
		name string
		end  uintptr
	}{
		{"ID", unsafe.Offsetof(d.ID) + unsafe.Sizeof(d.ID)},
		{"Date", unsafe.Offsetof(d.Date) + unsafe.Sizeof(d.Date)},
		{"Amount", unsafe.Offsetof(d.Amount) + unsafe.Sizeof(d.Amount)},
		{"Currency", unsafe.Offsetof(d.Currency) + unsafe.Sizeof(d.Currency)},
		{"Owner", unsafe.Offsetof(d.Owner) + unsafe.Sizeof(d.Owner)},
		{"Attrs", unsafe.Offsetof(d.Attrs) + unsafe.Sizeof(d.Attrs)},
		{"Channel", unsafe.Offsetof(d.Channel) + unsafe.Sizeof(d.Channel)},
	} {
		if f.end > 128 {
			t.Errorf("Deal.%s ends at byte %d, past the first 128", f.name, f.end)
		}
	}
}
