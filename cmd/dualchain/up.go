package main

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/dualchain/dualchain/anchor"
	"github.com/dualchain/dualchain/archive"
	"github.com/dualchain/dualchain/attack"
	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/guard"
	"github.com/dualchain/dualchain/metrics"
	"github.com/dualchain/dualchain/proof"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/urfave/cli/v2"
	"golang.org/x/sync/errgroup"
)

// Default chain ids of the embedded chains. 1337 is what wallets expect of
// a local dev chain; 31337 keeps the verification chain distinct from it.
const (
	defaultWorkingChainID      = 1337
	defaultVerificationChainID = 31337
)

func upCommand() *cli.Command {
	return &cli.Command{
		Name:  "up",
		Usage: "start both chains, deploy the contracts once, print endpoints, run until Ctrl-C",
		Description: `Starts the working chain and the verification chain in this process on
127.0.0.1 (or connects to external ones with --working-rpc/--verification-rpc),
deploys the EMR contracts and the AnchorRegistry on first run (a restart reuses
the addresses kept in the data dir), and prints RPC URLs, chain ids, contract
addresses and the prefunded dev accounts. Ctrl-C stops cleanly.

Examples:
  dualchain up
  dualchain up --data-dir /tmp/dc --working-http-port 0 --json
  DUALCHAIN_VERIFICATION_PRIVATE_KEY=0x... dualchain up --verification-rpc https://sepolia.example`,
		Flags:  upFlags(),
		Action: runUpForking,
	}
}

// errForkRequested ends runUpWith when the automatic policy asks for a
// hard fork: the node stops so that the fork can take its data dir.
var errForkRequested = errors.New("hard fork requested")

// upOptions are what runUpForking changes between runs.
type upOptions struct {
	noAutoFork bool // a fork failed: run on, alerting only
}

// runUpForking runs the node; when the automatic policy asks for a hard
// fork (--on-incident KIND=fork, dev mode) it forks the stopped node from
// its archive ('dualchain fork --dev') and starts it again on the
// successor. A fork that cannot be done is logged and the node starts
// again on the old chain, with automatic forks off.
func runUpForking(c *cli.Context) error {
	var opts upOptions
	for {
		err := runUpWith(c, opts)
		if !errors.Is(err, errForkRequested) || c.Context.Err() != nil {
			return err
		}
		log := loggerFrom(c)
		if err := runForkDev(c); err != nil {
			log.Error("automatic hard fork failed; the node starts again on its old chain, automatic forks off ('dualchain fork --dev' by hand once the cause is fixed)", "err", err)
			opts.noAutoFork = true
			continue
		}
		log.Warn("automatic hard fork done; the node starts on the successor")
	}
}

// reindexCommand rebuilds the EMR index of a stopped node.
func reindexCommand() *cli.Command {
	return &cli.Command{
		Name:  "reindex",
		Usage: "rebuild the node's EMR index (identities, records, consent, key shares) from the working chain and IPFS, then exit",
		Description: `The node database's EMR index is derived data: every row comes from the
Identity and EMR contracts' events, and identities' public keys from their
profiles in IPFS. "dualchain reindex" drops it and scans the working chain
from block 0 again, with a progress bar, then prints what it found. Use it
after the database was deleted or damaged (a plain "dualchain up" on a
fresh node.db does the same scan at start). Stop the node first: it takes
the same data dir and flags as "up". The node's own audit trail is kept.

Example:
  dualchain reindex --data-dir ~/.dualchain`,
		Flags:  upFlags(),
		Action: runUp,
	}
}

