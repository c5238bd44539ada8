-- Canonical working-chain blocks, one row per height.
CREATE TABLE blocks (
    number       INTEGER PRIMARY KEY,
    hash         BLOB    NOT NULL UNIQUE,
    parent_hash  BLOB    NOT NULL,
    time         INTEGER NOT NULL,
    tx_count     INTEGER NOT NULL,
    body         BLOB    NOT NULL,  -- RLP of the full block (header, transactions, withdrawals)
    archived_at  INTEGER NOT NULL   -- unix milliseconds
);

-- Blocks a reorg removed from the canonical chain: evidence for the guard.
CREATE TABLE replaced_blocks (
    hash         BLOB    PRIMARY KEY,
    number       INTEGER NOT NULL,
    parent_hash  BLOB    NOT NULL,
    body         BLOB    NOT NULL,
    replaced_by  BLOB    NOT NULL,  -- hash of the block that took its height
    replaced_at  INTEGER NOT NULL
);
CREATE INDEX replaced_blocks_number ON replaced_blocks(number);

-- Reorgs as the archive saw them.
CREATE TABLE reorgs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    fork_number  INTEGER NOT NULL,  -- last common block
    old_head     BLOB    NOT NULL,
    new_head     BLOB    NOT NULL,
    depth        INTEGER NOT NULL,  -- blocks removed
    seen_at      INTEGER NOT NULL
);
