import assert from "node:assert/strict";
import { STARVED_AFTER_PERIODS } from "../../../src/checks/probe-schedule.ts";
import { checkWorstSecond } from "../../../src/checks/worst-second.ts";
import { SecondBuckets } from "../../../src/traffic/second-buckets.ts";
import type { TrafficRecord } from "../../../src/traffic/traffic-record.ts";
import { history, probe } from "./fixtures.ts";

/** T0, on a second's boundary. */
const T = 1_714_557_600_000;

/** Load traffic from seconds given as [requests, failed], T-relative; every request answered in 20 ms. */
function load(seconds: Record<number, [requests: number, failed: number]>, extra: Partial<TrafficRecord> = {}): TrafficRecord {
  const buckets = new SecondBuckets();
  for (const [offset, [requests, failed]] of Object.entries(seconds)) {
    for (let i = 0; i < requests; i++) buckets.record(T + Number(offset) + Math.floor((i * 1000) / requests), 20, i >= failed);
  }
  return { source: "load", spec: "load:rate=200", rate: 200, seconds: buckets.seconds(), lateness: { p99: 3, max: 8 }, ...extra };
}

/** A burst of 10 failures in 200 at T0+2s, the other seconds clean: 10 of 800 over the window (1.25%), 5% in the worst second. */
const burst = { 0: [200, 0], 1000: [200, 0], 2000: [200, 10], 3000: [200, 0] } satisfies Record<number, [number, number]>;
const window = { t0: T, windowEnd: T + 3999 };

