package ipfs

import (
	"context"
	"errors"
	"fmt"

	"github.com/ipfs/go-cid"
	ipld "github.com/ipfs/go-ipld-format"
)

// Fault is pinned content that this node's store no longer holds intact.
type Fault struct {
	// Root is the pinned CID (what a record's transaction names).
	Root cid.Cid
	// Altered are blocks under Root whose stored bytes no longer hash to
	// their CID; Missing are blocks that are gone.
	Altered, Missing []cid.Cid
}

// Text is f's CIDs as strings, for evidence and reports.
func (f Fault) Text() (root string, altered, missing []string) {
	for _, c := range f.Altered {
		altered = append(altered, c.String())
	}
	for _, c := range f.Missing {
		missing = append(missing, c.String())
	}
	return f.Root.String(), altered, missing
}

// SelfCheck re-reads every block of every recursively pinned DAG from this
// node's own store (it never asks peers) and hashes it against its CID.
// Reads already refuse such blocks (ErrCorrupt); SelfCheck finds them
// before anyone reads them. It returns one Fault per damaged root. It
// reads all pinned content, so its cost grows with the store.
func (n *Node) SelfCheck(ctx context.Context) ([]Fault, error) {
	roots, err := n.Pins(ctx)
	if err != nil {
		return nil, fmt.Errorf("ipfs: self-check: %w", err)
	}
	var faults []Fault
	for _, root := range roots {
		f, err := n.CheckRoot(ctx, root)
		if err != nil {
			return nil, err
		}
		if f != nil {
			faults = append(faults, *f)
		}
	}
	return faults, nil
}

// Pins lists the roots this node pins recursively: every record and
// profile it stores.
func (n *Node) Pins(ctx context.Context) ([]cid.Cid, error) {
	var roots []cid.Cid
	for p := range n.pinner.RecursiveKeys(ctx, false) {
		if p.Err != nil {
			return nil, fmt.Errorf("ipfs: list pins: %w", p.Err)
		}
		roots = append(roots, p.Pin.Key)
	}
	return roots, nil
}

// CheckRoot checks the blocks of one DAG in this node's store, as
// SelfCheck does; nil means the DAG is whole.
func (n *Node) CheckRoot(ctx context.Context, root cid.Cid) (*Fault, error) {
	f := &Fault{Root: root}
	seen := map[cid.Cid]bool{}
	var walk func(c cid.Cid) error
	walk = func(c cid.Cid) error {
		if seen[c] {
			return nil
		}
		seen[c] = true
		nd, err := n.dag.local.Get(ctx, c)
		switch {
		case errors.Is(err, ErrCorrupt):
			f.Altered = append(f.Altered, c)
			return nil
		case ipld.IsNotFound(err):
			f.Missing = append(f.Missing, c)
			return nil
		case err != nil:
			return fmt.Errorf("ipfs: self-check %s: %w", c, err)
		}
		for _, l := range nd.Links() {
			if err := walk(l.Cid); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root); err != nil {
		return nil, err
	}
	if len(f.Altered) == 0 && len(f.Missing) == 0 {
		return nil, nil
	}
	return f, nil
}

// ErrOnlyCopy is returned by Repair when no IPFS peer is connected: the
// content's only copy was this node's, and it is lost.
var ErrOnlyCopy = errors.New("ipfs: no peer to fetch the content from; this node held the only copy")

// Peers returns how many peers the node is connected to.
func (n *Node) Peers() int { return len(n.host.Network().Peers()) }

// Repair replaces the damaged blocks of f.Root: the altered ones are
// deleted from the store (their bytes are refused on every read anyway),
// and the DAG is fetched again from connected peers over bitswap, every
// block checked against its CID on arrival (its pin stays). Without a
// connected peer it changes nothing and returns ErrOnlyCopy; if no peer
// delivers before ctx ends it returns ErrNotFound, and the content stays
// missing until a peer that has it connects (Get and Pin fetch it then).
func (n *Node) Repair(ctx context.Context, f Fault) error {
	n.dialBootstrap(ctx) // a configured peer that came back since
	if n.Peers() == 0 {
		return fmt.Errorf("%w (%s)", ErrOnlyCopy, f.Root)
	}
	// An altered inner block hides the blocks below it, so repair in
	// rounds: drop what is altered, fetch what is missing, look again.
	cur := &f
	for round := 0; cur != nil; round++ {
		if round == 8 {
			return fmt.Errorf("%w: repair %s: %d blocks still damaged", ErrNotFound, f.Root, len(cur.Altered)+len(cur.Missing))
		}
		for _, c := range cur.Altered {
			if err := n.bs.DeleteBlock(ctx, c); err != nil {
				return fmt.Errorf("ipfs: repair %s: drop altered block %s: %w", f.Root, c, err)
			}
		}
		// Reading the whole file fetches every block it lacks from peers
		// (checked on arrival); the recursive pin record stays in place.
		if _, err := n.Get(ctx, f.Root); err != nil && !errors.Is(err, ErrCorrupt) {
			return fmt.Errorf("ipfs: repair %s: %w", f.Root, err)
		}
		var err error
		if cur, err = n.CheckRoot(ctx, f.Root); err != nil {
			return err
		}
	}
	n.log.Warn("damaged IPFS content fetched again from peers", "cid", f.Root, "altered", len(f.Altered), "missing", len(f.Missing))
	return nil
}

// LocalBlocks lists the blocks of root's DAG that this node stores (the
// attack simulator tampers with them). Blocks that cannot be read are
// listed too, without their children.
func (n *Node) LocalBlocks(ctx context.Context, root cid.Cid) ([]cid.Cid, error) {
	var out []cid.Cid
	seen := map[cid.Cid]bool{}
	var walk func(c cid.Cid) error
	walk = func(c cid.Cid) error {
		if seen[c] {
			return nil
		}
		seen[c] = true
		if ok, err := n.bs.Has(ctx, c); err != nil || !ok {
			return err
		}
		out = append(out, c)
		nd, err := n.dag.local.Get(ctx, c)
		if err != nil {
			return nil
		}
		for _, l := range nd.Links() {
			if err := walk(l.Cid); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root); err != nil {
		return nil, fmt.Errorf("ipfs: blocks of %s: %w", root, err)
	}
	return out, nil
}

// OnCorrupt sets f to hear of every read refused because stored content
// no longer matches its CID (the guard then runs its content self-check at
// once, without waiting for the next period). f must not block; nil
// removes it.
func (n *Node) OnCorrupt(f func(cid string)) {
	if f == nil {
		n.onCorrupt.Store(nil)
		return
	}
	n.onCorrupt.Store(&f)
}
