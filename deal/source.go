package deal

import (
	"strings"

	"github.com/salesplan/salesplan/diag"
)

// Source is where a deal was read from: the file, the line and column
// where its row (CSV) or object (JSON) starts, and where each of its
// fields stands. [ReadCSV], [ScanCSV], [ReadJSON] and [ScanJSON] fill it
// in, so that a problem found later, when the deal is credited, can name
// the place to fix:
//
//	p := &diag.Problem{Pos: d.Source.Field("owner"), Code: diag.InvalidInput,
//		Message: fmt.Sprintf("deal %s: owner %q is not a member", d.ID, d.Owner)}
//	// deals.csv:14:9: deal NW-1042: owner "anaa" is not a member
//
// The zero Source is that of a deal built in Go: its positions are
// unknown (the zero [diag.Pos]), and problems are then named by the deal
// alone. A reader of another format sets one with [SourceAt].
//
// A Source is small: 24 bytes in the deal, and 4 bytes for each field of
// the file, allocated in blocks shared by many deals; no map per deal. It
// is a plain value, safe to copy and for concurrent use. It is left out
// of a deal's JSON and YAML, and rules do not see it.
type Source struct {
	blk       *posBlock // the file and the field positions of a block of deals; nil for a deal built in Go
	line, col int32     // where the row or object starts
	at        int32     // index of the deal's first field position in blk.cols; -1 for none
}

// sourceFile is what every deal read from one file shares: the file's
// name and the fields whose positions are kept, each at its slot.
type sourceFile struct {
	name  string
	slots map[string]int // field name (amount, or an attribute's name) → slot
	n     int            // slots per deal
}

// posBlock holds the packed field positions of a block of deals read from
// one file: n slots a deal, see pack.
type posBlock struct {
	file *sourceFile
	cols []uint32
}

// Field positions are packed in a uint32: the line relative to the row's
// or object's start in the high 12 bits, the column in the low 20. A
// position that does not fit (a column beyond 1,048,575), or a field the
// file does not give, is 0: unknown, and Field answers with the deal's
// own position.
const (
	colBits  = 20
	maxCol   = 1<<colBits - 1
	maxDLine = 1<<(32-colBits) - 1
)

func pack(line, col int, row int32) uint32 {
	d := line - int(row)
	if col <= 0 || col > maxCol || d < 0 || d > maxDLine {
		return 0
	}
	return uint32(d)<<colBits | uint32(col)
}

// SourceAt returns the Source of a deal read from pos by a reader other
// than this package's (deals in a plan test, say). It has no positions
// of fields: [Source.Field] answers pos for each.
func SourceAt(pos diag.Pos) Source {
	if pos == (diag.Pos{}) {
		return Source{}
	}
	return Source{blk: &posBlock{file: &sourceFile{name: pos.File}}, line: clamp32(pos.Line), col: clamp32(pos.Col), at: -1}
}

func clamp32(n int) int32 { return int32(min(max(n, 0), 1<<31-1)) }

// Pos returns where the deal's row or object starts: the file, the line,
// and the column (1 for a CSV row). It is the zero Pos for a deal built in
// Go.
func (s Source) Pos() diag.Pos {
	if s.blk == nil {
		return diag.Pos{}
	}
	return diag.Pos{File: s.blk.file.name, Line: int(s.line), Col: int(s.col)}
}

// Field returns where the deal's field stands in its file: a standard
// field by its column name ([Columns]: "owner", "amount", "splits"), a
// custom attribute by its name or as "attrs.<name>". A path into a field
// ("splits[1].member", "attrs.tags[0]") gives the field's position. When
// the file does not give the field, or the position is not known, Field
// returns [Source.Pos]; for a deal built in Go, the zero Pos.
func (s Source) Field(name string) diag.Pos {
	p := s.Pos()
	if s.blk == nil || s.at < 0 {
		return p
	}
	name = strings.TrimPrefix(name, "attrs.")
	if i := strings.IndexAny(name, ".["); i >= 0 {
		name = name[:i]
	}
	slot, ok := s.blk.file.slots[name]
	if !ok || int(s.at)+slot >= len(s.blk.cols) {
		return p
	}
	v := s.blk.cols[int(s.at)+slot]
	if v == 0 {
		return p
	}
	p.Line += int(v >> colBits)
	p.Col = int(v & maxCol)
	return p
}

// IsZero reports whether s is the zero Source: the deal was built in Go.
func (s Source) IsZero() bool { return s.blk == nil }

// Equal reports whether s and t are the same place: the same file, line
// and column (the positions of the fields follow from the file). With it,
// go-cmp compares deals without looking inside their Source.
func (s Source) Equal(t Source) bool { return s.Pos() == t.Pos() }

// sourceAlloc hands out Sources for the deals of one file, their field
// positions in blocks of blockDeals deals. A block's array is made once
// and never resliced, so that deals already handed out (to another
// goroutine, say) read their positions while later ones are filled in.
type sourceAlloc struct {
	file *sourceFile
	blk  *posBlock
	used int // slots of blk handed out
}

const blockDeals = 512

func newSourceAlloc(name string, fields []string) *sourceAlloc {
	f := &sourceFile{name: name, slots: make(map[string]int, len(fields)), n: len(fields)}
	for i, n := range fields {
		f.slots[n] = i
	}
	return &sourceAlloc{file: f}
}

// next returns the Source of a deal at line and col, and the slots of its
// field positions to fill in with pack.
func (a *sourceAlloc) next(line, col int) (Source, []uint32) {
	n := a.file.n
	if a.blk == nil || a.used+n > len(a.blk.cols) {
		a.blk = &posBlock{file: a.file, cols: make([]uint32, n*blockDeals)}
		a.used = 0
	}
	at := a.used
	a.used += n
	return Source{blk: a.blk, line: clamp32(line), col: clamp32(col), at: int32(at)}, a.blk.cols[at : at+n : at+n]
}
