package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/salesplan/salesplan/diag"
	"github.com/salesplan/salesplan/strategy"
)

func fmtTestEnv(stdin string) (*env, *bytes.Buffer, *bytes.Buffer) {
	var out, errs bytes.Buffer
	return &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errs}, &out, &errs
}

func TestSchemaCmd(t *testing.T) {
	e, out, _ := fmtTestEnv("")
	if err := schemaCmd(e, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), strategy.Schema()) {
		t.Errorf("schema prints something else than strategy.Schema")
	}
	path := filepath.Join(t.TempDir(), "strategy.schema.json")
	e, out, _ = fmtTestEnv("")
	if err := schemaCmd(e, []string{"--out", path}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || !bytes.Equal(b, strategy.Schema()) {
		t.Errorf("--out: %v", err)
	}
	if out.Len() != 0 {
		t.Errorf("--out also printed %q", out)
	}
	if err := schemaCmd(e, []string{"extra"}); !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "want no arguments, got 1") {
		t.Errorf("an argument: got %v, want a usage error", err)
	}
}

const (
	fmtMessy     = "name: N\ncurrency: USD\nversion: 1 # first\n"
	fmtCanonical = "version: 1 # first\nname: N\ncurrency: USD\n"
)

func TestFmtCmd(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		return path
	}
	read := func(path string) string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	t.Run("rewrites in place, keeping the mode", func(t *testing.T) {
		path := write("a.yaml", fmtMessy, 0o600)
		e, out, _ := fmtTestEnv("")
		if err := fmtCmd(e, []string{path}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(fmtCanonical, read(path)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600", info.Mode().Perm())
		}
		if out.Len() != 0 {
			t.Errorf("printed %q", out)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(left) > 0 {
			t.Errorf("temporary files left: %v", left)
		}
	})

	t.Run("leaves a formatted file alone", func(t *testing.T) {
		path := write("b.yaml", fmtCanonical, 0o644)
		old := time.Unix(1_000_000_000, 0)
		if err := os.Chtimes(path, old, old); err != nil {
			t.Fatal(err)
		}
		e, _, _ := fmtTestEnv("")
		if err := fmtCmd(e, []string{path}); err != nil {
			t.Fatal(err)
		}
		if info, _ := os.Stat(path); !info.ModTime().Equal(old) {
			t.Errorf("the file was written again")
		}
	})

	t.Run("check lists what would change and fails", func(t *testing.T) {
		a := write("c.yaml", fmtMessy, 0o644)
		b := write("d.yaml", fmtCanonical, 0o644)
		e, out, _ := fmtTestEnv("")
		err := fmtCmd(e, []string{"--check", a, b})
		if !errors.Is(err, notFormatted) {
			t.Fatalf("got %v, want a not-formatted error", err)
		}
		if want := a + " is not in the canonical layout: salesplan fmt FILE rewrites it"; err.Error() != want {
			t.Errorf("error %q, want %q", err, want)
		}
		if out.String() != a+"\n" {
			t.Errorf("stdout %q, want %q", out, a+"\n")
		}
		if read(a) != fmtMessy {
			t.Errorf("--check wrote the file")
		}
		e, out, _ = fmtTestEnv("")
		if err := fmtCmd(e, []string{b, "--check"}); err != nil || out.Len() != 0 {
			t.Errorf("--check of a formatted file: %v, %q", err, out)
		}
	})

	t.Run("standard input to standard output", func(t *testing.T) {
		e, out, _ := fmtTestEnv(fmtMessy)
		if err := fmtCmd(e, []string{"-"}); err != nil {
			t.Fatal(err)
		}
		if out.String() != fmtCanonical {
			t.Errorf("got %q", out)
		}
		e, out, _ = fmtTestEnv(fmtMessy)
		if err := fmtCmd(e, []string{"--check", "-"}); !errors.Is(err, notFormatted) || out.String() != "standard input\n" {
			t.Errorf("--check -: %v, %q", err, out)
		}
	})

	t.Run("a bad file is reported, the others done", func(t *testing.T) {
		bad := write("e.yaml", "version: 1\nname: [a,\n", 0o644)
		good := write("f.yaml", fmtMessy, 0o644)
		e, _, _ := fmtTestEnv("")
		err := fmtCmd(e, []string{bad, good, filepath.Join(dir, "none.yaml")})
		var list diag.List
		if !errors.As(err, &list) || len(list) != 2 {
			t.Fatalf("got %v, want two problems", err)
		}
		if want := bad + ":3: not valid YAML: did not find expected node content"; list[0].Error() != want {
			t.Errorf("got  %s\nwant %s", list[0], want)
		}
		if !strings.Contains(list[1].Error(), "none.yaml") || list[1].Code != "io" {
			t.Errorf("got %s [%s], want the missing file", list[1], list[1].Code)
		}
		if read(good) != fmtCanonical {
			t.Errorf("the good file was not formatted")
		}
	})

	t.Run("a symbolic link is followed", func(t *testing.T) {
		target := write("g.yaml", fmtMessy, 0o644)
		link := filepath.Join(dir, "link.yaml")
		if err := os.Symlink(target, link); err != nil {
			t.Skip(err)
		}
		e, _, _ := fmtTestEnv("")
		if err := fmtCmd(e, []string{link}); err != nil {
			t.Fatal(err)
		}
		if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
			t.Errorf("the link was replaced")
		}
		if read(target) != fmtCanonical {
			t.Errorf("the target was not formatted")
		}
	})

	t.Run("usage", func(t *testing.T) {
		e, _, _ := fmtTestEnv("")
		if err := fmtCmd(e, nil); !errors.Is(err, errUsage) {
			t.Errorf("no file: got %v, want a usage error", err)
		}
		if err := fmtCmd(e, []string{"--check", "--check", "x.yaml"}); !errors.Is(err, errUsage) {
			t.Errorf("--check twice: got %v, want a usage error", err)
		}
		if err := fmtCmd(e, []string{"--write", "x.yaml"}); !errors.Is(err, errUsage) {
			t.Errorf("unknown flag: got %v, want a usage error", err)
		}
	})
}

// TestFmtExamples checks that the bundled examples are in the canonical
// layout, as salesplan fmt --check in CI would.
func TestFmtExamples(t *testing.T) {
	files, err := filepath.Glob("../../examples/*/strategy.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	e, out, _ := fmtTestEnv("")
	if err := fmtCmd(e, append([]string{"--check"}, files...)); err != nil {
		t.Errorf("%v\n%s", err, out)
	}
}
