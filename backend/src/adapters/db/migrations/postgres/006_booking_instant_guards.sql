-- 006: the guards compare instants (DESIGN.md section 5); 005 filled them for every row.
-- A 60-minute booking at 01:30 on a fall-back night ends at 01:30 (local end before local
-- start), and the two occurrences of a repeated hour share their local date and start time:
-- only the instants tell bookings apart and say whether they overlap.
ALTER TABLE bookings
  ALTER COLUMN starts_at SET NOT NULL,
  ALTER COLUMN ends_at SET NOT NULL,
  ADD CONSTRAINT bookings_instants_check CHECK (ends_at > starts_at),
  -- No two active bookings of one provider overlap in real time: half-open [starts_at,
  -- ends_at). A violation is SQLSTATE 23P01. btree_gist (for the = on uuid) comes from 001.
  ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
    provider_id WITH =,
    tstzrange(starts_at, ends_at, '[)') WITH &&
  ) WHERE (status IN ('pending', 'confirmed'));

-- The spec's unique active slot, by instant: both occurrences of a repeated hour are bookable.
DROP INDEX uq_bookings_provider_slot_active;
CREATE UNIQUE INDEX uq_bookings_provider_start_active
  ON bookings (provider_id, starts_at)
  WHERE status IN ('pending', 'confirmed');

-- 003's covering index for the availability read, now with what that read also takes: the
-- instants, and the id (a reschedule leaves its own booking out by id), so it stays
-- index-only.
DROP INDEX idx_bookings_active_calendar;
CREATE INDEX idx_bookings_active_calendar
  ON bookings (provider_id, booking_date, start_time, end_time, starts_at, ends_at, service_id,
               status, id)
  WHERE status IN ('pending', 'confirmed');
