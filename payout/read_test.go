package payout

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/diag"
)

func eventStrings(evs []Event) []string {
	var out []string
	for _, ev := range evs {
		s := ev.Pos.String() + " " + ev.describe()
		if !ev.DealAmount.IsZero() || !ev.Term.IsZero() || ev.Currency != "" {
			s += " [" + ev.Currency + " " + ev.DealAmount.String() + " " + ev.DealDate.String() + " " + ev.Term.String() + "]"
		}
		out = append(out, s)
	}
	return out
}

func TestReadEventsCSV(t *testing.T) {
	src := "\ufeffkind,deal,date,amount,id,currency,deal_amount,deal_date,term\n" +
		"paid,D1,2026-02-05,500.00,P-1,USD,1000.00,2026-01-10,12\n" +
		"invoiced,D1,2026-01-20,,,,,,\n" +
		" refunded , D2 ,2026-02-10, 300 ,,,,,\n"
	evs, err := ReadEventsCSV("ev.csv", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"ev.csv:2:1 D1 paid on 2026-02-05 500.00 (id P-1) [USD 1000 2026-01-10 12]",
		"ev.csv:3:1 D1 invoiced on 2026-01-20",
		"ev.csv:4:1 D2 refunded on 2026-02-10 300.00",
	}
	if diff := cmp.Diff(want, eventStrings(evs)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestReadEventsCSVErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"empty", "", "ev.csv:1: the file is empty: want a header row deal,kind,date,amount"},
		{"header", "deal,kind,date,amout,kind\n",
			"ev.csv:1:16: unknown column \"amout\" (did you mean amount?)\n" +
				"ev.csv:1:22: column kind is given twice"},
		{"missing", "deal,kind\n", "ev.csv:1:1: missing column date"},
		{"rows", "deal,kind,date,amount\n" +
			"D1,payed,2026-02-30,1e3\n" +
			",paid,2026-02-01,\n" +
			"D2,cancelled,2026-02-01,5\n" +
			"D3,paid,2026-02-01,1,000\n" +
			"D4,refunded,,-3\n",
			"ev.csv:2:4: kind: unknown event \"payed\" (want invoiced, paid, cancelled, refunded, hold, release) (did you mean paid?)\n" +
				"ev.csv:2:10: date: invalid date \"2026-02-30\": no such day\n" +
				"ev.csv:2:21: amount: \"1e3\" is written with an exponent (write 1000)\n" +
				"ev.csv:3:1: deal: missing deal id\n" +
				"ev.csv:3:18: amount: a payment needs an amount (negative for a reversed payment)\n" +
				"ev.csv:4:25: amount: a cancelled event takes no amount (5 given)\n" +
				"ev.csv:5:1: 5 fields, the header has 4\n" +
				"ev.csv:6:13: date: missing date\n" +
				"ev.csv:6:14: amount: a refund amount is what was returned, above 0 (-3 given); leave it empty for the whole deal"},
		{"quote", "deal,kind,date,amount\nD1,paid,2026-02-01,\"5\n", `ev.csv:2:23: not a valid CSV file: extraneous or missing " in quoted-field`},
		{"utf8", "deal,kind,date,amount\nD\xff1,paid,2026-02-01,5\n", "ev.csv:2:2: the file is not UTF-8 text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := ReadEventsCSV("ev.csv", strings.NewReader(tt.src))
			if err == nil {
				t.Fatalf("no error, events %v", evs)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			var list diag.List
			if !errors.As(err, &list) || evs != nil {
				t.Errorf("want a diag.List and no events, got %T and %d events", err, len(evs))
			}
		})
	}
}