func upFlags() []cli.Flag {
	env := func(name string) []string {
		return []string{"DUALCHAIN_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))}
	}
	str := func(name, value, usage string) cli.Flag {
		return &cli.StringFlag{Name: name, Value: value, Usage: usage, EnvVars: env(name)}
	}
	num := func(name string, value int, usage string) cli.Flag {
		return &cli.IntFlag{Name: name, Value: value, Usage: usage, EnvVars: env(name)}
	}
	dur := func(name string, value time.Duration, usage string) cli.Flag {
		return &cli.DurationFlag{Name: name, Value: value, Usage: usage, EnvVars: env(name)}
	}
	return []cli.Flag{
		str("data-dir", defaultDataDir(), "where chains, keys and deployments are kept"),
		&cli.BoolFlag{Name: "dev", Usage: "run the single-node dev working chain (one in-process geth, a block as soon as a transaction arrives; the attack simulator's chain) instead of the consortium devnet; --single-chain, --working-rpc and --verification-rpc imply it", EnvVars: env("dev")},
		num("hospitals", 4, "consortium devnet: number of hospitals, one CometBFT validator each"),
		num("base-port", 26600, "consortium devnet: hospital i's validator listens on BASE+10i .. BASE+10i+5"),
		dur("block-time", time.Second, "consortium devnet: pause after each block (at least 1s)"),
		&cli.BoolFlag{Name: "json", Usage: "print the startup summary as one JSON object instead of text", EnvVars: env("json")},
		str("working-rpc", "", "use this EVM JSON-RPC endpoint as the working chain instead of the embedded one"),
		str("verification-rpc", "", "use this EVM JSON-RPC endpoint (e.g. Sepolia) as the verification chain"),
		str("working-key", "", "keystore file of the account that deploys and sends on an external working chain (or env DUALCHAIN_WORKING_PRIVATE_KEY=0x…)"),
		str("verification-key", "", "keystore file of the funded account on an external verification chain (or env DUALCHAIN_VERIFICATION_PRIVATE_KEY=0x…)"),
		str("password-file", "", "file whose first line unlocks the keystore files (or env DUALCHAIN_PASSWORD)"),
		num("working-chain-id", defaultWorkingChainID, "chain id of the embedded working chain"),
		num("verification-chain-id", defaultVerificationChainID, "chain id of the embedded verification chain"),
		num("working-http-port", 8545, "HTTP JSON-RPC port of the embedded working chain (0 = any free port)"),
		num("working-ws-port", 8546, "WebSocket JSON-RPC port of the embedded working chain (0 = any free port)"),
		num("verification-http-port", 8555, "HTTP JSON-RPC port of the embedded verification chain (0 = any free port)"),
		num("verification-ws-port", 8556, "WebSocket JSON-RPC port of the embedded verification chain (0 = any free port)"),
		dur("working-period", 0, "block time of the embedded working chain; 0 seals a block as soon as a transaction arrives"),
		dur("verification-period", 2*time.Second, "slot time of the embedded verification chain (whole seconds); its finalized head lags 32-64 slots, like Ethereum"),
		str("seed", devchain.DefaultSeed, "seed of the prefunded dev accounts (their keys are printed: never use them for real value)"),
		num("accounts", 10, "number of prefunded dev accounts"),
		num("cache", 64, "MiB of database and trie cache per embedded chain"),
		num("max-fee-gwei", 200, "never pay more than this per gas on any chain"),
		&cli.BoolFlag{Name: "single-chain", Usage: "run the EMR system without the verification chain (the thesis's baseline, for comparison): no anchoring, no verification", EnvVars: env("single-chain")},
		num("anchor-interval", 128, "anchor a checkpoint every this many working-chain blocks"),
		dur("anchor-max-age", 0, "anchor whatever is archived once the last checkpoint is this old (0 = 10s with the embedded verification chain, 5m with an external one)"),
		str("metrics-addr", "127.0.0.1:9464", "serve Prometheus metrics at http://ADDR/metrics (\"\" = off, port 0 = any free port)"),
		dur("full-check", time.Minute, "period of the guard's full self-check of the archive against every checkpoint (finds edits that bypass the archive)"),
		dur("content-check", 10*time.Minute, "period of the guard's self-check of all stored IPFS record content against its CIDs (a read refused for a mismatch also runs it)"),
		dur("halt-after", 0, "raise 'working chain halted' when no working-chain block comes for this long (0 = 10 × --working-period when it is set; on demand: 10 s during which transactions wait, since an idle chain makes no block)"),
		str("incident-webhook", "", "POST every new incident (JSON, with its evidence) to this URL"),
		str("on-incident", "", "automatic response by incident kind, KIND=alert|restore|fork, e.g. anchored_history_rewritten=restore,local_data_tampered=restore; fork (dev node): stop, fork from the archive as 'dualchain fork --dev', start again on the successor (default: alert only)"),
		dur("anchor-stall-after", 0, "raise the 'anchoring stalled' alert when archived blocks wait this long for a settled checkpoint (0 = 2 × max-age plus the verification chain's finality time)"),
		num("anchor-confirmations", 0, "settle checkpoints this many blocks deep in the verification chain (0 = wait for its finalized block)"),
		str("api-addr", "127.0.0.1:8080", "serve the EMR HTTP API (FHIR under /fhir, /api/v1, /openapi.json) at ADDR (port 0 = any free port)"),
		str("ipfs-listen", "/ip4/127.0.0.1/tcp/0", "libp2p listen address of the embedded IPFS node"),
		&cli.StringSliceFlag{Name: "ipfs-peer", Usage: "IPFS peer to connect to (multiaddr with /p2p/ID; repeatable): other hospitals' nodes", EnvVars: env("ipfs-peer")},
		str("keystore-passphrase", "", "passphrase of the node-managed identities' keystore files (default in dev: a fixed, public one)"),
		num("max-record-bytes", 16<<20, "largest FHIR resource (attachments included) the API accepts"),
		&cli.BoolFlag{Name: "demo-data", Usage: "on first start, register two practitioners and --demo-patients synthetic patients with charts of every record type (key files in DATA-DIR/demo)", EnvVars: env("demo-data")},
		num("demo-patients", 3, "how many synthetic patients --demo-data loads"),
	}
}

// chainInfo describes one chain of a running system, for the summary.
type chainInfo struct {
	Role      string                    `json:"role"`
	ChainID   uint64                    `json:"chainId"`
	Embedded  bool                      `json:"embedded"`
	HTTP      string                    `json:"http"`
	WS        string                    `json:"ws,omitempty"`
	Sender    common.Address            `json:"sender"`
	Contracts map[string]common.Address `json:"contracts"`
	Period    string                    `json:"period,omitempty"`
}

type accountInfo struct {
	Address common.Address `json:"address"`
	Key     string         `json:"privateKey"`
}

type upSummary struct {
	DataDir      string        `json:"dataDir"`
	Working      chainInfo     `json:"working"`
	Verification *chainInfo    `json:"verification,omitempty"`
	NodeDB       string        `json:"nodeDb"`
	Metrics      string        `json:"metrics,omitempty"`
	API          string        `json:"api"`
	Demo         *demoInfo     `json:"demo,omitempty"`
	Accounts     []accountInfo `json:"devAccounts,omitempty"`
}

// system is the set of running parts "up" owns; close stops them in
// reverse order of start.
type system struct {
	closers []func() error
}

func (s *system) close() {
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i]()
	}
}

