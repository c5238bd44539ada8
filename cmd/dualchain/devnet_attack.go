package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/params"

	"github.com/dualchain/dualchain/anchor"
	"github.com/dualchain/dualchain/attack"
	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/consortium"
	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/store"
)

// majorityRewrite is the request of POST /attacks/majority-rewrite.
type majorityRewrite struct {
	// Colluders are the hospitals whose validators collude; together they
	// must hold more than 2/3 of the voting power.
	Colluders []int `json:"colluders"`
	// Depth is how many blocks past their last checkpoint the honest chain
	// grows before the colluders strike (default 3).
	Depth uint64 `json:"depth"`
}

// majorityResult says what the attack did.
type majorityResult struct {
	ForkPoint   uint64        `json:"forkPoint"`   // the colluders rebuilt from the block after this one
	HonestHead  uint64        `json:"honestHead"`  // where the honest validators stopped (halted)
	Checkpoints []common.Hash `json:"checkpoints"` // the colluders' checkpoints of their history
}

// forkRequest is the request of POST /fork.
type forkRequest struct {
	Honest []int `json:"honest"`
}

// forkResult is what POST /fork did.
type forkResult struct {
	ForkHeight  uint64           `json:"forkHeight"`
	ForkHash    common.Hash      `json:"forkHash"`
	RangeStart  uint64           `json:"rangeStart"`
	NewChainID  uint64           `json:"newChainId"`
	GenesisHash common.Hash      `json:"genesisHash"`
	CometChain  string           `json:"cometChainId"`
	DeclareTx   common.Hash      `json:"declareTx"`
	Validators  []int            `json:"validators"`
	Members     []common.Address `json:"members"`
	// Rebuilt is how many blocks each honest validator's execution database
	// re-imported from its hospital's archive, and RebuildTook the longest
	// of those rebuilds.
	Rebuilt     uint64        `json:"rebuiltBlocks"`
	RebuildTook time.Duration `json:"rebuildTook"`
	// Took is from the request to the declaration's receipt, including the
	// wait for the lead hospital's checkpoint of its head.
	Took time.Duration `json:"took"`
}

