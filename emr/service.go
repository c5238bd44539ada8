package emr

import (
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ipfs/go-cid"
	mh "github.com/multiformats/go-multihash"

	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/dualchain/dualchain/store"
	"github.com/dualchain/dualchain/vault"
)

// Backend is the working-chain client the service needs (an *ethclient.Client).
type Backend interface {
	chain.Backend
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
	BlockNumber(ctx context.Context) (uint64, error)
	TransactionByHash(ctx context.Context, hash common.Hash) (*types.Transaction, bool, error)
}

// Config configures a Service.
type Config struct {
	Backend  Backend
	Identity common.Address // Identity contract
	EMR      common.Address // EMR contract
	// Hospital is this node's consortium member (admin) key; it is also
	// imported into the keyring.
	Hospital *ecdsa.PrivateKey
	Keyring  *vault.Keyring
	Blobs    Blobs
	DB       *store.DB
	Logger   *slog.Logger
	// Fund is the working-chain balance (wei) the hospital gives each identity
	// it creates, so the identity can pay for its own transactions. Default 0.1 ether.
	Fund *big.Int
	// MaxRecordBytes bounds one resource (attachments included); default 16 MiB.
	MaxRecordBytes int
	Sender         chain.SenderConfig
}

// Service is the EMR of one hospital node.
type Service struct {
	cfg      Config
	b        Backend
	db       *sql.DB // reads
	w        *sql.DB // writes: the store's one writer connection
	store    *store.DB
	log      *slog.Logger
	hospital common.Address

	idc    *bindings.Identity
	emrc   *bindings.EMR
	idABI  abi.ABI
	emrABI abi.ABI

	// syncRun serializes whole index syncs, rewinds and reindexes; syncMu
	// only their database transactions and a record write's own (see
	// syncRange).
	syncRun sync.Mutex
	syncMu  sync.RWMutex

	sendersMu sync.Mutex
	senders   map[common.Address]*chain.Sender
	receipts  *chain.Receipts // the watcher New started, if any

	// keys caches public keys by address (common.Address →
	// *ecdsa.PublicKey) once the pubkeys table has them: an address is the
	// hash of its key, so an entry never goes stale, and every record
	// write seals for three or more readers.
	keys sync.Map
}

