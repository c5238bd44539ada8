package chain

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
)

// SenderConfig tunes a Sender. The zero value is usable.
type SenderConfig struct {
	// MaxFeePerGas caps the EIP-1559 fee cap of every transaction; a chain
	// whose base fee is above it gets ErrFeeAboveCap instead of an
	// overpriced transaction. Default 200 gwei.
	MaxFeePerGas *big.Int
	// InitialTip, if set, is the priority fee of new transactions instead of
	// the node's suggestion: start cheap and let Bump raise it when a
	// transaction waits (never above the cap).
	InitialTip *big.Int
	// GasMarginPercent is added to eth_estimateGas's answer; default 10.
	GasMarginPercent uint64
	// MaxPoll is the longest pause between receipt polls; polling starts at
	// 5 ms and doubles up to it. Default 500 ms.
	MaxPoll time.Duration
	// TipTTL is how long the node's tip suggestion is reused. Asking for it
	// makes geth's price oracle re-read recent blocks whenever the head
	// moved, which on a fast working chain cost more than the rest of a
	// send; the tip is a market estimate, not a per-block value. Default 1 s.
	TipTTL time.Duration
	// Receipts, if set, is the watcher Wait uses instead of subscribing
	// and polling for each transaction (see Receipts); it is shared by the
	// senders of one process.
	Receipts *Receipts
}

// ErrFeeAboveCap means the chain's current base fee exceeds the configured
// maximum fee per gas.
var ErrFeeAboveCap = errors.New("chain: base fee above the configured max fee per gas")

// ErrTxFailed means a transaction was included but its execution failed
// (receipt status 0).
var ErrTxFailed = errors.New("chain: transaction failed")

// Sender sends transactions from one key. It assigns nonces itself so that
// many goroutines can send at once without waiting for each other's
// receipts; it is safe for concurrent use.
type Sender struct {
	b       Backend
	key     *ecdsa.PrivateKey
	from    common.Address
	chainID *big.Int
	signer  types.Signer
	cfg     SenderConfig

	mu         sync.Mutex // protects nonce and nonceKnown; held while sending
	nonce      uint64
	nonceKnown bool

	tipMu sync.Mutex // protects tip and tipAt
	tip   *big.Int
	tipAt time.Time
}

// NewSender returns a Sender for key on the chain behind b; it asks the
// chain for its id once.
func NewSender(ctx context.Context, b Backend, key *ecdsa.PrivateKey, cfg SenderConfig) (*Sender, error) {
	if cfg.MaxFeePerGas == nil {
		cfg.MaxFeePerGas = new(big.Int).Mul(big.NewInt(200), big.NewInt(params.GWei))
	}
	if cfg.GasMarginPercent == 0 {
		cfg.GasMarginPercent = 10
	}
	if cfg.TipTTL == 0 {
		cfg.TipTTL = time.Second
	}
	if cfg.MaxPoll == 0 {
		cfg.MaxPoll = 500 * time.Millisecond
	}
	id, err := b.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("chain: read chain id: %w", err)
	}
	return &Sender{
		b:       b,
		key:     key,
		from:    crypto.PubkeyToAddress(key.PublicKey),
		chainID: id,
		signer:  types.LatestSignerForChainID(id),
		cfg:     cfg,
	}, nil
}

// From returns the sending address.
func (s *Sender) From() common.Address { return s.from }

// ChainID returns the chain id the sender signs for.
func (s *Sender) ChainID() *big.Int { return new(big.Int).Set(s.chainID) }

// Backend returns the backend the sender uses.
func (s *Sender) Backend() Backend { return s.b }

// NextNonce returns the nonce the next transaction will use. Callers that
// must know a deployment's address before sending it use this with
// crypto.CreateAddress.
func (s *Sender) NextNonce(ctx context.Context) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.syncNonceLocked(ctx); err != nil {
		return 0, err
	}
	return s.nonce, nil
}

func (s *Sender) syncNonceLocked(ctx context.Context) error {
	if s.nonceKnown {
		return nil
	}
	n, err := s.b.PendingNonceAt(ctx, s.from)
	if err != nil {
		return fmt.Errorf("chain: read nonce of %s: %w", s.from, err)
	}
	s.nonce, s.nonceKnown = n, true
	return nil
}

// Send prices, signs and sends a transaction calling to (nil deploys data as
// init code) and returns it without waiting. A call that would revert fails
// here, at gas estimation, with the node's revert data attached (see
// DecodeRevert); nothing is sent then.
func (s *Sender) Send(ctx context.Context, to *common.Address, data []byte, value *big.Int) (*types.Transaction, error) {
	return s.prepare(ctx, to, data, value, 0, true)
}

