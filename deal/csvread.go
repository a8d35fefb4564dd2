// Parts of this file (readLine, quoted, fill) are ported from Go's
// encoding/csv and bufio packages:
//
// Copyright 2011 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package deal

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
)

// csvReader reads the records of a CSV file as encoding/csv's Reader does
// with the settings ReadCSV wants (Comma ',', no Comment, LazyQuotes and
// TrimLeadingSpace false, FieldsPerRecord -1, ReuseRecord) over a
// bufio.Reader: the same records, the same [csvReader.FieldPos] and
// [csvReader.InputOffset], the same errors (a *csv.ParseError of
// csv.ErrQuote or csv.ErrBareQuote at the same line and column, or the
// error of reading the input), for every input. Its tests check that,
// against encoding/csv, on hostile input and under the fuzzer.
//
// It is faster because nearly every line of a deals file holds no quote:
// the input is read into one large buffer, each line is found with one
// bytes.IndexByte and checked for a quote with another, and a line without
// one is split at its commas in one loop, every field on the line's line at
// the column of its first byte. Only a line with a quote goes through
// encoding/csv's own field parser (quoted, ported as it is), which may read
// on over more lines.
//
// The fields of a record are substrings of one string made for the
// record, as encoding/csv makes them; the slice of them is reused by the
// next Read.
type csvReader struct {
	r        io.Reader
	buf      []byte // buf[pos:end] is read from r and not yet consumed
	pos, end int
	err      error // the error of r's last Read, due once buf[pos:end] is consumed

	line   int   // lines read so far
	offset int64 // bytes consumed so far

	rec    []string // the last record read
	fields []csvPos // where its fields start
	text   []byte   // the unquoted text of a record with quotes, its fields one after another
	ends   []int    // where each of those fields ends in text
}

// csvPos is where a field starts: its line, and its column, in bytes,
// from 1.
type csvPos struct{ line, col int }

// csvBufSize is the size of a csvReader's buffer; a longer line grows it.
const csvBufSize = 64 << 10

// newCSVReader returns a reader of r, after a byte-order mark if r starts
// with one, whose buffer is first size bytes (csvBufSize; the tests make
// it small, for the lines to cross its end).
func newCSVReader(r io.Reader, size int) *csvReader {
	cr := &csvReader{r: r, buf: make([]byte, max(size, 1))}
	cr.skipBOM()
	return cr
}

// skipBOM skips a UTF-8 byte-order mark at the start, before the quote
// of a quoted header too. It does what ReadCSV did with a bufio.Reader's
// Peek(3) and Discard(3): fewer than 3 bytes before an error drop that
// error, as Peek does, and the next read asks r again.
func (r *csvReader) skipBOM() {
	for r.end-r.pos < 3 && r.err == nil {
		r.fill()
	}
	if r.end-r.pos < 3 {
		r.err = nil
		return
	}
	if string(r.buf[r.pos:r.pos+3]) == "\ufeff" {
		r.pos += 3
	}
}

// InputOffset returns the bytes of the input consumed, after the
// byte-order mark: where the record last read ends and the next one
// starts, as encoding/csv's Reader.InputOffset.
func (r *csvReader) InputOffset() int64 { return r.offset }

// FieldPos returns the line and column where field i of the record last
// read starts, as encoding/csv's Reader.FieldPos.
func (r *csvReader) FieldPos(i int) (line, column int) {
	p := r.fields[i]
	return p.line, p.col
}

// Read reads the next record, skipping empty lines. It returns io.EOF at
// the end of the input, and with another error the fields read before it.
// The slice is reused by the next Read.
func (r *csvReader) Read() ([]string, error) {
	var line []byte
	var errRead error
	for errRead == nil {
		line, errRead = r.readLine()
		if errRead == nil && len(line) == lengthNL(line) {
			line = nil
			continue // an empty line
		}
		break
	}
	if errRead == io.EOF {
		return nil, errRead
	}
	if bytes.IndexByte(line, '"') >= 0 {
		return r.quoted(line, errRead)
	}
	// No quote: the fields are what lies between the commas.
	n := len(line) - lengthNL(line)
	str := string(line[:n])
	rec, fields := r.rec[:0], r.fields[:0]
	start := 0
	for i := 0; i < n; i++ {
		if line[i] == ',' {
			rec = append(rec, str[start:i])
			fields = append(fields, csvPos{r.line, start + 1})
			start = i + 1
		}
	}
	rec = append(rec, str[start:])
	fields = append(fields, csvPos{r.line, start + 1})
	r.rec, r.fields = rec, fields
	return rec, errRead
}

