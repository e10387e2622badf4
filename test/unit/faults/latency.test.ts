import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FaultRecord } from "../../../src/faults/fault.ts";
import { parseFaultOptions } from "../../../src/faults/fault-options.ts";
import { latency, proxyPort, redirectRule, resetRule, undoScript } from "../../../src/faults/latency.ts";
import { thrown } from "../../support/thrown.ts";

/** A latency fault as recorded, its options as parseFaultOptions fills them. */
function record(options: Record<string, string | number>, id = "f-3a9c1e"): FaultRecord {
  return {
    id,
    kind: "latency",
    runId: "rtest",
    host: "host-2",
    options: parseFaultOptions(latency, options),
    owner: "runner/1234",
    recordedAt: 0,
  };
}

/** The rule's words after `-j`: where the connections go. */
function target(rule: string[]): string[] {
  return rule.slice(rule.indexOf("-j"));
}

describe("the latency fault", () => {
  describe("its proxy's port", () => {
    it("is the same for the same fault id in any process (a revert from another runner names it from the record alone)", () => {
      assert.equal(proxyPort("f-3a9c1e"), proxyPort("f-3a9c1e"));
      // Nothing of the process goes in: the id's own characters, hashed as 31 * h + c (mod 2^32), modulo 1000.
      assert.equal(proxyPort("f-3a9c1e"), 39_803);
    });

    it("is within 39000-39999 for any id, and differs between ids", () => {
      const ports = new Set<number>();
      for (let i = 0; i < 500; i++) {
        const port = proxyPort(`fault-${i}-${"x".repeat(i % 40)}`);
        assert.ok(Number.isInteger(port) && port >= 39_000 && port <= 39_999, String(port));
        ports.add(port);
      }
      assert.ok(proxyPort("") >= 39_000 && proxyPort("") <= 39_999);
      // Not one port for every id: a hash, spread over the range.
      assert.ok(ports.size > 300, `only ${ports.size} distinct ports for 500 ids`);
    });
  });

  describe("its REDIRECT rule", () => {
    it("for --port 80 sends connections to port 80 only to the proxy", () => {
      const r = record({ port: 80 });
      const rule = redirectRule(r);
      assert.deepEqual(rule, ["-p", "tcp", "--dport", "80", "-m", "comment", "--comment", "firedrill:f-3a9c1e", "-j", "REDIRECT", "--to-ports", String(proxyPort(r.id))]);
    });

    it("for --to db without a port sends every connection but the proxy's own to the proxy", () => {
      const r = record({ to: "db" });
      assert.deepEqual(redirectRule(r), ["-p", "tcp", "!", "--dport", String(proxyPort(r.id)), "-m", "comment", "--comment", "firedrill:f-3a9c1e", "-j", "REDIRECT", "--to-ports", String(proxyPort(r.id))]);
    });

    it("for --to db with --port 5432 takes only that port", () => {
      const rule = redirectRule(record({ to: "db", port: 5432 }));
      assert.deepEqual(rule.slice(0, 4), ["-p", "tcp", "--dport", "5432"]);
      assert.ok(!rule.includes("!"));
    });

    it("host-wide leaves SSH, the engine, Swarm's control and gossip ports, the agent and the proxy itself alone", () => {
      const r = record({});
      const listen = proxyPort(r.id);
      const rule = redirectRule(r);
      assert.deepEqual(rule.slice(0, 7), ["-p", "tcp", "-m", "multiport", "!", "--dports", `22,2376,2377,7443,7946,${listen}`]);
      assert.deepEqual(rule.slice(7), ["-m", "comment", "--comment", "firedrill:f-3a9c1e", "-j", "REDIRECT", "--to-ports", String(listen)]);
    });

    it("is always tagged with the fault's id and redirected to that fault's proxy port", () => {
      const variants: Array<Record<string, string | number>> = [{ port: 80 }, { to: "db" }, {}, { to: "notes_app", port: 8080 }];
      for (const options of variants) {
        for (const id of ["f-1", "f-2", "a-much-longer-fault-id-0001"]) {
          const rule = redirectRule(record(options, id));
          const comment = rule.indexOf("--comment");
          assert.ok(comment > 0 && rule[comment - 1] === "comment" && rule[comment - 2] === "-m", rule.join(" "));
          assert.equal(rule[comment + 1], `firedrill:${id}`);
          assert.deepEqual(target(rule), ["-j", "REDIRECT", "--to-ports", String(proxyPort(id))]);
        }
      }
    });
  });

  describe("its reset rule (for connections already open when the delay began)", () => {
    it("takes the same ports as the REDIRECT, established connections in their original direction only, never from loopback, tagged, reset once", () => {
      const variants: Array<Record<string, string | number>> = [{ port: 80 }, { to: "db" }, {}];
      for (const options of variants) {
        const r = record(options);
        const redirect = redirectRule(r);
        // The REDIRECT's port match: what lies between "-p tcp" and "-m comment".
        const ports = redirect.slice(2, redirect.indexOf("comment") - 1);
        assert.ok(ports.length >= 2);
        const rule = resetRule(r);
        assert.deepEqual(rule.slice(0, 5), ["!", "-i", "lo", "-p", "tcp"]);
        assert.deepEqual(rule.slice(5, 5 + ports.length), ports, JSON.stringify(options));
        assert.deepEqual(rule.slice(5 + ports.length), ["-m", "conntrack", "--ctstate", "ESTABLISHED", "--ctdir", "ORIGINAL", "-m", "comment", "--comment", "firedrill:f-3a9c1e", "-j", "REJECT", "--reject-with", "tcp-reset"]);
      }
    });
  });

  describe("its undo script (which the agent runs on its own, from the record alone)", () => {
    let tmp: string;

    before(() => {
      tmp = mkdtempSync(path.join(os.tmpdir(), "firedrill-latency-undo-"));
      mkdirSync(path.join(tmp, "bin"));
      // nsenter --target PID --net iptables -w [-t TABLE] -D|-S CHAIN RULE...: rules kept one a line in $STATE/PID, as "TABLE CHAIN RULE".
      stub(
        "nsenter",
        `echo "nsenter $*" >> "$STATE/calls"
pid=$2; shift 5
table=filter; if [ "$1" = -t ]; then table=$2; shift 2; fi
op=$1; chain=$2; shift 2
file="$STATE/$pid"; touch "$file"
case "$op" in
  -D) line="$table $chain $*"
      grep -Fxq -- "$line" "$file" || exit 1
      awk -v l="$line" 'done || $0 != l { print; next } { done = 1 }' "$file" > "$file.new" && mv "$file.new" "$file" ;;
  -S) grep "^$table $chain " "$file" | sed "s/^$table $chain /-A $chain /" ;;
  *) exit 2 ;;
esac`,
      );
      // Three tasks: wp_db (pid 4242), wp_web (4343), and a stopped db task (pid 0).
      stub(
        "docker",
        `echo "docker $*" >> "$STATE/calls"
case "$1 $4" in
  "ps "*) printf 'c1\nc2\nc3\n' ;;
  "inspect c1") case "$3" in *Labels*) echo wp_db ;; *) echo 4242 ;; esac ;;
  "inspect c2") case "$3" in *Labels*) echo wp_web ;; *) echo 4343 ;; esac ;;
  "inspect c3") case "$3" in *Labels*) echo db ;; *) echo 0 ;; esac ;;
esac`,
      );
      stub("iptables", 'echo "iptables $*" >> "$STATE/calls"; exit 3');
    });

    after(() => {
      rmSync(tmp, { recursive: true, force: true });
    });

    function stub(name: string, body: string): void {
      writeFileSync(path.join(tmp, "bin", name), `#!/bin/sh\n${body}\n`);
      chmodSync(path.join(tmp, "bin", name), 0o755);
    }

    /** Runs the fault's undo script with these rules in place (by namespace pid): its exit, its output, the rules left and the calls made. */
    function undo(r: FaultRecord, rules: Record<string, string[]>) {
      const state = mkdtempSync(path.join(tmp, "state-"));
      for (const [pid, lines] of Object.entries(rules)) writeFileSync(path.join(state, pid), lines.map((l) => `${l}\n`).join(""));
      const result = spawnSync("sh", ["-c", undoScript(r)], { env: { PATH: `${path.join(tmp, "bin")}:/usr/bin:/bin`, STATE: state }, encoding: "utf8" });
      const left = (pid: string) => (existsSync(path.join(state, pid)) ? readFileSync(path.join(state, pid), "utf8").split("\n").filter(Boolean) : []);
      const calls = existsSync(path.join(state, "calls")) ? readFileSync(path.join(state, "calls"), "utf8").split("\n").filter(Boolean) : [];
      return { status: result.status, out: result.stdout.split("\n").filter(Boolean), left, calls };
    }

    const nat = (rule: string[]) => `nat PREROUTING ${rule.join(" ")}`;
    const filter = (rule: string[]) => `filter INPUT ${rule.join(" ")}`;

    it("is what the fault kind registers with the agent", () => {
      const r = record({ to: "db" });
      assert.equal(latency.undo!(r), undoScript(r));
    });

    it("removes the fault's rules from the service's tasks on the host and the host itself, every copy, and exits 0", () => {
      const r = record({ to: "db" });
      const other = record({ to: "db" }, "f-other");
      const result = undo(r, {
        "1": [nat(redirectRule(other))],
        "4242": [nat(redirectRule(r)), nat(redirectRule(r)), filter(resetRule(r)), filter(resetRule(other))],
        "4343": [nat(redirectRule(other))],
      });
      assert.equal(result.status, 0, result.out.join("\n"));
      assert.deepEqual(result.left("4242"), [filter(resetRule(other))]);
      // Another fault's rules stay, wherever they are.
      assert.deepEqual(result.left("1"), [nat(redirectRule(other))]);
      assert.deepEqual(result.left("4343"), [nat(redirectRule(other))]);
      assert.deepEqual(result.out, [
        "removed the REDIRECT rule firedrill:f-3a9c1e (namespace of 4242)",
        "removed the REDIRECT rule firedrill:f-3a9c1e (namespace of 4242)",
        "removed the reset rule firedrill:f-3a9c1e (namespace of 4242)",
      ]);
      // Only the host (1) and db's running task (4242): not wp_web's, not the stopped task's pid 0.
      const namespaces = new Set(result.calls.filter((c) => c.startsWith("nsenter")).map((c) => c.split(" ")[2]));
      assert.deepEqual([...namespaces].sort(), ["1", "4242"]);
    });

    it("removes a host-wide fault's rules from the host's own namespace, without asking docker", () => {
      const r = record({});
      const result = undo(r, { "1": [nat(redirectRule(r)), filter(resetRule(r))] });
      assert.equal(result.status, 0);
      assert.deepEqual(result.left("1"), []);
      assert.ok(!result.calls.some((c) => c.startsWith("docker")), result.calls.join("\n"));
    });

    it("exits 0 with nothing to say when nothing is left to undo (it may run twice)", () => {
      const result = undo(record({ to: "db" }), {});
      assert.equal(result.status, 0);
      assert.deepEqual(result.out, []);
    });

    it("exits 1 when a rule with the fault's tag is still there, so the agent keeps the fault and tries again", () => {
      const r = record({ to: "db" });
      // Not the rule this record makes (another port), but tagged with its id.
      const stray = nat(redirectRule(record({ to: "db", port: 5432 })));
      const result = undo(r, { "4242": [stray] });
      assert.equal(result.status, 1);
      assert.deepEqual(result.left("4242"), [stray]);
    });

    it("stops only this fault's proxy: its command line anchored at the program, the id followed by a space", () => {
      const script = undoScript(record({ to: "db" }));
      assert.ok(script.includes(`grep -q "^python3 /usr/local/bin/firedrill-delay proxy f-3a9c1e " `), script);
      assert.ok(!undoScript(record({ to: "db" }, "f-other")).includes("f-3a9c1e"));
    });
  });

  describe("its options", () => {
    it("accepts --ms 200 and fills the rest with their defaults", () => {
      assert.deepEqual(parseFaultOptions(latency, { ms: "200" }), { ms: 200, jitter: 0, to: "", port: 0 });
      assert.equal(parseFaultOptions(latency, { ms: 1 }).ms, 1);
      assert.equal(parseFaultOptions(latency, { ms: 10_000 }).ms, 10_000);
    });

    it("refuses a --to that is not a service name: the undo script matches it in the shell", () => {
      assert.equal(parseFaultOptions(latency, { to: "wp_db" }).to, "wp_db");
      assert.equal(parseFaultOptions(latency, { to: "notes-app.1" }).to, "notes-app.1");
      for (const to of ["db; reboot", "$(id)", "db|web", "*", "-db", "a b"]) {
        const error = thrown(() => parseFaultOptions(latency, { to }));
        assert.equal(error.code, "FAULT_OPTION_INVALID", to);
        assert.equal(error.message, `latency: to = "${to}" is not a service name`);
      }
    });

    it("refuses --ms 0 and --ms 20000 with FAULT_OPTION_INVALID", () => {
      for (const ms of ["0", "20000", "10001"]) {
        const error = thrown(() => parseFaultOptions(latency, { ms }));
        assert.equal(error.code, "FAULT_OPTION_INVALID", ms);
        assert.equal(error.message, `latency: ms = "${ms}" is not a number from 1 to 10000`);
      }
    });
  });
});
