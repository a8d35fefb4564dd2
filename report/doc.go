// Package report renders what people look at from one computed result:
// the rep's statement page (HTML), a manager's team page and an index of
// a period's statements, and the payout curve of a plan (SVG). A page
// never computes a number of its own: it shows the [commission.Result]
// (and the [payout.Result] of the same run, when there is one) and words
// each line from the numbers the line holds.
//
//	res, _ := s.Run("FY2027-Q1", deals)
//	names := report.NamesOf(s) // people's names; add plans' and measures'
//	err := report.WriteStatement(w, res, "ana", report.StatementOptions{Names: names})
//
// [WriteStatement] writes one self-contained HTML document: no scripts,
// no external fonts, styles or images, so it can be mailed, archived with
// payroll or served from a system's own web page. It shows the headline
// first (earned this period; with a payout, what is paid now, held and
// carried; what caps withheld), attainment against quota as bars with the
// quota marked, the payout curve when one is given, every line grouped by
// component with subtotals and its explanation in plain words ("the part
// of this deal between 230,403.90 and 240,000.00 earns 8%; the rest earns
// 12%", the engine's calculation one tap away), caps and gates as rows of
// their own, and the payout by reason (releases, holds, draws,
// clawbacks). Numbers are right-aligned in tabular figures with thousands
// separators and a minus sign; the page reads on a phone and prints on A4
// or Letter. Every value from the document and the deals is escaped by
// html/template: a deal id or a name with <script> in it shows as text.
//
// [WriteTeam] and [WriteIndex] list payees with their attainment and
// earnings, linking to their statements ([FileName] names the files).
// [TeamsIn] gives the teams over a period: a team whose manager changed
// in it is one team with both managers and their days, so that each
// finds its page.
//
// [Curve] is plain data: points (attainment, payout) however they were
// computed (package whatif's Simulate runs the strategy at each
// attainment), the plan's band edges, limits, gates and caps, what the
// attainment axis cannot mark said in words (a table keyed on each
// deal's amount, a team pool: [Curve.OffAxis]), and the payee's point. [WriteCurve] draws it as a clean SVG (a viewBox, text as text, a
// title and a description for screen readers, no external references);
// the statement page inlines the same drawing.
//
// The pages are checked in a real browser: the tests render them in
// headless Chromium through chromedp and look at the DOM (no console
// error, the headline and every row equal the result's, the payee's dot
// where the axes put it, a <script> name shown as text, no sideways
// scroll at 375 px). They need Debian's chromium package (apt-get install
// chromium; or set SALESPLAN_CHROMIUM to a Chrome binary) and skip
// without it, except in CI (CI=true), where they fail. Screenshots at
// desktop and phone width are saved under $TMPDIR/salesplan-report-
// screenshots (or $SALESPLAN_SCREENSHOTS):
//
//	go test ./report -run Browser -v
//
// Golden files of the bundled Northwind example are in testdata; after a
// change to a page, go test ./report -update rewrites them, and the diff
// is the review.
//
// Every function here is safe for concurrent use; the inputs are only
// read. Nothing is written to w when a function returns an error.
package report
