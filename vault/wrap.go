package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/crypto"
)

// Envelopes are written in go-ethereum's ECIES format (crypto/ecies with the
// default secp256k1 parameters ECIES_AES128_SHA256 and no shared information,
// s1 = s2 = nil), so that Unwrap, which decrypts with that package, opens both
// these envelopes and those made by ecies.Encrypt:
//
//	R || IV || AES-128-CTR(Ke, IV, key) || HMAC-SHA-256(Km, IV || ciphertext)
//
// R = r·G is the ephemeral public key, uncompressed (65 bytes); IV is 16 random
// bytes; z is the x-coordinate of r·P (P the recipient's public key), 32 bytes
// big-endian; K = SHA-256(00000001 || z) is the NIST SP 800-56 concatenation
// KDF for 32 bytes (one block); Ke = K[:16] and Km = SHA-256(K[16:]).
const (
	pointLen    = 65 // uncompressed secp256k1 point
	ivLen       = aes.BlockSize
	eciesKeyLen = 16 // AES-128
)

// ephemeral is the ephemeral key pair (r, R = r·G) of one wrapping operation.
//
// Seal wraps the record key for all its recipients under one ephemeral key:
// every envelope of a sealed object carries the same R, each with its own
// random IV, and every Seal call draws a new r. That saves one scalar
// multiplication per recipient but the first.
//
// Re-using the ephemeral randomness across distinct recipients is secure: M.
// Bellare, A. Boldyreva and J. Staddon, "Randomness Re-use in Multi-recipient
// Encryption Schemes", PKC 2003, LNCS 2567, pp. 85–99 (full version
// "Multi-Recipient Encryption Schemes: Security Notions and Randomness
// Re-Use"; extended with K. Kurosawa in IEEE Trans. Inf. Theory 53(11), 2007)
// prove that re-use is secure, in a model where the adversary may corrupt some
// of the recipients, for every scheme that is "reproducible", and show that
// DHIES is. Reproducible means that the envelope for one recipient plus the
// secret key d' of another give the envelope the same randomness yields for
// the other; here r·P' = d'·R, so it holds for this ECIES as for DHIES. A
// recipient learns its own shared secret x(r·P), from which another's x(r·P')
// does not follow. Recipients are distinct: Seal drops duplicate addresses, and
// an address is the hash of its public key.
type ephemeral struct {
	r []byte // secret scalar in [1, n-1], 32 bytes big-endian
	R []byte // r·G, uncompressed
}

// newEphemeral draws a fresh ephemeral key.
//
// Curve arithmetic goes through crypto.S256(): with cgo that is
// libsecp256k1's constant-time multiplication, which measured at least as
// fast here as decred's pure-Go code (r·G 27 µs vs 29 µs with its
// precomputed tables; r·P 28 µs vs 106 µs), which is also not constant
// time; without cgo crypto.S256() is decred's implementation.
func newEphemeral() (*ephemeral, error) {
	curve := crypto.S256()
	r := make([]byte, 32)
	for {
		if _, err := rand.Read(r); err != nil {
			return nil, fmt.Errorf("vault: random ephemeral key: %w", err)
		}
		if k := new(big.Int).SetBytes(r); k.Sign() > 0 && k.Cmp(curve.Params().N) < 0 {
			break
		}
	}
	x, y := curve.ScalarBaseMult(r)
	if x == nil {
		return nil, fmt.Errorf("vault: ephemeral key: scalar multiplication failed")
	}
	return &ephemeral{r: r, R: curve.Marshal(x, y)}, nil
}

// forget clears the secret scalar.
func (e *ephemeral) forget() { clear(e.r) }

// wrap encrypts key for r under the ephemeral key.
func (e *ephemeral) wrap(key []byte, r Recipient) (Envelope, error) {
	if len(key) != KeySize {
		return Envelope{}, fmt.Errorf("vault: key of %d bytes, want %d", len(key), KeySize)
	}
	if r.Public == nil || r.Public.X == nil || r.Public.Y == nil {
		return Envelope{}, fmt.Errorf("vault: no public key for %s", r.Address)
	}
	if crypto.PubkeyToAddress(*r.Public) != r.Address {
		return Envelope{}, fmt.Errorf("vault: public key does not belong to %s", r.Address)
	}
	curve := crypto.S256()
	if !curve.IsOnCurve(r.Public.X, r.Public.Y) {
		return Envelope{}, fmt.Errorf("vault: wrap key for %s: public key not on secp256k1", r.Address)
	}
	x, _ := curve.ScalarMult(r.Public.X, r.Public.Y, e.r)
	if x == nil {
		return Envelope{}, fmt.Errorf("vault: wrap key for %s: scalar multiplication failed", r.Address)
	}
	var kdfIn [4 + 32]byte // counter 1 || z
	kdfIn[3] = 1
	x.FillBytes(kdfIn[4:])
	k := sha256.Sum256(kdfIn[:])
	km := sha256.Sum256(k[eciesKeyLen:])
	block, err := aes.NewCipher(k[:eciesKeyLen])
	clear(kdfIn[:])
	clear(k[:])
	if err != nil {
		return Envelope{}, fmt.Errorf("vault: %w", err)
	}

	out := make([]byte, pointLen+ivLen+len(key), pointLen+ivLen+len(key)+sha256.Size)
	copy(out, e.R)
	iv := out[pointLen : pointLen+ivLen]
	if _, err := rand.Read(iv); err != nil {
		return Envelope{}, fmt.Errorf("vault: random IV: %w", err)
	}
	cipher.NewCTR(block, iv).XORKeyStream(out[pointLen+ivLen:], key)
	mac := hmac.New(sha256.New, km[:])
	mac.Write(out[pointLen:])
	return Envelope{To: r.Address, Key: mac.Sum(out)}, nil
}
