package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/urfave/cli/v2"

	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/consortium"
	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/devchain"
)

const hospitalNamePrefix = "dualchain hospital "

// consortiumCommand writes a consortium's genesis, keys and node configs.
func consortiumCommand() *cli.Command {
	return &cli.Command{
		Name:  "consortium",
		Usage: "create a consortium working chain (CometBFT validators driving geth)",
		Subcommands: []*cli.Command{{
			Name:  "init",
			Usage: "write a deterministic consortium: validator keys, CometBFT and EVM genesis, one node.json per hospital",
			Description: `Writes DIR/hospital-<i>/ for each hospital: node.json (ports, peers, accounts),
the CometBFT home (genesis, validator and node keys), the devp2p key and the
data/ directory its dualchain node uses. Everything is derived from --seed, so
the same flags give the same consortium on every machine: keep the seed secret
for a real deployment. Run each hospital with 'dualchain node --config
DIR/hospital-<i>/node.json', or all of them on this machine with 'dualchain devnet'.`,
			Flags: consortiumSpecFlags(),
			Action: func(c *cli.Context) error {
				if c.Args().Present() {
					return usageErr("consortium init takes no arguments (got %q)", c.Args().First())
				}
				dir, err := filepath.Abs(c.String("dir"))
				if err != nil {
					return usageErr("--dir: %v", err)
				}
				lay, err := initConsortium(dir, specFromFlags(c))
				if err != nil {
					return err
				}
				fmt.Fprintf(c.App.Writer, "consortium of %d hospitals written to %s\n", len(lay.Nodes), lay.Dir)
				for i, n := range lay.Nodes {
					fmt.Fprintf(c.App.Writer, "  %s  validator %s  account %s  geth http :%d  config %s\n", n.Name, n.Validator, n.Account, n.Ports.GethHTTP, lay.Configs[i])
				}
				return nil
			},
		}},
	}
}

func consortiumSpecFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "dir", Value: filepath.Join(defaultDataDir(), "..", ".dualchain-devnet"), Usage: "directory of the consortium", EnvVars: []string{"DUALCHAIN_DEVNET_DIR"}},
		&cli.IntFlag{Name: "hospitals", Value: 4, Usage: "number of hospitals, one validator each", EnvVars: []string{"DUALCHAIN_HOSPITALS"}},
		&cli.IntFlag{Name: "chain-id", Value: defaultWorkingChainID, Usage: "EVM chain id of the working chain", EnvVars: []string{"DUALCHAIN_WORKING_CHAIN_ID"}},
		&cli.IntFlag{Name: "base-port", Value: 26600, Usage: "hospital i listens on BASE+10i .. BASE+10i+5 (geth HTTP, WS, devp2p, CometBFT p2p, RPC, IPFS)", EnvVars: []string{"DUALCHAIN_BASE_PORT"}},
		&cli.DurationFlag{Name: "block-time", Value: time.Second, Usage: "pause after each block (CometBFT timeout_commit, at least 1s)", EnvVars: []string{"DUALCHAIN_BLOCK_TIME"}},
		&cli.StringFlag{Name: "seed", Value: devchain.DefaultSeed, Usage: "seed of every key of the consortium (public by default: dev only)", EnvVars: []string{"DUALCHAIN_SEED"}},
	}
}

func initConsortium(dir string, spec consortium.Spec) (*consortium.Layout, error) {
	lay, err := consortium.Init(dir, spec)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	for _, n := range lay.Nodes {
		if err := writeMarker(n.DataDir()); err != nil {
			return nil, err
		}
	}
	return lay, nil
}

