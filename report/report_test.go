package report

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

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
		Deferred: dec("75"), DrawOwed: dec("850"), Amount: dec("1000"),
		// earned 400 − 250 = 150 against a draw of 1,000: 850 advanced,
		// net 150 − 1,000 − 0 = −850
		Draw: &payout.DrawPosition{Plan: "ae", Recoverable: true, Amount: dec("1000"), Earned: dec("150"), Advanced: dec("850"),
			OwedAfter: dec("850"), Net: dec("-850")}}}}
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
		`<caption>Your recoverable draw of 1,000.00 (ae)</caption>`,
		`<tr data-draw="advanced"><th scope="row">Advanced<span class="kind">paid now because earnings fell short; recovered later</span></th><td class="num"><span class="num" data-value="850.00">850.00</span>`,
		`<tr data-draw="net"><th scope="row">Net position<span class="kind">earned − draw − owed before</span></th><td class="num"><span class="num neg" data-value="-850.00">−850.00</span>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no %s", want)
		}
	}
	if i, j := strings.Index(page, `data-kind="earned"`), strings.Index(page, `data-kind="clawback"`); i < 0 || j < i {
		t.Error("the groups are not in the payout's order")
	}
}

// TestMarkLabelsApart is the regression test of mark labels drawn over
// each other: marks given out of order of attainment (a gate after the
// bands of the component before it), two of them 3% apart, used to put
// two labels on one row at nearly the same place.
func TestMarkLabelsApart(t *testing.T) {
	c := Curve{
		Points: []Point{{dec("0"), dec("0")}, {dec("2"), dec("40000")}},
		Marks: []Mark{{dec("1"), "100% from 100%"}, {dec("1.5"), "200% from 150%"}, {dec("2"), "250% from 200%"},
			{dec("0.5"), "new-arr paid from 50%"}, {dec("0.15625"), "500.00 from 15.63%"}, {dec("0.46875"), "1,000.00 from 46.88%"}},
	}
	svg, err := curveSVG(c, "c", true)
	if err != nil {
		t.Fatal(err)
	}
	group := svg[strings.Index(svg, `<g class="marks"`):]
	group = group[:strings.Index(group, "</g>")]
	re := regexp.MustCompile(`<text x="(-?\d+(?:\.\d+)?)" y="(\d+)" text-anchor="(\w+)">([^<]*)</text>`)
	type span struct {
		from, to int64
		label    string
	}
	rows := map[string][]span{}
	labels := 0
	for _, m := range re.FindAllStringSubmatch(group, -1) {
		x := decimal.RequireFromString(m[1]).IntPart()
		from, to := labelSpan(x, m[3], html.UnescapeString(m[4]))
		for _, o := range rows[m[2]] {
			if from < o.to+markGap && o.from < to+markGap {
				t.Errorf("%q and %q overlap on the row at y=%s", o.label, m[4], m[2])
			}
		}
		rows[m[2]] = append(rows[m[2]], span{from, to, m[4]})
		labels++
	}
	if labels != len(c.Marks) {
		t.Errorf("%d labels drawn of %d marks:\n%s", labels, len(c.Marks), group)
	}
	for y := range rows {
		if n, _ := strconv.Atoi(y); n < 10 || n >= plotT {
			t.Errorf("a label row at y=%s, outside the room above the plot", y)
		}
	}
}

// TestCurveOffAxis: what the attainment axis cannot mark is said in
// words: under the legend of a drawing of its own (the drawing grows to
// hold it, each line within its width), beside the drawing on a page,
// and in the text alternative of both.
func TestCurveOffAxis(t *testing.T) {
	x := northwind(t)
	c := *exampleCurve(t)
	long := "component spif is paid on each deal's Bookings, not on attainment of Bookings, so the drawing does not mark it: 250.00 up to and including 25,000.00; 500.00 above 25,000.00"
	c.OffAxis = []string{long, "component pool is a pool of 5,000.00 that team emea earns as a whole"}
	svg, err := curveSVG(c, "c", true)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(svg, ` viewBox="0 0 720 515"`) { // 440 + 8 + 2 lines of 17 + 8 + 1 line + 8
		t.Errorf("the drawing does not grow for its notes:\n%.200s", svg)
	}
	g := regexp.MustCompile(`(?s)<g class="off-axis"[^>]*>(.*?)</g>`).FindStringSubmatch(svg)
	if g == nil {
		t.Fatal("no notes under the drawing")
	}
	var lines []string
	for _, m := range regexp.MustCompile(`<text x="16" y="\d+">([^<]*)</text>`).FindAllStringSubmatch(g[1], -1) {
		line := html.UnescapeString(m[1])
		if n := utf8.RuneCountInString(line); 16+n*markCharW > svgW {
			t.Errorf("a line of %d characters runs out of the drawing: %q", n, line)
		}
		lines = append(lines, line)
	}
	if got, want := strings.Join(lines, " "), upper(long)+". Component pool is a pool of 5,000.00 that team emea earns as a whole."; got != want {
		t.Errorf("the notes read\n%q\nwant\n%q", got, want)
	}
	if !strings.Contains(html.UnescapeString(svg), "Where it changes:") || !strings.Contains(html.UnescapeString(descOf(svg)), upper(long)+".") {
		t.Error("the text alternative does not say the notes")
	}

	var b bytes.Buffer
	if err := WriteStatement(&b, x.res, "ana", StatementOptions{Names: x.names, Curve: &c}); err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(b.String())
	if strings.Contains(page, `class="off-axis" font-size`) {
		t.Error("the page's drawing repeats the notes the page shows")
	}
	if !strings.Contains(page, `<ul class="notes off-axis" aria-label="Not on the drawing"><li>`+upper(long)+".</li>") {
		t.Error("the page does not show the notes beside the drawing")
	}
}

func descOf(svg string) string {
	m := regexp.MustCompile(`<desc[^>]*>([^<]*)</desc>`).FindStringSubmatch(svg)
	if m == nil {
		return ""
	}
	return m[1]
}
