// Package diag is salesplan's one error type for documents and inputs: a
// [Problem] has a position (file:line:col), a path to the offending field,
// a stable [Code], a message and a hint; a [List] holds every problem found
// at once and is itself an error.
//
// The packages that own a part of the strategy (targets, process,
// commission, strategy) validate plain Go values and report problems by
// path (teams[2].manager). When the values came from a document, the
// strategy package fills in each problem's position from the path, so a
// Go user building values by hand and a sales-ops person editing YAML get
// the same problems, the latter with line and column.
//
// Problems match their code with errors.Is:
//
//	if errors.Is(err, diag.DuplicateID) { ... }
//
// and a List gives its problems back with errors.As:
//
//	var list diag.List
//	if errors.As(err, &list) {
//		for _, p := range list { fmt.Println(p.Pos, p.Code, p.Message) }
//	}
//
// All types are plain values; nothing here is shared or mutable.
package diag
