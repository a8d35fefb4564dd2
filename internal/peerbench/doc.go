// Package peerbench puts the peer plan (../shared/peer-plan/PLAN.md: a real
// one-quarter plan with 1,000 reps, 60/40 splits, credit notes, marginal
// tiers on running attainment, a kicker, a new-logo bonus, a SPIF, a
// manager override and a per-rep cap on two of the components) into
// salesplan, so that salesplan can be compared with
// the hand-written Go of the same plan (gocalc) line by line and for speed.
//
// It converts the peer data to salesplan's inputs and salesplan's results
// back to the peer's output format:
//
//   - [ReadPayees] and [ReadDeals] read payees.csv and deals.csv as
//     PLAN.md §1 writes them;
//   - [WriteStrategy] writes the strategy document: the plan in the DSL
//     (testdata/plan.yaml, the template, [Template]) with the organisation,
//     the quotas and the reps' target incentives (members' terms, which
//     the cap C5, a cap group of C1 and C2, reads);
//   - [WriteDeals] writes the deals as a salesplan deals file, deal ids
//     zero-padded to one width so that salesplan's order (date, then id as
//     a string) is PLAN.md's (close date, then id as a number);
//   - [FromResult] maps a [commission.Result] to PLAN.md's lines and
//     totals, [FromCSV] does the same from `salesplan run --format csv`,
//     and [WriteLines] and [WriteTotals] write lines.csv and totals.csv
//     byte for byte as PLAN.md §12 says.
//
// The benchmarks (go test -bench Peer -benchmem -run '^$'
// ./internal/peerbench) run the plan at 100,000 deals, and at 1,000,000
// with SALESPLAN_PEER_1M=1, beside a copy of gocalc's calculation in the
// same run. scripts/peer-bench.sh runs gocalc and the salesplan command
// line side by side on the same data.
//
// Everything here is safe for concurrent use; nothing keeps state.
package peerbench
