-- janji:foreign-keys-off
-- 006: the guards compare instants (DESIGN.md section 5); 005 filled them for every row.
-- A 60-minute booking at 01:30 on a fall-back night ends at 01:30 (local end before local
-- start), and the two occurrences of a repeated hour share their local date and start time:
-- only the instants tell bookings apart and say whether they overlap.
--
-- A table CHECK cannot be dropped in SQLite, so the table is rebuilt as
-- https://www.sqlite.org/lang_altertable.html section 7 says. The marker on the first line
-- makes the runner turn foreign keys off around this migration's transaction (PRAGMA
-- foreign_keys is a no-op inside one) and run PRAGMA foreign_key_check before committing:
-- dropping the old table then leaves the notifications and reschedule links that point at
-- its rows untouched, and they point at the same ids in the new one.
CREATE TABLE new_bookings (
  id                  TEXT PRIMARY KEY NOT NULL,
  customer_id         TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  provider_id         TEXT NOT NULL REFERENCES service_providers (id) ON DELETE RESTRICT,
  service_id          TEXT NOT NULL REFERENCES services (id) ON DELETE RESTRICT,
  booking_date        TEXT NOT NULL,
  start_time          TEXT NOT NULL,
  end_time            TEXT NOT NULL,
  status              TEXT NOT NULL DEFAULT 'pending',
  customer_notes      TEXT,
  admin_notes         TEXT,
  cancellation_reason TEXT,
  payment_status      TEXT NOT NULL DEFAULT 'unpaid',
  payment_id          TEXT,
  rescheduled_from_id TEXT REFERENCES bookings (id) ON DELETE SET NULL,
  rescheduled_to_id   TEXT REFERENCES bookings (id) ON DELETE SET NULL,
  idempotency_key     TEXT,
  cancelled_at        TEXT,
  created_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  starts_at           TEXT NOT NULL,
  ends_at             TEXT NOT NULL,
  CONSTRAINT bookings_status_check
    CHECK (status IN ('pending', 'confirmed', 'cancelled', 'completed', 'no_show')),
  CONSTRAINT bookings_payment_status_check
    CHECK (payment_status IN ('unpaid', 'paid', 'refunded')),
  -- ISO text of one format compares in time order.
  CONSTRAINT bookings_instants_check CHECK (ends_at > starts_at),
  CHECK (date(booking_date, '+0 days') IS booking_date),
  CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]:[0-5][0-9]' AND start_time <= '24:00:00'),
  CHECK (end_time GLOB '[0-2][0-9]:[0-5][0-9]:[0-5][0-9]' AND end_time <= '24:00:00'),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', starts_at, '+0 seconds') IS starts_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', ends_at, '+0 seconds') IS ends_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', cancelled_at, '+0 seconds') IS cancelled_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at)
);

INSERT INTO new_bookings (
  id, customer_id, provider_id, service_id, booking_date, start_time, end_time, status,
  customer_notes, admin_notes, cancellation_reason, payment_status, payment_id,
  rescheduled_from_id, rescheduled_to_id, idempotency_key, cancelled_at, created_at, updated_at,
  starts_at, ends_at)
SELECT
  id, customer_id, provider_id, service_id, booking_date, start_time, end_time, status,
  customer_notes, admin_notes, cancellation_reason, payment_status, payment_id,
  rescheduled_from_id, rescheduled_to_id, idempotency_key, cancelled_at, created_at, updated_at,
  starts_at, ends_at
FROM bookings;

DROP TABLE bookings;
ALTER TABLE new_bookings RENAME TO bookings;

-- The spec's unique active slot, by instant: both occurrences of a repeated hour are bookable.
CREATE UNIQUE INDEX uq_bookings_provider_start_active
  ON bookings (provider_id, starts_at)
  WHERE status IN ('pending', 'confirmed');
CREATE UNIQUE INDEX uq_bookings_customer_idempotency
  ON bookings (customer_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- 001's spec indexes, as they were.
CREATE INDEX idx_bookings_provider_date ON bookings (provider_id, booking_date);
CREATE INDEX idx_bookings_customer ON bookings (customer_id);
CREATE INDEX idx_bookings_status ON bookings (status);
CREATE INDEX idx_bookings_provider_date_status ON bookings (provider_id, booking_date, status);
CREATE INDEX idx_bookings_customer_status ON bookings (customer_id, status);
CREATE INDEX idx_bookings_customer_date ON bookings (customer_id, booking_date);
CREATE INDEX idx_bookings_created_at ON bookings (created_at DESC);
CREATE INDEX idx_bookings_filter ON bookings (status, booking_date, provider_id)
  WHERE status NOT IN ('cancelled', 'completed');
CREATE INDEX idx_bookings_service ON bookings (service_id);

-- 003's covering index for the availability read, now with what that read also takes: the
-- instants, and the id (a reschedule leaves its own booking out by id), so no table row is
-- visited.
CREATE INDEX idx_bookings_active_calendar
  ON bookings (provider_id, booking_date, start_time, end_time, starts_at, ends_at, service_id,
               status, id)
  WHERE status IN ('pending', 'confirmed');

-- No two active bookings of one provider overlap in real time: half-open [starts_at,
-- ends_at). SQLite has no exclusion constraints; these triggers are the guard (PostgreSQL has
-- the bookings_no_overlap EXCLUDE constraint) and their message is what the repositories
-- recognise as a conflict. The booking transaction is BEGIN IMMEDIATE, so the check and the
-- write are serialised. An active booking that overlaps NEW ends after NEW starts: read
-- through idx_bookings_active_ends, that is the provider's later bookings only, not its whole
-- history (by starts_at it would be every booking before NEW's end).
CREATE INDEX idx_bookings_active_ends
  ON bookings (provider_id, ends_at, starts_at)
  WHERE status IN ('pending', 'confirmed');
CREATE TRIGGER bookings_no_overlap_insert
BEFORE INSERT ON bookings
WHEN NEW.status IN ('pending', 'confirmed')
BEGIN
  SELECT RAISE(ABORT, 'bookings_no_overlap')
  WHERE EXISTS (
    SELECT 1 FROM bookings AS b INDEXED BY idx_bookings_active_ends
    WHERE b.provider_id = NEW.provider_id
      AND b.status IN ('pending', 'confirmed')
      AND b.ends_at > NEW.starts_at
      AND b.starts_at < NEW.ends_at
  );
END;

CREATE TRIGGER bookings_no_overlap_update
BEFORE UPDATE OF provider_id, starts_at, ends_at, status ON bookings
WHEN NEW.status IN ('pending', 'confirmed')
BEGIN
  SELECT RAISE(ABORT, 'bookings_no_overlap')
  WHERE EXISTS (
    SELECT 1 FROM bookings AS b INDEXED BY idx_bookings_active_ends
    WHERE b.id <> OLD.id
      AND b.provider_id = NEW.provider_id
      AND b.status IN ('pending', 'confirmed')
      AND b.ends_at > NEW.starts_at
      AND b.starts_at < NEW.ends_at
  );
END;
