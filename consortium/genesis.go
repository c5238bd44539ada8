package consortium

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/p2p/enode"
	libp2pcrypto "github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/dualchain/dualchain/devchain"
)

// Spec describes a consortium to create. Everything Init writes is a pure
// function of the Spec, so two machines given the same Spec write the same
// consortium (keys included). That is what a local devnet and the tests
// want; a real deployment must use a secret Seed.
type Spec struct {
	// Hospitals is the number of members, one validator each (1..32).
	Hospitals int
	// ChainID is the working chain's EVM chain id.
	ChainID uint64
	// Seed derives the validator, peer and dev-account keys.
	Seed string
	// Accounts is the number of prefunded dev accounts (at least Hospitals:
	// hospital i uses dev account i).
	Accounts int
	// GasLimit is the execution block gas limit; default 60M.
	GasLimit uint64
	// Host is where every node listens; default 127.0.0.1.
	Host string
	// BasePort: hospital i uses ports BasePort+10*i+0..4 (geth HTTP, geth
	// WS, geth devp2p, CometBFT p2p, CometBFT RPC, IPFS libp2p).
	BasePort int
	// BlockTime is CometBFT's timeout_commit: the pause after a block is
	// committed before the next height starts. Execution timestamps are
	// whole seconds and strictly increasing, so it is at least 1 s.
	BlockTime time.Duration
	// GenesisTime is the CometBFT genesis time; default 2026-01-01 UTC
	// (fixed, so the consortium is reproducible).
	GenesisTime time.Time
}

