"""firedrill's host agent.

Runs on a Docker host in the host's pid and network namespaces and enters its mount,
UTS and IPC namespaces with nsenter: a command it runs is the host's own. It is the one
way a fault gets into a host, and it holds each fault's undo so that the host reverts by
itself when the runner goes away:

- before a fault acts, the runner registers the fault's undo script with the agent;
- the runner renews a lease while it holds faults; when the lease lapses (the runner was
  killed, its machine lost, the network cut) the agent runs every undo, newest first, and
  exits;
- every fault also has an absolute maximum duration after which its undo runs.

A fault that stops the host's engine stops the agent with it (it is a container of that
engine). Before such a fault acts, the agent starts its keeper: this same program, run
again as a process of the host (moved out of the agent's cgroup, so the engine's stop does
not take it along), which stops the engine, takes over the agent's port with the same
certificate and token, holds the fault like the agent (lease, maximum, undo: start the
engine), and exits once the engine is started again.

Faults are written to the state directory before the runner acts, so an agent that is
restarted (its engine restarted, the agent crashed) still reverts them when no runner
renews the lease. Every request needs the run's client certificate (mutual TLS) and the
run's token. Neither the token nor a command's stdin is ever logged.
"""

import base64
import hmac
import json
import os
import ssl
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VERSION = "1"
TLS_DIR = os.environ.get("FIREDRILL_AGENT_TLS", "/etc/firedrill-agent")
STATE_DIR = os.environ.get("FIREDRILL_AGENT_STATE", "/var/lib/firedrill-agent")
PORT = int(os.environ.get("FIREDRILL_AGENT_PORT", "7443"))
HOST_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# The host's namespaces other than pid and network, which the agent already shares.
ENTER_HOST = ["nsenter", "--target", "1", "--mount", "--uts", "--ipc", "--net", "--"]


def log(message):
    print(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), message, flush=True)


def run_on_host(argv, stdin=None, env=None, timeout_s=120.0, enter=ENTER_HOST):
    environment = {"PATH": HOST_PATH, "LANG": "C.UTF-8"}
    environment.update(env or {})
    try:
        done = subprocess.run(enter + list(argv), input=stdin, capture_output=True, env=environment, timeout=timeout_s)
        return done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired as expired:
        return 124, expired.stdout or b"", (expired.stderr or b"") + ("\nno answer within %.0fs" % timeout_s).encode()


def run_in_agent(argv, stdin=None, env=None, timeout_s=120.0):
    """A command of the agent's own image (its python, firedrill-delay), in the host's pid and network namespaces."""
    return run_on_host(argv, stdin, env, timeout_s, enter=[])


KEEPER = False
# On an inventory's machines the runner also renews a lease while it holds no fault: an agent
# whose runner is gone exits when it lapses, and leaves the port for the next run.
PRESENCE_MS = int(os.environ.get("FIREDRILL_AGENT_PRESENCE_MS") or 0)
KEEPER_LOG = "keeper.log"

# Moves a process into the cgroups of the host's init, one hierarchy at a time (cgroup v1
# lists several, v2 one): out of the agent container's, which the engine kills on its way down.
MOVE_TO_INIT_CGROUPS = r"""
pid=$1
while IFS=: read -r _ controllers path; do
  case "$controllers" in
    "") dir=/sys/fs/cgroup$path ;;
    name=*) dir=/sys/fs/cgroup/${controllers#name=}$path ;;
    *) dir=/sys/fs/cgroup/$controllers$path ;;
  esac
  [ -w "$dir/cgroup.procs" ] && echo "$pid" > "$dir/cgroup.procs" 2>/dev/null
done < /proc/1/cgroup
true
"""


