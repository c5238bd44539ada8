-- This node's own checkpoints, one row per checkpoint of its history, with
-- the state of its submission: building -> sent -> included -> settled.
-- The signed transaction is stored before it is sent (the intent), so a
-- restart resends exactly it and never builds the same range twice.
CREATE TABLE checkpoints (
    idx            INTEGER PRIMARY KEY,   -- member's checkpoint index (0, 1, ...)
    chain_id       INTEGER NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    root           BLOB    NOT NULL,
    end_hash       BLOB    NOT NULL,
    prev_hash      BLOB    NOT NULL,
    cp_hash        BLOB    NOT NULL,
    state          TEXT    NOT NULL CHECK (state IN ('building', 'sent', 'included', 'settled')),
    nonce          INTEGER NOT NULL,
    raw_tx         BLOB    NOT NULL,      -- latest signed transaction (after fee bumps)
    tx_hashes      TEXT    NOT NULL,      -- every hash sent for this checkpoint, comma-separated
    fee_cap        TEXT    NOT NULL,      -- wei, of raw_tx
    sent_at        INTEGER NOT NULL DEFAULT 0,   -- unix ms of the latest send
    included_tx    BLOB,
    included_block INTEGER,
    included_hash  BLOB,
    gas_used       INTEGER,
    settled_at     INTEGER,
    created_at     INTEGER NOT NULL
);
