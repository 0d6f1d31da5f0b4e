-- 002_schedule_guards (SQLite): the database decides that the active weekly ranges of one
-- provider never overlap on the same day, as the bookings_no_overlap triggers do for bookings.
-- The runner executes this file in one transaction and records the version itself.
-- Existing overlaps are not checked here (triggers only see new writes).

-- Half-open [start, end): 'HH:MM:SS' text compares in time order, '24:00:00' included. The
-- message is what the repositories recognise as a conflict (all constraint errors are code 19).
CREATE TRIGGER availability_schedules_no_overlap_insert
BEFORE INSERT ON availability_schedules
WHEN NEW.is_active = 1
BEGIN
  SELECT RAISE(ABORT, 'availability_schedules_no_overlap')
  WHERE EXISTS (
    SELECT 1 FROM availability_schedules AS s
    WHERE s.provider_id = NEW.provider_id
      AND s.day_of_week = NEW.day_of_week
      AND s.is_active = 1
      AND s.start_time < NEW.end_time
      AND NEW.start_time < s.end_time
  );
END;

CREATE TRIGGER availability_schedules_no_overlap_update
BEFORE UPDATE OF provider_id, day_of_week, start_time, end_time, is_active
ON availability_schedules
WHEN NEW.is_active = 1
BEGIN
  SELECT RAISE(ABORT, 'availability_schedules_no_overlap')
  WHERE EXISTS (
    SELECT 1 FROM availability_schedules AS s
    WHERE s.id <> OLD.id
      AND s.provider_id = NEW.provider_id
      AND s.day_of_week = NEW.day_of_week
      AND s.is_active = 1
      AND s.start_time < NEW.end_time
      AND NEW.start_time < s.end_time
  );
END;

-- The directory's default listing (live providers by name) reads this in order.
CREATE INDEX idx_service_providers_live_name ON service_providers (business_name, id)
  WHERE deleted_at IS NULL;
