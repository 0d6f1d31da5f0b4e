#!/usr/bin/python3
"""Local HTTP server following Midtrans' Snap and Core API contract (CONTRACTS.md section 1).

One server plays both hosts (use its URL as the Snap base and as the API base):

  POST /snap/v1/transactions   Snap create. Basic auth base64(<--server-key> + ":"); checks the
                               body (1.2). 201 {token, redirect_url}; 400 {error_messages};
                               401 with Midtrans' exact body. The order is remembered with no
                               status yet (Get Status says 404 until a method is picked, 1.8).
  GET  /v2/<order_id>/status   Get Status (1.8): the order's current status, notification-shaped
                               and signed; 404 for an unknown order or one without a status.
  POST /v2/<order_id>/refund   Refund {refund_key, amount, reason}: settled orders only (else
                               412); the same refund_key again refunds nothing more. Posts a
                               refund / partial_refund notification like Midtrans.

Test control (not Midtrans):
  POST /_test/orders/<order_id>/status  {"transaction_status": "settlement",
        "fraud_status": "accept", "payment_type": ..., "notify_url": ..., "gross_amount": ...,
        "status_code": ..., "bad_signature": false}
      Sets the order's status and posts the HTTP notification (1.5 body, correctly signed unless
      bad_signature) to notify_url or --notify-url, if any. gross_amount / status_code override
      the posted text (the signature still covers what is posted). An unknown order is created
      when gross_amount is given (an integer), else 404. Answers {"notification": {...},
      "delivery": {"status": N, "body": "..."} | {"error": "..."} | null}.
  POST /_test/orders/<order_id>/notify  {"notify_url": ...}: posts the current status again
      (Midtrans repeats notifications, 1.9). Same answer.
  GET  /_test/orders                    every order: {order_id: {...}}
  GET  /_test/notifications             every notification posted, in order:
                                        [{"url", "body", "delivery"}]
  POST /_test/fail {"status": 500, "count": 1}  the next `count` Midtrans requests (Snap,
                                        status, refund) answer `status` with Midtrans' error body.
  POST /_test/quirks {"errors_in_200": true}  Core API errors answer HTTP 200 with the error
                                        status_code in the body (1.4), as Midtrans sometimes does.

Usage: midtrans_standin.py --port 0|N --server-key KEY [--notify-url URL]
Prints "ready <port>" on stdout once listening; SIGTERM or SIGINT end it cleanly.
"""

import argparse
import base64
import datetime
import hashlib
import json
import re
import signal
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 1024 * 1024
ORDER_ID = re.compile(r"^[A-Za-z0-9\-_~.]{1,50}$")
REFUND_KEY = re.compile(r"^[A-Za-z0-9\-_]{1,50}$")
START_TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$")
UNITS = {"day", "days", "hour", "hours", "minute", "minutes"}
STATUSES = {"authorize", "capture", "settlement", "pending", "deny", "cancel", "expire",
            "failure", "refund", "partial_refund"}
# status_code of each status in Midtrans' answers (1.7 samples; 200 for the rest).
STATUS_CODES = {"pending": "201", "deny": "202", "failure": "202", "expire": "407"}
UNAUTHORIZED = {"error_messages": [
    "Access denied due to unauthorized transaction, please check client or server key",
    "Visit https://snap-docs.midtrans.com/#request-headers for more details"]}
SERVER_ERROR = {"error_messages": [
    "Sorry, we encountered internal server error. We will fix this soon."], "locale": "en"}
MERCHANT_ID = "G000000000"
WIB = datetime.timezone(datetime.timedelta(hours=7))


def now_wib():
    return datetime.datetime.now(WIB).strftime("%Y-%m-%d %H:%M:%S")


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def signature(order_id, status_code, gross_amount, server_key):
    return hashlib.sha512((order_id + status_code + gross_amount + server_key).encode()).hexdigest()


