// Package money holds what salesplan knows about amounts beyond the
// decimal type: currencies and their minor units, the two rounding modes a
// plan may choose, and allocation of a total into parts that add up to it
// exactly (largest remainder).
//
//	one := decimal.NewFromInt(1)
//	parts, _ := money.Allocate(decimal.RequireFromString("100"),
//		[]decimal.Decimal{one, one, one}, 2)
//	// 33.34, 33.33, 33.33: the cent left over goes to the first part.
//
// Everything here is a pure function of its arguments and safe for
// concurrent use. Nothing reads or sets shopspring/decimal's package
// globals.
package money