func runUp(c *cli.Context) error { return runUpWith(c, upOptions{}) }

func runUpWith(c *cli.Context, opts upOptions) error {
	ctx, cancel := context.WithCancelCause(c.Context)
	defer cancel(nil)
	log := loggerFrom(c)
	if c.Args().Present() {
		return usageErr("up takes no arguments (got %q); run 'dualchain up --help'", c.Args().First())
	}
	dataDir, err := filepath.Abs(c.String("data-dir"))
	if err != nil {
		return usageErr("--data-dir: %v", err)
	}
	if err := openDataDir(dataDir); err != nil {
		return err
	}
	if c.Command.Name == "up" && !c.Bool("dev") && !c.Bool("single-chain") && c.String("working-rpc") == "" && c.String("verification-rpc") == "" {
		// The default: the consortium devnet, the working chain the thesis's
		// threat (a majority of hospitals) is about.
		cfg, err := devnetConfigFromUp(c, dataDir)
		if err != nil {
			return err
		}
		return runDevnetWith(ctx, c.App.Writer, log, cfg)
	}
	maxFee := new(big.Int).Mul(big.NewInt(int64(c.Int("max-fee-gwei"))), big.NewInt(params.GWei))
	if c.Int("max-fee-gwei") <= 0 {
		return usageErr("--max-fee-gwei must be positive")
	}

	sys := &system{}
	defer sys.close()
	reindex := c.Command.Name == "reindex"

	sum := upSummary{DataDir: dataDir, NodeDB: filepath.Join(dataDir, "node.db")}
	single := c.Bool("single-chain")
	roles := []string{"working", "verification"}
	if single {
		roles = roles[:1]
	}
	var devAccounts []devchain.Account
	sides := map[string]side{}
	for _, role := range roles {
		sd, err := startSide(ctx, c, log, sys, dataDir, role, maxFee)
		if err != nil {
			return err
		}
		sides[role] = sd
		if sd.accounts != nil {
			devAccounts = sd.accounts
		}
	}
	sum.Working = sides["working"].info
	for _, a := range devAccounts {
		sum.Accounts = append(sum.Accounts, accountInfo{Address: a.Address, Key: a.KeyHex()})
	}

	deployments := filepath.Join(dataDir, "deployments.json")
	if sum.Working.Contracts, err = deployWorking(ctx, log, deployments, sides["working"].sender); err != nil {
		return err
	}
	if !single {
		v := sides["verification"]
		vi := v.info
		if vi.Contracts, err = deployVerification(ctx, log, deployments, v.sender, sum.Working.ChainID, v.sender.From()); err != nil {
			return err
		}
		sum.Verification = &vi
	}

	db, err := store.Open(ctx, sum.NodeDB)
	if err != nil {
		return fmt.Errorf("%v; move the file aside or use another --data-dir", err)
	}
	sys.closers = append(sys.closers, db.Close)
	g, gctx := errgroup.WithContext(ctx)
	if reindex {
		return reindexNode(ctx, c, log, sys, dataDir, db, sides["working"], sum.Working)
	}
	var coll *metrics.Collector
	if addr := c.String("metrics-addr"); addr != "" {
		url, c, err := serveMetrics(gctx, g, addr, db, sum.Working.ChainID, log)
		if err != nil {
			return err
		}
		sum.Metrics, coll = url, c
	}
	follower := archive.New(archive.Config{Logger: log}, sides["working"].client, db)
	g.Go(func() error { return follower.Run(gctx) })
	var dual *dualParts
	pol, err := parsePolicy(gctx, log, c.String("on-incident"))
	if err != nil {
		return err
	}
	if w := sides["working"]; !single && w.dev != nil && !opts.noAutoFork {
		pol.setFork(func() { cancel(errForkRequested) })
	}
	if !single {
		maxAge := c.Duration("anchor-max-age")
		if maxAge == 0 {
			maxAge = 5 * time.Minute
			if sum.Verification.Embedded {
				maxAge = 10 * time.Second
			}
		}
		// The stalled alert allows for finality: Ethereum's takes ~13 min,
		// the embedded chain's 32-64 slots.
		stallAfter := c.Duration("anchor-stall-after")
		if stallAfter == 0 && sum.Verification.Embedded {
			stallAfter = 2*maxAge + 64*max(c.Duration("verification-period"), time.Second) + time.Minute
		}
		if c.Int("anchor-interval") <= 0 || c.Int("anchor-confirmations") < 0 {
			return usageErr("--anchor-interval must be positive and --anchor-confirmations not negative")
		}
		notify := pol.notify(incidentNotifier(gctx, log, c.String("incident-webhook")))
		agent, err := anchor.NewAgent(anchor.Config{
			Notify:        notify,
			ChainID:       sum.Working.ChainID,
			Registry:      sum.Verification.Contracts[deploy.AnchorRegistryName],
			Interval:      uint64(c.Int("anchor-interval")),
			MaxAge:        maxAge,
			Confirmations: uint64(c.Int("anchor-confirmations")),
			StallAfter:    stallAfter,
			Logger:        log,
		}, db, sides["verification"].sender)
		if err != nil {
			return err
		}
		g.Go(func() error { return agent.Run(gctx) })
		var from uint64
		if st, err := deploy.Load(deployments); err == nil {
			if rec := st.Chains["verification"].Contracts[deploy.AnchorRegistryName]; rec != nil {
				from = rec.Block
			}
		}
		mirror := anchor.NewMirror(anchor.MirrorConfig{Registry: sum.Verification.Contracts[deploy.AnchorRegistryName], FromBlock: from, Logger: log},
			sides["verification"].client, db)
		g.Go(func() error { return mirror.Run(gctx) })
		haltAfter := c.Duration("halt-after")
		var pending guard.PendingCounter
		if sides["working"].accounts != nil && c.Duration("working-period") == 0 {
			// An on-demand chain idles: halted means transactions wait and
			// no block comes.
			pending = sides["working"].client
			if haltAfter == 0 {
				haltAfter = 10 * time.Second
			}
		} else if haltAfter == 0 && sides["working"].accounts != nil {
			haltAfter = 10 * c.Duration("working-period")
		}
		gd := guard.New(guard.Config{ChainID: sum.Working.ChainID, Confirmations: uint64(c.Int("anchor-confirmations")),
			Working: sides["working"].client, HaltAfter: haltAfter, Pending: pending, FullCheck: c.Duration("full-check"), ContentCheck: c.Duration("content-check"), Notify: notify, Logger: log}, db, sides["verification"].client)
		g.Go(func() error { return gd.Run(gctx, follower) })
		if coll != nil {
			coll.SetFinality(gd.FinalHeight)
		}
		dual = &dualParts{guard: gd, agent: agent, proofs: &proof.Builder{
			DB: db, Working: sides["working"].client, WorkingChainID: sum.Working.ChainID,
			VerificationChainID: sum.Verification.ChainID, Registry: sum.Verification.Contracts[deploy.AnchorRegistryName],
		}, verification: sides["verification"].client}
		if v := sides["verification"]; v.accounts != nil && len(v.accounts) > 1 {
			// Dev: the simulator's lying member is prefunded account 1.
			liar, err := chain.NewSender(ctx, v.client, v.accounts[1].Key, chain.SenderConfig{MaxFeePerGas: maxFee})
			if err != nil {
				return err
			}
			dual.anchoring = &attack.Anchoring{Node: v.sender, Liar: liar, Registry: sum.Verification.Contracts[deploy.AnchorRegistryName], WorkingChainID: sum.Working.ChainID}
		}
	}

	apiURL, svc, err := startEMR(gctx, c, g, log, sys, dataDir, db, sides["working"], sum.Working, dual, pol)
	if err != nil {
		return err
	}
	sum.API = apiURL
	// The EMR index follows the archive through reorgs of any depth (a
	// rewrite of anchored history, or its restore).
	reorgs, stopReorgs := follower.Subscribe()
	g.Go(func() error {
		defer stopReorgs()
		for {
			select {
			case <-gctx.Done():
				return nil
			case u := <-reorgs:
				if u.Reorg == nil {
					continue
				}
				hash, err := db.BlockHash(gctx, u.Reorg.ForkNumber)
				if err == nil {
					err = svc.Rewind(gctx, u.Reorg.ForkNumber, hash)
				}
				if err == nil {
					err = svc.Sync(gctx)
				}
				if err != nil && gctx.Err() == nil {
					log.Warn("EMR index did not follow a reorg yet; its own sync will", "err", err)
				}
			}
		}
	})
	if c.Bool("demo-data") {
		if sum.Demo, err = loadDemoData(gctx, log, svc, dataDir, c.Int("demo-patients")); err != nil {
			return err
		}
	}

	if c.Bool("json") {
		enc := json.NewEncoder(c.App.Writer)
		if err := enc.Encode(sum); err != nil {
			return err
		}
	} else {
		printSummary(c.App.Writer, sum)
	}
	log.Info("dualchain is up; press Ctrl-C to stop")
	<-ctx.Done()
	log.Info("stopping")
	err = g.Wait()
	if errors.Is(context.Cause(ctx), errForkRequested) {
		return errForkRequested
	}
	return err
}

