#!/usr/bin/python3
"""Local HTTP server following SendGrid's v3 Mail Send contract (CONTRACTS.md section 2).

POST /v3/mail/send with "Authorization: Bearer <--api-key>" and a JSON body. Answers:
  401  wrong or missing key (SendGrid's error body)
  400  a body that breaks the schema: {"errors":[{"message":..., "field":..., "help":null}]}
  202  accepted: empty body, X-Message-Id header; the JSON is stored as DIR/<seq>.json
       (written under a dot-name and renamed)
A recipient whose local part starts with status-429, status-500 or status-400 gets that
status.

Usage: sendgrid_standin.py --port 0|N --dir DIR --api-key KEY
Prints "ready <port>" on stdout once listening; SIGTERM or SIGINT end it cleanly.
"""

import argparse
import base64
import binascii
import itertools
import json
import os
import secrets
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 30 * 1024 * 1024  # SendGrid's limit for a whole request
# Headers the API refuses in "headers" (SendGrid's Mail Send errors page, "reserved keys").
RESERVED_HEADERS = {"x-sg-id", "x-sg-eid", "received", "dkim-signature", "content-type",
                    "content-transfer-encoding", "to", "from", "subject", "reply-to", "cc", "bcc"}


class Invalid(Exception):
    def __init__(self, message, field):
        super().__init__(message)
        self.message = message
        self.field = field


def non_empty_string(value):
    return isinstance(value, str) and value != ""


def check_email_object(obj, field):
    if not isinstance(obj, dict):
        raise Invalid("The email object must be an object.", field)
    email = obj.get("email")
    if not non_empty_string(email) or "@" not in email or any(c in email for c in " \r\n<>,;"):
        raise Invalid("Does not contain a valid address.", field + ".email")
    if "name" in obj and not isinstance(obj["name"], str):
        raise Invalid("The name must be a string.", field + ".name")
    return email.lower()


def check_string_map(obj, field):
    if not isinstance(obj, dict):
        raise Invalid("Must be an object of strings.", field)
    for key, value in obj.items():
        if not isinstance(value, str):
            raise Invalid("Values must be strings.", field + "." + key)


def check_headers(obj, field):
    check_string_map(obj, field)
    for key, value in obj.items():
        if key.lower() in RESERVED_HEADERS:
            raise Invalid("Header can not be one of the reserved keys.", field + "." + key)
        if any(ch in key + value for ch in "\r\n") or not key or ":" in key:
            raise Invalid("Invalid header.", field + "." + key)


def validate(body):
    """Raises Invalid on the first schema violation; returns the recipients' addresses."""
    if not isinstance(body, dict):
        raise Invalid("The request body must be a JSON object.", None)
    personalizations = body.get("personalizations")
    if not isinstance(personalizations, list) or not personalizations:
        raise Invalid(
            "The personalizations field is required and must have at least one personalization.",
            "personalizations",
        )
    if len(personalizations) > 1000:
        raise Invalid("Too many personalizations.", "personalizations")
    recipients = []
    seen = set()
    all_have_subject = True
    for i, p in enumerate(personalizations):
        field = "personalizations.%d" % i
        if not isinstance(p, dict):
            raise Invalid("A personalization must be an object.", field)
        to = p.get("to")
        if not isinstance(to, list) or not to:
            raise Invalid("The to array is required for all personalization objects, "
                          "and must have at least one email object with a valid email address.",
                          field + ".to")
        for kind in ("to", "cc", "bcc"):
            entries = p.get(kind, [])
            if not isinstance(entries, list):
                raise Invalid("Must be an array.", "%s.%s" % (field, kind))
            for j, entry in enumerate(entries):
                email = check_email_object(entry, "%s.%s.%d" % (field, kind, j))
                if email in seen:
                    raise Invalid("Each email address in the personalization block should be "
                                  "unique between to, cc, and bcc.", "%s.%s.%d" % (field, kind, j))
                seen.add(email)
                recipients.append(email)
        if "subject" in p:
            if not non_empty_string(p["subject"]):
                raise Invalid("The subject must be a non-empty string.", field + ".subject")
        else:
            all_have_subject = False
        if "headers" in p:
            check_headers(p["headers"], field + ".headers")
        for key in ("custom_args", "substitutions"):
            if key in p:
                check_string_map(p[key], "%s.%s" % (field, key))
    if len(recipients) > 1000:
        raise Invalid("Too many recipients.", "personalizations")

    check_email_object(body.get("from"), "from")
    if "subject" in body:
        if not non_empty_string(body["subject"]):
            raise Invalid("The subject is required. You can get around this requirement if you "
                          "use a template with a subject defined or if every personalization "
                          "has a subject defined.", "subject")
    elif not all_have_subject:
        raise Invalid("The subject is required. You can get around this requirement if you use a "
                      "template with a subject defined or if every personalization has a subject "
                      "defined.", "subject")

    content = body.get("content")
    if not isinstance(content, list) or not content:
        raise Invalid("Unless a valid template_id is provided, the content parameter is required. "
                      "There must be at least one defined content block.", "content")
    types = []
    for i, c in enumerate(content):
        field = "content.%d" % i
        if not isinstance(c, dict):
            raise Invalid("A content block must be an object.", field)
        if not non_empty_string(c.get("type")):
            raise Invalid("The content type cannot be blank.", field + ".type")
        if not non_empty_string(c.get("value")):
            raise Invalid("The content value must be a string at least one character in length.",
                          field + ".value")
        if any(ch in c["type"] for ch in "\r\n"):
            raise Invalid("The content type cannot contain CRLF characters.", field + ".type")
        types.append(c["type"].split(";")[0].strip().lower())
    for t in ("text/plain", "text/html"):
        if types.count(t) > 1:
            raise Invalid("If present, text/plain and text/html may only be provided once.",
                          "content")
    if "text/plain" in types and types.index("text/plain") != 0:
        raise Invalid("If present, text/plain must be first, followed by text/html, followed by "
                      "any other content.", "content")
    if "text/html" in types and types.index("text/html") != (1 if "text/plain" in types else 0):
        raise Invalid("If present, text/plain must be first, followed by text/html, followed by "
                      "any other content.", "content")

    attachments = body.get("attachments", [])
    if not isinstance(attachments, list):
        raise Invalid("The attachments must be an array.", "attachments")
    for i, a in enumerate(attachments):
        field = "attachments.%d" % i
        if not isinstance(a, dict):
            raise Invalid("An attachment must be an object.", field)
        data = a.get("content")
        if not non_empty_string(data):
            raise Invalid("The attachment content is required.", field + ".content")
        try:
            base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise Invalid("The attachment content must be base64 encoded.", field + ".content")
        if not non_empty_string(a.get("filename")):
            raise Invalid("The attachment filename parameter is required.", field + ".filename")
        if "type" in a:
            if not non_empty_string(a["type"]) or any(ch in a["type"] for ch in ";\r\n"):
                raise Invalid("The attachment type cannot contain ';', or CRLF characters.",
                              field + ".type")
        if a.get("disposition", "attachment") not in ("attachment", "inline"):
            raise Invalid("The disposition must be attachment or inline.", field + ".disposition")
        if a.get("disposition") == "inline" and not non_empty_string(a.get("content_id")):
            raise Invalid("The content_id is required for inline attachments.",
                          field + ".content_id")

    if "headers" in body:
        check_headers(body["headers"], "headers")
    if "custom_args" in body:
        check_string_map(body["custom_args"], "custom_args")
    return recipients


