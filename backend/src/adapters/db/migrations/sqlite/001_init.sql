-- 001_init (SQLite): the whole initial schema.
-- The runner executes this file in one transaction and records the version itself.
-- Conventions (DESIGN.md section 4): ids are application-generated UUID text; instants are UTC
-- text 'YYYY-MM-DDTHH:MM:SSZ' (the checks keep them sortable as text); dates are
-- 'YYYY-MM-DD' and wall-clock times 'HH:MM:SS' (zero-padded, so text order is time order);
-- booleans are 0/1; money is integer rupiah; enums are CHECK constraints.
-- Constraint errors all have code 19: named constraints and the 'bookings_no_overlap' trigger
-- message let the repositories tell them apart.

-- ---------------------------------------------------------------------------------------------
-- users
-- ---------------------------------------------------------------------------------------------
CREATE TABLE users (
  id            TEXT PRIMARY KEY NOT NULL,
  email         TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  full_name     TEXT NOT NULL,
  phone         TEXT,
  role          TEXT NOT NULL DEFAULT 'customer',
  is_verified   INTEGER NOT NULL DEFAULT 0,
  avatar_url    TEXT,
  locale        TEXT NOT NULL DEFAULT 'id',
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  deleted_at    TEXT,
  CONSTRAINT users_email_lowercase_check CHECK (email = lower(email) AND email <> ''),
  CONSTRAINT users_role_check CHECK (role IN ('customer', 'provider', 'admin')),
  CONSTRAINT users_is_verified_check CHECK (is_verified IN (0, 1)),
  CONSTRAINT users_locale_check CHECK (locale IN ('id', 'en')),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at)
);

-- The spec's idx_users_email doubles as the uniqueness guard (emails are stored lowercase).
CREATE UNIQUE INDEX idx_users_email ON users (email);
CREATE INDEX idx_users_email_verified ON users (email, is_verified);
CREATE INDEX idx_users_role ON users (role);

-- ---------------------------------------------------------------------------------------------
-- auth tokens (only hashes are stored)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE refresh_tokens (
  id         TEXT PRIMARY KEY NOT NULL,
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family_id  TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  rotated_at TEXT,
  revoked_at TEXT,
  CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', expires_at, '+0 seconds') IS expires_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', rotated_at, '+0 seconds') IS rotated_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', revoked_at, '+0 seconds') IS revoked_at)
);

CREATE INDEX idx_refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX idx_refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE one_time_tokens (
  id         TEXT PRIMARY KEY NOT NULL,
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose    TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at    TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CONSTRAINT one_time_tokens_token_hash_key UNIQUE (token_hash),
  CONSTRAINT one_time_tokens_purpose_check CHECK (purpose IN ('verify_email', 'reset_password')),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', expires_at, '+0 seconds') IS expires_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', used_at, '+0 seconds') IS used_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at)
);

CREATE INDEX idx_one_time_tokens_user_purpose ON one_time_tokens (user_id, purpose);

-- ---------------------------------------------------------------------------------------------
-- service_providers
-- ---------------------------------------------------------------------------------------------
CREATE TABLE service_providers (
  id                    TEXT PRIMARY KEY NOT NULL,
  user_id               TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  business_name         TEXT NOT NULL,
  business_type         TEXT NOT NULL,
  description           TEXT,
  address               TEXT,
  latitude              REAL,
  longitude             REAL,
  pricing_info          TEXT NOT NULL DEFAULT '{}',
  is_active             INTEGER NOT NULL DEFAULT 1,
  timezone              TEXT NOT NULL DEFAULT 'Asia/Jakarta',
  slot_interval_minutes INTEGER NOT NULL DEFAULT 30,
  min_notice_minutes    INTEGER NOT NULL DEFAULT 60,
  max_advance_days      INTEGER NOT NULL DEFAULT 90,
  created_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  deleted_at            TEXT,
  CONSTRAINT service_providers_business_type_check
    CHECK (business_type IN ('doctor', 'salon', 'consultant', 'studio')),
  CONSTRAINT service_providers_latitude_check CHECK (latitude BETWEEN -90 AND 90),
  CONSTRAINT service_providers_longitude_check CHECK (longitude BETWEEN -180 AND 180),
  CONSTRAINT service_providers_coordinates_check CHECK ((latitude IS NULL) = (longitude IS NULL)),
  CONSTRAINT service_providers_pricing_info_check CHECK (json_valid(pricing_info)),
  CONSTRAINT service_providers_is_active_check CHECK (is_active IN (0, 1)),
  CONSTRAINT service_providers_timezone_check CHECK (timezone <> ''),
  CONSTRAINT service_providers_slot_interval_check CHECK (slot_interval_minutes BETWEEN 5 AND 240),
  CONSTRAINT service_providers_min_notice_check CHECK (min_notice_minutes >= 0),
  CONSTRAINT service_providers_max_advance_check CHECK (max_advance_days BETWEEN 1 AND 730),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at)
);

