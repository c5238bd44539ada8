package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/proof"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/urfave/cli/v2"
)

func verifyCommand() *cli.Command {
	return &cli.Command{
		Name:      "verify",
		Usage:     "prove that a working-chain block is anchored, or check such a proof with only a verification-chain RPC endpoint",
		ArgsUsage: "block NUMBER | PROOF.json",
		Description: `Flags come before the arguments.

dualchain verify [--data-dir DIR] [--out FILE] block NUMBER
    writes the proof (JSON) that block NUMBER of the working chain is part of
    the history anchored in the verification chain, built from this node's
    archive and checkpoint mirror (--data-dir).

dualchain verify [--verification-rpc URL] PROOF.json
    checks a proof with nothing but a verification-chain endpoint: the Merkle
    path to the checkpoint root, the checkpoint hash, and the registry event
    in a canonical block. Exit status 0 = valid, 1 = invalid.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "data-dir", Value: defaultDataDir(), Usage: "data dir of the node (to build a proof)", EnvVars: []string{"DUALCHAIN_DATA_DIR"}},
			&cli.StringFlag{Name: "verification-rpc", Value: "http://127.0.0.1:8555", Usage: "verification-chain JSON-RPC endpoint (to check a proof)", EnvVars: []string{"DUALCHAIN_VERIFICATION_RPC"}},
			&cli.StringFlag{Name: "out", Usage: "write the proof to this file instead of standard output"},
		},
		Action: func(c *cli.Context) error {
			args := c.Args()
			switch {
			case args.First() == "block" && args.Len() == 2:
				n, err := strconv.ParseUint(args.Get(1), 10, 64)
				if err != nil {
					return usageErr("block number %q: %v", args.Get(1), err)
				}
				return buildBlockProof(c, n)
			case args.Len() == 1 && args.First() != "block":
				return checkProof(c, args.First())
			}
			return usageErr("usage: dualchain verify [flags] block NUMBER | dualchain verify [flags] PROOF.json (flags before arguments); run 'dualchain verify --help'")
		},
	}
}

func buildBlockProof(c *cli.Context, n uint64) error {
	dir := c.String("data-dir")
	st, err := deploy.Load(filepath.Join(dir, "deployments.json"))
	if err != nil {
		return err
	}
	work, verif := st.Chains["working"], st.Chains["verification"]
	if work == nil || verif == nil {
		return fmt.Errorf("%s has no dual-chain deployment: start it with 'dualchain up --data-dir %s' (not --single-chain)", dir, dir)
	}
	db, err := openNodeDB(c.Context, dir)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := proof.BuildBlock(c.Context, db, work.ChainID, n, verif.ChainID, verif.Contracts[deploy.AnchorRegistryName].Address)
	if errors.Is(err, proof.ErrNotAnchored) {
		return fmt.Errorf("%v; wait for the next checkpoint ('dualchain status' shows the last anchored height)", err)
	}
	if err != nil {
		return err
	}
	raw, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	raw = append(raw, '\n')
	if out := c.String("out"); out != "" {
		return os.WriteFile(out, raw, 0o644)
	}
	_, err = c.App.Writer.Write(raw)
	return err
}

func checkProof(c *cli.Context, path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read proof: %v", err)
	}
	p, err := proof.Parse(raw)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Context, 30*time.Second)
	defer cancel()
	client, err := ethclient.DialContext(ctx, c.String("verification-rpc"))
	if err != nil {
		return fmt.Errorf("cannot reach the verification chain at %s: %v; check --verification-rpc", c.String("verification-rpc"), err)
	}
	defer client.Close()
	res, err := proof.Check(ctx, p, client)
	if err != nil {
		return err
	}
	state := "anchored (not yet finalized)"
	if res.Settled {
		state = "settled (finalized)"
	}
	fmt.Fprintf(c.App.Writer, "valid: working chain %d block %d (%s) is in checkpoint %d of member %s, %s, %d confirmations\n",
		p.Working.ChainID, p.Working.Number, p.Working.Hash, p.Checkpoint.Index, p.Checkpoint.Member, state, res.Confirmations)
	return nil
}
