package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestBadInputCatalogue runs the hostile inputs of testdata/bad: one file
// a case, each a txtar-like archive of the command line (args, with
// $NORTHWIND and $DEALS for the bundled example), the exit code it must
// give (1 for bad input, 2 for usage), the lines its standard error must
// hold (each a substring of one line, in order), optionally the lines its
// standard output must hold (stdout: salesplan test reports a failed test
// there) and the files it reads.
// Every case must fail cleanly: the exit code, the message that names the
// file and position (or the deal and field), no panic, no output file
// left behind (the folder holds the case's own files and nothing else
// afterwards), and no hang.
func TestBadInputCatalogue(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases in testdata/bad: %v", err)
	}
	northwindAbs, _ := filepath.Abs(northwind)
	dealsAbs, _ := filepath.Abs(deals)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			c, err := parseCase(src)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			dir := t.TempDir()
			for _, cf := range c.files {
				p := filepath.Join(dir, cf.name)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, cf.data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			expand := func(list []string) []string {
				args := make([]string, len(list))
				for i, a := range list {
					a = strings.ReplaceAll(a, "$NORTHWIND", northwindAbs)
					a = strings.ReplaceAll(a, "$DEALS", dealsAbs)
					if !filepath.IsAbs(a) && !strings.HasPrefix(a, "-") && (fileNamed(c, a) || exists(filepath.Join(dir, a)) || (i > 0 && strings.HasSuffix(list[i-1], "-out"))) {
						a = filepath.Join(dir, a)
					}
					args[i] = strings.ReplaceAll(a, "$DIR", dir)
				}
				return args
			}
			// setup commands make the files a case starts from (a ledger
			// closed by this salesplan), then replacements edit them
			for _, line := range c.setup {
				var o, e bytes.Buffer
				if code := run(expand(strings.Fields(line)), nil, &o, &e); code != 0 {
					t.Fatalf("setup %s: exit %d: %s", line, code, e.String())
				}
			}
			for _, r := range c.replace {
				p := filepath.Join(dir, r.file)
				b, err := os.ReadFile(p)
				if err != nil || !bytes.Contains(b, []byte(r.old)) {
					t.Fatalf("replace in %s: %q not found (%v)", r.file, r.old, err)
				}
				os.WriteFile(p, bytes.Replace(b, []byte(r.old), []byte(r.new), 1), 0o644)
			}
			before := listDir(t, dir)
			args := expand(c.args)
			var stdout, stderr bytes.Buffer
			code := make(chan int, 1)
			go func() {
				defer func() {
					if r := recover(); r != nil {
						stderr.WriteString(fmt.Sprintf("panic: %v", r))
						code <- -1
					}
				}()
				code <- run(args, bytes.NewReader(c.stdin), &stdout, &stderr)
			}()
			var got int
			select {
			case got = <-code:
			case <-time.After(20 * time.Second):
				t.Fatalf("no answer in 20 s: a hang")
			}
			errText := strings.ReplaceAll(stderr.String(), dir+string(filepath.Separator), "")
			errText = strings.ReplaceAll(errText, northwindAbs, "$NORTHWIND")
			if got != c.exit {
				t.Errorf("exit %d, want %d; stderr:\n%s", got, c.exit, errText)
			}
			if strings.Contains(errText, "panic") || strings.Contains(errText, "goroutine ") {
				t.Errorf("a panic:\n%s", errText)
			}
			holds := func(stream, text string, wants []string) {
				lines := strings.Split(text, "\n")
				at := 0
				for _, want := range wants {
					i := slices.IndexFunc(lines[at:], func(l string) bool { return strings.Contains(l, want) })
					if i < 0 {
						t.Errorf("%s has no line with %q (after line %d):\n%s", stream, want, at, text)
						break
					}
					at += i // the next may stand on the same line
				}
			}
			holds("stderr", errText, c.stderr)
			outText := strings.ReplaceAll(stdout.String(), dir+string(filepath.Separator), "")
			holds("stdout", outText, c.stdout)
			if after := listDir(t, dir); !slices.Equal(before, after) {
				t.Errorf("the folder changed: before %v, after %v", before, after)
			}
		})
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func fileNamed(c *badCase, name string) bool {
	return slices.ContainsFunc(c.files, func(f caseFile) bool { return f.name == name || strings.HasPrefix(name, filepath.Dir(f.name)+"/") })
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && p != dir {
			rel, _ := filepath.Rel(dir, p)
			info, _ := d.Info()
			out = append(out, fmt.Sprintf("%s %d %s", rel, info.Size(), info.ModTime().Format(time.RFC3339Nano)))
		}
		return nil
	})
	return out
}

type caseFile struct {
	name string
	data []byte
}

type replacement struct{ file, old, new string }

type badCase struct {
	setup   []string
	replace []replacement
	args    []string
	hasArgs bool
	exit    int
	stderr  []string
	stdout  []string
	stdin   []byte
	files   []caseFile
}

// parseCase reads a case: sections opened by a line "-- name --"; args
// (one argument a line, or one line split on spaces), exit, stderr,
// stdout and stdin are the case's; setup holds commands run first (one a line),
// "replace FILE" edits a file after them (old => new, a line each); any
// other section is a file of the case. Text before the first section is
// a comment.
func parseCase(src []byte) (*badCase, error) {
	c := &badCase{exit: -1}
	var name string
	var body []byte
	flush := func() error {
		switch name {
		case "":
		case "args":
			c.hasArgs = true
			ls := strings.Split(strings.TrimRight(string(body), "\n"), "\n")
			if len(ls) == 1 && ls[0] == "" {
				c.args = nil
			} else if len(ls) == 1 {
				c.args = strings.Fields(ls[0])
			} else {
				c.args = ls
			}
		case "exit":
			n, err := strconv.Atoi(strings.TrimSpace(string(body)))
			if err != nil {
				return fmt.Errorf("exit: %v", err)
			}
			c.exit = n
		case "stderr":
			for _, l := range strings.Split(strings.TrimRight(string(body), "\n"), "\n") {
				if l != "" {
					c.stderr = append(c.stderr, l)
				}
			}
		case "stdout":
			for _, l := range strings.Split(strings.TrimRight(string(body), "\n"), "\n") {
				if l != "" {
					c.stdout = append(c.stdout, l)
				}
			}
		case "stdin":
			c.stdin = body
		case "setup":
			c.setup = append(c.setup, strings.Split(strings.TrimSpace(string(body)), "\n")...)
		default:
			if file, ok := strings.CutPrefix(name, "replace "); ok {
				for _, l := range strings.Split(strings.TrimRight(string(body), "\n"), "\n") {
					old, new, ok := strings.Cut(l, " => ")
					if !ok {
						return fmt.Errorf("replace %s: want old => new, got %q", file, l)
					}
					c.replace = append(c.replace, replacement{file, old, new})
				}
				return nil
			}
			c.files = append(c.files, caseFile{name, body})
		}
		return nil
	}
	for _, line := range bytes.SplitAfter(src, []byte("\n")) {
		l := strings.TrimRight(string(line), "\n")
		if strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") && len(l) > 6 {
			if err := flush(); err != nil {
				return nil, err
			}
			name, body = strings.TrimSpace(l[3:len(l)-3]), nil
			continue
		}
		if name != "" {
			body = append(body, line...)
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if !c.hasArgs || c.exit < 0 || len(c.stderr) == 0 {
		return nil, fmt.Errorf("a case needs args, exit and stderr sections")
	}
	return c, nil
}