// nodeCommand runs one hospital of a consortium: its validator and, on top
// of it, everything "up" runs (EMR API, archive, anchor agent, guard, IPFS).
func nodeCommand() *cli.Command {
	flags := append([]cli.Flag{
		&cli.StringFlag{Name: "config", Usage: "the hospital's node.json written by 'dualchain consortium init'", Required: true, EnvVars: []string{"DUALCHAIN_NODE_CONFIG"}},
	}, upFlags()...)
	return &cli.Command{
		Name:  "node",
		Usage: "run one hospital of a consortium: its validator plus the EMR node on top of it",
		Description: `Starts the hospital's validator (in-process geth driven by CometBFT) and then
everything 'dualchain up' runs, with the validator's geth as the working chain.
The verification chain is --verification-rpc with --verification-key (or
DUALCHAIN_VERIFICATION_PRIVATE_KEY). Hospital 0 deploys the contracts on first
start, with every hospital as a founder and registry member; the others wait
for its DATA/deployments.json to be copied into their data directory.

Example:
  dualchain node --config ~/.dualchain-devnet/hospital-1/node.json \
      --verification-rpc https://sepolia.example --verification-key key.json`,
		Flags:  flags,
		Action: runNode,
	}
}

func runNode(c *cli.Context) error {
	ctx := c.Context
	log := loggerFrom(c)
	cfg, err := consortium.LoadNodeConfig(c.String("config"))
	if err != nil {
		return usageErr("%v", err)
	}
	if !c.IsSet("data-dir") {
		c.Set("data-dir", cfg.DataDir())
	}
	if !c.IsSet("ipfs-listen") && cfg.IPFS != "" {
		c.Set("ipfs-listen", strings.Split(cfg.IPFS, "/p2p/")[0])
	}
	if !c.IsSet("ipfs-peer") {
		for _, p := range cfg.IPFSPeers {
			c.Set("ipfs-peer", p)
		}
	}
	if c.String("working-key") == "" && os.Getenv("DUALCHAIN_WORKING_PRIVATE_KEY") == "" {
		// A dev consortium's accounts come from its (public) seed.
		acct := devchain.DevAccounts(cfg.Seed, cfg.Accounts)[cfg.Index]
		os.Setenv("DUALCHAIN_WORKING_PRIVATE_KEY", acct.KeyHex())
	}
	v, err := consortium.Start(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer v.Close()
	c.Set("working-rpc", v.HTTPEndpoint())
	dataDir, _ := filepath.Abs(c.String("data-dir"))
	if err := openDataDir(dataDir); err != nil {
		return err
	}
	path := filepath.Join(dataDir, "deployments.json")
	if cfg.Index == 0 {
		if err := deployConsortium(ctx, c, log, cfg, v.Client(), path); err != nil {
			return err
		}
	} else if err := waitForFile(ctx, log, path); err != nil {
		return err
	}
	return runUp(c)
}

// deployConsortium deploys the EMR contracts with every hospital as a
// founder and the registry with every hospital as a member, unless path
// already records them. "up" then finds them deployed.
func deployConsortium(ctx context.Context, c *cli.Context, log *slog.Logger, cfg consortium.NodeConfig, working *ethclient.Client, path string) error {
	if err := waitBlocks(ctx, working, 1); err != nil {
		return err
	}
	maxFee := new(big.Int).Mul(big.NewInt(int64(c.Int("max-fee-gwei"))), big.NewInt(params.GWei))
	wkey, err := loadKey(c, "working")
	if err != nil {
		return err
	}
	ws, err := chain.NewSender(ctx, working, wkey, chain.SenderConfig{MaxFeePerGas: maxFee})
	if err != nil {
		return err
	}
	names := make([]string, len(cfg.Members))
	for i := range names {
		names[i] = hospitalNamePrefix + strconv.Itoa(i)
	}
	wd := &deploy.Deployer{Path: path, Role: "working", Sender: ws, Logger: log}
	if _, err := wd.Ensure(ctx, deploy.WorkingContracts(cfg.Members, names)); err != nil {
		return err
	}
	url := c.String("verification-rpc")
	if url == "" || c.Bool("single-chain") {
		return nil
	}
	vkey, err := loadKey(c, "verification")
	if err != nil {
		return err
	}
	vc, err := dialExternal(ctx, "verification", url)
	if err != nil {
		return err
	}
	defer vc.Close()
	vs, err := chain.NewSender(ctx, vc, vkey, chain.SenderConfig{MaxFeePerGas: maxFee})
	if err != nil {
		return err
	}
	vd := &deploy.Deployer{Path: path, Role: "verification", Sender: vs, Logger: log}
	_, err = vd.Ensure(ctx, deploy.VerificationContracts(cfg.ChainID, cfg.Members))
	return err
}

// waitBlocks waits until the chain has at least n blocks: a consortium
// makes blocks only once more than 2/3 of its validators are up.
func waitBlocks(ctx context.Context, cl *ethclient.Client, n uint64) error {
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		if h, err := cl.BlockNumber(ctx); err == nil && h >= n {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for the consortium's first block (are more than 2/3 of the validators up?): %w", ctx.Err())
		case <-t.C:
		}
	}
}