def check_snap_body(body):
    """Returns a list of Midtrans-style error messages (empty when the body is acceptable)."""
    if not isinstance(body, dict):
        return ["The request body must be a JSON object"]
    td = body.get("transaction_details")
    if not isinstance(td, dict):
        return ["transaction_details is required"]
    errors = []
    order_id = td.get("order_id")
    if order_id is None:
        errors.append("transaction_details.order_id is required")
    elif not isinstance(order_id, str) or not ORDER_ID.match(order_id):
        errors.append("transaction_details.order_id must be at most 50 characters of "
                      "alphanumerics, '-', '_', '~' and '.'")
    gross = td.get("gross_amount")
    if gross is None:
        errors.append("transaction_details.gross_amount is required")
    elif not is_int(gross):
        errors.append("transaction_details.gross_amount is not a number")
    elif gross <= 0:
        errors.append("transaction_details.gross_amount must be greater than 0")
    items = body.get("item_details")
    if items is not None:
        if not isinstance(items, list):
            errors.append("item_details must be an array")
        else:
            total = 0
            for i, item in enumerate(items):
                if not isinstance(item, dict):
                    errors.append("item_details[%d] must be an object" % i)
                    continue
                if not is_int(item.get("price")):
                    errors.append("item_details[%d].price is not a number" % i)
                if not is_int(item.get("quantity")) or item.get("quantity") < 1:
                    errors.append("item_details[%d].quantity must be at least 1" % i)
                if not isinstance(item.get("name"), str) or not item.get("name"):
                    errors.append("item_details[%d].name is required" % i)
                if "id" in item and not isinstance(item["id"], str):
                    errors.append("item_details[%d].id must be a string" % i)
                if is_int(item.get("price")) and is_int(item.get("quantity")):
                    total += item["price"] * item["quantity"]
            if not errors and is_int(gross) and total != gross:
                errors.append("transaction_details.gross_amount is not equal to the sum of "
                              "item_details")
    customer = body.get("customer_details")
    if customer is not None:
        if not isinstance(customer, dict):
            errors.append("customer_details must be an object")
        else:
            for key in ("first_name", "last_name", "email", "phone"):
                if key in customer and not isinstance(customer[key], str):
                    errors.append("customer_details.%s must be a string" % key)
            email = customer.get("email")
            if isinstance(email, str) and email and "@" not in email:
                errors.append("customer_details.email format is invalid")
    callbacks = body.get("callbacks")
    if callbacks is not None:
        finish = callbacks.get("finish") if isinstance(callbacks, dict) else None
        if not isinstance(finish, str) or not finish.startswith(("http://", "https://")):
            errors.append("callbacks.finish must be a URL")
    expiry = body.get("expiry")
    if expiry is not None:
        if not isinstance(expiry, dict):
            errors.append("expiry must be an object")
        else:
            start = expiry.get("start_time")
            if start is not None and (not isinstance(start, str) or not START_TIME.match(start)):
                errors.append("expiry.start_time format must be yyyy-MM-dd HH:mm:ss Z")
            if expiry.get("unit") not in UNITS:
                errors.append("expiry.unit must be day, hour or minute")
            if not is_int(expiry.get("duration")) or expiry.get("duration") <= 0:
                errors.append("expiry.duration must be a positive integer")
    return errors


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "midtrans-standin"

    def log_message(self, format, *args):
        pass

    def reply(self, status, obj=None):
        data = json.dumps(obj).encode() if obj is not None else b""
        self.send_response(status)
        if data:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data:
            self.wfile.write(data)

    def read_body(self):
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit() or int(length) > MAX_BODY:
            self.close_connection = True
            return None
        return self.rfile.read(int(length))

    def authorized(self):
        return self.headers.get("Authorization") == self.server.expected_auth

    def core_error(self, http_status, status_code, message):
        """A Core API error: status_code in the body; HTTP 200 when the quirk is on."""
        status = 200 if self.server.errors_in_200 else http_status
        self.reply(status, {"status_code": str(status_code), "status_message": message,
                            "id": str(uuid.uuid4())})

    def injected_failure(self):
        with self.server.lock:
            if self.server.fail_count > 0:
                self.server.fail_count -= 1
                return self.server.fail_status
        return None

    # --- routing ---

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/_test/orders":
            with self.server.lock:
                self.reply(200, self.server.orders)
            return
        if path == "/_test/notifications":
            with self.server.lock:
                self.reply(200, self.server.posted)
            return
        m = re.match(r"^/v2/([^/]+)/status$", path)
        if m:
            self.get_status(urllib.parse.unquote(m.group(1)))
            return
        self.reply(404, {"error_messages": ["not found"]})

    def do_POST(self):
        raw = self.read_body()
        if raw is None:
            self.reply(411, {"error_messages": ["A Content-Length up to 1 MB is required"]})
            return
        path = urllib.parse.urlsplit(self.path).path
        if path == "/snap/v1/transactions":
            self.snap_create(raw)
            return
        m = re.match(r"^/v2/([^/]+)/refund$", path)
        if m:
            self.refund(urllib.parse.unquote(m.group(1)), raw)
            return
        m = re.match(r"^/_test/orders/([^/]+)/(status|notify)$", path)
        if m:
            self.control(urllib.parse.unquote(m.group(1)), m.group(2), raw)
            return
        if path == "/_test/fail":
            body = self.json_or_none(raw) or {}
            with self.server.lock:
                self.server.fail_status = int(body.get("status", 500))
                self.server.fail_count = int(body.get("count", 1))
            self.reply(200, {"ok": True})
            return
        if path == "/_test/quirks":
            body = self.json_or_none(raw) or {}
            with self.server.lock:
                self.server.errors_in_200 = bool(body.get("errors_in_200", False))
            self.reply(200, {"ok": True})
            return
        self.reply(404, {"error_messages": ["not found"]})

    @staticmethod
    def json_or_none(raw):
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None

    # --- Midtrans ---

    def snap_create(self, raw):
        failure = self.injected_failure()
        if failure is not None:
            self.reply(failure, SERVER_ERROR if failure >= 500 else {"error_messages": [
                "injected failure %d" % failure]})
            return
        if not self.authorized():
            self.reply(401, UNAUTHORIZED)
            return
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/json":
            self.reply(400, {"error_messages": ["Content-Type must be application/json"]})
            return
        body = self.json_or_none(raw)
        errors = check_snap_body(body)
        if errors:
            self.reply(400, {"error_messages": errors})
            return
        order_id = body["transaction_details"]["order_id"]
        token = str(uuid.uuid4())
        with self.server.lock:
            if order_id in self.server.orders:
                self.reply(400, {"error_messages": [
                    "transaction_details.order_id has already been taken"]})
                return
            self.server.orders[order_id] = {
                "order_id": order_id,
                "gross_amount": body["transaction_details"]["gross_amount"],
                "token": token,
                "transaction_id": str(uuid.uuid4()),
                "transaction_status": None,
                "fraud_status": None,
                "payment_type": None,
                "transaction_time": None,
                "settlement_time": None,
                "refunds": [],
                "request": body,
            }
        redirect = "http://%s:%d/snap/v2/vtweb/%s" % (self.server.server_address[0],
                                                      self.server.server_address[1], token)
        self.reply(201, {"token": token, "redirect_url": redirect})

    def get_status(self, order_id):
        failure = self.injected_failure()
        if failure is not None:
            self.reply(failure, {"status_code": str(failure), "status_message": "injected"})
            return
        if not self.authorized():
            self.core_error(401, 401, "Unknown Merchant server_key/id")
            return
        with self.server.lock:
            order = self.server.orders.get(order_id)
            status = self.server.status_body(order) if order else None
        if status is None:
            self.core_error(404, 404, "Transaction doesn't exist.")
            return
        status["status_message"] = "Success, transaction is found"
        self.reply(200, status)

    def refund(self, order_id, raw):
        failure = self.injected_failure()
        if failure is not None:
            self.reply(failure, {"status_code": str(failure), "status_message": "injected"})
            return
        if not self.authorized():
            self.core_error(401, 401, "Unknown Merchant server_key/id")
            return
        body = self.json_or_none(raw)
        if not isinstance(body, dict):
            self.core_error(400, 400, "The request body must be a JSON object")
            return
        key = body.get("refund_key")
        amount = body.get("amount")
        if key is not None and (not isinstance(key, str) or not REFUND_KEY.match(key)):
            self.core_error(400, 400, "refund_key may contain letters, digits, - and _ only")
            return
        if amount is not None and (not is_int(amount) or amount <= 0):
            self.core_error(400, 400, "amount must be a positive integer")
            return
        with self.server.lock:
            order = self.server.orders.get(order_id)
            if order is None or order["transaction_status"] is None:
                self.core_error(404, 404, "Transaction doesn't exist.")
                return
            previous = [r for r in order["refunds"] if key is not None and r["refund_key"] == key]
            if previous:
                answer = dict(previous[0]["answer"])
                self.reply(200, answer)
                return
            if order["transaction_status"] not in ("settlement", "capture", "partial_refund"):
                self.core_error(412, 412, "Merchant cannot modify the status of the transaction")
                return
            refunded = sum(r["amount"] for r in order["refunds"])
            remaining = order["gross_amount"] - refunded
            amount = remaining if amount is None else amount
            if amount > remaining:
                self.core_error(412, 412, "Refund amount exceeds the refundable amount")
                return
            key = key or str(uuid.uuid4())
            total = refunded + amount
            order["transaction_status"] = "refund" if total == order["gross_amount"] \
                else "partial_refund"
            answer = {
                "status_code": "200",
                "status_message": "Success, refund request is approved",
                "transaction_id": order["transaction_id"],
                "order_id": order_id,
                "gross_amount": "%d.00" % order["gross_amount"],
                "currency": "IDR",
                "payment_type": order["payment_type"],
                "transaction_time": order["transaction_time"],
                "transaction_status": order["transaction_status"],
                "refund_chargeback_id": len(order["refunds"]) + 1,
                "refund_amount": "%d.00" % amount,
                "refund_key": key,
            }
            order["refunds"].append({"refund_key": key, "amount": amount,
                                     "reason": body.get("reason"), "answer": answer})
            notification = self.server.notification(order, {})
        self.reply(200, answer)
        self.server.post_notification(notification, None)

    # --- control ---

    def control(self, order_id, action, raw):
        body = self.json_or_none(raw) if raw else {}
        if not isinstance(body, dict):
            self.reply(400, {"error": "body must be a JSON object"})
            return
        with self.server.lock:
            order = self.server.orders.get(order_id)
            if order is None:
                if action != "status" or not is_int(body.get("gross_amount")):
                    self.reply(404, {"error": "unknown order; give an integer gross_amount "
                                              "to make one"})
                    return
                order = self.server.orders[order_id] = {
                    "order_id": order_id, "gross_amount": body["gross_amount"], "token": None,
                    "transaction_id": str(uuid.uuid4()), "transaction_status": None,
                    "fraud_status": None, "payment_type": None, "transaction_time": None,
                    "settlement_time": None, "refunds": [], "request": None}
            overrides = {}
            if action == "status":
                status = body.get("transaction_status")
                if status not in STATUSES:
                    self.reply(400, {"error": "transaction_status must be one of %s"
                                              % sorted(STATUSES)})
                    return
                order["transaction_status"] = status
                order["fraud_status"] = body.get("fraud_status")
                order["payment_type"] = body.get("payment_type") or order["payment_type"] or \
                    "bank_transfer"
                order["transaction_time"] = order["transaction_time"] or now_wib()
                if status == "settlement":
                    order["settlement_time"] = now_wib()
                for key in ("gross_amount", "status_code"):
                    if key in body:
                        overrides[key] = str(body[key]) if key == "status_code" else \
                            ("%d.00" % body[key] if is_int(body[key]) else str(body[key]))
                overrides["bad_signature"] = bool(body.get("bad_signature", False))
            elif order["transaction_status"] is None:
                self.reply(409, {"error": "the order has no status to notify yet"})
                return
            notification = self.server.notification(order, overrides)
        delivery = self.server.post_notification(notification, body.get("notify_url"))
        self.reply(200, {"notification": notification, "delivery": delivery})