def start_keeper(stop_script):
    """Starts the keeper, out of the agent's cgroups; returns its pid, or raises saying why it cannot."""
    own = open("/proc/self/cgroup").read()
    out = open(os.path.join(STATE_DIR, KEEPER_LOG), "ab")
    keeper = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--keeper", stop_script], stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True, close_fds=True)
    code, _, err = run_on_host(["sh", "-c", MOVE_TO_INIT_CGROUPS, "sh", str(keeper.pid)], timeout_s=20)
    moved = open("/proc/%d/cgroup" % keeper.pid).read()
    if code != 0 or moved == own:
        keeper.kill()
        raise RuntimeError("the keeper could not leave the agent's cgroups (%s): the engine's stop would take it along" % err.decode("utf-8", "replace").strip()[-200:])
    return keeper.pid


class Faults:
    """The faults in effect on this host with their undo scripts, kept on disk."""

    def __init__(self, directory):
        self.lock = threading.RLock()
        self.path = os.path.join(directory, "faults.json")
        os.makedirs(directory, exist_ok=True)
        self.faults = {}
        self.lease_until = time.monotonic() + PRESENCE_MS / 1000 if PRESENCE_MS else None
        try:
            with open(self.path) as f:
                self.faults = json.load(f)
        except (OSError, ValueError):
            self.faults = {}
        if self.faults:
            # Left by an earlier agent: a runner gets one lease period to claim them.
            longest = max(f["leaseMs"] for f in self.faults.values())
            self.lease_until = time.monotonic() + longest / 1000
            log("found %d fault(s) in effect from before: %s" % (len(self.faults), ", ".join(self.faults)))

    def save(self):
        temporary = self.path + ".tmp"
        with open(temporary, "w") as f:
            json.dump(self.faults, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, self.path)

    def add(self, fault):
        with self.lock:
            fault["maxAt"] = time.time() + fault["maxMs"] / 1000
            fault["addedAt"] = time.time()
            self.faults[fault["id"]] = fault
            self.save()
            self.renew(fault["leaseMs"])
            log("fault %s registered: lease %dms, at most %dms" % (fault["id"], fault["leaseMs"], fault["maxMs"]))

    def renew(self, ms):
        """Extends the lease; never shortens it (two runners may hold faults here, each with its own lease)."""
        with self.lock:
            until = time.monotonic() + ms / 1000
            self.lease_until = until if self.lease_until is None else max(self.lease_until, until)
            return ms

    def lease_remaining_ms(self):
        with self.lock:
            if self.lease_until is None:
                return None
            return max(0, int((self.lease_until - time.monotonic()) * 1000))

    def undo(self, fault_id, script=None, why="asked"):
        """Runs the fault's undo (or the one given, for a fault this agent never knew).

        The script runs outside the lock, so renewals and other requests are answered while
        a slow undo (a frozen engine's docker CLI) runs; undo scripts are safe to run twice.
        """
        with self.lock:
            fault = self.faults.get(fault_id)
            undo = fault["undo"] if fault else script
        if undo is None:
            return {"known": False, "exitCode": 0, "output": ""}
        code, out, err = run_on_host(["sh", "-c", undo], timeout_s=60)
        output = (out + err).decode("utf-8", "replace").strip()
        log("fault %s undone (%s): exit %d%s" % (fault_id, why, code, (": " + output[-300:]) if output else ""))
        with self.lock:
            if fault_id in self.faults:
                if code == 0:
                    del self.faults[fault_id]
                    self.save()
                    if not self.faults:
                        # Nothing held: the next fault's runner starts its own lease (with
                        # presence, the runner's lease goes on: it is renewed all the same).
                        if not PRESENCE_MS:
                            self.lease_until = None
                        if KEEPER:
                            # The engine is back, and with it the agent: give the port back.
                            log("keeper: nothing left to hold; exiting")
                            threading.Timer(0.5, lambda: os._exit(0)).start()
                else:
                    # Tried again later, not twice a second.
                    self.faults[fault_id]["retryAt"] = time.time() + 10
        return {"known": fault is not None, "exitCode": code, "output": output}

    def ids(self):
        with self.lock:
            return sorted(self.faults, key=lambda i: self.faults[i]["addedAt"])

    def due(self):
        """The faults past their maximum (and not waiting for a retry), and whether the lease lapsed."""
        now = time.time()
        with self.lock:
            expired = [i for i in self.ids() if now >= self.faults[i]["maxAt"] and now >= self.faults[i].get("retryAt", 0)]
            lapsed = (bool(self.faults) or PRESENCE_MS > 0) and self.lease_until is not None and time.monotonic() >= self.lease_until
            return expired, lapsed

    def watch(self):
        """The dead-man switch and the maximum durations, checked twice a second, never given up."""
        while True:
            time.sleep(0.5)
            try:
                expired, lapsed = self.due()
                for fault_id in expired:
                    self.undo(fault_id, why="its maximum duration passed")
                if lapsed:
                    log("lease lapsed: no runner renewed it; reverting %d fault(s) and exiting" % len(self.faults))
                    failed = 0
                    for fault_id in reversed(self.ids()):
                        try:
                            failed += self.undo(fault_id, why="lease lapsed")["exitCode"] != 0
                        except Exception as error:  # noqa: BLE001 - one failure must not stop the others
                            log("fault %s: undo failed: %r" % (fault_id, error))
                            failed += 1
                    # Exit 0 (the restart policy leaves it stopped) only with nothing left in
                    # effect; otherwise 1, and the restarted agent tries again after a lease.
                    os._exit(1 if failed else 0)
            except Exception as error:  # noqa: BLE001 - the switch must outlive any one error
                log("watch: %r (going on)" % (error,))


