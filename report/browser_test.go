package report

// The pages checked the way a person sees them: in headless Chromium
// (Debian's chromium package), driven through chromedp. The tests skip
// when no browser is installed, except in CI (CI=true), where they fail.
// Screenshots of each page at desktop and phone width are saved under
// $TMPDIR/salesplan-report-screenshots (or $SALESPLAN_SCREENSHOTS) for a
// person to look at.

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/salesplan/salesplan/commission"
	"github.com/shopspring/decimal"
)

// chromium returns the browser to run, or skips the test (fails it in
// CI). SALESPLAN_CHROMIUM names another binary.
func chromium(t *testing.T) string {
	t.Helper()
	names := []string{os.Getenv("SALESPLAN_CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}
	for _, n := range names {
		if n == "" {
			continue
		}
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no chromium binary found: CI must run the browser tests (apt-get install chromium)")
	}
	t.Skip("no chromium binary found (apt-get install chromium, or set SALESPLAN_CHROMIUM): browser tests skipped")
	return ""
}

// browser is one headless Chromium for a test, with what its pages logged.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	problems []string // console errors, exceptions, error log entries
	dialogs  []string
}

func newBrowser(t *testing.T) *browser {
	bin := chromium(t)
	dir := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox, // the tests run as root in CI
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 900),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	b := &browser{}
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				b.problems = append(b.problems, fmt.Sprintf("console.%s", ev.Type))
			}
		case *runtime.EventExceptionThrown:
			b.problems = append(b.problems, "exception: "+ev.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				b.problems = append(b.problems, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		case *page.EventJavascriptDialogOpening:
			b.dialogs = append(b.dialogs, string(ev.Type)+": "+ev.Message)
			go chromedp.Call(b.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}))
	ctx, tcancel := context.WithTimeout(ctx, 2*time.Minute)
	b.ctx = ctx
	t.Cleanup(func() { tcancel(); cancel(); acancel() })
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, log.Enable, cdp.Empty{})
		return err
	})); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	return b
}

// open loads a page written to a file, at the given viewport width.
func (b *browser) open(t *testing.T, path string, width int64) {
	t.Helper()
	b.mu.Lock()
	b.problems, b.dialogs = nil, nil
	b.mu.Unlock()
	if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate("file://"+path)); err != nil {
		t.Fatalf("opening %s: %v", path, err)
	}
}

func (b *browser) eval(t *testing.T, js string) string {
	t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return s
}

// check reports the console errors and dialogs of the page open.
func (b *browser) check(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		t.Errorf("the page logged an error: %s", p)
	}
	for _, d := range b.dialogs {
		t.Errorf("the page opened a dialog: %s", d)
	}
}

// screenshot saves the whole page, and what the window shows first
// (name-top.png), as PNGs under the artifacts folder.
func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	top, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	b.save(t, strings.TrimSuffix(name, ".png")+"-top.png", top)
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	b.save(t, name, png)
}

