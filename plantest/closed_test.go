package plantest

import (
	"os"
	"testing"

	"github.com/salesplan/salesplan/strategy"
)

// TestChainRunsOnce checks that a test another starts after (after:
// NAME) is paid out once per subject, not again by each later test, and
// that the results are the same on a second run of the file.
func TestChainRunsOnce(t *testing.T) {
	s, err := strategy.Load("../examples/northwind/strategy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Load(os.DirFS("../examples/northwind"), "tests/payouts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	first := f.Run(s)
	if len(f.closed.m) != 1 {
		t.Errorf("%d payouts kept, want 1 (the test the next starts after)", len(f.closed.m))
	}
	again := f.Run(s)
	for i := range first {
		if !first[i].Passed() || !again[i].Passed() || first[i].Diff() != again[i].Diff() {
			t.Errorf("%s: %v then %v\n%s", first[i].Name, first[i].Passed(), again[i].Passed(), again[i].Diff())
		}
	}
}