// side is one chain of a running system.
type side struct {
	info     chainInfo
	sender   *chain.Sender
	client   *ethclient.Client
	accounts []devchain.Account // nil for an external chain
	key      *ecdsa.PrivateKey  // the node's account on this chain
	dev      *devchain.Chain    // the embedded chain; nil for an external one
}

// startSide starts the embedded chain for role, or connects to the external
// endpoint configured for it, and returns a sender for the node's key there.
func startSide(ctx context.Context, c *cli.Context, log *slog.Logger, sys *system, dataDir, role string, maxFee *big.Int) (side, error) {
	info := chainInfo{Role: role}
	senderCfg := chain.SenderConfig{MaxFeePerGas: maxFee}
	if url := c.String(role + "-rpc"); url != "" {
		key, err := loadKey(c, role)
		if err != nil {
			return side{}, err
		}
		client, err := dialExternal(ctx, role, url)
		if err != nil {
			return side{}, err
		}
		sys.closers = append(sys.closers, func() error { client.Close(); return nil })
		s, err := chain.NewSender(ctx, client, key, senderCfg)
		if err != nil {
			return side{}, fmt.Errorf("%s chain at %s: %w", role, url, err)
		}
		info.ChainID, info.HTTP, info.Sender = s.ChainID().Uint64(), url, s.From()
		return side{info: info, sender: s, client: client, key: key}, nil
	}

	cfg := devchain.Config{
		Name:     role,
		ChainID:  uint64(c.Int(role + "-chain-id")),
		DataDir:  filepath.Join(dataDir, role),
		Period:   c.Duration(role + "-period"),
		HTTPPort: c.Int(role + "-http-port"),
		WSPort:   c.Int(role + "-ws-port"),
		Seed:     c.String("seed"),
		Accounts: c.Int("accounts"),
		CacheMB:  c.Int("cache"),
		// The working chain declares no finality: the attack simulator
		// and restore must be able to replace its blocks at any depth.
		NoFinality: role == "working",
		Logger:     log,
	}
	if c.Int(role+"-chain-id") <= 0 {
		return side{}, usageErr("--%s-chain-id must be positive", role)
	}
	for _, p := range []struct {
		flag string
		port int
	}{{role + "-http-port", cfg.HTTPPort}, {role + "-ws-port", cfg.WSPort}} {
		if err := checkPortFree("127.0.0.1", p.port, p.flag); err != nil {
			return side{}, err
		}
	}
	dc, err := devchain.New(cfg)
	if err != nil {
		return side{}, usageErr("%v", err)
	}
	if err := dc.Start(ctx); err != nil {
		return side{}, explainStartErr(role, cfg.DataDir, err)
	}
	sys.closers = append(sys.closers, dc.Close)
	client := dc.Client()
	s, err := chain.NewSender(ctx, client, dc.Accounts()[0].Key, senderCfg)
	if err != nil {
		return side{}, err
	}
	info.ChainID, info.Embedded, info.HTTP, info.WS, info.Sender = cfg.ChainID, true, dc.HTTPEndpoint(), dc.WSEndpoint(), s.From()
	info.Period = "on demand"
	if cfg.Period > 0 {
		info.Period = cfg.Period.String()
	}
	return side{info: info, sender: s, client: client, accounts: dc.Accounts(), key: dc.Accounts()[0].Key, dev: dc}, nil
}

