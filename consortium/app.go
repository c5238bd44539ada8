package consortium

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/beacon/engine"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/miner"
	"github.com/ethereum/go-ethereum/rlp"
)

// app is the ABCI application of one validator. It drives its geth through
// the Engine API so that every CometBFT height carries exactly one execution
// block, and the AppHash of a height is that block's hash. CometBFT decides
// which block comes next; geth builds, executes and stores it.
//
// CometBFT panics when PrepareProposal or ProcessProposal return an error, so
// both turn every failure into "no proposal" or REJECT and log it instead.
type app struct {
	abci.BaseApplication

	eth    *eth.Ethereum
	engine *catalyst.ConsensusAPI
	// feeRecipient receives the priority fees of the blocks this validator
	// proposes: its hospital's account.
	feeRecipient common.Address
	// buildWait bounds how long a proposal waits for geth's block builder.
	buildWait time.Duration
	log       *slog.Logger

	// successorGenesis is set while a fork's successor chain starts from its
	// genesis (initial height above 1, nothing decided yet): Info then
	// reports height 0 so that CometBFT calls InitChain and saves the
	// genesis state, and InitChain answers with geth's head, the fork block.
	successorGenesis bool

	mu sync.Mutex
	// last is the execution block finalized by the last FinalizeBlock, for
	// Commit's log line.
	last *types.Header
}

// payloadTx is the one CometBFT transaction of a height: the execution
// block and the Prague execution requests that newPayload needs beside it.
type payloadTx struct {
	Block    *types.Block
	Requests [][]byte
}

func encodePayload(env *engine.ExecutionPayloadEnvelope, beaconRoot common.Hash) ([]byte, error) {
	block, err := engine.ExecutableDataToBlockNoHash(*env.ExecutionPayload, nil, &beaconRoot, env.Requests)
	if err != nil {
		return nil, err
	}
	reqs := env.Requests
	if reqs == nil {
		reqs = [][]byte{}
	}
	return rlp.EncodeToBytes(payloadTx{Block: block, Requests: reqs})
}

func decodePayload(tx []byte) (*payloadTx, error) {
	var p payloadTx
	if err := rlp.DecodeBytes(tx, &p); err != nil {
		return nil, fmt.Errorf("payload transaction: %w", err)
	}
	if p.Block == nil {
		return nil, errors.New("payload transaction: no block")
	}
	return &p, nil
}

// Info tells CometBFT how far geth is, so that after a restart it replays
// the blocks geth lacks from its own block store.
func (a *app) Info(ctx context.Context, req *abci.RequestInfo) (*abci.ResponseInfo, error) {
	head := a.eth.BlockChain().CurrentBlock()
	res := &abci.ResponseInfo{Data: "dualchain", Version: "1", AppVersion: 1}
	if head.Number.Sign() > 0 && !a.successorGenesis {
		res.LastBlockHeight = head.Number.Int64()
		res.LastBlockAppHash = head.Hash().Bytes()
	}
	a.log.Info("abci info", "height", res.LastBlockHeight, "hash", head.Hash())
	return res, nil
}

// InitChain checks that CometBFT's genesis commits to the same execution
// genesis as geth's: validators started on mismatched genesis files would
// otherwise only diverge at the first block.
func (a *app) InitChain(ctx context.Context, req *abci.RequestInitChain) (*abci.ResponseInitChain, error) {
	var st appState
	if err := json.Unmarshal(req.AppStateBytes, &st); err != nil {
		return nil, fmt.Errorf("consortium: CometBFT genesis app_state: %w", err)
	}
	genesis := a.eth.BlockChain().Genesis().Hash()
	if st.ExecutionGenesis != genesis {
		return nil, fmt.Errorf("consortium: CometBFT genesis expects execution genesis %s, geth has %s: the two genesis files are from different consortia", st.ExecutionGenesis, genesis)
	}
	if req.InitialHeight > 1 {
		head := a.eth.BlockChain().CurrentBlock()
		if head.Number.Int64() != req.InitialHeight-1 {
			return nil, fmt.Errorf("consortium: the successor chain starts at height %d, but geth's head is %d: start the validator WithHead(%d)", req.InitialHeight, head.Number, req.InitialHeight-1)
		}
		a.successorGenesis = false
		return &abci.ResponseInitChain{AppHash: head.Hash().Bytes()}, nil
	}
	return &abci.ResponseInitChain{AppHash: genesis.Bytes()}, nil
}

