package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/urfave/cli/v2"
)

func statusCommand() *cli.Command {
	return &cli.Command{
		Name:  "status",
		Usage: "show this node's archive and anchoring: archived head, checkpoints by state, anchored and settled heights, gas spent",
		Description: `Reads the node database of a data dir (it may be in use by a running
"dualchain up") and prints where the working-chain archive and this node's
checkpoints stand. A checkpoint moves building → sent → included → settled.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "data-dir", Value: defaultDataDir(), Usage: "data dir of the node", EnvVars: []string{"DUALCHAIN_DATA_DIR"}},
			&cli.StringFlag{Name: "verification-rpc", Value: "http://127.0.0.1:8555", Usage: "verification-chain endpoint, asked for its finalized head to tell each member's settled height (optional)", EnvVars: []string{"DUALCHAIN_VERIFICATION_RPC"}},
			&cli.BoolFlag{Name: "json", Usage: "print as JSON"},
		},
		Action: func(c *cli.Context) error {
			db, err := openNodeDB(c.Context, c.String("data-dir"))
			if err != nil {
				return err
			}
			defer db.Close()
			st, err := db.AnchorStatus(c.Context)
			if err != nil {
				return err
			}
			members := memberHeights(c, db)
			w := c.App.Writer
			if c.Bool("json") {
				return json.NewEncoder(w).Encode(struct {
					*store.AnchorStatus
					Members map[common.Address]store.MemberHeights `json:"members,omitempty"`
				}{st, members})
			}
			fmt.Fprintf(w, "archived working-chain head  %d\n", st.ArchivedHead)
			fmt.Fprintf(w, "checkpoints                  %d (building %d, sent %d, included %d, settled %d)\n", st.Checkpoints,
				st.ByState[store.StateBuilding], st.ByState[store.StateSent], st.ByState[store.StateIncluded], st.ByState[store.StateSettled])
			show := func(label string, v *uint64) {
				if v == nil {
					fmt.Fprintf(w, "%-28s none yet\n", label)
				} else {
					fmt.Fprintf(w, "%-28s %d\n", label, *v)
				}
			}
			show("last anchored height", st.LastAnchoredEnd)
			show("last settled height", st.LastSettledEnd)
			if !st.LastSettledAt.IsZero() {
				fmt.Fprintf(w, "last settlement              %s\n", st.LastSettledAt.Format(time.RFC3339))
			}
			fmt.Fprintf(w, "gas spent on checkpoints     %d\n", st.GasSpent)
			fmt.Fprintf(w, "working-chain reorgs seen    %d\n", st.Reorgs)
			for m, h := range members {
				settled := "unknown (verification chain not reachable)"
				if h.Settled != nil {
					settled = strconv.FormatUint(*h.Settled, 10)
				}
				fmt.Fprintf(w, "member %s  anchored to %d, settled to %s\n", m, h.Anchored, settled)
			}
			return nil
		},
	}
}

// memberHeights reads every member's anchored heights from the checkpoint
// mirror; settled heights need the verification chain's finalized head, so
// they are left out when it cannot be reached within two seconds.
func memberHeights(c *cli.Context, db *store.DB) map[common.Address]store.MemberHeights {
	st, err := deploy.Load(filepath.Join(c.String("data-dir"), "deployments.json"))
	if err != nil || st.Chains["working"] == nil {
		return nil
	}
	final := uint64(0)
	ctx, cancel := context.WithTimeout(c.Context, 2*time.Second)
	defer cancel()
	reachable := false
	if client, err := ethclient.DialContext(ctx, c.String("verification-rpc")); err == nil {
		if h, err := client.HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber))); err == nil {
			final, reachable = h.Number.Uint64(), true
		}
		client.Close()
	}
	ms, err := db.MirrorMemberStatus(c.Context, st.Chains["working"].ChainID, final)
	if err != nil {
		return nil
	}
	if !reachable {
		for m, h := range ms {
			h.Settled = nil
			ms[m] = h
		}
	}
	return ms
}

// openNodeDB opens the node database of an existing data dir (possibly in
// use by a running "dualchain up"), with advice when there is none.
func openNodeDB(ctx context.Context, dir string) (*store.DB, error) {
	path := filepath.Join(dir, "node.db")
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no node database at %s: start the node with 'dualchain up --data-dir %s' first", path, dir)
	}
	return store.Open(ctx, path)
}
