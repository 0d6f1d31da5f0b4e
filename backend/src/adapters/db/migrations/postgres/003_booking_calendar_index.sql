-- 003: the availability query reads every active booking of a provider's day; this index
-- covers it (dates, times, the service for its buffers, and the status the query tests) so
-- no table row is visited.
CREATE INDEX idx_bookings_active_calendar
  ON bookings (provider_id, booking_date, start_time, end_time, service_id, status)
  WHERE status IN ('pending', 'confirmed');
