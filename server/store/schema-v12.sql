-- Netpont database, migration 12 (PRAGMA user_version = 12): courses and bookings.
-- Applied after schema-v11.sql in one transaction; never edited once released.

-- A course of the community house ("Digital skills for seniors"): a tutor,
-- a fee per occasion (before the participant's category share, as every
-- charge; 0 = free) and the participants enrolled from the residents.
CREATE TABLE courses (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  tutor_id     INTEGER REFERENCES staff (id),     -- NULL: no tutor named
  fee          INTEGER NOT NULL DEFAULT 0 CHECK (fee >= 0), -- per occasion, minor units
  note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  created_by   INTEGER REFERENCES staff (id),
  created_at   INTEGER NOT NULL,
  cancelled_at INTEGER                             -- NULL while the course runs
);

CREATE TABLE course_enrolments (
  course_id   INTEGER NOT NULL REFERENCES courses (id),
  resident_id INTEGER NOT NULL REFERENCES residents (id),
  enrolled_at INTEGER NOT NULL,
  enrolled_by INTEGER REFERENCES staff (id),
  left_at     INTEGER,                             -- NULL while enrolled
  PRIMARY KEY (course_id, resident_id)
);

-- One meeting of a course ("Thursday 14:00-15:30"); its PCs are bookings
-- with this occasion_id.
CREATE TABLE course_occasions (
  id           INTEGER PRIMARY KEY,
  course_id    INTEGER NOT NULL REFERENCES courses (id),
  starts_at    INTEGER NOT NULL,
  ends_at      INTEGER NOT NULL CHECK (ends_at > starts_at),
  cancelled_at INTEGER
);
CREATE INDEX course_occasions_course ON course_occasions (course_id, starts_at);
CREATE INDEX course_occasions_starts ON course_occasions (starts_at);

-- A PC booked for a time span: for one resident, or for a course occasion.
-- A booking ends its life cancelled, claimed (the resident logged in at it)
-- or released (nobody came within booking_release_min).
CREATE TABLE bookings (
  id                 INTEGER PRIMARY KEY,
  seat_id            INTEGER NOT NULL REFERENCES seats (id),
  starts_at          INTEGER NOT NULL,
  ends_at            INTEGER NOT NULL CHECK (ends_at > starts_at),
  resident_id        INTEGER REFERENCES residents (id),
  occasion_id        INTEGER REFERENCES course_occasions (id),
  note               TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
  created_by         INTEGER REFERENCES staff (id),
  created_at         INTEGER NOT NULL,
  cancelled_at       INTEGER,
  cancelled_by       INTEGER REFERENCES staff (id),
  claimed_session_id INTEGER REFERENCES sessions (id),
  claimed_at         INTEGER,
  released_at        INTEGER,
  CHECK ((resident_id IS NULL) <> (occasion_id IS NULL))
);
CREATE INDEX bookings_seat_starts ON bookings (seat_id, starts_at);
CREATE INDEX bookings_starts ON bookings (starts_at);
CREATE INDEX bookings_occasion ON bookings (occasion_id) WHERE occasion_id IS NOT NULL;

-- Who came to an occasion: recorded from the logins at the course's PCs
-- (source 'login'), and set by the tutor ('tutor': present = 0 or 1).
CREATE TABLE course_attendance (
  occasion_id INTEGER NOT NULL REFERENCES course_occasions (id),
  resident_id INTEGER NOT NULL REFERENCES residents (id),
  present     INTEGER NOT NULL DEFAULT 1 CHECK (present IN (0, 1)),
  source      TEXT NOT NULL CHECK (source IN ('login', 'tutor')),
  session_id  INTEGER REFERENCES sessions (id),
  recorded_at INTEGER NOT NULL,
  recorded_by INTEGER REFERENCES staff (id),
  PRIMARY KEY (occasion_id, resident_id)
);

-- A session started for a course occasion (a participant's login or the
-- tutor's course guest): NULL for every other session.
ALTER TABLE sessions ADD COLUMN occasion_id INTEGER; -- course_occasions (id)

INSERT OR IGNORE INTO settings (key, value) VALUES ('booking_release_min', '10');
