-- Netpont database, migration 5 (PRAGMA user_version = 5): join codes, so
-- that a PC is enrolled with one command (`netpont-agent --join CODE`).
-- Applied after schema-v4.sql in one transaction; never edited once released.

-- One row per join code `seat add`, `seat renew` or `seat invite` printed.
-- Only a keyed BLAKE2b hash of the code's secret is kept (as seat tokens
-- are: the secret is 80 random bits, so a fast keyed hash protects it as
-- well as a slow one would, and the server can look a code up by it). seat_id
-- is the seat the code enrols, or NULL for an invitation, which enrols the
-- PC under the name it asks for (seat_id is filled in when it is used).
-- A code works once (used_at), until expires_at, and not after a newer code
-- for its seat retired it (retired_at).
CREATE TABLE join_codes (
  id          INTEGER PRIMARY KEY,
  secret_hash TEXT NOT NULL UNIQUE,
  seat_id     INTEGER REFERENCES seats(id),
  created_by  INTEGER REFERENCES staff(id),
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER,
  used_from   TEXT,
  retired_at  INTEGER
);
CREATE INDEX join_codes_seat ON join_codes(seat_id);