func (b *browser) save(t *testing.T, name string, png []byte) {
	t.Helper()
	dir := artifacts()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// artifacts is the folder of the screenshots: $SALESPLAN_SCREENSHOTS, or
// salesplan-report-screenshots in the temporary folder.
func artifacts() string {
	if d := os.Getenv("SALESPLAN_SCREENSHOTS"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "salesplan-report-screenshots")
}

func writePage(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBrowser(t *testing.T) {
	chromium(t) // skip (or fail in CI) before any work
	x := northwind(t)
	pages := pagesOf(t) // before the browser's clock starts
	b := newBrowser(t)
	dir := t.TempDir()
	st, _ := x.res.Statement("ana")

	t.Run("statement", func(t *testing.T) {
		path := writePage(t, dir, "ana.html", pages["northwind-ana.golden.html"])
		b.open(t, path, 1280)
		b.check(t)
		// the headline, in the DOM, is the result's
		if got, want := b.eval(t, `document.querySelector('[data-figure=earned] [data-value]').dataset.value`), st.Total.StringFixed(2); got != want {
			t.Errorf("earned: the page shows %s, the result has %s", got, want)
		}
		if got, want := b.eval(t, `document.querySelector('[data-figure=earned] .amount').textContent`), "48,660.40USD"; got != want {
			t.Errorf("earned reads %q, want %q", got, want)
		}
		if got, want := b.eval(t, `document.querySelector('[data-figure=total] [data-value]').dataset.value`), st.Total.StringFixed(2); got != want {
			t.Errorf("total: %s, want %s", got, want)
		}
		for _, p := range x.po.Payables {
			if p.Payee == "ana" {
				if got, want := b.eval(t, `document.querySelector('[data-figure=paid] [data-value]').dataset.value`), p.Amount.StringFixed(2); got != want {
					t.Errorf("paid now: %s, want %s", got, want)
				}
			}
		}
		if got, want := b.eval(t, `String(document.querySelectorAll('table.lines tbody tr.line').length)`), strconv.Itoa(len(st.Lines)); got != want {
			t.Errorf("%s line rows, want one per line: %s", got, want)
		}
		// every row's amount, in order, is the line's
		amounts := strings.Split(b.eval(t, `Array.from(document.querySelectorAll('table.lines tr.line td.num > [data-value]')).map(e => e.dataset.value).join(' ')`), " ")
		for i, l := range st.Lines {
			if i >= len(amounts) || amounts[i] != l.Amount.StringFixed(2) {
				t.Fatalf("row %d: %v, want %s", i, amounts[i:], l.Amount.StringFixed(2))
			}
		}
		if got := b.eval(t, `String(document.querySelectorAll('script').length)`); got != "0" {
			t.Errorf("%s scripts on the page", got)
		}
		checkPayeePoint(t, b, st)
		b.screenshot(t, "statement-desktop.png")
		checkNoHorizontalScroll(t, b, 1280)

		b.open(t, path, 375)
		b.check(t)
		checkNoHorizontalScroll(t, b, 375)
		checkPayeePoint(t, b, st)
		b.screenshot(t, "statement-phone.png")

		// printed on A4: it prints, every line with it
		pdf, err := chromedp.Run(b.ctx, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
			r, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69})
			return r.Data, err
		})
		if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Errorf("printing to A4: %v", err)
		}
		os.WriteFile(filepath.Join(artifacts(), "statement-a4.pdf"), pdf, 0o644)
	})

	t.Run("curve", func(t *testing.T) {
		path := writePage(t, dir, "curve.svg", pages["northwind-ana-curve.golden.svg"])
		b.open(t, path, 800)
		b.check(t)
		checkPayeePoint(t, b, st)
		b.screenshot(t, "curve.png")
	})

	t.Run("index", func(t *testing.T) {
		path := writePage(t, dir, "index.html", pages["northwind-index.golden.html"])
		b.open(t, path, 375)
		b.check(t)
		checkNoHorizontalScroll(t, b, 375)
		if got, want := b.eval(t, `String(new Set(Array.from(document.querySelectorAll('tr.member a[href]:not(.team-page)')).map(a => a.getAttribute('href'))).size)`), strconv.Itoa(len(x.res.Statements)); got != want {
			t.Errorf("%s links to statements, want %s", got, want)
		}
		b.screenshot(t, "index-phone.png")
		path = writePage(t, dir, "team.html", pages["northwind-team-amer.golden.html"])
		b.open(t, path, 1280)
		b.check(t)
		b.screenshot(t, "team-desktop.png")
	})

	t.Run("team page across a manager change", func(t *testing.T) {
		page, index := managerChangePages(t)
		sub := t.TempDir()
		writePage(t, sub, "team-amer.html", []byte(page))
		path := writePage(t, sub, "index.html", []byte(index))
		b.open(t, path, 375)
		b.check(t)
		checkNoHorizontalScroll(t, b, 375)
		// omar's entry in sales, where he ends the quarter, leads to the
		// page of the team he managed until 14 February
		b.eval(t, `document.querySelector('section[data-team=sales] tr[data-payee=omar] a.team-page').click(); 'clicked'`)
		time.Sleep(200 * time.Millisecond)
		if got := b.eval(t, `location.pathname.split('/').pop()`); got != "team-amer.html" {
			t.Fatalf("omar's team link leads to %s", got)
		}
		b.check(t)
		if got, want := b.eval(t, `document.querySelector('header.page .meta').innerText`), "Managed by omar (2027-01-01 to 2027-02-14), then bob (2027-02-15 to 2027-03-31)"; got != want {
			t.Errorf("the page says %q, want %q", got, want)
		}
		if got, want := b.eval(t, `Array.from(document.querySelectorAll('tr.member th')).map(e => e.innerText.replace(/\s+/g, ' ')).join(' | ')`),
			"omar manager 2027-01-01 to 2027-02-14 | bob manager 2027-02-15 to 2027-03-31 | ana | wes in the team 2027-01-01 to 2027-02-28"; got != want {
			t.Errorf("the members read\n%q\nwant\n%q", got, want)
		}
		checkNoHorizontalScroll(t, b, 375)
		b.screenshot(t, "team-manager-change-phone.png")
		b.open(t, filepath.Join(sub, "team-amer.html"), 1280)
		b.screenshot(t, "team-manager-change-desktop.png")
	})

	t.Run("script in a name", func(t *testing.T) {
		evil := `<script>alert(1)</script>`
		names := x.names
		names.People = map[string]string{"ana": evil}
		names.Strategy = `<img src=x onerror="alert(2)">`
		c := *exampleCurve(t)
		c.PayeeName = evil
		res := *x.res
		res.Statements = append([]commission.Statement(nil), res.Statements...)
		for i := range res.Statements {
			if res.Statements[i].Payee == "ana" {
				s := res.Statements[i]
				s.Lines = append([]commission.Line(nil), s.Lines...)
				s.Lines[0].Deal = `<svg onload=alert(3)>`
				s.Lines[0].SetExplanation(`<script>alert(4)</script>`)
				res.Statements[i] = s
			}
		}
		var buf bytes.Buffer
		if err := WriteStatement(&buf, &res, "ana", StatementOptions{Names: names, Curve: &c, Back: &Link{Text: evil, URL: "javascript:alert(5)"}}); err != nil {
			t.Fatal(err)
		}
		path := writePage(t, dir, "evil.html", buf.Bytes())
		b.open(t, path, 1280)
		if got := b.eval(t, `document.getElementById('payee').textContent`); got != evil {
			t.Errorf("the name reads %q, want it as text: %q", got, evil)
		}
		if got := b.eval(t, `document.querySelector('table.lines tr.line th').firstChild.textContent`); got != `<svg onload=alert(3)>` {
			t.Errorf("the deal id reads %q", got)
		}
		if got := b.eval(t, `String(document.querySelectorAll('script, img, svg[onload]').length)`); got != "0" {
			t.Errorf("%s script, img or svg onload elements made from the data", got)
		}
		b.eval(t, `document.querySelector('.back a').click(); 'clicked'`)
		time.Sleep(100 * time.Millisecond)
		b.check(t) // no dialog opened, no error
	})
}