func (s *Spec) setDefaults() {
	if s.Seed == "" {
		s.Seed = devchain.DefaultSeed
	}
	if s.Accounts == 0 {
		s.Accounts = max(10, s.Hospitals)
	}
	if s.GasLimit == 0 {
		s.GasLimit = 60_000_000
	}
	if s.Host == "" {
		s.Host = "127.0.0.1"
	}
	if s.BasePort == 0 {
		s.BasePort = 26600
	}
	if s.BlockTime == 0 {
		s.BlockTime = time.Second
	}
	if s.GenesisTime.IsZero() {
		s.GenesisTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
}

func (s *Spec) validate() error {
	switch {
	case s.Hospitals < 1 || s.Hospitals > 32:
		return fmt.Errorf("hospitals %d: want 1..32", s.Hospitals)
	case s.ChainID == 0:
		return errors.New("chain id must not be 0")
	case s.Accounts < s.Hospitals:
		return fmt.Errorf("%d dev accounts for %d hospitals: each hospital needs one", s.Accounts, s.Hospitals)
	case s.BlockTime < time.Second:
		return fmt.Errorf("block time %v: execution timestamps are whole seconds, use at least 1s", s.BlockTime)
	case s.BasePort < 1024 || s.BasePort+10*s.Hospitals > 65535:
		return fmt.Errorf("base port %d leaves no room for %d hospitals", s.BasePort, s.Hospitals)
	}
	return nil
}

// NodeConfig is everything one hospital's validator needs to run; Init
// writes one per hospital as node.json in the hospital's directory.
type NodeConfig struct {
	Index     int    `json:"index"`
	Name      string `json:"name"`
	ChainID   uint64 `json:"chainId"`
	CometID   string `json:"cometChainId"`
	Seed      string `json:"seed"`
	Accounts  int    `json:"accounts"`
	GasLimit  uint64 `json:"gasLimit"`
	Host      string `json:"host"`
	BlockTime string `json:"blockTime"`
	// Account is the hospital's EVM account (dev account Index): its node
	// sends from it and it receives the fees of the blocks it proposes.
	Account common.Address `json:"account"`
	// Members are all hospitals' accounts, in index order: the founders of
	// the EMR contracts and the registry's members for this working chain.
	Members []common.Address `json:"members"`
	// IPFS is this hospital's IPFS node address (libp2p, with its peer
	// ID); IPFSPeers are the other hospitals'. Init writes the peer key
	// into DataDir/ipfs so that the address is known before the first start.
	IPFS      string   `json:"ipfs"`
	IPFSPeers []string `json:"ipfsPeers"`
	// Validator is the CometBFT validator address.
	Validator string `json:"validator"`
	Ports     Ports  `json:"ports"`
	// Enode and CometPeer are how the others reach this node.
	Enode     string `json:"enode"`
	CometPeer string `json:"cometPeer"`
	// Peers are the other hospitals' Enode and CometPeer strings.
	EnodePeers []string `json:"enodePeers"`
	CometPeers []string `json:"cometPeers"`
	// Home is the directory holding geth/, cometbft/, the keys and data/
	// (the hospital's node database, IPFS and deployments); relative paths
	// are relative to the node.json file.
	Home string `json:"home"`
	// CacheMB bounds geth's caches; default 64.
	CacheMB int `json:"cacheMB,omitempty"`
}

// Ports are one node's listening ports; -1 disables an RPC transport.
type Ports struct {
	GethHTTP int `json:"gethHttp"`
	GethWS   int `json:"gethWs"`
	GethP2P  int `json:"gethP2p"`
	CometP2P int `json:"cometP2p"`
	CometRPC int `json:"cometRpc"`
	IPFS     int `json:"ipfs"`
}

// DataDir is the hospital's dualchain data directory (node database, IPFS,
// deployments) inside its Home.
func (n NodeConfig) DataDir() string { return filepath.Join(n.Home, "data") }

// Layout is what Init wrote.
type Layout struct {
	Dir     string
	Nodes   []NodeConfig
	Configs []string // the node.json path of each hospital
}

// keyMaterial derives hospital i's key of the given kind from the seed.
func keyMaterial(seed, kind string, i int) []byte {
	var idx [4]byte
	binary.BigEndian.PutUint32(idx[:], uint32(i))
	return crypto.Keccak256([]byte("dualchain/consortium/"+kind), []byte(seed), idx[:])
}

func gethNodeKey(seed string, i int) ([]byte, error) {
	m := keyMaterial(seed, "devp2p", i)
	for {
		if _, err := crypto.ToECDSA(m); err == nil {
			return m, nil
		}
		m = crypto.Keccak256(m)
	}
}

// Init writes a consortium of spec.Hospitals validators under dir: for
// each hospital dir/hospital-<i>/ with node.json, its CometBFT home
// (genesis, validator key and state, node key) and its devp2p key. It
// refuses a dir that already holds a consortium.
func Init(dir string, spec Spec) (*Layout, error) {
	spec.setDefaults()
	if err := spec.validate(); err != nil {
		return nil, fmt.Errorf("consortium: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "hospital-0", "node.json")); err == nil {
		return nil, fmt.Errorf("consortium: %s already holds a consortium; use another directory or delete it", dir)
	}
	accounts := devchain.DevAccounts(spec.Seed, spec.Accounts)
	genesis := devchain.Genesis(spec.ChainID, spec.GasLimit, accounts).ToBlock().Hash()
	state, err := json.Marshal(appState{ExecutionGenesis: genesis})
	if err != nil {
		return nil, err
	}
	doc := &cmttypes.GenesisDoc{
		GenesisTime:     spec.GenesisTime,
		ChainID:         cometChainID(spec.ChainID),
		InitialHeight:   1,
		ConsensusParams: cmttypes.DefaultConsensusParams(),
		AppHash:         genesis.Bytes(),
		AppState:        state,
	}
	lay := &Layout{Dir: dir}
	pvs := make([]*privval.FilePV, spec.Hospitals)
	for i := range spec.Hospitals {
		home := filepath.Join(dir, fmt.Sprintf("hospital-%d", i))
		for _, d := range []string{filepath.Join(home, "cometbft", "config"), filepath.Join(home, "cometbft", "data")} {
			if err := os.MkdirAll(d, 0o700); err != nil {
				return nil, fmt.Errorf("consortium: %w", err)
			}
		}
		pv := privval.NewFilePV(ed25519.GenPrivKeyFromSecret(keyMaterial(spec.Seed, "validator", i)),
			filepath.Join(home, "cometbft", "config", "priv_validator_key.json"),
			filepath.Join(home, "cometbft", "data", "priv_validator_state.json"))
		pv.Save()
		pvs[i] = pv
		nk := &p2p.NodeKey{PrivKey: ed25519.GenPrivKeyFromSecret(keyMaterial(spec.Seed, "cometp2p", i))}
		if err := nk.SaveAs(filepath.Join(home, "cometbft", "config", "node_key.json")); err != nil {
			return nil, fmt.Errorf("consortium: %w", err)
		}
		gk, err := gethNodeKey(spec.Seed, i)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(home, "devp2p.key"), []byte(hex.EncodeToString(gk)), 0o600); err != nil {
			return nil, fmt.Errorf("consortium: %w", err)
		}
		ek, _ := crypto.ToECDSA(gk)
		base := spec.BasePort + 10*i
		ports := Ports{GethHTTP: base, GethWS: base + 1, GethP2P: base + 2, CometP2P: base + 3, CometRPC: base + 4, IPFS: base + 5}
		ipfsID, err := writeIPFSKey(filepath.Join(home, "data", "ipfs"), keyMaterial(spec.Seed, "ipfs", i))
		if err != nil {
			return nil, fmt.Errorf("consortium: %w", err)
		}
		doc.Validators = append(doc.Validators, cmttypes.GenesisValidator{
			Address: pv.Key.Address, PubKey: pv.Key.PubKey, Power: 10, Name: fmt.Sprintf("hospital-%d", i),
		})
		lay.Nodes = append(lay.Nodes, NodeConfig{
			Index: i, Name: fmt.Sprintf("hospital-%d", i), ChainID: spec.ChainID, CometID: doc.ChainID,
			Seed: spec.Seed, Accounts: spec.Accounts, GasLimit: spec.GasLimit, Host: spec.Host,
			BlockTime: spec.BlockTime.String(), Account: accounts[i].Address, Validator: pv.Key.Address.String(),
			Ports:     ports,
			Enode:     enode.NewV4(&ek.PublicKey, ipOf(spec.Host), ports.GethP2P, ports.GethP2P).URLv4(),
			CometPeer: fmt.Sprintf("%s@%s", nk.ID(), hostPort(spec.Host, ports.CometP2P)),
			IPFS:      fmt.Sprintf("/ip4/%s/tcp/%d/p2p/%s", ipOf(spec.Host), ports.IPFS, ipfsID),
			Home:      ".",
		})
	}
	for i := range lay.Nodes {
		n := &lay.Nodes[i]
		for j, o := range lay.Nodes {
			n.Members = append(n.Members, o.Account)
			if j != i {
				n.EnodePeers = append(n.EnodePeers, o.Enode)
				n.CometPeers = append(n.CometPeers, o.CometPeer)
				n.IPFSPeers = append(n.IPFSPeers, o.IPFS)
			}
		}
		home := filepath.Join(dir, n.Name)
		if err := doc.SaveAs(filepath.Join(home, "cometbft", "config", "genesis.json")); err != nil {
			return nil, fmt.Errorf("consortium: %w", err)
		}
		b, err := json.MarshalIndent(n, "", "  ")
		if err != nil {
			return nil, err
		}
		path := filepath.Join(home, "node.json")
		if err := os.WriteFile(path, append(b, '\n'), 0o600); err != nil {
			return nil, fmt.Errorf("consortium: %w", err)
		}
		lay.Configs = append(lay.Configs, path)
		n.Home = home
	}
	return lay, nil
}

// LoadNodeConfig reads a node.json written by Init; Home becomes absolute.
func LoadNodeConfig(path string) (NodeConfig, error) {
	var n NodeConfig
	b, err := os.ReadFile(path)
	if err != nil {
		return n, fmt.Errorf("consortium: %w", err)
	}
	if err := json.Unmarshal(b, &n); err != nil {
		return n, fmt.Errorf("consortium: %s: %w", path, err)
	}
	if !filepath.IsAbs(n.Home) {
		n.Home = filepath.Join(filepath.Dir(path), n.Home)
	}
	n.Home, err = filepath.Abs(n.Home)
	return n, err
}

// writeIPFSKey writes the Ed25519 libp2p key made from seed where the
// embedded IPFS node looks for its identity (ipfs.Open's peer.key), and
// returns its peer ID.
func writeIPFSKey(dir string, seed []byte) (peer.ID, error) {
	priv, _, err := libp2pcrypto.GenerateEd25519Key(bytes.NewReader(seed[:32]))
	if err != nil {
		return "", err
	}
	id, err := peer.IDFromPrivateKey(priv)
	if err != nil {
		return "", err
	}
	b, err := libp2pcrypto.MarshalPrivateKey(priv)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	return id, os.WriteFile(filepath.Join(dir, "peer.key"), b, 0o600)
}

// appState is the CometBFT genesis app_state: the execution genesis the
// validators must share.
type appState struct {
	ExecutionGenesis common.Hash `json:"executionGenesis"`
}

// cometChainID names the CometBFT chain of an EVM working chain.
func cometChainID(evm uint64) string { return "dualchain-" + strconv.FormatUint(evm, 10) }
