-- 008: payments with Midtrans Snap (issue 13). See the PostgreSQL migration for the why.
ALTER TABLE service_providers ADD COLUMN requires_payment INTEGER NOT NULL DEFAULT 0
  CHECK (requires_payment IN (0, 1));
ALTER TABLE bookings ADD COLUMN payment_due_at TEXT
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', payment_due_at, '+0 seconds') IS payment_due_at);
CREATE INDEX idx_bookings_payment_due ON bookings (payment_due_at)
  WHERE status = 'pending' AND payment_status = 'unpaid' AND payment_due_at IS NOT NULL;

CREATE TABLE payments (
  id               TEXT PRIMARY KEY NOT NULL,
  booking_id       TEXT NOT NULL REFERENCES bookings (id) ON DELETE RESTRICT,
  attempt          INTEGER NOT NULL,
  order_id         TEXT NOT NULL,
  gross_amount     INTEGER NOT NULL,
  currency         TEXT NOT NULL DEFAULT 'IDR',
  status           TEXT NOT NULL DEFAULT 'pending',
  snap_token       TEXT,
  redirect_url     TEXT,
  expires_at       TEXT NOT NULL,
  transaction_id   TEXT,
  payment_type     TEXT,
  refunded_amount  INTEGER NOT NULL DEFAULT 0,
  paid_at          TEXT,
  idempotency_key  TEXT,
  failure_reason   TEXT,
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CONSTRAINT payments_order_id_key UNIQUE (order_id),
  CONSTRAINT payments_booking_attempt_key UNIQUE (booking_id, attempt),
  CONSTRAINT payments_attempt_check CHECK (attempt >= 1),
  CONSTRAINT payments_order_id_check CHECK (length(order_id) BETWEEN 1 AND 50
    AND order_id NOT GLOB '*[^A-Za-z0-9_~.-]*'),
  CONSTRAINT payments_gross_amount_check CHECK (gross_amount > 0),
  CONSTRAINT payments_refunded_amount_check
    CHECK (refunded_amount >= 0 AND refunded_amount <= gross_amount),
  CONSTRAINT payments_status_check CHECK (status IN ('pending', 'challenge', 'denied', 'failed',
    'expired', 'cancelled', 'paid', 'partially_refunded', 'refunded')),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', expires_at, '+0 seconds') IS expires_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', paid_at, '+0 seconds') IS paid_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at)
);
CREATE UNIQUE INDEX uq_payments_live_attempt ON payments (booking_id)
  WHERE status IN ('pending', 'challenge');
CREATE UNIQUE INDEX uq_payments_booking_idempotency ON payments (booking_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

CREATE TABLE payment_notifications (
  id                 TEXT PRIMARY KEY NOT NULL,
  payment_id         TEXT REFERENCES payments (id) ON DELETE CASCADE,
  order_id           TEXT NOT NULL,
  transaction_status TEXT NOT NULL,
  raw_body           TEXT NOT NULL,
  signature_valid    INTEGER NOT NULL CHECK (signature_valid IN (0, 1)),
  applied            INTEGER NOT NULL CHECK (applied IN (0, 1)),
  outcome            TEXT NOT NULL,
  source             TEXT NOT NULL DEFAULT 'notification',
  received_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CONSTRAINT payment_notifications_source_check
    CHECK (source IN ('notification', 'status_check', 'refund_api', 'simulator')),
  CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', received_at, '+0 seconds') IS received_at)
);
CREATE INDEX idx_payment_notifications_payment ON payment_notifications (payment_id, received_at);
CREATE INDEX idx_payment_notifications_order ON payment_notifications (order_id);
