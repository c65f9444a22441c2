-- Netpont database, migration 2 (PRAGMA user_version = 2): trust on the
-- wire and at the door (sign-in throttling, limits, a readable audit).
-- Applied after schema.sql in one transaction; never edited once released.

-- (sign-in throttling)

-- Wrong sign-ins and the lock-outs they caused, one row per thing that can
-- be throttled: a staff name as typed ('staff'; unknown names too, so that
-- a lock-out does not tell which names exist; stored as the hex of its
-- BLAKE2b keyed with the server's key, so that a password typed as a name
-- is never written down), a peer's IP address
-- ('address'), a resident ('resident', by id) and a public PC ('seat', by
-- id). A row is deleted when its lock-out is lifted or the next sign-in
-- succeeds; core/throttle.h holds the rule.
CREATE TABLE signin_throttle (
  kind         TEXT NOT NULL CHECK (kind IN ('staff', 'address', 'resident', 'seat')),
  subject      TEXT NOT NULL,
  failures     INTEGER NOT NULL DEFAULT 0,  -- wrong attempts since window_start
  window_start INTEGER NOT NULL DEFAULT 0,  -- unix seconds
  lockouts     INTEGER NOT NULL DEFAULT 0,  -- lock-outs so far: each one lasts twice as long
  locked_until INTEGER NOT NULL DEFAULT 0,  -- unix seconds; 0 = not locked
  PRIMARY KEY (kind, subject)
) WITHOUT ROWID;

-- The throttling's numbers (core/rules.h): minutes, and counts of tries.
INSERT INTO settings (key, value) VALUES
  ('pin_lock_min', '5'),               -- a resident's first lock-out; each next one doubles
  ('staff_max_tries', '5'),            -- wrong passwords per account or address
  ('staff_lock_min', '1'),             -- the first staff lock-out; each next one doubles
  ('staff_lock_max_min', '60'),
  ('seat_max_failed_logins', '10'),    -- more wrong logins than this at one PC ...
  ('seat_window_min', '5'),            -- ... within this many minutes ...
  ('seat_pause_min', '5');             -- ... pause the PC's logins this long

-- Secret keys the server makes once: 'seat_token' keys the BLAKE2b hash
-- (libsodium's generichash) of seat tokens, and of the staff names in
-- signin_throttle. Old seat rows keep their
-- Argon2id hashes ("$argon2id$..."), which still verify; a seat's hash is
-- rewritten in the new form at its next good Hello.
CREATE TABLE server_keys (
  name TEXT PRIMARY KEY,
  key  BLOB NOT NULL
);

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
-- The audit trail is evidence, like the ledger: rows are added, never changed
-- or removed, so an account that did something cannot erase the trace.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
  SELECT RAISE (ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
  SELECT RAISE (ABORT, 'the audit log is append-only');
END;
CREATE INDEX audit_at ON audit (at);