// Prepare prices and signs a transaction exactly as Send does, reserving
// its nonce, but does not send it: callers that must persist their intent
// before sending (the anchor agent) store it and then call SendSigned. If
// it is never sent, the next Prepare or Send reuses nothing: call
// ResetNonce to give the nonce back.
func (s *Sender) Prepare(ctx context.Context, to *common.Address, data []byte, value *big.Int) (*types.Transaction, error) {
	return s.prepare(ctx, to, data, value, 0, false)
}

// Estimate is the gas limit Send would give a call of to with data:
// eth_estimateGas plus the configured margin. A call the contract would
// reject fails here, with the node's revert error.
func (s *Sender) Estimate(ctx context.Context, to common.Address, data []byte) (uint64, error) {
	gas, err := s.b.EstimateGas(ctx, ethereum.CallMsg{From: s.from, To: &to, Data: data})
	if err != nil {
		return 0, fmt.Errorf("chain: estimate gas: %w", err)
	}
	return gas + gas*s.cfg.GasMarginPercent/100, nil
}

// prepare prices, signs and (if send) sends a transaction. gas is its gas
// limit, or 0 to estimate it.
func (s *Sender) prepare(ctx context.Context, to *common.Address, data []byte, value *big.Int, gas uint64, send bool) (*types.Transaction, error) {
	if value == nil {
		value = new(big.Int)
	}
	tip, feeCap, gasLimit, err := s.price(ctx)
	if err != nil {
		return nil, err
	}
	if s.cfg.InitialTip != nil && s.cfg.InitialTip.Cmp(feeCap) <= 0 {
		tip = new(big.Int).Set(s.cfg.InitialTip)
	}
	if gas == 0 {
		est, err := s.b.EstimateGas(ctx, ethereum.CallMsg{From: s.from, To: to, Value: value, Data: data, GasFeeCap: feeCap, GasTipCap: tip})
		if err != nil {
			return nil, fmt.Errorf("chain: estimate gas: %w", err)
		}
		gas = est + est*s.cfg.GasMarginPercent/100
	}
	gas = min(gas, gasLimit)

	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.syncNonceLocked(ctx); err != nil {
		return nil, err
	}
	tx, err := s.sign(&types.DynamicFeeTx{
		ChainID:   s.chainID,
		Nonce:     s.nonce,
		GasTipCap: tip,
		GasFeeCap: feeCap,
		Gas:       gas,
		To:        to,
		Value:     value,
		Data:      data,
	})
	if err != nil {
		return nil, err
	}
	if send {
		if err := s.sendFresh(ctx, tx); err != nil {
			// The node may or may not have taken the nonce (a timeout after it
			// did, a "nonce too low" after another process sent); ask again
			// next time rather than guess.
			s.nonceKnown = false
			return nil, fmt.Errorf("chain: send tx nonce %d: %w", tx.Nonce(), err)
		}
	}
	s.nonce++
	return tx, nil
}

func (s *Sender) sign(tx *types.DynamicFeeTx) (*types.Transaction, error) {
	signed, err := types.SignNewTx(s.key, s.signer, tx)
	if err != nil {
		return nil, fmt.Errorf("chain: sign: %w", err)
	}
	return signed, nil
}

// price returns the tip and fee cap for a new transaction and the block gas
// limit: fee cap = 2 × base fee + tip, never above MaxFeePerGas.
func (s *Sender) price(ctx context.Context) (tip, feeCap *big.Int, gasLimit uint64, err error) {
	var head *types.Header
	if s.cfg.Receipts != nil {
		head = s.cfg.Receipts.Head()
	}
	if head == nil {
		if head, err = s.b.HeaderByNumber(ctx, nil); err != nil {
			return nil, nil, 0, fmt.Errorf("chain: read head: %w", err)
		}
	}
	if head.BaseFee == nil {
		return nil, nil, 0, errors.New("chain: the chain has no EIP-1559 base fee; dualchain needs a London-or-later chain")
	}
	if head.BaseFee.Cmp(s.cfg.MaxFeePerGas) > 0 {
		return nil, nil, 0, fmt.Errorf("%w: base fee %s wei, cap %s wei; raise --max-fee-gwei or wait", ErrFeeAboveCap, head.BaseFee, s.cfg.MaxFeePerGas)
	}
	if tip, err = s.suggestTip(ctx); err != nil {
		return nil, nil, 0, err
	}
	feeCap = new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip)
	if feeCap.Cmp(s.cfg.MaxFeePerGas) > 0 {
		feeCap.Set(s.cfg.MaxFeePerGas)
	}
	if tip.Cmp(feeCap) > 0 {
		tip = new(big.Int).Set(feeCap)
	}
	return tip, feeCap, head.GasLimit, nil
}