def error_body(message, field):
    return json.dumps({"errors": [{"message": message, "field": field, "help": None}]})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real API
    server_version = "sendgrid-standin"

    def log_message(self, format, *args):  # quiet: thousands of requests in a benchmark
        pass

    def reply(self, status, body="", headers=None):
        data = body.encode()
        self.send_response(status)
        if data:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if data:
            self.wfile.write(data)

    def do_GET(self):
        self.reply(404, error_body("not found", None))

    def do_POST(self):
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit() or int(length) > MAX_BODY:
            self.close_connection = True
            self.reply(413 if length and length.isdigit() else 411,
                       error_body("A Content-Length up to 30 MB is required.", None))
            return
        raw = self.rfile.read(int(length))
        if self.path.split("?")[0] != "/v3/mail/send":
            self.reply(404, error_body("not found", None))
            return
        if self.headers.get("Authorization") != "Bearer " + self.server.api_key:
            self.reply(401, json.dumps({"errors": [{
                "field": None,
                "message": "The provided authorization grant is invalid, expired, or revoked",
                "help": None}]}))
            return
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/json":
            self.reply(400, error_body("Content-Type should be application/json.", None))
            return
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self.reply(400, error_body("Bad Request", None))
            return
        try:
            recipients = validate(body)
        except Invalid as e:
            self.reply(400, error_body(e.message, e.field))
            return
        locals_ = [r.split("@", 1)[0] for r in recipients]
        if any(l.startswith("status-429") for l in locals_):
            self.reply(429, json.dumps({"errors": [{"field": None,
                                                    "message": "too many requests"}]}),
                       {"X-RateLimit-Limit": "600", "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset": "0"})
            return
        if any(l.startswith("status-500") for l in locals_):
            self.reply(500, error_body("Internal server error", None))
            return
        if any(l.startswith("status-400") for l in locals_):
            self.reply(400, error_body("The from address does not match a verified Sender "
                                       "Identity.", "from"))
            return
        message_id = secrets.token_urlsafe(16)
        try:
            self.server.store(raw)
        except OSError as e:
            print("sendgrid_standin: cannot store request: %s" % e, file=sys.stderr, flush=True)
            self.reply(500, error_body("Internal server error", None))
            return
        self.reply(202, "", {"X-Message-Id": message_id})


class StandIn(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512

    def __init__(self, address, api_key, directory):
        super().__init__(address, Handler)
        self.api_key = api_key
        self.directory = directory
        self.seq = itertools.count(1)
        self.seq_lock = threading.Lock()

    def store(self, raw):
        with self.seq_lock:
            seq = next(self.seq)
        name = "%06d.json" % seq
        temp = os.path.join(self.directory, "." + name + ".tmp")
        with open(temp, "wb") as f:
            f.write(raw)
        os.rename(temp, os.path.join(self.directory, name))


def main():
    parser = argparse.ArgumentParser(description="Local SendGrid v3 Mail Send stand-in")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--dir", required=True, help="where accepted requests are stored")
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    server = StandIn((args.host, args.port), args.api_key, args.dir)

    def stop(signum, frame):
        # shutdown() waits for serve_forever, which runs in this very thread: hand it off.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("ready %d" % server.server_address[1], flush=True)
    server.serve_forever(poll_interval=0.2)
    server.server_close()


if __name__ == "__main__":
    main()
