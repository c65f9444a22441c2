-- Netpont database, migration 7 (PRAGMA user_version = 7): indexes for the
-- lookups every request of a large site makes.
-- Applied after schema-v6.sql in one transaction; never edited once released.

-- A seat's open help call is looked up for every seat of a SeatList and
-- every SeatEvent; without this index each lookup scanned every help call
-- ever raised. The rowid ends each index entry, so "the newest call of the
-- seat" (ORDER BY id DESC) is read from the index too.
CREATE INDEX help_calls_seat ON help_calls (seat_id);

-- The session timer asks for the nearest end of a running session after
-- every request that moves one, and the expiry sweep for the running
-- sessions already due; both scanned the whole history of sessions. Only
-- running sessions are indexed, so the index stays as small as the room.
CREATE INDEX sessions_running_ends ON sessions (ends_at) WHERE ended_at IS NULL;
