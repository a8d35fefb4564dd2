// Package deal defines the sales transaction that every part of salesplan
// reads: [Deal], its credit [Split]s, and the [Schema] of custom attributes
// a strategy declares for its deals.
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
//		Attrs:    deal.Attrs{"segment": "enterprise"},
//	}
//
// A Schema is immutable once made and safe for concurrent use. A Deal is a
// plain value; the packages that read deals never modify them.
package deal