// checkPortFree fails with advice when port is taken. Port 0 is always free.
func checkPortFree(host string, port int, flag string) error {
	if port == 0 || port == -1 {
		return nil
	}
	if port < 0 || port > 65535 {
		return usageErr("--%s %d is not a port number", flag, port)
	}
	l, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return fmt.Errorf("port %d (--%s) on %s is already in use: stop the program using it or pass --%s with another port (0 = any free port)", port, flag, host, flag)
	}
	return l.Close()
}

func explainStartErr(role, dir string, err error) error {
	msg := err.Error()
	switch {
	case errors.Is(err, devchain.ErrForeignDataDir):
		return fmt.Errorf("the %s chain in %s was created with another chain id or seed: start with the original --%s-chain-id and --seed, or use another --data-dir", role, dir, role)
	case strings.Contains(msg, "already used by another process") || strings.Contains(msg, "resource temporarily unavailable"):
		return fmt.Errorf("%s chain data in %s is in use by another dualchain process: stop it or use another --data-dir", role, dir)
	case strings.Contains(msg, "address already in use"):
		return fmt.Errorf("%s chain: %v: stop the program using the port or choose other ports", role, err)
	}
	return fmt.Errorf("%s chain: %w", role, err)
}

// dialExternal connects to an external endpoint and checks that it answers
// as an EVM chain, so a dead or wrong URL fails now with a clear message.
func dialExternal(ctx context.Context, role, url string) (*ethclient.Client, error) {
	dctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	rc, err := rpc.DialContext(dctx, url)
	if err != nil {
		return nil, fmt.Errorf("cannot reach the %s chain at %s: %v; check --%s-rpc", role, url, err, role)
	}
	client := ethclient.NewClient(rc)
	if _, err := client.ChainID(dctx); err != nil {
		client.Close()
		return nil, fmt.Errorf("the %s chain at %s did not answer eth_chainId: %v; check --%s-rpc", role, url, err, role)
	}
	return client, nil
}

