// Package strategy holds a company's sales strategy as one document: its
// fiscal calendar, currency and rounding, the custom attributes its deals
// carry, its sales channels and its sales team (territories, roles, teams
// in a tree, members and their effective-dated assignments; a team's
// manager, parent, channels and territories are effective-dated too, see
// [Team.Changes]). Later
// sections of the same document define targets, sales processes and
// commission plans, each owned by its own package and composed here.
//
// [Parse] (or [Load]) reads a YAML or JSON document strictly: an unknown
// key, a dangling reference, a cycle in a tree, a member in two teams on
// the same day are all reported at once, as a [diag.List] whose problems
// carry file:line:col, a stable code and a hint. Nothing is half-loaded:
// Parse returns a valid Strategy or an error. [New] runs the same
// validation on a [Document] built in Go.
//
//	s, err := strategy.Load("strategy.yaml")
//	if err != nil {
//		log.Fatal(err) // every problem, one a line
//	}
//	day := calendar.MustParseDate("2026-06-15")
//	fmt.Println(s.Org().Managers("ana", day)) // [omar grace]
//
// A [Strategy] and its [Org] are immutable once made and safe for
// concurrent use. All queries on the organisation take a date: people
// join, leave and move, teams change managers and move in the tree, and
// the answer is the one in force that day.
package strategy
