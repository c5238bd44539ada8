-- Incidents the guard raised: one row per distinct problem (kind + key),
-- open until the guard sees it resolved. Evidence is JSON so that each kind
-- can carry what proves it (heights, expected and found hashes, members,
-- checkpoint transactions).
CREATE TABLE incidents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    severity    TEXT    NOT NULL,
    summary     TEXT    NOT NULL,
    evidence    TEXT    NOT NULL,
    seen_at     INTEGER NOT NULL, -- ms: when the node saw what triggered it
    raised_at   INTEGER NOT NULL, -- ms: when the guard raised it
    resolved_at INTEGER,
    UNIQUE (kind, key)
);
CREATE INDEX incidents_open ON incidents(resolved_at);
