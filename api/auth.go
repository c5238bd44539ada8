package api

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
)

// sessions implements login by signed challenge (EIP-4361 "Sign-In with
// Ethereum" message, signed with personal_sign / EIP-191) and bearer tokens.
type sessions struct {
	domain  string
	chainID uint64
	ttl     time.Duration

	mu         sync.Mutex
	challenges map[string]challenge // nonce => challenge
	tokens     map[string]session
}

type challenge struct {
	address common.Address
	message string
	expires time.Time
}

type session struct {
	address common.Address
	expires time.Time
}

func newSessions(domain string, chainID uint64, ttl time.Duration) *sessions {
	return &sessions{domain: domain, chainID: chainID, ttl: ttl, challenges: map[string]challenge{}, tokens: map[string]session{}}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// challenge returns a fresh EIP-4361 message for address to sign.
func (s *sessions) challenge(address common.Address, uri string) (string, string, time.Time) {
	nonce := randomHex(16)
	now := time.Now().UTC()
	exp := now.Add(5 * time.Minute)
	msg := fmt.Sprintf("%s wants you to sign in with your Ethereum account:\n%s\n\nSign in to the dualchain EMR node.\n\nURI: %s\nVersion: 1\nChain ID: %d\nNonce: %s\nIssued At: %s\nExpiration Time: %s",
		s.domain, address.Hex(), uri, s.chainID, nonce, now.Format(time.RFC3339), exp.Format(time.RFC3339))
	s.mu.Lock()
	defer s.mu.Unlock()
	for n, c := range s.challenges {
		if time.Now().After(c.expires) {
			delete(s.challenges, n)
		}
	}
	s.challenges[nonce] = challenge{address: address, message: msg, expires: exp}
	return msg, nonce, exp
}

var errBadLogin = errors.New("login failed")

// login checks a signed challenge and returns a bearer token. The challenge
// is consumed whether or not the signature is right.
func (s *sessions) login(message, signature string) (string, common.Address, time.Time, error) {
	nonce := field(message, "Nonce: ")
	s.mu.Lock()
	c, ok := s.challenges[nonce]
	delete(s.challenges, nonce)
	s.mu.Unlock()
	if !ok || c.message != message {
		return "", common.Address{}, time.Time{}, fmt.Errorf("%w: unknown or already used challenge; ask for a new one", errBadLogin)
	}
	if time.Now().After(c.expires) {
		return "", common.Address{}, time.Time{}, fmt.Errorf("%w: challenge expired", errBadLogin)
	}
	sig, err := hexutil.Decode(signature)
	if err != nil || len(sig) != 65 {
		return "", common.Address{}, time.Time{}, fmt.Errorf("%w: signature must be 65 bytes of hex", errBadLogin)
	}
	sig = append([]byte(nil), sig...)
	if sig[64] >= 27 {
		sig[64] -= 27
	}
	pub, err := crypto.SigToPub(accounts.TextHash([]byte(message)), sig)
	if err != nil || crypto.PubkeyToAddress(*pub) != c.address {
		return "", common.Address{}, time.Time{}, fmt.Errorf("%w: the signature is not %s's", errBadLogin, c.address)
	}
	token := randomHex(32)
	exp := time.Now().Add(s.ttl)
	s.mu.Lock()
	s.tokens[token] = session{address: c.address, expires: exp}
	s.mu.Unlock()
	return token, c.address, exp, nil
}

// SignChallenge signs a login challenge with key, as a wallet's personal_sign would.
func SignChallenge(message string, sign func(hash []byte) ([]byte, error)) (string, error) {
	sig, err := sign(accounts.TextHash([]byte(message)))
	if err != nil {
		return "", err
	}
	sig[64] += 27
	return hexutil.Encode(sig), nil
}

func field(message, prefix string) string {
	for _, l := range strings.Split(message, "\n") {
		if v, ok := strings.CutPrefix(l, prefix); ok {
			return v
		}
	}
	return ""
}

// who returns the authenticated account of r.
func (s *sessions) who(r *http.Request) (common.Address, bool) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return common.Address{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	se, ok := s.tokens[tok]
	if !ok || time.Now().After(se.expires) {
		delete(s.tokens, tok)
		return common.Address{}, false
	}
	return se.address, true
}
