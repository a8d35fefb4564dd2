package report

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/salesplan/salesplan/calendar"
	"github.com/salesplan/salesplan/commission"
	"github.com/salesplan/salesplan/payout"
	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// pagesOf renders the example's pages: ana's statement with her curve and
// payout, her curve alone, the index and the Americas team page.
func pagesOf(t *testing.T) map[string][]byte {
	pagesMu.Lock()
	defer pagesMu.Unlock()
	if pagesMemo == nil {
		pagesMemo = renderPages(t)
	}
	return pagesMemo
}

var (
	pagesMu   sync.Mutex
	pagesMemo map[string][]byte
)

// exampleCurve is ana's curve, computed once for the tests.
func exampleCurve(t *testing.T) *Curve {
	curveOnce.Do(func() { curveMemo = anaCurve(t, northwind(t)) })
	if curveMemo == nil {
		t.Fatal("no curve")
	}
	return curveMemo
}

var (
	curveOnce sync.Once
	curveMemo *Curve
)

func renderPages(t *testing.T) map[string][]byte {
	x := northwind(t)
	c := exampleCurve(t)
	out := map[string][]byte{}
	var b bytes.Buffer
	if err := WriteStatement(&b, x.res, "ana", StatementOptions{Names: x.names, Payout: x.po, Curve: c, Back: &Link{Text: "All statements", URL: "index.html"}}); err != nil {
		t.Fatal(err)
	}
	out["northwind-ana.golden.html"] = bytes.Clone(b.Bytes())
	b.Reset()
	if err := WriteCurve(&b, *c); err != nil {
		t.Fatal(err)
	}
	out["northwind-ana-curve.golden.svg"] = bytes.Clone(b.Bytes())
	day := calendar.MustParseDate("2026-04-30")
	b.Reset()
	if err := WriteIndex(&b, x.res, TeamsOf(x.s, day, false), IndexOptions{Names: x.names, TeamLink: func(id string) string { return "team-" + id + ".html" }}); err != nil {
		t.Fatal(err)
	}
	out["northwind-index.golden.html"] = bytes.Clone(b.Bytes())
	b.Reset()
	var amer Team
	for _, tm := range TeamsOf(x.s, day, true) {
		if tm.ID == "amer" {
			amer = tm
		}
	}
	if err := WriteTeam(&b, x.res, amer, IndexOptions{Names: x.names}); err != nil {
		t.Fatal(err)
	}
	out["northwind-team-amer.golden.html"] = bytes.Clone(b.Bytes())
	return out
}

func TestGolden(t *testing.T) {
	for name, got := range pagesOf(t) {
		t.Run(name, func(t *testing.T) { golden(t, name, got) })
	}
}

// TestSelfContained: no scripts, no external styles, fonts or images.
func TestSelfContained(t *testing.T) {
	bad := regexp.MustCompile(`(?i)<script|<link rel="stylesheet"|@import|url\(|src=|https?://`)
	for name, page := range pagesOf(t) {
		s := strings.ReplaceAll(string(page), `xmlns="http://www.w3.org/2000/svg"`, "")
		if m := bad.FindString(s); m != "" {
			t.Errorf("%s has %q: a page must need nothing from outside", name, m)
		}
	}
}

// TestHeadline: the headline figures and the rows are the result's.
func TestHeadline(t *testing.T) {
	x := northwind(t)
	page := string(pagesOf(t)["northwind-ana.golden.html"])
	st, _ := x.res.Statement("ana")
	pay := x.po.Payables[0]
	for _, p := range x.po.Payables {
		if p.Payee == "ana" {
			pay = p
		}
	}
	for fig, want := range map[string]string{"earned": "48660.40", "paid": pay.Amount.StringFixed(2), "withheld": "0.00", "held": "0.00", "carried": "0.00"} {
		re := regexp.MustCompile(`data-figure="` + fig + `"><dt>[^<]*</dt><dd><span class="amount"><span class="num[^"]*" data-value="([^"]*)"`)
		m := re.FindStringSubmatch(page)
		if m == nil || m[1] != want {
			t.Errorf("figure %s: got %v, want %s", fig, m, want)
		}
	}
	if st.Total.StringFixed(2) != "48660.40" {
		t.Fatalf("the example's total moved: %s", st.Total)
	}
	if got := strings.Count(page, `<tr class="line`); got != len(st.Lines) {
		t.Errorf("%d line rows, want one per line: %d", got, len(st.Lines))
	}
}

