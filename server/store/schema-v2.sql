-- Netpont database, migration 2 (PRAGMA user_version = 2): trust on the
-- wire and at the door (sign-in throttling, limits, a readable audit).
-- Applied after schema.sql in one transaction; never edited once released.

-- (sign-in throttling)

-- (limits: request keys)
-- A payment or an office charge carries the key its client chose for the
-- user's action (netpontctl and the console: 128 random bits in hex). A retry
-- after a lost reply finds the row the first attempt wrote instead of writing
-- a second one. The key is written with the row, so the ledger stays
-- append-only; rows written before this migration, and other rows, have none.
ALTER TABLE ledger ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX ledger_request_once ON ledger (request_key)
  WHERE request_key IS NOT NULL;

-- (audit)
