package payout

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestLedgerJSONErrors checks that a ledger that is not right is refused
// with a reason, never read in part.
func TestLedgerJSONErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"version", `{"version": 2, "closed": [], "payees": []}`, "ledger: version 2, this salesplan reads version 1"},
		{"unknown field", `{"version": 1, "closed": [], "payees": [{"payee": "ana", "currency": "USD", "paid": "0", "draw_owd": "300", "items": []}]}`, `unknown field "draw_owd"`},
		{"payee twice", `{"version": 1, "closed": [], "payees": [{"payee": "ana", "items": []}, {"payee": "ana", "items": []}]}`, `ledger: payee "ana" is unnamed or given twice`},
		{"period twice", `{"version": 1, "closed": ["FY2026-M01", "FY2026-M01"], "payees": []}`, `ledger: closed periods: "FY2026-M01" is empty or given twice`},
		{"negative owed", `{"version": 1, "closed": [], "payees": [{"payee": "ana", "draw_owed": "-5", "items": []}]}`, "ledger: ana.draw_owed is negative (-5)"},
		{"not a number", `{"version": 1, "closed": [], "payees": [{"payee": "ana", "paid": "ten", "items": []}]}`, `ledger: ana.paid: "ten" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l Ledger
			err := json.Unmarshal([]byte(tt.src), &l)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
