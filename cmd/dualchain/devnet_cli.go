package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
)

// devnetControlCommands drive a running devnet's control endpoint: the
// consortium attacks and the hard fork, for demonstrations.
func devnetControlCommands() []*cli.Command {
	control := &cli.StringFlag{Name: "control", Value: "http://127.0.0.1:8084", Usage: "the devnet's control endpoint (printed by 'dualchain devnet'; API port + number of hospitals)", EnvVars: []string{"DUALCHAIN_DEVNET_CONTROL"}}
	ints := func(c *cli.Context, name string) ([]int, error) {
		var out []int
		for _, s := range strings.Split(c.String(name), ",") {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			i, err := strconv.Atoi(s)
			if err != nil {
				return nil, usageErr("--%s: %q is not a hospital number", name, s)
			}
			out = append(out, i)
		}
		if len(out) == 0 {
			return nil, usageErr("--%s: name at least one hospital (e.g. 1,2,3)", name)
		}
		return out, nil
	}
	validator := func(action string) *cli.Command {
		return &cli.Command{
			Name:      action + "-validator",
			Usage:     action + " hospital N's validator (stopping more than 1/3 of the power halts the chain)",
			ArgsUsage: "N...",
			Flags:     []cli.Flag{control},
			Action: func(c *cli.Context) error {
				if !c.Args().Present() {
					return usageErr("name the validator(s): dualchain devnet %s-validator 2 3", action)
				}
				for _, a := range c.Args().Slice() {
					if _, err := strconv.Atoi(a); err != nil {
						return usageErr("%q is not a hospital number", a)
					}
					if err := postControl(c, c.String("control")+"/validators/"+a+"/"+action, nil); err != nil {
						return err
					}
				}
				return nil
			},
		}
	}
	return []*cli.Command{
		validator("stop"), validator("start"),
		{
			Name:  "majority-rewrite",
			Usage: "colluding validators (more than 2/3 of the power) rewrite the chain from a height they all anchored and anchor their branch",
			Flags: []cli.Flag{control,
				&cli.StringFlag{Name: "colluders", Value: "1,2,3", Usage: "the colluding hospitals"},
				&cli.IntFlag{Name: "depth", Value: 3, Usage: "blocks the honest chain grows past the colluders' checkpoints before they strike"},
			},
			Action: func(c *cli.Context) error {
				col, err := ints(c, "colluders")
				if err != nil {
					return err
				}
				return postControl(c, c.String("control")+"/attacks/majority-rewrite", majorityRewrite{Colluders: col, Depth: uint64(c.Int("depth"))})
			},
		},
		{
			Name:  "tamper",
			Usage: "overwrite a block hash in one hospital's archive (its guard reports it; 'dualchain restore' at that hospital repairs it)",
			Flags: []cli.Flag{control,
				&cli.IntFlag{Name: "hospital", Value: 1, Usage: "whose archive"},
				&cli.Uint64Flag{Name: "block", Value: 1, Usage: "which block"},
			},
			Action: func(c *cli.Context) error {
				return postControl(c, c.String("control")+"/attacks/tamper", map[string]any{"hospital": c.Int("hospital"), "block": c.Uint64("block")})
			},
		},
		devnetForkCommand(control, ints),
	}
}

func devnetForkCommand(control cli.Flag, ints func(*cli.Context, string) ([]int, error)) *cli.Command {
	return &cli.Command{
		Name:  "fork",
		Usage: "hard-fork the devnet: a successor chain from the honest hospitals' last anchored block, with their validators only, declared on the verification chain",
		Flags: []cli.Flag{control,
			&cli.StringFlag{Name: "honest", Value: "0", Usage: "the honest hospitals"},
		},
		Action: func(c *cli.Context) error {
			h, err := ints(c, "honest")
			if err != nil {
				return err
			}
			return postControl(c, c.String("control")+"/fork", forkRequest{Honest: h})
		},
	}
}

// postControl posts body to a devnet control URL and prints the answer.
func postControl(c *cli.Context, url string, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	cl := &http.Client{Timeout: 5 * time.Minute}
	res, err := cl.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("devnet control at %s: %w (is 'dualchain devnet' running? --control names its endpoint)", url, err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("devnet control: %s: %s", res.Status, strings.TrimSpace(string(out)))
	}
	var pretty bytes.Buffer
	if json.Indent(&pretty, out, "", "  ") == nil {
		out = pretty.Bytes()
	}
	fmt.Fprintln(c.App.Writer, strings.TrimSpace(string(out)))
	return nil
}

// forkCommand is the operator's "dualchain fork": on the devnet it asks the
// control endpoint to fork (see docs/consortium.md for what a fork is).
func forkCommand() *cli.Command {
	cmd := devnetControlCommands()
	f := cmd[len(cmd)-1]
	f.Description = `The response to a majority attack on a consortium: the honest hospitals wait
until their own checkpoint covers the head their validators halted at, restart
those validators on a successor CometBFT genesis (initial height = fork height
+ 1, validators = the honest ones; geth keeps the history, hash for hash) and
declare the fork on the verification chain's AnchorRegistry with a Merkle proof
of the fork block. Same as 'dualchain devnet fork'.` + forkDevDescription
	f.Usage = "hard-fork the working chain: the consortium devnet (default), or a stopped dev node (--dev)"
	f.Flags = append(f.Flags, forkDevFlags()...)
	f.Action = forkAction(f.Action)
	return f
}
