package vault_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/ecies"

	"github.com/dualchain/dualchain/vault"
)

func recipient(t testing.TB) (*ecdsa.PrivateKey, vault.Recipient) {
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

func recipients(t testing.TB, n int) ([]*ecdsa.PrivateKey, []vault.Recipient) {
	t.Helper()
	privs, rs := make([]*ecdsa.PrivateKey, n), make([]vault.Recipient, n)
	for i := range n {
		privs[i], rs[i] = recipient(t)
	}
	return privs, rs
}

// Envelope layout (go-ethereum ECIES, secp256k1): R || IV || ciphertext || tag.
const (
	rLen   = 65
	ivLen  = 16
	tagLen = 32
	envLen = rLen + ivLen + vault.KeySize + tagLen
)

// sealGeth is Seal as it was before the envelopes of an object shared their
// ephemeral key: one ecies.Encrypt per recipient. It makes objects the way
// the nodes wrote them until then, and is the baseline of BenchmarkSeal3Geth.
func sealGeth(plaintext, context []byte, recipients []vault.Recipient) ([]byte, []byte, error) {
	key, err := vault.NewKey()
	if err != nil {
		return nil, nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, nil, err
	}
	h := struct {
		Alg       string           `json:"alg"`
		Nonce     []byte           `json:"nonce"`
		Envelopes []vault.Envelope `json:"envelopes"`
	}{Alg: "A256GCM+ECIES-secp256k1", Nonce: make([]byte, aead.NonceSize())}
	if _, err := rand.Read(h.Nonce); err != nil {
		return nil, nil, err
	}
	seen := map[common.Address]bool{}
	for _, r := range recipients {
		if seen[r.Address] {
			continue
		}
		seen[r.Address] = true
		if crypto.PubkeyToAddress(*r.Public) != r.Address {
			return nil, nil, errors.New("public key does not belong to the address")
		}
		ct, err := ecies.Encrypt(rand.Reader, ecies.ImportECDSAPublic(r.Public), key, nil, nil)
		if err != nil {
			return nil, nil, err
		}
		h.Envelopes = append(h.Envelopes, vault.Envelope{To: r.Address, Key: ct})
	}
	hj, err := json.Marshal(h)
	if err != nil {
		return nil, nil, err
	}
	out := append([]byte("DCV\x01"), binary.BigEndian.AppendUint32(nil, uint32(len(hj)))...)
	out = append(out, hj...)
	return aead.Seal(out, h.Nonce, plaintext, context), key, nil
}

func TestSealEnvelopes(t *testing.T) {
	privs, rs := recipients(t, 4)
	msg := bytes.Repeat([]byte(`{"resourceType":"Observation"}`), 30)
	ctx := []byte("patient 0x01 type 5")
	sealed, key, err := vault.Seal(msg, ctx, rs)
	if err != nil {
		t.Fatal(err)
	}
	s, err := vault.Parse(sealed)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Envelopes) != len(rs) {
		t.Fatalf("%d envelopes for %d recipients", len(s.Envelopes), len(rs))
	}
	R := s.Envelopes[0].Key[:rLen]
	if _, err := crypto.UnmarshalPubkey(R); err != nil || R[0] != 4 {
		t.Fatalf("R %x is not an uncompressed secp256k1 point: %v", R, err)
	}
	ivs := map[string]bool{}
	for i, e := range s.Envelopes {
		if e.To != rs[i].Address || len(e.Key) != envLen {
			t.Fatalf("envelope %d: to %s, %d bytes; want %s, %d", i, e.To, len(e.Key), rs[i].Address, envLen)
		}
		if !bytes.Equal(e.Key[:rLen], R) {
			t.Errorf("envelope %d has its own R: the object's envelopes must share one", i)
		}
		iv := string(e.Key[rLen : rLen+ivLen])
		if ivs[iv] {
			t.Errorf("envelope %d repeats an IV", i)
		}
		ivs[iv] = true

		if got, err := ecies.ImportECDSA(privs[i]).Decrypt(e.Key, nil, nil); err != nil || !bytes.Equal(got, key) {
			t.Errorf("envelope %d: geth ecies Decrypt = %x, %v; want the record key", i, got, err)
		}
		if got, err := vault.Unwrap(e, privs[i]); err != nil || !bytes.Equal(got, key) {
			t.Errorf("envelope %d: Unwrap = %x, %v; want the record key", i, got, err)
		}
		if pt, err := vault.Open(sealed, ctx, privs[i]); err != nil || !bytes.Equal(pt, msg) {
			t.Errorf("recipient %d: Open: %v", i, err)
		}
		other := privs[(i+1)%len(privs)]
		if _, err := vault.Unwrap(e, other); !errors.Is(err, vault.ErrDecrypt) {
			t.Errorf("envelope %d unwrapped with another recipient's key: %v", i, err)
		}
		if _, err := ecies.ImportECDSA(other).Decrypt(e.Key, nil, nil); err == nil {
			t.Errorf("envelope %d opened by geth with another recipient's key", i)
		}
	}

	// Each Seal, and each Wrap, draws its own ephemeral key.
	sealed2, key2, err := vault.Seal(msg, ctx, rs)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := vault.Parse(sealed2)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(s2.Envelopes[0].Key[:rLen], R) || bytes.Equal(key2, key) {
		t.Error("two Seal calls share an ephemeral key or a record key")
	}
	env, err := vault.Wrap(key, rs[0])
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(env.Key[:rLen], R) || len(env.Key) != envLen {
		t.Errorf("Wrap: envelope of %d bytes, R shared with Seal: %v", len(env.Key), bytes.Equal(env.Key[:rLen], R))
	}
	if got, err := ecies.ImportECDSA(privs[0]).Decrypt(env.Key, nil, nil); err != nil || !bytes.Equal(got, key) {
		t.Errorf("Wrap envelope: geth ecies Decrypt = %x, %v", got, err)
	}
}

