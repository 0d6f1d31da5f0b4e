-- 007: the outbox is delivered (issue 12).
-- A worker claims due pending rows for a lease (claimed_by, claim_expires_at): a claimer that
-- dies leaves rows that another instance takes again once the lease ends; only the current
-- claimer may mark a row done. 'skipped': a row that no longer applies when its turn comes
-- (a reminder for a booking cancelled meanwhile). dedupe_key makes a second copy of the same
-- message impossible (one reminder per booking).
ALTER TABLE notifications DROP CONSTRAINT notifications_status_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_status_check
  CHECK (status IN ('pending', 'sent', 'failed', 'skipped'));
ALTER TABLE notifications ADD COLUMN dedupe_key varchar(128);
ALTER TABLE notifications ADD COLUMN claimed_by varchar(64);
ALTER TABLE notifications ADD COLUMN claim_expires_at timestamptz;
ALTER TABLE notifications ADD COLUMN provider_message_id varchar(255);
ALTER TABLE notifications ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE notifications ADD CONSTRAINT notifications_dedupe_key_key UNIQUE (dedupe_key);

DROP INDEX idx_notifications_status_next_attempt;
-- Rows written before 007 are due since they were written.
UPDATE notifications SET next_attempt_at = created_at WHERE next_attempt_at IS NULL;
-- What the worker asks on every poll: due pending rows, oldest first.
CREATE INDEX idx_notifications_due ON notifications (next_attempt_at, created_at)
  WHERE status = 'pending';
-- The admin notification centre lists newest first, filtered by status and type.
CREATE INDEX idx_notifications_created ON notifications (created_at DESC);

-- The reminder scanner: confirmed bookings by start.
CREATE INDEX idx_bookings_confirmed_start ON bookings (starts_at) WHERE status = 'confirmed';

-- A provider's private calendar subscription: only the SHA-256 of the token is stored; a new
-- token replaces the old one, NULL revokes it.
ALTER TABLE service_providers ADD COLUMN calendar_feed_token_hash varchar(64);
ALTER TABLE service_providers ADD COLUMN calendar_feed_token_created_at timestamptz;
ALTER TABLE service_providers ADD CONSTRAINT service_providers_calendar_feed_token_key
  UNIQUE (calendar_feed_token_hash);
