-- Every EMR index sync (twice a second by default) forgets and re-reads the
-- facts of the blocks it scans, by block number; without these indexes each
-- sync scanned the whole identities and audit_batches tables, which grow
-- with the hospital's patients and the chain's age.
CREATE INDEX identities_block ON identities(block);
CREATE INDEX identities_deactivated ON identities(deactivated);
CREATE INDEX audit_batches_block ON audit_batches(block);
