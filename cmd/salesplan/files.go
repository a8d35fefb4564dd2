package main

import (
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
// output) and its whole content.
type output struct {
	path string
	data []byte
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
			stdout = append(stdout, o.data)
			continue
		}
		tmp, err := writeTemp(o.path, o.data)
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

// writeTemp writes data to a new temporary file beside path, synced to
// disk, and returns its name.
func writeTemp(path string, data []byte) (string, error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("%s: cannot write: %w", path, err)
	}
	_, err = f.Write(data)
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