-- A user has at most one live provider profile.
CREATE UNIQUE INDEX uq_service_providers_user_live ON service_providers (user_id)
  WHERE deleted_at IS NULL;
CREATE INDEX idx_service_providers_user ON service_providers (user_id);
CREATE INDEX idx_service_providers_business_type ON service_providers (business_type);
CREATE INDEX idx_service_providers_is_active ON service_providers (is_active);
CREATE INDEX idx_active_providers ON service_providers (id) WHERE is_active = 1;

-- ---------------------------------------------------------------------------------------------
-- services
-- ---------------------------------------------------------------------------------------------
CREATE TABLE services (
  id                    TEXT PRIMARY KEY NOT NULL,
  provider_id           TEXT NOT NULL REFERENCES service_providers (id) ON DELETE CASCADE,
  name                  TEXT NOT NULL,
  description           TEXT,
  duration              INTEGER NOT NULL,
  price                 INTEGER NOT NULL DEFAULT 0,
  buffer_before_minutes INTEGER NOT NULL DEFAULT 0,
  buffer_after_minutes  INTEGER NOT NULL DEFAULT 0,
  is_active             INTEGER NOT NULL DEFAULT 1,
  created_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  deleted_at            TEXT,
  CONSTRAINT services_duration_check CHECK (duration BETWEEN 5 AND 1440),
  CONSTRAINT services_price_check CHECK (price >= 0),
  CONSTRAINT services_buffer_before_check CHECK (buffer_before_minutes >= 0),
  CONSTRAINT services_buffer_after_check CHECK (buffer_after_minutes >= 0),
  CONSTRAINT services_is_active_check CHECK (is_active IN (0, 1)),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at)
);

CREATE INDEX idx_services_provider ON services (provider_id);
CREATE INDEX idx_services_provider_active ON services (provider_id, is_active);

-- ---------------------------------------------------------------------------------------------
-- availability
-- ---------------------------------------------------------------------------------------------
CREATE TABLE availability_schedules (
  id          TEXT PRIMARY KEY NOT NULL,
  provider_id TEXT NOT NULL REFERENCES service_providers (id) ON DELETE CASCADE,
  day_of_week INTEGER NOT NULL,
  start_time  TEXT NOT NULL,
  end_time    TEXT NOT NULL,
  is_active   INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CONSTRAINT availability_schedules_day_of_week_check CHECK (day_of_week BETWEEN 0 AND 6),
  CONSTRAINT availability_schedules_time_range_check CHECK (end_time > start_time),
  CONSTRAINT availability_schedules_is_active_check CHECK (is_active IN (0, 1)),
  CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]:[0-5][0-9]' AND start_time <= '24:00:00'),
  CHECK (end_time GLOB '[0-2][0-9]:[0-5][0-9]:[0-5][0-9]' AND end_time <= '24:00:00'),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at)
);

CREATE INDEX idx_availability_provider ON availability_schedules (provider_id);
CREATE INDEX idx_availability_schedules_provider_day
  ON availability_schedules (provider_id, day_of_week, is_active);

CREATE TABLE availability_exceptions (
  id             TEXT PRIMARY KEY NOT NULL,
  provider_id    TEXT NOT NULL REFERENCES service_providers (id) ON DELETE CASCADE,
  exception_date TEXT NOT NULL,
  start_time     TEXT,
  end_time       TEXT,
  reason         TEXT,
  is_available   INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  -- Both times or neither (neither = the whole day).
  CONSTRAINT availability_exceptions_times_pair_check
    CHECK ((start_time IS NULL) = (end_time IS NULL)),
  CONSTRAINT availability_exceptions_time_range_check
    CHECK (start_time IS NULL OR end_time > start_time),
  CONSTRAINT availability_exceptions_is_available_check CHECK (is_available IN (0, 1)),
  CHECK (date(exception_date, '+0 days') IS exception_date),
  CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]:[0-5][0-9]' AND start_time <= '24:00:00'),
  CHECK (end_time GLOB '[0-2][0-9]:[0-5][0-9]:[0-5][0-9]' AND end_time <= '24:00:00'),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at)
);

