package deal

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/diag"
)

// checkProblems checks that err, an error of ReadCSV or ReadJSON, is a
// list of positioned problems whose messages are short, whatever the
// input.
func checkProblems(t *testing.T, err error) {
	t.Helper()
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("%T is not a diag.List: %v", err, err)
	}
	for _, p := range list {
		if !p.Pos.IsValid() && !strings.HasPrefix(p.Message, "more than") {
			t.Errorf("a problem without a line: %v", p)
		}
		if len(p.Error()) > 600 {
			t.Errorf("a problem of %d bytes: %.200s…", len(p.Error()), p.Error())
		}
	}
}

// FuzzReadCSV checks that no input makes ReadCSV panic or hang, that
// deals and errors never come together, that every problem has a
// position, and that what it reads, written by WriteCSV, reads back the
// same and writes the same bytes.
func FuzzReadCSV(f *testing.F) {
	f.Add("id,date,amount,currency,owner,splits,segment\nD1,2026-02-03,1234.50,USD,ana,ana:1,x\n")
	f.Add("id,date\n\"unclosed\n")
	f.Add("\ufeffid,date,amount,currency,owner,channel,territory,product,stage,type,close_date,splits,segment,discount,term_months,new_logo,signed,tags\n" +
		"D1,2026-02-03,1234.50,USD,ana,direct,west,core,won,new,2026-03-01,ana:0.60;ben:0.40,\"big, small\",0.150,24,true,2026-01-01,a;b\n" +
		"D2,2026-02-04,-100,JPY,ben,,,,,,,,,,,,,\n")
	f.Add("id,date,amount,currency,owner\nD1,2026-02-01,1e999,USD,ana\n")
	f.Add("id,date,amount,currency,owner,discount\nD1,2026-02-01," + strings.Repeat("9", 300) + ",XYZ,ana,1.5e3\n")
	f.Add("id,date,amount,currency,owner,segment\nD1,2026-02-01,10,USD,ana,\"x\ny\"\nD2,2026-02-01,10,USD\n")
	schema := testSchema(f)
	f.Fuzz(func(t *testing.T, src string) {
		deals, err := ReadCSV("f.csv", strings.NewReader(src), schema)
		if err != nil {
			if deals != nil {
				t.Fatal("deals with an error")
			}
			checkProblems(t, err)
			return
		}
		var out bytes.Buffer
		if err := WriteCSV(&out, deals, schema); err != nil {
			t.Fatalf("WriteCSV of deals read: %v", err)
		}
		again, err := ReadCSV("f.csv", bytes.NewReader(out.Bytes()), schema)
		if err != nil {
			t.Fatalf("reading back %q: %v", out.String(), err)
		}
		if diff := cmp.Diff(deals, again, dealOpts); diff != "" {
			t.Fatalf("round trip (-read +read back):\n%s", diff)
		}
		var out2 bytes.Buffer
		if err := WriteCSV(&out2, again, schema); err != nil || out2.String() != out.String() {
			t.Fatalf("written twice: %q, then %q (%v)", out.String(), out2.String(), err)
		}
	})
}

// FuzzReadJSON checks that no input makes ReadJSON panic or hang, that
// it accepts nothing encoding/json does not (it is stricter), that every
// problem has a position, and that deals it reads, marshalled by
// encoding/json, read back the same.
func FuzzReadJSON(f *testing.F) {
	f.Add(`[{"id": "D1", "date": "2026-02-03", "amount": 1234.567890123456789, "currency": "USD", "owner": "ana",
	  "splits": [{"member": "ana", "share": 0.5}, {"share": "0.5", "member": "ben"}], "term_months": 24, "new_logo": false, "tags": ["a", "b"]},
	 {"id": " D2 ", "date": "2026-02-03", "amount": "10.50", "currency": "USD", "owner": "ana", "channel": null,
	  "attrs": {"segment": "smb", "discount": "0.1", "signed": "2026-01-31"}, "close_date": "2026-03-01"}]`)
	f.Add(`[{"id": "D1", "amount": 1, "amount": 2}] []`)
	f.Add(`null`)
	f.Add(`[{"id": "a\u00e9\ud83d\ude00\ud800", "amount": 1e999}`)
	f.Add(`[{"id": {"a": [1, 2, {"b": null}]}, "owner": 12, "currency": "XYZ"}]`)
	f.Add("\ufeff[]")
	schema := testSchema(f)
	f.Fuzz(func(t *testing.T, src string) {
		deals, err := ReadJSON("f.json", strings.NewReader(src), schema)
		if err != nil {
			if deals != nil {
				t.Fatal("deals with an error")
			}
			checkProblems(t, err)
			return
		}
		if !json.Valid([]byte(strings.TrimPrefix(src, "\ufeff"))) {
			t.Fatalf("accepted what encoding/json refuses: %q", src)
		}
		if deals == nil {
			deals = []Deal{}
		}
		out, err := json.Marshal(deals)
		if err != nil {
			t.Fatalf("json.Marshal: %v", err)
		}
		again, err := ReadJSON("f.json", bytes.NewReader(out), schema)
		if err != nil {
			t.Fatalf("reading back %s: %v", out, err)
		}
		if diff := cmp.Diff(deals, again, dealOpts); diff != "" {
			t.Fatalf("round trip (-read +read back):\n%s", diff)
		}
	})
}
