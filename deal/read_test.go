package deal

import (
	"errors"
	"io"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/diag"
	"github.com/shopspring/decimal"
)

func testSchema(t testing.TB) *Schema {
	t.Helper()
	s, err := NewSchema(Attr{Name: "segment", Type: String}, Attr{Name: "discount", Type: Decimal}, Attr{Name: "term_months", Type: Integer},
		Attr{Name: "new_logo", Type: Boolean}, Attr{Name: "signed", Type: DateType}, Attr{Name: "tags", Type: StringList})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// equalDecimals compares decimals by value, and deals without their
// Source (tested on its own).
var dealOpts = cmp.Options{cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }), cmpopts.IgnoreFields(Deal{}, "Source")}

func TestReadCSV(t *testing.T) {
	src := "\ufeffid,date,amount,currency,owner,splits,segment,discount,new_logo,tags\n" +
		"D1,2026-02-03,1234.50,USD,ana,,enterprise,0.15,true,a;b\n" +
		" D2 , 2026-02-04 ,-100,USD,ana,ana:0.6; ben : 0.4,,,,\n"
	got, err := ReadCSV("deals.csv", strings.NewReader(src), testSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []Deal{
		{ID: "D1", Date: calendar.MustParseDate("2026-02-03"), Amount: decimal.RequireFromString("1234.50"), Currency: "USD", Owner: "ana",
			Attrs: AttrsOf(map[string]any{"segment": "enterprise", "discount": decimal.RequireFromString("0.15"), "new_logo": true, "tags": []string{"a", "b"}})},
		{ID: "D2", Date: calendar.MustParseDate("2026-02-04"), Amount: decimal.RequireFromString("-100"), Currency: "USD", Owner: "ana",
			Splits: []Split{{"ana", decimal.RequireFromString("0.6")}, {"ben", decimal.RequireFromString("0.4")}}},
	}
	if diff := cmp.Diff(want, got, dealOpts); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if s := got[0].Amount.StringFixed(-got[0].Amount.Exponent()); s != "1234.50" {
		t.Errorf("amount %s: the scale is lost", s)
	}
	// A byte-order mark before a quoted header (it was a bare quote).
	got, err = ReadCSV("deals.csv", strings.NewReader("\ufeff\"id\",\"date\",amount,currency,owner\nD1,2026-02-03,1,USD,ana\n"), nil)
	if err != nil || len(got) != 1 {
		t.Errorf("a quoted header after a byte-order mark: %v", err)
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"empty", "", "deals.csv:1: the file is empty: want a header row"},
		{"unknown column", "id,date,amount,currency,owner,segmnt\n", `deals.csv:1:31: column 6: unknown column "segmnt" (did you mean segment?)`},
		{"column twice", "id,date,amount,currency,owner,owner\n", `deals.csv:1:31: column 6: column "owner" is given twice (also column 5)`},
		{"missing column", "id,date,amount,owner\n", "deals.csv:1: missing column currency"},
		{"bad values", "id,date,amount,currency,owner,discount,term_months\n" +
			"D1,2026-02-30,12.5,USD,ana,0.1,12\n" +
			"D2,2026-02-01,\"1,000\",USD,,x,1.5\n",
			"deals.csv:2:4: deal D1: column date: invalid date \"2026-02-30\": no such day\n" +
				"deals.csv:3:15: deal D2: column amount: \"1,000\" is not a decimal number (write 1234.56, without thousands separators)\n" +
				"deals.csv:3:27: deal D2: column owner: missing owner\n" +
				"deals.csv:3:28: deal D2: column discount: \"x\" is not a decimal number (write 1234.56, without thousands separators)\n" +
				"deals.csv:3:30: deal D2: column term_months: \"1.5\" is not an integer"},
		{"bad splits", "id,date,amount,currency,owner,splits\nD1,2026-02-01,10,USD,ana,ana=1\nD2,2026-02-01,10,USD,ana,ana:x\nD3,2026-02-01,10,USD,ana,ana:1;\n",
			"deals.csv:2:26: deal D1: column splits: \"ana=1\" is not member:share (write ana:0.6;ben:0.4)\n" +
				"deals.csv:3:26: deal D2: column splits: share of \"ana\": \"x\" is not a decimal number (write 1234.56, without thousands separators)\n" +
				"deals.csv:4:26: deal D3: column splits: \"\" is not member:share (write ana:0.6;ben:0.4)"},
		{"ragged rows", "id,date,amount,currency,owner\nD1,2026-02-01,10,USD\nD2,2026-02-01,10,USD,ana,x\n",
			"deals.csv:2:1: the row has 4 fields and the header 5\ndeals.csv:3:1: the row has 6 fields and the header 5"},
		{"quote left open", "id,date,amount,currency,owner\nD1,2026-02-01,10,USD,ana\n\"D2,2026-02-01,10,USD,ana\n",
			`deals.csv:3:27: not a valid CSV file: extraneous or missing " in quoted-field`},
		{"bare quote", "id,date,amount,currency,owner\nD1,2026-02-01,10,USD,ana\nD2,2026-\"02-01,10,USD,ana\n",
			`deals.csv:3:9: not a valid CSV file: bare " in non-quoted-field`},
		{"unknown currency", "id,date,amount,currency,owner\nD1,2026-02-01,10,XYZ,ana\nD2,2026-02-01,10,EUE,ana\nD3,2026-02-01,10,usd,ana\n",
			"deals.csv:2:18: deal D1: column currency: unknown currency \"XYZ\": not an ISO 4217 code\n" +
				"deals.csv:3:18: deal D2: column currency: unknown currency \"EUE\": not an ISO 4217 code (did you mean EUR?)\n" +
				"deals.csv:4:18: deal D3: column currency: invalid currency \"usd\": want a three-letter ISO 4217 code such as USD (did you mean USD?)"},
		{"bad names", "id,date,amount,currency,owner\n\"D\n1\",2026-02-01,10,USD,ana\nD2,2026-02-01,10,USD,\"an\xffa\"\n",
			"deals.csv:2:1: column id: \"D\\n1\" holds a control character\n" +
				"deals.csv:4:22: deal D2: column owner: \"an\\xffa\" is not valid UTF-8"},
		{"long date", "id,date,amount,currency,owner\nD1," + strings.Repeat("2", 100) + ",10,USD,ana\n",
			`deals.csv:2:4: deal D1: column date: invalid date "2222222222222222222222222222222222222222…" (100 bytes): want YYYY-MM-DD`},
		{"required attribute", "id,date,amount,currency,owner,segment\nD1,2026-02-01,10,USD,ana,\n", ""}, // see TestRequiredAttribute
	}
	for _, tt := range tests {
		if tt.want == "" {
			continue
		}
		t.Run(tt.name, func(t *testing.T) {
			deals, err := ReadCSV("deals.csv", strings.NewReader(tt.src), testSchema(t))
			if err == nil {
				t.Fatal("no error")
			}
			if deals != nil {
				t.Error("deals with an error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if !errors.Is(err, diag.InvalidInput) {
				t.Errorf("%v is not diag.InvalidInput", err)
			}
		})
	}
}

func TestRequiredAttribute(t *testing.T) {
	s, err := NewSchema(Attr{Name: "segment", Type: String, Required: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ReadCSV("deals.csv", strings.NewReader("id,date,amount,currency,owner,segment\nD1,2026-02-01,10,USD,ana,\n"), s)
	if want := "deals.csv:2:26: deal D1: column segment: missing value of the required attribute segment"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
	_, err = ReadJSON("deals.json", strings.NewReader(`[{"id": "D1", "date": "2026-02-01", "amount": 10, "currency": "USD", "owner": "ana"}]`), s)
	if want := "deals.json:1:2: [0].segment: deal D1: missing value of the required attribute segment"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

// TestReadCSVHostile has one case a hostile input of issue 14: each is
// an error that names the file, the line and the column.
func TestReadCSVHostile(t *testing.T) {
	head := "id,date,amount,currency,owner,discount,splits\n"
	tests := []struct{ name, row, want string }{
		{"huge exponent", "D1,2026-02-01,1e999,USD,ana,,", `deals.csv:2:15: deal D1: column amount: "1e999" is too large (more than 200 digits)`},
		{"exponent", "D1,2026-02-01,1.5E3,USD,ana,,", `deals.csv:2:15: deal D1: column amount: "1.5E3" is written with an exponent (write 1500)`},
		{"400 digits", "D1,2026-02-01," + strings.Repeat("9", 400) + ",USD,ana,,", `deals.csv:2:15: deal D1: column amount: "9999999999999999999999999999999999999999…" (400 bytes) is too large (more than 200 digits)`},
		{"decimal attribute", "D1,2026-02-01,1,USD,ana,1e100000,", `deals.csv:2:25: deal D1: column discount: "1e100000" is too large (more than 200 digits)`},
		{"split share", "D1,2026-02-01,1,USD,ana,,ana:1e999", `deals.csv:2:26: deal D1: column splits: share of "ana": "1e999" is too large (more than 200 digits)`},
		{"huge id", strings.Repeat("x\x01", 1000) + ",2026-02-01,1,USD,ana,,", `deals.csv:2:1: column id: "x\x01x\x01x\x01x\x01x\x01x\x01x\x01x\x01x\x01x\x01x\x01x\x01x\x01x\x01x\x01x\x01x\x01x\x01x\x01x\x01…" (2000 bytes) holds a control character`},
	}
	s, _ := NewSchema(Attr{Name: "discount", Type: Decimal})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV("deals.csv", strings.NewReader(head+tt.row+"\n"), s)
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
	src := "\ufeff" + `[{"id": "D1", "date": "2026-02-03", "amount": 1234.567890123456789, "currency": "USD", "owner": "ana",
	  "splits": [{"member": "ana", "share": 0.5}, {"share": "0.5", "member": "ben"}], "term_months": 24, "new_logo": false, "tags": ["a", "b"]},
	 {"id": " D2 ", "date": "2026-02-03", "amount": "10.50", "currency": "USD", "owner": "ana", "channel": null,
	  "attrs": {"segment": "smb", "discount": "0.1", "signed": "2026-01-31"}, "close_date": "2026-03-01"},
	 {"id": "D3", "date": "2026-02-03", "amount": -5, "currency": "EUR", "owner": "b\u00e9n", "splits": "ana:0.25;ben:0.75"}]`
	got, err := ReadJSON("deals.json", strings.NewReader(src), testSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	d := calendar.MustParseDate("2026-02-03")
	dec := decimal.RequireFromString
	want := []Deal{
		{ID: "D1", Date: d, Amount: dec("1234.567890123456789"), Currency: "USD", Owner: "ana",
			Splits: []Split{{"ana", dec("0.5")}, {"ben", dec("0.5")}}, Attrs: AttrsOf(map[string]any{"term_months": int64(24), "new_logo": false, "tags": []string{"a", "b"}})},
		{ID: "D2", Date: d, Amount: dec("10.50"), Currency: "USD", Owner: "ana", CloseDate: calendar.MustParseDate("2026-03-01"),
			Attrs: AttrsOf(map[string]any{"segment": "smb", "discount": dec("0.1"), "signed": calendar.MustParseDate("2026-01-31")})},
		{ID: "D3", Date: d, Amount: dec("-5"), Currency: "EUR", Owner: "bén", Splits: []Split{{"ana", dec("0.25")}, {"ben", dec("0.75")}}},
	}
	if diff := cmp.Diff(want, got, dealOpts); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if a := got[0].Amount.String(); a != "1234.567890123456789" {
		t.Errorf("amount = %s: read through float64?", a)
	}
}

// TestReadJSONErrors has, among others, one case a hostile input of
// issue 14.
func TestReadJSONErrors(t *testing.T) {
	const ok = `{"id": "D1", "date": "2026-02-01", "amount": 1, "currency": "USD", "owner": "ana"}`
	tests := []struct {
		name, src, want string
	}{
		{"second array", "[" + ok + "]\n[" + ok + "]", "deals.json:2:1: not valid JSON: a second array after the array of deals (a file holds one array)"},
		{"trailing data", "[" + ok + "] x", "deals.json:1:86: not valid JSON: more data after the array of deals (a file holds one array)"},
		{"trailing comma", "[" + ok + ",]", `deals.json:1:85: not valid JSON: want a deal object, got ']'`},
		{"duplicate key", `[{"id": "D1", "date": "2026-02-01", "amount": 1, "currency": "USD", "owner": "ana", "amount": 2}]`,
			"deals.json:1:85: [0].amount: deal D1: field amount is given twice (also at 1:37)"},
		{"duplicate after null", `[{"id": "D1", "date": "2026-02-01", "amount": null, "currency": "USD", "owner": "ana", "amount": 2}]`,
			"deals.json:1:88: [0].amount: deal D1: field amount is given twice (also at 1:37)"},
		{"duplicate attribute", `[{"id": "D1", "date": "2026-02-01", "amount": 1, "currency": "USD", "owner": "ana", "segment": "a", "attrs": {"segment": "b"}}]`,
			"deals.json:1:111: [0].attrs.segment: deal D1: field attrs.segment is given twice (also at 1:85)"},
		{"id of the wrong kind", "[" + strings.ReplaceAll(ok, `"D1"`, `{"a": 1}`) + ",\n" + strings.ReplaceAll(ok, `"D1"`, `["D1"]`) + ",\n" + strings.ReplaceAll(ok, `"D1"`, `12`) + ",\n" + strings.ReplaceAll(ok, `"D1"`, `true`) + "]",
			"deals.json:1:9: [0].id: want a string, got an object\n" +
				"deals.json:2:8: [1].id: want a string, got an array\n" +
				"deals.json:3:8: [2].id: want a string, got a number\n" +
				"deals.json:4:8: [3].id: want a string, got true"},
		{"null", "null", "deals.json:1:1: want a JSON array of deal objects, got null"},
		{"an object", ok, "deals.json:1:1: want a JSON array of deal objects, got an object (put the deals in a list: [{…}, {…}])"},
		{"empty", " \n ", "deals.json:2:2: the file is empty: want a JSON array of deal objects"},
		{"not an object", `["D1", 2]`, "deals.json:1:2: [0]: want a deal object, got a string\ndeals.json:1:8: [1]: want a deal object, got a number"},
		{"cut before a value", "[" + ok[:45], "deals.json:1:47: not valid JSON: the file ends early: want a value (the file is cut short?)"},
		{"cut after a value", "[" + ok[:47], "deals.json:1:49: not valid JSON: the file ends early: want a key in double quotes (the file is cut short?)"},
		{"cut in a number", "[" + ok[:46], "deals.json:1:48: not valid JSON: the file ends early: want , or } after a value (the file is cut short?)"},
		{"cut in a string", "[\n" + ok[:17], "deals.json:2:14: not valid JSON: a string is not closed (the file is cut short?)"},
		{"cut after a deal", "[\n" + ok + ",\n", "deals.json:3:1: not valid JSON: the file ends early: want a deal object (the file is cut short?)"},
		{"cut after a key", `[{"id"`, "deals.json:1:7: not valid JSON: the file ends early: want : after the key (the file is cut short?)"},
		{"missing fields", `[{"id": ""}]`, "deals.json:1:2: [0].amount: missing amount\n" +
			"deals.json:1:2: [0].currency: missing currency\n" +
			"deals.json:1:2: [0].date: missing date\n" +
			"deals.json:1:2: [0].owner: missing owner\n" +
			"deals.json:1:9: [0].id: missing deal id"},
		{"unknown fields", `[{"id": "D1", "date": "2026-02-01", "amount": 1, "currency": "USD", "owner": "ana", "segmnt": "x", "attrs": {"owner": "x", "colour": 1}}]`,
			"deals.json:1:85: [0].segmnt: deal D1: unknown field \"segmnt\" (did you mean segment?)\n" +
				"deals.json:1:110: [0].attrs.owner: deal D1: unknown attribute \"owner\"\n" +
				"deals.json:1:124: [0].attrs.colour: deal D1: unknown attribute \"colour\""},
		{"bad values", `[{"id": "D1", "date": "2026-02-30", "amount": "1,000", "currency": "XYZ", "owner": "ana", "new_logo": "yes", "term_months": 1.5, "tags": [1], "discount": true}]`,
			"deals.json:1:23: [0].date: deal D1: invalid date \"2026-02-30\": no such day\n" +
				"deals.json:1:47: [0].amount: deal D1: \"1,000\" is not a decimal number (write 1234.56, without thousands separators)\n" +
				"deals.json:1:68: [0].currency: deal D1: unknown currency \"XYZ\": not an ISO 4217 code\n" +
				"deals.json:1:103: [0].new_logo: deal D1: \"yes\" is not a boolean (want true or false)\n" +
				"deals.json:1:125: [0].term_months: deal D1: \"1.5\" is not an integer\n" +
				"deals.json:1:139: [0].tags[0]: deal D1: want a string, got a number\n" +
				"deals.json:1:155: [0].discount: deal D1: want a number, got true"},
		{"huge numbers", `[{"id": "D1", "date": "2026-02-01", "amount": 1e999, "currency": "USD", "owner": "ana", "discount": ` + strings.Repeat("9", 5000) + `}]`,
			"deals.json:1:47: [0].amount: deal D1: \"1e999\" is too large (more than 200 digits)\n" +
				"deals.json:1:101: [0].discount: deal D1: a number of 5000 bytes has too many digits (more than 200)"},
		{"bad splits", `[{"id": "D1", "date": "2026-02-01", "amount": 1, "currency": "USD", "owner": "ana", "splits": [{"member": "ana"}, {"share": 1, "membr": "x"}, 3, {"member": 1, "share": "1e999"}]}]`,
			"deals.json:1:96: [0].splits[0]: deal D1: missing share of the split\n" +
				"deals.json:1:115: [0].splits[1]: deal D1: missing member of the split\n" +
				"deals.json:1:128: [0].splits[1].membr: deal D1: unknown field \"membr\" of a split (did you mean member?)\n" +
				"deals.json:1:143: [0].splits[2]: deal D1: want a split object {\"member\": …, \"share\": …}, got a number\n" +
				"deals.json:1:157: [0].splits[3].member: deal D1: want a string, got a number\n" +
				"deals.json:1:169: [0].splits[3].share: deal D1: \"1e999\" is too large (more than 200 digits)"},
		{"not JSON", `[{"id": 'D1'}]`, `deals.json:1:9: not valid JSON: want a value, got '\''`},
		{"bad literal", `[{"id": nul}]`, `deals.json:1:9: not valid JSON: want a value, got "nul"`},
		{"bad number", `[{"amount": 01}]`, `deals.json:1:13: not valid JSON: invalid number "01"`},
		{"bad escape", `[{"id": "a\x"}]`, `deals.json:1:12: not valid JSON: invalid escape sequence \x in a string`},
		{"control character", "[{\"id\": \"a\tb\"}]", `deals.json:1:12: not valid JSON: a control character in a string (write it as \u0009)`},
		{"bad UTF-8", "[{\"id\": \"a\xffb\"}]", `deals.json:1:9: not valid JSON: a string is not valid UTF-8`},
		{"deep", strings.Repeat("[", 10000), "deals.json:1:2: [0]: want a deal object, got an array"}, // reported once the nesting is refused, see below
		{"deep object", `[{"x": ` + strings.Repeat(`{"a": `, 100) + "1" + strings.Repeat("}", 100) + "}]", "deals.json:1:380: not valid JSON: the values nest deeper than 64 levels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			deals, err := ReadJSON("deals.json", strings.NewReader(tt.src), testSchema(t))
			if err == nil {
				t.Fatal("no error")
			}
			if deals != nil {
				t.Error("deals with an error")
			}
			if tt.name == "deep" {
				if !strings.Contains(err.Error(), "nest deeper than 64 levels") {
					t.Errorf("deep: %v", err)
				}
				return
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSource(t *testing.T) {
	s := testSchema(t)
	// Row 3 holds a line break in its segment, so its channel is on line
	// 4; row 4 (line 5), a segment so long that its channel is beyond
	// column 65,535.
	csv := "id,date,amount,currency,owner,segment,channel\nD1,2026-02-01,10,USD,ana,smb,direct\nNW-1042,2026-02-01,10,USD,anaa,\"x\ny\",partner\n" +
		"W1,2026-02-01,10,USD,ana," + strings.Repeat("x", 70_000) + ",direct\n"
	deals, err := ReadCSV("deals.csv", strings.NewReader(csv), s)
	if err != nil {
		t.Fatal(err)
	}
	js := "[\n  {\"id\": \"D1\", \"date\": \"2026-02-01\", \"amount\": 10, \"currency\": \"USD\",\n   \"owner\": \"ana\", \"attrs\": {\"segment\": \"smb\"}},\n" +
		"  {\"id\": \"NW-1042\",\n   \"date\": \"2026-02-01\",\n   \"amount\": 10,\n   \"currency\": \"USD\",\n   \"owner\": \"anaa\"}\n]"
	jdeals, err := ReadJSON("deals.json", strings.NewReader(js), s)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		d           Deal
		field, want string
	}{
		{deals[0], "", "deals.csv:2:1"},
		{deals[1], "", "deals.csv:3:1"},
		{deals[1], "owner", "deals.csv:3:27"},
		{deals[1], "id", "deals.csv:3:1"},
		{deals[1], "segment", "deals.csv:3:32"},
		{deals[1], "channel", "deals.csv:4:4"},
		{deals[0], "segment", "deals.csv:2:26"},
		{deals[0], "attrs.segment", "deals.csv:2:26"},
		{deals[1], "splits[0].member", "deals.csv:3:1"}, // no splits column: the row
		{deals[2], "owner", "deals.csv:5:22"},
		{deals[2], "channel", "deals.csv:5:70027"},
		{deals[1], "attrs.nothing", "deals.csv:3:1"},
		{jdeals[0], "", "deals.json:2:3"},
		{jdeals[0], "owner", "deals.json:3:13"},
		{jdeals[0], "attrs.segment", "deals.json:3:41"},
		{jdeals[1], "", "deals.json:4:3"},
		{jdeals[1], "owner", "deals.json:8:13"},
		{jdeals[1], "amount", "deals.json:6:14"},
		{jdeals[1], "close_date", "deals.json:4:3"},
		{Deal{}, "owner", ""},
		{Deal{Source: SourceAt(diag.Pos{File: "plan_test.yaml", Line: 7, Col: 5})}, "owner", "plan_test.yaml:7:5"},
	}
	for _, tt := range tests {
		got := tt.d.Source.Pos()
		if tt.field != "" {
			got = tt.d.Source.Field(tt.field)
		}
		if got.String() != tt.want {
			t.Errorf("deal %s: Field(%q) = %s, want %s", tt.d.ID, tt.field, got, tt.want)
		}
	}
	if !deals[1].Source.Equal(deals[1].Source) || deals[0].Source.Equal(deals[1].Source) || !(Source{}).IsZero() || deals[0].Source.IsZero() {
		t.Error("Equal or IsZero")
	}
}

func TestScanCSV(t *testing.T) {
	src := "id,date,amount,currency,owner\nD1,2026-02-01,10,USD,ana\nD2,2026-02-01,x,USD,ana\nD3,2026-02-01,30,USD,ana\n\"D4\n"
	var got []string
	for d, err := range ScanCSV("deals.csv", strings.NewReader(src), nil) {
		if err != nil {
			got = append(got, err.Error())
			continue
		}
		got = append(got, d.ID)
	}
	want := []string{"D1",
		`deals.csv:3:15: deal D2: column amount: "x" is not a decimal number (write 1234.56, without thousands separators)`,
		"D3",
		`deals.csv:5:5: not a valid CSV file: extraneous or missing " in quoted-field`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	n := 0
	for range ScanCSV("deals.csv", strings.NewReader(src), nil) {
		n++
		break
	}
	if n != 1 {
		t.Errorf("break: %d deals", n)
	}
	for _, err := range ScanCSV("deals.csv", io.MultiReader(strings.NewReader("id,date,amount,currency,owner\n"), errReader{}), nil) {
		if err == nil || err.Error() != "deals.csv: disk on fire" || !errors.Is(err, errDisk) {
			t.Errorf("a read error: %v", err)
		}
	}
}

var errDisk = errors.New("disk on fire")

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errDisk }

func TestScanJSON(t *testing.T) {
	src := `[{"id": "D1", "date": "2026-02-01", "amount": 1, "currency": "USD", "owner": "ana"}, {"id": 2}, {"id": "D3", "date": "2026-02-01", "amount": 1, "currency": "USD", "owner": "ana"}`
	var got []string
	for d, err := range ScanJSON("deals.json", strings.NewReader(src), nil) {
		if err != nil {
			got = append(got, err.Error())
			continue
		}
		got = append(got, d.ID)
	}
	want := []string{"D1",
		"deals.json:1:86: [1].amount: missing amount\ndeals.json:1:86: [1].currency: missing currency\ndeals.json:1:86: [1].date: missing date\ndeals.json:1:86: [1].owner: missing owner\ndeals.json:1:93: [1].id: want a string, got a number",
		"D3",
		"deals.json:1:179: not valid JSON: the file ends early: want , or ] after a deal (the file is cut short?)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestMaxProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,date,amount,currency,owner\n")
	for range 3000 {
		b.WriteString("D,2026-02-01,x,USD,ana\n")
	}
	_, err := ReadCSV("deals.csv", strings.NewReader(b.String()), nil)
	var list diag.List
	if !errors.As(err, &list) || len(list) != MaxProblems+1 || list[MaxProblems].Error() != "deals.csv: more than 1000 problems: stopped reading" {
		t.Errorf("%d problems, last %v", len(list), list[len(list)-1])
	}
}

func TestWriteCSV(t *testing.T) {
	s := testSchema(t)
	src := "id,date,amount,currency,owner,channel,territory,product,stage,type,close_date,splits,segment,discount,term_months,new_logo,signed,tags\n" +
		"D1,2026-02-03,1234.50,USD,ana,direct,west,core,won,new,2026-03-01,ana:0.60;ben:0.40,\"big, small\",0.150,24,true,2026-01-01,a;b\n" +
		"D2,2026-02-04,-100,JPY,ben,,,,,,,,,,,,,\n"
	deals, err := ReadCSV("deals.csv", strings.NewReader(src), s)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := WriteCSV(&b, deals, s); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(src, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	bad := []struct {
		d    Deal
		want string
	}{
		{Deal{ID: "D1", Attrs: AttrsOf(map[string]any{"colour": "red"})}, "deal D1: attrs.colour: attribute not declared in the strategy"},
		{Deal{ID: "D1", Attrs: AttrsOf(map[string]any{"term_months": 12})}, "deal D1: attrs.term_months: want an integer, got int"},
		{Deal{ID: "D1", Splits: []Split{{Member: "a:b"}}}, `deal D1: splits[0].member: "a:b" holds ':' or ';', which the splits column cannot hold`},
		{Deal{ID: "D1", Attrs: AttrsOf(map[string]any{"tags": []string{"a;b"}})}, "deal D1: attrs.tags: an item holds ';', which a list column cannot hold"},
	}
	for _, tt := range bad {
		if err := WriteCSV(io.Discard, []Deal{tt.d}, s); err == nil || err.Error() != tt.want {
			t.Errorf("WriteCSV: %v, want %s", err, tt.want)
		}
	}
}

// TestReadCSVReserves: ReadCSV sizes its slice of deals from the size of
// the input, but a file of short rows then a long one must not make it
// reserve room for deals the file does not hold.
func TestReadCSVReserves(t *testing.T) {
	s, _ := NewSchema(Attr{Name: "segment", Type: String})
	var b strings.Builder
	b.WriteString("id,date,amount,currency,owner,segment\n")
	for i := range 1100 {
		b.WriteString("D" + strconv.Itoa(i) + ",2026-02-01,1,USD,a,\n")
	}
	b.WriteString("L,2026-02-01,1,USD,a," + strings.Repeat("x", 20<<20) + "\n")
	src := b.String()
	alloc := func(r io.Reader) uint64 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		before := ms.TotalAlloc
		deals, err := ReadCSV("deals.csv", r, s)
		runtime.ReadMemStats(&ms)
		if err != nil || len(deals) != 1101 {
			t.Fatal(len(deals), err)
		}
		return ms.TotalAlloc - before
	}
	sized := alloc(strings.NewReader(src))
	unsized := alloc(io.MultiReader(strings.NewReader(src))) // no Len: no estimate
	if sized > unsized+8<<20 {
		t.Errorf("reading %d bytes allocated %d, and %d without knowing the size", len(src), sized, unsized)
	}
}

// TestScanConcurrent hands deals to another goroutine as they are read,
// which reads their positions while later deals are read (go test -race).
func TestScanConcurrent(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,date,amount,currency,owner\n")
	for i := range 3000 {
		b.WriteString("D" + strconv.Itoa(i) + ",2026-02-01,1,USD,ana\n")
	}
	if bad := scanElsewhere(t, b.String(), nil, func(i int, d Deal) (string, string) {
		return d.Source.Field("owner").String(), "deals.csv:" + strconv.Itoa(i+2) + ":" + strconv.Itoa(len(d.ID)+19)
	}); len(bad) > 0 {
		t.Errorf("%d wrong positions, the first %s", len(bad), bad[0])
	}
}

// scanElsewhere hands the deals ScanCSV reads from csv to another
// goroutine as they come, which reads each while later deals are read (go
// test -race), and returns "got, want want" for each i-th deal whose
// check(i, d) gives two different strings.
func scanElsewhere(t *testing.T, csv string, s *Schema, check func(i int, d Deal) (got, want string)) []string {
	t.Helper()
	ch := make(chan Deal)
	done := make(chan []string)
	go func() {
		var bad []string
		i := 0
		for d := range ch {
			if got, want := check(i, d); got != want {
				bad = append(bad, got+", want "+want)
			}
			i++
		}
		done <- bad
	}()
	for d, err := range ScanCSV("deals.csv", strings.NewReader(csv), s) {
		if err != nil {
			close(ch)
			<-done
			t.Fatal(err)
		}
		ch <- d
	}
	close(ch)
	return <-done
}

// A long unknown key was named whole in the path of its problem (found by
// FuzzReadJSON): the path cuts it as the message does.
func TestReadJSONLongUnknownKeyCut(t *testing.T) {
	key := strings.Repeat("k", 2000)
	_, err := ReadJSON("f.json", strings.NewReader(`[{"`+key+`": 1}, {"attrs": {"`+key+`": 1}}]`), testSchema(t))
	var list diag.List
	if !errors.As(err, &list) || len(list) < 2 {
		t.Fatalf("got %v", err)
	}
	for _, p := range list {
		if p.Code == diag.UnknownKey && (len(p.Error()) > 300 || !strings.Contains(p.Path, strings.Repeat("k", 40)+"…")) {
			t.Errorf("problem of %d bytes, path %.60q", len(p.Error()), p.Path)
		}
	}
}

// TestReadCSVHoldsNoRow: the deals of ReadCSV held the text of their rows
// (a field of a CSV record is a substring of the record's one string), so
// that a file of wide rows stayed in memory as long as its deals did.
func TestReadCSVHoldsNoRow(t *testing.T) {
	const rows, pad = 5000, 2000 // 10 MB of spaces around the fields
	sp := strings.Repeat(" ", pad)
	var b strings.Builder
	b.WriteString("id,date,amount,currency,owner,product,splits\n")
	for i := range rows {
		b.WriteString("D" + strconv.Itoa(i) + sp + ",2026-02-01,1.5" + sp + ",USD" + sp + ",ana" + sp + "," + sp + "core,ana:0.5;ben:0.5" + sp + "\n")
	}
	src := b.String()
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	before := heap()
	deals, err := ReadCSV("deals.csv", strings.NewReader(src), nil)
	if err != nil || len(deals) != rows {
		t.Fatal(len(deals), err)
	}
	held := heap() - before
	if held > 2<<20 {
		t.Errorf("%d deals of %d-byte rows hold %d bytes", rows, len(src)/rows, held)
	}
	if d := deals[rows-1]; d.ID != "D"+strconv.Itoa(rows-1) || d.Owner != "ana" || d.Currency != "USD" || d.Product != "core" || d.Splits[1].Member != "ben" {
		t.Errorf("got %+v", d)
	}
	runtime.KeepAlive(src)
}
