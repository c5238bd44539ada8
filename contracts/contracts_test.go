package contracts_test

import "testing"

// TestContracts exercises every function of the three contracts on a real
// embedded chain, in one scenario (later steps build on earlier state):
// success, each role or permission failure with its custom error, and the
// events. It then checks the measured gas against docs/gas.md.
func TestContracts(t *testing.T) {
	f := newFixture(t)
	t.Run("Identity", func(t *testing.T) { testIdentity(t, f) })
	t.Run("EMR", func(t *testing.T) { testEMR(t, f) })
	t.Run("AnchorRegistry", func(t *testing.T) { testRegistry(t, f) })
	if t.Failed() {
		return
	}
	const steady = "AnchorRegistry.submitCheckpoint (steady state, 128 blocks, new range)"
	if g := f.gas.gas[steady]; g == 0 || g > 80_000 {
		t.Errorf("checkpoint gas = %d, want 0 < gas <= 80,000", g)
	}
	f.gas.checkGolden(t)
}
