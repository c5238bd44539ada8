package anchor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// Config configures an Agent.
type Config struct {
	// ChainID is the working chain's id, as registered in the registry.
	ChainID uint64
	// Registry is the AnchorRegistry address on the verification chain.
	Registry common.Address
	// Interval is the most blocks in one checkpoint; a full window is
	// anchored as soon as it exists. Default 128.
	Interval uint64
	// MaxAge anchors whatever is archived once the last checkpoint is this
	// old, so a quiet chain is still anchored. Default 5 minutes.
	MaxAge time.Duration
	// Confirmations settles a checkpoint that deep in the verification
	// chain; 0 (default) waits for the chain's finalized block instead.
	Confirmations uint64
	// BumpAfter replaces a transaction still unincluded after this long
	// with higher fees (within the sender's cap); default 1 minute.
	BumpAfter time.Duration
	// BumpPercent raises tip and fee cap per replacement; default 15.
	BumpPercent uint64
	// StallAfter raises the "anchoring stalled" alert when archived blocks
	// have waited this long without a checkpoint settling; default
	// 2 × MaxAge + 15 minutes (Ethereum's finality takes about 13).
	StallAfter time.Duration
	// Tick is the pace of Run; default 1 s.
	Tick time.Duration
	// Notify, if set, hears the incident raised when anchoring stalls.
	Notify func(store.Incident)
	Logger *slog.Logger
	// Now is the clock; tests may replace it.
	Now func() time.Time
}

// Agent anchors this node's view of the working chain (its block archive)
// into the AnchorRegistry, one checkpoint at a time, each moving through
// building → sent → included → settled in the node database. The signed
// transaction is stored before it is sent, so a crash at any point leads
// to resending that same transaction, never to a second checkpoint of the
// same range nor to a gap. The contract enforces the same rules.
//
// Step is not safe for concurrent use; Run calls it from one goroutine.
type Agent struct {
	cfg    Config
	db     *store.DB
	s      *chain.Sender
	reg    *bindings.AnchorRegistry
	regABI abi.ABI
	log    *slog.Logger
	start  time.Time

	// afterPersist, if set, runs between storing a checkpoint's intent and
	// sending it; tests make it fail to play a crash at that moment.
	afterPersist func() error
}

// NewAgent returns an agent that submits from s's account.
func NewAgent(cfg Config, db *store.DB, s *chain.Sender) (*Agent, error) {
	if cfg.Registry == (common.Address{}) {
		return nil, errors.New("anchor: no registry address")
	}
	if cfg.Interval == 0 {
		cfg.Interval = 128
	}
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = 5 * time.Minute
	}
	if cfg.BumpAfter <= 0 {
		cfg.BumpAfter = time.Minute
	}
	if cfg.BumpPercent == 0 {
		cfg.BumpPercent = 15
	}
	if cfg.Tick <= 0 {
		cfg.Tick = time.Second
	}
	if cfg.StallAfter <= 0 {
		cfg.StallAfter = 2*cfg.MaxAge + 15*time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	reg := bindings.NewAnchorRegistry()
	return &Agent{cfg: cfg, db: db, s: s, reg: reg, regABI: reg.GetABI(),
		log: cfg.Logger.With("component", "anchor", "member", s.From()), start: cfg.Now()}, nil
}

