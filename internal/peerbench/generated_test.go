package peerbench_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/salesplan/salesplan/commission"
)

// peerPlanDir is the peer benchmark's folder (read-only; its programs are
// run with go run, which writes nothing there).
func peerPlanDir() string {
	if d := os.Getenv("SALESPLAN_PEER_PLAN"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "peer-plan")
}

// TestGenerated checks that salesplan writes gocalc's lines.csv and
// totals.csv byte for byte (C5 included, as TestEdge) on generated data.
// It runs only when asked, for it takes a few seconds:
//
//	SALESPLAN_PEER_100K=1 go test -run Generated ./internal/peerbench
//
// generates 100,000 deals and 1,000 reps with the peer's gen, runs its
// gocalc and compares; SALESPLAN_PEER_DATA=DIR compares on DIR/payees.csv
// and DIR/deals.csv against gocalc's output in DIR/gocalc (what
// scripts/peer-bench.sh leaves). SALESPLAN_PEER_PLAN names the peer's
// folder, ../shared/peer-plan by default.
func TestGenerated(t *testing.T) {
	dir := os.Getenv("SALESPLAN_PEER_DATA")
	if dir == "" {
		if os.Getenv("SALESPLAN_PEER_100K") == "" {
			t.Skip("set SALESPLAN_PEER_100K=1 (or SALESPLAN_PEER_DATA=DIR) to compare with gocalc on generated data")
		}
		dir = t.TempDir()
		peer, err := filepath.Abs(peerPlanDir())
		if err != nil {
			t.Fatal(err)
		}
		goRun(t, peer, "./gen", "-deals", "100000", "-payees", "1000", "-out", dir)
		goRun(t, peer, "./gocalc", "-data", dir, "-out", filepath.Join(dir, "gocalc"))
		// the benchmarks' copy of gen makes the same bytes
		payees, deals := genPeer(100_000, 1_000, 1)
		if !bytes.Equal(payees, readFile(t, filepath.Join(dir, "payees.csv"))) || !bytes.Equal(deals, readFile(t, filepath.Join(dir, "deals.csv"))) {
			t.Error("genPeer(100000, 1000, 1) differs from the peer's gen -deals 100000 -payees 1000")
		}
	}
	p := convert(t, readFile(t, filepath.Join(dir, "payees.csv")), readFile(t, filepath.Join(dir, "deals.csv")))
	wantL, wantT := expected(t, filepath.Join(dir, "gocalc"))
	for _, run := range []struct {
		name string
		opts []commission.RunOption
	}{
		{"explained", nil},
		{"bulk, one worker", []commission.RunOption{commission.WithoutExplanations(), commission.WithWorkers(1)}},
	} {
		t.Run(run.name, func(t *testing.T) {
			gotL, gotT := p.outputs(t, run.opts...)
			if err := firstDiff("lines.csv", wantL, gotL); err != nil {
				t.Error(err)
			}
			if err := firstDiff("totals.csv", wantT, gotT); err != nil {
				t.Error(err)
			}
		})
	}
}

func goRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", append([]string{"run"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run %v in %s: %v\n%s", args, dir, err, out)
	}
}

// firstDiff reports the first differing lines of two big files, and how
// many lines differ.
func firstDiff(name string, want, got []byte) error {
	if bytes.Equal(want, got) {
		return nil
	}
	w, g := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	var msg bytes.Buffer
	n := 0
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl []byte
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if bytes.Equal(wl, gl) {
			continue
		}
		if n < 10 {
			fmt.Fprintf(&msg, "line %d: want %q, got %q\n", i+1, wl, gl)
		}
		n++
	}
	return fmt.Errorf("%s: %d of %d lines differ (a line missing or extra shifts the rest); first:\n%s", name, n, len(w), msg.String())
}
