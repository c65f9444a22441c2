-- Netpont database, migration 2 (PRAGMA user_version = 2): trust on the
-- wire and at the door (sign-in throttling, limits, a readable audit).
-- Applied after schema.sql in one transaction; never edited once released.

-- (sign-in throttling)

-- (limits: request keys)

-- (audit)
