-- Netpont database, migration 6 (PRAGMA user_version = 6): the sums a
-- treasurer's report needs, kept as the ledger grows, so that a report reads
-- a few rows instead of adding up the ledger's.
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

-- The ledger's sums per UTC hour (slot = at / 3600), kept as the ledger
-- grows, four ways (dim): 'day' (key ''), 'service' (the charge's service,
-- '(payments)' for payments and waivers), 'staff' (the staff id as text, ''
-- for a self-login or print) and 'category' ('(none)' when not known). A
-- reversal counts as the kind of the row it reverses with the opposite
-- sign, under that row's staff and its own (copied) service and category.
-- A treasurer's report over whole hours sums these rows instead of the
-- ledger's: a year is 8,760 slots, however many rows it has. Local midnights
-- fall on whole UTC hours in most zones; store/reports.c sums the ledger
-- itself for a range that does not start and end on one.
CREATE TABLE ledger_slots (
  dim     TEXT NOT NULL,
  slot    INTEGER NOT NULL,
  key     TEXT NOT NULL,
  charged INTEGER NOT NULL,
  paid    INTEGER NOT NULL,
  waived  INTEGER NOT NULL,
  PRIMARY KEY (dim, slot, key)
) WITHOUT ROWID;
INSERT INTO ledger_slots (dim, slot, key, charged, paid, waived)
SELECT d.dim, e.at / 3600,
  CASE d.dim
    WHEN 'day' THEN ''
    WHEN 'service' THEN CASE WHEN e.k = 'charge' AND e.service IS NOT NULL
                             THEN e.service ELSE '(payments)' END
    WHEN 'staff' THEN COALESCE(CAST(e.staff AS TEXT), '')
    ELSE COALESCE(e.category, '(none)') END,
  SUM(CASE WHEN e.k = 'charge' THEN e.a ELSE 0 END),
  SUM(CASE WHEN e.k = 'payment' THEN e.a ELSE 0 END),
  SUM(CASE WHEN e.k = 'waiver' THEN e.a ELSE 0 END)
FROM (SELECT l.at AS at, l.service AS service, l.category AS category,
        CASE WHEN l.kind = 'reversal' THEN o.kind ELSE l.kind END AS k,
        CASE WHEN l.kind = 'reversal' THEN -l.amount ELSE l.amount END AS a,
        CASE WHEN l.kind = 'reversal' THEN o.staff_id ELSE l.staff_id END AS staff
      FROM ledger l LEFT JOIN ledger o ON o.id = l.reverses_id) AS e,
     (SELECT 'day' AS dim UNION ALL SELECT 'service' UNION ALL SELECT 'staff'
      UNION ALL SELECT 'category') AS d
WHERE e.k IS NOT NULL
GROUP BY 1, 2, 3;
CREATE TRIGGER ledger_slots_kept AFTER INSERT ON ledger
BEGIN
  INSERT INTO ledger_slots (dim, slot, key, charged, paid, waived)
  SELECT d.dim, NEW.at / 3600,
    CASE d.dim
      WHEN 'day' THEN ''
      WHEN 'service' THEN CASE WHEN e.k = 'charge' AND NEW.service IS NOT NULL
                               THEN NEW.service ELSE '(payments)' END
      WHEN 'staff' THEN COALESCE(CAST(e.staff AS TEXT), '')
      ELSE COALESCE(NEW.category, '(none)') END,
    CASE WHEN e.k = 'charge' THEN e.a ELSE 0 END,
    CASE WHEN e.k = 'payment' THEN e.a ELSE 0 END,
    CASE WHEN e.k = 'waiver' THEN e.a ELSE 0 END
  FROM (SELECT CASE WHEN NEW.kind = 'reversal' THEN o.kind ELSE NEW.kind END AS k,
          CASE WHEN NEW.kind = 'reversal' THEN -NEW.amount ELSE NEW.amount END AS a,
          CASE WHEN NEW.kind = 'reversal' THEN o.staff_id ELSE NEW.staff_id END AS staff
        FROM (SELECT 1) LEFT JOIN ledger o ON o.id = NEW.reverses_id) AS e,
       (SELECT 'day' AS dim UNION ALL SELECT 'service' UNION ALL SELECT 'staff'
        UNION ALL SELECT 'category') AS d
  WHERE e.k IS NOT NULL
  ON CONFLICT (dim, slot, key) DO UPDATE SET
    charged = charged + excluded.charged,
    paid = paid + excluded.paid,
    waived = waived + excluded.waived;
END;
