package vault

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/uuid"

	"github.com/dualchain/dualchain/internal/atomicfile"
)

// ErrNoKey means the keyring holds no key for the account.
var ErrNoKey = errors.New("vault: account not managed by this node")

// Scrypt cost of keystore files. Standard is geth's default (about a second and
// 256 MiB per unlock); Light is geth's light setting, which a node with
// thousands of custodial patient accounts needs to start in reasonable time.
var (
	Standard = ScryptParams{N: keystore.StandardScryptN, P: keystore.StandardScryptP}
	Light    = ScryptParams{N: keystore.LightScryptN, P: keystore.LightScryptP}
)

// ScryptParams are the scrypt cost parameters of new keystore files.
type ScryptParams struct{ N, P int }

// Keyring holds the node-managed identities: go-ethereum keystore (v3, scrypt)
// files in one directory, all encrypted with the node's passphrase. Keys are
// decrypted on first use and kept in memory.
type Keyring struct {
	dir        string
	passphrase string
	scrypt     ScryptParams

	mu    sync.Mutex
	cache map[common.Address]*ecdsa.PrivateKey
}

// OpenKeyring opens (creating if needed) the keystore directory dir.
func OpenKeyring(dir, passphrase string, params ScryptParams) (*Keyring, error) {
	if passphrase == "" {
		return nil, errors.New("vault: empty keystore passphrase")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("vault: keystore dir: %w", err)
	}
	return &Keyring{dir: dir, passphrase: passphrase, scrypt: params, cache: map[common.Address]*ecdsa.PrivateKey{}}, nil
}

func (k *Keyring) path(a common.Address) string {
	return filepath.Join(k.dir, strings.ToLower(a.Hex()[2:])+".json")
}

// Create makes a new identity and stores its keystore file.
func (k *Keyring) Create() (*ecdsa.PrivateKey, error) {
	priv, err := crypto.GenerateKey()
	if err != nil {
		return nil, fmt.Errorf("vault: generate key: %w", err)
	}
	return priv, k.Import(priv)
}

// Import stores priv in the keyring (a no-op if it is already there).
func (k *Keyring) Import(priv *ecdsa.PrivateKey) error {
	addr := crypto.PubkeyToAddress(priv.PublicKey)
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, err := os.Stat(k.path(addr)); err == nil {
		k.cache[addr] = priv
		return nil
	}
	js, err := keystore.EncryptKey(&keystore.Key{Id: uuid.New(), Address: addr, PrivateKey: priv}, k.passphrase, k.scrypt.N, k.scrypt.P)
	if err != nil {
		return fmt.Errorf("vault: encrypt key: %w", err)
	}
	if err := atomicfile.Write(k.path(addr), js); err != nil {
		return fmt.Errorf("vault: write keystore file: %w", err)
	}
	k.cache[addr] = priv
	return nil
}

// Has reports whether the keyring manages addr.
func (k *Keyring) Has(addr common.Address) bool {
	k.mu.Lock()
	_, ok := k.cache[addr]
	k.mu.Unlock()
	if ok {
		return true
	}
	_, err := os.Stat(k.path(addr))
	return err == nil
}

// Key returns addr's private key, decrypting its keystore file on first use.
func (k *Keyring) Key(addr common.Address) (*ecdsa.PrivateKey, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if priv, ok := k.cache[addr]; ok {
		return priv, nil
	}
	js, err := os.ReadFile(k.path(addr))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNoKey, addr)
	}
	if err != nil {
		return nil, fmt.Errorf("vault: read keystore file: %w", err)
	}
	key, err := keystore.DecryptKey(js, k.passphrase)
	if err != nil {
		return nil, fmt.Errorf("vault: unlock %s (wrong keystore passphrase?): %w", addr, err)
	}
	k.cache[addr] = key.PrivateKey
	return key.PrivateKey, nil
}

// Export returns addr's key as a keystore file encrypted with passphrase, for
// the identity's owner to keep (and to log in with from the CLI).
func (k *Keyring) Export(addr common.Address, passphrase string) ([]byte, error) {
	priv, err := k.Key(addr)
	if err != nil {
		return nil, err
	}
	if passphrase == "" {
		return nil, errors.New("vault: export needs a passphrase")
	}
	return keystore.EncryptKey(&keystore.Key{Id: uuid.New(), Address: addr, PrivateKey: priv}, passphrase, k.scrypt.N, k.scrypt.P)
}

// Addresses lists the managed accounts.
func (k *Keyring) Addresses() ([]common.Address, error) {
	ents, err := os.ReadDir(k.dir)
	if err != nil {
		return nil, fmt.Errorf("vault: list keystore: %w", err)
	}
	var out []common.Address
	for _, e := range ents {
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if ok && common.IsHexAddress(name) {
			out = append(out, common.HexToAddress(name))
		}
	}
	return out, nil
}
