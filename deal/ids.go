package deal

import (
	"fmt"

	"github.com/salesplan/salesplan/diag"
)

// Place names where d, the i-th deal of its input, was read from, for a
// problem of another deal to refer to it: its file and line
// ("deals.csv:12"), or its path ("deals[3]") for a deal built in Go.
func (d *Deal) Place(i int) string {
	if p := d.Source.Pos(); p.IsValid() {
		p.Col = 0
		return p.String()
	}
	return fmt.Sprintf("deals[%d]", i)
}

// CheckIDs reports each deal whose id a deal before it has, at the id's
// place in its file (or by its path, deals[3].id, for a deal built in Go),
// naming the first: "deal NW-1: duplicate deal id (also deals.csv:2)".
// Deals without an id are left to the caller. The error is a [diag.List],
// nil when every id is once.
//
// The pipeline and the forecast read every deal, open ones included, and
// a deal counted twice would be pipeline invented.
func CheckIDs(deals []Deal) error {
	var list diag.List
	seen := make(map[string]int, len(deals))
	for i := range deals {
		d := &deals[i]
		if d.ID == "" {
			continue
		}
		j, dup := seen[d.ID]
		if !dup {
			seen[d.ID] = i
			continue
		}
		p := list.Add(fmt.Sprintf("deals[%d].id", i), diag.InvalidInput, "deal %s: duplicate deal id (also %s)", d.ID, deals[j].Place(j))
		if pos := d.Source.Field("id"); pos.IsValid() {
			p.Pos, p.Path = pos, ""
		}
	}
	return list.Err()
}