// PrepareProposal builds this validator's proposal: the next execution block
// on top of geth's head, with the transactions of geth's pool.
func (a *app) PrepareProposal(ctx context.Context, req *abci.RequestPrepareProposal) (*abci.ResponsePrepareProposal, error) {
	tx, err := a.build(ctx, req.Height, req.Time)
	if err != nil {
		a.log.Warn("no proposal this round", "height", req.Height, "err", err)
		return &abci.ResponsePrepareProposal{}, nil
	}
	return &abci.ResponsePrepareProposal{Txs: [][]byte{tx}}, nil
}

func (a *app) build(ctx context.Context, height int64, now time.Time) ([]byte, error) {
	parent := a.eth.BlockChain().CurrentBlock()
	if want := parent.Number.Int64() + 1; height != want {
		return nil, fmt.Errorf("geth head is %d, CometBFT asks for height %d", parent.Number, height)
	}
	// The pool resets on every new head in the background; wait for it so
	// the build neither misses fresh transactions nor re-includes mined ones.
	if err := a.eth.TxPool().Sync(); err != nil {
		return nil, fmt.Errorf("txpool sync: %w", err)
	}
	ts := nextTimestamp(parent.Time, now)
	beaconRoot := parent.Hash()
	payload, err := a.eth.Miner().BuildPayload(ctx, &miner.BuildPayloadArgs{
		Parent:       parent.Hash(),
		Timestamp:    ts,
		FeeRecipient: a.feeRecipient,
		Random:       parent.Hash(),
		Withdrawals:  types.Withdrawals{},
		BeaconRoot:   &beaconRoot,
		Version:      engine.PayloadV3,
	}, false)
	if err != nil {
		return nil, fmt.Errorf("build payload: %w", err)
	}
	// ResolveFull waits for the first complete build; asking for the
	// payload any earlier returns an empty block. It has no timeout of its
	// own, so bound it here.
	done := make(chan *engine.ExecutionPayloadEnvelope, 1)
	go func() { done <- payload.ResolveFull() }()
	var env *engine.ExecutionPayloadEnvelope
	select {
	case env = <-done:
	case <-time.After(a.buildWait):
		return nil, fmt.Errorf("block builder took longer than %v", a.buildWait)
	}
	if env == nil || env.ExecutionPayload == nil {
		return nil, errors.New("block builder returned nothing")
	}
	return encodePayload(env, beaconRoot)
}

// nextTimestamp is the execution timestamp of the block after one stamped
// parentTime, proposed at CometBFT time now: whole seconds, strictly
// increasing, and never behind CometBFT's clock.
func nextTimestamp(parentTime uint64, now time.Time) uint64 {
	ts := uint64(max(now.Unix(), 0))
	return max(ts, parentTime+1)
}

// ProcessProposal accepts a proposal only if it is exactly one execution
// block on top of this validator's head, stamped as nextTimestamp says, that
// geth executes and finds VALID.
func (a *app) ProcessProposal(ctx context.Context, req *abci.RequestProcessProposal) (*abci.ResponseProcessProposal, error) {
	reject := &abci.ResponseProcessProposal{Status: abci.ResponseProcessProposal_REJECT}
	if err := a.check(ctx, req.Txs, req.Height, req.Time); err != nil {
		a.log.Warn("proposal rejected", "height", req.Height, "proposer", fmt.Sprintf("%X", req.ProposerAddress), "err", err)
		return reject, nil
	}
	return &abci.ResponseProcessProposal{Status: abci.ResponseProcessProposal_ACCEPT}, nil
}

