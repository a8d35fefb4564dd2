package diag

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Code is a stable, machine-readable kind of problem. A Code is an error, so
// a Code is what errors.Is matches a [Problem] or a [List] against.
type Code string

// Error returns the code itself.
func (c Code) Error() string { return string(c) }

// The codes. Their text is stable: scripts and tests may depend on it.
const (
	Syntax        Code = "syntax"         // the document is not well-formed YAML or JSON
	UnknownKey    Code = "unknown-key"    // a key that the format does not define
	DuplicateKey  Code = "duplicate-key"  // a key given twice in one mapping
	WrongType     Code = "wrong-type"     // a value of the wrong kind (a list where a name is wanted…)
	Missing       Code = "missing"        // a required field is absent or empty
	InvalidValue  Code = "invalid-value"  // a value outside what is allowed
	DuplicateID   Code = "duplicate-id"   // two things of one kind share an id
	UnknownRef    Code = "unknown-ref"    // a reference to an id that does not exist
	Cycle         Code = "cycle"          // a tree (teams, territories) loops on itself
	Overlap       Code = "overlap"        // two effective-dated entries cover the same day
	DateOrder     Code = "date-order"     // a from date after its to date
	Expression    Code = "expression"     // an expression that does not compile
	InvalidInput  Code = "invalid-input"  // a bad run-time input (a deal, a rate…)
	Unsupported   Code = "unsupported"    // a feature of YAML the format does not use (merge keys, tags)
	TooLarge      Code = "too-large"      // a document beyond the size limits
	InvalidPeriod Code = "invalid-period" // a period id that is malformed or outside the calendar
)

// Pos is a position in a document: a file name and a 1-based line and
// column. Line 0 means the position is unknown.
type Pos struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

// IsValid reports whether p has a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String returns file:line:col, leaving out what is unknown.
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		if b.Len() > 0 {
			b.WriteByte(':')
		}
		b.WriteString(strconv.Itoa(p.Line))
		if p.Col > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(p.Col))
		}
	}
	return b.String()
}

// Compare orders positions by file, line and column.
func (p Pos) Compare(q Pos) int {
	return cmp.Or(strings.Compare(p.File, q.File), cmp.Compare(p.Line, q.Line), cmp.Compare(p.Col, q.Col))
}

// Problem is one thing wrong with a document or an input.
type Problem struct {
	// Pos is where the problem is in the document; zero for values built in Go.
	Pos Pos `json:"pos,omitzero"`
	// Path names the field: members[3].assignments[0].team. It may be empty
	// for a problem of the whole document.
	Path string `json:"path,omitempty"`
	// Code is the kind of problem.
	Code Code `json:"code"`
	// Message says what is wrong, for a person.
	Message string `json:"message"`
	// Hint, when not empty, says what was probably meant ("did you mean
	// east?").
	Hint string `json:"hint,omitempty"`
	// Detail, when not empty, is more text shown below the message: the
	// snippet of an expression with a caret under the error, say.
	Detail string `json:"detail,omitempty"`
	// Inner, when its Line is set, is the position inside the value at
	// Path (a line and column inside an expression); the document
	// position is worked out from it.
	Inner Pos `json:"-"`
}

