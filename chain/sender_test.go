package chain_test

import (
	"context"
	"errors"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// TestConcurrentSends checks that one Sender used by many goroutines
// assigns every nonce exactly once and every transaction lands.
func TestConcurrentSends(t *testing.T) {
	ctx := testenv.Context(t, time.Minute)
	c := testenv.StartChain(t, 7100, "")
	s := testenv.Sender(t, c, 0)
	to := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				tx, err := s.Send(ctx, &to, nil, big.NewInt(1))
				if err != nil {
					errs <- err
					return
				}
				if _, err := s.Wait(ctx, tx.Hash()); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	bal, err := c.Client().BalanceAt(ctx, to, nil)
	if err != nil || bal.Int64() != workers*each {
		t.Fatalf("balance = %v, %v; want %d", bal, err, workers*each)
	}
	n, _ := c.Client().NonceAt(ctx, s.From(), nil)
	if n != workers*each {
		t.Fatalf("nonce = %d, want %d", n, workers*each)
	}
}

// TestNonceResync checks that a sender recovers when another process used
// its account in between.
func TestNonceResync(t *testing.T) {
	ctx := testenv.Context(t, time.Minute)
	c := testenv.StartChain(t, 7200, "")
	a, b := testenv.Sender(t, c, 1), testenv.Sender(t, c, 1)
	to := common.HexToAddress("0x00000000000000000000000000000000000000bb")
	for _, s := range []*chain.Sender{a, b} {
		tx, err := s.Send(ctx, &to, nil, big.NewInt(1))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Wait(ctx, tx.Hash()); err != nil {
			t.Fatal(err)
		}
	}
	// a's cached nonce is stale now: the first send fails, the next resyncs.
	if _, err := a.Send(ctx, &to, nil, big.NewInt(1)); err == nil {
		t.Fatal("send with a stale nonce succeeded")
	}
	tx, err := a.Send(ctx, &to, nil, big.NewInt(1))
	if err != nil {
		t.Fatalf("send after resync: %v", err)
	}
	if _, err := a.Wait(ctx, tx.Hash()); err != nil {
		t.Fatal(err)
	}
}

func TestRevertIsDecodedAndNothingSent(t *testing.T) {
	ctx := testenv.Context(t, time.Minute)
	c := testenv.StartChain(t, 7300, "")
	s := testenv.Sender(t, c, 0)
	id := bindings.NewIdentity()
	init := append(common.FromHex(bindings.IdentityMetaData.Bin), id.PackConstructor([]common.Address{s.From()}, [][32]byte{{1}})...)
	addr, _, err := s.Deploy(ctx, init)
	if err != nil {
		t.Fatal(err)
	}
	outsider := testenv.Sender(t, c, 3)
	_, err = outsider.Transact(ctx, addr, id.PackRegisterPractitioner(crypto.PubkeyToAddress(c.Accounts()[4].Key.PublicKey), [32]byte{2}))
	a := id.GetABI()
	var re *chain.RevertError
	if !errors.As(chain.DecodeRevert(err, &a), &re) || re.Name != "NotMemberAdmin" {
		t.Fatalf("got %v, want revert NotMemberAdmin", err)
	}
	if len(re.Args) != 1 || re.Args[0].(common.Address) != outsider.From() {
		t.Fatalf("revert args = %v, want the caller", re.Args)
	}
	if n, _ := c.Client().NonceAt(ctx, outsider.From(), nil); n != 0 {
		t.Fatalf("a reverting call was sent (nonce %d)", n)
	}
}

func TestFeeCap(t *testing.T) {
	ctx := testenv.Context(t, time.Minute)
	c := testenv.StartChain(t, 7400, "")
	s, err := chain.NewSender(context.Background(), c.Client(), c.Accounts()[0].Key, chain.SenderConfig{MaxFeePerGas: big.NewInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	to := common.Address{1}
	if _, err := s.Send(ctx, &to, nil, big.NewInt(1)); !errors.Is(err, chain.ErrFeeAboveCap) {
		t.Fatalf("got %v, want ErrFeeAboveCap", err)
	}
}
