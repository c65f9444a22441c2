-- Netpont database, migration 16 (PRAGMA user_version = 16): mentors' notes on residents and a resident's progress.
-- Applied after schema-v15.sql in one transaction; never edited once released.

-- A mentor's note on a resident: seen by staff only, shown to the resident
-- in their export, kept as long as retention_notes_days says. A removed
-- note keeps its row without its text.
CREATE TABLE resident_notes (
  id          INTEGER PRIMARY KEY,
  resident_id INTEGER NOT NULL REFERENCES residents (id),
  text        TEXT NOT NULL CHECK (length(text) <= 1000),
  staff_id    INTEGER REFERENCES staff (id),
  created_at  INTEGER NOT NULL,
  removed_at  INTEGER
);
CREATE INDEX resident_notes_resident ON resident_notes (resident_id, created_at);

-- What came of a help call, in one line, written by the mentor who
-- resolved it ("uploaded CV to the job portal"); NULL = not said.
ALTER TABLE help_calls ADD COLUMN outcome TEXT CHECK (outcome IS NULL OR length(outcome) <= 200);
CREATE INDEX help_calls_resident ON help_calls (resident_id, raised_at);
