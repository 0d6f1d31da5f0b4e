-- 005: bookings carry their UTC instants [starts_at, ends_at) beside the provider-local date
-- and times (DESIGN.md section 4), as ISO-8601 'YYYY-MM-DDTHH:MM:SSZ' text (it sorts as time).
-- The columns start nullable; right after this file, in the same transaction, the runner's C++
-- step for 005 (booking_instants_migration.cpp, one code path for both dialects; SQLite has no
-- time zones) fills them for every row from the provider's time zone and rewrites end_time to
-- the wall-clock reading of ends_at. 006 rebuilds the table with the new guards.
--
-- The wall-clock overlap triggers go here rather than in 006: the true end times they would
-- refuse are what the C++ step writes (a 60-minute booking at 01:30 on a spring-forward night
-- ends at 03:30 and may reach into a booking they let in). The table CHECK end_time >
-- start_time cannot be dropped; the step writes with CHECK constraints ignored and 006's
-- rebuild leaves it out.
DROP TRIGGER bookings_no_overlap_insert;
DROP TRIGGER bookings_no_overlap_update;
ALTER TABLE bookings ADD COLUMN starts_at TEXT;
ALTER TABLE bookings ADD COLUMN ends_at TEXT;
