#!/usr/bin/python3
"""Local SMTP server standing in for a real relay in tests and benchmarks.

Every accepted message becomes one file DIR/<seq>-<random>.eml, written under a dot-name and
renamed, so readers never see half a message. Two lines go before the original bytes:
    X-Sink-Mail-From: <envelope sender>
    X-Sink-Rcpt-To: <rcpt>, <rcpt>
Recipients whose local part starts with "reject" get 550, with "tempfail" 451.
With --arrivals FILE, every stored message also appends one line to FILE (for benchmarks):
    <unix time in seconds, microseconds> TAB <Message-ID or -> TAB <size in bytes>
written once the message is stored, just before the 250 reply (the moment of acceptance).

Usage: smtp_sink.py --port 0|N --dir DIR [--auth user:pass] [--idle-timeout S] [--arrivals FILE]
                    [--tls-cert CERT --tls-key KEY [--tls-mode starttls|implicit]]
With a certificate the sink offers STARTTLS (starttls) or speaks TLS from the first byte
(implicit, like port 465). Prints "ready <port>" on stdout once listening; SIGTERM or SIGINT end it cleanly.
Needs Debian's python3-aiosmtpd (run with /usr/bin/python3).
"""

import argparse
import asyncio
import itertools
import logging
import os
import re
import secrets
import signal
import ssl
import sys
import time
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

HOSTNAME = "smtp-sink.localhost"  # fixed: socket.getfqdn() may wait on DNS
# The Message-ID header in the header block (before the first empty line).
MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(\S+)", re.IGNORECASE | re.MULTILINE)


class SinkHandler:
    def __init__(self, directory, arrivals=None):
        self.directory = directory
        self.seq = itertools.count(1)
        self.arrivals = arrivals  # open file, line-buffered, or None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.rsplit("@", 1)[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 mailbox unavailable"
        if local.startswith("tempfail"):
            return "451 4.3.0 try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content
        if content is None:
            content = envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        head = (
            "X-Sink-Mail-From: %s\r\nX-Sink-Rcpt-To: %s\r\n"
            % (envelope.mail_from or "", ", ".join(envelope.rcpt_tos))
        ).encode("utf-8", "surrogateescape")
        name = "%06d-%s.eml" % (next(self.seq), secrets.token_hex(4))
        temp = os.path.join(self.directory, "." + name + ".tmp")
        try:
            with open(temp, "wb") as f:
                f.write(head)
                f.write(content)
            os.rename(temp, os.path.join(self.directory, name))
        except OSError as e:
            print("smtp_sink: cannot store message: %s" % e, file=sys.stderr, flush=True)
            return "451 4.3.0 cannot store message"
        if self.arrivals is not None:
            header_end = content.find(b"\r\n\r\n")
            found = MESSAGE_ID.search(content, 0, header_end if header_end >= 0 else len(content))
            message_id = found.group(1).decode("utf-8", "replace") if found else "-"
            self.arrivals.write("%.6f\t%s\t%d\n" % (time.time(), message_id, len(content)))
        return "250 OK stored"


def make_authenticator(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and auth_data.password == password.encode()
        )
        return AuthResult(success=ok, handled=False)

    return authenticate


async def main():
    parser = argparse.ArgumentParser(description="Local SMTP sink for tests")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--dir", required=True, help="where accepted messages are stored")
    parser.add_argument("--auth", help="user:pass; AUTH PLAIN/LOGIN becomes required")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--idle-timeout", type=float, default=300,
                        help="seconds a connection may idle before the sink closes it (421)")
    parser.add_argument("--tls-cert", help="PEM certificate (chain) for TLS")
    parser.add_argument("--tls-key", help="PEM private key for TLS")
    parser.add_argument("--tls-mode", choices=("starttls", "implicit"), default="starttls")
    parser.add_argument("--arrivals", help="append a line per stored message to this file")
    args = parser.parse_args()
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")

    # AUTH without TLS is what the tests want: silence aiosmtpd's per-connection warnings.
    warnings.simplefilter("ignore")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    os.makedirs(args.dir, exist_ok=True)
    arrivals = open(args.arrivals, "a", buffering=1) if args.arrivals else None
    handler = SinkHandler(args.dir, arrivals)
    auth = {}
    if args.auth:
        user, sep, password = args.auth.partition(":")
        if not sep:
            parser.error("--auth needs user:pass")
        # Tests speak plain SMTP on loopback, so AUTH is allowed without TLS.
        auth = dict(
            authenticator=make_authenticator(user, password),
            auth_required=True,
            auth_require_tls=False,
        )

    tls = {}
    implicit_tls = None
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        if args.tls_mode == "implicit":
            implicit_tls = context
        else:
            tls = dict(tls_context=context)

    loop = asyncio.get_running_loop()

    def factory():
        return SMTP(handler, hostname=HOSTNAME, ident="janji smtp_sink",
                    timeout=args.idle_timeout, **auth, **tls)

    server = await loop.create_server(factory, host=args.host, port=args.port, backlog=512,
                                      ssl=implicit_tls)
    port = server.sockets[0].getsockname()[1]
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("ready %d" % port, flush=True)
    await stop.wait()
    server.close()
    await server.wait_closed()
    if arrivals is not None:
        arrivals.close()


if __name__ == "__main__":
    asyncio.run(main())
