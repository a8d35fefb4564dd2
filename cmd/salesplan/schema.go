package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/strategy"
)

// notFormatted is the code of the error of fmt --check when a file is not
// in the canonical layout.
const notFormatted diag.Code = "not-formatted"

// schemaCmd prints the JSON Schema (draft 2020-12) of a strategy
// document, for editors that check YAML against a schema:
//
//	salesplan schema [--out FILE]
func schemaCmd(e *env, args []string) error {
	fs := newFlags(e, "schema")
	out := fs.String("out", "", "write the schema to this `file` (default: standard output)")
	if _, err := parseArgs(fs, args, 0, "no arguments"); err != nil {
		return err
	}
	return writeOutputs(e, output{path: *out, data: strategy.Schema()})
}

// fmtCmd rewrites strategy documents in their canonical layout, in place,
// or with --check lists those that are not in it:
//
//	salesplan fmt [--check] STRATEGY.yaml ...
//
// - formats standard input to standard output. A file already in the
// layout is not written; a file that changes is written whole or not at
// all. With --check nothing is written: the files that would change are
// listed on standard output, one a line, and the command fails (exit 1)
// if there is any. Every file is done even when one fails.
func fmtCmd(e *env, args []string) error {
	fs := newFlags(e, "fmt")
	check := fs.Bool("check", false, "write nothing: list the files not in the canonical layout, and fail if there is one")
	files, err := parseArgs(fs, args, -1, "one or more strategy files (- for standard input)")
	if err != nil {
		return err
	}
	var list diag.List
	var changed []string
	for _, path := range files {
		name := path
		if path == "-" {
			name = "standard input"
		}
		src, err := readInput(e, path)
		if err != nil {
			list = append(list, &diag.Problem{Pos: diag.Pos{File: name}, Code: "io", Message: err.Error()})
			continue
		}
		out, err := strategy.Format(name, src)
		if err != nil {
			appendProblems(&list, name, err)
			continue
		}
		same := bytes.Equal(src, out)
		switch {
		case *check:
			if !same {
				changed = append(changed, name)
				fmt.Fprintln(e.stdout, name)
			}
		case path == "-":
			if _, err := e.stdout.Write(out); err != nil {
				return err
			}
		case !same:
			if err := replaceFile(path, out); err != nil {
				list = append(list, &diag.Problem{Pos: diag.Pos{File: name}, Code: "io", Message: err.Error()})
			}
		}
	}
	if len(changed) > 0 {
		what := fmt.Sprintf("%d files are", len(changed))
		if len(changed) == 1 {
			what = changed[0] + " is"
		}
		list = append(list, &diag.Problem{Code: notFormatted,
			Message: what + " not in the canonical layout: salesplan fmt FILE rewrites it"})
	}
	if len(list) > 0 {
		return list
	}
	return nil
}

// appendProblems adds the problems of err, a diag.List or another error,
// to list.
func appendProblems(list *diag.List, file string, err error) {
	var l diag.List
	if errors.As(err, &l) {
		*list = append(*list, l...)
		return
	}
	*list = append(*list, &diag.Problem{Pos: diag.Pos{File: file}, Code: diag.InvalidInput, Message: err.Error()})
}

// replaceFile writes data to the file at path whole or not at all (a
// temporary file beside it, renamed into place), keeping its mode; a
// symbolic link is followed, not replaced.
func replaceFile(path string, data []byte) error {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := writeTemp(output{path: path, data: data})
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, info.Mode().Perm()); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
