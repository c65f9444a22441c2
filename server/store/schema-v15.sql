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