func waitForFile(ctx context.Context, log *slog.Logger, path string) error {
	logged := false
	for {
		if _, err := os.Stat(path); err == nil {
			return nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if !logged {
			log.Info("waiting for the consortium's contracts: copy hospital-0's data/deployments.json here", "path", path)
			logged = true
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// devnetCommand runs a whole consortium on this machine.
func devnetCommand() *cli.Command {
	flags := append(consortiumSpecFlags(),
		&cli.IntFlag{Name: "api-port", Value: 8080, Usage: "hospital i serves its EMR API on 127.0.0.1:API-PORT+i", EnvVars: []string{"DUALCHAIN_API_PORT"}},
		&cli.IntFlag{Name: "metrics-port", Value: 9464, Usage: "hospital i serves metrics on 127.0.0.1:METRICS-PORT+i (0 = off)", EnvVars: []string{"DUALCHAIN_METRICS_PORT"}},
		&cli.IntFlag{Name: "verification-http-port", Value: 8555, Usage: "HTTP JSON-RPC port of the embedded verification chain", EnvVars: []string{"DUALCHAIN_VERIFICATION_HTTP_PORT"}},
		&cli.IntFlag{Name: "verification-ws-port", Value: 8556, Usage: "WebSocket JSON-RPC port of the embedded verification chain", EnvVars: []string{"DUALCHAIN_VERIFICATION_WS_PORT"}},
		&cli.DurationFlag{Name: "verification-period", Value: 2 * time.Second, Usage: "slot time of the embedded verification chain", EnvVars: []string{"DUALCHAIN_VERIFICATION_PERIOD"}},
		&cli.DurationFlag{Name: "anchor-max-age", Value: 10 * time.Second, Usage: "each hospital anchors whatever is archived once its last checkpoint is this old", EnvVars: []string{"DUALCHAIN_ANCHOR_MAX_AGE"}},
		&cli.DurationFlag{Name: "full-check", Value: 30 * time.Second, Usage: "period of each hospital's full self-check of its archive against every checkpoint", EnvVars: []string{"DUALCHAIN_FULL_CHECK"}},
		&cli.BoolFlag{Name: "json", Usage: "print the summary as one JSON object"},
	)
	return &cli.Command{
		Name:  "devnet",
		Usage: "run a consortium of hospitals on this machine: validators, verification chain and one EMR node per hospital",
		Description: `Creates the consortium on first run (as 'dualchain consortium init'), starts
the embedded verification chain and every hospital's validator in this process,
deploys the contracts once (every hospital a founder and registry member), then
runs one 'dualchain up' process per hospital on top of its own validator, each
with its own database, IPFS node (peered with the others), anchor agent, guard
and API. Ctrl-C stops everything; the next run resumes from disk.`,
		Flags:       flags,
		Action:      runDevnet,
		Subcommands: devnetControlCommands(),
	}
}

// devnetHospital is one hospital of a running devnet, for the summary.
type devnetHospital struct {
	Name      string         `json:"name"`
	API       string         `json:"api"`
	Working   string         `json:"workingRpc"`
	Account   common.Address `json:"account"`
	Validator string         `json:"validator"`
	DataDir   string         `json:"dataDir"`
	PID       int            `json:"pid"`
}

type devnetSummary struct {
	Dir          string           `json:"dir"`
	Control      string           `json:"control"`
	ChainID      uint64           `json:"chainId"`
	Verification string           `json:"verificationRpc"`
	Hospitals    []devnetHospital `json:"hospitals"`
}

// devnetConfig is what a devnet run needs, from "devnet"'s flags or from
// "up"'s (whose default is the devnet).
type devnetConfig struct {
	Dir                  string
	Spec                 consortium.Spec
	HospitalsSet         bool // the user asked for Spec.Hospitals explicitly
	APIPort, MetricsPort int
	VerifHTTP, VerifWS   int
	VerifPeriod          time.Duration
	AnchorMaxAge         time.Duration
	FullCheck            time.Duration
	JSON                 bool
	LogLevel             string
	DemoData             bool
	DemoPatients         int
}

func devnetConfigFromFlags(c *cli.Context) (devnetConfig, error) {
	dir, err := filepath.Abs(c.String("dir"))
	if err != nil {
		return devnetConfig{}, usageErr("--dir: %v", err)
	}
	return devnetConfig{
		Dir: dir, Spec: specFromFlags(c), HospitalsSet: c.IsSet("hospitals"),
		APIPort: c.Int("api-port"), MetricsPort: c.Int("metrics-port"),
		VerifHTTP: c.Int("verification-http-port"), VerifWS: c.Int("verification-ws-port"), VerifPeriod: c.Duration("verification-period"),
		AnchorMaxAge: c.Duration("anchor-max-age"), FullCheck: c.Duration("full-check"), JSON: c.Bool("json"), LogLevel: c.String("log-level"),
	}, nil
}

func specFromFlags(c *cli.Context) consortium.Spec {
	return consortium.Spec{
		Hospitals: c.Int("hospitals"), ChainID: uint64(c.Int("chain-id")), Seed: c.String("seed"),
		BasePort: c.Int("base-port"), BlockTime: c.Duration("block-time"),
	}
}

func runDevnet(c *cli.Context) error {
	if c.Args().Present() {
		return usageErr("devnet takes no arguments (got %q)", c.Args().First())
	}
	cfg, err := devnetConfigFromFlags(c)
	if err != nil {
		return err
	}
	return runDevnetWith(c.Context, c.App.Writer, loggerFrom(c), cfg)
}

func runDevnetWith(ctx context.Context, w io.Writer, log *slog.Logger, cfg devnetConfig) error {
	dir := cfg.Dir
	var nodes []consortium.NodeConfig
	if _, err := os.Stat(filepath.Join(dir, "hospital-0", "node.json")); err == nil {
		for i := 0; ; i++ {
			n, err := consortium.LoadNodeConfig(filepath.Join(dir, fmt.Sprintf("hospital-%d", i), "node.json"))
			if err != nil {
				break
			}
			nodes = append(nodes, n)
		}
		if cfg.HospitalsSet && cfg.Spec.Hospitals != len(nodes) {
			return usageErr("%s holds a consortium of %d hospitals, not %d; use another directory", dir, len(nodes), cfg.Spec.Hospitals)
		}
	} else {
		lay, err := initConsortium(dir, cfg.Spec)
		if err != nil {
			return err
		}
		nodes = lay.Nodes
	}
	log.Info("starting devnet", "dir", dir, "hospitals", len(nodes))

	vc, err := devchain.New(devchain.Config{
		Name: "verification", ChainID: defaultVerificationChainID, DataDir: filepath.Join(dir, "verification"),
		Period: cfg.VerifPeriod, HTTPPort: cfg.VerifHTTP, WSPort: cfg.VerifWS,
		Seed: nodes[0].Seed, Accounts: nodes[0].Accounts, Logger: log,
	})
	if err != nil {
		return usageErr("%v", err)
	}
	if err := vc.Start(ctx); err != nil {
		return explainStartErr("verification", filepath.Join(dir, "verification"), err)
	}
	defer vc.Close()
	validators := make([]*consortium.Validator, len(nodes))
	for i, n := range nodes {
		if validators[i], err = consortium.Start(ctx, n, log); err != nil {
			return err
		}
	}
	ctl := &devnetControl{ctx: ctx, log: log, nodes: nodes, validators: validators}
	defer ctl.closeAll()

	// The contracts, once, from hospital 0's account; every hospital's node
	// then finds them in its copy of the deployments file.
	shared := filepath.Join(dir, "deployments.json")
	if ctl.registry, err = devnetDeploy(ctx, log, nodes, validators[0].Client(), vc, shared); err != nil {
		return err
	}
	ctl.verif = vc
	sum := devnetSummary{Dir: dir, ChainID: nodes[0].ChainID, Verification: vc.HTTPEndpoint()}

	self, err := os.Executable()
	if err != nil {
		return err
	}
	ctl.procs = make([]*exec.Cmd, len(nodes))
	defer func() {
		ctl.mu.Lock()
		defer ctl.mu.Unlock()
		for _, p := range ctl.procs {
			if p != nil {
				p.Process.Signal(syscall.SIGINT)
			}
		}
		for _, p := range ctl.procs {
			if p != nil {
				p.Wait()
			}
		}
	}()
	for i, n := range nodes {
		if err := copyIfMissing(shared, filepath.Join(n.DataDir(), "deployments.json")); err != nil {
			return err
		}
		api := fmt.Sprintf("127.0.0.1:%d", cfg.APIPort+i)
		metricsAddr := ""
		if cfg.MetricsPort > 0 {
			metricsAddr = fmt.Sprintf("127.0.0.1:%d", cfg.MetricsPort+i)
		}
		args := []string{"--log-level", cfg.LogLevel, "up", "--json",
			"--data-dir", n.DataDir(), "--working-rpc", validators[i].HTTPEndpoint(), "--verification-rpc", vc.HTTPEndpoint(),
			"--api-addr", api, "--metrics-addr", metricsAddr, "--ipfs-listen", strings.Split(n.IPFS, "/p2p/")[0],
			"--anchor-max-age", cfg.AnchorMaxAge.String(), "--halt-after", (10 * time.Second).String(),
			"--full-check", cfg.FullCheck.String()}
		if cfg.DemoData && i == 0 {
			args = append(args, "--demo-data", "--demo-patients", strconv.Itoa(cfg.DemoPatients))
		}
		for _, p := range n.IPFSPeers {
			args = append(args, "--ipfs-peer", p)
		}
		key := devchain.DevAccounts(n.Seed, n.Accounts)[n.Index].KeyHex()
		cmd := exec.CommandContext(context.WithoutCancel(ctx), self, args...)
		cmd.Env = append(os.Environ(), "DUALCHAIN_WORKING_PRIVATE_KEY="+key, "DUALCHAIN_VERIFICATION_PRIVATE_KEY="+key)
		if os.Getenv("DUALCHAIN_KEYSTORE_PASSPHRASE") == "" {
			// A devnet is dev: its node-managed identities use the same
			// public passphrase as the embedded dev mode's.
			cmd.Env = append(cmd.Env, "DUALCHAIN_KEYSTORE_PASSPHRASE="+devKeystorePassphrase)
		}
		logFile, err := os.OpenFile(filepath.Join(n.Home, "node.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		defer logFile.Close()
		cmd.Stderr = logFile
		out, err := cmd.StdoutPipe()
		if err != nil {
			return err
		}
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("start %s's node: %w", n.Name, err)
		}
		ctl.procs[i] = cmd
		var up upSummary
		if err := readSummary(ctx, out, &up); err != nil {
			logPath := filepath.Join(n.Home, "node.log")
			return fmt.Errorf("%s's node did not come up: %w; the end of %s:\n%s", n.Name, err, logPath, logTail(logPath, 15))
		}
		sum.Hospitals = append(sum.Hospitals, devnetHospital{Name: n.Name, API: up.API, Working: validators[i].HTTPEndpoint(),
			Account: n.Account, Validator: n.Validator, DataDir: n.DataDir(), PID: cmd.Process.Pid})
	}
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", cfg.APIPort+len(nodes)))
	if err != nil {
		return fmt.Errorf("devnet control endpoint: %w; choose another --api-port", err)
	}
	srv := &http.Server{Handler: ctl.handler(), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	sum.Control = "http://" + ln.Addr().String()
	if cfg.JSON {
		if err := json.NewEncoder(w).Encode(sum); err != nil {
			return err
		}
	} else {
		printDevnet(w, sum)
	}
	<-ctx.Done()
	log.Info("stopping devnet")
	return nil
}

// devnetControl lets a demonstration or a test stop and start validators
// of a running devnet: stopping more than 1/3 of the voting power halts the
// working chain, the consortium attack the guards must report.
type devnetControl struct {
	ctx      context.Context
	log      *slog.Logger
	verif    *devchain.Chain
	registry common.Address

	mu         sync.Mutex // protects the fields below
	nodes      []consortium.NodeConfig
	validators []*consortium.Validator
	procs      []*exec.Cmd // each hospital's EMR node
}

func (d *devnetControl) handler() http.Handler {
	mux := http.NewServeMux()
	d.attackHandlers(mux)
	mux.HandleFunc("POST /validators/{i}/{action}", func(w http.ResponseWriter, r *http.Request) {
		i, err := strconv.Atoi(r.PathValue("i"))
		if err != nil || i < 0 || i >= len(d.nodes) {
			http.Error(w, fmt.Sprintf("no validator %q: the devnet has validators 0..%d", r.PathValue("i"), len(d.nodes)-1), http.StatusNotFound)
			return
		}
		d.mu.Lock()
		defer d.mu.Unlock()
		v := d.validators[i]
		switch r.PathValue("action") {
		case "stop":
			if v != nil {
				v.Close()
				d.validators[i] = nil
				d.log.Warn("devnet: validator stopped", "hospital", d.nodes[i].Name)
			}
		case "start":
			if v == nil {
				if d.validators[i], err = consortium.Start(d.ctx, d.nodes[i], d.log); err != nil {
					http.Error(w, err.Error(), http.StatusInternalServerError)
					return
				}
				d.log.Info("devnet: validator started", "hospital", d.nodes[i].Name)
			}
		default:
			http.Error(w, "action is stop or start", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"validator": i, "running": d.validators[i] != nil})
	})
	return mux
}

func (d *devnetControl) closeAll() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, v := range d.validators {
		if v != nil {
			v.Close()
		}
	}
}

func devnetDeploy(ctx context.Context, log *slog.Logger, nodes []consortium.NodeConfig, working *ethclient.Client, vc *devchain.Chain, path string) (common.Address, error) {
	if err := waitBlocks(ctx, working, 1); err != nil {
		return common.Address{}, err
	}
	key := devchain.DevAccounts(nodes[0].Seed, nodes[0].Accounts)[0].Key
	maxFee := big.NewInt(200 * params.GWei)
	ws, err := chain.NewSender(ctx, working, key, chain.SenderConfig{MaxFeePerGas: maxFee})
	if err != nil {
		return common.Address{}, err
	}
	names := make([]string, len(nodes))
	for i := range names {
		names[i] = hospitalNamePrefix + strconv.Itoa(i)
	}
	members := nodes[0].Members
	if _, err := (&deploy.Deployer{Path: path, Role: "working", Sender: ws, Logger: log}).Ensure(ctx, deploy.WorkingContracts(members, names)); err != nil {
		return common.Address{}, err
	}
	vs, err := chain.NewSender(ctx, vc.Client(), key, chain.SenderConfig{MaxFeePerGas: maxFee})
	if err != nil {
		return common.Address{}, err
	}
	out, err := (&deploy.Deployer{Path: path, Role: "verification", Sender: vs, Logger: log}).Ensure(ctx, deploy.VerificationContracts(nodes[0].ChainID, members))
	return out[deploy.AnchorRegistryName], err
}

// readSummary reads the first stdout line of an "up --json" child.
func readSummary(ctx context.Context, r io.Reader, v any) error {
	line := make(chan []byte, 1)
	go func() {
		b, _ := bufio.NewReader(r).ReadBytes('\n')
		line <- b
		io.Copy(io.Discard, r)
	}()
	select {
	case b := <-line:
		if len(b) == 0 {
			return errors.New("it exited before printing its summary")
		}
		return json.Unmarshal(b, v)
	case <-time.After(3 * time.Minute):
		return errors.New("no summary after 3 minutes")
	case <-ctx.Done():
		return ctx.Err()
	}
}

func copyIfMissing(src, dst string) error {
	if _, err := os.Stat(dst); err == nil {
		return nil
	}
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o600)
}

func printDevnet(w io.Writer, s devnetSummary) {
	fmt.Fprintf(w, "dualchain devnet: %d hospitals, working chain %d (CometBFT + geth), verification chain %s\n", len(s.Hospitals), s.ChainID, s.Verification)
	fmt.Fprintf(w, "consortium and logs in %s\n\n", s.Dir)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "HOSPITAL\tAPI\tWORKING RPC\tACCOUNT\tPID")
	for _, h := range s.Hospitals {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", h.Name, h.API, h.Working, h.Account, h.PID)
	}
	tw.Flush()
	fmt.Fprintf(w, "\ncontrol endpoint %s: dualchain devnet stop-validator|start-validator|majority-rewrite|tamper|fork --control %s\n", s.Control, s.Control)
	fmt.Fprintf(w, "the dev keys of the hospital accounts derive from the public dev seed: dev only. Ctrl-C stops the devnet.\n")
}

// devnetConfigFromUp maps "up"'s flags onto the devnet: hospital i's API on
// the --api-addr port + i, its metrics on the --metrics-addr port + i, the
// consortium in DATA-DIR/devnet.
func devnetConfigFromUp(c *cli.Context, dataDir string) (devnetConfig, error) {
	port := func(flag string) (int, error) {
		addr := c.String(flag)
		if addr == "" {
			return 0, nil
		}
		_, p, err := net.SplitHostPort(addr)
		n, err2 := strconv.Atoi(p)
		if err != nil || err2 != nil || n == 0 {
			return 0, usageErr("--%s %q: the consortium devnet needs a fixed port (hospital i uses port+i), or pass --dev for the single-node chain", flag, addr)
		}
		return n, nil
	}
	api, err := port("api-addr")
	if err != nil {
		return devnetConfig{}, err
	}
	metrics, err := port("metrics-addr")
	if err != nil {
		return devnetConfig{}, err
	}
	maxAge := c.Duration("anchor-max-age")
	if maxAge == 0 {
		maxAge = 10 * time.Second
	}
	return devnetConfig{
		Dir: filepath.Join(dataDir, "devnet"),
		Spec: consortium.Spec{Hospitals: c.Int("hospitals"), ChainID: uint64(c.Int("working-chain-id")), Seed: c.String("seed"),
			BasePort: c.Int("base-port"), BlockTime: c.Duration("block-time")},
		HospitalsSet: c.IsSet("hospitals"),
		APIPort:      api, MetricsPort: metrics,
		VerifHTTP: c.Int("verification-http-port"), VerifWS: c.Int("verification-ws-port"), VerifPeriod: c.Duration("verification-period"),
		AnchorMaxAge: maxAge, FullCheck: c.Duration("full-check"), JSON: c.Bool("json"), LogLevel: c.String("log-level"),
		DemoData: c.Bool("demo-data"), DemoPatients: c.Int("demo-patients"),
	}, nil
}

// logTail returns the last n lines of the file at path ("" if unreadable).
func logTail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