// Error returns "pos: path: message (hint)" followed by the detail lines.
func (p *Problem) Error() string {
	var b strings.Builder
	if s := p.Pos.String(); s != "" {
		b.WriteString(s)
		b.WriteString(": ")
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	if p.Hint != "" {
		b.WriteString(" (")
		b.WriteString(p.Hint)
		b.WriteString(")")
	}
	if p.Detail != "" {
		b.WriteByte('\n')
		b.WriteString(p.Detail)
	}
	return b.String()
}

// Is reports whether target is p's code.
func (p *Problem) Is(target error) bool {
	c, ok := target.(Code)
	return ok && c == p.Code
}

// Errorf returns a problem at path with code and a formatted message.
func Errorf(path string, code Code, format string, args ...any) *Problem {
	return &Problem{Path: path, Code: code, Message: fmt.Sprintf(format, args...)}
}

// List is every problem found in one document or input, and an error when
// it is not empty. Lists are sorted by [List.Sort] before they are
// returned: by position, then path, then message.
type List []*Problem

// Error returns one problem a line.
func (l List) Error() string {
	var b strings.Builder
	for i, p := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap returns the problems, so errors.Is and errors.As look into them.
func (l List) Unwrap() []error {
	errs := make([]error, len(l))
	for i, p := range l {
		errs[i] = p
	}
	return errs
}

// Add appends a problem made as [Errorf] does, and returns it so that the
// caller can set a hint.
func (l *List) Add(path string, code Code, format string, args ...any) *Problem {
	p := Errorf(path, code, format, args...)
	*l = append(*l, p)
	return p
}

// Append adds err to the list: the problems of a List or a *Problem as they
// are, any other error as a problem with code and path.
func (l *List) Append(path string, code Code, err error) {
	switch e := err.(type) {
	case nil:
	case List:
		*l = append(*l, e...)
	case *Problem:
		*l = append(*l, e)
	default:
		*l = append(*l, &Problem{Path: path, Code: code, Message: err.Error()})
	}
}

// Prefix puts prefix before the path of every problem: a section's own
// problems (plans[0].id) become the document's (commission.plans[0].id).
func (l List) Prefix(prefix string) List {
	for _, p := range l {
		switch {
		case p.Path == "":
			p.Path = prefix
		case strings.HasPrefix(p.Path, "["):
			p.Path = prefix + p.Path
		default:
			p.Path = prefix + "." + p.Path
		}
	}
	return l
}

// Sort orders the list by position (problems with one first), then path
// (numerically for indexes), then message, and drops exact duplicates.
func (l *List) Sort() {
	slices.SortStableFunc(*l, func(a, b *Problem) int {
		return cmp.Or(
			-cmp.Compare(boolInt(a.Pos.IsValid()), boolInt(b.Pos.IsValid())), // positioned problems first
			a.Pos.Compare(b.Pos), ComparePaths(a.Path, b.Path), strings.Compare(a.Message, b.Message))
	})
	*l = slices.CompactFunc(*l, func(a, b *Problem) bool { return *a == *b })
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Err returns the list as an error, or nil when it is empty. Use it as the
// last line of a validation: return list.Err().
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// ComparePaths orders paths field by field, comparing list indexes as
// numbers: teams[2] comes before teams[10].
func ComparePaths(a, b string) int {
	for a != "" && b != "" {
		i, j := nextDigit(a), nextDigit(b)
		if c := strings.Compare(a[:i], b[:j]); c != 0 {
			return c
		}
		a, b = a[i:], b[j:]
		i, j = digits(a), digits(b)
		if c := cmp.Or(cmp.Compare(i, j), strings.Compare(a[:i], b[:j])); c != 0 {
			return c
		}
		a, b = a[i:], b[j:]
	}
	return cmp.Compare(len(a), len(b))
}

func nextDigit(s string) int {
	for i := range len(s) {
		if s[i] >= '0' && s[i] <= '9' {
			return i
		}
	}
	return len(s)
}

func digits(s string) int {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return i
		}
	}
	return len(s)
}

var idRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.\-]*$`)

// CheckID adds a problem to l when id, the id of a kind of thing (team,
// plan, component…) at path, is empty or not made of letters, digits,
// '_', '.' and '-', starting with a letter or digit: the one rule for ids
// across a strategy document.
func (l *List) CheckID(path, kind, id string) {
	switch {
	case id == "":
		l.Add(path, Missing, "missing %s id", kind)
	case !idRE.MatchString(id):
		l.Add(path, InvalidValue, "invalid %s id %q: use letters, digits, _, . and -, starting with a letter or digit", kind, id)
	}
}