func TestEscaping(t *testing.T) {
	evil := `<script>alert(1)</script>`
	res := &commission.Result{Period: "FY2027-Q1", Statements: []commission.Statement{{
		Payee: "x", Currency: "USD",
		Plans:     []commission.PlanSpan{{Plan: `p"><b>`, From: "2026-02-01", To: "2026-04-30", Days: 89}},
		Lines:     []commission.Line{withExpl(commission.Line{Plan: `p"><b>`, Component: "c", Deal: `<img src=x onerror=alert(2)>`, Kind: "direct", Amount: dec("1"), Currency: "USD"}, `</td><script>alert(3)</script>`)},
		Subtotals: []commission.Subtotal{{Plan: `p"><b>`, Component: "c", Amount: dec("1")}},
		Measures:  []commission.MeasureValue{{Measure: `m<i>`, Value: dec("5"), Quota: dec("10"), HasQuota: true, Attainment: dec("0.5")}},
		Total:     dec("1"),
	}}}
	names := Names{Strategy: evil, People: map[string]string{"x": evil}}
	c := &Curve{Title: evil, Measure: evil, Currency: "USD", Points: []Point{{dec("0"), dec("0")}, {dec("2"), dec("10")}},
		Marks: []Mark{{dec("1"), evil}}, Limits: []Limit{{dec("5"), evil}}, Payee: &Point{dec("0.5"), dec("1")}, PayeeName: evil}
	var b bytes.Buffer
	if err := WriteStatement(&b, res, "x", StatementOptions{Names: names, Curve: c, Back: &Link{Text: evil, URL: "javascript:alert(4)"}}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, s := range []string{"<script", "<img", "<b>", "<i>", "javascript:"} {
		if strings.Contains(page, s) {
			t.Errorf("the page has %q unescaped", s)
		}
	}
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the payee's name is not shown as text")
	}
	b.Reset()
	if err := WriteIndex(&b, res, []Team{{ID: evil, Name: evil, Manager: "x", Members: []string{"x", evil}}}, IndexOptions{Names: names}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<script") {
		t.Error("the index has a script")
	}
}

// TestNoPanic: odd and hostile inputs give an error or a page, never a
// panic.
func TestNoPanic(t *testing.T) {
	huge := dec("123456789012345678901234567890.123456789")
	st := commission.Statement{Payee: "a", Currency: "JPY",
		Lines:    []commission.Line{{Kind: "gate"}, {Kind: "cap", Amount: huge.Neg()}, {Kind: "weird", Amount: dec("-0.5"), Withheld: dec("3")}},
		Measures: []commission.MeasureValue{{Measure: "m", HasQuota: true, Attainment: dec("-3")}, {Measure: "n", HasQuota: true, Attainment: dec("1000")}},
		Total:    huge}
	res := &commission.Result{Period: "P", Statements: []commission.Statement{st, {Payee: "empty"}}}
	curves := []*Curve{nil, {}, {Points: []Point{{}}}, {Points: []Point{{}, {}}},
		{Points: []Point{{dec("-1"), huge.Neg()}, {dec("9"), huge}}, Payee: &Point{dec("50"), dec("-1")}, Marks: []Mark{{dec("-5"), ""}, {dec("3"), "x"}}},
		{Points: []Point{{dec("1"), dec("1")}, {dec("0"), dec("0")}}}}
	pos := []*payout.Result{nil, {Period: "other"}, {Period: "P", Payables: []payout.Payable{{Payee: "a", Held: []payout.Item{{Kind: "odd"}}, DrawOwed: dec("5")}}}}
	for _, payee := range []string{"a", "empty", "nobody", ""} {
		for _, c := range curves {
			for _, po := range pos {
				var b bytes.Buffer
				WriteStatement(&b, res, payee, StatementOptions{Curve: c, Payout: po})
			}
		}
	}
	for _, c := range curves {
		if c != nil {
			WriteCurve(&bytes.Buffer{}, *c)
		}
	}
	WriteIndex(&bytes.Buffer{}, res, []Team{{}, {Members: []string{"a", "", "zz"}}}, IndexOptions{})
	WriteTeam(&bytes.Buffer{}, res, Team{}, IndexOptions{})
	if err := WriteStatement(&bytes.Buffer{}, nil, "a", StatementOptions{}); !errors.Is(err, ErrNoResult) {
		t.Errorf("nil result: %v", err)
	}
	if err := WriteStatement(&bytes.Buffer{}, res, "nobody", StatementOptions{}); !errors.Is(err, ErrNoStatement) {
		t.Errorf("unknown payee: %v", err)
	}
	if err := WriteStatement(&bytes.Buffer{}, res, "a", StatementOptions{Payout: &payout.Result{Period: "Q"}}); !errors.Is(err, ErrMismatch) {
		t.Errorf("payout of another period: %v", err)
	}
	if err := WriteCurve(&bytes.Buffer{}, Curve{Points: []Point{{}}}); !errors.Is(err, ErrFewPoints) {
		t.Errorf("one point: %v", err)
	}
	if err := WriteCurve(&bytes.Buffer{}, Curve{Points: []Point{{dec("1"), dec("0")}, {dec("0"), dec("0")}}}); !errors.Is(err, ErrUnordered) {
		t.Errorf("unordered: %v", err)
	}
}