// sendFresh sends tx, waiting briefly when the node's transaction pool
// has not caught up with the block that funded the account: a receipt is
// seen the moment its block is imported, and the pool resets to that block
// a moment later, so a transfer's recipient sending at once can be told it
// has no funds. A real shortfall is still reported, after about a second.
func (s *Sender) sendFresh(ctx context.Context, tx *types.Transaction) error {
	pause := 20 * time.Millisecond
	for attempt := 0; ; attempt++ {
		err := s.b.SendTransaction(ctx, tx)
		if err == nil || attempt == 5 || !strings.Contains(err.Error(), "insufficient funds") {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
		pause *= 2
	}
}

// suggestTip returns the node's tip suggestion, reused for TipTTL.
func (s *Sender) suggestTip(ctx context.Context) (*big.Int, error) {
	s.tipMu.Lock()
	defer s.tipMu.Unlock()
	if s.tip != nil && time.Since(s.tipAt) < s.cfg.TipTTL {
		return new(big.Int).Set(s.tip), nil
	}
	tip, err := s.b.SuggestGasTipCap(ctx)
	if err != nil {
		return nil, fmt.Errorf("chain: suggest tip: %w", err)
	}
	s.tip, s.tipAt = tip, time.Now()
	return new(big.Int).Set(tip), nil
}

// SendSigned sends a transaction made by Prepare or Bump. A node that
// already has it ("already known") counts as success, so resending after a
// crash is always safe.
func (s *Sender) SendSigned(ctx context.Context, tx *types.Transaction) error {
	err := s.b.SendTransaction(ctx, tx)
	if err != nil && strings.Contains(err.Error(), "already known") {
		return nil
	}
	if err != nil {
		return fmt.Errorf("chain: send tx nonce %d: %w", tx.Nonce(), err)
	}
	return nil
}

// ResetNonce makes the next transaction ask the node for the nonce.
func (s *Sender) ResetNonce() {
	s.mu.Lock()
	s.nonceKnown = false
	s.mu.Unlock()
}

// ErrBumpCapped means a stuck transaction's fees are already at the cap.
var ErrBumpCapped = errors.New("chain: fees already at the configured cap")

// Bump re-signs tx (same nonce, call and gas) with the tip and fee cap
// raised by percent (at least the 10 % nodes require for a replacement),
// or to the current market price if that is higher, never above
// MaxFeePerGas. It does not send.
func (s *Sender) Bump(ctx context.Context, tx *types.Transaction, percent uint64) (*types.Transaction, error) {
	percent = max(percent, 10)
	bump := func(v *big.Int) *big.Int {
		out := new(big.Int).Mul(v, big.NewInt(int64(100+percent)))
		out.Div(out, big.NewInt(100))
		return out.Add(out, common.Big1)
	}
	tip, feeCap := bump(tx.GasTipCap()), bump(tx.GasFeeCap())
	if mTip, mCap, _, err := s.price(ctx); err == nil {
		if mTip.Cmp(tip) > 0 {
			tip = mTip
		}
		if mCap.Cmp(feeCap) > 0 {
			feeCap = mCap
		}
	}
	if feeCap.Cmp(s.cfg.MaxFeePerGas) > 0 {
		if tx.GasFeeCap().Cmp(s.cfg.MaxFeePerGas) >= 0 {
			return nil, fmt.Errorf("%w (%s wei)", ErrBumpCapped, s.cfg.MaxFeePerGas)
		}
		feeCap = new(big.Int).Set(s.cfg.MaxFeePerGas)
	}
	if tip.Cmp(feeCap) > 0 {
		tip = new(big.Int).Set(feeCap)
	}
	return s.sign(&types.DynamicFeeTx{
		ChainID: s.chainID, Nonce: tx.Nonce(), GasTipCap: tip, GasFeeCap: feeCap,
		Gas: tx.Gas(), To: tx.To(), Value: tx.Value(), Data: tx.Data(),
	})
}

// Wait polls for the receipt of hash until it exists or ctx ends. It does
// not judge the receipt's status.
func (s *Sender) Wait(ctx context.Context, hash common.Hash) (*types.Receipt, error) {
	if s.cfg.Receipts != nil {
		return s.cfg.Receipts.Wait(ctx, hash)
	}
	return WaitReceipt(ctx, s.b, hash, s.cfg.MaxPoll)
}

// headSubscriber is a backend that can push new heads (in-process and
// WebSocket clients; HTTP cannot).
type headSubscriber interface {
	SubscribeNewHead(ctx context.Context, ch chan<- *types.Header) (ethereum.Subscription, error)
}

// WaitReceipt waits until the receipt of hash exists in a canonical block
// or ctx ends. Where b pushes new heads it looks on every head, so a
// receipt is seen as soon as its block is imported; it also polls, starting
// at 5 ms between polls and doubling up to maxPoll, which is all it does on
// endpoints without subscriptions.
func WaitReceipt(ctx context.Context, b Backend, hash common.Hash, maxPoll time.Duration) (*types.Receipt, error) {
	pause := 5 * time.Millisecond
	t := time.NewTimer(0)
	defer t.Stop()
	var heads chan *types.Header
	if hs, ok := b.(headSubscriber); ok {
		ch := make(chan *types.Header, 16)
		if sub, err := hs.SubscribeNewHead(ctx, ch); err == nil {
			defer sub.Unsubscribe()
			heads = ch
		}
	}
	for {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("chain: wait for tx %s: %w", hash, ctx.Err())
		case <-t.C:
		case <-heads:
			// Drain a burst: one look covers them all.
			for drained := false; !drained; {
				select {
				case <-heads:
				default:
					drained = true
				}
			}
		}
		r, err := canonicalReceipt(ctx, b, hash)
		if r != nil || err != nil {
			return r, err
		}
		t.Reset(pause)
		pause = min(pause*2, maxPoll)
	}
}

