// Package deploy puts dualchain's contracts on a chain once and remembers
// where they are. The addresses live in a JSON file in the data dir, tied to
// the chain's id and genesis hash, so a restart reuses them and a data dir
// pointed at a different chain is refused instead of silently redeploying.
//
// Deployment is crash-safe: the expected address (from the sender's nonce)
// is written down before the transaction is sent, so a process killed
// mid-deployment finds its contract on restart instead of deploying twice.
package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math/big"
	"os"
	"time"

	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/internal/atomicfile"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// Record is one deployed (or being deployed) contract.
type Record struct {
	Address common.Address `json:"address"`
	Tx      common.Hash    `json:"tx"`
	Nonce   uint64         `json:"nonce"`
	Block   uint64         `json:"block,omitempty"`
	// Pending is true between writing the intent and seeing the receipt.
	Pending bool `json:"pending,omitempty"`
}

// ChainState is what one chain holds of ours.
type ChainState struct {
	ChainID   uint64             `json:"chainId"`
	Genesis   common.Hash        `json:"genesis"`
	Contracts map[string]*Record `json:"contracts"`
}

// State is the content of the deployments file: one ChainState per role
// ("working", "verification").
type State struct {
	Chains map[string]*ChainState `json:"chains"`
}

// Load reads the deployments file; a missing file is an empty State.
func Load(path string) (*State, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &State{Chains: map[string]*ChainState{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("deploy: read %s: %w", path, err)
	}
	var s State
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("deploy: %s is corrupt (%v); restore it or start with a new data dir", path, err)
	}
	if s.Chains == nil {
		s.Chains = map[string]*ChainState{}
	}
	return &s, nil
}

func (s *State) save(path string) error {
	raw, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(path, append(raw, '\n')); err != nil {
		return fmt.Errorf("deploy: write %s: %w", path, err)
	}
	return nil
}

// Contract describes one contract to deploy.
type Contract struct {
	// Name keys the contract in the deployments file.
	Name string
	// InitCode returns the creation bytecode with constructor arguments;
	// it may use the addresses of contracts deployed before it.
	InitCode func(deployed map[string]common.Address) ([]byte, error)
	// Setup, if set, runs after the contract exists, on every start. It
	// must be idempotent by checking the chain (a crash can interrupt it
	// after its transaction was sent).
	Setup func(ctx context.Context, s *chain.Sender, addr common.Address) error
}

// Deployer deploys contracts from one sender and records them in a file.
type Deployer struct {
	Path   string        // deployments file
	Role   string        // "working" or "verification"
	Sender *chain.Sender // pays for and signs the deployments
	Logger *slog.Logger
	// PendingWait bounds how long a restart waits for a deployment sent
	// before a crash; default 2 minutes.
	PendingWait time.Duration
}

// ErrWrongChain means the data dir's deployments belong to another chain
// than the one the endpoint serves.
var ErrWrongChain = errors.New("deploy: deployments file belongs to another chain")

// Ensure makes sure every contract exists on the chain, deploying those
// that do not, and returns their addresses by name.
func (d *Deployer) Ensure(ctx context.Context, contracts []Contract) (map[string]common.Address, error) {
	log := d.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("component", "deploy", "chain", d.Role)
	b := d.Sender.Backend()
	genesis, err := b.HeaderByNumber(ctx, big.NewInt(0))
	if err != nil {
		return nil, fmt.Errorf("deploy %s: read genesis: %w", d.Role, err)
	}
	chainID := d.Sender.ChainID().Uint64()

	st, err := Load(d.Path)
	if err != nil {
		return nil, err
	}
	cs := st.Chains[d.Role]
	switch {
	case cs == nil:
		cs = &ChainState{ChainID: chainID, Genesis: genesis.Hash(), Contracts: map[string]*Record{}}
		st.Chains[d.Role] = cs
	case cs.ChainID != chainID || cs.Genesis != genesis.Hash():
		return nil, fmt.Errorf("%w: %s was set up for %s chain id %d (genesis %s), but the endpoint serves chain id %d (genesis %s); use a new --data-dir for that chain",
			ErrWrongChain, d.Path, d.Role, cs.ChainID, cs.Genesis.TerminalString(), chainID, genesis.Hash().TerminalString())
	}

	// Transactions this account sent before a crash may still be in the
	// pool; let them land first, so that the checks below (code present,
	// setup done) see them instead of repeating them.
	if err := d.waitPoolDrained(ctx); err != nil {
		return nil, fmt.Errorf("deploy %s: %w", d.Role, err)
	}

	out := make(map[string]common.Address, len(contracts))
	for _, c := range contracts {
		rec, err := d.ensureOne(ctx, log, st, cs, c, out)
		if err != nil {
			return nil, fmt.Errorf("deploy %s %s: %w", d.Role, c.Name, err)
		}
		out[c.Name] = rec.Address
		if c.Setup != nil {
			if err := c.Setup(ctx, d.Sender, rec.Address); err != nil {
				return nil, fmt.Errorf("deploy %s %s: setup: %w", d.Role, c.Name, err)
			}
		}
	}
	return out, nil
}

