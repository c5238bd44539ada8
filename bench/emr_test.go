package bench

import (
	"testing"
	"time"

	"github.com/dualchain/dualchain/internal/testenv"
)

// TestRunEMRTiny runs the EMR benchmark's code paths on tiny settings and
// checks that every figure was measured (figures are never asserted).
func TestRunEMRTiny(t *testing.T) {
	ctx := testenv.Context(t, 3*time.Minute)
	res, err := RunEMR(ctx, EMRConfig{Writes: 8, Reads: 10, Concurrency: 2, Logger: testenv.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + res.Markdown())
	if res.RawTxPerSec <= 0 || res.WritesPerSec <= 0 || res.ReadP50Ms <= 0 || res.Attachment1MiBReadMs <= 0 || res.PeakRSSMiB <= 0 {
		t.Fatalf("missing figures: %+v", res)
	}
}

func TestRunDualTiny(t *testing.T) {
	ctx := testenv.Context(t, 3*time.Minute)
	res, err := RunDual(ctx, EMRConfig{Writes: 6, Reads: 6, Logger: testenv.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + res.Markdown())
	if res.Single.WriteP50Ms <= 0 || res.Dual.WriteP50Ms <= 0 || res.RecordProofBytes == 0 || res.RecordProofCheckMs <= 0 {
		t.Fatalf("missing figures: %+v", res)
	}
}

func TestRunAttackTiny(t *testing.T) {
	ctx := testenv.Context(t, 4*time.Minute)
	res, err := RunAttack(ctx, AttackConfig{Trials: 3, RestoreBlocks: 40, Logger: testenv.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + res.Markdown())
	if res.Detected != 3 || res.RecordsLost != 0 || res.RecordsChecked != 3 || res.RestoreBlocks < 40 {
		t.Fatalf("result %+v", res)
	}
}