// quoted reads a record whose first line, line, holds a quote (errRead is
// the error readLine returned with it): encoding/csv's readRecord, for
// the settings of csvReader.
func (r *csvReader) quoted(line []byte, errRead error) ([]string, error) {
	var err error
	const quoteLen = len(`"`)
	const commaLen = len(",")
	recLine := r.line // Starting line for record
	r.text = r.text[:0]
	r.ends = r.ends[:0]
	r.fields = r.fields[:0]
	pos := csvPos{line: r.line, col: 1}
parseField:
	for {
		if len(line) == 0 || line[0] != '"' {
			// Non-quoted string field
			i := bytes.IndexByte(line, ',')
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = field[:len(field)-lengthNL(field)]
			}
			// Check to make sure a quote does not appear in field.
			if j := bytes.IndexByte(field, '"'); j >= 0 {
				col := pos.col + j
				err = &csv.ParseError{StartLine: recLine, Line: r.line, Column: col, Err: csv.ErrBareQuote}
				break parseField
			}
			r.text = append(r.text, field...)
			r.ends = append(r.ends, len(r.text))
			r.fields = append(r.fields, pos)
			if i >= 0 {
				line = line[i+commaLen:]
				pos.col += i + commaLen
				continue parseField
			}
			break parseField
		} else {
			// Quoted string field
			fieldPos := pos
			line = line[quoteLen:]
			pos.col += quoteLen
			for {
				i := bytes.IndexByte(line, '"')
				if i >= 0 {
					// Hit next quote.
					r.text = append(r.text, line[:i]...)
					line = line[i+quoteLen:]
					pos.col += i + quoteLen
					switch {
					case len(line) > 0 && line[0] == '"':
						// `""` sequence (append quote).
						r.text = append(r.text, '"')
						line = line[quoteLen:]
						pos.col += quoteLen
					case len(line) > 0 && line[0] == ',':
						// `",` sequence (end of field).
						line = line[commaLen:]
						pos.col += commaLen
						r.ends = append(r.ends, len(r.text))
						r.fields = append(r.fields, fieldPos)
						continue parseField
					case lengthNL(line) == len(line):
						// `"\n` sequence (end of line).
						r.ends = append(r.ends, len(r.text))
						r.fields = append(r.fields, fieldPos)
						break parseField
					default:
						// `"*` sequence (invalid non-escaped quote).
						err = &csv.ParseError{StartLine: recLine, Line: r.line, Column: pos.col - quoteLen, Err: csv.ErrQuote}
						break parseField
					}
				} else if len(line) > 0 {
					// Hit end of line (copy all data so far).
					r.text = append(r.text, line...)
					if errRead != nil {
						break parseField
					}
					pos.col += len(line)
					line, errRead = r.readLine()
					if len(line) > 0 {
						pos.line++
						pos.col = 1
					}
					if errRead == io.EOF {
						errRead = nil
					}
				} else {
					// Abrupt end of file (EOF or error).
					if errRead == nil {
						err = &csv.ParseError{StartLine: recLine, Line: pos.line, Column: pos.col, Err: csv.ErrQuote}
						break parseField
					}
					r.ends = append(r.ends, len(r.text))
					r.fields = append(r.fields, fieldPos)
					break parseField
				}
			}
		}
	}
	if err == nil {
		err = errRead
	}

	// Create a single string and create slices out of it.
	str := string(r.text)
	rec := r.rec[:0]
	prev := 0
	for _, end := range r.ends {
		rec = append(rec, str[prev:end])
		prev = end
	}
	r.rec = rec
	return rec, err
}

// lengthNL reports the number of bytes for the trailing \n.
func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}

// readLine reads the next line, with its \n, or what is left before the
// end of the input or an error, as encoding/csv's readLine over a
// bufio.Reader's ReadSlice: a \r before the \n or the end is dropped, and
// if some bytes were read the error is never io.EOF. The line is a slice
// of the buffer, valid until the next readLine.
func (r *csvReader) readLine() ([]byte, error) {
	var line []byte
	var err error
	for scan := r.pos; ; {
		if i := bytes.IndexByte(r.buf[scan:r.end], '\n'); i >= 0 {
			line = r.buf[r.pos : scan+i+1]
			r.pos = scan + i + 1
			break
		}
		if r.err != nil {
			line = r.buf[r.pos:r.end]
			r.pos = r.end
			err, r.err = r.err, nil
			break
		}
		scan = r.end - r.pos // from the start of the buffer once fill moves the line there
		r.fill()
	}
	readSize := len(line)
	if readSize > 0 && err == io.EOF {
		err = nil
		// For backwards compatibility, drop trailing \r before EOF.
		if line[readSize-1] == '\r' {
			line = line[:readSize-1]
		}
	}
	r.line++
	r.offset += int64(readSize)
	// Normalize \r\n to \n on all input lines.
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, err
}

// errBadCount is the error of an io.Reader whose Read returned a count
// out of range (bufio.Reader panics then).
var errBadCount = errors.New("the reader returned an invalid count from Read")

// fill moves the unconsumed bytes to the start of the buffer, doubles the
// buffer if they fill it (a line longer than it), and reads more, as a
// bufio.Reader's fill: until r returns a byte or an error, and at most
// 100 times in a row nothing and no error (io.ErrNoProgress then).
func (r *csvReader) fill() {
	if r.pos > 0 {
		r.end = copy(r.buf, r.buf[r.pos:r.end])
		r.pos = 0
	}
	if r.end == len(r.buf) {
		r.buf = append(r.buf, make([]byte, len(r.buf))...)
	}
	for range 100 {
		n, err := r.r.Read(r.buf[r.end:])
		if n < 0 || n > len(r.buf)-r.end {
			r.err = errBadCount
			return
		}
		r.end += n
		if err != nil {
			r.err = err
			return
		}
		if n > 0 {
			return
		}
	}
	r.err = io.ErrNoProgress
}
