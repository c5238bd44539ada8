package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/dualchain/dualchain/metrics"
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
// "alert" (log, webhook, API: always done) or "restore". A hard fork is an
// operator's decision in this version.
type policy struct {
	log     *slog.Logger
	actions map[string]string
	mu      sync.Mutex
	restore func(ctx context.Context) (any, error) // set once the API's restore exists
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
		if !ok || !known[kind] || (action != "alert" && action != "restore") {
			return nil, usageErr("--on-incident %q: want KIND=alert|restore, KIND one of %s", part, strings.Join(metrics.IncidentKinds, ", "))
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
		if p.actions[inc.Kind] != "restore" {
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

// setRestore arms the automatic restore.
func (p *policy) setRestore(f func(ctx context.Context) (any, error)) {
	p.mu.Lock()
	p.restore = f
	p.mu.Unlock()
}
