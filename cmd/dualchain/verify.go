package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/emr"
	"github.com/dualchain/dualchain/proof"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/urfave/cli/v2"
)

func verifyCommand() *cli.Command {
	return &cli.Command{
		Name:      "verify",
		Usage:     "prove that a block, transaction or record is in the anchored history, or check such a proof with only a verification-chain RPC endpoint",
		ArgsUsage: "block NUMBER | tx HASH | record ID | PROOF.json",
		Description: `Flags come before the arguments.

dualchain verify [--data-dir DIR] [--out FILE] block NUMBER
    writes the proof (JSON) that block NUMBER of the working chain is part of
    the history anchored in the verification chain, built from this node's
    archive and checkpoint mirror (--data-dir).

dualchain verify [--data-dir DIR] [--working-rpc URL] [--out FILE] tx HASH
dualchain verify [--data-dir DIR] [--working-rpc URL] [--out FILE] record ID
    the same for a transaction, or for a record version (its chain id, as
    /api/v1/records/{id} shows it): the block proof plus the block header,
    the transaction, its receipt and their Merkle-Patricia paths, and the
    record's RecordAdded fields with the record's content hash. Proofs are
    format version 3, compact JSON (about 2 KB for a record); the format is
    described in docs/anchoring.md.

dualchain verify [--verification-rpc URL] [--record FILE] PROOF.json
    checks a proof with nothing but a verification-chain endpoint: header,
    trie paths and event (offline), the registry event in a canonical block
    (its checkpoint root, end block hash and hash, printed), and the Merkle
    path to that root. With
    --record, also checks that FILE (the record as the API serves it) is the
    content the chain recorded. Exit status 0 = valid, 1 = invalid.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "data-dir", Value: defaultDataDir(), Usage: "data dir of the node (to build a proof)", EnvVars: []string{"DUALCHAIN_DATA_DIR"}},
			&cli.StringFlag{Name: "working-rpc", Value: "http://127.0.0.1:8545", Usage: "working-chain JSON-RPC endpoint (to build tx and record proofs)", EnvVars: []string{"DUALCHAIN_WORKING_RPC"}},
			&cli.StringFlag{Name: "verification-rpc", Value: "http://127.0.0.1:8555", Usage: "verification-chain JSON-RPC endpoint (to check a proof)", EnvVars: []string{"DUALCHAIN_VERIFICATION_RPC"}},
			&cli.StringFlag{Name: "record", Usage: "record file (FHIR JSON as served) to check against a record proof"},
			&cli.StringFlag{Name: "out", Usage: "write the proof to this file instead of standard output"},
		},
		Action: func(c *cli.Context) error {
			args := c.Args()
			switch {
			case args.Len() == 2 && (args.First() == "block" || args.First() == "tx" || args.First() == "record"):
				return buildProof(c, args.First(), args.Get(1))
			case args.Len() == 1 && args.First() != "block" && args.First() != "tx" && args.First() != "record":
				return checkProof(c, args.First())
			}
			return usageErr("usage: dualchain verify [flags] block NUMBER | tx HASH | record ID | PROOF.json (flags before arguments); run 'dualchain verify --help'")
		},
	}
}

func buildProof(c *cli.Context, kind, arg string) error {
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
	b := &proof.Builder{DB: db, WorkingChainID: work.ChainID, VerificationChainID: verif.ChainID, Registry: verif.Contracts[deploy.AnchorRegistryName].Address}
	if kind != "block" {
		ctx, cancel := context.WithTimeout(c.Context, 30*time.Second)
		defer cancel()
		client, err := ethclient.DialContext(ctx, c.String("working-rpc"))
		if err != nil {
			return fmt.Errorf("cannot reach the working chain at %s (%v); check --working-rpc", c.String("working-rpc"), err)
		}
		defer client.Close()
		if id, err := client.ChainID(ctx); err != nil || id.Uint64() != work.ChainID {
			return fmt.Errorf("--working-rpc %s does not serve working chain %d (%v, %v)", c.String("working-rpc"), work.ChainID, id, err)
		}
		b.Working = client
	}
	var p *proof.Proof
	switch kind {
	case "block":
		n, perr := strconv.ParseUint(arg, 10, 64)
		if perr != nil {
			return usageErr("block number %q: %v", arg, perr)
		}
		p, err = b.Block(c.Context, n)
	case "tx":
		if len(arg) != 66 || !strings.HasPrefix(arg, "0x") {
			return usageErr("transaction hash %q: want 0x and 64 hex digits", arg)
		}
		p, err = b.Tx(c.Context, common.HexToHash(arg))
	case "record":
		id, perr := strconv.ParseUint(arg, 10, 64)
		if perr != nil {
			return usageErr("record id %q: %v", arg, perr)
		}
		rec, rerr := emr.IndexedRecord(c.Context, db.SQL(), id)
		if rerr != nil {
			return rerr
		}
		p, err = b.Record(c.Context, work.Contracts[deploy.EMRName].Address, id, rec.TxHash)
	}
	if errors.Is(err, proof.ErrNotAnchored) {
		return fmt.Errorf("%v; wait for the next checkpoint ('dualchain status' shows the last anchored height)", err)
	}
	if err != nil {
		return err
	}
	// Compact JSON, one line per section (proof.Encode): within the 2 KB
	// budget of DESIGN §7, and still readable.
	raw, err := proof.Encode(p)
	if err != nil {
		return err
	}
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
	what := fmt.Sprintf("working chain %d block %d (%s)", p.Working.ChainID, p.Working.Number, p.Working.Hash)
	if p.Tx != nil {
		what = fmt.Sprintf("transaction %s of %s in %s", p.Tx.Hash, p.Tx.From, what)
	}
	if p.Record != nil {
		what = fmt.Sprintf("record %d (version %d, patient %s, written by contract %s) by %s", p.Record.ID, p.Record.Version, p.Record.Patient, p.Record.Contract, what)
	}
	if path := c.String("record"); path != "" {
		body, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("read --record: %v", err)
		}
		h, err := emr.ContentHash(body)
		if err != nil {
			return fmt.Errorf("--record %s: %v", path, err)
		}
		if err := p.CheckContent(h); err != nil {
			return err
		}
		what = "content of " + what
	} else if p.Record != nil {
		fmt.Fprintln(c.App.ErrWriter, "note: the record's content was not checked; pass --record FILE to check it")
	}
	state := "anchored (not yet finalized)"
	if res.Settled {
		state = "settled (finalized)"
	}
	cp := res.Checkpoint
	fmt.Fprintf(c.App.Writer, "valid: %s is in checkpoint %d of member %s (blocks %d-%d, root %s, end block hash %s), anchored by transaction %s in block %d of chain %d, %s, %d confirmations\n",
		what, cp.Index, cp.Member, cp.Start, cp.End, cp.Root, cp.EndBlockHash, p.Anchor.TxHash, res.AnchorBlock, p.Anchor.ChainID, state, res.Confirmations)
	return nil
}
