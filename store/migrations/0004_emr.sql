-- The EMR index: what the working chain's Identity and EMR events say, with
-- the block each fact came from so that a reorg can drop exactly the facts of
-- the replaced blocks. Append-only event tables; current state is derived.

CREATE TABLE identities (
    address      BLOB    PRIMARY KEY,
    role         INTEGER NOT NULL,           -- 1 admin, 2 practitioner, 3 patient, 4 auditor
    hospital     BLOB    NOT NULL,           -- registering member (zero for a self-registered patient)
    meta_hash    BLOB    NOT NULL,
    block        INTEGER NOT NULL,
    deactivated  INTEGER                     -- block of the deactivation, NULL while active
);
CREATE INDEX identities_hospital ON identities(hospital, role);

-- Public keys of accounts, for wrapping record keys: from the node's keyring,
-- from identity profiles in IPFS, or recovered from signed transactions.
CREATE TABLE pubkeys (
    address  BLOB PRIMARY KEY,
    pubkey   BLOB NOT NULL
);

CREATE TABLE records (
    id            INTEGER PRIMARY KEY,
    patient       BLOB    NOT NULL,
    author        BLOB    NOT NULL,
    type          INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    prev_id       INTEGER NOT NULL,
    root_id       INTEGER NOT NULL,          -- id of version 1: the FHIR logical id
    cid           TEXT    NOT NULL,
    content_hash  BLOB    NOT NULL,
    block         INTEGER NOT NULL,
    block_hash    BLOB    NOT NULL,
    tx_hash       BLOB    NOT NULL,
    log_index     INTEGER NOT NULL,
    time          INTEGER NOT NULL
);
CREATE INDEX records_patient ON records(patient, type);
CREATE INDEX records_root ON records(root_id, version);
CREATE INDEX records_block ON records(block);

-- ConsentGranted (kind 1) and ConsentRevoked (kind 2) in chain order.
CREATE TABLE consent_events (
    block      INTEGER NOT NULL,
    log_index  INTEGER NOT NULL,
    patient    BLOB    NOT NULL,
    grantee    BLOB    NOT NULL,
    kind       INTEGER NOT NULL,
    scope      INTEGER NOT NULL,
    expiry     INTEGER NOT NULL,
    time       INTEGER NOT NULL,
    PRIMARY KEY (block, log_index)
);
CREATE INDEX consent_events_pair ON consent_events(patient, grantee);

CREATE TABLE key_shares (
    block      INTEGER NOT NULL,
    log_index  INTEGER NOT NULL,
    patient    BLOB    NOT NULL,
    grantee    BLOB    NOT NULL,
    by         BLOB    NOT NULL,
    cid        TEXT    NOT NULL,
    PRIMARY KEY (block, log_index)
);
CREATE INDEX key_shares_grantee ON key_shares(grantee, patient);

CREATE TABLE emergency_events (
    block         INTEGER NOT NULL,
    log_index     INTEGER NOT NULL,
    patient       BLOB    NOT NULL,
    practitioner  BLOB    NOT NULL,
    hospital      BLOB    NOT NULL,
    reason_hash   BLOB    NOT NULL,
    expires_at    INTEGER NOT NULL,
    tx_hash       BLOB    NOT NULL,
    time          INTEGER NOT NULL,
    PRIMARY KEY (block, log_index)
);
CREATE INDEX emergency_patient ON emergency_events(patient);

CREATE TABLE audit_batches (
    member     BLOB    NOT NULL,
    idx        INTEGER NOT NULL,
    first_seq  INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL,
    root       BLOB    NOT NULL,
    block      INTEGER NOT NULL,
    tx_hash    BLOB    NOT NULL,
    PRIMARY KEY (member, idx)
);

-- How far the EMR index has followed the working chain.
CREATE TABLE emr_cursor (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    block  INTEGER NOT NULL,
    hash   BLOB    NOT NULL
);

-- This node's audit trail: one FHIR AuditEvent per read or write it served.
-- Kept locally (it names who looked at what); batches of it are committed on
-- chain by Merkle root, so a node cannot quietly rewrite its own trail.
CREATE TABLE audit_events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    time       INTEGER NOT NULL,             -- unix milliseconds
    action     TEXT    NOT NULL,             -- C R U D E (FHIR AuditEvent.action)
    subtype    TEXT    NOT NULL,             -- read, vread, create, update, search, grant, revoke, emergency, ...
    agent      BLOB    NOT NULL,
    patient    BLOB,
    record_id  INTEGER,
    outcome    INTEGER NOT NULL,             -- 0 success, 4 minor failure, 8 serious failure
    detail     TEXT    NOT NULL,
    leaf       BLOB    NOT NULL              -- sha256 of the AuditEvent JSON: the Merkle leaf
);
CREATE INDEX audit_events_patient ON audit_events(patient, seq);
