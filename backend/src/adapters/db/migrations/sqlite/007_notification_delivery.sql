-- janji:foreign-keys-off
-- 007: the outbox is delivered (issue 12). SQLite cannot change a CHECK constraint in place,
-- so notifications is rebuilt (nothing references it).
-- A worker claims due pending rows for a lease (claimed_by, claim_expires_at): a claimer that
-- dies leaves rows that are taken again once the lease ends; only the current claimer may mark
-- a row done. 'skipped': a row that no longer applies when its turn comes (a reminder for a
-- booking cancelled meanwhile). dedupe_key makes a second copy of the same message impossible
-- (one reminder per booking).
CREATE TABLE notifications_new (
  id                  TEXT PRIMARY KEY NOT NULL,
  user_id             TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  booking_id          TEXT REFERENCES bookings (id) ON DELETE SET NULL,
  type                TEXT NOT NULL,
  channel             TEXT NOT NULL DEFAULT 'email',
  status              TEXT NOT NULL DEFAULT 'pending',
  recipient_email     TEXT,
  payload             TEXT,
  attempts            INTEGER NOT NULL DEFAULT 0,
  next_attempt_at     TEXT,
  error_message       TEXT,
  sent_at             TEXT,
  created_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  dedupe_key          TEXT,
  claimed_by          TEXT,
  claim_expires_at    TEXT,
  provider_message_id TEXT,
  updated_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CONSTRAINT notifications_type_check CHECK (type <> ''),
  CONSTRAINT notifications_channel_check CHECK (channel IN ('email', 'push')),
  CONSTRAINT notifications_status_check CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  CONSTRAINT notifications_payload_check CHECK (payload IS NULL OR json_valid(payload)),
  CONSTRAINT notifications_attempts_check CHECK (attempts >= 0),
  CONSTRAINT notifications_dedupe_key_key UNIQUE (dedupe_key),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', next_attempt_at, '+0 seconds') IS next_attempt_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', sent_at, '+0 seconds') IS sent_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', claim_expires_at, '+0 seconds') IS claim_expires_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at)
);

INSERT INTO notifications_new (id, user_id, booking_id, type, channel, status, recipient_email,
                               payload, attempts, next_attempt_at, error_message, sent_at,
                               created_at, updated_at)
SELECT id, user_id, booking_id, type, channel, status, recipient_email, payload, attempts,
       next_attempt_at, error_message, sent_at, created_at, created_at
FROM notifications;

DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;

CREATE INDEX idx_notifications_user_status ON notifications (user_id, status, created_at DESC);
CREATE INDEX idx_notifications_booking ON notifications (booking_id);
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
ALTER TABLE service_providers ADD COLUMN calendar_feed_token_hash TEXT;
ALTER TABLE service_providers ADD COLUMN calendar_feed_token_created_at TEXT
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', calendar_feed_token_created_at, '+0 seconds')
         IS calendar_feed_token_created_at);
CREATE UNIQUE INDEX idx_service_providers_calendar_feed_token
  ON service_providers (calendar_feed_token_hash);
