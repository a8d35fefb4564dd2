package deal

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/shopspring/decimal"
)

func testSchema(t *testing.T) *Schema {
	t.Helper()
	s, err := NewSchema(Attr{Name: "segment", Type: String}, Attr{Name: "discount", Type: Decimal}, Attr{Name: "term_months", Type: Integer}, Attr{Name: "new_logo", Type: Boolean})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReadCSV(t *testing.T) {
	src := "\ufeffid,date,amount,currency,owner,splits,segment,discount,new_logo\n" +
		"D1,2026-02-03,1234.50,USD,ana,,enterprise,0.15,true\n" +
		"D2,2026-02-04,-100,USD,ana,ana:0.6;ben:0.4,,,\n"
	got, err := ReadCSV("deals.csv", strings.NewReader(src), testSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []Deal{
		{ID: "D1", Date: calendar.MustParseDate("2026-02-03"), Amount: decimal.RequireFromString("1234.50"), Currency: "USD", Owner: "ana",
			Attrs: Attrs{"segment": "enterprise", "discount": decimal.RequireFromString("0.15"), "new_logo": true}},
		{ID: "D2", Date: calendar.MustParseDate("2026-02-04"), Amount: decimal.RequireFromString("-100"), Currency: "USD", Owner: "ana",
			Splits: []Split{{"ana", decimal.RequireFromString("0.6")}, {"ben", decimal.RequireFromString("0.4")}}},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"empty", "", "deals.csv:1: the file is empty: want a header row"},
		{"unknown column", "id,date,amount,currency,owner,segmnt\n", `deals.csv:1: column 6: unknown column "segmnt" (did you mean segment?)`},
		{"missing column", "id,date,amount,owner\n", "deals.csv:1: missing column currency"},
		{"bad values", "id,date,amount,currency,owner,discount,term_months\n" +
			"D1,2026-02-30,12.5,USD,ana,0.1,12\n" +
			"D2,2026-02-01,\"1,000\",USD,,x,1.5\n",
			"deals.csv:2:4: column date: invalid date \"2026-02-30\": no such day\n" +
				"deals.csv:3:15: column amount: \"1,000\" is not a plain decimal number (write 1234.56, no thousands separators)\n" +
				"deals.csv:3:27: column owner: missing owner\n" +
				"deals.csv:3:28: column discount: \"x\" is not a decimal number\n" +
				"deals.csv:3:30: column term_months: \"1.5\" is not an integer"},
		{"bad splits", "id,date,amount,currency,owner,splits\nD1,2026-02-01,10,USD,ana,ana=1\n",
			`deals.csv:2:26: column splits: "ana=1" is not member:share (write ana:0.6;ben:0.4)`},
		{"ragged", "id,date,amount,currency,owner\nD1,2026-02-01,10,USD\n", "deals.csv:2:1: not a valid CSV file: wrong number of fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV("deals.csv", strings.NewReader(tt.src), testSchema(t))
			if err == nil {
				t.Fatal("no error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadJSON(t *testing.T) {
	src := `[{"id": "D1", "date": "2026-02-03", "amount": 1234.567890123456789, "currency": "USD", "owner": "ana",
	  "splits": [{"member": "ana", "share": 0.5}, {"member": "ben", "share": "0.5"}], "term_months": 24, "new_logo": false},
	 {"id": "D2", "date": "2026-02-03", "amount": "10", "currency": "USD", "owner": "ana", "colour": "red"}]`
	_, err := ReadJSON("deals.json", strings.NewReader(src), testSchema(t))
	if err == nil || err.Error() != "deals.json: [1].colour: unknown field colour" {
		t.Fatalf("err = %v", err)
	}
	got, err := ReadJSON("deals.json", strings.NewReader(strings.Replace(src, `, "colour": "red"`, "", 1)), testSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	if a := got[0].Amount.String(); a != "1234.567890123456789" {
		t.Errorf("amount = %s: read through float64?", a)
	}
	if got[0].Attrs["term_months"] != int64(24) || got[0].Attrs["new_logo"] != false || len(got[0].Splits) != 2 {
		t.Errorf("deal = %+v", got[0])
	}
}

// FuzzReadCSV checks that no input makes ReadCSV panic, and that deals
// and errors never come together.
func FuzzReadCSV(f *testing.F) {
	f.Add("id,date,amount,currency,owner,splits,segment\nD1,2026-02-03,1234.50,USD,ana,ana:1,x\n")
	f.Add("id,date\n\"unclosed\n")
	f.Fuzz(func(t *testing.T, src string) {
		s, _ := NewSchema(Attr{Name: "segment", Type: String})
		deals, err := ReadCSV("f.csv", strings.NewReader(src), s)
		if err != nil && deals != nil {
			t.Fatal("deals with an error")
		}
	})
}
