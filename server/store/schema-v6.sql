-- Netpont database, migration 6 (PRAGMA user_version = 6): what all
-- residents owe, kept as the ledger grows, so that a treasurer's report
-- reads one row instead of adding up the whole ledger.
-- Applied after schema-v5.sql in one transaction; never edited once released.

-- The one row (id 1): every standing charge minus every standing payment
-- and waiver. The ledger is append-only (its triggers refuse UPDATE and
-- DELETE), so adding each new row's effect keeps it exact: a charge adds,
-- a payment or waiver subtracts, and a reversal does the opposite of the
-- row it reverses.
CREATE TABLE ledger_owed (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  owed INTEGER NOT NULL
);
INSERT INTO ledger_owed (id, owed)
SELECT 1, COALESCE(SUM(CASE
    WHEN l.kind = 'charge' THEN l.amount
    WHEN l.kind IN ('payment', 'waiver') THEN -l.amount
    WHEN o.kind = 'charge' THEN -l.amount
    ELSE l.amount END), 0)
FROM ledger l LEFT JOIN ledger o ON o.id = l.reverses_id;
CREATE TRIGGER ledger_owed_kept AFTER INSERT ON ledger
BEGIN
  UPDATE ledger_owed SET owed = owed + CASE
    WHEN NEW.kind = 'charge' THEN NEW.amount
    WHEN NEW.kind IN ('payment', 'waiver') THEN -NEW.amount
    WHEN (SELECT kind FROM ledger WHERE id = NEW.reverses_id) = 'charge' THEN -NEW.amount
    ELSE NEW.amount END
  WHERE id = 1;
END;
