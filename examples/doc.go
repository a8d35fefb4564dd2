// Package examples holds complete sample strategies, one folder each, and
// the tests that keep them working: each example is parsed, described and
// compared with a golden file in testdata. Run
//
//	go test ./examples -update
//
// to rewrite the golden files after a deliberate change, and review the
// diff.
//
// The examples are how users learn the document format:
//
//   - northwind: a B2B software company with field, inside, partner and
//     online channels, two regions and a partner team, a fiscal year that
//     starts in February, a promotion and a mid-year hire.
package examples
