// Package yamldoc decodes a YAML or JSON document into Go structs strictly,
// reporting every problem at once with its file, line and column, and keeps
// an index from each value's path (teams[2].manager) to where it stands in
// the document, so that problems found later by path can be positioned.
//
// It decodes into structs by their yaml tags (a field without one is not
// decoded), slices, maps with string keys, pointers, strings, booleans,
// integers, and any type that implements encoding.TextUnmarshaler from a
// scalar (decimals and dates among them). An unknown key is an error with a
// "did you mean" hint; so is a value of the wrong kind, a duplicate key, a
// YAML merge key or a custom tag. Floating point fields are not supported.
//
// A hostile document fails fast, with a positioned problem, within the
// [Limits]: its size, the number of values (counted on the text before
// the YAML parser builds a tree), the values repeated by aliases (an
// alias bomb is refused before anything is expanded), an alias inside
// the value it names, the nesting. A JSON document that does not parse is
// reported where encoding/json finds its error, or where it ends when it
// is cut short.
//
// Decode is a pure function of its input; an [Index] is immutable once
// returned and safe for concurrent use.
package yamldoc
