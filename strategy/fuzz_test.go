package strategy

import (
	"os"
	"testing"
)

// FuzzParse feeds arbitrary documents to Parse: it must never panic, and it
// returns either a Strategy or an error, never both or neither.
func FuzzParse(f *testing.F) {
	f.Add([]byte(org))
	f.Add([]byte(header))
	f.Add([]byte(""))
	f.Add([]byte("{}"))
	f.Add([]byte(`{"version": 1, "name": "J", "currency": "USD", "teams": [{"id": "a"}]}`))
	f.Add([]byte(header + "teams:\n  - {id: a, parent: a}\n"))
	f.Add([]byte(header + "roles:\n  - &r {id: ae}\n  - *r\n"))
	f.Add([]byte(header + "calendar: {start_month: 7, pattern: 4-4-5, week_end: Saturday, year_end: nearest}\n"))
	f.Add([]byte("version: 1\nname: [unclosed\n"))
	for _, file := range []string{"../examples/northwind/strategy.yaml", "../commission/testdata/pools/strategy.yaml"} {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := Parse("fuzz.yaml", src)
		if (s == nil) == (err == nil) {
			t.Fatalf("Parse returned %v and %v", s, err)
		}
		if err != nil && err.Error() == "" {
			t.Fatal("empty error text")
		}
	})
}
