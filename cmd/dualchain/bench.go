package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/dualchain/dualchain/bench"
	gethlog "github.com/ethereum/go-ethereum/log"
	"github.com/urfave/cli/v2"
)

func benchCommand() *cli.Command {
	return &cli.Command{
		Name:  "bench",
		Usage: "run the whole evaluation (report, JSON and plots), or one experiment with a subcommand",
		Description: `Without a subcommand, runs the evaluation of the thesis's chapter 6 on real
embedded components: the EMR module on a single-chain and a dual-chain node
side by side, the working and verification chains, checkpoint gas by size,
attack detection and restore, and how the costs grow with chain length and
record count. Writes evaluation.md (tables, plots, thesis vs targets vs this
run), evaluation.json and SVG plots into --out, and prints where they are.
--quick takes under 3 minutes on 2 cores, the full run under 15. The
repository's docs/evaluation.md was made with
--out docs/eval --report docs/evaluation.md.`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "quick", Usage: "a short run (fewer samples, chains up to 10,000 blocks)"},
			&cli.StringFlag{Name: "out", Value: "dualchain-eval", Usage: "directory for evaluation.md, evaluation.json and the plots"},
			&cli.StringFlag{Name: "report", Usage: "write the Markdown report here instead of OUT/evaluation.md (plot links relative to it)"},
			&cli.StringFlag{Name: "parts", Usage: "comma-separated parts to run (" + strings.Join(bench.Parts, ", ") + "); default all"},
			&cli.StringFlag{Name: "note", Usage: "a note for the report (e.g. what else was running on the machine)"},
			&cli.BoolFlag{Name: "verbose", Usage: "show the components' logs (at --log-level)"},
		},
		Action: evaluate,
		Subcommands: []*cli.Command{emrBenchCommand("emr"), emrBenchCommand("dual"), attackBenchCommand(), consortiumBenchCommand(), {
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
				return report(c, res)
			},
		}},
	}
}

// emrBenchCommand is "bench emr" (record throughput against the raw chain,
// read latency, RSS) or "bench dual" (single- vs dual-chain EMR latency,
// anchoring gas, record proofs).
func emrBenchCommand(name string) *cli.Command {
	usage := map[string]string{
		"emr":  "end-to-end record writes/s beside raw-chain addRecord tx/s in the same run, read p50/p99, a 1 MiB attachment, peak RSS",
		"dual": "EMR write and read latency on a single-chain node beside a dual-chain node (interleaved), anchoring gas, record proof size and check time",
	}[name]
	return &cli.Command{
		Name:  name,
		Usage: usage,
		Description: `Runs real embedded nodes (geth chains, IPFS, SQLite, the EMR service and,
in dual-chain mode, archive, anchor agent, mirror and guard) in a temporary
directory with synthetic patients and records. Prints a Markdown table;
--json writes the raw figures.`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "quick", Usage: "a short run (50 writes, 100 reads)"},
			// bench emr's ratio of two rates needs more writes than bench
			// dual's latencies: at 300 per side it varied 0.77–0.89 from run
			// to run on a quiet machine, at 1,200 0.84–0.87.
			&cli.IntFlag{Name: "writes", Value: map[string]int{"emr": 1200, "dual": 300}[name], Usage: "records written per measurement"},
			&cli.IntFlag{Name: "reads", Value: 1000, Usage: "reads timed"},
			&cli.IntFlag{Name: "concurrency", Value: 8, Usage: "writers at once in the throughput runs (bench emr)"},
			&cli.StringFlag{Name: "json", Usage: "also write the figures as JSON to this file"},
		},
		Action: func(c *cli.Context) error {
			cfg := bench.EMRConfig{Writes: c.Int("writes"), Reads: c.Int("reads"), Concurrency: c.Int("concurrency"), Progress: c.App.ErrWriter, Logger: loggerFrom(c)}
			if c.Bool("quick") {
				cfg.Writes, cfg.Reads = 50, 100
			}
			var res interface{ Markdown() string }
			var err error
			if name == "emr" {
				res, err = bench.RunEMR(c.Context, cfg)
			} else {
				res, err = bench.RunDual(c.Context, cfg)
			}
			if err != nil {
				return err
			}
			return report(c, res)
		},
	}
}

