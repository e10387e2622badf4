import assert from "node:assert/strict";
import { checkWorstSecond } from "../../../src/checks/worst-second.ts";
import type { ProbeSample } from "../../../src/probe/probe-sample.ts";
import type { TrafficRecord } from "../../../src/traffic/traffic-record.ts";
import { type LiteralRequest, trafficFrom } from "../../support/traffic-fixture.ts";
import { history, probe } from "./fixtures.ts";

/** T0, on a second's boundary. */
const T = 1_714_557_600_000;

/**
 * A night's requests from seconds given as [requests, failed], T-relative: ten of each
 * second's requests are the probe's (all answered), the rest the load's, answered in 20 ms,
 * the first `failed` of them failing; each load request of `lateAt`'s second left that late.
 */
function night(seconds: Record<number, [requests: number, failed: number]>, extra: Partial<TrafficRecord> = {}, lateAt: Record<number, number> = {}) {
  const load: LiteralRequest[] = [];
  const samples: ProbeSample[] = [];
  for (const [key, [requests, failed]] of Object.entries(seconds)) {
    const offset = Number(key);
    const n = requests - 10;
    for (let i = 0; i < n; i++) load.push({ at: T + offset + Math.floor((i * 1000) / n), latencyMs: 20, ok: i >= failed, lateMs: lateAt[offset] ?? 0 });
    samples.push(...probe("++++++++++", { start: T + offset, period: 100 }));
  }
  return { samples, traffic: trafficFrom(load, { spec: "load:rate=190", rate: 190, ...extra }) };
}

/** A burst of 10 failures in 200 at T0+2s, the other seconds clean: 10 of 800 over the window (1.25%), 5% in the worst second. */
const burst = { 0: [200, 0], 1000: [200, 0], 2000: [200, 10], 3000: [200, 0] } satisfies Record<number, [number, number]>;
const window = { t0: T, windowEnd: T + 3999 };

describe("worst second's error ratio", () => {
  it("finds the worst second, with its failures and its offset from T0, and passes a budget it meets exactly", () => {
    const r = checkWorstSecond(history({ ...window, ...night(burst) }), { errorRatioPerSecond: 0.05 });
    assert.equal(r.name, "worst second's error ratio");
    assert.equal(r.unit, "ratio");
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0.05);
    assert.equal(r.budget, 0.05);
    assert.equal(r.detail, "5% of requests failed in the worst second (10 of 200, at T0+2s; 1 of 4 seconds had failures) (budget 5%)");
  });

  it("fails a budget just below the worst second, though the window's ratio (1.25%) is well within it", () => {
    const r = checkWorstSecond(history({ ...window, ...night(burst) }), { errorRatioPerSecond: 0.049 });
    assert.equal(r.status, "failed");
    assert.equal(r.measured, 0.05);
    assert.match(r.detail, /^5% of requests failed in the worst second \(10 of 200, at T0\+2s;/);
  });

  it("takes the worst ratio, not the most failures: 3 of 20 is worse than 10 of 200", () => {
    const r = checkWorstSecond(history({ ...window, ...night({ ...burst, 3000: [20, 3] }) }), { errorRatioPerSecond: 0.1 });
    assert.equal(r.status, "failed");
    assert.equal(r.measured, 0.15);
    assert.match(r.detail, /\(3 of 20, at T0\+3s; 2 of 4 seconds had failures\)/);
  });

  it("passes a window without a failure at a budget of 0", () => {
    const r = checkWorstSecond(history({ ...window, windowEnd: T + 1999, ...night({ 0: [200, 0], 1000: [200, 0] }) }), { errorRatioPerSecond: 0 });
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0);
    assert.equal(checkWorstSecond(history({ ...window, windowEnd: T + 1999, ...night({ 0: [200, 0], 1000: [200, 1] }) }), { errorRatioPerSecond: 0 }).status, "failed");
  });

  it("counts each request by its own scheduled time inside [T0, windowEnd]: failures just outside do not count", () => {
    const all = night({ [-1000]: [200, 200], ...burst, 4000: [200, 200] });
    const r = checkWorstSecond(history({ ...window, ...all }), { errorRatioPerSecond: 0.05 });
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0.05);
    // T0 a millisecond earlier takes in the second before only from T0-1ms: no request of it.
    assert.equal(checkWorstSecond(history({ ...window, t0: T - 1, ...all }), { errorRatioPerSecond: 0.05 }).status, "passed");
    // Before, a window that ended the instant the next second started took that whole
    // second in (the restore's requests among them); now only the requests sent by then.
    const later = checkWorstSecond(history({ ...window, windowEnd: T + 4000, ...all }), { errorRatioPerSecond: 0.05 });
    assert.equal(later.status, "failed");
    assert.match(later.detail, /^50% of requests failed in the worst second \(1 of 2, at T0\+4s; 2 of 5 seconds had failures\)/, "the load's request at T0+4s failed, the probe's did not");
  });

  it("reports the figure without judging it when there is no budget", () => {
    const r = checkWorstSecond(history({ ...window, ...night(burst) }), {});
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0.05);
    assert.match(r.detail, /\(no budget\)$/);
  });

  it("is unknown when the traffic's generator gave no figures", () => {
    const r = checkWorstSecond(history({ ...window, ...night(burst, { error: "the load could not start: EMFILE" }) }), { errorRatioPerSecond: 0.05 });
    assert.equal(r.status, "unknown");
    assert.equal(r.measured, undefined);
    assert.equal(r.detail, "the load gave no figures: the load could not start: EMFILE (budget 5%)");
  });

  describe("a load sent late against its schedule", () => {
    it("judges a second sent late by no more than the probe's starvation limit as usual", () => {
      const h = history({ ...window, ...night(burst, {}, { 2000: 500 }) });
      assert.equal(checkWorstSecond(h, { errorRatioPerSecond: 0.05 }).status, "passed");
      assert.equal(checkWorstSecond(h, { errorRatioPerSecond: 0.049 }).status, "failed");
    });

    it("takes a second sent later than the limit as unseen: its failures stand, its successes may have been failures", () => {
      const h = history({ ...window, ...night(burst, {}, { 2000: 501 }) });
      const r = checkWorstSecond(h, { errorRatioPerSecond: 0.05 });
      assert.equal(r.status, "unknown", "at worst every late request of it failed");
      assert.equal(r.bounds?.best, 0, "at best the late requests, failures too, were the runner's");
      assert.match(r.detail, /unseen by the harness/);
      assert.equal(checkWorstSecond(h, { errorRatioPerSecond: 1 }).status, "passed", "a worst case within the budget passes");
    });
  });

  it("judges the probe's own samples, second by second, when no load ran", () => {
    // Ten probes a second: none failed in the first, 2 of 10 in the second, none in the third.
    const samples = probe("++++++++++ +++--+++++ ++++++++++", { start: T, period: 100 });
    const h = history({ t0: T, windowEnd: T + 2999, samples });
    const r = checkWorstSecond(h, { errorRatioPerSecond: 0.2 });
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0.2);
    assert.equal(r.detail, "20% of requests failed in the worst second (2 of 10, at T0+1s; 1 of 3 seconds had failures) (budget 20%)");
    assert.equal(checkWorstSecond(h, { errorRatioPerSecond: 0.19 }).status, "failed");
  });
});
