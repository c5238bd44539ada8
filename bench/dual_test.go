package bench_test

import (
	"strings"
	"testing"
	"time"

	"github.com/dualchain/dualchain/bench"
	"github.com/dualchain/dualchain/internal/testenv"
)

// TestRunAnchoringTiny runs the anchoring experiment's code paths on tiny
// settings and checks the report's structure (not its speed).
func TestRunAnchoringTiny(t *testing.T) {
	res, err := bench.RunAnchoring(testenv.Context(t, 2*time.Minute), bench.AnchoringConfig{Sizes: []uint64{16, 32}, Checks: 3, Logger: testenv.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 2 {
		t.Fatalf("got %d rows, want 2", len(res.Rows))
	}
	for _, r := range res.Rows {
		if r.CheckpointGas == 0 || r.ProofBytes == 0 || r.CheckP50Ms <= 0 || r.GasPerBlock != float64(r.CheckpointGas)/float64(r.Blocks) {
			t.Fatalf("row %+v has missing or inconsistent figures", r)
		}
	}
	if res.Rows[1].ProofSiblings != res.Rows[0].ProofSiblings+1 {
		t.Fatalf("siblings %d → %d: doubling the range should add one", res.Rows[0].ProofSiblings, res.Rows[1].ProofSiblings)
	}
	if md := res.Markdown(); !strings.Contains(md, "| 32 |") {
		t.Fatalf("markdown lacks the 32-block row:\n%s", md)
	}
}
