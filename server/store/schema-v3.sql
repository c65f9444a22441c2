-- Netpont database, migration 3 (PRAGMA user_version = 3): the public PC
-- locked for real.
-- Applied after schema-v2.sql in one transaction; never edited once released.

-- A resident may take back their help call ("I managed after all"). Such a
-- call is closed (resolved_at is set, so that it leaves every list of open
-- calls) by nobody (resolved_by stays NULL), and cancelled_at says that the
-- resident closed it rather than a mentor.
ALTER TABLE help_calls ADD COLUMN cancelled_at INTEGER;
