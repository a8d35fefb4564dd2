package deal

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/calendar"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

func TestAttrsZero(t *testing.T) {
	var a Attrs
	if v, ok := a.Get("x"); ok || v != nil {
		t.Errorf("Get of the zero Attrs = %v, %v", v, ok)
	}
	if a.Len() != 0 || !a.IsZero() || a.String() != "{}" || a.Map() != nil {
		t.Errorf("zero Attrs: Len %d, IsZero %v, String %q, Map %v", a.Len(), a.IsZero(), a.String(), a.Map())
	}
	for range a.All() {
		t.Error("All of the zero Attrs yields")
	}
	if !a.Equal(AttrsOf(nil)) || !a.Equal(AttrsOf(map[string]any{"x": nil})) {
		t.Error("the zero Attrs differs from an empty one")
	}
	if b := a.With("x", nil); !b.IsZero() {
		t.Errorf("With(x, nil) = %v", b)
	}
}

func TestAttrsOfAndWith(t *testing.T) {
	tags := []string{"a", "b"}
	m := map[string]any{"segment": "smb", "tags": tags, "term": int64(12), "gone": nil}
	a := AttrsOf(m)
	m["segment"] = "ent" // a copy: changing m changes nothing
	tags[0] = "z"
	if got := a.String(); got != "{segment: smb, tags: a;b, term: 12}" {
		t.Errorf("String = %q", got)
	}
	var names []string
	for n := range a.All() {
		names = append(names, n)
	}
	if !slices.Equal(names, []string{"segment", "tags", "term"}) || a.Len() != 3 {
		t.Errorf("All: %v, Len %d", names, a.Len())
	}
	b := a.With("segment", "ent").With("discount", decimal.RequireFromString("0.1")).With("term", nil)
	if got := b.String(); got != "{discount: 0.1, segment: ent, tags: a;b}" {
		t.Errorf("after With: %q", got)
	}
	if got := a.String(); got != "{segment: smb, tags: a;b, term: 12}" {
		t.Errorf("With changed the original: %q", got)
	}
	l, _ := a.Get("tags")
	l.([]string)[0] = "changed" // a copy
	if l2, _ := a.Get("tags"); l2.([]string)[0] != "a" {
		t.Errorf("a list got from Get changes the deal's: %v", l2)
	}
	if !b.Equal(AttrsOf(map[string]any{"discount": decimal.RequireFromString("0.10"), "segment": "ent", "tags": []string{"a", "b"}})) {
		t.Error("Equal: decimals compare by value")
	}
	if b.Equal(a) || a.Equal(a.With("term", int64(13))) {
		t.Error("Equal of different attributes")
	}
}