func TestFormat(t *testing.T) {
	tests := []struct{ in, cur, want string }{
		{"1234.5", "USD", "1,234.50"},
		{"-2", "USD", "−2.00"},
		{"1500", "JPY", "1,500"},
		{"0.125", "USD", "0.125"},
		{"1.5", "KWD", "1.500"},
	}
	for _, tt := range tests {
		if got := amount(dec(tt.in), tt.cur); got != tt.want {
			t.Errorf("amount(%s, %s) = %q, want %q", tt.in, tt.cur, got, tt.want)
		}
	}
}

func TestFileName(t *testing.T) {
	tests := map[string]string{"ana": "ana.html", "a.b": "a_2Eb.html", "../x": "_2E_2E_2Fx.html", "": "_.html", "a_b": "a_5Fb.html", "é": "_C3_A9.html"}
	for in, want := range tests {
		if got := FileName(in); got != want {
			t.Errorf("FileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNiceStep(t *testing.T) {
	for in, want := range map[string]string{"12000": "20000", "0.05": "0.05", "0.07": "0.1", "3": "5", "1": "1", "2.2": "2.5", "0": "1"} {
		if got := niceStep(dec(in)); !got.Equal(dec(want)) {
			t.Errorf("niceStep(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestConcurrent: pages written from many goroutines are the same bytes.
func TestConcurrent(t *testing.T) {
	x := northwind(t)
	c := exampleCurve(t)
	want := pagesOf(t)["northwind-ana.golden.html"]
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b bytes.Buffer
			err := WriteStatement(&b, x.res, "ana", StatementOptions{Names: x.names, Payout: x.po, Curve: c, Back: &Link{Text: "All statements", URL: "index.html"}})
			if err != nil || !bytes.Equal(b.Bytes(), want) {
				errs <- fmt.Sprint("a concurrent page differs: ", err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestPayoutSection: holds, draws and clawbacks are shown as the payout
// has them, each kind a labelled group.
func TestPayoutSection(t *testing.T) {
	res := &commission.Result{Period: "FY2026-M02", Statements: []commission.Statement{{Payee: "ana", Currency: "USD", Total: dec("400")}}}
	po := &payout.Result{Period: "FY2026-M02", Payables: []payout.Payable{{Payee: "ana", Currency: "USD", Earned: dec("400"),
		Items: []payout.Item{
			{Kind: payout.Earned, Period: "FY2026-M02", Plan: "ae", Component: "commission", Deal: "D4", Amount: dec("400"), Explanation: "400.00 earned in FY2026-M02"},
			{Kind: payout.Clawback, Period: "FY2026-M01", Plan: "ae", Component: "commission", Deal: "D1", Amount: dec("-250"), Explanation: "D1 cancelled on 2026-02-03: 250.00 paid, clawed back"},
			{Kind: payout.Draw, Period: "FY2026-M02", Amount: dec("850"), Explanation: "draw of 1,000.00: earned 150.00, 850.00 advanced"}},
		Held:     []payout.Item{{Kind: payout.Earned, Period: "FY2026-M02", Plan: "ae", Component: "commission", Deal: "D5", Amount: dec("120")}},
		Deferred: dec("75"), DrawOwed: dec("850"), Amount: dec("1000")}}}
	var b bytes.Buffer
	if err := WriteStatement(&b, res, "ana", StatementOptions{Payout: po}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		`data-figure="paid"><dt>Paid now</dt><dd><span class="amount"><span class="num" data-value="1000.00">1,000.00</span>`,
		`data-figure="held"><dt>Held</dt><dd><span class="amount"><span class="num" data-value="120.00">120.00</span>`,
		`data-figure="carried"><dt>Carried balance</dt><dd><span class="amount"><span class="num" data-value="75.00">75.00</span>`,
		`data-figure="draw"><dt>Draw to recover</dt>`,
		`<tr class="paygroup" data-kind="clawback"><th scope="row">Clawed back</th><td class="num">1</td><td class="num"><span class="num neg" data-value="-250.00">−250.00</span>`,
		`<tr class="paygroup" data-kind="draw"><th scope="row">Draw (advance)</th>`,
		`<caption>Held: due, not paid yet</caption>`,
		`Draw to recover from later earnings`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no %s", want)
		}
	}
	if i, j := strings.Index(page, `data-kind="earned"`), strings.Index(page, `data-kind="clawback"`); i < 0 || j < i {
		t.Error("the groups are not in the payout's order")
	}
}
