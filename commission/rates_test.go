package commission

import (
	"strings"
	"sync"
	"testing"

	"github.com/salesplan/salesplan/calendar"
)

func TestRateTable(t *testing.T) {
	tab, err := ReadRatesCSV("rates.csv", strings.NewReader("\ufefffrom,to,date,rate,end\nEUR,USD,2026-01-01,1.10,\nEUR,USD,2026-04-01,1.08,2026-06-30\nGBP,USD,2026-01-01,1.25,\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		from, to, day, want string
		ok                  bool
	}{
		{"EUR", "USD", "2026-01-01", "1.1", true},
		{"EUR", "USD", "2026-03-31", "1.1", true},
		{"EUR", "USD", "2026-04-01", "1.08", true},
		{"EUR", "USD", "2026-06-30", "1.08", true},
		{"EUR", "USD", "2026-07-01", "0", false},  // the last rate ended
		{"EUR", "USD", "2025-12-31", "0", false},  // before the first
		{"USD", "GBP", "2026-05-01", "0.8", true}, // the inverse
		{"JPY", "USD", "2026-05-01", "0", false},
	}
	for _, tt := range tests {
		got, ok := tab.Rate(tt.from, tt.to, calendar.MustParseDate(tt.day))
		if ok != tt.ok || got.String() != tt.want {
			t.Errorf("Rate(%s, %s, %s) = %s, %v; want %s, %v", tt.from, tt.to, tt.day, got, ok, tt.want, tt.ok)
		}
	}
}

func TestReadRatesCSVErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"empty", "", "rates.csv:1:1: empty rates file: want the header from,to,date,rate"},
		{"column", "from,to,day,rate\n", "rates.csv:1:1: missing column date: want from,to,date,rate\nrates.csv:1:1: unknown column \"day\""},
		{"values", "from,to,date,rate\nEUR,USD,2026-02-30,1.1\nEUR,USD,2026-03-01,-1\nEUR,USD,2026-04-01,1e999\n",
			"rates.csv:2:9: date: invalid date \"2026-02-30\": no such day\nrates.csv:3:1: rate: a rate must be above 0, not -1\nrates.csv:4:20: rate: \"1e999\" is too large"},
		{"currency", "from,to,date,rate\nEUR,XYZ,2026-01-01,1.1\n", "rates.csv:2:1: to: "},
		{"overlap", "from,to,date,rate\nEUR,USD,2026-01-01,1.1\nEUR,USD,2026-01-01,1.2\n", "rates.csv: rates: two rates from EUR to USD are in force on 2026-01-01"},
		{"both ways", "from,to,date,rate\nEUR,USD,2026-01-01,1.1\nUSD,EUR,2026-01-01,0.9\n", "give one direction, the other is derived"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadRatesCSV("rates.csv", strings.NewReader(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v\nwant %s", err, tt.want)
			}
		})
	}
}

// FuzzReadRatesCSV checks that any rates file is read or refused with an
// error, never a panic, and that a table read gives a rate above zero for
// a pair and day it has.
func FuzzReadRatesCSV(f *testing.F) {
	f.Add("from,to,date,rate\nEUR,USD,2026-01-01,1.10\n")
	f.Add("from,to,date,rate,end\nEUR,USD,2026-01-01,1.10,2026-03-31\nEUR,USD,2026-04-01,1.08,\n")
	f.Add("\ufefffrom,to,date,rate\nGBP,USD,2026-01-01,1.25\nGBP,USD,2026-01-01,1.3\n")
	f.Add("from,to,date,rate\nEUR,USD,2026-02-30,1e999\n")
	f.Add("from,to,date\n\"EUR,USD\n")
	f.Fuzz(func(t *testing.T, src string) {
		tab, err := ReadRatesCSV("rates.csv", strings.NewReader(src))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an empty error")
			}
			return
		}
		for k, rs := range tab.pairs {
			for _, r := range rs {
				got, ok := tab.Rate(k[0], k[1], r.Start)
				if !ok || got.Sign() <= 0 {
					t.Fatalf("Rate(%s, %s, %s) = %s, %v", k[0], k[1], r.Start, got, ok)
				}
				if inv, ok := tab.Rate(k[1], k[0], r.Start); !ok || inv.Sign() <= 0 {
					t.Fatalf("inverse Rate(%s, %s, %s) = %s, %v", k[1], k[0], r.Start, inv, ok)
				}
			}
		}
	})
}

// TestWithProgress checks that a run reports every payee done, once,
// whatever the number of workers, and that the result does not change.
func TestWithProgress(t *testing.T) {
	org := caseOrg{"ana": {Role: "ae"}, "ben": {Role: "ae"}, "cy": {Role: "ae"}}
	e, err := Compile(Section{Measures: []MeasureDef{{ID: "bookings"}},
		Plans: []PlanDef{{ID: "p", Eligible: Eligibility{Roles: []string{"ae"}}, Components: []ComponentDef{{ID: "c", Measure: "bookings", Rate: "0.1"}}}}},
		Config{Org: org, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	p := calendar.Calendar{}.MustParse("FY2026-M01")
	for _, workers := range []int{1, 2} {
		var mu sync.Mutex
		seen := map[int]int{}
		_, err := e.Run(p, nil, WithWorkers(workers), WithProgress(func(done, total int) {
			mu.Lock()
			defer mu.Unlock()
			if total != 3 {
				t.Errorf("total %d, want 3", total)
			}
			seen[done]++
		}))
		if err != nil {
			t.Fatal(err)
		}
		if len(seen) != 3 || seen[1] != 1 || seen[2] != 1 || seen[3] != 1 {
			t.Errorf("%d workers: counts %v, want 1, 2 and 3 once each", workers, seen)
		}
	}
}
