package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/internal/atomicfile"
	"github.com/dualchain/dualchain/respond"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum/params"
	"github.com/gofrs/flock"
	"github.com/urfave/cli/v2"
)

// forkDevDescription is the dev-mode half of "dualchain fork --help".
const forkDevDescription = `

Dev mode ('dualchain fork --dev [--data-dir D]', or any explicit --data-dir):
the hard fork of a single dev node ('dualchain up --dev'), which must be
stopped. From the node's own archive it picks the fork height (the end of
its highest settled checkpoint whose root the honest history reproduces:
the canonical blocks, or after a rewrite the blocks the rewrite replaced),
rebuilds the working chain from genesis up to that height in a new data
directory (every block re-executed and its hash checked against the archive:
the successor's history is the anchored one, hash for hash), replays the
honest transactions the archive holds above the fork height (an attacker's
substitutes are dropped), declares the successor on the verification chain
(declareFork with the Merkle proof of the fork block), then swaps it in:
D/working becomes D/working.replaced-TIME (kept, never deleted) and the
successor becomes D/working. The archive and the EMR index follow, so the
restarted node raises no new incident. Pass the chain flags 'up' was started
with (--working-chain-id, --verification-chain-id, --seed, --accounts) if
they were not the defaults.

Examples:
  dualchain fork                               # the consortium devnet
  dualchain fork --honest 0,1
  dualchain fork --dev --data-dir ~/.dualchain # a stopped dev node
  dualchain up --dev --data-dir ~/.dualchain   # then run on the successor`

// forkDevFlags are the flags of a dev-mode fork: up's, for the same data
// dir and chains.
func forkDevFlags() []cli.Flag {
	out := []cli.Flag{
		&cli.BoolFlag{Name: "dev", Usage: "fork a stopped dev node ('dualchain up --dev') from its archive instead of the consortium devnet"},
		&cli.StringFlag{Name: "data-dir", Value: defaultDataDir(), Usage: "the stopped dev node's data dir (given explicitly, it implies --dev)", EnvVars: []string{"DUALCHAIN_DATA_DIR"}},
		&cli.BoolFlag{Name: "json", Usage: "dev mode: print the result as one JSON object"},
	}
	// The chain settings are up's, so that the same values (flags or
	// environment) rebuild the same genesis.
	want := []string{"working-chain-id", "verification-chain-id", "seed", "accounts", "cache", "verification-period", "max-fee-gwei"}
	for _, f := range upFlags() {
		if slices.Contains(want, f.Names()[0]) {
			out = append(out, f)
		}
	}
	return out
}

// forkAction runs the dev-mode fork when asked for (--dev, or an explicit
// --data-dir), the devnet's otherwise.
func forkAction(devnet cli.ActionFunc) cli.ActionFunc {
	return func(c *cli.Context) error {
		if !c.Bool("dev") && !c.IsSet("data-dir") {
			return devnet(c)
		}
		if c.IsSet("honest") || c.IsSet("control") {
			return usageErr("--honest and --control fork the consortium devnet, --dev and --data-dir a stopped dev node: use one or the other")
		}
		if c.Args().Present() {
			return usageErr("fork takes no arguments (got %q); run 'dualchain fork --help'", c.Args().First())
		}
		return runForkDev(c)
	}
}

// errNodeRunning is returned when the dev node still runs on the data dir.
var errNodeRunning = errors.New("the node is running on this data dir: stop it first (Ctrl-C in the terminal running 'dualchain up --dev'), then run 'dualchain fork --dev' again")

// forkDevResult is what "dualchain fork --dev" prints.
type forkDevResult struct {
	*respond.ForkResult
	ReplacedDir string `json:"replacedDir"`
	GenesisFile string `json:"genesisFile"`
}

