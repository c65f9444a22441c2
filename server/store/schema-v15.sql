-- Netpont database, migration 15 (PRAGMA user_version = 15): residents' data rights: export, erase, retention.
-- Applied after schema-v14.sql in one transaction; never edited once released.

-- How long the server keeps what is personal, in days (0 = for ever); it
-- applies them once a day and logs what it removed.
INSERT OR IGNORE INTO settings (key, value) VALUES
  ('retention_help_text_days', '90'),   -- help calls' texts and outcomes
  ('retention_session_days', '365'),    -- session detail (which PC, when)
  ('retention_guest_days', '30'),       -- guest accounts unused this long
  ('retention_audit_days', '730'),      -- the audit log
  ('retention_notes_days', '365');      -- mentors' notes on residents

-- The audit log stays append-only (schema-v2.sql), except that rows older
-- than retention_audit_days may be deleted, which the retention run does
-- (store/rights.c); with retention_audit_days 0 (keep) no row may be. The
-- age is measured from the newest row or the real clock, whichever is
-- earlier, so that neither a clock set ahead nor a row dated in the future
-- deletes recent rows.
DROP TRIGGER audit_no_delete;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
WHEN coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'retention_audit_days'), 0) <= 0
  OR old.at >= min(CAST(strftime('%s', 'now') AS INTEGER), (SELECT max(at) FROM audit))
     - 86400 * (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'retention_audit_days')
BEGIN
  SELECT RAISE (ABORT, 'the audit log is append-only: only rows older than retention_audit_days may be deleted');
END;
