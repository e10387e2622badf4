import assert from "node:assert/strict";
import { checkConvergence, convergenceTime } from "../../../src/checks/convergence-time.ts";
import type { FaultEvent } from "../../../src/history/history.ts";
import { history, service, snapshot } from "./fixtures.ts";

/** What a convergence says of its first converged view, without its bounds (those are tested below). */
const firstSeen = (c: ReturnType<typeof convergenceTime>) => (c.kind === "converged" ? { kind: c.kind, at: c.at, ms: c.ms } : c);

const services = [service("wp_wordpress", "replicated", 2), service("wp_lb", "global"), service("wp_other", "replicated", 5)];
const judged = ["wp_wordpress", "wp_lb"];
const all = ["host-1", "host-2", "host-3"];
// The platform's view: every host ready, WordPress on host-2 and host-3.
const asBefore = { services, tasks: { wp_wordpress: ["host-2", "host-3"], wp_lb: all } };
// WordPress moved off host-2; the global service runs where it can.
const movedOff2 = { services, tasks: { wp_wordpress: ["host-1", "host-3"], wp_lb: ["host-1", "host-3"] } };

const fault = (host: string, injectedAt: number, revertedAt?: number): FaultEvent => ({
  id: `f-${host}`,
  kind: "host-pause",
  host,
  options: {},
  injectedAt,
  evidence: [],
  revertedAt,
});

