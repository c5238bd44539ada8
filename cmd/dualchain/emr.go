package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/sync/errgroup"

	"github.com/dualchain/dualchain/anchor"
	"github.com/dualchain/dualchain/api"
	"github.com/dualchain/dualchain/attack"
	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/emr"
	"github.com/dualchain/dualchain/guard"
	"github.com/dualchain/dualchain/ipfs"
	"github.com/dualchain/dualchain/proof"
	"github.com/dualchain/dualchain/respond"
	"github.com/dualchain/dualchain/store"
	"github.com/dualchain/dualchain/vault"
	"github.com/dualchain/dualchain/web"
)

// devKeystorePassphrase protects node-managed identities when no passphrase
// is configured: fine for the embedded dev system, refused for external chains.
const devKeystorePassphrase = "dualchain-dev-keystore"

// dualParts are the dual-chain services the API reports on; nil in
// single-chain mode.
type dualParts struct {
	guard     *guard.Guard
	agent     *anchor.Agent
	proofs    *proof.Builder
	anchoring *attack.Anchoring // embedded verification chain: the false-checkpoint attack
	// verification is the verification-chain endpoint, for checking proofs
	// in the web UI; nil falls back to the embedded chain's (dev) sender.
	verification proof.Chain
}

// verificationChain returns what proofs can be checked against, or nil.
func (d *dualParts) verificationChain() proof.Chain {
	switch {
	case d == nil:
		return nil
	case d.verification != nil:
		return d.verification
	case d.anchoring != nil:
		return d.anchoring.Node.Backend()
	}
	return nil
}

// status is GET /api/v1/status: the guard's view plus the agent's health.
func (d *dualParts) status(ctx context.Context) (any, error) {
	st, err := d.guard.Status(ctx)
	if err != nil {
		return nil, err
	}
	h, err := d.agent.Health(ctx)
	if err != nil {
		return nil, err
	}
	// The verification chain's finalized height as the guard judges it
	// (absent while that chain is unreachable), for the web dashboard.
	var final *uint64
	if f, err := d.guard.FinalHeight(ctx); err == nil {
		final = &f
	}
	return struct {
		*guard.NodeStatus
		AnchoringStalled      bool    `json:"anchoringStalled"`
		VerificationFinalized *uint64 `json:"verificationFinalized,omitempty"`
	}{st, h.Stalled, final}, nil
}

// openEMR opens the IPFS node, the keyring and the EMR service (not yet
// synced or following).
func openEMR(ctx context.Context, c *cli.Context, log *slog.Logger, sys *system, dataDir string, db *store.DB, working side, info chainInfo) (*emr.Service, *ipfs.Node, error) {
	pass := c.String("keystore-passphrase")
	if pass == "" {
		if working.accounts == nil {
			return nil, nil, usageErr("--keystore-passphrase (or DUALCHAIN_KEYSTORE_PASSPHRASE) is required with an external working chain")
		}
		pass = devKeystorePassphrase
		log.Warn("node-managed identities use the public dev keystore passphrase; set --keystore-passphrase for anything real")
	}
	node, err := ipfs.Open(ctx, ipfs.Config{Dir: filepath.Join(dataDir, "ipfs"), ListenAddrs: []string{c.String("ipfs-listen")}, Bootstrap: c.StringSlice("ipfs-peer"), Logger: log})
	if err != nil {
		return nil, nil, err
	}
	sys.closers = append(sys.closers, node.Close)
	params := vault.Standard
	if working.accounts != nil {
		params = vault.Light
	}
	kr, err := vault.OpenKeyring(filepath.Join(dataDir, "keystore"), pass, params)
	if err != nil {
		return nil, nil, err
	}
	svc, err := emr.New(ctx, emr.Config{
		Backend: working.client, Identity: info.Contracts[deploy.IdentityName], EMR: info.Contracts[deploy.EMRName],
		Hospital: working.key, Keyring: kr, Blobs: node, DB: db, Logger: log, MaxRecordBytes: c.Int("max-record-bytes"),
	})
	if err != nil {
		return nil, nil, err
	}
	sys.closers = append(sys.closers, func() error { svc.Close(); return nil })
	return svc, node, nil
}

