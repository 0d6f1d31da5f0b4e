// The server's clock as the browser best knows it. Deadlines the server sets (a payment hold's
// `payment_due_at`) are counted down against the server's time, not the device's: a phone whose
// clock is a few minutes off must not show time that is not there (or hide time that is).
// The offset comes from instants the server stamped "now": its `Date` header when it sends
// one, and a booking's `created_at` in the answer that created it.

let offsetMs = 0;

// `serverMs` is the server's "now" as it answered; `receivedMs` the device's clock then.
export function noteServerTime(serverMs: number, receivedMs: number = Date.now()): void {
  if (Number.isFinite(serverMs)) offsetMs = serverMs - receivedMs;
}

// An HTTP `Date` header (whole seconds): only moves the offset when it disagrees by more than
// its own precision, so a finer estimate (created_at) is not replaced by a coarser one.
export function noteDateHeader(value: string | null, receivedMs: number = Date.now()): void {
  if (!value) return;
  const serverMs = Date.parse(value);
  if (!Number.isFinite(serverMs)) return;
  const offset = serverMs - receivedMs;
  if (Math.abs(offset - offsetMs) > 1500) offsetMs = offset;
}

export function serverNow(): number {
  return Date.now() + offsetMs;
}

// For tests.
export function resetServerClock(): void {
  offsetMs = 0;
}
