package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"slices"

	"github.com/dualchain/dualchain/devchain"
	"github.com/urfave/cli/v2"
)

// devchainCommand runs one embedded chain on its own, for use as an
// external chain of another dualchain process (or of any EVM tool).
func devchainCommand() *cli.Command {
	return &cli.Command{
		Name:  "devchain",
		Usage: "run one standalone embedded EVM chain (geth, Prague) until Ctrl-C",
		Description: `Runs a single in-process geth chain with prefunded dev accounts, serving
JSON-RPC on 127.0.0.1. Useful as an "external" chain for dualchain up
--working-rpc/--verification-rpc, or for any EVM tool (MetaMask, cast, curl).

Example:
  dualchain devchain --chain-id 5151 --http-port 9545 --data-dir /tmp/chain`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "data-dir", Usage: "chain database directory (empty = in memory, lost on exit)", EnvVars: []string{"DUALCHAIN_DEVCHAIN_DATA_DIR"}},
			&cli.IntFlag{Name: "chain-id", Value: 5151, Usage: "chain id", EnvVars: []string{"DUALCHAIN_DEVCHAIN_CHAIN_ID"}},
			&cli.IntFlag{Name: "http-port", Value: 9545, Usage: "HTTP JSON-RPC port (0 = any free port)", EnvVars: []string{"DUALCHAIN_DEVCHAIN_HTTP_PORT"}},
			&cli.IntFlag{Name: "ws-port", Value: 0, Usage: "WebSocket JSON-RPC port (0 = any free port, -1 = off)", EnvVars: []string{"DUALCHAIN_DEVCHAIN_WS_PORT"}},
			&cli.DurationFlag{Name: "period", Usage: "block time; 0 seals on demand", EnvVars: []string{"DUALCHAIN_DEVCHAIN_PERIOD"}},
			&cli.StringFlag{Name: "seed", Value: devchain.DefaultSeed, Usage: "seed of the prefunded dev accounts", EnvVars: []string{"DUALCHAIN_DEVCHAIN_SEED"}},
			&cli.IntFlag{Name: "accounts", Value: 10, Usage: "number of prefunded dev accounts", EnvVars: []string{"DUALCHAIN_DEVCHAIN_ACCOUNTS"}},
			&cli.IntFlag{Name: "cache", Value: 64, Usage: "MiB of database and trie cache", EnvVars: []string{"DUALCHAIN_DEVCHAIN_CACHE"}},
			&cli.BoolFlag{Name: "json", Usage: "print the endpoints and accounts as one JSON object"},
		},
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usageErr("devchain takes no arguments (got %q)", c.Args().First())
			}
			dir := c.String("data-dir")
			if dir != "" {
				abs, err := filepath.Abs(dir)
				if err != nil {
					return usageErr("--data-dir: %v", err)
				}
				if err := openDataDir(abs); err != nil {
					return err
				}
				dir = filepath.Join(abs, "chain")
			}
			if c.Int("chain-id") <= 0 {
				return usageErr("--chain-id must be positive")
			}
			for _, f := range []string{"http-port", "ws-port"} {
				if err := checkPortFree("127.0.0.1", c.Int(f), f); err != nil {
					return err
				}
			}
			dc, err := devchain.New(devchain.Config{
				Name: "devchain", ChainID: uint64(c.Int("chain-id")), DataDir: dir,
				Period: c.Duration("period"), HTTPPort: c.Int("http-port"), WSPort: c.Int("ws-port"),
				Seed: c.String("seed"), Accounts: c.Int("accounts"), CacheMB: c.Int("cache"),
				Logger: loggerFrom(c),
			})
			if err != nil {
				return usageErr("%v", err)
			}
			if err := dc.Start(c.Context); err != nil {
				return explainStartErr("devchain", dir, err)
			}
			defer dc.Close()
			out := struct {
				ChainID  uint64        `json:"chainId"`
				HTTP     string        `json:"http"`
				WS       string        `json:"ws,omitempty"`
				Accounts []accountInfo `json:"devAccounts"`
			}{ChainID: dc.ChainID(), HTTP: dc.HTTPEndpoint(), WS: dc.WSEndpoint()}
			for _, a := range dc.Accounts() {
				out.Accounts = append(out.Accounts, accountInfo{Address: a.Address, Key: a.KeyHex()})
			}
			w := c.App.Writer
			if c.Bool("json") {
				if err := json.NewEncoder(w).Encode(out); err != nil {
					return err
				}
			} else {
				fmt.Fprintf(w, "devchain chain id %d\n  HTTP RPC      %s\n  WebSocket RPC %s\n\nDev accounts (keys are public: never use them for real value)\n", out.ChainID, out.HTTP, out.WS)
				for i, a := range out.Accounts {
					fmt.Fprintf(w, "  (%d) %s  %s\n", i, a.Address, a.Key)
				}
				fmt.Fprintln(w, "\nPress Ctrl-C to stop.")
			}
			<-c.Context.Done()
			return nil
		},
	}
}

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the dualchain version and the versions of its chain components",
		Action: func(c *cli.Context) error {
			version, geth := "(devel)", "unknown"
			if bi, ok := debug.ReadBuildInfo(); ok {
				if bi.Main.Version != "" {
					version = bi.Main.Version
				}
				for _, d := range bi.Deps {
					if d.Path == "github.com/ethereum/go-ethereum" {
						geth = d.Version
					}
				}
			}
			fmt.Fprintf(c.App.Writer, "dualchain %s\ngo-ethereum %s\nEVM %s\n", version, geth, devchain.EVMVersion)
			return nil
		},
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