// attackBenchCommand is "bench attack": detection latency of every attack
// the simulator does, restore and hard-fork times, records lost.
func attackBenchCommand() *cli.Command {
	return &cli.Command{
		Name:  "attack",
		Usage: "detection latency of every attack scenario over ≥ 100 trials each (p50, p99), restore of a 1,000-block rewrite, hard fork, records lost",
		Description: `Runs dual-chain dev nodes in a temporary directory and really attacks them
with the attack simulator, --trials times per scenario:

  anchored rewrite     rewrite from the last anchored block, then restore
  unanchored rewrite   rewrite of the unanchored tail, then restore
  tamper archive       overwrite an archived block hash, then repair
  tamper IPFS          overwrite a record's stored blocks, then repair from a peer
  halt                 stop block production, then resume
  false checkpoint     a member anchors a false root

Each detection latency runs from the moment the attack became visible to the
node (the report states each definition) to the incident. Then a rewrite
--blocks deep is restored and timed, the node is hard-forked from its archive
(rebuild, replay, declare) and timed, and every record is read back. The
tampering, halt and false-checkpoint node runs its guard with short periods
(full self-check 250 ms, halt after 300 ms) so that trials are cheap; the
report says so.`,
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "trials", Value: 100, Usage: "trials per scenario"},
			&cli.Uint64Flag{Name: "blocks", Value: 1000, Usage: "depth of the rewrite whose restore is timed"},
			&cli.BoolFlag{Name: "quick", Usage: "20 anchored rewrites, 3 of each other scenario, a 200-block rewrite"},
			&cli.StringFlag{Name: "json", Usage: "also write the figures as JSON to this file"},
		},
		Action: func(c *cli.Context) error {
			cfg := bench.AttackConfig{Trials: c.Int("trials"), RestoreBlocks: c.Uint64("blocks"), Progress: c.App.ErrWriter, Logger: loggerFrom(c)}
			if c.Bool("quick") {
				cfg.Trials, cfg.ScenarioTrials, cfg.RestoreBlocks = 20, 3, 200
			}
			res, err := bench.RunAttack(c.Context, cfg)
			if err != nil {
				return err
			}
			return report(c, res)
		},
	}
}

// consortiumBenchCommand is "bench consortium": the working chain as a
// consortium of CometBFT validators beside the dev chain.
func consortiumBenchCommand() *cli.Command {
	return &cli.Command{
		Name:  "consortium",
		Usage: "block interval, record writes/s and latency on a consortium of CometBFT validators beside the dev chain, in one run",
		Description: `Writes synthetic records on a dev-chain node, then starts the consortium's
validators (CometBFT + geth each) in this process and runs the same writes on
validator 0. Prints a Markdown table; --json writes the raw figures.`,
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "validators", Value: 4, Usage: "validators in the consortium"},
			&cli.IntFlag{Name: "writes", Value: 200, Usage: "records written on each chain"},
			&cli.IntFlag{Name: "writers", Value: 16, Usage: "writers at once"},
			&cli.IntFlag{Name: "blocks", Value: 20, Usage: "idle block intervals timed"},
			&cli.BoolFlag{Name: "quick", Usage: "24 writes from 8 writers, 3 block intervals"},
			&cli.StringFlag{Name: "json", Usage: "also write the figures as JSON to this file"},
		},
		Action: func(c *cli.Context) error {
			cfg := bench.ConsortiumConfig{Validators: c.Int("validators"), Writes: c.Int("writes"), Writers: c.Int("writers"), Blocks: c.Int("blocks"),
				Logger: loggerFrom(c), Progress: func(format string, args ...any) { fmt.Fprintf(c.App.ErrWriter, format+"\n", args...) }}
			if c.Bool("quick") {
				cfg.Writes, cfg.Writers, cfg.Blocks = 24, 8, 3
			}
			res, err := bench.RunConsortium(c.Context, cfg)
			if err != nil {
				return err
			}
			return report(c, res)
		},
	}
}