// New returns the EMR service of the hospital whose key is cfg.Hospital.
func New(ctx context.Context, cfg Config) (*Service, error) {
	if cfg.Backend == nil || cfg.Hospital == nil || cfg.Keyring == nil || cfg.Blobs == nil || cfg.DB == nil {
		return nil, errors.New("emr: backend, hospital key, keyring, blobs and database are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Fund == nil {
		cfg.Fund = new(big.Int).Div(big.NewInt(1e18), big.NewInt(10))
	}
	if cfg.MaxRecordBytes == 0 {
		cfg.MaxRecordBytes = 16 << 20
	}
	if err := cfg.Keyring.Import(cfg.Hospital); err != nil {
		return nil, err
	}
	var receipts *chain.Receipts
	if cfg.Sender.Receipts == nil {
		// One receipt watcher for all of this node's senders (see
		// chain.Receipts); an endpoint that cannot push heads is polled.
		if r, err := chain.NewReceipts(ctx, cfg.Backend, cfg.Sender.MaxPoll, cfg.Logger); err == nil {
			cfg.Sender.Receipts, receipts = r, r
		} else {
			cfg.Logger.Debug("EMR transactions are polled for their receipts", "reason", err)
		}
	}
	s := &Service{
		cfg: cfg, b: cfg.Backend, db: cfg.DB.SQL(), w: cfg.DB.Writer(), store: cfg.DB, log: cfg.Logger.With("component", "emr"),
		hospital: crypto.PubkeyToAddress(cfg.Hospital.PublicKey),
		idc:      bindings.NewIdentity(), emrc: bindings.NewEMR(),
		senders: map[common.Address]*chain.Sender{}, receipts: receipts,
	}
	s.idABI, s.emrABI = s.idc.GetABI(), s.emrc.GetABI()
	if err := s.rememberPubkey(ctx, &cfg.Hospital.PublicKey); err != nil {
		return nil, err
	}
	return s, nil
}

// Close stops the service's receipt watcher. Calls under way poll for
// their receipts instead.
func (s *Service) Close() {
	if s.receipts != nil {
		s.receipts.Close()
	}
}

// Hospital is this node's member account.
func (s *Service) Hospital() common.Address { return s.hospital }

// Keyring holds the identities this node manages.
func (s *Service) Keyring() *vault.Keyring { return s.cfg.Keyring }

// Contract is the EMR contract's address (records are its RecordAdded events).
func (s *Service) Contract() common.Address { return s.cfg.EMR }

// MaxRecordBytes is the largest resource the service accepts.
func (s *Service) MaxRecordBytes() int { return s.cfg.MaxRecordBytes }

// sender returns the transaction sender of a node-managed identity.
func (s *Service) sender(ctx context.Context, who common.Address) (*chain.Sender, error) {
	s.sendersMu.Lock()
	defer s.sendersMu.Unlock()
	if snd, ok := s.senders[who]; ok {
		return snd, nil
	}
	key, err := s.cfg.Keyring.Key(who)
	if errors.Is(err, vault.ErrNoKey) {
		return nil, fmt.Errorf("%w: %s is not an identity this node manages (its key is elsewhere)", ErrForbidden, who)
	}
	if err != nil {
		return nil, err
	}
	snd, err := chain.NewSender(ctx, s.b, key, s.cfg.Sender)
	if err != nil {
		return nil, err
	}
	s.senders[who] = snd
	return snd, nil
}

// transact sends a contract call as who, waits for it, and indexes its events.
// A call the contract would reject fails before anything is sent, with the
// contract's error decoded.
func (s *Service) transact(ctx context.Context, who common.Address, to common.Address, data []byte) (*types.Receipt, error) {
	r, err := s.send(ctx, who, to, data, 0)
	if err != nil {
		return nil, err
	}
	if err := s.applyReceipt(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// send is transact without indexing the receipt; gas is the call's gas
// limit from estimate, or 0 to estimate it.
func (s *Service) send(ctx context.Context, who common.Address, to common.Address, data []byte, gas uint64) (*types.Receipt, error) {
	snd, err := s.sender(ctx, who)
	if err != nil {
		return nil, err
	}
	r, err := snd.TransactGas(ctx, to, data, gas)
	if err != nil {
		return nil, s.revertErr(err)
	}
	return r, nil
}

// estimate is the gas limit of a call of the EMR contract as who; a call
// the contract would reject fails with the contract's error decoded.
func (s *Service) estimate(ctx context.Context, who common.Address, data []byte) (uint64, error) {
	snd, err := s.sender(ctx, who)
	if err != nil {
		return 0, err
	}
	gas, err := snd.Estimate(ctx, s.cfg.EMR, data)
	if err != nil {
		return 0, s.revertErr(err)
	}
	return gas, nil
}

// revertErr turns a contract revert into an error of the right class.
func (s *Service) revertErr(err error) error {
	idABI, emrABI := s.idABI, s.emrABI
	dec := chain.DecodeRevert(err, &idABI, &emrABI)
	var re *chain.RevertError
	if !errors.As(dec, &re) {
		return err
	}
	switch re.Name {
	case "NoWriteAccess", "NotCustodian", "NotMemberAdmin", "NotStaff", "NotRegistrar", "NotPractitioner", "NoActiveGrant":
		return fmt.Errorf("%w: %v", ErrForbidden, re)
	case "UnknownRecord":
		return fmt.Errorf("%w: %v", ErrNotFound, re)
	case "NotLatestVersion", "AlreadyRegistered":
		return fmt.Errorf("%w: %v", ErrConflict, re)
	}
	return fmt.Errorf("%w: %v", ErrInvalid, re)
}

// ---- identities ----

// profile is the public part of an identity, stored in IPFS; the identity's
// on-chain metaHash is its sha256, which is also the digest of its CID (a
// profile is one raw block), so any node can fetch it from the chain alone.
type profile struct {
	Address   common.Address  `json:"address"`
	PublicKey hexutil.Bytes   `json:"publicKey"`
	Role      string          `json:"role"`
	Resource  json.RawMessage `json:"resource,omitempty"` // public FHIR resource (Practitioner); never patient data
}

// profileCID is the CID of the profile whose sha256 is metaHash.
func profileCID(metaHash common.Hash) cid.Cid {
	digest, _ := mh.Encode(metaHash[:], mh.SHA2_256)
	return cid.NewCidV1(cid.Raw, digest)
}

// publishProfile stores the profile of key in IPFS and returns its metaHash.
func (s *Service) publishProfile(ctx context.Context, key *ecdsa.PrivateKey, role string, resource []byte) (common.Hash, error) {
	p, err := json.Marshal(profile{Address: crypto.PubkeyToAddress(key.PublicKey), PublicKey: crypto.FromECDSAPub(&key.PublicKey), Role: role, Resource: resource})
	if err != nil {
		return common.Hash{}, err
	}
	c, err := s.cfg.Blobs.Add(ctx, p)
	if err != nil {
		return common.Hash{}, fmt.Errorf("emr: store profile: %w", err)
	}
	h := common.Hash(sha256.Sum256(p))
	if !c.Equals(profileCID(h)) {
		return common.Hash{}, fmt.Errorf("emr: profile stored as %s, expected %s (content store is not CIDv1 raw-leaves)", c, profileCID(h))
	}
	return h, s.rememberPubkey(ctx, &key.PublicKey)
}

// learnProfile fetches an identity profile and records its public key. A
// profile that cannot be fetched now is retried when the key is needed.
func (s *Service) learnProfile(ctx context.Context, metaHash common.Hash) {
	// Known keys (this node's identities, the hospital's own) need no
	// fetch; a founder's metaHash is not a profile at all.
	var known int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM identities i JOIN pubkeys p ON p.address = i.address WHERE i.meta_hash = ?", metaHash[:]).Scan(&known); err == nil && known > 0 {
		return
	}
	if _, err := s.profile(ctx, metaHash, 2*time.Second); err != nil {
		s.log.Debug("identity profile not available (yet)", "metaHash", metaHash, "err", err)
	}
}

func (s *Service) profile(ctx context.Context, metaHash common.Hash, wait time.Duration) (*profile, error) {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	raw, err := s.cfg.Blobs.Get(ctx, profileCID(metaHash))
	if err != nil {
		return nil, err
	}
	var p profile
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, fmt.Errorf("emr: profile %s: %w", metaHash, err)
	}
	pub, err := crypto.UnmarshalPubkey(p.PublicKey)
	if err != nil || crypto.PubkeyToAddress(*pub) != p.Address {
		return nil, fmt.Errorf("emr: profile %s: public key does not match its address", metaHash)
	}
	return &p, s.rememberPubkey(ctx, pub)
}

func (s *Service) rememberPubkey(ctx context.Context, pub *ecdsa.PublicKey) error {
	_, err := s.w.ExecContext(ctx, "INSERT OR IGNORE INTO pubkeys(address, pubkey) VALUES (?, ?)",
		crypto.PubkeyToAddress(*pub).Bytes(), crypto.FromECDSAPub(pub))
	return err
}

// pubkey returns who's public key: from the index, else from its profile,
// else recovered from a transaction it signed (member admins register staff).
func (s *Service) pubkey(ctx context.Context, who common.Address) (*ecdsa.PublicKey, error) {
	if pub, ok := s.keys.Load(who); ok {
		return pub.(*ecdsa.PublicKey), nil
	}
	var raw []byte
	err := s.db.QueryRowContext(ctx, "SELECT pubkey FROM pubkeys WHERE address = ?", who.Bytes()).Scan(&raw)
	if err == nil {
		pub, err := crypto.UnmarshalPubkey(raw)
		if err != nil || crypto.PubkeyToAddress(*pub) != who {
			return nil, fmt.Errorf("emr: stored public key of %s does not match the address (%v)", who, err)
		}
		s.keys.Store(who, pub)
		return pub, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if id, err := s.Identity(ctx, who); err == nil && id.MetaHash != (common.Hash{}) {
		if _, err := s.profile(ctx, id.MetaHash, 5*time.Second); err == nil {
			return s.pubkey(ctx, who)
		}
	}
	if pub, err := s.recoverPubkey(ctx, who); err == nil {
		return pub, s.rememberPubkey(ctx, pub)
	}
	return nil, fmt.Errorf("emr: no public key known for %s", who)
}

// recoverPubkey finds a transaction signed by who among those that emitted
// Identity events naming it as the registering hospital, and recovers the key.
func (s *Service) recoverPubkey(ctx context.Context, who common.Address) (*ecdsa.PublicKey, error) {
	logs, err := s.b.FilterLogs(ctx, ethereum.FilterQuery{
		Addresses: []common.Address{s.cfg.Identity},
		Topics:    [][]common.Hash{{s.idABI.Events["IdentityRegistered"].ID}, nil, nil, {common.BytesToHash(who.Bytes())}},
	})
	if err != nil {
		return nil, err
	}
	for _, l := range logs {
		tx, _, err := s.b.TransactionByHash(ctx, l.TxHash)
		if err != nil {
			continue
		}
		pub, err := senderPubkey(tx)
		if err == nil && crypto.PubkeyToAddress(*pub) == who {
			return pub, nil
		}
	}
	return nil, fmt.Errorf("emr: no transaction signed by %s found", who)
}

func senderPubkey(tx *types.Transaction) (*ecdsa.PublicKey, error) {
	signer := types.LatestSignerForChainID(tx.ChainId())
	v, r, sv := tx.RawSignatureValues()
	sig := make([]byte, 65)
	r.FillBytes(sig[:32])
	sv.FillBytes(sig[32:64])
	sig[64] = byte(v.Uint64())
	if tx.Type() == types.LegacyTxType {
		return nil, errors.New("legacy transaction")
	}
	return crypto.SigToPub(signer.Hash(tx).Bytes(), sig)
}

// Identity returns what the index knows of who.
func (s *Service) Identity(ctx context.Context, who common.Address) (*Identity, error) {
	var id Identity
	var role uint8
	var hosp, meta []byte
	var deact sql.NullInt64
	err := s.db.QueryRowContext(ctx, "SELECT role, hospital, meta_hash, block, deactivated FROM identities WHERE address = ?", who.Bytes()).
		Scan(&role, &hosp, &meta, &id.Block, &deact)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: no identity %s", ErrNotFound, who)
	}
	if err != nil {
		return nil, err
	}
	id.Address, id.Role, id.Hospital = who, RoleName(role), common.BytesToAddress(hosp)
	id.MetaHash, id.Active = common.BytesToHash(meta), !deact.Valid
	return &id, nil
}

// Identities lists identities registered by hospital (all when zero) with the given role ("" for any).
func (s *Service) Identities(ctx context.Context, hospital common.Address, role string) ([]Identity, error) {
	q := "SELECT address, role, hospital, meta_hash, block, deactivated FROM identities WHERE 1=1"
	var args []any
	if hospital != (common.Address{}) {
		q += " AND hospital = ?"
		args = append(args, hospital.Bytes())
	}
	if role != "" {
		q += " AND role = ?"
		args = append(args, roleCode(role))
	}
	rows, err := s.db.QueryContext(ctx, q+" ORDER BY block, address", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Identity
	for rows.Next() {
		var id Identity
		var r uint8
		var a, h, m []byte
		var deact sql.NullInt64
		if err := rows.Scan(&a, &r, &h, &m, &id.Block, &deact); err != nil {
			return nil, err
		}
		id.Address, id.Role, id.Hospital, id.MetaHash, id.Active = common.BytesToAddress(a), RoleName(r), common.BytesToAddress(h), common.BytesToHash(m), !deact.Valid
		out = append(out, id)
	}
	return out, rows.Err()
}

func roleCode(name string) uint8 {
	for r := RoleNone; r <= RoleAuditor; r++ {
		if RoleName(r) == name {
			return r
		}
	}
	return 255
}

// staffHospital is the hospital who acts for (admin or active practitioner), per the index.
func (s *Service) staffHospital(ctx context.Context, who common.Address) common.Address {
	id, err := s.Identity(ctx, who)
	if err != nil || !id.Active {
		return common.Address{}
	}
	switch id.Role {
	case "admin":
		return who
	case "practitioner":
		return id.Hospital
	}
	return common.Address{}
}

// newIdentity creates a node-managed key, funds it and publishes its profile.
func (s *Service) newIdentity(ctx context.Context, role string, resource []byte) (*ecdsa.PrivateKey, common.Hash, error) {
	key, err := s.cfg.Keyring.Create()
	if err != nil {
		return nil, common.Hash{}, err
	}
	meta, err := s.publishProfile(ctx, key, role, resource)
	if err != nil {
		return nil, common.Hash{}, err
	}
	if s.cfg.Fund.Sign() > 0 {
		hs, err := s.sender(ctx, s.hospital)
		if err != nil {
			return nil, common.Hash{}, err
		}
		to := crypto.PubkeyToAddress(key.PublicKey)
		tx, err := hs.Send(ctx, &to, nil, s.cfg.Fund)
		if err != nil {
			return nil, common.Hash{}, fmt.Errorf("emr: fund new identity: %w", err)
		}
		if _, err := hs.Wait(ctx, tx.Hash()); err != nil {
			return nil, common.Hash{}, err
		}
	}
	return key, meta, nil
}

// RegisterPractitioner creates a practitioner of this hospital. resource is
// its FHIR Practitioner (public directory data, kept in its profile).
func (s *Service) RegisterPractitioner(ctx context.Context, resource []byte) (*Identity, error) {
	key, meta, err := s.newIdentity(ctx, "practitioner", resource)
	if err != nil {
		return nil, err
	}
	who := crypto.PubkeyToAddress(key.PublicKey)
	if _, err := s.transact(ctx, s.hospital, s.cfg.Identity, s.idc.PackRegisterPractitioner(who, meta)); err != nil {
		return nil, err
	}
	return s.Identity(ctx, who)
}

// RegisterAuditor creates an auditor appointed by this hospital.
func (s *Service) RegisterAuditor(ctx context.Context) (*Identity, error) {
	key, meta, err := s.newIdentity(ctx, "auditor", nil)
	if err != nil {
		return nil, err
	}
	who := crypto.PubkeyToAddress(key.PublicKey)
	if _, err := s.transact(ctx, s.hospital, s.cfg.Identity, s.idc.PackRegisterAuditor(who, meta)); err != nil {
		return nil, err
	}
	return s.Identity(ctx, who)
}

// RegisterPatient creates a patient. by is the registering staff member (this
// hospital's admin or one of its practitioners), or the zero address for a
// patient registering themself. The demographics (a FHIR Patient) become the
// patient's first record, encrypted like any other.
func (s *Service) RegisterPatient(ctx context.Context, by common.Address, patient []byte) (*Identity, *Record, error) {
	res, err := parseResource(patient, s.cfg.MaxRecordBytes)
	if err != nil {
		return nil, nil, err
	}
	if res.ResourceType != "Patient" {
		return nil, nil, fmt.Errorf("%w: expected a Patient resource, got %s", ErrInvalid, res.ResourceType)
	}
	if by != (common.Address{}) && s.staffHospital(ctx, by) != s.hospital {
		return nil, nil, fmt.Errorf("%w: %s is not staff of this node's hospital %s", ErrForbidden, by, s.hospital)
	}
	if by != (common.Address{}) && !s.cfg.Keyring.Has(by) {
		return nil, nil, fmt.Errorf("%w: %s is not managed by this node", ErrForbidden, by)
	}
	key, meta, err := s.newIdentity(ctx, "patient", nil)
	if err != nil {
		return nil, nil, err
	}
	who := crypto.PubkeyToAddress(key.PublicKey)
	if by == (common.Address{}) {
		_, err = s.transact(ctx, who, s.cfg.Identity, s.idc.PackRegisterSelfAsPatient(meta))
	} else {
		_, err = s.transact(ctx, by, s.cfg.Identity, s.idc.PackRegisterPatient(who, meta))
	}
	if err != nil {
		return nil, nil, err
	}
	author := by
	if author == (common.Address{}) {
		author = who
	}
	rec, err := s.write(ctx, author, who, 0, res, "", "")
	if err != nil {
		return nil, nil, fmt.Errorf("emr: patient %s registered, but storing the demographics failed: %w", who, err)
	}
	id, err := s.Identity(ctx, who)
	return id, rec, err
}

// ExportKey returns who's key as a keystore file under passphrase, for the
// identity's owner (to log in from the CLI or a wallet).
func (s *Service) ExportKey(who common.Address, passphrase string) ([]byte, error) {
	return s.cfg.Keyring.Export(who, passphrase)
}
