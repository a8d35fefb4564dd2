package rules

import (
	"errors"
	"fmt"
	"regexp"
	goruntime "runtime"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/file"
	"github.com/salesplan/salesplan/diag"
)

// Code is the stable code of a kind of [Error]. Each Code is itself an error
// value, so that callers match errors with errors.Is:
//
//	if errors.Is(err, rules.ErrDivisionByZero) { … }
//
// [ErrCompile] and [ErrRuntime] match every error of their phase; the other
// codes match one kind.
type Code string

// Error returns the code itself.
func (c Code) Error() string { return string(c) }

// The error codes. The first two are phases; every [Error] matches exactly
// one of them and exactly one of the others.
const (
	// ErrCompile matches every error that Compile returns.
	ErrCompile Code = "compile"
	// ErrRuntime matches every error that evaluating a rule returns.
	ErrRuntime Code = "runtime"

	// ErrSyntax: the text is not an expression (a missing bracket, a stray
	// operator).
	ErrSyntax Code = "syntax"
	// ErrUnknownName: a name, field, custom attribute or function that the
	// place where the rule stands does not define.
	ErrUnknownName Code = "unknown-name"
	// ErrType: a type mismatch (a string times a number), a rule that gives
	// the wrong kind of result, or a value of the wrong type at run time.
	ErrType Code = "type"
	// ErrNotAllowed: something the rule language forbids: method calls,
	// clock-dependent or floating-point built-ins, floating-point values.
	ErrNotAllowed Code = "not-allowed"
	// ErrLimit: the rule is too large (too many nodes), a number literal is
	// out of range, or evaluating the rule would exceed one of its limits:
	// the steps, the bytes of strings, the list elements of the memory
	// budget, the size of a number (see the package documentation,
	// "Limits"). The message names the limit.
	ErrLimit Code = "limit"
	// ErrValue: a bad value: an invalid date literal, a missing (nil) value,
	// an index out of range, a missing required attribute.
	ErrValue Code = "value"
	// ErrDivisionByZero: a division or remainder by zero.
	ErrDivisionByZero Code = "division-by-zero"
	// ErrFunction: a function registered with [WithFunction] returned an
	// error; errors.Is and errors.As also reach that error.
	ErrFunction Code = "function"
	// ErrEnv: the Go side is misconfigured: an environment type that is not
	// a struct, a field that hides a function, an invalid [Option].
	ErrEnv Code = "env"
)

// Error is a positioned error of one rule, at compile time or at run time.
//
// Its fields are exported so that a caller that embeds expressions in a
// larger document (a YAML strategy, say) can report the error at the
// expression's own position in that document: Line and Column are relative
// to the start of the expression text passed to [Compile].
type Error struct {
	// Rule is the name given to [Compile].
	Rule string
	// Code is the kind of error; Phase is ErrCompile or ErrRuntime.
	Code  Code
	Phase Code
	// Line and Column are 1-based, counted in characters (runes) from the
	// start of the expression; both are 0 when the error has no position.
	// Offset is the 0-based character offset of the same point, -1 when
	// there is none.
	Line, Column, Offset int
	// Message says what is wrong, in words for the person who wrote the
	// rule: "unknown field amout of deal".
	Message string
	// Hint, if not empty, suggests a fix: "did you mean amount?".
	Hint string
	// Snippet is the line of the expression that holds the error, followed
	// by a line with a caret under Column; each line starts with " | ".
	Snippet string
	// Err is the underlying error, if any: the error a user function
	// returned, say. Unwrap returns it.
	Err error
}

// Error formats e as
//
//	rule "bonus": 1:6: unknown field amout of deal (did you mean amount?)
//	 | deal.amout * 0.1
//	 |      ^
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("rule ")
	b.WriteString(strconv.Quote(e.Rule))
	b.WriteString(": ")
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d: ", e.Line, e.Column)
	}
	b.WriteString(e.Message)
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	if e.Snippet != "" {
		b.WriteByte('\n')
		b.WriteString(e.Snippet)
	}
	return b.String()
}

// Is reports whether target is e's Code or e's Phase.
func (e *Error) Is(target error) bool {
	c, ok := target.(Code)
	return ok && (c == e.Code || c == e.Phase)
}

// Unwrap returns the underlying error, or nil.
func (e *Error) Unwrap() error { return e.Err }

