// Package deal defines the sales transaction that every part of salesplan
// reads: [Deal], its credit [Split]s, and the [Schema] of custom attributes
// a strategy declares for its deals; and it reads and writes deals files.
//
// It sits just above calendar so that the sales process, targets and the
// commission engine share one deal type without importing each other.
//
//	d := deal.Deal{
//		ID:       "D-1001",
//		Date:     calendar.MustParseDate("2026-03-14"),
//		Amount:   decimal.RequireFromString("25000"),
//		Currency: "USD",
//		Owner:    "ana",
//		Attrs:    deal.AttrsOf(map[string]any{"segment": "enterprise"}),
//	}
//
// # Deals files
//
// [ReadCSV] and [ReadJSON] read a whole file, [ScanCSV] and [ScanJSON]
// the same one deal at a time (an iter.Seq2 that holds nothing but the
// row being read), and [WriteCSV] writes what ReadCSV reads back. The
// readers are strict, for files that come from other systems: amounts go
// through [money.ParseDecimal] (exact, plain notation, bounded), currencies
// through [money.CheckCurrency], ids and names must be valid UTF-8 without
// control characters, and a JSON file must be one array of objects, with
// no key given twice and nothing after it. Every problem names the file,
// the line and column of the field, and why, in a [diag.List].
//
// Each deal read keeps its [Source], so that a problem found later (an
// owner who is not a member) names the place to fix:
//
//	deals.csv:14:9: deal NW-1042: owner "anaa" is not a member
//
// A Schema is immutable once made and safe for concurrent use. A Deal is a
// plain value; the packages that read deals never modify them. Its
// [Attrs] are immutable too: a copy of a deal shares nothing that either
// copy can change, and [Attrs.With] makes a changed copy. The readers
// keep no state between calls and are safe to use from many goroutines,
// each with its own input.
package deal