// loadKey returns the node's key for an external chain: a keystore file
// (--ROLE-key, unlocked by --password-file or DUALCHAIN_PASSWORD) or a raw
// hex key in DUALCHAIN_ROLE_PRIVATE_KEY. Keys are never accepted as flags,
// which would leave them in shell history and process listings.
func loadKey(c *cli.Context, role string) (*ecdsa.PrivateKey, error) {
	envName := "DUALCHAIN_" + strings.ToUpper(role) + "_PRIVATE_KEY"
	if path := c.String(role + "-key"); path != "" {
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read --%s-key: %v", role, err)
		}
		pass := os.Getenv("DUALCHAIN_PASSWORD")
		if pf := c.String("password-file"); pf != "" {
			b, err := os.ReadFile(pf)
			if err != nil {
				return nil, fmt.Errorf("read --password-file: %v", err)
			}
			pass = strings.TrimRight(strings.SplitN(string(b), "\n", 2)[0], "\r")
		}
		k, err := keystore.DecryptKey(raw, pass)
		if err != nil {
			return nil, fmt.Errorf("unlock %s: %v; check --password-file or DUALCHAIN_PASSWORD", path, err)
		}
		return k.PrivateKey, nil
	}
	if hexKey := os.Getenv(envName); hexKey != "" {
		k, err := crypto.HexToECDSA(strings.TrimPrefix(hexKey, "0x"))
		if err != nil {
			return nil, fmt.Errorf("%s is not a valid secp256k1 private key: %v", envName, err)
		}
		return k, nil
	}
	return nil, usageErr("--%s-rpc needs a funded key: pass --%s-key FILE (keystore) or set %s", role, role, envName)
}