describe("convergence time", () => {
  it("is from T0 to the first snapshot of the final converged streak", () => {
    const h = history({
      t0: 1000,
      windowEnd: 5000,
      services: judged,
      cluster: [
        snapshot(1000, { ...asBefore, down: ["host-2"] }),
        snapshot(2000, { ...asBefore, down: ["host-2"] }),
        snapshot(3000, { ...movedOff2, down: ["host-2"] }),
        snapshot(4000, { ...movedOff2, down: ["host-2"] }),
      ],
    });
    assert.deepEqual(firstSeen(convergenceTime(h)), { kind: "converged", at: 3000, ms: 2000 });
    const r = checkConvergence(h, { convergenceMs: 2000 });
    assert.equal(r.status, "passed");
    assert.equal(r.detail, "converged 2s after T0 (budget 2s)");
    assert.equal(checkConvergence(h, { convergenceMs: 1999 }).status, "failed");
  });

  it("does not count tasks on a host under a fault that the platform still calls ready", () => {
    // host-2 is paused from 1000 to 5000; the platform never noticed (all ready).
    const h = history({
      t0: 1000,
      windowEnd: 5000,
      services: judged,
      faults: [fault("host-2", 1000, 5000)],
      cluster: [snapshot(1000, asBefore), snapshot(2000, asBefore), snapshot(3000, movedOff2), snapshot(4000, movedOff2)],
    });
    // Trusting the platform would give 0 ms.
    assert.deepEqual(firstSeen(convergenceTime(h)), { kind: "converged", at: 3000, ms: 2000 });
  });

  it("keeps counting a host whose fault leaves it in service (a blocked registry)", () => {
    const blocked: FaultEvent = { ...fault("host-2", 1000, 5000), kind: "registry-block", disablesHost: false };
    const h = history({ t0: 1000, windowEnd: 5000, services: judged, faults: [blocked], cluster: [snapshot(1000, asBefore), snapshot(2000, asBefore)] });
    assert.deepEqual(firstSeen(convergenceTime(h)), { kind: "converged", at: 1000, ms: 0 });
  });

  it("treats a host as healthy again from the moment its fault is reverted", () => {
    // Under fault at exactly injectedAt (1000); healthy at exactly revertedAt (3000).
    const h = history({
      t0: 1000,
      windowEnd: 4000,
      services: judged,
      faults: [fault("host-2", 1000, 3000), fault("host-1", 0, 500)],
      cluster: [snapshot(1000, asBefore), snapshot(2000, asBefore), snapshot(3000, asBefore), snapshot(4000, asBefore)],
    });
    assert.deepEqual(firstSeen(convergenceTime(h)), { kind: "converged", at: 3000, ms: 2000 });
  });

  it("treats a host as under fault from the moment the fault took effect", () => {
    // The last snapshot is taken at exactly injectedAt: WordPress on host-2 no longer counts.
    const h = history({
      t0: 1000,
      windowEnd: 4000,
      services: judged,
      faults: [fault("host-2", 4000)],
      cluster: [snapshot(1000, asBefore), snapshot(4000, asBefore)],
    });
    assert.equal(convergenceTime(h).kind, "never");
  });

  it("takes only the final streak: converging and losing it again does not count", () => {
    const lost = { services, tasks: { wp_wordpress: ["host-3"], wp_lb: all } };
    const h = history({
      t0: 1000,
      windowEnd: 5000,
      services: judged,
      cluster: [snapshot(1000, asBefore), snapshot(2000, lost), snapshot(3000, asBefore), snapshot(4000, asBefore)],
    });
    assert.deepEqual(firstSeen(convergenceTime(h)), { kind: "converged", at: 3000, ms: 2000 });
  });

  it("never converges when the last snapshot in the window is not converged", () => {
    const lost = { services, tasks: { wp_wordpress: ["host-3"], wp_lb: all } };
    const h = history({
      t0: 1000,
      windowEnd: 5000,
      services: judged,
      // The converged snapshot at 6000 is after windowEnd and does not count.
      cluster: [snapshot(1000, asBefore), snapshot(2000, asBefore), snapshot(3000, lost), snapshot(6000, asBefore)],
    });
    const r = checkConvergence(h, { convergenceMs: 60_000 });
    assert.equal(r.status, "failed");
    assert.equal(r.measured, undefined);
    assert.equal(r.detail, "never converged in the window: at T0+2s wp_wordpress 1/2, wp_lb 3/3 on healthy hosts (budget 60s)");
  });

  it("judges only the listed services, and a listed service that is not reported never converges", () => {
    // wp_other wants 5 replicas and has none, but it is not judged.
    const converged = history({ t0: 0, windowEnd: 1000, services: judged, cluster: [snapshot(0, asBefore)] });
    assert.deepEqual(firstSeen(convergenceTime(converged)), { kind: "converged", at: 0, ms: 0 });
    const gone = history({ t0: 0, windowEnd: 1000, services: [...judged, "wp_gone"], cluster: [snapshot(0, asBefore)] });
    assert.equal(checkConvergence(gone, {}).detail, "never converged in the window: at T0+0ms wp_wordpress 2/2, wp_lb 3/3, wp_gone not reported on healthy hosts (no budget)");
  });

  it("ignores snapshots before T0 and is unknown without a snapshot in the window", () => {
    const lost = { services, tasks: { wp_wordpress: [], wp_lb: all } };
    const h = history({ t0: 1000, windowEnd: 3000, services: judged, cluster: [snapshot(500, lost), snapshot(1000, asBefore), snapshot(2000, asBefore)] });
    assert.deepEqual(firstSeen(convergenceTime(h)), { kind: "converged", at: 1000, ms: 0 });
    const none = history({ t0: 1000, windowEnd: 3000, services: judged, cluster: [snapshot(500, asBefore), snapshot(3500, asBefore)] });
    const r = checkConvergence(none, { convergenceMs: 30_000 });
    assert.equal(r.status, "unknown");
    assert.equal(r.detail, "no cluster snapshot in the window (budget 30s)");
  });

  it("sorts snapshots recorded out of order", () => {
    const h = history({
      t0: 1000,
      windowEnd: 5000,
      services: judged,
      faults: [fault("host-2", 1000)],
      cluster: [snapshot(4000, movedOff2), snapshot(1000, asBefore), snapshot(3000, movedOff2), snapshot(2000, asBefore)],
    });
    assert.deepEqual(firstSeen(convergenceTime(h)), { kind: "converged", at: 3000, ms: 2000 });
  });

  it("is unknown when the history names no service to judge", () => {
    const h = history({ t0: 0, windowEnd: 1000, cluster: [snapshot(0, asBefore)] });
    assert.equal(checkConvergence(h, {}).status, "unknown");
  });
});

