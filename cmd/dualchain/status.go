package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/dualchain/dualchain/store"
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
			w := c.App.Writer
			if c.Bool("json") {
				return json.NewEncoder(w).Encode(st)
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
			return nil
		},
	}
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
