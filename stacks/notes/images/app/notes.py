#!/usr/bin/env python3
"""The notes service: a small JSON API over HTTP on port 8080, keeping notes in Redis.

  GET  /health             200 {"ok":true} when Redis answers PING, else 503
  GET  /notes/<id>         200 {"id":..,"title":..}, 404 when absent
  GET  /notes?ids=1,2,3    200 [the notes among those ids that exist]
  POST /notes              201 {"id":..,"title":..}; needs "Authorization: Bearer <api token>"
                           and a body {"title": "..."}; ids come from INCR: unique, increasing
Every answer carries X-Firedrill-Version (the build) and X-Firedrill-Task (the container).
A database that cannot be reached, or does not answer within DB_TIMEOUT, is a 503 at
once: drills kill, freeze and move it, and a request must neither hang nor stay broken
once the database is back, so a connection is dropped on any error and made anew.
On SIGTERM it drains: /health answers 503 (so the lbs stop sending) while it keeps
serving for NOTES_DRAIN_S (3 s), then exits.
Standard library only: the image has Debian's python3 and nothing from pip.
"""
import hmac
import json
import os
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VERSION = os.environ.get("FIREDRILL_APP_VERSION", "dev")
TASK = os.environ.get("HOSTNAME") or socket.gethostname()
DB_HOST = os.environ.get("NOTES_DB_HOST", "db")
DB_PORT = int(os.environ.get("NOTES_DB_PORT", "6379"))
DB_PASSWORD_FILE = os.environ.get("NOTES_DB_PASSWORD_FILE", "/run/secrets/db_password")
API_TOKEN_FILE = os.environ.get("NOTES_API_TOKEN_FILE", "/run/secrets/api_token")
PORT = int(os.environ.get("NOTES_PORT", "8080"))
DB_TIMEOUT = 2.0  # seconds, for one whole exchange with the database
HEALTH_TIMEOUT = 1.0  # /health answers inside the container health check's 2s timeout
MAX_BODY = 64 * 1024
MAX_IDS = 1000


def read_secret(path):
    # As the db image's entrypoint reads it ($(cat file)): trailing newlines dropped.
    with open(path, "rb") as f:
        return f.read().rstrip(b"\n")


class DbError(Exception):
    """The database could not be reached or did not answer in time: a 503."""


class Redis:
    """A tiny RESP client: one exchange at a time per connection, idle ones pooled."""

    def __init__(self):
        self.idle = []
        self.lock = threading.Lock()

    def _resolve(self, deadline):
        # getaddrinfo has no timeout of its own, and a name Docker's DNS does not know
        # (the db task is gone) is forwarded upstream, which may not answer for seconds.
        result = []

        def resolve():
            try:
                result.append(socket.getaddrinfo(DB_HOST, DB_PORT, type=socket.SOCK_STREAM)[0][4])
            except OSError as e:
                result.append(e)

        t = threading.Thread(target=resolve, daemon=True)
        t.start()
        t.join(max(0.0, deadline - time.monotonic()))
        if not result:
            raise DbError("%s not resolved in time" % DB_HOST)
        if isinstance(result[0], OSError):
            raise DbError("%s not resolved: %s" % (DB_HOST, result[0]))
        return result[0]

    def _connect(self, deadline):
        address = self._resolve(deadline)
        sock = socket.create_connection(address, timeout=max(0.05, deadline - time.monotonic()))
        conn = (sock, sock.makefile("rb"))
        try:
            self._exchange(conn, [[b"AUTH", read_secret(DB_PASSWORD_FILE)]], deadline)
        except BaseException:
            sock.close()
            raise
        return conn

    @staticmethod
    def _encode(args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(a), a))
        return b"".join(out)

    def _read(self, f):
        line = f.readline()
        if not line.endswith(b"\r\n"):
            raise ConnectionError("connection closed by the database")
        kind, rest = line[:1], line[1:-2]
        if kind in (b"+", b":"):
            return int(rest) if kind == b":" else rest.decode()
        if kind == b"-":
            raise DbError("database error: " + rest.decode(errors="replace"))
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = f.read(n + 2)
            if len(data) != n + 2:
                raise ConnectionError("connection closed by the database")
            return data[:-2]
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._read(f) for _ in range(n)]
        raise ConnectionError("unexpected reply %r" % line[:20])

    def _exchange(self, conn, commands, deadline):
        sock, f = conn
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        sock.sendall(b"".join(self._encode(c) for c in commands))  # pipelined
        replies, error = [], None
        for _ in commands:
            try:
                replies.append(self._read(f))
            except DbError as e:  # an error reply: read the rest, keep the connection in step
                error = error or e
        if error:
            raise error
        return replies

    def call(self, *commands, timeout=DB_TIMEOUT):
        """Sends the commands in one pipeline; returns their replies, or raises DbError."""
        deadline = time.monotonic() + timeout
        with self.lock:
            conn = self.idle.pop() if self.idle else None
        reused = conn is not None
        while True:
            try:
                if conn is None:
                    conn = self._connect(deadline)
                replies = self._exchange(conn, commands, deadline)
            except (OSError, ValueError, DbError) as e:
                if conn is not None:
                    conn[0].close()
                    conn = None
                # A pooled connection may be to a database that has since restarted: it
                # fails at once (reset, closed), not by timing out, and a new one may work.
                if reused and not isinstance(e, (socket.timeout, DbError)) and time.monotonic() < deadline:
                    reused = False
                    continue
                with self.lock:  # the others are likely as stale as this one
                    stale, self.idle = self.idle, []
                for s, _ in stale:
                    s.close()
                raise e if isinstance(e, DbError) else DbError("%s: %s" % (type(e).__name__, e))
            with self.lock:
                self.idle.append(conn)
            return replies


