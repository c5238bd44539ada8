package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/dualchain/dualchain/attack"
	"github.com/urfave/cli/v2"
)

// attackRequest is the body of POST /api/v1/dev/attacks.
type attackRequest struct {
	Kind string `json:"kind"` // "rewrite" or "tamper-archive"
	attack.Rewrite
	Block uint64 `json:"block,omitempty"` // tamper-archive
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
	}
	return nil, fmt.Errorf("%w: unknown kind %q (want rewrite or tamper-archive)", attack.ErrBadAttack, req.Kind)
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
  dualchain attack tamper-archive --block 12        overwrite block 12's hash in this node's archive`,
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
