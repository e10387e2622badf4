import assert from "node:assert/strict";
import { nodeMarkedDown } from "../../../src/checks/node-down-time.ts";
import { history, snapshot } from "./fixtures.ts";

const none = { services: [], tasks: {} };
const up = (at: number) => snapshot(at, none);
const down = (at: number, ...hosts: string[]) => snapshot(at, { ...none, down: hosts });

describe("node marked down", () => {
  it("is from T0 to the first snapshot in which the platform calls the host down", () => {
    const h = history({ t0: 1000, windowEnd: 6000, cluster: [up(1000), up(2000), down(3000, "host-2"), down(4000, "host-2"), up(5000)] });
    const r = nodeMarkedDown(h, "host-2");
    assert.deepEqual(r, {
      name: "host-2 marked down",
      unit: "ms",
      status: "passed",
      measured: 2000,
      bounds: { best: 2000, worst: 2000 },
      budget: undefined,
      detail: "host-2 marked down 2s after T0 (no budget)",
    });
  });

  it("passes a budget met exactly and fails one exceeded by one millisecond", () => {
    const h = history({ t0: 1000, windowEnd: 6000, cluster: [up(1000), down(3000, "host-2")] });
    const met = nodeMarkedDown(h, "host-2", 2000);
    assert.equal(met.status, "passed");
    assert.equal(met.measured, 2000);
    assert.equal(met.budget, 2000);
    assert.equal(met.detail, "host-2 marked down 2s after T0 (budget 2s)");
    const missed = nodeMarkedDown(h, "host-2", 1999);
    assert.equal(missed.status, "failed");
    assert.equal(missed.measured, 2000);
    assert.equal(missed.budget, 1999);
    assert.equal(missed.detail, "host-2 marked down 2s after T0 (budget 1.999s)");
  });

  it("fails under a budget when the host is never marked down, with no figure", () => {
    const h = history({ t0: 1000, windowEnd: 6000, cluster: [up(1000), up(2000), up(3000)] });
    const r = nodeMarkedDown(h, "host-2", 30_000);
    assert.equal(r.status, "failed");
    assert.equal(r.measured, undefined);
    assert.equal(r.budget, 30_000);
    assert.equal(r.detail, "the platform never marked host-2 down in the window (budget 30s)");
  });

  it("fails a host never marked down even without a budget: the platform did not notice", () => {
    const h = history({ t0: 1000, windowEnd: 6000, cluster: [up(1000), up(2000), up(3000)] });
    const r = nodeMarkedDown(h, "host-2");
    assert.equal(r.status, "failed");
    assert.equal(r.measured, undefined);
    assert.equal(r.budget, undefined);
    assert.equal(r.detail, "the platform never marked host-2 down in the window (no budget)");
  });

  it("ignores the host being down only before T0", () => {
    const h = history({ t0: 1000, windowEnd: 6000, cluster: [down(0, "host-2"), down(999, "host-2"), up(1000), up(2000), up(3000)] });
    const r = nodeMarkedDown(h, "host-2", 30_000);
    assert.equal(r.status, "failed");
    assert.equal(r.measured, undefined);
    assert.equal(r.detail, "the platform never marked host-2 down in the window (budget 30s)");
  });

  it("measures from the first down inside the window when the host was also down before T0", () => {
    const h = history({ t0: 1000, windowEnd: 6000, cluster: [down(500, "host-2"), up(1000), up(2000), up(3000), up(4000), down(4500, "host-2")] });
    assert.equal(nodeMarkedDown(h, "host-2", 30_000).measured, 3500);
  });

  it("ignores another host being down", () => {
    const h = history({ t0: 1000, windowEnd: 6000, cluster: [up(1000), down(2000, "host-3"), down(3000, "host-1", "host-3"), down(4000, "host-2", "host-3")] });
    const r = nodeMarkedDown(h, "host-2", 3000);
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 3000);
    assert.equal(r.detail, "host-2 marked down 3s after T0 (budget 3s)");
    const never = nodeMarkedDown(history({ t0: 1000, windowEnd: 6000, cluster: [up(1000), down(2000, "host-3"), down(3000, "host-3")] }), "host-2");
    assert.equal(never.measured, undefined);
    assert.equal(never.detail, "the platform never marked host-2 down in the window (no budget)");
  });

  it("takes the earliest snapshot even when snapshots are out of order, and ignores those after the window", () => {
    const h = history({ t0: 1000, windowEnd: 6000, cluster: [down(5000, "host-2"), up(1000), down(2500, "host-2"), down(4000, "host-2")] });
    assert.equal(nodeMarkedDown(h, "host-2").measured, 1500);
    const late = history({ t0: 1000, windowEnd: 6000, cluster: [up(1000), up(3000), up(5000), down(6001, "host-2")] });
    assert.equal(nodeMarkedDown(late, "host-2").measured, undefined);
  });

  it("measures 0 when the host is already down at T0", () => {
    const h = history({ t0: 1000, windowEnd: 6000, cluster: [down(1000, "host-2")] });
    const r = nodeMarkedDown(h, "host-2", 0);
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0);
    assert.equal(r.detail, "host-2 marked down 0ms after T0 (budget 0ms)");
  });

  describe("over a stale cluster view", () => {
    const every = (from: number, to: number, make: (at: number) => ReturnType<typeof up>) => Array.from({ length: Math.floor((to - from) / 1000) + 1 }, (_, i) => make(from + i * 1000));
    const timedOut = { from: 3000, to: 13_000, what: "failed" as const, error: "connect ETIMEDOUT 172.18.0.3:2376" };

    it("is a bound when the first down is seen after a stretch without a view: failed only if even its start misses the budget", () => {
      const h = history({ t0: 1000, windowEnd: 20_000, cluster: [...every(1000, 2000, up), ...every(13_000, 20_000, (at) => down(at, "host-2"))], clusterGaps: [timedOut] });
      const r = nodeMarkedDown(h, "host-2", 5000);
      assert.equal(r.status, "unknown");
      assert.deepEqual(r.bounds, { best: 1000, worst: 12_000 });
      assert.equal(r.detail, "host-2 marked down between 1s and 12s after T0 (budget 5s); no cluster view from T0+1s to T0+12s (11s; 1 snapshot failed: connect ETIMEDOUT 172.18.0.3:2376)");
      assert.equal(nodeMarkedDown(h, "host-2", 12_000).status, "passed");
      assert.equal(nodeMarkedDown(h, "host-2", 999).status, "failed");
    });

    it("is unknown, not failed, when the host is never seen down but the view went stale: it may have been then", () => {
      const h = history({ t0: 1000, windowEnd: 30_000, cluster: every(1000, 3000, up), clusterGaps: [{ ...timedOut, from: 4000, to: 14_000 }] });
      const r = nodeMarkedDown(h, "host-2", 30_000);
      assert.equal(r.status, "unknown");
      assert.deepEqual(r.bounds, { best: 2000, worst: null });
      assert.match(r.detail, /^the platform did not mark host-2 down in any view of the window, but no cluster view from T0\+2s to the window's end \(27s; 1 snapshot failed/);
      assert.equal(nodeMarkedDown(h, "host-2", 1999).status, "failed");
    });
  });
});
