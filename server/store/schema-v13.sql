-- Netpont database, migration 13 (PRAGMA user_version = 13): volunteer hours.
-- Applied after schema-v12.sql in one transaction; never edited once released.

-- A stretch of a staff member's volunteering: clocked in and out (source
-- 'clock'), started by a cash shift ('shift'), or recorded afterwards by an
-- administrator ('admin'). ended_at is NULL while clocked in. A wrong entry
-- is removed (removed_at), never deleted, so the monthly sheets a volunteer
-- signed can be explained.
CREATE TABLE volunteer_periods (
  id          INTEGER PRIMARY KEY,
  staff_id    INTEGER NOT NULL REFERENCES staff (id),
  activity    TEXT NOT NULL
              CHECK (activity IN ('desk', 'tutoring', 'it_help', 'event', 'other')),
  started_at  INTEGER NOT NULL,
  ended_at    INTEGER CHECK (ended_at IS NULL OR ended_at > started_at),
  source      TEXT NOT NULL CHECK (source IN ('clock', 'shift', 'admin')),
  shift_id    INTEGER REFERENCES shifts (id),
  note        TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
  recorded_by INTEGER REFERENCES staff (id),
  recorded_at INTEGER NOT NULL,
  removed_at  INTEGER,
  removed_by  INTEGER REFERENCES staff (id)
);
CREATE UNIQUE INDEX volunteer_periods_open ON volunteer_periods (staff_id)
  WHERE ended_at IS NULL AND removed_at IS NULL;
CREATE INDEX volunteer_periods_started ON volunteer_periods (started_at);