describe("worst second's error ratio", () => {
  it("finds the worst second, with its failures and its offset from T0, and passes a budget it meets exactly", () => {
    const r = checkWorstSecond(history({ ...window, traffic: load(burst) }), { errorRatioPerSecond: 0.05 });
    assert.equal(r.name, "worst second's error ratio");
    assert.equal(r.unit, "ratio");
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0.05);
    assert.equal(r.budget, 0.05);
    assert.equal(r.detail, "5% of load:rate=200 failed in the worst second (10 of 200, at T0+2s; 1 of 4 seconds had failures) (budget 5%)");
  });

  it("fails a budget just below the worst second, though the window's ratio (1.25%) is well within it", () => {
    const r = checkWorstSecond(history({ ...window, traffic: load(burst) }), { errorRatioPerSecond: 0.049 });
    assert.equal(r.status, "failed");
    assert.equal(r.measured, 0.05);
    assert.match(r.detail, /^5% of load:rate=200 failed in the worst second \(10 of 200, at T0\+2s;/);
  });

  it("takes the worst ratio, not the most failures: 3 of 20 is worse than 10 of 200", () => {
    const r = checkWorstSecond(history({ ...window, traffic: load({ ...burst, 3000: [20, 3] }) }), { errorRatioPerSecond: 0.1 });
    assert.equal(r.status, "failed");
    assert.equal(r.measured, 0.15);
    assert.match(r.detail, /\(3 of 20, at T0\+3s; 2 of 4 seconds had failures\)/);
  });

  it("passes a window without a failure at a budget of 0", () => {
    const r = checkWorstSecond(history({ ...window, traffic: load({ 0: [200, 0], 1000: [200, 0] }) }), { errorRatioPerSecond: 0 });
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0);
    assert.equal(checkWorstSecond(history({ ...window, traffic: load({ 0: [200, 0], 1000: [200, 1] }) }), { errorRatioPerSecond: 0 }).status, "failed");
  });

  it("ignores seconds outside [T0, windowEnd]: a failed second before T0 or after the window does not count", () => {
    const traffic = load({ [-1000]: [200, 200], ...burst, 4000: [200, 200] });
    const r = checkWorstSecond(history({ ...window, traffic }), { errorRatioPerSecond: 0.05 });
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0.05);
    // T0 a millisecond earlier takes in the second before it.
    const earlier = checkWorstSecond(history({ t0: T - 1, windowEnd: T + 3999, traffic }), { errorRatioPerSecond: 0.05 });
    assert.equal(earlier.status, "failed");
    assert.equal(earlier.measured, 1);
    assert.match(earlier.detail, /\(200 of 200, at T0-999ms;/);
    // A window that ends the instant the next second starts takes that second in too.
    const later = checkWorstSecond(history({ t0: T, windowEnd: T + 4000, traffic }), { errorRatioPerSecond: 0.05 });
    assert.equal(later.status, "failed");
    assert.match(later.detail, /\(200 of 200, at T0\+4s; 2 of 5 seconds had failures\)/);
  });

  it("reports the figure without judging it when there is no budget", () => {
    const r = checkWorstSecond(history({ ...window, traffic: load(burst) }), {});
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0.05);
    assert.match(r.detail, /\(no budget\)$/);
  });

  it("is unknown when the traffic's generator gave no figures", () => {
    const r = checkWorstSecond(history({ ...window, traffic: load(burst, { error: "the load could not start: EMFILE" }) }), { errorRatioPerSecond: 0.05 });
    assert.equal(r.status, "unknown");
    assert.equal(r.measured, undefined);
    assert.equal(r.detail, "the load gave no figures: the load could not start: EMFILE (budget 5%)");
  });

  it("is unknown when the window's seconds have latencies but no outcome", () => {
    const buckets = new SecondBuckets();
    buckets.latency(T + 10, 30);
    const r = checkWorstSecond(history({ ...window, traffic: { source: "k6", spec: "k6:edge.js", seconds: buckets.seconds() } }), { errorRatioPerSecond: 0.05 });
    assert.equal(r.status, "unknown");
    assert.equal(r.detail, "no request in the window had an outcome (budget 5%)");
  });

  describe("a load sent late against its schedule", () => {
    /** The burst, its second at T0+2s sent up to `lateMs` late. */
    function lateBurst(lateMs: number): TrafficRecord {
      const buckets = new SecondBuckets();
      for (const [offset, [requests, failed]] of Object.entries(burst)) {
        for (let i = 0; i < requests; i++) buckets.record(T + Number(offset) + Math.floor((i * 1000) / requests), 20, i >= failed);
      }
      buckets.late(T + 2000, lateMs);
      return load({}, { seconds: buckets.seconds() });
    }
    const LIMIT = STARVED_AFTER_PERIODS * 100;

    it("still judges a ratio, pass or miss, when requests left late by no more than the limit, saying how late", () => {
      const passed = checkWorstSecond(history({ ...window, traffic: lateBurst(LIMIT) }), { errorRatioPerSecond: 0.05 });
      assert.equal(passed.status, "passed");
      assert.match(passed.detail, new RegExp(`; requests left up to ${LIMIT}ms late, which blurs the figures by that much \\(budget 5%\\)$`));
      assert.equal(checkWorstSecond(history({ ...window, traffic: lateBurst(LIMIT) }), { errorRatioPerSecond: 0.049 }).status, "failed");
    });

    it("is unknown, pass or miss, when a request of the window left later than the limit", () => {
      for (const errorRatioPerSecond of [1, 0.049]) {
        const r = checkWorstSecond(history({ ...window, traffic: lateBurst(LIMIT + 1) }), { errorRatioPerSecond });
        assert.equal(r.status, "unknown");
        assert.match(r.detail, new RegExp(`^the runner sent load:rate=200 ${LIMIT + 1}ms late at T0\\+2s \\(more than ${LIMIT}ms\\)`));
      }
    });
  });

  it("judges the probe's own samples, second by second, when no load ran", () => {
    // Ten probes a second: none failed in the first, 2 of 10 in the second, none in the third.
    const samples = probe("++++++++++ +++--+++++ ++++++++++", { start: T, period: 100 });
    const h = history({ t0: T, windowEnd: T + 2999, samples });
    const r = checkWorstSecond(h, { errorRatioPerSecond: 0.2 });
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0.2);
    assert.equal(r.detail, "20% of the probe's requests failed in the worst second (2 of 10, at T0+1s; 1 of 3 seconds had failures) (budget 20%)");
    assert.equal(checkWorstSecond(h, { errorRatioPerSecond: 0.19 }).status, "failed");
  });
});
