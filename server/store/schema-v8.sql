-- Netpont database, migration 8 (PRAGMA user_version = 8): the money: prepaid credit, refunds, corrections of closed shifts.
-- Applied after schema-v7.sql in one transaction; never edited once released.

-- A refund is a 'payment' row with method 'refund': cash given back out of
-- the shift's box, from the resident's credit. Its amount is positive like
-- every row's; it counts the other way from a payment: it raises what the
-- resident owes (lowers their credit) and lowers the cash paid. A reversal
-- copies the method, so a reversed refund counts as a payment again.
-- The sums of schema-v6.sql are kept with that sign; no refund exists
-- before this migration, so their rows stay right as they are.
DROP TRIGGER ledger_owed_kept;
CREATE TRIGGER ledger_owed_kept AFTER INSERT ON ledger
BEGIN
  UPDATE ledger_owed SET owed = owed + CASE WHEN NEW.method = 'refund' THEN -1 ELSE 1 END * CASE
    WHEN NEW.kind = 'charge' THEN NEW.amount
    WHEN NEW.kind IN ('payment', 'waiver') THEN -NEW.amount
    WHEN (SELECT kind FROM ledger WHERE id = NEW.reverses_id) = 'charge' THEN -NEW.amount
    ELSE NEW.amount END
  WHERE id = 1;
END;

DROP TRIGGER ledger_slots_kept;
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
          CASE WHEN NEW.kind = 'reversal' THEN -NEW.amount ELSE NEW.amount END
            * CASE WHEN NEW.method = 'refund' THEN -1 ELSE 1 END AS a,
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

-- Cash taken or given back with no shift open (the treasurer's report of
-- cash outside shifts reads these rows).
CREATE INDEX IF NOT EXISTS ledger_cash_outside_shift ON ledger (at) WHERE shift_id IS NULL AND method IN ('cash', 'refund');
-- The reversals a shift carried, and its own cash, by shift.
CREATE INDEX IF NOT EXISTS ledger_shift ON ledger (shift_id) WHERE shift_id IS NOT NULL;

-- What each cash payment paid for: written with the payment, the oldest
-- charges still open first (as a bill covers them); the part that covered
-- nothing is credit and has no row. A reversal of the payment writes the
-- same rows with the opposite amounts (entry_id the reversal). Append-only,
-- like the ledger. The report by service counts a payment's rows under the
-- charges' services and only the rest under '(payments)'.
CREATE TABLE IF NOT EXISTS ledger_allocations (
  id        INTEGER PRIMARY KEY,
  entry_id  INTEGER NOT NULL REFERENCES ledger (id),  -- the payment, or its reversal
  charge_id INTEGER NOT NULL REFERENCES ledger (id),  -- the charge it paid
  amount    INTEGER NOT NULL                          -- negative for a reversal
);
CREATE INDEX IF NOT EXISTS ledger_allocations_entry ON ledger_allocations (entry_id);
CREATE TRIGGER IF NOT EXISTS ledger_allocations_no_update BEFORE UPDATE ON ledger_allocations
BEGIN
  SELECT RAISE (ABORT, 'the ledger is append-only: add a reversal instead');
END;
CREATE TRIGGER IF NOT EXISTS ledger_allocations_no_delete BEFORE DELETE ON ledger_allocations
BEGIN
  SELECT RAISE (ABORT, 'the ledger is append-only: add a reversal instead');
END;
-- The hourly sums by service (schema-v6.sql) follow: the amount moves from
-- '(payments)' to the charge's service, in the hour of the payment.
CREATE TRIGGER IF NOT EXISTS ledger_allocations_slots_kept AFTER INSERT ON ledger_allocations
BEGIN
  INSERT INTO ledger_slots (dim, slot, key, charged, paid, waived)
  SELECT 'service', e.at / 3600, k.key, 0, k.paid, 0
  FROM ledger e,
       (SELECT COALESCE(c.service, '(payments)') AS key, NEW.amount AS paid
          FROM ledger c WHERE c.id = NEW.charge_id
        UNION ALL SELECT '(payments)', -NEW.amount) AS k
  WHERE e.id = NEW.entry_id
  ON CONFLICT (dim, slot, key) DO UPDATE SET paid = paid + excluded.paid;
END;