describe("convergence time over a stale cluster view", () => {
  // Every second from `from` to `to` (inclusive), the same picture.
  const every = (from: number, to: number, picture: Parameters<typeof snapshot>[1]) =>
    Array.from({ length: Math.floor((to - from) / 1000) + 1 }, (_, i) => snapshot(from + i * 1000, picture));
  const unconverged = { ...asBefore, down: ["host-2"] };
  const converged = { ...movedOff2, down: ["host-2"] };
  const timedOut = (from: number) => ({ from, to: from + 10_000, what: "failed" as const, error: "connect ETIMEDOUT 172.18.0.3:2376" });

  it("is unknown, never passed, when the last view is 88s older than the window's end", () => {
    // The view converged at T0+1s and the manager never answered again.
    const h = history({
      t0: 1000,
      windowEnd: 92_000,
      services: judged,
      cluster: [snapshot(1000, unconverged), snapshot(2000, converged), snapshot(4000, converged)],
      clusterGaps: Array.from({ length: 8 }, (_, i) => timedOut(5000 + i * 10_000)),
    });
    const r = checkConvergence(h, { convergenceMs: 30_000 });
    assert.equal(r.status, "unknown");
    assert.deepEqual(r.bounds, { best: 1000, worst: null });
    assert.equal(r.measured, 1000);
    assert.match(r.detail, /^converged at least 1s after T0, if it held: no cluster view from T0\+3s to the window's end \(88s; 8 snapshots failed: connect ETIMEDOUT/);
    // Even the best case misses a budget under it: failed.
    assert.equal(checkConvergence(h, { convergenceMs: 999 }).status, "failed");
    // Without a budget a figure that may not have held is still not a pass.
    assert.equal(checkConvergence(h, {}).status, "unknown");
  });

  it("bounds a convergence first seen after a stretch without a view: best at the stretch's start, worst when seen", () => {
    const h = history({
      t0: 1000,
      windowEnd: 20_000,
      services: judged,
      // Not converged at T0+1s, then the snapshot asked at T0+2s timed out after 10s.
      cluster: [...every(1000, 2000, unconverged), ...every(13_000, 20_000, converged)],
      clusterGaps: [timedOut(3000)],
    });
    const c = convergenceTime(h);
    assert.equal(c.kind, "converged");
    const r = checkConvergence(h, { convergenceMs: 5000 });
    assert.equal(r.status, "unknown");
    assert.deepEqual(r.bounds, { best: 1000, worst: 12_000 });
    assert.equal(r.detail, "converged between 1s and 12s after T0 (budget 5s); no cluster view from T0+1s to T0+12s (11s; 1 snapshot failed: connect ETIMEDOUT 172.18.0.3:2376)");
    assert.equal(checkConvergence(h, { convergenceMs: 12_000 }).status, "passed");
    assert.equal(checkConvergence(h, { convergenceMs: 999 }).status, "failed");
  });

  it("takes the worst case after a stretch without a view inside the converged streak (it may have been lost there)", () => {
    const h = history({
      t0: 1000,
      windowEnd: 30_000,
      services: judged,
      cluster: [snapshot(1000, unconverged), ...every(2000, 10_000, converged), ...every(20_000, 30_000, converged)],
    });
    const r = checkConvergence(h, { convergenceMs: 10_000 });
    assert.deepEqual(r.bounds, { best: 1000, worst: 19_000 });
    assert.equal(r.status, "unknown");
    assert.equal(checkConvergence(h, { convergenceMs: 19_000 }).status, "passed");
  });

  it("counts a late answer as seen when it was answered, stamped when it was asked", () => {
    const late = { ...snapshot(3000, converged), answeredAt: 9500 };
    const h = history({
      t0: 1000,
      windowEnd: 12_000,
      services: judged,
      cluster: [...every(1000, 2000, unconverged), late, ...every(9500, 12_000, converged)],
      clusterGaps: [{ from: 3000, to: 9500, what: "late" }],
    });
    assert.deepEqual(checkConvergence(h, { convergenceMs: 30_000 }).bounds, { best: 2000, worst: 8500 });
  });

  it("is unknown, not failed, when the last view was unconverged and stale: it may have converged after it", () => {
    const h = history({ t0: 1000, windowEnd: 60_000, services: judged, cluster: every(1000, 5000, unconverged), clusterGaps: [timedOut(6000)] });
    const r = checkConvergence(h, { convergenceMs: 30_000 });
    assert.equal(r.status, "unknown");
    assert.deepEqual(r.bounds, { best: 4000, worst: null });
    assert.match(r.detail, /^not converged when last seen at T0\+4s \(wp_wordpress 1\/2, wp_lb 2\/2 on healthy hosts\), and no cluster view from T0\+4s to the window's end \(55s; 1 snapshot failed/);
    assert.equal(checkConvergence(h, { convergenceMs: 3999 }).status, "failed");
    assert.equal(checkConvergence(h, {}).status, "unknown");
  });

  it("stays exact, bounds equal, when the view was fresh throughout", () => {
    const h = history({ t0: 1000, windowEnd: 10_000, services: judged, cluster: [...every(1000, 3000, unconverged), ...every(4000, 10_000, converged)] });
    const r = checkConvergence(h, { convergenceMs: 3000 });
    assert.equal(r.status, "passed");
    assert.deepEqual(r.bounds, { best: 3000, worst: 3000 });
    assert.equal(r.detail, "converged 3s after T0 (budget 3s)");
  });

  it("reads the staleness limit from the history's own cluster period", () => {
    // 5s between views: stale at a 1s period, fresh at a 2s one (limit 6s).
    const cluster = [snapshot(1000, unconverged), snapshot(6000, converged), snapshot(11_000, converged)];
    assert.equal(checkConvergence(history({ t0: 1000, windowEnd: 11_000, services: judged, cluster }), { convergenceMs: 3000 }).status, "unknown");
    assert.equal(checkConvergence(history({ t0: 1000, windowEnd: 11_000, services: judged, cluster, clusterPeriodMs: 2000 }), { convergenceMs: 5000 }).status, "passed");
  });
});
