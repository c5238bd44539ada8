package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/dualchain/dualchain/bench"
	"github.com/urfave/cli/v2"
)

func benchCommand() *cli.Command {
	return &cli.Command{
		Name:  "bench",
		Usage: "run dualchain's experiments on the embedded components and print the figures",
		Subcommands: []*cli.Command{{
			Name:  "anchoring",
			Usage: "gas per checkpoint and per anchored block, block-proof size and check time, for checkpoints of 16 … 1,024 blocks",
			Description: `Runs two embedded chains in a temporary directory, anchors steady-state
checkpoints of each size and checks a block proof for each over HTTP.
Prints a Markdown table; --json writes the raw figures.`,
			Flags: []cli.Flag{
				&cli.BoolFlag{Name: "quick", Usage: "only 16 and 128 blocks, 20 proof checks each"},
				&cli.StringFlag{Name: "json", Usage: "also write the figures as JSON to this file"},
			},
			Action: func(c *cli.Context) error {
				cfg := bench.AnchoringConfig{Progress: c.App.ErrWriter, Logger: loggerFrom(c)}
				if c.Bool("quick") {
					cfg.Sizes, cfg.Checks = []uint64{16, 128}, 20
				}
				res, err := bench.RunAnchoring(c.Context, cfg)
				if err != nil {
					return err
				}
				fmt.Fprint(c.App.Writer, res.Markdown())
				if path := c.String("json"); path != "" {
					raw, _ := json.MarshalIndent(res, "", "  ")
					if err := os.WriteFile(path, append(raw, '\n'), 0o644); err != nil {
						return err
					}
					fmt.Fprintf(c.App.ErrWriter, "figures written to %s\n", path)
				}
				return nil
			},
		}},
	}
}
