package anchor

import (
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum/common"
)

func TestMirrorFollowsMembersAndReorgs(t *testing.T) {
	e := newEnv(t)
	e.grow(10)
	// Two members anchor the same chain, each from its own node database.
	a := e.agent(Config{Interval: 8, Confirmations: 1}, 1)
	e.stepUntil(a, states(store.StateSettled, [2]uint64{0, 7}))
	otherDB := testenv.OpenStore(t)
	if _, err := e.followInto(otherDB); err != nil {
		t.Fatal(err)
	}
	b, err := NewAgent(Config{ChainID: workID, Registry: e.reg, Interval: 8, Confirmations: 1, Logger: testenv.Logger(t)}, otherDB, testenv.Sender(t, e.verif, 2))
	if err != nil {
		t.Fatal(err)
	}
	testenv.WaitFor(t, 30*time.Second, func() error {
		if err := b.Step(e.ctx); err != nil {
			t.Fatal(err)
		}
		return states(store.StateSettled, [2]uint64{0, 7})(mustCheckpoints(t, otherDB))
	})

	m := NewMirror(MirrorConfig{Registry: e.reg, Chunk: 3, Logger: testenv.Logger(t)}, e.verif.Client(), e.db)
	if err := m.Sync(e.ctx); err != nil {
		t.Fatal(err)
	}
	cov, err := e.db.MirrorCovering(e.ctx, workID, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(cov) != 2 || cov[0].Member == cov[1].Member || cov[0].Root != cov[1].Root {
		t.Fatalf("mirror covering height 5 = %+v, want both members with the same root", cov)
	}
	own := mustCheckpoints(t, e.db)[0]
	if cov[0].Member != e.verif.Accounts()[1].Address || cov[0].Hash != own.Hash || cov[0].TxHash != own.IncludedTx {
		t.Fatalf("mirrored checkpoint %+v does not match the agent's record %+v", cov[0], own)
	}

	// Reorganize the verification chain below member 2's checkpoint: the
	// mirror drops it until it is included again.
	parent, err := e.verif.Client().HeaderByNumber(e.ctx, new(big.Int).SetUint64(cov[1].VBlock-1))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.verif.Fork(parent.Hash()); err != nil {
		t.Fatal(err)
	}
	// The dropped checkpoint transaction is re-included by the sealer; the
	// mirror must end with both checkpoints at canonical blocks.
	filler := testenv.Sender(t, e.verif, 5)
	to := common.Address{0xf2}
	testenv.WaitFor(t, 30*time.Second, func() error {
		if _, err := filler.Send(e.ctx, &to, nil, big.NewInt(1)); err != nil {
			return err
		}
		if err := m.Sync(e.ctx); err != nil {
			return err
		}
		cov, err = e.db.MirrorCovering(e.ctx, workID, 5)
		if err != nil {
			return err
		}
		for _, c := range cov {
			h, err := e.verif.Client().HeaderByNumber(e.ctx, new(big.Int).SetUint64(c.VBlock))
			if err != nil || h.Hash() != c.VBlockHash {
				return errNotCanonical
			}
		}
		if len(cov) != 2 {
			return errNotCanonical
		}
		return nil
	})
}

var errNotCanonical = errors.New("mirror holds a checkpoint at a non-canonical block or misses one")

func mustCheckpoints(t *testing.T, db *store.DB) []*store.Checkpoint {
	t.Helper()
	cs, err := db.Checkpoints(t.Context(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}
