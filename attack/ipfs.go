package attack

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/ipfs/go-cid"
)

// BlockTamperer is this node's IPFS store as the tampering attack needs it
// (ipfs.Node has it).
type BlockTamperer interface {
	// LocalBlocks lists the stored blocks of root's DAG.
	LocalBlocks(ctx context.Context, root cid.Cid) ([]cid.Cid, error)
	// CorruptBlockForTest overwrites a stored block's bytes, bypassing
	// every check, as an intruder with write access to the disk could.
	CorruptBlockForTest(ctx context.Context, c cid.Cid, data []byte) error
}

// TamperIPFS overwrites every stored IPFS block of record version id's
// (encrypted) content in this node's blockstore with random bytes of the
// same length class, as an intruder or a disk fault could. The chain still
// names the content by its CID, so reads refuse it and the self-check
// finds it.
func (t *Target) TamperIPFS(ctx context.Context, id uint64) (*Result, error) {
	if t.Blocks == nil {
		return nil, fmt.Errorf("%w: this node has no IPFS store to tamper with", ErrBadAttack)
	}
	rec, err := t.EMR.Record(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("%w: record %d: %v", ErrBadAttack, id, err)
	}
	root, err := cid.Decode(rec.CID)
	if err != nil {
		return nil, fmt.Errorf("%w: record %d names no CID (%q): %v", ErrBadAttack, id, rec.CID, err)
	}
	bs, err := t.Blocks.LocalBlocks(ctx, root)
	if err != nil {
		return nil, err
	}
	if len(bs) == 0 {
		return nil, fmt.Errorf("%w: this node stores no block of record %d's content %s", ErrBadAttack, id, root)
	}
	res := &Result{Kind: "tamper-ipfs", Record: id, At: time.Now()}
	for _, c := range bs {
		junk := make([]byte, 64)
		rand.Read(junk)
		if err := t.Blocks.CorruptBlockForTest(ctx, c, junk); err != nil {
			return nil, err
		}
		res.CIDs = append(res.CIDs, c.String())
	}
	return res, nil
}