// newError returns an Error of rule name positioned at rune offset off of
// src; off < 0 means no position.
func newError(phase, code Code, name, src string, off int, msg, hint string) *Error {
	e := &Error{Rule: name, Code: code, Phase: phase, Message: msg, Hint: hint, Offset: -1}
	if off >= 0 {
		e.position(src, off)
	}
	return e
}

// position sets Line, Column, Offset and Snippet for rune offset off of src.
func (e *Error) position(src string, off int) {
	runes := []rune(src)
	if off > len(runes) {
		off = len(runes)
	}
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if runes[i] == '\n' {
			line++
			start = i + 1
		}
	}
	end := start
	for end < len(runes) && runes[end] != '\n' {
		end++
	}
	e.Line, e.Column, e.Offset = line, off-start+1, off
	text := strings.ReplaceAll(strings.TrimRight(string(runes[start:end]), "\r"), "\t", " ")
	if strings.TrimSpace(text) == "" {
		e.Snippet = ""
		return
	}
	e.Snippet = " | " + text + "\n | " + strings.Repeat(" ", off-start) + "^"
}

// evalError is the error a built-in or an operator returns at run time; the
// VM turns it into a panic, recovers it and wraps it in a *file.Error, from
// which [runtimeError] takes it back.
type evalError struct {
	code Code
	msg  string
	err  error
}

func (e *evalError) Error() string { return e.msg }
func (e *evalError) Unwrap() error { return e.err }

func errorf(code Code, format string, args ...any) *evalError {
	return &evalError{code: code, msg: fmt.Sprintf(format, args...)}
}

var errDivZero = &evalError{code: ErrDivisionByZero, msg: "division by zero"}

var reNilField = regexp.MustCompile(`^cannot get (\S+) from (\S+)$`)

// runtimeError turns what the VM or the direct evaluator returned into an
// *Error of the rule.
func runtimeError(name, src string, lim limits, err error) *Error {
	var (
		fe   *file.Error
		ee   *evalError
		code = ErrValue
		msg  = err.Error()
		off  = -1
	)
	var pe *posError
	switch {
	case errors.As(err, &fe):
		off, msg = fe.From, fe.Message
	case errors.As(err, &pe):
		off, msg = pe.off, pe.err.Error()
	}
	var cause error
	if errors.As(err, &ee) {
		code, msg, cause = ee.code, ee.msg, ee.err
	} else {
		var rte goruntime.Error
		if fe != nil && fe.Prev != nil && !errors.As(fe.Prev, &rte) {
			cause = fe.Prev // the error of a func field of the environment
		}
		switch {
		case strings.Contains(msg, "memory budget exceeded"):
			code, msg = ErrLimit, memoryLimit(lim.elems).Error()
		case strings.Contains(msg, "integer divide by zero"):
			code, msg = ErrDivisionByZero, "division by zero"
		case strings.Contains(msg, "nil pointer dereference"), strings.Contains(msg, "cannot call nil"):
			msg = "missing value (nil)"
		case strings.HasPrefix(msg, "interface conversion"), strings.HasPrefix(msg, "invalid operation"):
			code = ErrType
		}
		if m := reNilField.FindStringSubmatch(msg); m != nil {
			msg = fmt.Sprintf("%s is missing (nil): cannot read %s", m[2], m[1])
		}
		msg = friendlyTypes(msg)
	}
	e := newError(ErrRuntime, code, name, src, off, msg, "")
	e.Err = cause
	return e
}

// Problem returns err, an error of [Compile] for the expression at path
// in a document, as a [diag.Problem] with code [diag.Expression]: a
// *Error keeps its message, hint and snippet, and its line and column
// inside the expression as the problem's Inner position, from which the
// document position is worked out. Any other error becomes a problem with
// its text.
func Problem(path string, err error) *diag.Problem {
	var re *Error
	if !errors.As(err, &re) {
		return &diag.Problem{Path: path, Code: diag.Expression, Message: err.Error()}
	}
	p := &diag.Problem{Path: path, Code: diag.Expression, Message: re.Message, Hint: re.Hint, Detail: re.Snippet}
	if re.Line > 0 {
		p.Inner = diag.Pos{Line: re.Line, Col: re.Column}
	}
	return p
}
