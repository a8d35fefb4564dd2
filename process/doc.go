// Package process defines sales processes: ordered stages with win
// probabilities, entry and exit criteria, required fields and terminal
// outcomes; named policies ("a discount above 20% needs an approver"); and
// what follows from them: which deals count as won in a period and on
// which date ([Book.Qualify]), what a run does with a won deal that
// breaks a policy ([Book.Enforce]: flag it, block it or stop, as the
// policy's on_break says), whether a deal may sit in its stage
// ([Book.Check]) or move to another ([Book.CheckMove]), the weighted
// pipeline ([Book.Pipeline]), conversion and velocity from a history of
// stage changes ([Process.History]), and a forecast against a target
// ([Book.Forecast]).
//
// A [Section] is the process: key of a strategy document, or a value built
// in Go. [Compile] checks it, compiles its expressions (over deal.*, with
// the custom attributes of a [deal.Schema]) and returns a [Book], or a
// [diag.List] of every problem:
//
//	book, err := process.Compile(sec, process.Config{Schema: schema})
//	if err != nil {
//		return err // a diag.List
//	}
//	vs, err := book.CheckMove(&d, "discovery", "negotiation")
//	for _, v := range vs {
//		fmt.Println(v.Rule, v.Message)
//	}
//
// Several processes can coexist: each deal falls under exactly one, the
// process whose applies condition holds on it; none or several is an error
// that names the deal and the processes.
//
// A deal's Date is its won (credit) date, CloseDate its expected close
// date: Qualify and the won part of a forecast use Date, the pipeline and
// the open part of a forecast use CloseDate.
//
// Concurrency: a Book and its Processes are immutable once compiled and
// safe for concurrent use by any number of goroutines; each method works
// on the values it is given. The zero Book is not usable: make one with
// Compile.
package process
