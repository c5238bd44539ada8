package vault_test

import (
	"bytes"
	"crypto/ecdsa"
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/dualchain/dualchain/vault"
)

func recipient(t *testing.T) (*ecdsa.PrivateKey, vault.Recipient) {
	t.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k, vault.Recipient{Address: crypto.PubkeyToAddress(k.PublicKey), Public: &k.PublicKey}
}

func TestSealOpen(t *testing.T) {
	patient, rp := recipient(t)
	author, ra := recipient(t)
	outsider, _ := recipient(t)
	msg := []byte(`{"resourceType":"Observation","status":"final"}`)
	ctx := []byte("patient 0x01 type 5")

	sealed, key, err := vault.Seal(msg, ctx, []vault.Recipient{rp, ra, rp})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, msg[:20]) {
		t.Fatal("plaintext visible in the sealed object")
	}
	s, err := vault.Parse(sealed)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Recipients(); len(got) != 2 || got[0] != rp.Address || got[1] != ra.Address {
		t.Fatalf("recipients %v (duplicates must be dropped)", got)
	}
	for _, k := range []*ecdsa.PrivateKey{patient, author} {
		pt, err := vault.Open(sealed, ctx, k)
		if err != nil || !bytes.Equal(pt, msg) {
			t.Fatalf("open: %q, %v", pt, err)
		}
	}
	if _, err := vault.Open(sealed, ctx, outsider); !errors.Is(err, vault.ErrNoEnvelope) {
		t.Fatalf("outsider open: %v, want ErrNoEnvelope", err)
	}
	if _, err := vault.Open(sealed, []byte("patient 0x02 type 5"), patient); !errors.Is(err, vault.ErrDecrypt) {
		t.Fatalf("wrong context: %v, want ErrDecrypt", err)
	}
	tampered := bytes.Clone(sealed)
	tampered[len(tampered)-1] ^= 1
	if _, err := vault.Open(tampered, ctx, patient); !errors.Is(err, vault.ErrDecrypt) {
		t.Fatalf("tampered ciphertext: %v, want ErrDecrypt", err)
	}
	for _, bad := range [][]byte{nil, []byte("DCV\x01"), []byte("XXXX\x00\x00\x00\x02{}"), append([]byte("DCV\x01\x00\x00\xff\xff"), '{')} {
		if _, err := vault.Parse(bad); !errors.Is(err, vault.ErrMalformed) {
			t.Fatalf("Parse(%q) = %v, want ErrMalformed", bad, err)
		}
	}

	// Sharing the key later: a grantee opens with an envelope made from the kept key.
	grantee, rg := recipient(t)
	env, err := vault.Wrap(key, rg)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := vault.Unwrap(env, grantee)
	if err != nil {
		t.Fatal(err)
	}
	if pt, err := s.Decrypt(k2, ctx); err != nil || !bytes.Equal(pt, msg) {
		t.Fatalf("grantee decrypt: %q, %v", pt, err)
	}
	if _, err := vault.Unwrap(env, outsider); !errors.Is(err, vault.ErrDecrypt) {
		t.Fatalf("unwrap with another key: %v", err)
	}
	if _, err := vault.Wrap(key, vault.Recipient{Address: rp.Address, Public: rg.Public}); err == nil {
		t.Fatal("wrapping for a mismatched address/public key succeeded")
	}
	if _, _, err := vault.Seal(msg, ctx, nil); err == nil {
		t.Fatal("sealing for nobody succeeded")
	}
}

func TestKeyring(t *testing.T) {
	dir := t.TempDir()
	kr, err := vault.OpenKeyring(dir, "node secret", vault.Light)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := kr.Create()
	if err != nil {
		t.Fatal(err)
	}
	addr := crypto.PubkeyToAddress(priv.PublicKey)

	again, err := vault.OpenKeyring(dir, "node secret", vault.Light)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Has(addr) {
		t.Fatal("created key not found after reopening")
	}
	got, err := again.Key(addr)
	if err != nil || !got.Equal(priv) {
		t.Fatalf("Key after reopen: %v", err)
	}
	addrs, _ := again.Addresses()
	if len(addrs) != 1 || addrs[0] != addr {
		t.Fatalf("Addresses = %v", addrs)
	}
	wrong, _ := vault.OpenKeyring(dir, "not the secret", vault.Light)
	if _, err := wrong.Key(addr); err == nil {
		t.Fatal("unlocked with the wrong passphrase")
	}
	if _, err := again.Key(crypto.PubkeyToAddress(mustKey(t).PublicKey)); !errors.Is(err, vault.ErrNoKey) {
		t.Fatalf("unknown account: %v", err)
	}
	js, err := again.Export(addr, "owner passphrase")
	if err != nil {
		t.Fatal(err)
	}
	k, err := keystore.DecryptKey(js, "owner passphrase")
	if err != nil || !k.PrivateKey.Equal(priv) {
		t.Fatalf("exported key file does not decrypt to the key: %v", err)
	}
	if _, err := vault.OpenKeyring(dir, "", vault.Light); err == nil {
		t.Fatal("empty passphrase accepted")
	}
}

func mustKey(t *testing.T) *ecdsa.PrivateKey {
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func BenchmarkSealOpen(b *testing.B) {
	k, r := func() (*ecdsa.PrivateKey, vault.Recipient) {
		k, _ := crypto.GenerateKey()
		return k, vault.Recipient{Address: crypto.PubkeyToAddress(k.PublicKey), Public: &k.PublicKey}
	}()
	msg := bytes.Repeat([]byte("x"), 2048)
	for b.Loop() {
		s, _, err := vault.Seal(msg, nil, []vault.Recipient{r, r})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := vault.Open(s, nil, k); err != nil {
			b.Fatal(err)
		}
	}
}
