-- Netpont database, migration 9 (PRAGMA user_version = 9): the desk: staff display names, help topics, help calls and messages bound to the session.
-- Applied after schema-v8.sql in one transaction; never edited once released.

-- The name a staff member is shown by ("Dóra is coming", on receipts);
-- '' = the account's sign-in name.
ALTER TABLE staff ADD COLUMN display_name TEXT NOT NULL DEFAULT '';

-- What a help call was about, chosen when it is resolved (for the
-- coordinator's report); NULL = not said.
ALTER TABLE help_calls ADD COLUMN topic TEXT
  CHECK (topic IN ('job_search', 'cv', 'e_government', 'letter', 'printing', 'other'));

-- Why a call was closed by nobody: 'session_ended' (the session it belonged
-- to ended, so the next resident does not inherit it) or 'session_started'
-- (raised at the locked PC, which a session now uses); NULL otherwise.
ALTER TABLE help_calls ADD COLUMN close_reason TEXT;
