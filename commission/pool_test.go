package commission_test

import (
	"os"
	"testing"

	"github.com/salesplan/salesplan/plantest"
)

// TestPoolCases runs the hand-worked team pools of testdata/pools.
func TestPoolCases(t *testing.T) {
	plantest.Run(t, os.DirFS("testdata/pools"), "strategy.yaml")
}
