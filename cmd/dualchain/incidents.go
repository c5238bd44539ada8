package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/dualchain/dualchain/guard"
	"github.com/dualchain/dualchain/ipfs"
	"github.com/dualchain/dualchain/metrics"
	"github.com/dualchain/dualchain/respond"
	"github.com/dualchain/dualchain/store"
	"github.com/urfave/cli/v2"
)

func incidentsCommand() *cli.Command {
	return &cli.Command{
		Name:  "incidents",
		Usage: "list the incidents this node's guard raised (rewritten history, conflicting checkpoints, tampering, halted chain, stalled anchoring) with their evidence",
		Description: `Reads the node database of a data dir (it may be in use by a running
"dualchain up"). Newest first; --open shows only unresolved ones; --json
prints every incident with its full evidence.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "data-dir", Value: defaultDataDir(), Usage: "data dir of the node", EnvVars: []string{"DUALCHAIN_DATA_DIR"}},
			&cli.BoolFlag{Name: "open", Usage: "only incidents not resolved yet"},
			&cli.BoolFlag{Name: "json", Usage: "print as JSON, with the evidence"},
		},
		Action: func(c *cli.Context) error {
			db, err := openNodeDB(c.Context, c.String("data-dir"))
			if err != nil {
				return err
			}
			defer db.Close()
			incs, err := db.Incidents(c.Context, c.Bool("open"))
			if err != nil {
				return err
			}
			if c.Bool("json") {
				if incs == nil {
					incs = []store.Incident{}
				}
				return json.NewEncoder(c.App.Writer).Encode(incs)
			}
			if len(incs) == 0 {
				fmt.Fprintln(c.App.Writer, "no incidents")
				return nil
			}
			tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tRAISED\tSTATE\tSEVERITY\tKIND\tSUMMARY")
			for _, inc := range incs {
				state := "open"
				if inc.ResolvedAt != nil {
					state = "resolved"
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", inc.ID, inc.RaisedAt.Format(time.RFC3339), state, inc.Severity, inc.Kind, inc.Summary)
			}
			return tw.Flush()
		},
	}
}

// incidentNotifier returns what the guard and the agent call on a new
// incident: a POST of the incident's JSON to the webhook, if one is set,
// retried a few times; the log already has it.
func incidentNotifier(ctx context.Context, log *slog.Logger, webhook string) func(store.Incident) {
	if webhook == "" {
		return nil
	}
	client := &http.Client{Timeout: 5 * time.Second}
	return func(inc store.Incident) {
		body, _ := json.Marshal(inc)
		go func() {
			for attempt := range 4 {
				req, err := http.NewRequestWithContext(ctx, http.MethodPost, webhook, bytes.NewReader(body))
				if err != nil {
					log.Error("incident webhook", "err", err)
					return
				}
				req.Header.Set("Content-Type", "application/json")
				res, err := client.Do(req)
				if err == nil {
					res.Body.Close()
					if res.StatusCode < 300 {
						return
					}
					err = fmt.Errorf("status %s", res.Status)
				}
				log.Warn("incident webhook failed; will retry", "url", webhook, "incident", inc.ID, "attempt", attempt+1, "err", err)
				select {
				case <-ctx.Done():
					return
				case <-time.After(time.Duration(1<<attempt) * time.Second):
				}
			}
		}()
	}
}

// policy is the automatic response to incidents (--on-incident): per kind,
// "alert" (log, webhook, API: always done), "restore", or "fork" (a dev
// node stops, forks from its archive as 'dualchain fork --dev' does, and
// starts again on the successor).
type policy struct {
	log     *slog.Logger
	actions map[string]string
	mu      sync.Mutex
	restore func(ctx context.Context) (any, error) // set once the API's restore exists
	fork    func()                                 // set where a fork can be done (a dev node)
	ctx     context.Context
	running chan struct{} // one response at a time
}

// parsePolicy reads "kind=action,kind=action".
func parsePolicy(ctx context.Context, log *slog.Logger, spec string) (*policy, error) {
	p := &policy{log: log, actions: map[string]string{}, ctx: ctx, running: make(chan struct{}, 1)}
	if strings.TrimSpace(spec) == "" {
		return p, nil
	}
	known := map[string]bool{}
	for _, k := range metrics.IncidentKinds {
		known[k] = true
	}
	for _, part := range strings.Split(spec, ",") {
		kind, action, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || !known[kind] || (action != "alert" && action != "restore" && action != "fork") {
			return nil, usageErr("--on-incident %q: want KIND=alert|restore|fork, KIND one of %s", part, strings.Join(metrics.IncidentKinds, ", "))
		}
		p.actions[kind] = action
	}
	return p, nil
}

// notify chains the webhook (if any) and the automatic response.
func (p *policy) notify(next func(store.Incident)) func(store.Incident) {
	return func(inc store.Incident) {
		if next != nil {
			next(inc)
		}
		switch p.actions[inc.Kind] {
		case "fork":
			p.mu.Lock()
			fork := p.fork
			p.fork = nil // once: the node stops for it
			p.mu.Unlock()
			if fork == nil {
				p.log.Warn("automatic hard fork asked for, but this node cannot fork itself (only a dev node with its embedded working chain can; a consortium forks with 'dualchain fork --honest'), or one is under way", "incident", inc.ID)
				return
			}
			p.log.Warn("automatic response: hard fork; the node stops, forks from its archive and starts again on the successor", "incident", inc.ID, "kind", inc.Kind)
			fork()
			return
		case "restore":
		default:
			return
		}
		p.mu.Lock()
		restore := p.restore
		p.mu.Unlock()
		if restore == nil {
			p.log.Warn("automatic restore asked for, but this node cannot restore (single-chain or external working chain)", "incident", inc.ID)
			return
		}
		select {
		case p.running <- struct{}{}:
		default:
			return // a response is already under way; it covers this one
		}
		go func() {
			defer func() { <-p.running }()
			p.log.Warn("automatic response: restoring", "incident", inc.ID, "kind", inc.Kind)
			if res, err := restore(p.ctx); err != nil {
				p.log.Error("automatic restore failed", "incident", inc.ID, "err", err)
			} else {
				p.log.Warn("automatic restore done", "incident", inc.ID, "result", res)
			}
		}()
	}
}

// setFork arms the automatic hard fork.
func (p *policy) setFork(f func()) {
	p.mu.Lock()
	p.fork = f
	p.mu.Unlock()
}

// setRestore arms the automatic restore.
func (p *policy) setRestore(f func(ctx context.Context) (any, error)) {
	p.mu.Lock()
	p.restore = f
	p.mu.Unlock()
}

// contentCheck is the guard's content self-check on this node: the IPFS
// node's SelfCheck, each damaged root named with the record versions whose
// content it is (from the EMR index) and what a restore can do about it.
type contentCheck struct {
	node *ipfs.Node
	db   *store.DB
}

var _ guard.ContentChecker = contentCheck{}

// onlyCopy is what the evidence and the restore say when no peer can
// supply the content again.
const onlyCopy = "cannot be restored from IPFS: no IPFS peer is connected, so this node's copy of the encrypted content was the only one " +
	"(single-node dev mode). The record's chain entry (CID, content hash) is intact and proves what the content was, " +
	"but its bytes are lost until a node that pinned them connects (--ipfs-peer) or the author writes the record again"

func (c contentCheck) CheckContent(ctx context.Context) ([]guard.ContentFault, error) {
	faults, err := c.node.SelfCheck(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]guard.ContentFault, 0, len(faults))
	for _, f := range faults {
		gf := guard.ContentFault{Restore: onlyCopy}
		gf.Root, gf.Blocks, gf.Missing = f.Text()
		if n := c.node.Peers(); n > 0 {
			gf.Restore = fmt.Sprintf("dualchain restore fetches it again from the %d connected IPFS peers, if one of them pinned it", n)
		}
		if gf.Records, err = recordsWithContent(ctx, c.db, gf.Root); err != nil {
			return nil, err
		}
		out = append(out, gf)
	}
	return out, nil
}

// recordsWithContent lists the record versions whose content is cid.
func recordsWithContent(ctx context.Context, db *store.DB, cid string) ([]uint64, error) {
	rows, err := db.SQL().QueryContext(ctx, "SELECT id FROM records WHERE cid = ? ORDER BY id", cid)
	if err != nil {
		return nil, fmt.Errorf("records with content %s: %w", cid, err)
	}
	defer rows.Close()
	var ids []uint64
	for rows.Next() {
		var id uint64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// contentRepair is what a restore did about one damaged piece of content.
type contentRepair struct {
	Root     string   `json:"root"`
	Records  []uint64 `json:"records,omitempty"`
	Repaired bool     `json:"repaired"`
	Reason   string   `json:"reason,omitempty"`
}

// restoreResult is the answer of POST /api/v1/admin/restore: the working
// chain's restore (nil when it had nothing to do) and the content repairs.
type restoreResult struct {
	*respond.RestoreResult
	Content []contentRepair `json:"content,omitempty"`
}

// restoreNode restores the working chain from the archive (respond.Restore)
// and fetches damaged IPFS content again from peers; content that no peer
// can supply is reported, never pretended restored. The guard then checks
// again, which resolves what was repaired.
func restoreNode(ctx context.Context, chain respond.Chain, db *store.DB, chainID uint64, log *slog.Logger, gd *guard.Guard, node *ipfs.Node) (any, error) {
	res, err := respond.Restore(ctx, chain, db, chainID, log)
	if err != nil && !errors.Is(err, respond.ErrNothingToRestore) {
		return nil, err
	}
	out := &restoreResult{RestoreResult: res}
	if _, verr := gd.Verify(ctx); verr != nil {
		log.Warn("verification after restore", "err", verr)
	}
	var faults []ipfs.Fault
	if node != nil {
		if faults, err = node.SelfCheck(ctx); err != nil {
			return nil, fmt.Errorf("restore: content self-check: %w", err)
		}
	}
	for _, f := range faults {
		r := contentRepair{Root: f.Root.String()}
		r.Records, _ = recordsWithContent(ctx, db, r.Root)
		fctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		rerr := node.Repair(fctx, f)
		cancel()
		switch {
		case rerr == nil:
			r.Repaired = true
		case errors.Is(rerr, ipfs.ErrOnlyCopy):
			r.Reason = onlyCopy
		default:
			r.Reason = rerr.Error()
		}
		if !r.Repaired {
			log.Error("damaged record content not restored", "cid", r.Root, "records", r.Records, "reason", r.Reason)
		}
		out.Content = append(out.Content, r)
	}
	if _, err := gd.CheckContent(ctx); err != nil {
		log.Warn("content self-check after restore", "err", err)
	}
	if res == nil && len(out.Content) == 0 {
		return nil, respond.ErrNothingToRestore
	}
	return out, nil
}