// Run steps the agent every Tick until ctx ends. Errors are logged and
// retried: a verification chain that is down delays anchoring, nothing
// else.
func (a *Agent) Run(ctx context.Context) error {
	t := time.NewTicker(a.cfg.Tick)
	defer t.Stop()
	stalled := false
	for {
		if h, err := a.Health(ctx); err == nil && h.Stalled != stalled {
			stalled = h.Stalled
			settled := "none"
			if h.LastSettledEnd != nil {
				settled = strconv.FormatUint(*h.LastSettledEnd, 10)
			}
			if stalled {
				a.log.Error("ALERT anchoring stalled: archived blocks are waiting for a settled checkpoint", "since", h.Since, "archived_head", h.ArchivedHead, "last_settled_end", settled)
				ev, _ := json.Marshal(h)
				inc := &store.Incident{Kind: IncidentStalled, Key: "stalled", Severity: "warning", Evidence: ev, SeenAt: h.Since.Add(a.cfg.StallAfter), RaisedAt: time.Now(),
					Summary: fmt.Sprintf("anchoring stalled: no checkpoint settled since %s (archived head %d, last settled end %s)", h.Since.Format(time.RFC3339), h.ArchivedHead, settled)}
				if fresh, err := a.db.RaiseIncident(ctx, inc); err == nil && fresh && a.cfg.Notify != nil {
					a.cfg.Notify(*inc)
				}
			} else {
				a.log.Info("anchoring recovered", "last_settled_end", settled)
				a.db.ResolveIncidents(ctx, IncidentStalled, nil)
			}
		}
		if err := a.Step(ctx); errors.Is(err, ErrInsufficientFunds) {
			a.log.Error("anchoring stopped: account unfunded; will retry", "err", err, "account", a.s.From())
		} else if err != nil && ctx.Err() == nil {
			a.log.Warn("anchoring step failed; will retry", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// IncidentStalled is the kind of the incident the agent raises while
// anchoring is stalled (guard.KindStalled).
const IncidentStalled = "anchoring_stalled"

// Health is the agent's own view of whether anchoring keeps up.
type Health struct {
	// Stalled is true when archived blocks beyond the last settled
	// checkpoint have waited longer than StallAfter.
	Stalled bool `json:"stalled"`
	// Since is when the wait began: the last settlement, or the agent's
	// start if nothing settled since.
	Since          time.Time `json:"since"`
	ArchivedHead   uint64    `json:"archivedHead"`
	LastSettledEnd *uint64   `json:"lastSettledEnd,omitempty"`
}

// Health reports whether anchoring is stalled (DESIGN §5: no settled
// checkpoint for too long while blocks wait).
func (a *Agent) Health(ctx context.Context) (Health, error) {
	st, err := a.db.AnchorStatus(ctx)
	if err != nil {
		return Health{}, err
	}
	h := Health{Since: a.start, ArchivedHead: st.ArchivedHead, LastSettledEnd: st.LastSettledEnd}
	if st.LastSettledAt.After(h.Since) {
		h.Since = st.LastSettledAt
	}
	waiting := st.LastSettledEnd == nil || st.ArchivedHead > *st.LastSettledEnd
	h.Stalled = waiting && a.cfg.Now().Sub(h.Since) > a.cfg.StallAfter
	return h, nil
}

// ErrInsufficientFunds means the node's verification-chain account cannot
// pay for a checkpoint; anchoring stops until it is funded.
var ErrInsufficientFunds = errors.New("anchor: the verification-chain account has too little ETH to pay for a checkpoint")

// Step advances every unsettled checkpoint, then builds and sends the next
// one if none is waiting for inclusion and a window is due.
func (a *Agent) Step(ctx context.Context) error {
	err := a.step(ctx)
	if err != nil && strings.Contains(err.Error(), "insufficient funds") {
		return fmt.Errorf("%w: fund %s on the verification chain (%v)", ErrInsufficientFunds, a.s.From(), err)
	}
	return err
}

func (a *Agent) step(ctx context.Context) error {
	open, err := a.db.UnsettledCheckpoints(ctx)
	if err != nil {
		return err
	}
	waiting := false
	for _, c := range open {
		if err := a.advance(ctx, c); err != nil {
			return fmt.Errorf("anchor: checkpoint %d (%d-%d): %w", c.Index, c.Start, c.End, err)
		}
		if c.State == store.StateBuilding || c.State == store.StateSent {
			waiting = true
		}
	}
	if waiting {
		return nil
	}
	if paused, why := a.paused(ctx); paused {
		a.log.Debug("anchoring paused", "why", why)
		return nil
	}
	_, err = a.buildNext(ctx)
	return err
}

// pausingIncidents are the incidents during which this node must not
// anchor: its archive holds a history that contradicts the checkpoints
// (rewritten or tampered), and anchoring it would lend it a member's word.
var pausingIncidents = map[string]bool{
	"anchored_history_rewritten": true, "unanchored_history_rewritten": true, "local_data_tampered": true,
}

// paused reports whether an open incident pauses new checkpoints.
func (a *Agent) paused(ctx context.Context) (bool, string) {
	incs, err := a.db.Incidents(ctx, true)
	if err != nil {
		return false, ""
	}
	for _, inc := range incs {
		if pausingIncidents[inc.Kind] {
			return true, inc.Summary
		}
	}
	return false, ""
}

// advance moves one checkpoint along as far as the chain allows.
func (a *Agent) advance(ctx context.Context, c *store.Checkpoint) error {
	b := a.s.Backend()
	if c.State == store.StateIncluded {
		h, err := b.HeaderByNumber(ctx, new(big.Int).SetUint64(c.IncludedBlock))
		if err != nil && !errors.Is(err, ethereum.NotFound) {
			return fmt.Errorf("read verification block %d: %w", c.IncludedBlock, err)
		}
		// No block at that height any more, or another one: reorganized out.
		if h == nil || h.Hash() != c.IncludedHash {
			// Reorganized out: back to sent; the transaction is resent below.
			a.log.Warn("checkpoint dropped by a verification-chain reorg; resubmitting", "index", c.Index, "block", c.IncludedBlock)
			c.State, c.IncludedTx, c.IncludedBlock, c.IncludedHash, c.GasUsed = store.StateSent, common.Hash{}, 0, common.Hash{}, 0
			c.SentAt = time.Time{}
		} else {
			settled, err := a.settled(ctx, c.IncludedBlock)
			if err != nil {
				return err
			}
			if settled {
				c.State, c.SettledAt = store.StateSettled, a.cfg.Now()
				a.log.Info("checkpoint settled", "index", c.Index, "start", c.Start, "end", c.End, "block", c.IncludedBlock)
			}
			return a.db.UpdateCheckpoint(ctx, c)
		}
	}
	// building or sent: is any of its transactions in a block?
	for _, h := range c.TxHashes {
		r, err := b.TransactionReceipt(ctx, h)
		if errors.Is(err, ethereum.NotFound) || (err != nil && strings.Contains(err.Error(), "indexing is in progress")) {
			continue
		}
		if err != nil {
			return fmt.Errorf("receipt %s: %w", h, err)
		}
		if r.Status != types.ReceiptStatusSuccessful {
			return fmt.Errorf("checkpoint transaction %s failed on chain; the registry refused it (is the key used elsewhere?)", h)
		}
		c.State, c.IncludedTx, c.IncludedBlock, c.IncludedHash, c.GasUsed = store.StateIncluded, h, r.BlockNumber.Uint64(), r.BlockHash, r.GasUsed
		a.log.Info("checkpoint included", "index", c.Index, "start", c.Start, "end", c.End, "block", c.IncludedBlock, "gas", r.GasUsed)
		if err := a.db.UpdateCheckpoint(ctx, c); err != nil {
			return err
		}
		return a.advance(ctx, c)
	}
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(c.RawTx); err != nil {
		return fmt.Errorf("stored transaction: %w", err)
	}
	now := a.cfg.Now()
	bumped := false
	if c.State == store.StateSent && !c.SentAt.IsZero() && now.Sub(c.SentAt) >= a.cfg.BumpAfter {
		replacement, err := a.s.Bump(ctx, tx, a.cfg.BumpPercent)
		if errors.Is(err, chain.ErrBumpCapped) {
			a.log.Warn("checkpoint stuck at the fee cap", "index", c.Index, "fee_cap", tx.GasFeeCap())
		} else if err != nil {
			return err
		} else {
			raw, err := replacement.MarshalBinary()
			if err != nil {
				return err
			}
			// Persist the replacement before sending it.
			c.RawTx, c.FeeCap, c.TxHashes = raw, replacement.GasFeeCap(), append(c.TxHashes, replacement.Hash())
			if err := a.db.UpdateCheckpoint(ctx, c); err != nil {
				return err
			}
			a.log.Info("bumping fees of a stuck checkpoint", "index", c.Index, "fee_cap", replacement.GasFeeCap(), "tip", replacement.GasTipCap())
			tx, bumped = replacement, true
		}
	}
	if err := a.s.SendSigned(ctx, tx); err != nil {
		if !strings.Contains(err.Error(), "nonce too low") {
			return err
		}
		// Its nonce is used: most likely by this very transaction, mined a
		// moment before its receipt is served. The next step finds the
		// receipt; if it never does, the bump timer below keeps reporting.
		a.log.Debug("checkpoint nonce already used; waiting for its receipt", "index", c.Index, "nonce", tx.Nonce())
		if c.State == store.StateSent && !c.SentAt.IsZero() && now.Sub(c.SentAt) > 2*a.cfg.BumpAfter {
			return fmt.Errorf("nonce %d is used but no receipt of this checkpoint's transactions appears; is the verification key used by another program?", tx.Nonce())
		}
	}
	// Resending an unchanged transaction keeps its first send time, so the
	// bump clock is not reset by rebroadcasts.
	if c.State == store.StateBuilding || c.SentAt.IsZero() || bumped {
		c.State, c.SentAt = store.StateSent, now
		return a.db.UpdateCheckpoint(ctx, c)
	}
	return nil
}

// settled reports whether a verification block is final enough.
func (a *Agent) settled(ctx context.Context, block uint64) (bool, error) {
	b := a.s.Backend()
	if a.cfg.Confirmations > 0 {
		head, err := b.HeaderByNumber(ctx, nil)
		if err != nil {
			return false, fmt.Errorf("read verification head: %w", err)
		}
		return head.Number.Uint64()+1 >= block+a.cfg.Confirmations, nil
	}
	fin, err := b.HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber)))
	if err != nil {
		return false, fmt.Errorf("read finalized block: %w", err)
	}
	return fin.Number.Uint64() >= block, nil
}

// position is where this member's next checkpoint starts.
type position struct {
	index uint64
	start uint64
	prev  common.Hash
	since time.Time // when the previous checkpoint was made
}

// next works out the next position from the local record and the
// registry, taking whichever is further: a node whose database was lost
// continues the history its account already anchored instead of
// colliding with it.
func (a *Agent) next(ctx context.Context) (position, error) {
	p := position{since: a.start}
	last, err := a.db.LastCheckpoint(ctx)
	switch {
	case err == nil:
		p = position{index: last.Index + 1, start: last.End + 1, prev: last.Hash, since: last.CreatedAt}
	case !errors.Is(err, store.ErrNotFound):
		return p, err
	}
	st, err := chain.Call(ctx, a.s, a.cfg.Registry, a.reg.PackMemberState(a.cfg.ChainID, a.s.From()), a.reg.UnpackMemberState)
	if err != nil {
		return p, err
	}
	if st.Count > p.index {
		prev, err := chain.Call(ctx, a.s, a.cfg.Registry, a.reg.PackLastCheckpointHash(a.cfg.ChainID, a.s.From()), a.reg.UnpackLastCheckpointHash)
		if err != nil {
			return p, err
		}
		a.log.Warn("registry is ahead of the local checkpoint record; continuing from the registry", "local_next", p.index, "registry_count", st.Count)
		p = position{index: st.Count, start: st.LastEnd + 1, prev: prev, since: a.start}
	} else if st.Count == 0 && p.index == 0 {
		info, err := chain.Call(ctx, a.s, a.cfg.Registry, a.reg.PackChainInfo(a.cfg.ChainID), a.reg.UnpackChainInfo)
		if err != nil {
			return p, err
		}
		if !info.Registered {
			return p, fmt.Errorf("working chain %d is not registered in the AnchorRegistry at %s", a.cfg.ChainID, a.cfg.Registry)
		}
		p.start = info.StartHeight
	}
	return p, nil
}

// buildNext builds, persists and sends the next checkpoint if one is due.
// It returns the checkpoint, or nil when none is due.
func (a *Agent) buildNext(ctx context.Context) (*store.Checkpoint, error) {
	p, err := a.next(ctx)
	if err != nil {
		return nil, err
	}
	head, err := a.db.Head(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if head.Number < p.start {
		return nil, nil
	}
	end := p.start + a.cfg.Interval - 1
	if head.Number < end {
		if a.cfg.Now().Sub(p.since) < a.cfg.MaxAge {
			return nil, nil
		}
		end = head.Number
	}
	hashes, err := a.db.BlockHashes(ctx, p.start, end)
	if err != nil {
		return nil, err
	}
	root, endHash, err := Build(a.cfg.ChainID, p.start, hashes)
	if err != nil {
		return nil, err
	}
	data := a.reg.PackSubmitCheckpoint(a.cfg.ChainID, p.start, end, root, endHash, p.prev)
	tx, err := a.s.Prepare(ctx, &a.cfg.Registry, data, nil)
	if err != nil {
		a.s.ResetNonce()
		return nil, chain.DecodeRevert(err, &a.regABI)
	}
	raw, err := tx.MarshalBinary()
	if err != nil {
		return nil, err
	}
	c := &store.Checkpoint{
		Index: p.index, ChainID: a.cfg.ChainID, Start: p.start, End: end, Root: root, EndHash: endHash, PrevHash: p.prev,
		Hash:  CheckpointHash(a.cfg.ChainID, a.s.From(), p.start, end, root, endHash, p.prev),
		State: store.StateBuilding, Nonce: tx.Nonce(), RawTx: raw, TxHashes: []common.Hash{tx.Hash()}, FeeCap: tx.GasFeeCap(),
		CreatedAt: a.cfg.Now(),
	}
	// The intent is on disk before anything leaves the node.
	if err := a.db.InsertCheckpoint(ctx, c); err != nil {
		a.s.ResetNonce()
		return nil, err
	}
	a.log.Info("checkpoint built", "index", c.Index, "start", c.Start, "end", c.End, "root", c.Root)
	if a.afterPersist != nil {
		if err := a.afterPersist(); err != nil {
			return c, err
		}
	}
	if err := a.advance(ctx, c); err != nil {
		return c, err
	}
	return c, nil
}
