package guard

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ContentChecker checks the record content this node stores (its IPFS
// blocks) against the content identifiers the working chain holds.
// cmd/dualchain wires ipfs.Node.SelfCheck and the EMR index into one.
type ContentChecker interface {
	// CheckContent returns every piece of pinned content with a block
	// that no longer hashes to its CID, or is gone.
	CheckContent(ctx context.Context) ([]ContentFault, error)
}

// ContentFault is a piece of stored content (one pinned IPFS root, the
// encrypted form of a record version) that this node no longer holds
// intact. It is the evidence of a local_data_tampered incident.
type ContentFault struct {
	// Root is the content's CID, as the record's transaction names it.
	Root string `json:"root"`
	// Blocks are the IPFS blocks under Root whose stored bytes no longer
	// match their CID; Missing those that are gone.
	Blocks  []string `json:"blocks,omitempty"`
	Missing []string `json:"missing,omitempty"`
	// Records are the record versions (chain ids) whose content it is.
	Records []uint64 `json:"records,omitempty"`
	// Restore says what a restore can do: re-fetch from IPFS peers that
	// pinned the same content, or nothing, when this node holds the only
	// copy (single-node dev mode).
	Restore string `json:"restore,omitempty"`
}

// contentKeyPrefix marks the local_data_tampered incidents of stored
// content; the others are about the block archive.
const contentKeyPrefix = "ipfs "

// CheckContent runs the content self-check now (it also runs every
// FullCheck period), raises local_data_tampered for each damaged piece of
// content and resolves the ones that are whole again. It returns the
// faults found; without Config.Content it does nothing.
func (g *Guard) CheckContent(ctx context.Context) ([]ContentFault, error) {
	g.mu.Lock()
	content := g.cfg.Content
	g.mu.Unlock()
	if content == nil {
		return nil, nil
	}
	seen := time.Now()
	faults, err := content.CheckContent(ctx)
	if err != nil {
		return nil, fmt.Errorf("guard: content self-check: %w", err)
	}
	still := map[string]bool{}
	for _, f := range faults {
		key := contentKeyPrefix + f.Root
		still[key] = true
		what := "record content"
		if len(f.Records) > 0 {
			ids := make([]string, len(f.Records))
			for i, id := range f.Records {
				ids[i] = fmt.Sprint(id)
			}
			what = "the content of record " + strings.Join(ids, ", ")
		}
		g.raise(ctx, KindLocalTamper, key, "high",
			fmt.Sprintf("%s (IPFS %s) is damaged in this node's store: %d blocks altered, %d missing", what, f.Root, len(f.Blocks), len(f.Missing)),
			f, seen)
	}
	// Resolve content incidents that are whole again; leave the archive's
	// own local_data_tampered incidents to the verification pass.
	open, err := g.db.Incidents(ctx, true)
	if err != nil {
		return faults, err
	}
	for _, inc := range open {
		if inc.Kind == KindLocalTamper && !strings.HasPrefix(inc.Key, contentKeyPrefix) {
			still[inc.Key] = true
		}
	}
	done, err := g.db.ResolveIncidents(ctx, KindLocalTamper, still)
	if err != nil {
		return faults, err
	}
	for _, inc := range done {
		g.log.Info("incident resolved", "kind", inc.Kind, "id", inc.ID)
	}
	return faults, nil
}

// keepContentOpen adds the open content incidents to a verification
// pass's still-open local_data_tampered keys, which only covers the
// archive.
func (g *Guard) keepContentOpen(ctx context.Context, keys map[string]bool) {
	open, err := g.db.Incidents(ctx, true)
	if err != nil {
		return
	}
	for _, inc := range open {
		if inc.Kind == KindLocalTamper && strings.HasPrefix(inc.Key, contentKeyPrefix) {
			keys[inc.Key] = true
		}
	}
}

// SetContent sets Config.Content on a running guard (the IPFS node starts
// after it); it is safe for concurrent use.
func (g *Guard) SetContent(c ContentChecker) {
	g.mu.Lock()
	g.cfg.Content = c
	g.mu.Unlock()
}

// CheckContentSoon asks Run to run the content self-check at once, e.g.
// when a read was refused because content no longer matches its CID. It
// never blocks; requests made while one is pending are merged.
func (g *Guard) CheckContentSoon() {
	select {
	case g.contentNow <- struct{}{}:
	default:
	}
}