func (d *Deployer) ensureOne(ctx context.Context, log *slog.Logger, st *State, cs *ChainState, c Contract, deployed map[string]common.Address) (*Record, error) {
	b := d.Sender.Backend()
	if rec := cs.Contracts[c.Name]; rec != nil {
		code, err := b.CodeAt(ctx, rec.Address, nil)
		if err != nil {
			return nil, fmt.Errorf("read code at %s: %w", rec.Address, err)
		}
		if len(code) > 0 {
			if rec.Pending {
				if r, err := b.TransactionReceipt(ctx, rec.Tx); err == nil {
					rec.Block = r.BlockNumber.Uint64()
				}
				rec.Pending = false
				if err := st.save(d.Path); err != nil {
					return nil, err
				}
			}
			log.Debug("contract already deployed", "contract", c.Name, "address", rec.Address)
			return rec, nil
		}
		if !rec.Pending {
			return nil, fmt.Errorf("recorded at %s but the chain has no code there (was the chain reset?); remove %s to deploy afresh", rec.Address, d.Path)
		}
		// Sent before a crash and not yet visible: wait for it if its nonce
		// is still unused, else it was dropped and we deploy again.
		if used, err := b.NonceAt(ctx, d.Sender.From(), nil); err == nil && used <= rec.Nonce && rec.Tx != (common.Hash{}) {
			wctx, cancel := context.WithTimeout(ctx, orDefault(d.PendingWait, 2*time.Minute))
			r, err := chain.WaitReceipt(wctx, b, rec.Tx, time.Second)
			cancel()
			if err == nil && r.Status == types.ReceiptStatusSuccessful && r.ContractAddress == rec.Address {
				rec.Pending, rec.Block = false, r.BlockNumber.Uint64()
				return rec, st.save(d.Path)
			}
		}
		log.Warn("earlier deployment did not land; deploying again", "contract", c.Name, "address", rec.Address)
	}

	initCode, err := c.InitCode(deployed)
	if err != nil {
		return nil, err
	}
	nonce, err := d.Sender.NextNonce(ctx)
	if err != nil {
		return nil, err
	}
	rec := &Record{Address: crypto.CreateAddress(d.Sender.From(), nonce), Nonce: nonce, Pending: true}
	cs.Contracts[c.Name] = rec
	if err := st.save(d.Path); err != nil {
		return nil, err
	}
	tx, err := d.Sender.Send(ctx, nil, initCode, nil)
	if err != nil {
		return nil, err
	}
	if tx.Nonce() != nonce {
		rec.Address, rec.Nonce = crypto.CreateAddress(d.Sender.From(), tx.Nonce()), tx.Nonce()
	}
	rec.Tx = tx.Hash()
	if err := st.save(d.Path); err != nil {
		return nil, err
	}
	r, err := d.Sender.Wait(ctx, tx.Hash())
	if err != nil {
		return nil, err
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return nil, fmt.Errorf("%w: deployment tx %s", chain.ErrTxFailed, tx.Hash())
	}
	rec.Pending, rec.Block, rec.Address = false, r.BlockNumber.Uint64(), r.ContractAddress
	if err := st.save(d.Path); err != nil {
		return nil, err
	}
	log.Info("contract deployed", "contract", c.Name, "address", rec.Address, "block", rec.Block, "gas", r.GasUsed)
	return rec, nil
}

// waitPoolDrained waits until every transaction the sender's account has
// in the node's pool is included, or PendingWait passes.
func (d *Deployer) waitPoolDrained(ctx context.Context) error {
	b, from := d.Sender.Backend(), d.Sender.From()
	ctx, cancel := context.WithTimeout(ctx, orDefault(d.PendingWait, 2*time.Minute))
	defer cancel()
	pause := 10 * time.Millisecond
	for {
		pending, err := b.PendingNonceAt(ctx, from)
		if err != nil {
			return fmt.Errorf("read pending nonce of %s: %w", from, err)
		}
		mined, err := b.NonceAt(ctx, from, nil)
		if err != nil {
			return fmt.Errorf("read nonce of %s: %w", from, err)
		}
		if pending <= mined {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%d earlier transactions of %s are still pending; wait for them or raise their fees, then start again", pending-mined, from)
		case <-time.After(pause):
		}
		pause = min(2*pause, time.Second)
	}
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
