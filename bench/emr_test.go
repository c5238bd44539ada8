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
	res, err := RunAttack(ctx, AttackConfig{Trials: 3, ScenarioTrials: 2, RestoreBlocks: 40, Logger: testenv.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + res.Markdown())
	if res.Detected != 3 || res.RecordsLost != 0 || res.RecordsChecked < 3 || res.RestoreBlocks < 40 || res.ForkMs <= 0 || res.ForkImported == 0 || res.ForkReplayed == 0 {
		t.Fatalf("result %+v", res)
	}
	// Every scenario ran, detected each of its trials and lost nothing.
	for _, name := range []string{ScenarioAnchoredRewrite, ScenarioUnanchoredRewrite, ScenarioTamperArchive, ScenarioTamperIPFS, ScenarioHalt, ScenarioFalseCheckpoint} {
		sc := res.Scenario(name)
		switch {
		case sc == nil:
			t.Errorf("scenario %q did not run", name)
		case sc.Trials < 1 || sc.Detected != sc.Trials || len(sc.DetectMs) != sc.Detected:
			t.Errorf("scenario %q: %d of %d trials detected, %d samples", name, sc.Detected, sc.Trials, len(sc.DetectMs))
		case sc.RecordsLost != 0 || sc.RecordsChecked == 0:
			t.Errorf("scenario %q: %d of %d records lost", name, sc.RecordsLost, sc.RecordsChecked)
		}
	}
}