func printSummary(w io.Writer, s upSummary) {
	fmt.Fprintf(w, "\ndualchain is up (data dir %s)\n\n", s.DataDir)
	chains := []chainInfo{s.Working}
	if s.Verification != nil {
		chains = append(chains, *s.Verification)
	}
	for _, ci := range chains {
		kind := "external"
		if ci.Embedded {
			kind = "embedded, blocks " + ci.Period
			if ci.Period != "on demand" {
				kind = "embedded, one block every " + ci.Period
			}
		}
		fmt.Fprintf(w, "%-20s chain id %d (%s)\n", strings.ToUpper(ci.Role[:1])+ci.Role[1:]+" chain", ci.ChainID, kind)
		fmt.Fprintf(w, "  %-18s %s\n", "HTTP RPC", ci.HTTP)
		if ci.WS != "" {
			fmt.Fprintf(w, "  %-18s %s\n", "WebSocket RPC", ci.WS)
		}
		fmt.Fprintf(w, "  %-18s %s\n", "node account", ci.Sender)
		for _, name := range sortedKeys(ci.Contracts) {
			fmt.Fprintf(w, "  %-18s %s\n", name, ci.Contracts[name])
		}
		fmt.Fprintln(w)
	}
	if len(s.Accounts) > 0 {
		fmt.Fprintf(w, "Dev accounts (on both embedded chains, %s ETH each; these keys are public: never use them for real value)\n", new(big.Int).Div(devchain.DevBalance, big.NewInt(params.Ether)))
		for i, a := range s.Accounts {
			fmt.Fprintf(w, "  (%d) %s  %s\n", i, a.Address, a.Key)
		}
		fmt.Fprintln(w)
	}
	if s.Verification == nil {
		fmt.Fprintln(w, "Single-chain mode: nothing is anchored or verified (the baseline for comparison).")
	}
	fmt.Fprintf(w, "Node database %s\n", s.NodeDB)
	if s.Metrics != "" {
		fmt.Fprintf(w, "Metrics       %s\n", s.Metrics)
	}
	fmt.Fprintf(w, "EMR API       %s  (FHIR at %s/fhir, OpenAPI at %s/openapi.json)\n", s.API, s.API, s.API)
	if d := s.Demo; d != nil {
		fmt.Fprintf(w, "Demo data     %d practitioners, %d patients, %d records; key files in %s (passphrase %q), e.g.\n", len(d.Practitioners), len(d.Patients), d.Records, d.KeyDir, d.Passphrase)
		for _, id := range append(d.Practitioners[:1:1], d.Patients[0]) {
			fmt.Fprintf(w, "                dualchain records list --key %s --key-passphrase %s --patient %s   # as %s\n", id.KeyFile, d.Passphrase, d.Patients[0].Address, id.Name)
		}
	}
	fmt.Fprintln(w, "\nPress Ctrl-C to stop.")
}

// serveMetrics serves the Prometheus metrics on addr until ctx ends and
// returns their URL.
func serveMetrics(ctx context.Context, g *errgroup.Group, addr string, db *store.DB, chainID uint64, log *slog.Logger) (string, *metrics.Collector, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("cannot serve metrics on %s (%v): pass --metrics-addr with a free address, or \"\" to turn metrics off", addr, err)
	}
	reg := prometheus.NewRegistry()
	coll := metrics.NewCollector(db, chainID, log)
	reg.MustRegister(coll)
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	g.Go(func() error {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("metrics server: %w", err)
		}
		return nil
	})
	g.Go(func() error {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	})
	return "http://" + ln.Addr().String() + "/metrics", coll, nil
}
