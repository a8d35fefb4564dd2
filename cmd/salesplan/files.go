package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/salesplan/salesplan/diag"
)

// readInput reads a file, or standard input for -.
func readInput(e *env, path string) ([]byte, error) {
	if path == "-" {
		if e.stdin == nil {
			return nil, errors.New("standard input: nothing to read")
		}
		return io.ReadAll(e.stdin)
	}
	return os.ReadFile(path)
}

// output is a file a command writes: its path ("" or - for standard
// output) and its whole content, or, with write set, what write writes
// (to the file as it is made: a document of a million deals is not held
// in memory).
type output struct {
	path  string
	data  []byte
	write func(w io.Writer) error
}

// writeOutputs writes each output whole or not at all: every file first to
// a temporary file in its own folder, and only when they all are written,
// each is renamed into place, in order. A command that fails before it
// calls writeOutputs leaves every file as it was. Standard output is
// written last.
func writeOutputs(e *env, outs ...output) error {
	type pending struct{ tmp, path string }
	var done []pending
	cleanup := func() {
		for _, p := range done {
			os.Remove(p.tmp)
		}
	}
	var stdout [][]byte
	for _, o := range outs {
		if o.path == "" || o.path == "-" {
			if o.write != nil {
				var b bytes.Buffer
				if err := o.write(&b); err != nil {
					cleanup()
					return err
				}
				o.data = b.Bytes()
			}
			stdout = append(stdout, o.data)
			continue
		}
		tmp, err := writeTemp(o)
		if err != nil {
			cleanup()
			return err
		}
		done = append(done, pending{tmp, o.path})
	}
	for i, p := range done {
		if err := os.Rename(p.tmp, p.path); err != nil {
			for _, q := range done[i:] {
				os.Remove(q.tmp)
			}
			return fmt.Errorf("%s: %w", p.path, err)
		}
	}
	for _, b := range stdout {
		if _, err := e.stdout.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// writeTemp writes o to a new temporary file beside its path, synced to
// disk, and returns its name. An error of o.write is returned as it is.
func writeTemp(o output) (string, error) {
	path := o.path
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("%s: cannot write: %w", path, err)
	}
	if o.write != nil {
		bw := bufio.NewWriterSize(f, 64<<10) // a writer may write a field at a time
		if err := o.write(bw); err != nil {
			f.Close()
			os.Remove(f.Name())
			return "", err
		}
		err = bw.Flush()
	} else {
		_, err = f.Write(o.data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("%s: cannot write: %w", path, err)
	}
	return f.Name(), nil
}

// didYouMean suggests the known id closest to id, or "".
func didYouMean(id string, known []string) string { return diag.DidYouMean(id, known) }
