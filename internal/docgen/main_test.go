package main

import (
	"github.com/google/go-cmp/cmp"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestGeneratedFileIsUpToDate fails when a doc comment or a field of the
// document's types changed since strategy/schema_docs.go was generated.
func TestGeneratedFileIsUpToDate(t *testing.T) {
	root := filepath.Join("..", "..")
	got, err := generate(root, "strategy.Document", "strategy")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "strategy", "schema_docs.go")
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s is out of date: run go generate ./strategy (-file +generated):\n%s", path, diff)
	}
}

// TestGenerateFindsEverySection checks that the generator follows the
// document's fields into the packages of its sections.
func TestGenerateFindsEverySection(t *testing.T) {
	g := &generator{root: filepath.Join("..", ".."), module: "github.com/salesplan/salesplan", fset: token.NewFileSet(),
		pkgs: map[string]*pkgInfo{}, seen: map[string]bool{}, docs: map[string]string{}, consts: map[string][]string{}}
	if err := g.visit("strategy", "Document"); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{
		"strategy.Document.Version", "strategy.Member.Assignments", "calendar.Calendar.StartMonth",
		"targets.Quota.Owner", "process.StageDef.Probability", "commission.PlanDef.Horizon",
		"commission.Mode=highest", "commission.TableDef",
	} {
		if g.docs[key] == "" {
			t.Errorf("no doc for %s", key)
		}
	}
	if got := g.consts["commission.Mode"]; !slices.Contains(got, "highest") || !slices.Contains(got, "step") {
		t.Errorf("commission.Mode values: %q", got)
	}
	if _, err := generate(filepath.Join("..", ".."), "strategy.NoSuchType", "strategy"); err == nil {
		t.Errorf("generate of an unknown type: no error")
	}
}
