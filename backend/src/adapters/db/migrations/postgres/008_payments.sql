-- 008: payments with Midtrans Snap (issue 13).
-- A provider may require payment at booking time (services with a price): such a booking is
-- created pending + unpaid and holds its slot until payment_due_at; the hold sweeper cancels
-- the ones still unpaid then.
ALTER TABLE service_providers ADD COLUMN requires_payment boolean NOT NULL DEFAULT false;
ALTER TABLE bookings ADD COLUMN payment_due_at timestamptz;
-- What the sweeper asks on every pass: holds that ran out.
CREATE INDEX idx_bookings_payment_due ON bookings (payment_due_at)
  WHERE status = 'pending' AND payment_status = 'unpaid' AND payment_due_at IS NOT NULL;

-- One row per payment attempt: Midtrans takes an order id once, so each attempt of a booking
-- has its own ("JNJ-<booking hex>-<attempt>", at most 47 characters of the 50 allowed).
CREATE TABLE payments (
  id               uuid PRIMARY KEY,
  booking_id       uuid NOT NULL REFERENCES bookings (id) ON DELETE RESTRICT,
  attempt          integer NOT NULL,
  order_id         varchar(50) NOT NULL,
  gross_amount     bigint NOT NULL,
  currency         varchar(3) NOT NULL DEFAULT 'IDR',
  status           varchar(20) NOT NULL DEFAULT 'pending',
  snap_token       varchar(255),
  redirect_url     text,
  expires_at       timestamptz NOT NULL,
  transaction_id   varchar(255),
  payment_type     varchar(64),
  refunded_amount  bigint NOT NULL DEFAULT 0,
  paid_at          timestamptz,
  idempotency_key  varchar(255),
  failure_reason   text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payments_order_id_key UNIQUE (order_id),
  CONSTRAINT payments_booking_attempt_key UNIQUE (booking_id, attempt),
  CONSTRAINT payments_attempt_check CHECK (attempt >= 1),
  CONSTRAINT payments_order_id_check CHECK (order_id ~ '^[A-Za-z0-9_~.-]{1,50}$'),
  CONSTRAINT payments_gross_amount_check CHECK (gross_amount > 0),
  CONSTRAINT payments_refunded_amount_check
    CHECK (refunded_amount >= 0 AND refunded_amount <= gross_amount),
  CONSTRAINT payments_status_check CHECK (status IN ('pending', 'challenge', 'denied', 'failed',
    'expired', 'cancelled', 'paid', 'partially_refunded', 'refunded'))
);
-- At most one live attempt (the customer may still complete it) per booking.
CREATE UNIQUE INDEX uq_payments_live_attempt ON payments (booking_id)
  WHERE status IN ('pending', 'challenge');
CREATE UNIQUE INDEX uq_payments_booking_idempotency ON payments (booking_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- Every notification received, applied or not: what Midtrans said and what Janji did.
CREATE TABLE payment_notifications (
  id                 uuid PRIMARY KEY,
  payment_id         uuid REFERENCES payments (id) ON DELETE CASCADE,
  order_id           varchar(255) NOT NULL,
  transaction_status varchar(64) NOT NULL,
  raw_body           text NOT NULL,
  signature_valid    boolean NOT NULL,
  applied            boolean NOT NULL,
  outcome            text NOT NULL,
  source             varchar(20) NOT NULL DEFAULT 'notification',
  received_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payment_notifications_source_check
    CHECK (source IN ('notification', 'status_check', 'refund_api', 'simulator'))
);
CREATE INDEX idx_payment_notifications_payment ON payment_notifications (payment_id, received_at);
CREATE INDEX idx_payment_notifications_order ON payment_notifications (order_id);
