-- The latest version of a record is the one no other version points back
-- to (NOT EXISTS ... WHERE prev_id = id); without this index each such test
-- scanned every record, which made $everything and searches grow with the
-- square of the records held.
CREATE INDEX records_prev ON records(prev_id);
