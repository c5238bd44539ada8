package consortium

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/privval"
	sm "github.com/cometbft/cometbft/state"
	"github.com/cometbft/cometbft/store"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Rewind rolls a stopped validator's CometBFT stores back to height and
// forgets the heights its key signed above it. Started again WithHead(height)
// and together with validators holding more than 2/3 of the power, it
// builds a different history from height+1: the majority attack a
// consortium's own members can mount, which only the checkpoints on the
// verification chain expose. The attack simulator uses it; nothing else
// should.
func Rewind(cfg NodeConfig, height int64) error {
	c := cometConfig(cfg)
	bdb, err := cmtcfg.DefaultDBProvider(&cmtcfg.DBContext{ID: "blockstore", Config: c})
	if err != nil {
		return fmt.Errorf("consortium %s: %w", cfg.Name, err)
	}
	defer bdb.Close()
	sdb, err := cmtcfg.DefaultDBProvider(&cmtcfg.DBContext{ID: "state", Config: c})
	if err != nil {
		return fmt.Errorf("consortium %s: %w", cfg.Name, err)
	}
	defer sdb.Close()
	bs, ss := store.NewBlockStore(bdb), sm.NewStore(sdb, sm.StoreOptions{})
	for bs.Height() > height {
		if _, _, err := sm.Rollback(bs, ss, true); err != nil {
			return fmt.Errorf("consortium %s: roll back from %d: %w", cfg.Name, bs.Height(), err)
		}
	}
	// The consensus WAL holds votes for the heights just dropped.
	if err := os.RemoveAll(filepath.Join(c.DBDir(), "cs.wal")); err != nil {
		return err
	}
	privval.LoadFilePV(c.PrivValidatorKeyFile(), c.PrivValidatorStateFile()).Reset()
	return nil
}

// Isolated is a colluding validator's config for the majority attack: the
// same RPC ports (its hospital's tools keep working), other p2p ports (the
// free offsets 6 and 7 of its port block), and the other colluders as its
// only peers, so that the honest validators can no longer reach it.
func Isolated(cfg NodeConfig, colluders []NodeConfig) NodeConfig {
	const shift = 4 // devp2p (offset 2) and CometBFT p2p (3) move to 6 and 7
	moved := func(n NodeConfig) NodeConfig {
		n.Ports.GethP2P += shift
		n.Ports.CometP2P += shift
		n.Ports.CometRPC = -1
		id, _, _ := strings.Cut(n.CometPeer, "@")
		n.CometPeer = id + "@" + hostPort(n.Host, n.Ports.CometP2P)
		return n
	}
	out := moved(cfg)
	out.CometPeers, out.EnodePeers, out.IPFSPeers = nil, nil, nil
	for _, o := range colluders {
		if o.Index != cfg.Index {
			out.CometPeers = append(out.CometPeers, moved(o).CometPeer)
		}
	}
	return out
}