class StandIn(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address, server_key, notify_url):
        super().__init__(address, Handler)
        self.server_key = server_key
        self.expected_auth = "Basic " + base64.b64encode((server_key + ":").encode()).decode()
        self.notify_url = notify_url
        self.lock = threading.Lock()
        self.orders = {}
        self.posted = []
        self.fail_status = 500
        self.fail_count = 0
        self.errors_in_200 = False

    def status_body(self, order):
        """The order as Get Status / a notification shows it; None before it has a status."""
        status = order["transaction_status"]
        if status is None:
            return None
        gross = "%d.00" % order["gross_amount"]
        code = STATUS_CODES.get(status, "200")
        body = {
            "transaction_time": order["transaction_time"],
            "transaction_status": status,
            "transaction_id": order["transaction_id"],
            "status_message": "midtrans payment notification",
            "status_code": code,
            "signature_key": signature(order["order_id"], code, gross, self.server_key),
            "payment_type": order["payment_type"],
            "order_id": order["order_id"],
            "merchant_id": MERCHANT_ID,
            "gross_amount": gross,
            "currency": "IDR",
        }
        if order["fraud_status"] is not None:
            body["fraud_status"] = order["fraud_status"]
        if order["settlement_time"]:
            body["settlement_time"] = order["settlement_time"]
        if order["refunds"]:
            body["refund_amount"] = "%d.00" % sum(r["amount"] for r in order["refunds"])
        return body

    def notification(self, order, overrides):
        body = self.status_body(order)
        for key in ("gross_amount", "status_code"):
            if key in overrides:
                body[key] = overrides[key]
        body["signature_key"] = signature(body["order_id"], body["status_code"],
                                          body["gross_amount"], self.server_key)
        if overrides.get("bad_signature"):
            body["signature_key"] = signature(body["order_id"], body["status_code"],
                                              body["gross_amount"], self.server_key + "-wrong")
        return body

    def post_notification(self, notification, url):
        """POSTs like Midtrans (1.5) and records it; None when there is nowhere to post."""
        url = url or self.notify_url
        if not url:
            with self.lock:
                self.posted.append({"url": None, "body": notification, "delivery": None})
            return None
        data = json.dumps(notification).encode()
        request = urllib.request.Request(url, data=data, method="POST", headers={
            "Content-Type": "application/json", "Accept": "application/json",
            "User-Agent": "Veritrans"})
        try:
            # Midtrans waits 15 s for an answer (1.9).
            with urllib.request.urlopen(request, timeout=15) as response:
                delivery = {"status": response.status,
                            "body": response.read(65536).decode("utf-8", "replace")}
        except urllib.error.HTTPError as e:
            delivery = {"status": e.code, "body": e.read(65536).decode("utf-8", "replace")}
        except (urllib.error.URLError, OSError) as e:
            delivery = {"error": str(getattr(e, "reason", e))}
        with self.lock:
            self.posted.append({"url": url, "body": notification, "delivery": delivery})
        return delivery


def main():
    parser = argparse.ArgumentParser(description="Local Midtrans Snap / Core API stand-in")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--server-key", required=True)
    parser.add_argument("--notify-url", default=None, help="where notifications are posted")
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    server = StandIn((args.host, args.port), args.server_key, args.notify_url)

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("ready %d" % server.server_address[1], flush=True)
    server.serve_forever(poll_interval=0.2)
    server.server_close()


if __name__ == "__main__":
    main()