// A deal's copy shares nothing that either can change: With on one leaves
// the other as it was, read from a file or built in Go.
func TestAttrsCopiesIndependent(t *testing.T) {
	deals, err := ReadCSV("d.csv", strings.NewReader("id,date,amount,currency,owner,segment,tags\nD1,2026-01-02,1,USD,ana,smb,a;b\nD2,2026-01-02,1,USD,ana,mid,c\n"), testSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	c := deals[0]
	c.Attrs = c.Attrs.With("segment", "ent").With("tags", []string{"x"})
	if got := deals[0].Attrs.String(); got != "{segment: smb, tags: a;b}" {
		t.Errorf("the original after With on its copy: %q", got)
	}
	if got := deals[1].Attrs.String(); got != "{segment: mid, tags: c}" {
		t.Errorf("the next deal of the block: %q", got)
	}
	if got := c.Attrs.String(); got != "{segment: ent, tags: x}" {
		t.Errorf("the copy: %q", got)
	}
}

func TestAttrsSlot(t *testing.T) {
	s := testSchema(t)
	deals, err := ReadCSV("d.csv", strings.NewReader("id,date,amount,currency,owner,tags,segment\nD1,2026-01-02,1,USD,ana,a,smb\n"), s)
	if err != nil {
		t.Fatal(err)
	}
	built := AttrsOf(map[string]any{"segment": "smb", "tags": []string{"a"}})
	other, _ := NewSchema(s.Attrs()...) // the same declarations, another schema
	for _, a := range s.Attrs() {
		_, i, _ := s.Lookup(a.Name)
		want, wok := built.Get(a.Name)
		for name, at := range map[string]Attrs{"read": deals[0].Attrs, "built": built} {
			for sn, sc := range map[string]*Schema{"same": s, "other": other} {
				got, ok := at.Slot(sc, i)
				if ok != wok || !sameValue(got, want) {
					t.Errorf("%s Slot(%s schema, %d) (%s) = %v, %v; want %v, %v", name, sn, i, a.Name, got, ok, want, wok)
				}
			}
		}
	}
	if v, ok := deals[0].Attrs.Slot(s, 99); ok || v != nil {
		t.Errorf("Slot out of range = %v, %v", v, ok)
	}
	if v, ok := deals[0].Attrs.Slot(nil, 0); ok || v != nil {
		t.Errorf("Slot of a nil schema = %v, %v", v, ok)
	}
}

// The JSON and YAML of Attrs are those of a map[string]any.
func TestAttrsJSONAndYAML(t *testing.T) {
	m := map[string]any{"segment": "smb <&>", "tags": []string{"a"}, "term": int64(12), "new": true,
		"discount": decimal.RequireFromString("0.150"), "signed": calendar.MustParseDate("2026-01-31")}
	a := AttrsOf(m)
	want, _ := json.Marshal(m)
	got, err := json.Marshal(a)
	if err != nil || string(got) != string(want) {
		t.Errorf("JSON = %s, %v; want %s", got, err, want)
	}
	d, _ := json.Marshal(Deal{ID: "D1"})
	if strings.Contains(string(d), "attrs") {
		t.Errorf("an empty Attrs is in the JSON: %s", d)
	}
	var back Deal
	if err := json.Unmarshal([]byte(`{"attrs": {"segment": "smb", "tags": ["a"], "n": 1.5}}`), &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(AttrsOf(map[string]any{"segment": "smb", "tags": []any{"a"}, "n": 1.5}), back.Attrs); diff != "" {
		t.Errorf("UnmarshalJSON (-want +got):\n%s", diff)
	}
	wy, _ := yaml.Marshal(map[string]any{"attrs": m})
	gy, err := yaml.Marshal(Deal{ID: "D1", Attrs: a})
	if err != nil || !strings.Contains(string(gy), string(wy)) {
		t.Errorf("YAML = %s, %v; want it to hold %s", gy, err, wy)
	}
	var y Deal
	if err := yaml.Unmarshal([]byte("attrs: {segment: smb, term: 12}"), &y); err != nil {
		t.Fatal(err)
	}
	if !y.Attrs.Equal(AttrsOf(map[string]any{"segment": "smb", "term": 12})) {
		t.Errorf("UnmarshalYAML = %v", y.Attrs)
	}
}

// Deals handed to other goroutines while ScanCSV goes on reading the rest
// of their block read their attributes safely (go test -race).
func TestAttrsConcurrentScan(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,date,amount,currency,owner,segment,term_months,tags\n")
	for i := range 3 * blockDeals {
		b.WriteString("D" + decimal.NewFromInt(int64(i)).String() + ",2026-01-02,1,USD,ana,s" + decimal.NewFromInt(int64(i%7)).String() + ",12,a;b\n")
	}
	schema := testSchema(t)
	_, seg, _ := schema.Lookup("segment")
	var wg sync.WaitGroup
	ch := make(chan Deal)
	for range 2 {
		wg.Go(func() {
			for d := range ch {
				c := d
				c.Attrs = c.Attrs.With("segment", "changed")
				v, _ := d.Attrs.Slot(schema, seg)
				l, _ := d.Attrs.Get("tags")
				l.([]string)[0] = "x"
				if !strings.HasPrefix(v.(string), "s") || d.Attrs.Len() != 3 || d.Attrs.String() == c.Attrs.String() {
					t.Errorf("deal %s: %v", d.ID, d.Attrs)
				}
			}
		})
	}
	for d, err := range ScanCSV("d.csv", strings.NewReader(b.String()), schema) {
		if err != nil {
			t.Fatal(err)
		}
		ch <- d
	}
	close(ch)
	wg.Wait()
}

// Reading a file of attributes allocates nothing per deal for them:
// a file with two attribute columns costs the allocations of one without.
func TestAttrsNoAllocationPerDeal(t *testing.T) {
	schema := testSchema(t)
	file := func(header, values string) string {
		var b strings.Builder
		b.WriteString("id,date,amount,currency,owner" + header + "\n")
		for i := range 4 * blockDeals {
			b.WriteString("D" + decimal.NewFromInt(int64(i)).String() + ",2026-01-02,1,USD,ana" + values + "\n")
		}
		return b.String()
	}
	allocs := func(src string) float64 {
		return testing.AllocsPerRun(3, func() {
			for _, err := range ScanCSV("d.csv", strings.NewReader(src), schema) {
				if err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	without, with := allocs(file("", "")), allocs(file(",term_months,new_logo", ",24,true"))
	if per := (with - without) / (4 * blockDeals); per > 0.05 {
		t.Errorf("%.2f allocations a deal for its attributes (%v without, %v with)", per, without, with)
	}
}

// TestReadCSVSharedValues: ReadCSV keeps the values that deals share by
// id, each boxed once, and the others (past the room of an attribute's
// table of shared values, or too long to share) in full; another
// goroutine reads a deal's values while later deals are read (go test
// -race).
func TestReadCSVSharedValues(t *testing.T) {
	s, err := NewSchema(Attr{Name: "term_months", Type: Integer}, Attr{Name: "segment", Type: String}, Attr{Name: "tags", Type: StringList}, Attr{Name: "note", Type: String})
	if err != nil {
		t.Fatal(err)
	}
	const n = 3000
	long := strings.Repeat("n", 100)
	want := func(i int) string {
		w := fmt.Sprintf("segment: s%d, tags: a;b%d, term_months: %d}", i%3, i%5, i)
		if i%7 == 0 {
			w = "note: " + long + strconv.Itoa(i) + ", " + w
		}
		return "{" + w
	}
	var b strings.Builder
	b.WriteString("id,date,amount,currency,owner,term_months,segment,tags,note\n")
	for i := range n {
		note := ""
		if i%7 == 0 {
			note = long + strconv.Itoa(i)
		}
		fmt.Fprintf(&b, "D%d,2026-02-01,1,USD,ana,%d,s%d,a;b%d,%s\n", i, i, i%3, i%5, note)
	}
	if bad := scanElsewhere(t, b.String(), s, func(i int, d Deal) (string, string) { return d.Attrs.String(), want(i) }); len(bad) > 0 {
		t.Errorf("%d wrong values, the first %s", len(bad), bad[0])
	}
	deals, err := ReadCSV("deals.csv", strings.NewReader(b.String()), s)
	if err != nil {
		t.Fatal(err)
	}
	tags, _ := deals[1].Attrs.Get("tags")
	tags.([]string)[0] = "changed" // a copy
	if got := deals[6].Attrs.String(); got != want(6) {
		t.Errorf("got %s, want %s", got, want(6))
	}
	if with := deals[2].Attrs.With("segment", "x"); with.String() != "{segment: x, tags: a;b2, term_months: 2}" || deals[2].Attrs.String() != want(2) {
		t.Errorf("With: %s, and the deal's %s", with, deals[2].Attrs)
	}
}
