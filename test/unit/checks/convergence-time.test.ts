import assert from "node:assert/strict";
import { checkConvergence, convergenceTime } from "../../../src/checks/convergence-time.ts";
import type { FaultEvent } from "../../../src/history/history.ts";
import { history, service, snapshot } from "./fixtures.ts";

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
    assert.deepEqual(convergenceTime(h), { kind: "converged", at: 3000, ms: 2000 });
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
    assert.deepEqual(convergenceTime(h), { kind: "converged", at: 3000, ms: 2000 });
  });

  it("keeps counting a host whose fault leaves it in service (a blocked registry)", () => {
    const blocked: FaultEvent = { ...fault("host-2", 1000, 5000), kind: "registry-block", disablesHost: false };
    const h = history({ t0: 1000, windowEnd: 5000, services: judged, faults: [blocked], cluster: [snapshot(1000, asBefore), snapshot(2000, asBefore)] });
    assert.deepEqual(convergenceTime(h), { kind: "converged", at: 1000, ms: 0 });
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
    assert.deepEqual(convergenceTime(h), { kind: "converged", at: 3000, ms: 2000 });
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
    assert.deepEqual(convergenceTime(h), { kind: "converged", at: 3000, ms: 2000 });
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
    assert.deepEqual(convergenceTime(converged), { kind: "converged", at: 0, ms: 0 });
    const gone = history({ t0: 0, windowEnd: 1000, services: [...judged, "wp_gone"], cluster: [snapshot(0, asBefore)] });
    assert.equal(checkConvergence(gone, {}).detail, "never converged in the window: at T0+0ms wp_wordpress 2/2, wp_lb 3/3, wp_gone not reported on healthy hosts (no budget)");
  });

  it("ignores snapshots before T0 and is unknown without a snapshot in the window", () => {
    const lost = { services, tasks: { wp_wordpress: [], wp_lb: all } };
    const h = history({ t0: 1000, windowEnd: 3000, services: judged, cluster: [snapshot(500, lost), snapshot(1000, asBefore), snapshot(2000, asBefore)] });
    assert.deepEqual(convergenceTime(h), { kind: "converged", at: 1000, ms: 0 });
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
    assert.deepEqual(convergenceTime(h), { kind: "converged", at: 3000, ms: 2000 });
  });

  it("is unknown when the history names no service to judge", () => {
    const h = history({ t0: 0, windowEnd: 1000, cluster: [snapshot(0, asBefore)] });
    assert.equal(checkConvergence(h, {}).status, "unknown");
  });
});