def read_token():
    with open(os.path.join(TLS_DIR, "token")) as f:
        return f.read().strip().encode()


FAULTS = None
TOKEN = b""


def preflight():
    """What the agent can do on this host: each fault needs these."""
    checks = [
        ("enter the host's namespaces", ["true"]),
        ("read the host's firewall", ["iptables", "-w", "-S", "OUTPUT"]),
        ("signal the host's processes", ["kill", "-0", "1"]),
        ("reach the host's engine", ["docker", "version", "--format", "{{.Server.Version}}"]),
    ]
    results = []
    for what, argv in checks:
        code, out, err = run_on_host(argv, timeout_s=20)
        detail = (out if code == 0 else err or out).decode("utf-8", "replace").strip().splitlines()
        results.append({"what": what, "ok": code == 0, "detail": detail[0][:200] if detail else ("exit %d" % code)})
    return results


class Server(ThreadingHTTPServer):
    """One line for a connection that fails (a client without the run's certificate), not a traceback."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        log("connection from %s refused: %s" % (client_address[0], (str(error) or type(error).__name__)[:200]))


class Handler(BaseHTTPRequestHandler):
    server_version = "firedrill-agent/" + VERSION
    protocol_version = "HTTP/1.1"
    timeout = 30

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("content-length") or 0)
        return json.loads(self.rfile.read(length) or b"{}") if length else {}

    def authorised(self):
        given = (self.headers.get("authorization") or "").removeprefix("Bearer ").encode()
        if hmac.compare_digest(given, TOKEN):
            return True
        self.answer(401, {"error": "a valid token is required"})
        return False

    def do_GET(self):
        if not self.authorised():
            return
        if self.path == "/v1/health":
            self.answer(200, {"agent": VERSION, "keeper": KEEPER, "faults": FAULTS.ids(), "leaseRemainingMs": FAULTS.lease_remaining_ms()})
        elif self.path == "/v1/preflight":
            self.answer(200, {"checks": preflight()})
        else:
            self.answer(404, {"error": "no such path"})

    def do_POST(self):
        if not self.authorised():
            return
        try:
            body = self.body()
            if self.path == "/v1/exec":
                stdin = base64.b64decode(body["stdin"]) if body.get("stdin") is not None else None
                run = run_in_agent if body.get("inAgent") else run_on_host
                code, out, err = run(body["argv"], stdin, body.get("env"), body.get("timeoutMs", 120000) / 1000)
                self.answer(200, {"exitCode": code, "stdout": out.decode("utf-8", "replace"), "stderr": err.decode("utf-8", "replace")})
            elif self.path == "/v1/faults":
                FAULTS.add({"id": str(body["id"]), "undo": str(body["undo"]), "maxMs": int(body["maxMs"]), "leaseMs": int(body["leaseMs"])})
                self.answer(201, {"faults": FAULTS.ids()})
            elif self.path == "/v1/engine-halt" and not KEEPER:
                # Held like any fault (its undo starts the engine); the keeper stops the engine
                # once this answer is on its way, and holds the fault from then on.
                # Not restarted with the engine: a runner that is gone by then must not find
                # an agent left running on the port; a live one starts it again when it asks.
                name = os.environ.get("FIREDRILL_AGENT_NAME")
                if name:
                    run_on_host(["docker", "update", "--restart=no", name], timeout_s=20)
                FAULTS.add({"id": str(body["id"]), "undo": str(body["start"]), "maxMs": int(body["maxMs"]), "leaseMs": int(body["leaseMs"])})
                pid = start_keeper(str(body["stop"]))
                log("fault %s: keeper %d started; it stops the engine now" % (body["id"], pid))
                self.answer(201, {"faults": FAULTS.ids(), "keeper": pid})
            elif self.path == "/v1/lease":
                self.answer(200, {"leaseRemainingMs": FAULTS.renew(int(body["ms"])), "faults": FAULTS.ids()})
            else:
                self.answer(404, {"error": "no such path"})
        except (KeyError, ValueError, TypeError) as error:
            self.answer(400, {"error": "bad request: %s" % error})
        except Exception as error:  # noqa: BLE001 - an answer, never a dropped connection
            self.answer(500, {"error": "agent error: %r" % (error,)})

    def do_DELETE(self):
        if not self.authorised():
            return
        if not self.path.startswith("/v1/faults/"):
            self.answer(404, {"error": "no such path"})
            return
        try:
            body = self.body()
            self.answer(200, FAULTS.undo(self.path.rsplit("/", 1)[1], body.get("undo"), why="the runner reverted it"))
        except Exception as error:  # noqa: BLE001 - an answer, never a dropped connection
            self.answer(500, {"error": "agent error: %r" % (error,)})


def bind_when_free(server_class, address, handler):
    """The keeper's server: the agent holds the port until the engine's stop ends it."""
    deadline = time.monotonic() + 120
    while True:
        try:
            return server_class(address, handler)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def main():
    global FAULTS, TOKEN, KEEPER
    TOKEN = read_token()
    if len(sys.argv) >= 3 and sys.argv[1] == "--keeper":
        KEEPER = True
        time.sleep(1)  # the agent's answer to the runner goes out first
        code, out, err = run_on_host(["sh", "-c", sys.argv[2]], timeout_s=60)
        log("keeper: engine stop exited %d%s" % (code, (": " + (out + err).decode("utf-8", "replace").strip()[-300:]) if (out + err).strip() else ""))
    FAULTS = Faults(STATE_DIR)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(os.path.join(TLS_DIR, "cert.pem"), os.path.join(TLS_DIR, "key.pem"))
    context.load_verify_locations(os.path.join(TLS_DIR, "ca.pem"))
    context.verify_mode = ssl.CERT_REQUIRED
    server = bind_when_free(Server, ("0.0.0.0", PORT), Handler) if KEEPER else Server(("0.0.0.0", PORT), Handler)
    server.daemon_threads = True
    # The handshake happens in the request's own thread, so a client that connects and
    # says nothing cannot hold up the others.
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    threading.Thread(target=FAULTS.watch, daemon=True).start()
    log("%s %s listening on %d (mutual TLS)" % ("keeper" if KEEPER else "agent", VERSION, PORT))
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
