-- 002_schedule_guards (PostgreSQL 15): the database decides that the active weekly ranges of
-- one provider never overlap on the same day, as bookings_no_overlap does for bookings.
-- The runner executes this file in one transaction and records the version itself.
-- An existing overlap makes this migration fail (nothing is changed): deactivate or fix the
-- offending ranges first.

-- Times are mapped onto one fixed day so that tsrange can compare them; '24:00:00' becomes the
-- next midnight, still a valid half-open end. A violation is SQLSTATE 23P01. btree_gist (for
-- the = on uuid and integer) comes from 001.
ALTER TABLE availability_schedules
  ADD CONSTRAINT availability_schedules_no_overlap EXCLUDE USING gist (
    provider_id WITH =,
    day_of_week WITH =,
    tsrange('2000-01-01'::date + start_time, '2000-01-01'::date + end_time, '[)') WITH &&
  ) WHERE (is_active);

-- The directory's default listing (live providers by name) reads this in order.
CREATE INDEX idx_service_providers_live_name ON service_providers (business_name, id)
  WHERE deleted_at IS NULL;