func TestReadEventsJSON(t *testing.T) {
	src := "\ufeff[\n" +
		`  {"deal": "D1", "kind": "paid", "date": "2026-02-05", "amount": 500.10, "id": "P-1"},` + "\n" +
		`  {"deal": "D1", "kind": "invoiced", "date": "2026-01-20"},` + "\n" +
		`  {"deal": "D2", "kind": "refunded", "date": "2026-02-10", "amount": "300", "deal_amount": "1000", "term": 24}` + "\n" +
		"]\n"
	evs, err := ReadEventsJSON("ev.json", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"ev.json:2:3 D1 paid on 2026-02-05 500.10 (id P-1)",
		"ev.json:3:3 D1 invoiced on 2026-01-20",
		"ev.json:4:3 D2 refunded on 2026-02-10 300.00 [ 1000 0000-00-00 24]",
	}
	if diff := cmp.Diff(want, eventStrings(evs)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if evs, err := ReadEventsJSON("ev.json", strings.NewReader("[]")); err != nil || len(evs) != 0 {
		t.Errorf("an empty array: %v, %v", evs, err)
	}
}

func TestReadEventsJSONErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"strict", "[\n" +
			`{"deal": "D1", "kind": "paid", "date": "2026-02-05", "amout": 5},` + "\n" +
			`{"deal": "D1", "deal": "D2", "kind": "invoiced", "date": "2026-02-05"},` + "\n" +
			`{"deal": null, "kind": 3, "date": ["x"], "amount": true},` + "\n" +
			`{"kind": "paid", "date": "2026-02-05", "amount": 1e3},` + "\n" +
			`7]`,
			"ev.json:2:54: [0]: unknown key \"amout\" (did you mean amount?)\n" +
				"ev.json:3:16: [1]: key deal is given twice\n" +
				"ev.json:4:10: [2].deal: want a string, not null\n" +
				"ev.json:4:24: [2].kind: want a string, not a number\n" +
				"ev.json:4:35: [2].date: want a string, not an array\n" +
				"ev.json:4:52: [2].amount: want a number or a string, not a boolean\n" +
				"ev.json:5:1: [3]: missing key deal\n" +
				"ev.json:6:1: [4]: want an event object, not a number"},
		{"values", `[{"deal": "D1", "kind": "paid", "date": "2026-02-05", "amount": 1e3}]`,
			"ev.json:1:65: amount: \"1e3\" is written with an exponent (write 1000)"},
		{"trailing", "[]\n  {}", "ev.json:2:3: data after the array of events"},
		{"not an array", `{"deal": "D1"}`, "ev.json:1:1: want a JSON array of event objects, not an object"},
		{"syntax", "[\n{\"deal\" \"D1\"}]", "ev.json:2:9: not valid JSON: invalid character '\"' after object key"},
		{"truncated", `[{"deal": "D1"`, "ev.json:1:15: not valid JSON: unexpected end of the file"},
		{"utf8", "[{\"deal\": \"D\xff\"}]", "ev.json:1:13: the file is not UTF-8 text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := ReadEventsJSON("ev.json", strings.NewReader(tt.src))
			if err == nil {
				t.Fatalf("no error, events %v", evs)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzReadEvents reads fuzzed events files: never a panic, and what is
// read is events that a payout accepts on their own.
func FuzzReadEvents(f *testing.F) {
	f.Add("deal,kind,date,amount\nD1,paid,2026-02-05,500.00\n", true)
	f.Add("\ufeffdeal,kind,date\nD1,hold,2026-02-05\n", true)
	f.Add(`[{"deal": "D1", "kind": "refunded", "date": "2026-02-05", "amount": 3}]`, false)
	f.Add(`[{"deal": "D1", "kind": "paid", "date": "2026-02-05", "amount": "1e99999"}] x`, false)
	f.Fuzz(func(t *testing.T, src string, csv bool) {
		read := ReadEventsJSON
		if csv {
			read = ReadEventsCSV
		}
		evs, err := read("f", strings.NewReader(src))
		if err != nil {
			var list diag.List
			if !errors.As(err, &list) || len(list) == 0 || evs != nil {
				t.Fatalf("error %v (%T) with %d events", err, err, len(evs))
			}
			return
		}
		for i := range evs {
			if ps := checkEvent(&evs[i]); len(ps) > 0 {
				t.Fatalf("event %+v read, but %v", evs[i], ps)
			}
		}
	})
}
