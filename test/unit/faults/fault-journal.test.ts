import assert from "node:assert/strict";
import { FiredrillError, harnessError, platformError } from "../../../src/errors/firedrill-error.ts";
import type { FaultRecord } from "../../../src/faults/fault.ts";
import { ActiveFaults } from "../../../src/faults/fault-journal.ts";

const record = (id: string): FaultRecord => ({ id, kind: "host-halt", runId: "rtest", host: "host-2", options: {}, owner: "test/1", recordedAt: 0 });

describe("the faults a process has in effect", () => {
  // revertAll logs each revert on stderr; the test run's output stays readable without it.
  const write = process.stderr.write;
  beforeEach(() => {
    process.stderr.write = (() => true) as typeof process.stderr.write;
  });
  afterEach(() => {
    process.stderr.write = write;
  });

  it("reverts them newest first, each once", async () => {
    const order: string[] = [];
    const active = new ActiveFaults();
    for (const id of ["a", "b", "c"]) active.add({ record: record(id), revert: async () => order.push(id) });
    assert.equal(active.size, 3);
    await active[Symbol.asyncDispose]();
    assert.deepEqual(order, ["c", "b", "a"]);
  });

  it("does not revert one removed from it (reverted already)", async () => {
    const order: string[] = [];
    const active = new ActiveFaults();
    const a = { record: record("a"), revert: async () => order.push("a") };
    active.add(a);
    active.add({ record: record("b"), revert: async () => order.push("b") });
    active.remove(a);
    assert.equal(active.size, 1);
    await active[Symbol.asyncDispose]();
    assert.deepEqual(order, ["b"]);
  });

  it("reverts the rest when one revert fails, then raises every failure together", async () => {
    const order: string[] = [];
    const active = new ActiveFaults();
    active.add({ record: record("a"), revert: async () => order.push("a") });
    active.add({ record: record("b"), revert: () => Promise.reject(harnessError("HOST_START_FAILED", "b did not start", "")) });
    active.add({ record: record("c"), revert: () => Promise.reject(new Error("c's rule is stuck")) });
    const error = await active[Symbol.asyncDispose]().then(
      () => assert.fail("resolved"),
      (e: unknown) => e,
    );
    assert.deepEqual(order, ["a"], "a was reverted although b and c failed before it");
    assert.ok(error instanceof AggregateError, String(error));
    assert.equal(error.errors.length, 2);
    assert.equal(error.message, "2 fault(s) could not be reverted: c's rule is stuck; b did not start");
  });

  it("raises the platform's own finding as it is when only the platform failed (a node that never rejoined)", async () => {
    const active = new ActiveFaults();
    const finding = platformError("NODE_NOT_REJOINED", "host-2 did not rejoin", "");
    active.add({ record: record("a"), revert: () => Promise.reject(finding) });
    active.add({ record: record("b"), revert: () => Promise.reject(platformError("NODE_NOT_REJOINED", "host-3 did not rejoin", "")) });
    const error = await active[Symbol.asyncDispose]().then(
      () => assert.fail("resolved"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof FiredrillError, String(error));
    assert.equal(error.kind, "platform");
    assert.equal(error.message, "host-3 did not rejoin", "the newest fault's, reverted first");
  });

  it("does not let a platform finding hide a revert the harness could not do", async () => {
    const active = new ActiveFaults();
    active.add({ record: record("a"), revert: () => Promise.reject(platformError("NODE_NOT_REJOINED", "host-2 did not rejoin", "")) });
    active.add({ record: record("b"), revert: () => Promise.reject(new Error("thaw failed")) });
    await assert.rejects(active[Symbol.asyncDispose](), (e: unknown) => e instanceof AggregateError && e.errors.length === 2);
  });
});