func (a *app) check(ctx context.Context, txs [][]byte, height int64, now time.Time) error {
	if len(txs) != 1 {
		return fmt.Errorf("%d transactions, want exactly one execution payload", len(txs))
	}
	p, err := decodePayload(txs[0])
	if err != nil {
		return err
	}
	parent := a.eth.BlockChain().CurrentBlock()
	b := p.Block
	switch {
	case b.NumberU64() != uint64(height):
		return fmt.Errorf("block number %d at height %d", b.NumberU64(), height)
	case b.ParentHash() != parent.Hash():
		return fmt.Errorf("parent %s, head is %s", b.ParentHash(), parent.Hash())
	case b.Time() != nextTimestamp(parent.Time, now):
		return fmt.Errorf("timestamp %d, want %d", b.Time(), nextTimestamp(parent.Time, now))
	case b.MixDigest() != parent.Hash():
		return fmt.Errorf("prevRandao %s, want the parent hash", b.MixDigest())
	case b.BeaconRoot() == nil || *b.BeaconRoot() != parent.Hash():
		return errors.New("parent beacon root is not the parent hash")
	}
	return a.newPayload(ctx, p)
}

// newPayload hands the block to geth, which executes and stores it without
// making it canonical. It is idempotent.
func (a *app) newPayload(ctx context.Context, p *payloadTx) error {
	data := engine.BlockToExecutableData(p.Block, nil, nil, p.Requests).ExecutionPayload
	reqs := make([]hexutil.Bytes, len(p.Requests))
	for i, r := range p.Requests {
		reqs[i] = r
	}
	st, err := a.engine.NewPayloadV4(ctx, *data, []common.Hash{}, p.Block.BeaconRoot(), reqs)
	if err != nil {
		return fmt.Errorf("newPayload: %w", err)
	}
	if st.Status != engine.VALID {
		msg := ""
		if st.ValidationError != nil {
			msg = *st.ValidationError
		}
		return fmt.Errorf("newPayload: %s %s", st.Status, msg)
	}
	return nil
}

// FinalizeBlock makes the decided block geth's head, safe and finalized
// block at once: CometBFT's decision is final, so no execution block is ever
// forkchoice-updated before it is decided.
func (a *app) FinalizeBlock(ctx context.Context, req *abci.RequestFinalizeBlock) (*abci.ResponseFinalizeBlock, error) {
	if len(req.Txs) != 1 {
		return nil, fmt.Errorf("consortium: decided block %d has %d transactions, want 1", req.Height, len(req.Txs))
	}
	p, err := decodePayload(req.Txs[0])
	if err != nil {
		return nil, fmt.Errorf("consortium: decided block %d: %w", req.Height, err)
	}
	hash := p.Block.Hash()
	if head := a.eth.BlockChain().CurrentBlock(); head.Hash() != hash {
		if err := a.newPayload(ctx, p); err != nil {
			return nil, fmt.Errorf("consortium: decided block %d: %w", req.Height, err)
		}
		st := engine.ForkchoiceStateV1{HeadBlockHash: hash, SafeBlockHash: hash, FinalizedBlockHash: hash}
		res, err := a.engine.ForkchoiceUpdatedV3(ctx, st, nil)
		if err != nil {
			return nil, fmt.Errorf("consortium: forkchoice to block %d: %w", req.Height, err)
		}
		if res.PayloadStatus.Status != engine.VALID {
			return nil, fmt.Errorf("consortium: forkchoice to block %d: %s", req.Height, res.PayloadStatus.Status)
		}
	}
	a.mu.Lock()
	a.last = p.Block.Header()
	a.mu.Unlock()
	return &abci.ResponseFinalizeBlock{
		TxResults: []*abci.ExecTxResult{{Code: abci.CodeTypeOK}},
		AppHash:   hash.Bytes(),
	}, nil
}

// Commit has nothing to flush: geth wrote the block and its state (archive
// mode, hash scheme) before FinalizeBlock returned.
func (a *app) Commit(ctx context.Context, req *abci.RequestCommit) (*abci.ResponseCommit, error) {
	a.mu.Lock()
	last := a.last
	a.mu.Unlock()
	if last != nil {
		a.log.Debug("block committed", "number", last.Number, "hash", last.Hash())
	}
	return &abci.ResponseCommit{}, nil
}