db = Redis()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive for the lb; every answer has a length
    timeout = 30  # an idle keep-alive connection does not hold its thread for ever
    server_version = "notes"
    sys_version = ""

    def send_json(self, status, value):
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Firedrill-Version", VERSION)
        self.send_header("X-Firedrill-Task", TASK)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def route(self):
        path, _, query = self.path.partition("?")
        parts = [p for p in path.split("/") if p]
        if self.command in ("GET", "HEAD"):
            if parts == ["health"]:
                if draining.is_set():
                    return 503, {"ok": False, "draining": True}
                pong = db.call([b"PING"], timeout=HEALTH_TIMEOUT)[0]
                return (200, {"ok": True}) if pong == "PONG" else (503, {"ok": False})
            if parts == ["notes"]:
                return self.list_notes(query)
            if len(parts) == 2 and parts[0] == "notes" and parts[1].isdigit():
                title = db.call([b"GET", b"note:%d" % int(parts[1])])[0]
                if title is None:
                    return 404, {"error": "no such note"}
                return 200, {"id": int(parts[1]), "title": title.decode()}
        elif self.command == "POST" and parts == ["notes"]:
            return self.add_note()
        return 404, {"error": "not found"}

    def list_notes(self, query):
        params = dict(p.partition("=")[::2] for p in query.split("&") if p)
        raw = [i for i in params.get("ids", "").split(",") if i]
        if not raw or len(raw) > MAX_IDS or not all(i.isdigit() for i in raw):
            return 400, {"error": "ids=<id>,<id>,... (1 to %d numbers) expected" % MAX_IDS}
        ids = list(dict.fromkeys(int(i) for i in raw))
        titles = db.call([b"MGET"] + [b"note:%d" % i for i in ids])[0]
        return 200, [{"id": i, "title": t.decode()} for i, t in zip(ids, titles) if t is not None]

    def add_note(self):
        length = self.headers.get("Content-Length") or "0"
        if not length.isdigit():
            self.close_connection = True
            return 400, {"error": "Content-Length expected"}
        length = int(length)
        if length > MAX_BODY:
            self.close_connection = True
            return 413, {"error": "body too large"}
        body = self.rfile.read(length)  # read before any answer, so keep-alive stays in step
        try:
            token = read_secret(API_TOKEN_FILE)
        except OSError:
            return 500, {"error": "no api token configured"}
        given = self.headers.get("Authorization", "").encode()
        if not token or not hmac.compare_digest(given, b"Bearer " + token):
            return 401, {"error": "Authorization: Bearer <token> required"}
        try:
            note = json.loads(body)
        except ValueError:
            note = None
        try:
            title = note["title"]
            encoded = title.encode()  # a lone surrogate (JSON "\ud800") does not encode
        except (TypeError, KeyError, AttributeError, UnicodeEncodeError):
            return 400, {"error": 'body {"title": "..."} expected'}
        note_id = db.call([b"INCR", b"notes:last_id"])[0]
        db.call([b"SET", b"note:%d" % note_id, encoded])
        return 201, {"id": note_id, "title": title}

    def handle_one(self):
        t0 = time.monotonic()
        try:
            status, value = self.route()
        except DbError as e:
            status, value = 503, {"error": "database unavailable: %s" % e}
        except Exception as e:  # a bug: answer, and say what it was in the log
            status, value = 500, {"error": type(e).__name__}
            print("error %s %s: %r" % (self.command, self.path, e), file=sys.stderr, flush=True)
        self.send_json(status, value)
        print("%s %s %d %.0fms" % (self.command, self.path[:80], status, (time.monotonic() - t0) * 1000), flush=True)

    do_GET = do_HEAD = do_POST = handle_one

    def log_request(self, code="-", size="-"):
        pass  # handle_one logs one short line per request

    def log_message(self, format, *args):
        print(format % args, file=sys.stderr, flush=True)


# Set on SIGTERM: /health answers 503 so the lbs stop sending here, while requests
# still arriving (sent before their next check, or to an address their DNS still
# holds) are served; the process exits DRAIN_S later. Exiting at once would leave the
# lbs connecting to an address that no longer answers until their checks notice.
draining = threading.Event()
DRAIN_S = float(os.environ.get("NOTES_DRAIN_S", "3"))


def main():
    def stop(signum, frame):
        if draining.is_set():
            raise SystemExit(0)
        draining.set()
        print("draining for %.1fs before exiting" % DRAIN_S, flush=True)
        threading.Timer(DRAIN_S, server.shutdown).start()

    # PID 1 ignores signals it has no handler for: without these, `docker stop` waits
    # out its timeout and kills.
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Handler)
    server.daemon_threads = True  # requests in flight do not hold the exit up
    print("notes %s listening on :%d, database %s:%d" % (VERSION, PORT, DB_HOST, DB_PORT), flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
