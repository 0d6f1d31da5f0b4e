-- 005: bookings carry their UTC instants [starts_at, ends_at) beside the provider-local date
-- and times (DESIGN.md section 4). The columns start nullable; right after this file, in the
-- same transaction, the runner's C++ step for 005 (booking_instants_migration.cpp, one code
-- path for both dialects) fills them for every row from the provider's time zone and rewrites
-- end_time to the wall-clock reading of ends_at. 006 makes them NOT NULL and guards them.
--
-- The wall-clock guards go here rather than in 006: the true end times they would refuse are
-- exactly what the C++ step writes (a 60-minute booking at 01:30 on a fall-back night ends at
-- 01:30, before its start; on a spring-forward night one at 01:30 ends at 03:30 and may reach
-- into a booking the wall-clock guard let in).
ALTER TABLE bookings
  DROP CONSTRAINT bookings_time_range_check,
  DROP CONSTRAINT bookings_no_overlap,
  ADD COLUMN starts_at timestamptz,
  ADD COLUMN ends_at timestamptz;