// Fork turns a stopped validator of an attacked consortium into a
// validator of its successor chain: a new CometBFT genesis whose initial
// height is forkHeight+1, whose app hash is the execution block forkHash at
// forkHeight, and whose validators are the honest members only (by
// hospital index). Every honest hospital runs Fork with the same arguments
// and gets the same genesis. The execution database is left as it is:
// rebuild it from the hospital's archive first (RebuildGeth), so the
// successor's history up to forkHeight is the archived one, hash for hash;
// start the validator WithHead(forkHeight). The old CometBFT data and genesis are
// kept beside the new ones. Fork returns the new node config, also written
// to the hospital's node.json.
func Fork(cfg NodeConfig, forkHeight uint64, forkHash common.Hash, honest []int) (NodeConfig, *cmttypes.GenesisDoc, error) {
	c := cometConfig(cfg)
	old, err := cmttypes.GenesisDocFromFile(c.GenesisFile())
	if err != nil {
		return cfg, nil, fmt.Errorf("consortium %s: %w", cfg.Name, err)
	}
	if !slices.Contains(honest, cfg.Index) {
		return cfg, nil, fmt.Errorf("consortium %s: hospital %d is not among the honest members %v", cfg.Name, cfg.Index, honest)
	}
	doc := &cmttypes.GenesisDoc{
		GenesisTime:     old.GenesisTime,
		ChainID:         fmt.Sprintf("%s-fork-%d", old.ChainID, forkHeight),
		InitialHeight:   int64(forkHeight) + 1,
		ConsensusParams: old.ConsensusParams,
		AppHash:         forkHash.Bytes(),
		AppState:        old.AppState,
	}
	for _, v := range old.Validators {
		var idx int
		if _, err := fmt.Sscanf(v.Name, "hospital-%d", &idx); err == nil && slices.Contains(honest, idx) {
			doc.Validators = append(doc.Validators, v)
		}
	}
	if len(doc.Validators) != len(honest) {
		return cfg, nil, fmt.Errorf("consortium %s: found %d of the %d honest validators in the genesis", cfg.Name, len(doc.Validators), len(honest))
	}
	if err := doc.ValidateAndComplete(); err != nil {
		return cfg, nil, err
	}
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	if err := os.Rename(c.DBDir(), c.DBDir()+".replaced-"+stamp); err != nil {
		return cfg, nil, err
	}
	if err := os.Rename(c.GenesisFile(), c.GenesisFile()+".replaced-"+stamp); err != nil {
		return cfg, nil, err
	}
	if err := os.MkdirAll(c.DBDir(), 0o700); err != nil {
		return cfg, nil, err
	}
	if err := doc.SaveAs(c.GenesisFile()); err != nil {
		return cfg, nil, err
	}
	pv := privval.LoadFilePVEmptyState(c.PrivValidatorKeyFile(), c.PrivValidatorStateFile())
	pv.Save()

	keep := func(all []string) []string {
		var out []string
		for _, s := range all {
			for _, i := range honest {
				if i != cfg.Index && peerIndex(cfg, s) == i {
					out = append(out, s)
				}
			}
		}
		return out
	}
	next := cfg
	next.CometID = doc.ChainID
	next.CometPeers, next.EnodePeers, next.IPFSPeers = keep(cfg.CometPeers), keep(cfg.EnodePeers), keep(cfg.IPFSPeers)
	next.Members = nil
	for _, i := range honest {
		if i < len(cfg.Members) {
			next.Members = append(next.Members, cfg.Members[i])
		}
	}
	if path := filepath.Join(cfg.Home, "node.json"); fileExists(path) {
		saved := next
		saved.Home = "."
		b, err := json.MarshalIndent(saved, "", "  ")
		if err != nil {
			return cfg, nil, err
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o600); err != nil {
			return cfg, nil, err
		}
	}
	return next, doc, nil
}

// GenesisHash identifies a CometBFT genesis for the fork declaration on the
// verification chain: keccak256 of its canonical JSON.
func GenesisHash(doc *cmttypes.GenesisDoc) (common.Hash, error) {
	b, err := cmtjson.Marshal(doc)
	if err != nil {
		return common.Hash{}, err
	}
	return crypto.Keccak256Hash(b), nil
}

// peerIndex finds which hospital a peer string of cfg belongs to: peers are
// listed in index order with cfg's own index left out.
func peerIndex(cfg NodeConfig, peer string) int {
	for _, list := range [][]string{cfg.CometPeers, cfg.EnodePeers, cfg.IPFSPeers} {
		if i := slices.Index(list, peer); i >= 0 {
			if i >= cfg.Index {
				i++
			}
			return i
		}
	}
	return -1
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// cometConfig is the CometBFT config of a validator (paths and the DB
// backend are what Rewind and Fork read).
func cometConfig(cfg NodeConfig) *cmtcfg.Config {
	c := cmtcfg.DefaultConfig()
	c.SetRoot(filepath.Join(cfg.Home, "cometbft"))
	return c
}
