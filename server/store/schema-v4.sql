-- Netpont database, migration 4 (PRAGMA user_version = 4): PCs can be
-- taken out of the room.
-- Applied after schema-v3.sql in one transaction; never edited once released.

-- A removed seat stays in the table, so that past sessions, help calls and
-- ledger rows keep pointing at it; removed_at says when it left. Its name
-- is moved to removed_name and the name column gets "NAME/ID" (a slash is
-- never in an enrolled name), because the UNIQUE constraint on name cannot
-- be dropped without rebuilding the table, which the foreign keys forbid
-- inside the migration's transaction. So the name can be enrolled again.
ALTER TABLE seats ADD COLUMN removed_at INTEGER;
ALTER TABLE seats ADD COLUMN removed_name TEXT;
