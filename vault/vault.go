// Package vault encrypts records for the people allowed to read them.
//
// Every record version gets its own random AES-256-GCM key. The key is wrapped
// with ECIES (secp256k1, the curve of the identities' Ethereum accounts, in
// go-ethereum's format) for each reader the writer knows of: the patient, the
// author, their hospitals and every current grantee. Only the sealed object —
// envelopes plus ciphertext — leaves the node; a reader needs one private key
// that opens one envelope.
//
// Revocation is forward-only: a revoked grantee gets no envelope in versions
// written afterwards, but keys (and plaintext) it already obtained cannot be
// taken back. That is a property of any encryption scheme, not of this one.
package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/ecies"
)

// KeySize is the length of a record key (AES-256).
const KeySize = 32

// magic starts every sealed object, with the format version in its last byte.
var magic = []byte("DCV\x01")

var (
	// ErrNoEnvelope means the sealed object holds no key for the given account.
	ErrNoEnvelope = errors.New("vault: no key envelope for this account")
	// ErrMalformed means the bytes are not a sealed object of a known version.
	ErrMalformed = errors.New("vault: malformed sealed object")
	// ErrDecrypt means authentication failed: wrong key, wrong context or altered bytes.
	ErrDecrypt = errors.New("vault: decryption failed (wrong key or altered content)")
)

// Envelope is a record key wrapped for one account.
type Envelope struct {
	To  common.Address `json:"to"`
	Key []byte         `json:"key"` // ECIES ciphertext of the record key
}

// header is the JSON part of a sealed object.
type header struct {
	Alg       string     `json:"alg"`
	Nonce     []byte     `json:"nonce"`
	Envelopes []Envelope `json:"envelopes"`
}

// Sealed is a parsed sealed object.
type Sealed struct {
	Nonce      []byte
	Envelopes  []Envelope
	Ciphertext []byte
}

// Recipient is an account a key is wrapped for.
type Recipient struct {
	Address common.Address
	Public  *ecdsa.PublicKey
}

// NewKey returns a fresh random record key.
func NewKey() ([]byte, error) {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("vault: random key: %w", err)
	}
	return k, nil
}

// Seal encrypts plaintext under a fresh key bound to context (authenticated, not
// encrypted: e.g. the patient and resource type, so that a sealed object cannot
// be passed off as another patient's) and wraps the key for every recipient.
// It returns the sealed bytes and the key, which callers keep to share later.
// The envelopes share one ephemeral ECIES key, each with its own IV (see
// ephemeral for why that is safe); every Seal call draws a new one.
func Seal(plaintext, context []byte, recipients []Recipient) ([]byte, []byte, error) {
	if len(recipients) == 0 {
		return nil, nil, errors.New("vault: seal: no recipients")
	}
	key, err := NewKey()
	if err != nil {
		return nil, nil, err
	}
	aead, err := newAEAD(key)
	if err != nil {
		return nil, nil, err
	}
	h := header{Alg: "A256GCM+ECIES-secp256k1", Nonce: make([]byte, aead.NonceSize())}
	if _, err := rand.Read(h.Nonce); err != nil {
		return nil, nil, fmt.Errorf("vault: random nonce: %w", err)
	}
	eph, err := newEphemeral() // one for all envelopes: see ephemeral
	if err != nil {
		return nil, nil, err
	}
	defer eph.forget()
	seen := map[common.Address]bool{}
	for _, r := range recipients {
		if seen[r.Address] {
			continue
		}
		seen[r.Address] = true
		env, err := eph.wrap(key, r)
		if err != nil {
			return nil, nil, err
		}
		h.Envelopes = append(h.Envelopes, env)
	}
	hj, err := json.Marshal(h)
	if err != nil {
		return nil, nil, fmt.Errorf("vault: encode header: %w", err)
	}
	out := make([]byte, 0, len(magic)+4+len(hj)+len(plaintext)+aead.Overhead())
	out = append(out, magic...)
	out = binary.BigEndian.AppendUint32(out, uint32(len(hj)))
	out = append(out, hj...)
	out = aead.Seal(out, h.Nonce, plaintext, context)
	return out, key, nil
}

// Parse splits a sealed object into its parts without decrypting.
func Parse(sealed []byte) (*Sealed, error) {
	if len(sealed) < len(magic)+4 || string(sealed[:len(magic)]) != string(magic) {
		return nil, ErrMalformed
	}
	n := binary.BigEndian.Uint32(sealed[len(magic):])
	rest := sealed[len(magic)+4:]
	if uint64(n) > uint64(len(rest)) {
		return nil, ErrMalformed
	}
	var h header
	if err := json.Unmarshal(rest[:n], &h); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrMalformed, err)
	}
	if len(h.Nonce) != 12 {
		return nil, fmt.Errorf("%w: nonce of %d bytes", ErrMalformed, len(h.Nonce))
	}
	return &Sealed{Nonce: h.Nonce, Envelopes: h.Envelopes, Ciphertext: rest[n:]}, nil
}

// Recipients lists the accounts the object's key is wrapped for.
func (s *Sealed) Recipients() []common.Address {
	out := make([]common.Address, len(s.Envelopes))
	for i, e := range s.Envelopes {
		out[i] = e.To
	}
	return out
}

// Key unwraps the record key with priv, if an envelope is addressed to it.
func (s *Sealed) Key(priv *ecdsa.PrivateKey) ([]byte, error) {
	addr := crypto.PubkeyToAddress(priv.PublicKey)
	i := slices.IndexFunc(s.Envelopes, func(e Envelope) bool { return e.To == addr })
	if i < 0 {
		return nil, fmt.Errorf("%w %s", ErrNoEnvelope, addr)
	}
	return Unwrap(s.Envelopes[i], priv)
}

// Decrypt decrypts the ciphertext with an already unwrapped key.
func (s *Sealed) Decrypt(key, context []byte) ([]byte, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	pt, err := aead.Open(nil, s.Nonce, s.Ciphertext, context)
	if err != nil {
		return nil, ErrDecrypt
	}
	return pt, nil
}

// Open parses sealed and decrypts it with priv's envelope.
func Open(sealed, context []byte, priv *ecdsa.PrivateKey) ([]byte, error) {
	s, err := Parse(sealed)
	if err != nil {
		return nil, err
	}
	key, err := s.Key(priv)
	if err != nil {
		return nil, err
	}
	return s.Decrypt(key, context)
}

// Wrap encrypts a record key for one recipient, under its own ephemeral key.
func Wrap(key []byte, r Recipient) (Envelope, error) {
	eph, err := newEphemeral()
	if err != nil {
		return Envelope{}, err
	}
	defer eph.forget()
	return eph.wrap(key, r)
}

// Unwrap decrypts an envelope with priv.
func Unwrap(e Envelope, priv *ecdsa.PrivateKey) ([]byte, error) {
	key, err := ecies.ImportECDSA(priv).Decrypt(e.Key, nil, nil)
	if err != nil || len(key) != KeySize {
		return nil, fmt.Errorf("%w: envelope for %s", ErrDecrypt, e.To)
	}
	return key, nil
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("vault: key of %d bytes, want %d", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	return cipher.NewGCM(block)
}