// evaluate is "dualchain bench": the whole evaluation with a progress bar.
func evaluate(c *cli.Context) error {
	if c.Args().Present() {
		return fmt.Errorf("unknown bench subcommand %q (emr, dual, attack, anchoring, consortium; none for the whole evaluation)", c.Args().First())
	}
	out := c.String("out")
	var parts []string
	if p := c.String("parts"); p != "" {
		for _, s := range strings.Split(p, ",") {
			parts = append(parts, strings.TrimSpace(s))
		}
	}
	logger := slog.New(slog.DiscardHandler)
	if c.Bool("verbose") {
		logger = loggerFrom(c)
	} else {
		// The attack trials make geth log every reorg they cause; the
		// report has what matters, and the bar stays readable.
		prev := gethlog.Root()
		gethlog.SetDefault(gethlog.NewLogger(slog.DiscardHandler))
		defer gethlog.SetDefault(prev)
	}
	w := c.App.ErrWriter
	var bar *progress
	cfg := bench.EvalConfig{Quick: c.Bool("quick"), Out: out, Report: c.String("report"), Parts: parts, Command: commandLine(c), Note: c.String("note"), Logger: logger,
		Progress: func(done, total int) {
			if bar == nil {
				bar = newProgress(w, total, true)
			}
			bar.update(done)
		},
		Log: func(format string, args ...any) {
			if bar != nil && bar.on {
				fmt.Fprint(w, "\r\033[K")
			}
			fmt.Fprintf(w, format+"\n", args...)
			if bar != nil {
				bar.draw()
			}
		},
	}
	res, err := bench.Evaluate(c.Context, cfg)
	if bar != nil {
		bar.finish()
	}
	if res != nil {
		fmt.Fprint(c.App.Writer, res.Summary())
		abs, _ := filepath.Abs(out)
		report, _ := filepath.Abs(res.Report)
		fmt.Fprintf(c.App.Writer, "report: %s\n", report)
		fmt.Fprintf(c.App.Writer, "figures: %s\n", filepath.Join(abs, "evaluation.json"))
		for _, f := range res.Files {
			if strings.HasSuffix(f, ".svg") {
				fmt.Fprintf(c.App.Writer, "plot: %s\n", filepath.Join(abs, f))
			}
		}
		fmt.Fprintf(c.App.Writer, "took %.0f s\n", res.Seconds)
	}
	if errors.Is(err, bench.ErrPartsFailed) {
		return fmt.Errorf("%w (the report says which and why)", err)
	}
	return err
}

// commandLine is how this run was invoked, for the report.
func commandLine(c *cli.Context) string {
	args := []string{"dualchain", "bench"}
	if c.Bool("quick") {
		args = append(args, "--quick")
	}
	args = append(args, "--out", c.String("out"))
	if r := c.String("report"); r != "" {
		args = append(args, "--report", r)
	}
	if p := c.String("parts"); p != "" {
		args = append(args, "--parts", p)
	}
	return strings.Join(args, " ")
}

// report prints a benchmark's Markdown table and, with --json FILE, writes
// its raw figures there.
func report(c *cli.Context, res interface{ Markdown() string }) error {
	fmt.Fprint(c.App.Writer, res.Markdown())
	path := c.String("json")
	if path == "" {
		return nil
	}
	raw, _ := json.MarshalIndent(res, "", "  ")
	if err := os.WriteFile(path, append(raw, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(c.App.ErrWriter, "figures written to %s\n", path)
	return nil
}