func (d *devnetControl) attackHandlers(mux *http.ServeMux) {
	mux.HandleFunc("POST /attacks/majority-rewrite", func(w http.ResponseWriter, r *http.Request) {
		var req majorityRewrite
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, "body: "+err.Error(), http.StatusBadRequest)
			return
		}
		res, err := d.majorityRewrite(r.Context(), req)
		reply(w, res, err)
	})
	mux.HandleFunc("POST /attacks/tamper", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Hospital int    `json:"hospital"`
			Block    uint64 `json:"block"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, "body: "+err.Error(), http.StatusBadRequest)
			return
		}
		res, err := d.tamper(r.Context(), req.Hospital, req.Block)
		reply(w, res, err)
	})
	mux.HandleFunc("POST /fork", func(w http.ResponseWriter, r *http.Request) {
		var req forkRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, "body: "+err.Error(), http.StatusBadRequest)
			return
		}
		res, err := d.fork(r.Context(), req)
		reply(w, res, err)
	})
}

func reply(w http.ResponseWriter, v any, err error) {
	if err != nil {
		code := http.StatusInternalServerError
		if errors.Is(err, errBadRequest) {
			code = http.StatusBadRequest
		}
		http.Error(w, err.Error(), code)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

var errBadRequest = errors.New("bad request")

// majorityRewrite is the attack of colluding validators holding more than
// 2/3 of the power: their hospitals stop serving, they roll back to the
// lowest height all of them anchored, cut the honest validators out, build
// another history, and anchor it on the verification chain as their own.
// The honest validators halt (no quorum) with the original history.
func (d *devnetControl) majorityRewrite(ctx context.Context, req majorityRewrite) (*majorityResult, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := len(d.nodes)
	if len(req.Colluders)*3 <= 2*n {
		return nil, fmt.Errorf("%w: %d of %d validators hold no more than 2/3 of the power; a majority rewrite needs more", errBadRequest, len(req.Colluders), n)
	}
	honest := -1
	for i := range n {
		if !slices.Contains(req.Colluders, i) {
			honest = i
		} else if d.validators[i] == nil {
			return nil, fmt.Errorf("%w: validator %d is stopped", errBadRequest, i)
		}
	}
	if honest < 0 || d.validators[honest] == nil {
		return nil, fmt.Errorf("%w: leave at least one running honest validator", errBadRequest)
	}
	if req.Depth == 0 {
		req.Depth = 3
	}
	// The colluding hospitals stop serving: their operators run the attack.
	for _, c := range req.Colluders {
		if p := d.procs[c]; p != nil {
			p.Process.Signal(syscall.SIGINT)
			p.Wait()
			d.procs[c] = nil
		}
	}
	reg := bindings.NewAnchorRegistry()
	senders := map[int]*chain.Sender{}
	low, high := uint64(1<<62), uint64(0)
	for _, c := range req.Colluders {
		key := devchain.DevAccounts(d.nodes[c].Seed, d.nodes[c].Accounts)[c].Key
		s, err := chain.NewSender(ctx, d.verif.Client(), key, chain.SenderConfig{MaxFeePerGas: big.NewInt(200 * params.GWei)})
		if err != nil {
			return nil, err
		}
		senders[c] = s
		// A checkpoint its node sent just before it stopped may still be on
		// its way; let it land so the branch chains onto it.
		if err := waitUntil(ctx, time.Minute, func() bool {
			pending, err1 := d.verif.Client().PendingNonceAt(ctx, s.From())
			mined, err2 := d.verif.Client().NonceAt(ctx, s.From(), nil)
			return err1 == nil && err2 == nil && pending == mined
		}); err != nil {
			return nil, fmt.Errorf("hospital %d's last checkpoint did not land: %w", c, err)
		}
		st, err := chain.Call(ctx, s, d.registry, reg.PackMemberState(d.nodes[c].ChainID, s.From()), reg.UnpackMemberState)
		if err != nil {
			return nil, err
		}
		if st.Count == 0 {
			return nil, fmt.Errorf("%w: hospital %d has anchored nothing yet; wait for its first checkpoint", errBadRequest, c)
		}
		low, high = min(low, st.LastEnd), max(high, st.LastEnd)
	}
	hv := d.validators[honest]
	if err := waitUntil(ctx, time.Minute, func() bool { return hv.Head().Number.Uint64() >= high+req.Depth }); err != nil {
		return nil, fmt.Errorf("the chain did not grow %d blocks past the colluders' checkpoints: %w", req.Depth, err)
	}
	for _, c := range req.Colluders {
		d.validators[c].Close()
		d.validators[c] = nil
	}
	top := hv.Head().Number.Uint64()
	d.log.Warn("devnet: majority attack", "colluders", req.Colluders, "forkPoint", low, "honestHead", top)
	colluders := make([]consortium.NodeConfig, 0, len(req.Colluders))
	for _, c := range req.Colluders {
		colluders = append(colluders, d.nodes[c])
	}
	for _, c := range req.Colluders {
		if err := consortium.Rewind(d.nodes[c], int64(low)); err != nil {
			return nil, err
		}
	}
	for _, c := range req.Colluders {
		v, err := consortium.Start(d.ctx, consortium.Isolated(d.nodes[c], colluders), d.log, consortium.WithHead(low))
		if err != nil {
			return nil, err
		}
		d.validators[c] = v
	}
	first := d.validators[req.Colluders[0]]
	if err := waitUntil(ctx, 2*time.Minute, func() bool { return first.Head().Number.Uint64() >= top }); err != nil {
		return nil, fmt.Errorf("the colluders did not rebuild to height %d: %w", top, err)
	}
	res := &majorityResult{ForkPoint: low, HonestHead: top}
	bc := first.Eth().BlockChain()
	for _, c := range req.Colluders {
		s := senders[c]
		st, err := chain.Call(ctx, s, d.registry, reg.PackMemberState(d.nodes[c].ChainID, s.From()), reg.UnpackMemberState)
		if err != nil {
			return nil, err
		}
		start := st.LastEnd + 1
		if start > top {
			return nil, fmt.Errorf("hospital %d already anchored up to %d, past the honest head %d", c, st.LastEnd, top)
		}
		hashes := make([]common.Hash, 0, top-start+1)
		for h := start; h <= top; h++ {
			hashes = append(hashes, bc.GetHeaderByNumber(h).Hash())
		}
		root, endHash, err := anchor.Build(d.nodes[c].ChainID, start, hashes)
		if err != nil {
			return nil, err
		}
		prev, err := chain.Call(ctx, s, d.registry, reg.PackLastCheckpointHash(d.nodes[c].ChainID, s.From()), reg.UnpackLastCheckpointHash)
		if err != nil {
			return nil, err
		}
		rc, err := s.Transact(ctx, d.registry, reg.PackSubmitCheckpoint(d.nodes[c].ChainID, start, top, root, endHash, prev))
		if err != nil {
			return nil, fmt.Errorf("hospital %d anchors its branch: %w", c, err)
		}
		res.Checkpoints = append(res.Checkpoints, rc.TxHash)
	}
	return res, nil
}

// tamper overwrites a block hash in one hospital's archive, as an intruder
// on that hospital's machine could; its guard must notice and its restore
// repair it from the chain.
func (d *devnetControl) tamper(ctx context.Context, hospital int, block uint64) (*attack.Result, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if hospital < 0 || hospital >= len(d.nodes) {
		return nil, fmt.Errorf("%w: no hospital %d", errBadRequest, hospital)
	}
	db, err := store.Open(ctx, filepath.Join(d.nodes[hospital].DataDir(), "node.db"))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	res, err := (&attack.Target{DB: db}).TamperArchive(ctx, block)
	if errors.Is(err, attack.ErrBadAttack) {
		err = fmt.Errorf("%w: %v", errBadRequest, err)
	}
	return res, err
}

// rebuildFromArchive rebuilds hospital i's stopped validator's execution
// database from the hospital node's archive, blocks 1..head, and checks it
// ends at forkHash. The hospital node keeps running; its database is read
// beside it (WAL).
func (d *devnetControl) rebuildFromArchive(ctx context.Context, i int, head uint64, forkHash common.Hash) (time.Duration, uint64, error) {
	began := time.Now()
	db, err := store.Open(ctx, filepath.Join(d.nodes[i].DataDir(), "node.db"))
	if err != nil {
		return 0, 0, fmt.Errorf("hospital %d's archive: %w", i, err)
	}
	defer db.Close()
	// The hospital's archive follows its validator; give it a moment to
	// have the halted head.
	if err := waitUntil(ctx, 30*time.Second, func() bool {
		_, hashes, err := db.ArchivedBlocks(ctx, head, head)
		return err == nil && len(hashes) == 1
	}); err != nil {
		return 0, 0, fmt.Errorf("hospital %d has not archived block %d: %w", i, head, err)
	}
	rb, err := consortium.RebuildGeth(ctx, d.nodes[i], head, db.ArchivedBlocks, d.log)
	if err != nil {
		return 0, 0, err
	}
	if rb.Head != head || rb.HeadHash != forkHash {
		return 0, 0, fmt.Errorf("hospital %d's archive rebuilt block %d as %s, not the fork block %s", i, rb.Head, rb.HeadHash.TerminalString(), forkHash.TerminalString())
	}
	d.log.Info("devnet: execution database rebuilt from the archive", "hospital", i, "blocks", rb.Imported, "took", time.Since(began))
	return time.Since(began), rb.Imported, nil
}

// fork is the honest hospitals' response to a majority attack: once their
// own checkpoint covers the head their validators halted at, they start a
// successor chain from it with the honest validators only, and declare the
// fork on the verification chain with a Merkle proof of the fork block.
func (d *devnetControl) fork(ctx context.Context, req forkRequest) (*forkResult, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(req.Honest) == 0 {
		return nil, fmt.Errorf("%w: name the honest hospitals", errBadRequest)
	}
	slices.Sort(req.Honest)
	for _, i := range req.Honest {
		if i < 0 || i >= len(d.nodes) || d.validators[i] == nil {
			return nil, fmt.Errorf("%w: hospital %d has no running validator", errBadRequest, i)
		}
	}
	began := time.Now()
	lead := req.Honest[0]
	v := d.validators[lead]
	cfg := d.nodes[lead]
	key := devchain.DevAccounts(cfg.Seed, cfg.Accounts)[lead].Key
	s, err := chain.NewSender(ctx, d.verif.Client(), key, chain.SenderConfig{MaxFeePerGas: big.NewInt(200 * params.GWei)})
	if err != nil {
		return nil, err
	}
	// The fork height is the end of the lead hospital's own checkpoint that
	// covers its head: the last verified block. On a halted chain its agent
	// anchors the head after one max-age.
	head := v.Head().Number.Uint64()
	var start uint64
	if err := waitUntil(ctx, 2*time.Minute, func() bool {
		start = d.checkpointEnding(ctx, s.From(), cfg.ChainID, head)
		return start > 0
	}); err != nil {
		return nil, fmt.Errorf("hospital %d has not anchored its head %d: %w", lead, head, err)
	}
	bc := v.Eth().BlockChain()
	forkHash := bc.GetHeaderByNumber(head).Hash()
	leaves := make([]common.Hash, 0, head-start+1)
	for h := start; h <= head; h++ {
		leaves = append(leaves, anchor.Leaf(cfg.ChainID, h, bc.GetHeaderByNumber(h).Hash()))
	}
	path, err := anchor.Proof(leaves, len(leaves)-1)
	if err != nil {
		return nil, err
	}
	res := &forkResult{ForkHeight: head, ForkHash: forkHash, RangeStart: start, Validators: req.Honest}
	for _, i := range req.Honest {
		d.validators[i].Close()
		d.validators[i] = nil
	}
	// Each honest validator's execution database is rebuilt from its own
	// hospital's archive (DESIGN §5: the successor reproduces the anchored
	// history from archived blocks), and must end at the fork block.
	for _, i := range req.Honest {
		took, n, err := d.rebuildFromArchive(ctx, i, head, forkHash)
		if err != nil {
			return nil, err
		}
		res.Rebuilt, res.RebuildTook = n, max(res.RebuildTook, took)
	}
	for _, i := range req.Honest {
		next, doc, err := consortium.Fork(d.nodes[i], head, forkHash, req.Honest)
		if err != nil {
			return nil, err
		}
		d.nodes[i] = next
		res.CometChain = doc.ChainID
		if res.GenesisHash, err = consortium.GenesisHash(doc); err != nil {
			return nil, err
		}
		res.Members = next.Members
	}
	for _, i := range req.Honest {
		if d.validators[i], err = consortium.Start(d.ctx, d.nodes[i], d.log, consortium.WithHead(head)); err != nil {
			return nil, err
		}
	}
	reg := bindings.NewAnchorRegistry()
	succ, err := chain.Call(ctx, s, d.registry, reg.PackSuccessors(cfg.ChainID), reg.UnpackSuccessors)
	if err != nil {
		return nil, err
	}
	res.NewChainID = cfg.ChainID*1000 + uint64(len(succ)) + 1
	proof := make([][32]byte, len(path))
	for i, p := range path {
		proof[i] = p
	}
	rc, err := s.Transact(ctx, d.registry, reg.PackDeclareFork(cfg.ChainID, start, head, forkHash, proof, res.NewChainID, res.GenesisHash, res.Members))
	if err != nil {
		return nil, fmt.Errorf("declare the fork: %w", err)
	}
	res.DeclareTx, res.Took = rc.TxHash, time.Since(began)
	d.log.Warn("devnet: hard fork", "height", head, "hash", forkHash, "successor", res.NewChainID, "validators", req.Honest)
	return res, nil
}

// checkpointEnding returns the start of member's checkpoint ending at end,
// or 0 if it has none.
func (d *devnetControl) checkpointEnding(ctx context.Context, member common.Address, chainID, end uint64) uint64 {
	reg := bindings.NewAnchorRegistry()
	ev := reg.GetABI().Events[bindings.AnchorRegistryCheckpointSubmittedEventName]
	logs, err := d.verif.Client().FilterLogs(ctx, ethereum.FilterQuery{
		Addresses: []common.Address{d.registry},
		Topics:    [][]common.Hash{{ev.ID}, {common.BigToHash(new(big.Int).SetUint64(chainID))}, {common.BytesToHash(member.Bytes())}},
	})
	if err != nil {
		return 0
	}
	for i := len(logs) - 1; i >= 0; i-- {
		if c, err := reg.UnpackCheckpointSubmittedEvent(&logs[i]); err == nil && c.End == end {
			return c.Start
		}
	}
	return 0
}

func waitUntil(ctx context.Context, limit time.Duration, ok func() bool) error {
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			return fmt.Errorf("not after %v", limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return nil
}
