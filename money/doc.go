// Package money holds what salesplan knows about amounts beyond the
// decimal type: reading a number exactly and within bounds from an input
// file ([ParseDecimal]), the ISO 4217 currencies and their minor units
// ([CheckCurrency], [MinorUnits]), the rounding modes a plan may choose
// ([Rounding]: half-even, half-up, half-down, down, up, ceiling, floor),
// and allocation of a total into parts that add up to it exactly
// (largest remainder).
//
//	amount, err := money.ParseDecimal(field) // "1234.50"; never 1e999
//	one := decimal.NewFromInt(1)
//	parts, _ := money.Allocate(decimal.RequireFromString("100"),
//		[]decimal.Decimal{one, one, one}, 2)
//	// 33.34, 33.33, 33.33: the cent left over goes to the first part.
//
// Every reader of amounts (deals, ledgers, events, terms) goes through
// ParseDecimal, so that a hostile value (a 400-digit amount, 1e100000) is
// refused the same way everywhere, with a message that quotes it cut to a
// readable length ([Quote]).
//
// Everything here is a pure function of its arguments and safe for
// concurrent use. Nothing reads or sets shopspring/decimal's package
// globals.
package money