// checkNoHorizontalScroll: the page is no wider than the window.
func checkNoHorizontalScroll(t *testing.T, b *browser, width int) {
	t.Helper()
	sw, _ := strconv.Atoi(b.eval(t, `String(document.documentElement.scrollWidth)`))
	if sw > width {
		t.Errorf("at %d px wide the page is %d px wide: it scrolls sideways", width, sw)
	}
}

// checkPayeePoint: the payee's dot stands where the axes put the payee's
// attainment and total, as the browser draws it.
func checkPayeePoint(t *testing.T, b *browser, st commission.Statement) {
	t.Helper()
	js := `(() => {
		const c = r => { const b = r.getBoundingClientRect(); return [b.left + b.width/2, b.top + b.height/2]; };
		const svg = document.querySelector('svg.curve');
		const dot = svg.querySelector('g.payee circle.dot');
		const xs = Array.from(svg.querySelectorAll('g.axis.x text')).map(e => [Number(e.dataset.attainment), c(e)[0]]);
		const ys = Array.from(svg.querySelectorAll('g.axis.y line')).map((e, i) => [Number(svg.querySelectorAll('g.axis.y text')[i].dataset.payout), c(e)[1]]);
		return JSON.stringify({dot: c(dot), att: dot.dataset.attainment, pay: dot.dataset.payout, xs, ys});
	})()`
	var got struct {
		Dot      [2]float64
		Att, Pay string
		Xs, Ys   [][2]float64
	}
	if err := jsonUnmarshal(b.eval(t, js), &got); err != nil {
		t.Fatal(err)
	}
	m := st.Measures[0]
	if !decimal.RequireFromString(got.Att).Equal(m.Attainment) || !decimal.RequireFromString(got.Pay).Equal(st.Total) {
		t.Errorf("the dot is for %s, %s; the statement has %s, %s", got.Att, got.Pay, m.Attainment, st.Total)
	}
	if len(got.Xs) < 2 || len(got.Ys) < 2 {
		t.Fatalf("axes without ticks: %+v", got)
	}
	lerp := func(ticks [][2]float64, v float64) float64 {
		a, z := ticks[0], ticks[len(ticks)-1]
		return a[1] + (v-a[0])*(z[1]-a[1])/(z[0]-a[0])
	}
	att, _ := m.Attainment.Float64() // pixels, not money
	pay, _ := st.Total.Float64()
	wx, wy := lerp(got.Xs, att), lerp(got.Ys, pay)
	if math.Abs(wx-got.Dot[0]) > 1.5 || math.Abs(wy-got.Dot[1]) > 1.5 {
		t.Errorf("the dot is drawn at (%.1f, %.1f); the axes put %s, %s at (%.1f, %.1f)", got.Dot[0], got.Dot[1], m.Attainment.StringFixed(4), st.Total, wx, wy)
	}
}
