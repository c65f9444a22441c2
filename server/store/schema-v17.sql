-- Netpont database, migration 17 (PRAGMA user_version = 17): the neighbourhood directory and kiosk PCs.
-- Applied after schema-v16.sql in one transaction; never edited once released.

-- An entry of the district directory: a service, institution or NGO with
-- its hours and contacts, a casual job offered or wanted, a volunteer's
-- offer, an event. After valid_until (a local date) it hides itself.
CREATE TABLE directory_entries (
  id          INTEGER PRIMARY KEY,
  category    TEXT NOT NULL CHECK (category IN ('service', 'institution', 'ngo', 'job_offered',
                                                'job_wanted', 'volunteer', 'event')),
  title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
  body        TEXT NOT NULL DEFAULT '' CHECK (length(body) <= 2000),
  hours       TEXT NOT NULL DEFAULT '' CHECK (length(hours) <= 200),
  address     TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 200),
  phone       TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 60),
  email       TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 120),
  web         TEXT NOT NULL DEFAULT '' CHECK (length(web) <= 200),
  valid_until TEXT CHECK (valid_until IS NULL OR
                          valid_until GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  created_by  INTEGER REFERENCES staff (id),
  created_at  INTEGER NOT NULL,
  updated_by  INTEGER REFERENCES staff (id),
  updated_at  INTEGER NOT NULL,
  removed_at  INTEGER
);

-- How the directory was used, counted per local day, PC and kind, and
-- nothing else (no entry, no person): for the funders' report.
CREATE TABLE directory_usage (
  day     TEXT NOT NULL,
  seat_id INTEGER NOT NULL REFERENCES seats (id),
  what    TEXT NOT NULL CHECK (what IN ('open', 'view', 'search', 'print')),
  count   INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
  PRIMARY KEY (day, seat_id, what)
);

-- A PC at the door that offers only the directory: no login, no session.
ALTER TABLE seats ADD COLUMN kiosk_only INTEGER NOT NULL DEFAULT 0;
