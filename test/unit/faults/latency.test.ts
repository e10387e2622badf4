import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import type { FaultRecord } from "../../../src/faults/fault.ts";
import { parseFaultOptions } from "../../../src/faults/fault-options.ts";
import { latency, proxyPort, redirectRule } from "../../../src/faults/latency.ts";
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
      for (const options of [{ port: 80 }, { to: "db" }, {}, { to: "notes_app", port: 8080 }]) {
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

  describe("its undo script (latency.undo, which the agent runs on its own)", () => {
    const r = record({ to: "db" });
    const script = latency.undo!(r);
    const quoted = redirectRule(r).map((a) => `'${a}'`).join(" ");

    it("removes exactly the fault's rule, in the proxies' namespaces and the host's own, until none is left", () => {
      assert.ok(script.includes(`nsenter --target "$pid" --net iptables -w -t nat -D PREROUTING ${quoted} 2>/dev/null; do`), script);
      assert.ok(script.includes(`\nwhile iptables -w -t nat -D PREROUTING ${quoted} 2>/dev/null; do`), script);
    });

    it("stops only this fault's proxy: its command line anchored at the program, the id followed by a space", () => {
      assert.ok(script.includes(`grep -q "^python3 /usr/local/bin/firedrill-delay proxy ${r.id} " || continue`), script);
      assert.ok(script.includes('kill "$pid"'));
    });

    it("is valid sh and ends in success when there is nothing left to undo", () => {
      execFileSync("sh", ["-n", "-c", script]);
      assert.equal(script.trimEnd().split("\n").at(-1), "true");
    });

    it("names no other fault's rule", () => {
      const other = latency.undo!(record({ to: "db" }, "f-other"));
      assert.ok(!other.includes(r.id));
      assert.ok(!script.includes("firedrill:f-other"));
    });
  });

  describe("its options", () => {
    it("accepts --ms 200 and fills the rest with their defaults", () => {
      assert.deepEqual(parseFaultOptions(latency, { ms: "200" }), { ms: 200, jitter: 0, to: "", port: 0 });
      assert.equal(parseFaultOptions(latency, { ms: 1 }).ms, 1);
      assert.equal(parseFaultOptions(latency, { ms: 10_000 }).ms, 10_000);
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
