-- Every member's checkpoints as the AnchorRegistry's CheckpointSubmitted
-- events report them, with where each event sits on the verification chain.
CREATE TABLE mirror_checkpoints (
    chain_id     INTEGER NOT NULL,
    member       BLOB    NOT NULL,
    idx          INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    root         BLOB    NOT NULL,
    end_hash     BLOB    NOT NULL,
    prev_hash    BLOB    NOT NULL,
    cp_hash      BLOB    NOT NULL,
    tx_hash      BLOB    NOT NULL,
    log_index    INTEGER NOT NULL,
    vblock       INTEGER NOT NULL,
    vblock_hash  BLOB    NOT NULL,
    PRIMARY KEY (chain_id, member, idx)
);
CREATE INDEX mirror_checkpoints_range ON mirror_checkpoints(chain_id, start, end);
CREATE INDEX mirror_checkpoints_vblock ON mirror_checkpoints(vblock);

-- How far the mirror has scanned the verification chain.
CREATE TABLE mirror_cursor (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    block  INTEGER NOT NULL,
    hash   BLOB    NOT NULL
);
