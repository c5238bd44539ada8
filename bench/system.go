package bench

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dualchain/dualchain/anchor"
	"github.com/dualchain/dualchain/archive"
	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/emr"
	"github.com/dualchain/dualchain/guard"
	"github.com/dualchain/dualchain/ipfs"
	"github.com/dualchain/dualchain/proof"
	"github.com/dualchain/dualchain/store"
	"github.com/dualchain/dualchain/synth"
	"github.com/dualchain/dualchain/vault"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
)

// system is one hospital node as "dualchain up" runs it, in a directory:
// the working chain, IPFS, the node database and the EMR service, and in
// dual-chain mode the verification chain, archive follower, anchor agent,
// checkpoint mirror and guard, all running in the background.
type system struct {
	work, verif   *devchain.Chain
	guard         *guard.Guard // dual-chain mode only
	db            *store.DB
	ipfs          *ipfs.Node
	keys          *vault.Keyring
	svc           *emr.Service
	contracts     map[string]common.Address
	registry      common.Address
	proofs        *proof.Builder
	verifHTTP     *ethclient.Client
	practitioner  common.Address // the first of practitioners
	practitioners []common.Address
	patient       common.Address
	refs          synth.Refs

	// verifSender is the node's member account on the verification chain
	// (the anchor agent's sender; the attack bench votes a lying member in
	// with it, as dualchain up's simulator does).
	verifSender *chain.Sender

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// systemConfig is what differs between the systems a benchmark compares.
type systemConfig struct {
	Dual bool
	// AnchorInterval and AnchorMaxAge are the agent's cadence (dev defaults:
	// 128 blocks or 10 s).
	AnchorInterval uint64
	AnchorMaxAge   time.Duration
	ChainID        uint64
	// Practitioners is how many practitioners the hospital registers
	// (default 1): writers working at once each use their own account,
	// as a hospital's clinicians do.
	Practitioners int
	// Working, if set, is the working chain to use instead of a new dev
	// chain (a consortium validator's geth), with the hospital's key and
	// the founding hospitals of the EMR contracts (default: this one).
	Working     *ethclient.Client
	HospitalKey *ecdsa.PrivateKey
	Founders    []common.Address
	// Guard, if set, adjusts the guard's configuration before it starts
	// (the attack bench's local scenarios need a short full self-check and
	// halt threshold, as --full-check and --halt-after set them).
	Guard  func(c *guard.Config, working *ethclient.Client)
	Logger *slog.Logger
}

func startSystem(ctx context.Context, dir string, cfg systemConfig) (_ *system, err error) {
	if cfg.AnchorInterval == 0 {
		cfg.AnchorInterval = 128
	}
	if cfg.AnchorMaxAge == 0 {
		cfg.AnchorMaxAge = 10 * time.Second
	}
	s := &system{}
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	wc, hospital := cfg.Working, cfg.HospitalKey
	if wc == nil {
		if s.work, err = startChain(ctx, devchain.Config{Name: "bench-working", ChainID: cfg.ChainID, DataDir: filepath.Join(dir, "working"), HTTPPort: -1, WSPort: -1, NoFinality: true, Logger: cfg.Logger}); err != nil {
			return nil, err
		}
		wc, hospital = s.work.Client(), s.work.Accounts()[0].Key
	}
	hs, err := chain.NewSender(ctx, wc, hospital, chain.SenderConfig{})
	if err != nil {
		return nil, err
	}
	founders := cfg.Founders
	if len(founders) == 0 {
		founders = []common.Address{hs.From()}
	}
	names := make([]string, len(founders))
	for i := range names {
		names[i] = "bench hospital " + strconv.Itoa(i)
	}
	if s.contracts, err = (&deploy.Deployer{Path: filepath.Join(dir, "deployments.json"), Role: "working", Sender: hs}).Ensure(ctx,
		deploy.WorkingContracts(founders, names)); err != nil {
		return nil, err
	}
	if s.db, err = store.Open(ctx, filepath.Join(dir, "node.db")); err != nil {
		return nil, err
	}
	if s.ipfs, err = ipfs.Open(ctx, ipfs.Config{Dir: filepath.Join(dir, "ipfs"), Logger: cfg.Logger}); err != nil {
		return nil, err
	}
	if s.keys, err = vault.OpenKeyring(filepath.Join(dir, "keystore"), "bench passphrase", vault.Light); err != nil {
		return nil, err
	}
	if s.svc, err = emr.New(ctx, emr.Config{Backend: wc, Identity: s.contracts[deploy.IdentityName], EMR: s.contracts[deploy.EMRName],
		Hospital: hospital, Keyring: s.keys, Blobs: s.ipfs, DB: s.db, Logger: cfg.Logger}); err != nil {
		return nil, err
	}
	bg, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.run(func() { s.svc.Follow(bg, 500*time.Millisecond, time.Minute) })
	// Both modes archive the working chain, as "dualchain up" does.
	follower := archive.New(archive.Config{Logger: cfg.Logger}, wc, s.db)
	s.run(func() { follower.Run(bg) })

	if cfg.Dual {
		if s.verif, err = startChain(ctx, devchain.Config{Name: "bench-verification", ChainID: cfg.ChainID + 1, DataDir: filepath.Join(dir, "verification"), Period: time.Second, HTTPPort: 0, WSPort: -1, Logger: cfg.Logger}); err != nil {
			return nil, err
		}
		vs, err := chain.NewSender(ctx, s.verif.Client(), s.verif.Accounts()[0].Key, chain.SenderConfig{})
		if err != nil {
			return nil, err
		}
		out, err := (&deploy.Deployer{Path: filepath.Join(dir, "deployments.json"), Role: "verification", Sender: vs}).Ensure(ctx,
			deploy.VerificationContracts(cfg.ChainID, []common.Address{vs.From()}))
		if err != nil {
			return nil, err
		}
		s.registry, s.verifSender = out[deploy.AnchorRegistryName], vs
		if s.verifHTTP, err = ethclient.DialContext(ctx, s.verif.HTTPEndpoint()); err != nil {
			return nil, err
		}
		agent, err := anchor.NewAgent(anchor.Config{ChainID: cfg.ChainID, Registry: s.registry, Interval: cfg.AnchorInterval, MaxAge: cfg.AnchorMaxAge,
			Confirmations: 2, Logger: cfg.Logger}, s.db, vs)
		if err != nil {
			return nil, err
		}
		mirror := anchor.NewMirror(anchor.MirrorConfig{Registry: s.registry, Logger: cfg.Logger}, s.verif.Client(), s.db)
		gcfg := guard.Config{ChainID: cfg.ChainID, Confirmations: 2, Working: wc, Logger: cfg.Logger}
		if cfg.Guard != nil {
			cfg.Guard(&gcfg, wc)
		}
		gd := guard.New(gcfg, s.db, s.verif.Client())
		s.guard = gd
		s.run(func() { agent.Run(bg) })
		s.run(func() { mirror.Run(bg) })
		s.run(func() { gd.Run(bg, follower) })
		s.proofs = &proof.Builder{DB: s.db, Working: wc, WorkingChainID: cfg.ChainID, VerificationChainID: cfg.ChainID + 1, Registry: s.registry}
	}

	// Practitioners of the hospital and a patient in its custody.
	gen := synth.New(cfg.ChainID)
	for range max(1, cfg.Practitioners) {
		pr, err := s.svc.RegisterPractitioner(ctx, gen.Practitioner(""))
		if err != nil {
			return nil, err
		}
		s.practitioners = append(s.practitioners, pr.Address)
	}
	pa, _, err := s.svc.RegisterPatient(ctx, hs.From(), gen.Patient(""))
	if err != nil {
		return nil, err
	}
	s.practitioner, s.patient = s.practitioners[0], pa.Address
	s.refs = synth.Refs{Patient: "Patient/" + strings.ToLower(pa.Address.Hex()), Practitioner: "Practitioner/" + strings.ToLower(s.practitioner.Hex()), Organization: "Organization/" + strings.ToLower(hs.From().Hex())}
	return s, nil
}

func (s *system) run(f func()) {
	s.wg.Add(1)
	go func() { defer s.wg.Done(); f() }()
}

func (s *system) close() {
	if s.cancel != nil {
		s.cancel()
	}
	s.wg.Wait()
	if s.svc != nil {
		s.svc.Close()
	}
	if s.verifHTTP != nil {
		s.verifHTTP.Close()
	}
	if s.ipfs != nil {
		s.ipfs.Close()
	}
	if s.db != nil {
		s.db.Close()
	}
	if s.verif != nil {
		s.verif.Close()
	}
	if s.work != nil {
		s.work.Close()
	}
}

// rawAddRecord sends the EMR contract's addRecord for the patient straight
// from who's account: the same contract call a record write makes, without
// FHIR validation, encryption, IPFS or indexing.
func (s *system) rawAddRecord(ctx context.Context, snd *chain.Sender, typ uint8) error {
	cid := make([]byte, 36)
	var hash [32]byte
	rand.Read(cid)
	rand.Read(hash[:])
	_, err := snd.Transact(ctx, s.contracts[deploy.EMRName], emrABI.PackAddRecord(s.patient, typ, cid, hash))
	return err
}

func tempDir() (string, func(), error) {
	dir, err := os.MkdirTemp("", "dualchain-bench-")
	if err != nil {
		return "", nil, err
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}

// peakRSS is the process's peak resident set (VmHWM) in MiB, or 0 where
// /proc is not available.
func peakRSS() float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			if err == nil {
				return kb / 1024
			}
		}
	}
	return 0
}

func percentile(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	return ms(ds[min(len(ds)-1, int(float64(len(ds))*p))])
}

func errorf(format string, args ...any) error { return fmt.Errorf("bench: "+format, args...) }