// reindexNode is "dualchain reindex": rebuild the EMR index with a progress
// bar and print what it holds.
func reindexNode(ctx context.Context, c *cli.Context, log *slog.Logger, sys *system, dataDir string, db *store.DB, working side, info chainInfo) error {
	svc, _, err := openEMR(ctx, c, log, sys, dataDir, db, working, info)
	if err != nil {
		return err
	}
	head, err := working.client.BlockNumber(ctx)
	if err != nil {
		return fmt.Errorf("working chain head: %w", err)
	}
	fmt.Fprintf(c.App.ErrWriter, "rebuilding the EMR index from %d working-chain blocks\n", head+1)
	bar := newProgress(c.App.ErrWriter, int(head), !c.Bool("json"))
	began := time.Now()
	if err := svc.Reindex(ctx, func(done, head uint64) { bar.total = int(head); bar.update(int(done)) }); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	bar.finish()
	n, err := svc.Counts(ctx)
	if err != nil {
		return err
	}
	if c.Bool("json") {
		return json.NewEncoder(c.App.Writer).Encode(struct {
			*emr.IndexCounts
			Blocks  uint64  `json:"blocks"`
			Seconds float64 `json:"seconds"`
		}{n, head + 1, time.Since(began).Seconds()})
	}
	fmt.Fprintf(c.App.Writer, "EMR index rebuilt from %d blocks in %s: %d identities, %d record versions, %d consent events, %d key shares\n",
		head+1, time.Since(began).Round(time.Millisecond), n.Identities, n.Records, n.Grants, n.KeyShares)
	return nil
}

// startEMR starts the IPFS node, the EMR service (index follower, emergency
// key release, audit commits) and the HTTP API, and returns the API's URL.
func startEMR(ctx context.Context, c *cli.Context, g *errgroup.Group, log *slog.Logger, sys *system, dataDir string, db *store.DB, working side, info chainInfo, dual *dualParts, pol *policy) (string, *emr.Service, error) {
	svc, node, err := openEMR(ctx, c, log, sys, dataDir, db, working, info)
	if err != nil {
		return "", nil, err
	}
	if err := svc.Sync(ctx); err != nil {
		return "", nil, err
	}
	g.Go(func() error { svc.Follow(ctx, 500*time.Millisecond, time.Minute); return nil })

	ln, err := net.Listen("tcp", c.String("api-addr"))
	if err != nil {
		return "", nil, fmt.Errorf("cannot serve the API on %s (%v): pass --api-addr with a free address", c.String("api-addr"), err)
	}
	acfg := api.Config{EMR: svc, ChainID: info.ChainID, Domain: ln.Addr().String(), Gateway: node.GatewayHandler(10 * time.Second), Logger: log,
		Status: func(ctx context.Context) (any, error) { return db.AnchorStatus(ctx) },
		Incidents: func(ctx context.Context, open bool) (any, error) {
			incs, err := db.Incidents(ctx, open)
			if incs == nil {
				incs = []store.Incident{}
			}
			return incs, err
		}}
	if working.dev != nil {
		// Dev mode: the attack simulator, for demonstrations and tests.
		target := &attack.Target{Chain: working.dev, DB: db, Keys: svc.Keyring(), EMR: svc, Blocks: node}
		if dual != nil {
			target.Anchoring = dual.anchoring
		}
		acfg.Attack = func(ctx context.Context, request []byte) (any, error) { return runAttack(ctx, target, request) }
	}
	if dual != nil {
		// Dev mode: restore re-imports the archive's honest blocks into the
		// in-process chain. On a consortium validator (or an external
		// chain) it repairs this node's archive and data from the chain;
		// a rewritten chain is the validators' (or a hard fork's) to undo.
		chain := respond.RPCChain(working.client)
		if working.dev != nil {
			chain = respond.DevChain(working.dev)
		}
		acfg.Restore = func(ctx context.Context) (any, error) {
			return restoreNode(ctx, chain, db, info.ChainID, log, dual.guard, node)
		}
		pol.setRestore(acfg.Restore)
	}
	if dual != nil {
		// The guard's periodic self-check covers the stored record content,
		// and runs at once when a read is refused for it.
		dual.guard.SetContent(contentCheck{node: node, db: db})
		node.OnCorrupt(func(string) { dual.guard.CheckContentSoon() })
		acfg.Status, acfg.Proofs = dual.status, dual.proofs
		acfg.BlockStatus = func(ctx context.Context, n uint64) (string, error) {
			st, err := dual.guard.BlockStatus(ctx, n)
			return string(st), err
		}
	}
	// The web UI sits in front of the API on the same port ("/" and "/ui/").
	ui, err := web.New(web.Config{API: api.New(acfg), Attacks: acfg.Attack != nil, Restore: acfg.Restore != nil, DualChain: dual != nil,
		Verification: dual.verificationChain(), Logger: log})
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{
		Handler:           ui,
		ReadHeaderTimeout: 10 * time.Second,
	}
	g.Go(func() error {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("API server: %w", err)
		}
		return nil
	})
	g.Go(func() error {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	})
	return "http://" + ln.Addr().String(), svc, nil
}
