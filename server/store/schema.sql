-- Netpont database, migration 1 (PRAGMA user_version = 1).
-- One SQLite file in WAL mode with synchronous=FULL. Times are Unix seconds
-- (UTC); money is integer minor units. Later migrations append new files;
-- this one is never edited once released.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE staff (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL CHECK (role IN ('mentor', 'treasurer', 'admin')),
  password_hash TEXT NOT NULL,               -- Argon2id, libsodium's encoded string
  created_at    INTEGER NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE seats (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  token_hash   TEXT NOT NULL,                -- Argon2id of the agent token
  out_of_order INTEGER NOT NULL DEFAULT 0,
  message      TEXT NOT NULL DEFAULT '',     -- last mentor message
  created_at   INTEGER NOT NULL,
  last_seen    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE categories (
  id      INTEGER PRIMARY KEY,
  name    TEXT NOT NULL UNIQUE,
  percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100)  -- share of the tariff paid
);

CREATE TABLE residents (
  id          INTEGER PRIMARY KEY,
  login       TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  pin_hash    TEXT NOT NULL,                 -- Argon2id; '' for guest accounts (no self-login)
  category_id INTEGER NOT NULL REFERENCES categories (id),
  guest       INTEGER NOT NULL DEFAULT 0,    -- a walk-in guest's account, "guest-<n>"
  failed_pins INTEGER NOT NULL DEFAULT 0,    -- wrong PINs in a row; locked out at the limit
  note        TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  erased_at   INTEGER                        -- personal data erased; ledger rows stay
);

CREATE TABLE sessions (
  id          INTEGER PRIMARY KEY,
  seat_id     INTEGER NOT NULL REFERENCES seats (id),
  resident_id INTEGER NOT NULL REFERENCES residents (id),
  guest       INTEGER NOT NULL DEFAULT 0,
  started_at  INTEGER NOT NULL,
  ends_at     INTEGER NOT NULL,              -- the lease; extend moves it
  ended_at    INTEGER,                       -- NULL while running
  end_reason  TEXT,                          -- 'time_up', 'logout', 'mentor', 'seat_locked'
  started_by  INTEGER REFERENCES staff (id)  -- NULL for a self-login
);
-- At most one running session per seat and per resident.
CREATE UNIQUE INDEX sessions_running_seat ON sessions (seat_id) WHERE ended_at IS NULL;
CREATE UNIQUE INDEX sessions_running_resident ON sessions (resident_id) WHERE ended_at IS NULL;
CREATE INDEX sessions_resident_started ON sessions (resident_id, started_at);

CREATE TABLE help_calls (
  id              INTEGER PRIMARY KEY,
  seat_id         INTEGER NOT NULL REFERENCES seats (id),
  session_id      INTEGER REFERENCES sessions (id),
  resident_id     INTEGER REFERENCES residents (id),
  text            TEXT NOT NULL DEFAULT '',
  raised_at       INTEGER NOT NULL,
  acknowledged_at INTEGER,
  acknowledged_by INTEGER REFERENCES staff (id),
  resolved_at     INTEGER,
  resolved_by     INTEGER REFERENCES staff (id)
);

CREATE TABLE tariffs (
  service     TEXT PRIMARY KEY,              -- 'internet', 'print-bw', 'print-color', 'copy', 'scan', ...
  label       TEXT NOT NULL,
  price       INTEGER NOT NULL CHECK (price >= 0),
  per_minutes INTEGER NOT NULL DEFAULT 0 CHECK (per_minutes >= 0)  -- > 0: time service, per started block
);

CREATE TABLE shifts (
  id         INTEGER PRIMARY KEY,
  staff_id   INTEGER NOT NULL REFERENCES staff (id),
  started_at INTEGER NOT NULL,
  cash_float INTEGER NOT NULL CHECK (cash_float >= 0),
  ended_at   INTEGER,
  counted    INTEGER
);
CREATE UNIQUE INDEX shifts_open_per_staff ON shifts (staff_id) WHERE ended_at IS NULL;

-- The append-only ledger. Charges and payments are never updated or deleted;
-- a correction is a 'reversal' row naming the row it reverses (reverses_id)
-- and who made it. amount is always positive; a reversal's effect is the
-- opposite of the row it reverses.
CREATE TABLE ledger (
  id           INTEGER PRIMARY KEY,
  at           INTEGER NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('charge', 'payment', 'waiver', 'reversal')),
  resident_id  INTEGER NOT NULL REFERENCES residents (id),
  service      TEXT,                         -- charges: the tariff's service
  qty          INTEGER NOT NULL DEFAULT 1,   -- units, pages x copies, or started blocks
  unit_price   INTEGER NOT NULL DEFAULT 0,   -- the tariff price when charged
  percent      INTEGER NOT NULL DEFAULT 100, -- the category share when charged
  category     TEXT,                         -- the resident's category when charged
  amount       INTEGER NOT NULL CHECK (amount >= 0),
  method       TEXT,                         -- payments: 'cash'; waivers: 'waive'
  note         TEXT NOT NULL DEFAULT '',
  staff_id     INTEGER REFERENCES staff (id),
  shift_id     INTEGER REFERENCES shifts (id),
  session_id   INTEGER REFERENCES sessions (id),
  seat_id      INTEGER REFERENCES seats (id),
  print_job    TEXT,                         -- the agent's job key: a print is charged once
  reverses_id  INTEGER REFERENCES ledger (id) UNIQUE
);
CREATE UNIQUE INDEX ledger_print_once ON ledger (seat_id, print_job) WHERE print_job IS NOT NULL;
CREATE INDEX ledger_resident ON ledger (resident_id, at);
CREATE INDEX ledger_at ON ledger (at);
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN
  SELECT RAISE (ABORT, 'the ledger is append-only: add a reversal instead');
END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN
  SELECT RAISE (ABORT, 'the ledger is append-only: add a reversal instead');
END;

-- Every staff action, for the coordinator and the treasurer.
CREATE TABLE audit (
  id       INTEGER PRIMARY KEY,
  at       INTEGER NOT NULL,
  staff_id INTEGER REFERENCES staff (id),
  action   TEXT NOT NULL,                    -- 'session.start', 'pay', 'seat.lock', ...
  detail   TEXT NOT NULL DEFAULT ''
);

INSERT INTO categories (name, percent) VALUES ('standard', 100), ('reduced', 50), ('exempt', 0);
INSERT INTO tariffs (service, label, price, per_minutes) VALUES
  ('internet', 'Computer and internet', 100, 30),
  ('print-bw', 'Print, black and white (page)', 20, 0),
  ('print-color', 'Print, colour (page)', 100, 0),
  ('copy', 'Copy (A4 page)', 20, 0),
  ('scan', 'Scan (page)', 50, 0);
INSERT INTO settings (key, value) VALUES
  ('site_name', 'Netpont'),
  ('currency', 'HUF'),
  ('currency_decimals', '0'),
  ('open_time', '09:00'),
  ('close_time', '18:00'),
  ('open_days', '123456'),             -- ISO weekdays the room is open (1 = Monday)
  ('daily_allowance_min', '60'),       -- per resident per day; 0 = no limit
  ('guest_default_min', '30'),
  ('pin_max_tries', '3'),
  ('default_category', 'standard');
