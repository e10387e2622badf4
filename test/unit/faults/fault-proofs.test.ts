import assert from "node:assert/strict";
import { ExitCode, exitCodeFor } from "../../../src/errors/exit-codes.ts";
import { FiredrillError } from "../../../src/errors/firedrill-error.ts";
import { faultKind } from "../../../src/faults/fault-catalog.ts";
import { waitForRejoin } from "../../../src/faults/node-rejoin.ts";
import type { StartedLab } from "../../../src/lab/started-lab.ts";

/** Faults' own judgements that need no Docker: whose failure a wait is, where a fault may go. */
describe("fault proofs without Docker", () => {
  describe("a node rejoining after a revert (the platform's part)", () => {
    it("a manager that keeps answering 'down' is the platform failing: NODE_NOT_REJOINED, kind platform, exit 1", async () => {
      const error = await waitForRejoin(async () => "down", "host-3", 300, "manager host-1").then(
        () => assert.fail("resolved"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof FiredrillError, String(error));
      assert.equal(error.kind, "platform");
      assert.equal(error.code, "NODE_NOT_REJOINED");
      assert.match(error.message, /host-3 runs again and its engine answers, but manager host-1 still sees it down 300ms later/);
      assert.equal(exitCodeFor(error), ExitCode.failed);
    });

    it("a manager that cannot be asked is no finding about the node: the wait's own timeout (harness, broken)", async () => {
      const error = await waitForRejoin(
        async () => {
          throw new Error("connect ECONNREFUSED");
        },
        "host-3",
        300,
      ).then(
        () => assert.fail("resolved"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof FiredrillError);
      assert.equal(error.kind, "harness");
      assert.equal(error.code, "WAIT_TIMEOUT");
      assert.match(error.message, /ECONNREFUSED/);
    });

    it("a node that comes back within the budget is no error, and the wait says how long it took", async () => {
      const seen = ["down", "unknown", "ready"];
      const ms = await waitForRejoin(async () => seen.shift() ?? "ready", "host-3", 5000);
      assert.ok(ms >= 0 && ms < 5000, String(ms));
      assert.deepEqual(seen, []);
    });
  });

  it("refuses registry-credentials on a worker, says why and what to pick instead; a manager is accepted", () => {
    const nodes = [
      { host: "host-1", manager: true },
      { host: "host-2", manager: false },
    ];
    const lab = { nodes, nodeOf: (name: string) => nodes.find((n) => n.host === name)! } as unknown as StartedLab;
    assert.throws(
      () => faultKind("registry-credentials").refuseTarget?.(lab, "host-2"),
      (e: unknown) =>
        e instanceof FiredrillError &&
        e.kind === "input" &&
        e.code === "FAULT_NEEDS_MANAGER" &&
        /host-2 is a Swarm worker/.test(e.message) &&
        /Aim it at a manager \(host-1\)/.test(e.hint ?? "") &&
        /registry-block --host host-2/.test(e.hint ?? ""),
    );
    assert.doesNotThrow(() => faultKind("registry-credentials").refuseTarget?.(lab, "host-1"));
    assert.equal(faultKind("host-halt").refuseTarget, undefined, "a halt means the same on any host");
  });
});