func runForkDev(c *cli.Context) error {
	ctx, log := c.Context, loggerFrom(c)
	dir, err := filepath.Abs(c.String("data-dir"))
	if err != nil {
		return usageErr("--data-dir: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, markerName)); err != nil {
		return usageErr("%s is not a dualchain data dir (no %s): pass the --data-dir the dev node ran with", dir, markerName)
	}
	workDir := filepath.Join(dir, "working")
	if _, err := os.Stat(filepath.Join(workDir, "geth", "chaindata")); err != nil {
		return usageErr("%s holds no embedded working chain (no working/geth/chaindata): 'fork --dev' forks the data dir of 'dualchain up --dev'; a consortium forks with 'dualchain fork --honest …'", dir)
	}
	dbPath := filepath.Join(dir, "node.db")
	if _, err := os.Stat(dbPath); err != nil {
		return usageErr("%s has no node database (node.db): the fork rebuilds the chain from the node's archive, which is there", dir)
	}
	st, err := deploy.Load(filepath.Join(dir, "deployments.json"))
	if err != nil {
		return fmt.Errorf("read %s: %w", filepath.Join(dir, "deployments.json"), err)
	}
	vs := st.Chains["verification"]
	if vs == nil || vs.Contracts[deploy.AnchorRegistryName] == nil {
		return usageErr("%s has no AnchorRegistry on a verification chain (single-chain mode?): nothing was anchored, so there is no verified block to fork from", dir)
	}
	registry := vs.Contracts[deploy.AnchorRegistryName].Address
	maxFee := new(big.Int).Mul(big.NewInt(int64(c.Int("max-fee-gwei"))), big.NewInt(params.GWei))

	// Both chains' geth directories are locked by a running node. The
	// working chain's lock is held until the fork is done, so that no node
	// starts on it meanwhile.
	work, err := lockGethDir(workDir)
	if err != nil {
		return err
	}
	defer work.Unlock()
	verifDir := filepath.Join(dir, "verification")
	vlock, err := lockGethDir(verifDir)
	if err != nil {
		return err
	}
	vlock.Unlock() // the embedded verification chain below takes it

	db, err := store.Open(ctx, dbPath)
	if err != nil {
		return fmt.Errorf("%v; move the file aside or use another --data-dir", err)
	}
	defer db.Close()
	workingID := uint64(c.Int("working-chain-id"))
	// Decide first, from the database alone: a fork that cannot be done
	// fails here, before any chain is started or directory made.
	plan, err := respond.PlanFork(ctx, db, workingID, log)
	if err != nil {
		return err
	}

	vc, err := devchain.New(devchain.Config{Name: "verification", ChainID: uint64(c.Int("verification-chain-id")), DataDir: verifDir,
		Period: c.Duration("verification-period"), HTTPPort: -1, WSPort: -1, Seed: c.String("seed"), Accounts: c.Int("accounts"),
		CacheMB: c.Int("cache"), Logger: log})
	if err != nil {
		return usageErr("%v", err)
	}
	if err := vc.Start(ctx); err != nil {
		return explainStartErr("verification", verifDir, err)
	}
	defer vc.Close()
	sender, err := chain.NewSender(ctx, vc.Client(), vc.Accounts()[0].Key, chain.SenderConfig{MaxFeePerGas: maxFee})
	if err != nil {
		return err
	}

	stamp := time.Now().UTC().Format("20060102T150405Z")
	succDir := filepath.Join(dir, "working.successor")
	if _, err := os.Stat(succDir); err == nil {
		aside := succDir + ".interrupted-" + stamp
		if err := os.Rename(succDir, aside); err != nil {
			return fmt.Errorf("%s is left from an interrupted fork and cannot be moved aside: %w; move it yourself", succDir, err)
		}
		log.Warn("moved the successor of an interrupted fork aside", "dir", aside)
	}
	replaced := filepath.Join(dir, "working.replaced-"+stamp)
	install := func(context.Context) error {
		if err := os.Rename(workDir, replaced); err != nil {
			return err
		}
		if err := os.Rename(succDir, workDir); err != nil {
			os.Rename(replaced, workDir)
			return err
		}
		return nil
	}
	fmt.Fprintf(c.App.ErrWriter, "Rebuilding working chain %d up to block %d from the archive in %s\n", workingID, plan.ForkHeight, succDir)
	bar := newProgress(c.App.ErrWriter, int(plan.ForkHeight), !c.Bool("json"))
	res, err := respond.Fork(ctx, respond.ForkConfig{
		DB: db,
		Successor: devchain.Config{Name: "working", ChainID: workingID, DataDir: succDir, Seed: c.String("seed"), Accounts: c.Int("accounts"),
			CacheMB: c.Int("cache"), NoFinality: true, Logger: log},
		Verification: sender,
		Registry:     registry,
		Install:      install,
		Progress:     func(done, _ uint64) { bar.update(int(done)) },
		Logger:       log,
	})
	bar.finish()
	if err != nil {
		return err
	}
	out := forkDevResult{ForkResult: res, ReplacedDir: replaced, GenesisFile: filepath.Join(dir, fmt.Sprintf("fork-%d.json", res.NewChainID))}
	res.DataDir = workDir
	doc, _ := json.MarshalIndent(map[string]any{"genesis": res.Genesis, "genesisHash": res.GenesisHash, "declareTx": res.DeclareTx,
		"registry": registry, "verificationChainId": c.Int("verification-chain-id"), "rangeStart": plan.RangeStart, "proof": plan.Proof}, "", "  ")
	if err := atomicfile.Write(out.GenesisFile, append(doc, '\n')); err != nil {
		log.Warn("could not write the successor's genesis file", "file", out.GenesisFile, "err", err)
	}
	if c.Bool("json") {
		return json.NewEncoder(c.App.Writer).Encode(out)
	}
	printForkDev(c.App.Writer, dir, out)
	return nil
}

// lockGethDir takes the lock geth holds on a chain's directory while a node
// runs on it; it fails with advice when the node runs.
func lockGethDir(chainDir string) (*flock.Flock, error) {
	path := filepath.Join(chainDir, "geth", "LOCK")
	if _, err := os.Stat(filepath.Dir(path)); errors.Is(err, fs.ErrNotExist) {
		return nil, usageErr("%s holds no chain (no %s): pass the --data-dir the dev node ran with", chainDir, filepath.Dir(path))
	}
	l := flock.New(path)
	ok, err := l.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if !ok {
		return nil, errNodeRunning
	}
	return l, nil
}

func printForkDev(w io.Writer, dir string, r forkDevResult) {
	p := r.Plan
	fmt.Fprintf(w, "Hard fork of working chain %d at block %d (%s), the end of settled checkpoint %d (blocks %d-%d)\n",
		p.ChainID, p.ForkHeight, p.ForkHash, p.Checkpoint, p.RangeStart, p.ForkHeight)
	if p.Rewrite != nil {
		fmt.Fprintf(w, "  honest history  the blocks a rewrite from block %d replaced (kept in the archive), up to block %d\n", *p.Rewrite+1, p.HonestTop)
	}
	fmt.Fprintf(w, "  rebuilt         %d blocks from the archive in %.0f ms, every hash identical\n", r.Imported, r.RebuildMs)
	fmt.Fprintf(w, "  replayed        %d of %d transactions (%d honest above the fork, %d written after the attack) in %.0f ms",
		r.Replayed, p.HonestTxs+p.LaterTxs, p.HonestTxs, p.LaterTxs, r.ReplayMs)
	if len(p.Substitutes) > 0 {
		fmt.Fprintf(w, "; %d attacker substitutes dropped", len(p.Substitutes))
	}
	fmt.Fprintln(w)
	for h, why := range r.NotReplayed {
		fmt.Fprintf(w, "    not replayed  %s: %s\n", h, why)
	}
	fmt.Fprintf(w, "  successor head  block %d (%s)\n", r.SuccessorHead, r.SuccessorHash)
	fmt.Fprintf(w, "  declared        successor %d on the AnchorRegistry (tx %s, genesis %s; %s)\n", r.NewChainID, r.DeclareTx, r.GenesisHash, r.GenesisFile)
	fmt.Fprintf(w, "  archive         follows the successor from block %d (%d old rows kept as replaced blocks)\n", r.ArchiveFork, r.ArchiveReplaced)
	fmt.Fprintf(w, "  old chain       kept in %s\n", r.ReplacedDir)
	fmt.Fprintf(w, "Took %.0f ms. Start the node on the successor: dualchain up --dev --data-dir %s\n", r.TotalMs, dir)
}
