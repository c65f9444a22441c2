-- Netpont database, migration 2 (PRAGMA user_version = 2): trust on the
-- wire and at the door (sign-in throttling, limits, a readable audit).
-- Applied after schema.sql in one transaction; never edited once released.

-- (sign-in throttling)

-- (limits: request keys)

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
