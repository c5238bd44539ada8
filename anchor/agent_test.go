package anchor

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/dualchain/dualchain/archive"
	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
)

// env is a working chain archived into a node database, and a
// verification chain with the registry, both real embedded geth.
type env struct {
	t      *testing.T
	ctx    context.Context
	work   *devchain.Chain
	verif  *devchain.Chain
	db     *store.DB
	follow *archive.Follower
	reg    common.Address
	clock  time.Time
}

const workID = 4100

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, ctx: testenv.Context(t, 2*time.Minute), clock: time.Unix(1_800_000_000, 0)}
	e.work = testenv.StartChain(t, workID, "")
	e.verif = testenv.StartChain(t, 4200, "")
	e.db = testenv.OpenStore(t)
	e.follow = archive.New(archive.Config{}, e.work.Client(), e.db)
	s := testenv.Sender(t, e.verif, 1)
	out, err := (&deploy.Deployer{Path: t.TempDir() + "/d.json", Role: "verification", Sender: s}).Ensure(e.ctx,
		deploy.VerificationContracts(workID, []common.Address{s.From(), e.verif.Accounts()[2].Address}))
	if err != nil {
		t.Fatal(err)
	}
	e.reg = out[deploy.AnchorRegistryName]
	return e
}

func (e *env) agent(cfg Config, account int) *Agent {
	e.t.Helper()
	cfg.ChainID, cfg.Registry, cfg.Logger = workID, e.reg, testenv.Logger(e.t)
	cfg.Now = func() time.Time { return e.clock }
	a, err := NewAgent(cfg, e.db, testenv.Sender(e.t, e.verif, account))
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

// followInto archives the working chain into another node database.
func (e *env) followInto(db *store.DB) ([]archive.Update, error) {
	return archive.New(archive.Config{}, e.work.Client(), db).Sync(e.ctx)
}

// grow seals n working-chain blocks and archives them.
func (e *env) grow(n int) {
	e.t.Helper()
	for range n {
		e.work.Commit()
	}
	if _, err := e.follow.Sync(e.ctx); err != nil {
		e.t.Fatal(err)
	}
}

// steps runs Step n times.
func (e *env) steps(a *Agent, n int) {
	e.t.Helper()
	for range n {
		if err := a.Step(e.ctx); err != nil {
			e.t.Fatal(err)
		}
	}
}

// stepUntil steps a until the local record matches want (spans and states).
func (e *env) stepUntil(a *Agent, want func([]*store.Checkpoint) error) {
	e.t.Helper()
	testenv.WaitFor(e.t, 30*time.Second, func() error {
		if err := a.Step(e.ctx); err != nil {
			e.t.Fatal(err)
		}
		return want(e.checkpoints())
	})
}

// states builds a stepUntil condition: exactly these spans, each in state.
func states(state store.CheckpointState, spansWant ...[2]uint64) func([]*store.Checkpoint) error {
	return func(cs []*store.Checkpoint) error {
		if len(cs) != len(spansWant) {
			return fmt.Errorf("have %v, want %d checkpoints %v in state %s", spans(cs), len(spansWant), spansWant, state)
		}
		for i, c := range cs {
			if c.Start != spansWant[i][0] || c.End != spansWant[i][1] || c.State != state {
				return fmt.Errorf("have %v, want %v in state %s", spans(cs), spansWant, state)
			}
		}
		return nil
	}
}

func (e *env) checkpoints() []*store.Checkpoint {
	e.t.Helper()
	cs, err := e.db.Checkpoints(e.ctx, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	return cs
}

// checkRegistry requires the registry to hold exactly the local
// checkpoints of member, with roots over the working chain's real hashes.
func (e *env) checkRegistry(member common.Address) {
	e.t.Helper()
	reg := bindings.NewAnchorRegistry()
	s := testenv.Sender(e.t, e.verif, 9)
	st, err := chain.Call(e.ctx, s, e.reg, reg.PackMemberState(workID, member), reg.UnpackMemberState)
	if err != nil {
		e.t.Fatal(err)
	}
	cs := e.checkpoints()
	if st.Count != uint64(len(cs)) {
		e.t.Fatalf("registry has %d checkpoints of %s, local record %d", st.Count, member, len(cs))
	}
	var next uint64
	for _, c := range cs {
		if c.Start != next {
			e.t.Fatalf("checkpoint %d starts at %d, want %d (gap or overlap)", c.Index, c.Start, next)
		}
		next = c.End + 1
		var hashes []common.Hash
		for n := c.Start; n <= c.End; n++ {
			h, err := e.work.Client().HeaderByNumber(e.ctx, new(big.Int).SetUint64(n))
			if err != nil {
				e.t.Fatal(err)
			}
			hashes = append(hashes, h.Hash())
		}
		root, _, _ := Build(workID, c.Start, hashes)
		got, err := chain.Call(e.ctx, s, e.reg, reg.PackRangeRoot(reg2key(workID, c.Start, c.End)), reg.UnpackRangeRoot)
		if err != nil || common.Hash(got) != root || c.Root != root {
			e.t.Fatalf("checkpoint %d root: registry %x, local %s, chain %s", c.Index, got, c.Root, root)
		}
	}
	if len(cs) > 0 && st.LastEnd != cs[len(cs)-1].End {
		e.t.Fatalf("registry lastEnd %d, local %d", st.LastEnd, cs[len(cs)-1].End)
	}
}

func reg2key(chainID, start, end uint64) [32]byte {
	var buf [96]byte
	new(big.Int).SetUint64(chainID).FillBytes(buf[0:32])
	new(big.Int).SetUint64(start).FillBytes(buf[32:64])
	new(big.Int).SetUint64(end).FillBytes(buf[64:96])
	return crypto.Keccak256Hash(buf[:])
}

func TestAgentCadenceAndStates(t *testing.T) {
	e := newEnv(t)
	a := e.agent(Config{Interval: 16, MaxAge: time.Hour, Confirmations: 0}, 1)

	e.steps(a, 2)
	if cs := e.checkpoints(); len(cs) != 0 {
		t.Fatalf("checkpoint built with only genesis archived: %+v", cs[0])
	}
	e.grow(40) // heights 0..40
	e.stepUntil(a, states(store.StateIncluded, [2]uint64{0, 15}, [2]uint64{16, 31}))
	cs := e.checkpoints()
	for _, c := range cs {
		if c.State != store.StateIncluded || c.GasUsed == 0 {
			t.Fatalf("checkpoint %d state %s gas %d, want included (finalized lags)", c.Index, c.State, c.GasUsed)
		}
	}
	if cs[1].PrevHash != cs[0].Hash {
		t.Fatal("checkpoints are not chained by hash")
	}

	// A partial window waits for MaxAge.
	e.steps(a, 2)
	if n := len(e.checkpoints()); n != 2 {
		t.Fatalf("partial window anchored before MaxAge: %d checkpoints", n)
	}
	e.clock = e.clock.Add(2 * time.Hour)
	e.stepUntil(a, states(store.StateIncluded, [2]uint64{0, 15}, [2]uint64{16, 31}, [2]uint64{32, 40}))

	// Finality on the verification chain settles them all.
	for range 70 {
		e.verif.Commit()
	}
	e.stepUntil(a, states(store.StateSettled, [2]uint64{0, 15}, [2]uint64{16, 31}, [2]uint64{32, 40}))
	e.checkRegistry(a.s.From())
}

func TestAgentCrashAfterPersistingIntent(t *testing.T) {
	e := newEnv(t)
	e.grow(20)
	a := e.agent(Config{Interval: 8, Confirmations: 1}, 1)
	crash := errors.New("killed")
	a.afterPersist = func() error { return crash }
	if err := a.Step(e.ctx); !errors.Is(err, crash) {
		t.Fatalf("step: %v", err)
	}
	cs := e.checkpoints()
	if len(cs) != 1 || cs[0].State != store.StateBuilding {
		t.Fatalf("after the crash: %v, want one building checkpoint", spans(cs))
	}

	// A restarted agent (new sender, nonce unknown) sends the stored
	// transaction and goes on: no duplicate, no gap.
	b := e.agent(Config{Interval: 8, Confirmations: 1}, 1)
	e.stepUntil(b, states(store.StateSettled, [2]uint64{0, 7}, [2]uint64{8, 15}))
	e.checkRegistry(b.s.From())

	// A node that lost its database continues from the registry.
	e.db2(t)
}

// db2 replaces the node database with an empty one and checks that a new
// agent continues the account's anchored history instead of colliding.
func (e *env) db2(t *testing.T) {
	t.Helper()
	fresh := testenv.OpenStore(t)
	if _, err := archive.New(archive.Config{}, e.work.Client(), fresh).Sync(e.ctx); err != nil {
		t.Fatal(err)
	}
	old := e.db
	e.db = fresh
	c := e.agent(Config{Interval: 8, Confirmations: 1, MaxAge: time.Minute}, 1)
	e.clock = e.clock.Add(time.Hour)
	e.stepUntil(c, states(store.StateSettled, [2]uint64{16, 20}))
	if cs := e.checkpoints(); cs[0].Index != 2 {
		t.Fatalf("fresh database: first checkpoint index %d, want 2", cs[0].Index)
	}
	e.db = old
}

func TestAgentResubmitsAfterVerificationReorg(t *testing.T) {
	e := newEnv(t)
	e.grow(10)
	a := e.agent(Config{Interval: 8, Confirmations: 3}, 1)
	e.stepUntil(a, states(store.StateIncluded, [2]uint64{0, 7}))
	cs := e.checkpoints()
	inc := cs[0].IncludedBlock
	parent, err := e.verif.Client().HeaderByNumber(e.ctx, new(big.Int).SetUint64(inc-1))
	if err != nil {
		t.Fatal(err)
	}
	// Reorganize the verification chain from below the inclusion block.
	// geth puts the dropped checkpoint transaction back in its pool and the
	// on-demand sealer includes it again in a competing block; new blocks
	// come from plain transfers (calling Commit while the sealer works on
	// pending transactions would race with it).
	if err := e.verif.Fork(parent.Hash()); err != nil {
		t.Fatal(err)
	}
	filler := testenv.Sender(t, e.verif, 5)
	to := common.Address{0xf1}
	testenv.WaitFor(t, 30*time.Second, func() error {
		if _, err := filler.Send(e.ctx, &to, nil, big.NewInt(1)); err != nil {
			return err
		}
		if err := a.Step(e.ctx); err != nil {
			t.Fatal(err)
		}
		return states(store.StateSettled, [2]uint64{0, 7})(e.checkpoints())
	})
	cs = e.checkpoints()
	h, _ := e.verif.Client().HeaderByNumber(e.ctx, new(big.Int).SetUint64(cs[0].IncludedBlock))
	if h.Hash() != cs[0].IncludedHash {
		t.Fatalf("settled checkpoint points at a non-canonical block %d", cs[0].IncludedBlock)
	}
	e.checkRegistry(a.s.From())
}

func spans(cs []*store.Checkpoint) [][3]any {
	var out [][3]any
	for _, c := range cs {
		out = append(out, [3]any{c.Start, c.End, string(c.State)})
	}
	return out
}

func TestAgentUnfundedAccount(t *testing.T) {
	e := newEnv(t)
	e.grow(10)
	// A member whose account holds nothing: register it, then try.
	key, _ := crypto.GenerateKey()
	poor, err := chain.NewSender(e.ctx, e.verif.Client(), key, chain.SenderConfig{})
	if err != nil {
		t.Fatal(err)
	}
	reg := bindings.NewAnchorRegistry()
	owner := testenv.Sender(t, e.verif, 1)
	if _, err := owner.Transact(e.ctx, e.reg, reg.PackVoteMember(workID, poor.From(), true)); err != nil {
		t.Fatal(err)
	}
	other := testenv.Sender(t, e.verif, 2)
	if _, err := other.Transact(e.ctx, e.reg, reg.PackVoteMember(workID, poor.From(), true)); err != nil {
		t.Fatal(err)
	}
	a, err := NewAgent(Config{ChainID: workID, Registry: e.reg, Interval: 8}, testenv.OpenStore(t), poor)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.followInto(a.db); err != nil {
		t.Fatal(err)
	}
	if err := a.Step(e.ctx); !errors.Is(err, ErrInsufficientFunds) {
		t.Fatalf("step with an unfunded account: got %v, want ErrInsufficientFunds", err)
	}
	if cs, _ := a.db.Checkpoints(e.ctx, 0); len(cs) != 0 {
		t.Fatalf("an unpayable checkpoint was recorded: %v", spans(cs))
	}
}

// TestAgentVerificationChainDown takes the verification chain away for a
// while: the working chain and its archive go on, the agent raises the
// stalled alert, and once the chain is back the checkpoints catch up with
// no gap and no duplicate.
func TestAgentVerificationChainDown(t *testing.T) {
	ctx := testenv.Context(t, 2*time.Minute)
	e := &env{t: t, ctx: ctx, clock: time.Unix(1_800_000_000, 0)}
	e.work = testenv.StartChain(t, workID, "")
	vdir, port := t.TempDir(), testenv.FreePort(t)
	vcfg := devchain.Config{ChainID: 4200, DataDir: vdir, HTTPPort: port, WSPort: -1}
	e.verif = testenv.StartChainConfig(t, vcfg)
	e.db = testenv.OpenStore(t)
	e.follow = archive.New(archive.Config{}, e.work.Client(), e.db)
	deployer := testenv.Sender(t, e.verif, 1)
	out, err := (&deploy.Deployer{Path: t.TempDir() + "/d.json", Role: "verification", Sender: deployer}).Ensure(ctx,
		deploy.VerificationContracts(workID, []common.Address{deployer.From()}))
	if err != nil {
		t.Fatal(err)
	}
	e.reg = out[deploy.AnchorRegistryName]

	// The agent talks to the verification chain over HTTP, like a real node.
	client, err := ethclient.DialContext(ctx, e.verif.HTTPEndpoint())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	s, err := chain.NewSender(ctx, client, e.verif.Accounts()[1].Key, chain.SenderConfig{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewAgent(Config{ChainID: workID, Registry: e.reg, Interval: 8, Confirmations: 1, MaxAge: time.Minute,
		StallAfter: 10 * time.Minute, Now: func() time.Time { return e.clock }, Logger: testenv.Logger(t)}, e.db, s)
	if err != nil {
		t.Fatal(err)
	}
	e.grow(20)
	e.stepUntil(a, states(store.StateSettled, [2]uint64{0, 7}, [2]uint64{8, 15}))

	// Down.
	if err := e.verif.Close(); err != nil {
		t.Fatal(err)
	}
	e.grow(10) // the working chain does not care
	if err := a.Step(ctx); err == nil {
		t.Fatal("step succeeded with the verification chain down")
	}
	if h, _ := a.Health(ctx); h.Stalled {
		t.Fatal("stalled alert before StallAfter")
	}
	e.clock = e.clock.Add(11 * time.Minute)
	if h, err := a.Health(ctx); err != nil || !h.Stalled {
		t.Fatalf("health %+v, %v; want stalled", h, err)
	}

	// Back, same data and port.
	e.verif = testenv.StartChainConfig(t, vcfg)
	e.stepUntil(a, states(store.StateSettled, [2]uint64{0, 7}, [2]uint64{8, 15}, [2]uint64{16, 23}))
	e.clock = e.clock.Add(2 * time.Minute) // the partial rest is due after MaxAge
	e.stepUntil(a, states(store.StateSettled, [2]uint64{0, 7}, [2]uint64{8, 15}, [2]uint64{16, 23}, [2]uint64{24, 30}))
	if h, err := a.Health(ctx); err != nil || h.Stalled {
		t.Fatalf("health after catching up %+v, %v; want not stalled", h, err)
	}
	e.checkRegistry(s.From())
}

// TestAgentBumpsStuckCheckpoint runs against a verification chain whose
// block builder wants a higher tip than the node suggests: the first
// checkpoint transaction waits, and the agent replaces it with higher fees
// until it is included, recording every hash it sent.
func TestAgentBumpsStuckCheckpoint(t *testing.T) {
	ctx := testenv.Context(t, 2*time.Minute)
	e := &env{t: t, ctx: ctx, clock: time.Unix(1_800_000_000, 0)}
	e.work = testenv.StartChain(t, workID, "")
	e.verif = testenv.StartChainConfig(t, devchain.Config{ChainID: 4200, MinTip: big.NewInt(3_000_000_000)})
	e.db = testenv.OpenStore(t)
	e.follow = archive.New(archive.Config{}, e.work.Client(), e.db)
	deployer := testenv.Sender(t, e.verif, 1)
	out, err := (&deploy.Deployer{Path: t.TempDir() + "/d.json", Role: "verification", Sender: deployer}).Ensure(ctx,
		deploy.VerificationContracts(workID, []common.Address{e.verif.Accounts()[2].Address}))
	if err != nil {
		t.Fatal(err)
	}
	e.reg = out[deploy.AnchorRegistryName]
	// The agent starts with a 1 wei tip, below the builder's 3 gwei.
	s, err := chain.NewSender(ctx, e.verif.Client(), e.verif.Accounts()[2].Key, chain.SenderConfig{InitialTip: big.NewInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewAgent(Config{ChainID: workID, Registry: e.reg, Interval: 8, Confirmations: 1, BumpAfter: time.Minute,
		Now: func() time.Time { return e.clock }, Logger: testenv.Logger(t)}, e.db, s)
	if err != nil {
		t.Fatal(err)
	}
	e.grow(10)
	e.steps(a, 3)
	cs := e.checkpoints()
	if len(cs) != 1 || cs[0].State != store.StateSent || len(cs[0].TxHashes) != 1 {
		t.Fatalf("with a 1 wei tip: %v, %d hashes; want one sent checkpoint, not included", spans(cs), len(cs[0].TxHashes))
	}
	e.clock = e.clock.Add(2 * time.Minute)
	e.stepUntil(a, states(store.StateSettled, [2]uint64{0, 7}))
	cs = e.checkpoints()
	if len(cs[0].TxHashes) < 2 || cs[0].IncludedTx != cs[0].TxHashes[len(cs[0].TxHashes)-1] {
		t.Fatalf("hashes %v, included %s; want the bumped replacement included", cs[0].TxHashes, cs[0].IncludedTx)
	}
	tx, _, err := e.verif.Client().TransactionByHash(ctx, cs[0].IncludedTx)
	if err != nil || tx.GasTipCap().Cmp(big.NewInt(3_000_000_000)) < 0 {
		t.Fatalf("included tip %v, %v; want ≥ the builder's 3 gwei", tx.GasTipCap(), err)
	}
	e.checkRegistry(s.From())
}
