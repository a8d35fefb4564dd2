// Package examples holds complete sample strategies, one folder each,
// embedded in [FS], and the tests that keep them working: each example is
// parsed, described and compared with a golden file in testdata, and its
// plan tests (package plantest) run. Run
//
//	go test ./examples -update
//
// to rewrite the golden files after a deliberate change, and review the
// diff.
//
// The examples are how users learn the document format, and a known plan
// a user's own test can start from in one line:
//
//	ex, err := examples.Northwind() // the strategy, its period and deals
//	res, err := ex.Strategy.Run(ex.Period, ex.Deals)
//
// Each folder holds strategy.yaml, a period of deals (and its scores,
// when the plans read them), its plan tests
// (strategy_test.yaml and a tests folder) and a README.md that says what
// it models and what to look at:
//
//   - northwind: a B2B software company with field, inside, partner and
//     online channels, two regions and a partner team, a fiscal year that
//     starts in February, a promotion and a mid-year hire.
//   - brightline: a mid-market SaaS company's comp plan: OTE and pay mix
//     per role, components weighted on the target incentive and paid off
//     payout curves, a cap group, MBO scores from a CSV, a prorated SDR
//     ladder, an upper-inclusive new-logo SPIF, a new hire on a ramp and
//     managers paid on roll-up credit. Its plans read scores, so a run
//     takes them: ex.Strategy.Run(ex.Period, ex.Deals, ex.RunOptions()...).
//
// [FS] and the parsed samples are safe for concurrent use; each call of
// [Load] parses anew, so callers never share deals.
package examples
