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
// A Source is small: 16 bytes in the deal, and for a CSV file 4 bytes
// for its row and 2 for each field of the file, allocated in blocks
// shared by many deals; no map per deal. It is a plain value, safe to
// copy and for concurrent use. It is left out of a deal's JSON and YAML,
// and rules do not see it.
type Source struct {
	blk *posBlock // the file and the positions of a block of deals; nil for a deal built in Go
	i   int32     // the deal's index in blk
}

// sourceFile is what every deal read from one file shares: the file's
// name and the fields whose positions are kept, each at its slot.
type sourceFile struct {
	name  string
	slots map[string]int // field name (amount, or an attribute's name) → slot
	n     int            // slots per deal
	short bool           // a CSV file: its deals start at column 1, their fields' positions are in posBlock.short
}

// posBlock holds the positions of a block of deals read from one file:
// where each deal starts, and n slots a deal for its fields.
//
// A field of a CSV row is nearly always on the row's line, at a column
// below 65,535: short holds its column, and wide is not even made. A
// field elsewhere (after a quoted line break, say) is wideMark in short
// and packed in wide, made for the first such field of the block. A JSON
// object's fields are on lines of their own: wide holds them all.
//
// The arrays of a block are made once and never resliced, and wide is
// set once, before the first deal that needs it is handed out, so that
// deals already handed out (to another goroutine, say) read their
// positions while later ones are filled in.
type posBlock struct {
	file  *sourceFile
	lines []int32  // the line where each deal's row or object starts
	cols  []int32  // the column of each; nil when it is 1 for all (CSV rows)
	short []uint16 // the column of each field on its deal's line, 0 when unknown, or wideMark
	wide  []uint32 // the packed positions of the fields (see pack), 0 when unknown
}

// wideMark in posBlock.short says that the field's position is in wide.
const wideMark = 1<<16 - 1

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
	return Source{blk: &posBlock{file: &sourceFile{name: pos.File}, lines: []int32{clamp32(pos.Line)}, cols: []int32{clamp32(pos.Col)}}}
}

func clamp32(n int) int32 { return int32(min(max(n, 0), 1<<31-1)) }

// Pos returns where the deal's row or object starts: the file, the line,
// and the column (1 for a CSV row). It is the zero Pos for a deal built in
// Go.
func (s Source) Pos() diag.Pos {
	if s.blk == nil {
		return diag.Pos{}
	}
	p := diag.Pos{File: s.blk.file.name, Line: int(s.blk.lines[s.i]), Col: 1}
	if s.blk.cols != nil {
		p.Col = int(s.blk.cols[s.i])
	}
	return p
}

// Field returns where the deal's field stands in its file: a standard
// field by its column name ([Columns]: "owner", "amount", "splits"), a
// custom attribute by its name or as "attrs.<name>". A path into a field
// ("splits[1].member", "attrs.tags[0]") gives the field's position. When
// the file does not give the field, or the position is not known, Field
// returns [Source.Pos]; for a deal built in Go, the zero Pos.
func (s Source) Field(name string) diag.Pos {
	p := s.Pos()
	if s.blk == nil || s.blk.file.n == 0 {
		return p
	}
	name = strings.TrimPrefix(name, "attrs.")
	if i := strings.IndexAny(name, ".["); i >= 0 {
		name = name[:i]
	}
	slot, ok := s.blk.file.slots[name]
	if !ok {
		return p
	}
	at := int(s.i)*s.blk.file.n + slot
	if s.blk.short != nil {
		switch c := s.blk.short[at]; c {
		case 0:
			return p
		case wideMark:
		default:
			p.Col = int(c)
			return p
		}
	}
	v := s.blk.wide[at]
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

// sourceAlloc hands out Sources for the deals of one file, their
// positions in blocks of blockDeals deals.
type sourceAlloc struct {
	file *sourceFile
	blk  *posBlock
	used int // deals of blk handed out
}

const blockDeals = 512

// newSourceAlloc returns the allocator of the Sources of the deals of
// file name, keeping the positions of fields; short when the fields are
// nearly always on their deal's first line (a CSV file).
func newSourceAlloc(name string, fields []string, short bool) *sourceAlloc {
	f := &sourceFile{name: name, slots: make(map[string]int, len(fields)), n: len(fields), short: short}
	for i, n := range fields {
		f.slots[n] = i
	}
	return &sourceAlloc{file: f}
}

// next returns the Source of a deal at line and col (1 in a short file,
// whose rows all start at column 1), whose fields' positions are then
// set with field.
func (a *sourceAlloc) next(line, col int) Source {
	f := a.file
	if a.blk == nil || a.used == blockDeals {
		a.blk = &posBlock{file: f, lines: make([]int32, blockDeals)}
		if f.short {
			a.blk.short = make([]uint16, f.n*blockDeals)
		} else {
			a.blk.cols = make([]int32, blockDeals)
			a.blk.wide = make([]uint32, f.n*blockDeals)
		}
		a.used = 0
	}
	i := a.used
	a.used++
	a.blk.lines[i] = clamp32(line)
	if a.blk.cols != nil {
		a.blk.cols[i] = clamp32(col)
	}
	return Source{blk: a.blk, i: int32(i)}
}

// field sets the position of the field at slot k of s, a Source that
// next has just returned and that is not handed out yet.
func (a *sourceAlloc) field(s Source, k, line, col int) {
	b := s.blk
	row := b.lines[s.i]
	at := int(s.i)*a.file.n + k
	if b.short != nil {
		if line == int(row) && col > 0 && col < wideMark {
			b.short[at] = uint16(col)
			return
		}
		v := pack(line, col, row)
		if v == 0 {
			return
		}
		if b.wide == nil {
			b.wide = make([]uint32, a.file.n*blockDeals)
		}
		b.short[at] = wideMark
		b.wide[at] = v
		return
	}
	b.wide[at] = pack(line, col, row)
}