// canonicalReceipt asks the node for hash's receipt: nil and no error
// means not yet (not mined, or its block not yet canonical).
func canonicalReceipt(ctx context.Context, b Backend, hash common.Hash) (*types.Receipt, error) {
	r, err := b.TransactionReceipt(ctx, hash)
	if err == nil {
		// A node may serve the receipt a moment before it makes the
		// block canonical; callers then read "latest" state without the
		// transaction. Wait until the block is canonical.
		if h, herr := b.HeaderByNumber(ctx, r.BlockNumber); herr == nil && h.Hash() == r.BlockHash {
			return r, nil
		}
		return nil, nil
	}
	// geth answers "transaction indexing is in progress" while its indexer
	// catches up after start; that is "not yet", not failure.
	if errors.Is(err, ethereum.NotFound) || strings.Contains(err.Error(), "indexing is in progress") {
		return nil, nil
	}
	return nil, fmt.Errorf("chain: receipt of %s: %w", hash, err)
}

// Transact sends a call to `to` and waits for its receipt. A reverted
// inclusion returns the receipt with ErrTxFailed.
func (s *Sender) Transact(ctx context.Context, to common.Address, data []byte) (*types.Receipt, error) {
	return s.TransactGas(ctx, to, data, 0)
}

// TransactGas is Transact with a gas limit the caller already knows (from
// Estimate), or 0 to estimate it: a service that estimated a call before
// doing the work the call records saves a second estimate.
func (s *Sender) TransactGas(ctx context.Context, to common.Address, data []byte, gas uint64) (*types.Receipt, error) {
	tx, err := s.prepare(ctx, &to, data, nil, gas, true)
	if err != nil {
		return nil, err
	}
	r, err := s.Wait(ctx, tx.Hash())
	if err != nil {
		return nil, err
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return r, fmt.Errorf("%w: tx %s in block %d", ErrTxFailed, tx.Hash(), r.BlockNumber)
	}
	return r, nil
}

// Deploy sends init code (bytecode followed by the ABI-encoded constructor
// arguments) and waits until the contract exists.
func (s *Sender) Deploy(ctx context.Context, initCode []byte) (common.Address, *types.Receipt, error) {
	tx, err := s.Send(ctx, nil, initCode, nil)
	if err != nil {
		return common.Address{}, nil, err
	}
	r, err := s.Wait(ctx, tx.Hash())
	if err != nil {
		return common.Address{}, nil, err
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return common.Address{}, r, fmt.Errorf("%w: deployment %s", ErrTxFailed, tx.Hash())
	}
	return r.ContractAddress, r, nil
}

// Call runs a read-only eth_call from the sender's address against the
// latest block. A revert comes back with its data (see DecodeRevert).
func (s *Sender) Call(ctx context.Context, to common.Address, data []byte) ([]byte, error) {
	out, err := s.b.CallContract(ctx, ethereum.CallMsg{From: s.from, To: &to, Data: data}, nil)
	if err != nil {
		return nil, fmt.Errorf("chain: call %s: %w", to, err)
	}
	return out, nil
}

// Call runs a read-only call through s and decodes the result with unpack
// (a generated binding's Unpack method).
func Call[T any](ctx context.Context, s *Sender, to common.Address, data []byte, unpack func([]byte) (T, error)) (T, error) {
	var zero T
	out, err := s.Call(ctx, to, data)
	if err != nil {
		return zero, err
	}
	v, err := unpack(out)
	if err != nil {
		return zero, fmt.Errorf("chain: decode result of call to %s: %w", to, err)
	}
	return v, nil
}
