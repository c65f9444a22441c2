-- Netpont database, migration 10 (PRAGMA user_version = 10): opening hours per weekday, lunch breaks and closed dates.
-- Applied after schema-v9.sql in one transaction; never edited once released.

-- Days the room stays closed although their weekday is open (holidays), each
-- with a note for the staff ("Christmas"). day is the local date.
CREATE TABLE closed_dates (
  day  TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200)
);

-- The week's hours become one setting per weekday, hours_1 (Monday) ..
-- hours_7 (Sunday): "09:00-18:00", "09:00-12:00,13:00-18:00" with a lunch
-- break, or "closed". They are taken from open_time, close_time and open_days
-- (the seed values where one is missing), which then go: SettingSet still
-- accepts them and turns them into hours_N (core/rules.c).
WITH days(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM days WHERE n < 7),
     old(open_time, close_time, open_days) AS (
       SELECT coalesce((SELECT value FROM settings WHERE key = 'open_time'), '09:00'),
              coalesce((SELECT value FROM settings WHERE key = 'close_time'), '18:00'),
              coalesce((SELECT value FROM settings WHERE key = 'open_days'), '123456'))
INSERT OR IGNORE INTO settings (key, value)
SELECT 'hours_' || days.n,
       CASE WHEN instr(old.open_days, CAST(days.n AS TEXT)) > 0
            THEN old.open_time || '-' || old.close_time ELSE 'closed' END
FROM days, old;

DELETE FROM settings WHERE key IN ('open_time', 'close_time', 'open_days');
