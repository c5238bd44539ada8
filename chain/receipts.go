package chain

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// receiptsBackend is what Receipts needs of a node: head notifications and
// a block's receipts in one call.
type receiptsBackend interface {
	Backend
	headSubscriber
	BlockReceipts(ctx context.Context, blockNrOrHash rpc.BlockNumberOrHash) ([]*types.Receipt, error)
}

// Receipts waits for the receipts of many transactions of one process with
// one head subscription: on each new head it fetches the block's receipts
// once (eth_getBlockReceipts) and hands each to whoever waits for it.
//
// Why: WaitReceipt, on its own, subscribes to heads for each transaction
// and asks for its receipt on every head. With the EMR service's eight
// writers at once the node sent every block's header eight times and
// answered sixteen calls per block, all through the one connection, whose
// writes queued behind each other (a mutex profile put most of the node's
// waiting there) while the block's writers waited for their receipts.
//
// Blocks are read only while someone waits, and their receipts are kept
// for receiptsKept blocks, so a transaction mined before its Wait began,
// while others waited, is found at once. Anything else (mined while nobody
// waited, long ago, or while the subscription was down) is found by
// polling every maxPoll.
type Receipts struct {
	b       receiptsBackend
	log     *slog.Logger
	maxPoll time.Duration

	mu      sync.Mutex
	waiters map[common.Hash][]chan *types.Receipt
	seen    map[common.Hash]*types.Receipt // mined in the kept blocks
	blocks  [][]common.Hash                // tx hashes of the kept blocks, oldest first
	next    uint64                         // next block to scan (0: not started)
	last    common.Hash                    // hash of block next-1
	stop    context.CancelFunc
	done    chan struct{}
	broken  atomic.Bool // the node cannot serve block receipts: WaitReceipt
	head    atomic.Pointer[seenHead]
}

// seenHead is the newest head the subscription brought, and when.
type seenHead struct {
	h  *types.Header
	at time.Time
}

// headFresh is how long a head from the subscription stands in for asking
// the node: a chain that seals on demand may not move for minutes, and a
// head that old is asked for again.
const headFresh = time.Second

// Head returns the newest head the watcher was sent, if it came within
// headFresh: senders price their transactions with it instead of asking
// the node for the head each time. A head one block old is safe for
// that: a fee cap is twice the base fee, which moves at most 12.5 % a
// block.
func (r *Receipts) Head() *types.Header {
	if sh := r.head.Load(); sh != nil && time.Since(sh.at) < headFresh {
		return sh.h
	}
	return nil
}

// receiptsKept is how many recent blocks' receipts Receipts keeps.
const receiptsKept = 128

// NewReceipts starts watching b's heads until Close. A backend without
// head subscriptions or eth_getBlockReceipts (plain HTTP) gets an error:
// use WaitReceipt there.
func NewReceipts(ctx context.Context, b Backend, maxPoll time.Duration, log *slog.Logger) (*Receipts, error) {
	rb, ok := b.(receiptsBackend)
	if !ok {
		return nil, errors.New("chain: the backend cannot push new heads and block receipts")
	}
	if maxPoll <= 0 {
		maxPoll = 500 * time.Millisecond
	}
	if log == nil {
		log = slog.Default()
	}
	heads := make(chan *types.Header, 64)
	life, stop := context.WithCancel(context.WithoutCancel(ctx))
	sub, err := rb.SubscribeNewHead(life, heads)
	if err != nil {
		stop()
		return nil, fmt.Errorf("chain: subscribe to new heads: %w", err)
	}
	r := &Receipts{b: rb, log: log, maxPoll: maxPoll, waiters: map[common.Hash][]chan *types.Receipt{},
		seen: map[common.Hash]*types.Receipt{}, stop: stop, done: make(chan struct{})}
	go r.run(life, sub, heads)
	return r, nil
}

// Close stops watching; waits under way fall back to polling.
func (r *Receipts) Close() {
	r.stop()
	<-r.done
}