CREATE INDEX idx_availability_exceptions_provider_date
  ON availability_exceptions (provider_id, exception_date);

-- ---------------------------------------------------------------------------------------------
-- bookings (history is kept: the parents cannot be deleted from under a booking)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE bookings (
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
  CONSTRAINT bookings_status_check
    CHECK (status IN ('pending', 'confirmed', 'cancelled', 'completed', 'no_show')),
  CONSTRAINT bookings_payment_status_check
    CHECK (payment_status IN ('unpaid', 'paid', 'refunded')),
  CONSTRAINT bookings_time_range_check CHECK (end_time > start_time),
  CHECK (date(booking_date, '+0 days') IS booking_date),
  CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]:[0-5][0-9]' AND start_time <= '24:00:00'),
  CHECK (end_time GLOB '[0-2][0-9]:[0-5][0-9]:[0-5][0-9]' AND end_time <= '24:00:00'),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', cancelled_at, '+0 seconds') IS cancelled_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at)
);

-- The spec's UNIQUE (provider_id, booking_date, start_time), on active bookings only, so a
-- cancelled booking frees its slot.
CREATE UNIQUE INDEX uq_bookings_provider_slot_active
  ON bookings (provider_id, booking_date, start_time)
  WHERE status IN ('pending', 'confirmed');
CREATE UNIQUE INDEX uq_bookings_customer_idempotency
  ON bookings (customer_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- Spec indexes (the single-column/prefix ones are kept because the spec lists them).
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

-- No two active bookings of one provider overlap: half-open [start, end) on the same date.
-- SQLite has no exclusion constraints; these triggers are the guard (PostgreSQL uses the
-- bookings_no_overlap EXCLUDE constraint). The booking transaction is BEGIN IMMEDIATE, so the
-- check and the write are serialised.
CREATE TRIGGER bookings_no_overlap_insert
BEFORE INSERT ON bookings
WHEN NEW.status IN ('pending', 'confirmed')
BEGIN
  SELECT RAISE(ABORT, 'bookings_no_overlap')
  WHERE EXISTS (
    SELECT 1 FROM bookings AS b
    WHERE b.provider_id = NEW.provider_id
      AND b.booking_date = NEW.booking_date
      AND b.status IN ('pending', 'confirmed')
      AND b.start_time < NEW.end_time
      AND NEW.start_time < b.end_time
  );
END;

CREATE TRIGGER bookings_no_overlap_update
BEFORE UPDATE OF provider_id, booking_date, start_time, end_time, status ON bookings
WHEN NEW.status IN ('pending', 'confirmed')
BEGIN
  SELECT RAISE(ABORT, 'bookings_no_overlap')
  WHERE EXISTS (
    SELECT 1 FROM bookings AS b
    WHERE b.id <> OLD.id
      AND b.provider_id = NEW.provider_id
      AND b.booking_date = NEW.booking_date
      AND b.status IN ('pending', 'confirmed')
      AND b.start_time < NEW.end_time
      AND NEW.start_time < b.end_time
  );
END;

-- ---------------------------------------------------------------------------------------------
-- notifications (also the outbox: pending rows are claimed and delivered by a worker)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE notifications (
  id              TEXT PRIMARY KEY NOT NULL,
  user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  booking_id      TEXT REFERENCES bookings (id) ON DELETE SET NULL,
  type            TEXT NOT NULL,
  channel         TEXT NOT NULL DEFAULT 'email',
  status          TEXT NOT NULL DEFAULT 'pending',
  recipient_email TEXT,
  payload         TEXT,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  error_message   TEXT,
  sent_at         TEXT,
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CONSTRAINT notifications_type_check CHECK (type <> ''),
  CONSTRAINT notifications_channel_check CHECK (channel IN ('email', 'push')),
  CONSTRAINT notifications_status_check CHECK (status IN ('pending', 'sent', 'failed')),
  CONSTRAINT notifications_payload_check CHECK (payload IS NULL OR json_valid(payload)),
  CONSTRAINT notifications_attempts_check CHECK (attempts >= 0),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', next_attempt_at, '+0 seconds') IS next_attempt_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', sent_at, '+0 seconds') IS sent_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at)
);

CREATE INDEX idx_notifications_user_status ON notifications (user_id, status, created_at DESC);
CREATE INDEX idx_notifications_status_next_attempt ON notifications (status, next_attempt_at);
CREATE INDEX idx_notifications_booking ON notifications (booking_id);
