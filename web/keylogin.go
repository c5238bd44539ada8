package web

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/dualchain/dualchain/api"
)

// keyLoginRequest is the body of POST /ui/login/key: a keystore v3 file
// (as registration hands it out, or as `dualchain up --demo-data` writes
// it) with its passphrase, or a 0x-hex private key (the public dev keys).
type keyLoginRequest struct {
	Keystore   json.RawMessage `json:"keystore"`
	Passphrase string          `json:"passphrase"`
	PrivateKey string          `json:"privateKey"`
}

// keyLogin signs in with a key file: it decrypts the key in memory, asks
// the API for a challenge, signs it as a wallet's personal_sign would, and
// returns what POST /api/v1/auth/login returns. The key is never stored or
// logged; it is dropped when the request ends.
func (h *Handler) keyLogin(w http.ResponseWriter, r *http.Request) {
	var req keyLoginRequest
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<16))
	if err == nil {
		err = json.Unmarshal(raw, &req)
	}
	if err != nil {
		problem(w, http.StatusBadRequest, "body must be JSON {\"keystore\": <key file>, \"passphrase\": …} or {\"privateKey\": \"0x…\"} of at most 64 KiB")
		return
	}
	select {
	case h.unlock <- struct{}{}:
		defer func() { <-h.unlock }()
	case <-r.Context().Done():
		return
	}
	key, err := req.key()
	if err != nil {
		problem(w, http.StatusBadRequest, err.Error())
		return
	}
	addr := crypto.PubkeyToAddress(key.PublicKey)
	var ch struct {
		Message string `json:"message"`
	}
	if st, body := h.call(r, http.MethodGet, "/api/v1/auth/challenge?address="+url.QueryEscape(addr.Hex()), nil); st != http.StatusOK || json.Unmarshal(body, &ch) != nil {
		relay(w, st, body)
		return
	}
	sig, err := api.SignChallenge(ch.Message, func(hash []byte) ([]byte, error) { return crypto.Sign(hash, key) })
	if err != nil {
		problem(w, http.StatusInternalServerError, "signing the challenge failed")
		return
	}
	login, _ := json.Marshal(map[string]string{"message": ch.Message, "signature": sig})
	st, body := h.call(r, http.MethodPost, "/api/v1/auth/login", login)
	if st == http.StatusOK {
		h.log.Info("key-file login", "address", addr)
	}
	relay(w, st, body)
}

// key decrypts the request's key.
func (req *keyLoginRequest) key() (*ecdsa.PrivateKey, error) {
	ks := bytes.TrimSpace(req.Keystore)
	if len(ks) > 0 && !bytes.Equal(ks, []byte("null")) {
		if ks[0] == '"' { // a key file pasted as a JSON string
			var s string
			if err := json.Unmarshal(ks, &s); err != nil {
				return nil, fmt.Errorf("keystore: %v", err)
			}
			ks = []byte(strings.TrimSpace(s))
		}
		if len(ks) == 0 || ks[0] != '{' {
			return nil, errors.New("the key file is not a keystore (JSON); for a raw key use privateKey")
		}
		if err := checkKDF(ks); err != nil {
			return nil, err
		}
		k, err := keystore.DecryptKey(ks, req.Passphrase)
		if err != nil {
			if req.Passphrase == "" {
				return nil, errors.New("this key file is encrypted: give its passphrase")
			}
			return nil, fmt.Errorf("cannot decrypt the key file (%v): check the passphrase", err)
		}
		return k.PrivateKey, nil
	}
	hexKey := strings.TrimPrefix(strings.TrimSpace(req.PrivateKey), "0x")
	if hexKey == "" {
		return nil, errors.New("give a key file with its passphrase, or a 0x-hex private key")
	}
	k, err := crypto.HexToECDSA(hexKey)
	if err != nil {
		return nil, errors.New("the private key must be 64 hex digits (with or without 0x)")
	}
	return k, nil
}

// Key derivation limits: a keystore names its own KDF cost, so an uploaded
// file could ask the node for terabytes of scrypt memory. geth's standard
// scrypt (N=2^18, r=8, p=1: 256 MiB) and light (N=2^12, r=8, p=6) both fit.
const (
	maxScryptMemory = 1 << 21 // N·r
	maxScryptWork   = 1 << 22 // N·r·p
	maxPBKDF2Rounds = 1 << 20
)

// checkKDF refuses a keystore whose key derivation would cost more than a
// standard geth keystore, before anything is derived.
func checkKDF(ks []byte) error {
	var f struct {
		Crypto struct {
			KDF    string         `json:"kdf"`
			Params map[string]any `json:"kdfparams"`
		} `json:"crypto"` // also matches v1's "Crypto"
	}
	if err := json.Unmarshal(ks, &f); err != nil {
		return fmt.Errorf("the key file is not a keystore: %v", err)
	}
	num := func(k string) float64 {
		v, _ := f.Crypto.Params[k].(float64)
		return v
	}
	switch f.Crypto.KDF {
	case "scrypt":
		n, r, par := num("n"), num("r"), num("p")
		if n < 2 || r < 1 || par < 1 || n*r > maxScryptMemory || n*r*par > maxScryptWork {
			return fmt.Errorf("the key file's scrypt parameters (n=%g, r=%g, p=%g) are outside what this node derives (at most geth's standard cost)", n, r, par)
		}
	case "pbkdf2":
		if c := num("c"); c < 1 || c > maxPBKDF2Rounds {
			return fmt.Errorf("the key file's pbkdf2 rounds (%g) are outside what this node derives (1 to %d)", c, maxPBKDF2Rounds)
		}
	default:
		return fmt.Errorf("the key file uses key derivation %q; this node reads scrypt and pbkdf2 keystores", f.Crypto.KDF)
	}
	return nil
}

// call sends one request to the API in process and returns its answer.
func (h *Handler) call(r *http.Request, method, target string, body []byte) (int, []byte) {
	req, err := http.NewRequestWithContext(r.Context(), method, target, bytes.NewReader(body))
	if err != nil {
		return http.StatusInternalServerError, nil
	}
	req.Host = r.Host
	req.Header.Set("Content-Type", "application/json")
	if a := r.Header.Get("Authorization"); a != "" {
		req.Header.Set("Authorization", a)
	}
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	h.cfg.API.ServeHTTP(rec, req)
	return rec.status, rec.body.Bytes()
}

// recorder is the http.ResponseWriter of an in-process API call.
type recorder struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.body.Write(b)
}
func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
}

// relay passes an API answer on (problem details on failure).
func relay(w http.ResponseWriter, status int, body []byte) {
	ct := "application/json"
	if status >= 400 {
		ct = "application/problem+json"
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(status)
	w.Write(body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// problem writes RFC 9457 problem details, like the API.
func problem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"type": "about:blank", "title": http.StatusText(status), "status": status, "detail": detail})
}