func (r *Receipts) run(ctx context.Context, sub ethereum.Subscription, heads chan *types.Header) {
	defer close(r.done)
	defer func() {
		if sub != nil {
			sub.Unsubscribe()
		}
	}()
	for {
		var errc <-chan error
		if sub != nil {
			errc = sub.Err()
		}
		select {
		case <-ctx.Done():
			return
		case err := <-errc:
			// Resubscribe; the polls of the waits cover the gap. A closed
			// client ends the watcher.
			sub = nil
			if errors.Is(err, rpc.ErrClientQuit) {
				return
			}
			r.log.Warn("receipt watcher lost its head subscription; resubscribing", "err", err)
			for sub == nil {
				select {
				case <-ctx.Done():
					return
				case <-time.After(time.Second):
				}
				s, err := r.b.SubscribeNewHead(ctx, heads)
				if errors.Is(err, rpc.ErrClientQuit) {
					return
				}
				if err == nil {
					sub = s
				}
			}
		case h := <-heads:
			// A burst of heads: the newest covers them (blocks are
			// scanned from r.next up to it).
			for drained := false; !drained; {
				select {
				case h = <-heads:
				default:
					drained = true
				}
			}
			r.head.Store(&seenHead{h, time.Now()})
			if err := r.scan(ctx, h); err != nil && ctx.Err() == nil {
				var rpcErr rpc.Error
				if errors.As(err, &rpcErr) && rpcErr.ErrorCode() == -32601 { // method not found
					r.log.Warn("the node has no eth_getBlockReceipts: transactions are polled for their receipts", "err", err)
					r.broken.Store(true)
					return
				}
				r.log.Debug("receipt watcher: scan failed; the waits poll meanwhile", "head", h.Number, "err", err)
			}
		}
	}
}

// scan hands out the receipts of the blocks up to head.
func (r *Receipts) scan(ctx context.Context, head *types.Header) error {
	n := head.Number.Uint64()
	r.mu.Lock()
	from := r.next
	if from == 0 || n < from || (n == from && head.ParentHash != r.last) || n-from >= receiptsKept {
		// First head, a reorg, or a gap too long to fill: start here,
		// forgetting receipts that may belong to replaced blocks.
		if from != 0 && (n < from || head.ParentHash != r.last) {
			clear(r.seen)
			r.blocks = r.blocks[:0]
		}
		from = n
	}
	idle := len(r.waiters) == 0
	r.mu.Unlock()
	for b := from; b <= n && !idle; b++ {
		id := rpc.BlockNumberOrHashWithNumber(rpc.BlockNumber(b))
		if b == n {
			id = rpc.BlockNumberOrHashWithHash(head.Hash(), true)
		}
		rcpts, err := r.b.BlockReceipts(ctx, id)
		if err != nil {
			return fmt.Errorf("receipts of block %d: %w", b, err)
		}
		r.deliver(b, rcpts)
	}
	r.mu.Lock()
	r.next, r.last = n+1, head.Hash()
	r.mu.Unlock()
	return nil
}

func (r *Receipts) deliver(block uint64, rcpts []*types.Receipt) {
	r.mu.Lock()
	defer r.mu.Unlock()
	hashes := make([]common.Hash, 0, len(rcpts))
	for _, rc := range rcpts {
		hashes = append(hashes, rc.TxHash)
		r.seen[rc.TxHash] = rc
		for _, ch := range r.waiters[rc.TxHash] {
			select {
			case ch <- rc: // buffered for one: a waiter is handed one receipt
			default:
			}
		}
		delete(r.waiters, rc.TxHash)
	}
	r.blocks = append(r.blocks, hashes)
	for len(r.blocks) > receiptsKept {
		for _, h := range r.blocks[0] {
			delete(r.seen, h)
		}
		r.blocks = r.blocks[1:]
	}
}

// Wait returns the receipt of hash once its block is the head or below it,
// or ctx's error. It does not judge the receipt's status.
func (r *Receipts) Wait(ctx context.Context, hash common.Hash) (*types.Receipt, error) {
	if r.broken.Load() {
		return WaitReceipt(ctx, r.b, hash, r.maxPoll)
	}
	ch := make(chan *types.Receipt, 1)
	r.mu.Lock()
	if rc, ok := r.seen[hash]; ok {
		r.mu.Unlock()
		return rc, nil
	}
	r.waiters[hash] = append(r.waiters[hash], ch)
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		list := r.waiters[hash]
		for i, c := range list {
			if c == ch {
				list = append(list[:i], list[i+1:]...)
				break
			}
		}
		if len(list) == 0 {
			delete(r.waiters, hash)
		} else {
			r.waiters[hash] = list
		}
	}()
	pause := r.maxPoll
	t := time.NewTimer(pause)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("chain: wait for tx %s: %w", hash, ctx.Err())
		case rc := <-ch:
			return rc, nil
		case <-t.C:
		}
		// Not seen by the watcher: mined long ago, or while it was
		// resubscribing. Ask, as WaitReceipt does.
		rc, err := canonicalReceipt(ctx, r.b, hash)
		if rc != nil {
			return rc, nil
		}
		if err != nil {
			r.log.Debug("receipt poll failed", "tx", hash, "err", err)
		}
		t.Reset(pause)
	}
}