// Objects and envelopes made with geth's ecies.Encrypt (all written before
// the shared ephemeral key) still open.
func TestGethEnvelopesOpen(t *testing.T) {
	privs, rs := recipients(t, 3)
	msg := []byte(`{"resourceType":"Observation","status":"final"}`)
	ctx := []byte("patient 0x01 type 5")
	sealed, key, err := sealGeth(msg, ctx, rs)
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range privs {
		if pt, err := vault.Open(sealed, ctx, k); err != nil || !bytes.Equal(pt, msg) {
			t.Fatalf("recipient %d: Open of a geth-ECIES object: %q, %v", i, pt, err)
		}
	}
	ct, err := ecies.Encrypt(rand.Reader, ecies.ImportECDSAPublic(rs[0].Public), key, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := vault.Unwrap(vault.Envelope{To: rs[0].Address, Key: ct}, privs[0]); err != nil || !bytes.Equal(got, key) {
		t.Fatalf("Unwrap of an ecies.Encrypt envelope: %x, %v", got, err)
	}
}

func TestUnwrapTampered(t *testing.T) {
	privs, rs := recipients(t, 2)
	sealed, _, err := vault.Seal([]byte("record"), nil, rs)
	if err != nil {
		t.Fatal(err)
	}
	s, err := vault.Parse(sealed)
	if err != nil {
		t.Fatal(err)
	}
	env := s.Envelopes[1]
	part := func(i int) string {
		switch {
		case i < rLen:
			return "R"
		case i < rLen+ivLen:
			return "IV"
		case i < rLen+ivLen+vault.KeySize:
			return "ciphertext"
		}
		return "tag"
	}
	for i := range env.Key {
		for _, flip := range []byte{0x01, 0x80} {
			bad := vault.Envelope{To: env.To, Key: bytes.Clone(env.Key)}
			bad.Key[i] ^= flip
			if _, err := vault.Unwrap(bad, privs[1]); !errors.Is(err, vault.ErrDecrypt) {
				t.Errorf("byte %d (%s) ^ %#x: Unwrap = %v, want ErrDecrypt", i, part(i), flip, err)
			}
		}
	}
	for _, n := range []int{0, 1, rLen, rLen + ivLen + tagLen - 1, len(env.Key) - 1} {
		if _, err := vault.Unwrap(vault.Envelope{To: env.To, Key: env.Key[:n]}, privs[1]); !errors.Is(err, vault.ErrDecrypt) {
			t.Errorf("envelope cut to %d bytes: Unwrap = %v, want ErrDecrypt", n, err)
		}
	}
}

func TestWrapRejects(t *testing.T) {
	_, r := recipient(t)
	_, other := recipient(t)
	key, err := vault.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	offCurve := &ecdsa.PublicKey{Curve: crypto.S256(), X: r.Public.X, Y: new(big.Int).Add(r.Public.Y, big.NewInt(1))}
	for name, rc := range map[string]vault.Recipient{
		"no public key":       {Address: r.Address},
		"no coordinates":      {Address: r.Address, Public: &ecdsa.PublicKey{Curve: crypto.S256()}},
		"another's key":       {Address: r.Address, Public: other.Public},
		"point off the curve": {Address: crypto.PubkeyToAddress(*offCurve), Public: offCurve},
	} {
		_, err := vault.Wrap(key, rc)
		t.Logf("%s: %v", name, err)
		if err == nil {
			t.Errorf("%s: Wrap succeeded", name)
		}
		if _, _, err := vault.Seal([]byte("x"), nil, []vault.Recipient{rc}); err == nil {
			t.Errorf("%s: Seal succeeded", name)
		}
	}
	if _, err := vault.Wrap(key[:16], r); err == nil {
		t.Error("Wrap of a 16-byte key succeeded")
	}
}

// BenchmarkSeal3 and BenchmarkSeal3Geth seal 1 KiB for 3 recipients, with the
// shared ephemeral key and with one ecies.Encrypt per recipient (the former
// Seal).
func BenchmarkSeal3(b *testing.B) {
	benchSeal3(b, func(msg []byte, rs []vault.Recipient) error {
		_, _, err := vault.Seal(msg, []byte("context"), rs)
		return err
	})
}

func BenchmarkSeal3Geth(b *testing.B) {
	benchSeal3(b, func(msg []byte, rs []vault.Recipient) error {
		_, _, err := sealGeth(msg, []byte("context"), rs)
		return err
	})
}

func benchSeal3(b *testing.B, seal func([]byte, []vault.Recipient) error) {
	_, rs := recipients(b, 3)
	msg := bytes.Repeat([]byte("x"), 1024)
	for b.Loop() {
		if err := seal(msg, rs); err != nil {
			b.Fatal(err)
		}
	}
}
