// Package jsonstream writes a JSON object as encoding/json's
// MarshalIndent(v, "", "  ") writes it, byte for byte, with the elements
// of its long arrays marshalled and written one at a time: the document
// of a run of a million deals is written without being made in memory.
package jsonstream

import (
	"bufio"
	"encoding/json"
	"io"
)

// Object writes one JSON object: the fields in the order given, as
// MarshalIndent with the indent "  " writes a struct's.
type Object struct {
	bw     *bufio.Writer
	fields int
	err    error
}

// New starts an object written to w.
func New(w io.Writer) *Object {
	o := &Object{bw: bufio.NewWriterSize(w, 64<<10)}
	o.bw.WriteByte('{')
	return o
}

func (o *Object) name(name string) {
	if o.fields > 0 {
		o.bw.WriteByte(',')
	}
	o.fields++
	o.bw.WriteString("\n  ")
	b, _ := json.Marshal(name)
	o.bw.Write(b)
	o.bw.WriteString(": ")
}

// Field writes the field name with the value v, as a struct field of v's
// value writes it.
func (o *Object) Field(name string, v any) {
	if o.err != nil {
		return
	}
	b, err := json.MarshalIndent(v, "  ", "  ")
	if err != nil {
		o.err = err
		return
	}
	o.name(name)
	o.bw.Write(b)
}

// Array writes the field name with an array of n elements, elem(i) the
// i-th, marshalled one at a time: as a struct field of a slice of them
// writes it ([] for none).
func (o *Object) Array(name string, n int, elem func(i int) any) {
	if o.err != nil {
		return
	}
	o.name(name)
	if n == 0 {
		o.bw.WriteString("[]")
		return
	}
	o.bw.WriteString("[\n")
	for i := range n {
		b, err := json.MarshalIndent(elem(i), "    ", "  ")
		if err != nil {
			o.err = err
			return
		}
		o.bw.WriteString("    ")
		o.bw.Write(b)
		if i < n-1 {
			o.bw.WriteByte(',')
		}
		o.bw.WriteByte('\n')
	}
	o.bw.WriteString("  ]")
}

// Close ends the object and flushes it; it returns the first error of a
// value's marshalling or of the writer.
func (o *Object) Close() error {
	if o.err != nil {
		return o.err
	}
	if o.fields > 0 {
		o.bw.WriteByte('\n')
	}
	o.bw.WriteByte('}')
	return o.bw.Flush()
}
