package bench

import (
	"context"
	"testing"
)

// TestRunConsortiumTiny runs the consortium benchmark's code paths on four
// validators (the fewest with a colluding majority) and a handful of writes.
func TestRunConsortiumTiny(t *testing.T) {
	if testing.Short() {
		t.Skip("starts validators")
	}
	res, err := RunConsortium(context.Background(), ConsortiumConfig{Validators: 4, Writes: 8, Writers: 2, Blocks: 3, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if res.Consortium.PerSec <= 0 || res.Dev.PerSec <= 0 || res.BlockIntervalP50Ms < 500 || res.TxsPerBlock <= 0 || res.ForkMs <= 0 {
		t.Fatalf("implausible figures: %+v", res)
	}
	t.Logf("\n%s", res.Markdown())
}
