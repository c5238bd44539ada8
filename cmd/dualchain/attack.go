package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/dualchain/dualchain/attack"
	"github.com/urfave/cli/v2"
)

// attackRequest is the body of POST /api/v1/dev/attacks.
type attackRequest struct {
	// Kind is "rewrite", "tamper-archive", "tamper-ipfs" (Record),
	// "false-checkpoint", "halt" (For) or "resume".
	Kind string `json:"kind"`
	attack.Rewrite
	Block uint64 `json:"block,omitempty"` // tamper-archive
	// For is how long a halt lasts (Go duration, e.g. "30s"); empty: until
	// "resume".
	For string `json:"for,omitempty"`
}

// runAttack runs one simulated attack on this dev node.
func runAttack(ctx context.Context, t *attack.Target, raw []byte) (any, error) {
	var req attackRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		return nil, fmt.Errorf("%w: body must be JSON {\"kind\": \"rewrite\"|\"tamper-archive\", …}: %v", attack.ErrBadAttack, err)
	}
	switch req.Kind {
	case "rewrite":
		return t.Rewrite(ctx, req.Rewrite)
	case "tamper-archive":
		return t.TamperArchive(ctx, req.Block)
	case "tamper-ipfs":
		return t.TamperIPFS(ctx, req.Record)
	case "false-checkpoint":
		return t.FalseCheckpoint(ctx)
	case "halt":
		var d time.Duration
		if req.For != "" {
			var err error
			if d, err = time.ParseDuration(req.For); err != nil || d <= 0 {
				return nil, fmt.Errorf("%w: halt for %q: want a positive duration such as 30s", attack.ErrBadAttack, req.For)
			}
		}
		return t.Halt(ctx, d)
	case "resume":
		return t.Resume(ctx)
	}
	return nil, fmt.Errorf("%w: unknown kind %q (want rewrite, tamper-archive, tamper-ipfs, false-checkpoint, halt or resume)", attack.ErrBadAttack, req.Kind)
}

// attackCommand asks a running dev node to attack itself.
func attackCommand() *cli.Command {
	send := func(req attackRequest) func(ctx context.Context, cl *client) error {
		return func(ctx context.Context, cl *client) error {
			raw, err := cl.do(ctx, "POST", "/api/v1/dev/attacks", req, nil)
			if err != nil {
				return err
			}
			return cl.printJSON(raw)
		}
	}
	return &cli.Command{
		Name:  "attack",
		Usage: "simulate an attack on a running dev node (dualchain up with the embedded working chain), to see it detected",
		Description: `The node does to itself what an attacker would, as this hospital's admin
(--key; default the dev admin key). Watch the result with 'dualchain incidents'
or GET /api/v1/incidents.

  dualchain attack rewrite --depth 20               rewrite the last 20 blocks
  dualchain attack rewrite --record 17 --mode alter rewrite from record 17's block, its
                                                    transaction replaced by one with another
                                                    content hash (or --mode delete)
  dualchain attack tamper-archive --block 12        overwrite block 12's hash in this node's archive
  dualchain attack tamper-ipfs --record 17          overwrite the stored IPFS blocks of record 17's content
  dualchain attack false-checkpoint                 another member (dev account 1, voted in by this
                                                    node) anchors this node's last range with a false root
  dualchain attack halt [--for 30s]                 stop the working chain from making blocks (until
                                                    'attack resume' when --for is not given)`,
		Subcommands: []*cli.Command{
			{
				Name:  "rewrite",
				Usage: "reorganize the working chain onto an alternative history (a majority rewrite)",
				Flags: clientFlags(
					&cli.Uint64Flag{Name: "depth", Value: 1, Usage: "blocks below the head to replace"},
					&cli.Uint64Flag{Name: "record", Usage: "record version id whose transaction is deleted or altered"},
					&cli.StringFlag{Name: "mode", Value: "alter", Usage: "alter or delete (with --record)"},
				),
				Action: func(c *cli.Context) error {
					return clientAction(0, 0, send(attackRequest{Kind: "rewrite", Rewrite: attack.Rewrite{Depth: c.Uint64("depth"), Record: c.Uint64("record"), Mode: c.String("mode")}}))(c)
				},
			},
			{
				Name:      "false-checkpoint",
				Usage:     "have another member anchor a root the working chain never had (conflicting checkpoints)",
				ArgsUsage: " ",
				Flags:     clientFlags(),
				Action:    clientAction(0, 0, send(attackRequest{Kind: "false-checkpoint"})),
			},
			{
				Name:      "tamper-ipfs",
				Usage:     "overwrite the stored IPFS blocks of a record's content in this node's blockstore (local data tampering)",
				ArgsUsage: " ",
				Flags:     clientFlags(&cli.Uint64Flag{Name: "record", Usage: "record version id", Required: true}),
				Action: func(c *cli.Context) error {
					return clientAction(0, 0, send(attackRequest{Kind: "tamper-ipfs", Rewrite: attack.Rewrite{Record: c.Uint64("record")}}))(c)
				},
			},
			{
				Name:      "halt",
				Usage:     "stop the working chain from making blocks, as stopped validators would",
				ArgsUsage: " ",
				Flags:     clientFlags(&cli.DurationFlag{Name: "for", Usage: "resume by itself after this long (default: until 'dualchain attack resume')"}),
				Action: func(c *cli.Context) error {
					req := attackRequest{Kind: "halt"}
					if d := c.Duration("for"); d > 0 {
						req.For = d.String()
					} else if d < 0 {
						return usageErr("--for %v: want a positive duration", d)
					}
					return clientAction(0, 0, send(req))(c)
				},
			},
			{
				Name:      "resume",
				Usage:     "end a halt: the working chain makes blocks again",
				ArgsUsage: " ",
				Flags:     clientFlags(),
				Action:    clientAction(0, 0, send(attackRequest{Kind: "resume"})),
			},
			{
				Name:      "tamper-archive",
				Usage:     "overwrite one block's hash in this node's archive (local data tampering)",
				ArgsUsage: " ",
				Flags:     clientFlags(&cli.StringFlag{Name: "block", Usage: "height of the archived block", Required: true}),
				Action: func(c *cli.Context) error {
					n, err := strconv.ParseUint(c.String("block"), 10, 64)
					if err != nil {
						return usageErr("--block %q: %v", c.String("block"), err)
					}
					return clientAction(0, 0, send(attackRequest{Kind: "tamper-archive", Block: n}))(c)
				},
			},
		},
	}
}

// restoreCommand asks a running node to restore the working chain.
func restoreCommand() *cli.Command {
	return &cli.Command{
		Name:  "restore",
		Usage: "restore the working chain to the history the checkpoints hold, from this node's archive (running node, hospital admin)",
		Description: `After an incident of rewritten history: the node takes the most recent
reorg whose replaced blocks (kept in its archive) agree with the mirrored
checkpoints, re-imports them, makes them canonical again, and offers the
transactions of the blocks they displace back to the pool (honest writes made
after the fork are kept; an attacker's substitutes fail on their used nonces).
Archive rows that no longer hash to their block are re-fetched from the chain.
The EMR index follows. Prints what was done as JSON.

Dev mode (embedded working chain) only for now; a majority rewrite in a
consortium calls for a hard fork instead.`,
		ArgsUsage: " ",
		Flags:     clientFlags(),
		Action: clientAction(0, 0, func(ctx context.Context, cl *client) error {
			raw, err := cl.do(ctx, "POST", "/api/v1/admin/restore", nil, nil)
			if err != nil {
				return err
			}
			return cl.printJSON(raw)
		}),
	}
}
