import assert from "node:assert/strict";
import { checkLatencyPercentile } from "../../../src/checks/latency-percentile.ts";
import { STARVED_AFTER_PERIODS } from "../../../src/checks/probe-schedule.ts";
import { SecondBuckets, summarise } from "../../../src/traffic/second-buckets.ts";
import type { TrafficRecord } from "../../../src/traffic/traffic-record.ts";
import { history, probe } from "./fixtures.ts";

/** T0's second, on a second's boundary. */
const T = 1_714_557_600_000;

/** Load traffic from seconds given as the latencies of their requests (every request answered), T-relative. */
function load(seconds: Record<number, number[]>, extra: Partial<TrafficRecord> = {}): TrafficRecord {
  const buckets = new SecondBuckets();
  for (const [offset, latencies] of Object.entries(seconds)) {
    latencies.forEach((ms, i) => buckets.record(T + Number(offset) + Math.floor((i * 1000) / latencies.length), ms, true));
  }
  return { source: "load", spec: "load:rate=100", rate: 100, seconds: buckets.seconds(), lateness: { p99: 2, max: 5 }, ...extra };
}

/** `count` latencies from..(from + count - 1) ms. */
const range = (from: number, count = 100) => Array.from({ length: count }, (_, i) => from + i);

/**
 * Three seconds answered in 1..100 ms and one in 201..300 ms, with a slow second (5 s)
 * before T0 and another after the window. Merged, the window's 400 requests have their
 * p95 at the 380th: the slow second's 80th, 280 ms, and p99 296 ms. (Its own p95 is 295 ms;
 * an average of the seconds' p95 would be 145 ms.)
 */
const seconds = {
  [-1000]: range(5000),
  0: range(1),
  1000: range(1),
  2000: range(201),
  3000: range(1),
  4000: range(5000),
};

/** T0 half-way into its second: the second T0 falls in overlaps the window, the one before does not. */
const window = { t0: T + 500, windowEnd: T + 3500 };

describe("latency percentile", () => {
  it("is the percentile of the window's seconds merged, and passes a budget it meets exactly", () => {
    const traffic = load(seconds);
    const inWindow = traffic.seconds.filter((s) => s.at >= T && s.at <= T + 3000);
    assert.equal(summarise(inWindow)!.p95, 280);
    const r = checkLatencyPercentile(history({ ...window, traffic }), { p95LatencyMs: 280 }, 95);
    assert.equal(r.name, "p95 latency");
    assert.equal(r.unit, "ms");
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 280);
    assert.equal(r.budget, 280);
    assert.equal(r.detail, "p95 280ms over 400 requests of load:rate=100 (worst second 295ms, max 300ms) (budget 280ms)");
  });

  it("fails a p95 one millisecond over its budget", () => {
    const r = checkLatencyPercentile(history({ ...window, traffic: load(seconds) }), { p95LatencyMs: 279 }, 95);
    assert.equal(r.status, "failed");
    assert.equal(r.measured, 280);
    assert.equal(r.detail, "p95 280ms over 400 requests of load:rate=100 (worst second 295ms, max 300ms) (budget 279ms)");
  });

  it("judges p99 against p99LatencyMs, not p95LatencyMs", () => {
    const h = history({ ...window, traffic: load(seconds) });
    const passed = checkLatencyPercentile(h, { p99LatencyMs: 296, p95LatencyMs: 1 }, 99);
    assert.equal(passed.name, "p99 latency");
    assert.deepEqual([passed.status, passed.measured, passed.budget], ["passed", 296, 296]);
    assert.deepEqual([checkLatencyPercentile(h, { p99LatencyMs: 295 }, 99).status, checkLatencyPercentile(h, { p99LatencyMs: 295 }, 99).measured], ["failed", 296]);
  });

  it("counts only the seconds that overlap [T0, windowEnd]: a slow second before T0 or after the window is ignored, the one T0 falls in is not", () => {
    const inWindow = checkLatencyPercentile(history({ ...window, traffic: load(seconds) }), { p95LatencyMs: 280 }, 95);
    assert.equal(inWindow.status, "passed");
    assert.match(inWindow.detail, /over 400 requests/);
    // The same traffic with T0 a second earlier takes in the slow second before: p95 now 5 s.
    const earlier = checkLatencyPercentile(history({ ...window, t0: T - 500, traffic: load(seconds) }), { p95LatencyMs: 280 }, 95);
    assert.equal(earlier.status, "failed");
    assert.ok(earlier.measured! >= 5000, String(earlier.measured));
    assert.match(earlier.detail, /over 500 requests/);
    // A slow second at T0's own second counts, though it started before T0.
    const slowAtT0 = checkLatencyPercentile(history({ ...window, traffic: load({ ...seconds, 0: range(5000) }) }), { p95LatencyMs: 280 }, 95);
    assert.equal(slowAtT0.status, "failed");
  });

  it("reports the figure without judging it when there is no budget", () => {
    const r = checkLatencyPercentile(history({ ...window, traffic: load(seconds) }), {}, 95);
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 280);
    assert.equal(r.budget, undefined);
    assert.match(r.detail, /^p95 280ms over 400 requests .* \(no budget\)$/);
  });

  it("is unknown, with no figure, when the traffic's generator gave none", () => {
    const traffic = load(seconds, { source: "k6", spec: "k6:edge.js", error: "k6 exited 107 before its first request" });
    const r = checkLatencyPercentile(history({ ...window, traffic }), { p95LatencyMs: 100_000 }, 95);
    assert.equal(r.status, "unknown");
    assert.equal(r.measured, undefined);
    assert.equal(r.detail, "the k6 gave no figures: k6 exited 107 before its first request (budget 100s)");
  });

  it("is unknown when no request of the load falls in the window", () => {
    const r = checkLatencyPercentile(history({ t0: T + 10_000, windowEnd: T + 20_000, traffic: load(seconds) }), { p95LatencyMs: 100_000 }, 95);
    assert.equal(r.status, "unknown");
    assert.match(r.detail, /^no load requests in the window/);
  });

  describe("a load sent late against its schedule", () => {
    /** The same traffic with the seconds given (T-relative) sent up to `lateMs` late. */
    function late(lateness: Record<number, number>): TrafficRecord {
      const buckets = new SecondBuckets();
      for (const [offset, latencies] of Object.entries(seconds)) {
        latencies.forEach((ms, i) => buckets.record(T + Number(offset) + Math.floor((i * 1000) / latencies.length), ms, true));
      }
      for (const [offset, ms] of Object.entries(lateness)) buckets.late(T + Number(offset) + 10, ms);
      return load({}, { seconds: buckets.seconds() });
    }
    /** Beyond this, a request may have missed what it was sent to see (the probe's starvation limit): 5 periods of 100 ms. */
    const LIMIT = STARVED_AFTER_PERIODS * 100;

    it("judges as usual when no request left more than one probe period late, saying nothing of it", () => {
      const r = checkLatencyPercentile(history({ ...window, traffic: late({ 1000: 100 }) }), { p95LatencyMs: 279 }, 95);
      assert.equal(r.status, "failed");
      assert.doesNotMatch(r.detail, /late/);
    });

    it("still judges, pass or miss, a load late by more than a probe period but within the limit, saying by how much it blurs the figures", () => {
      const traffic = late({ 1000: 120, 2000: LIMIT });
      const passed = checkLatencyPercentile(history({ ...window, traffic }), { p95LatencyMs: 280 }, 95);
      assert.equal(passed.status, "passed");
      assert.equal(
        passed.detail,
        `p95 280ms over 400 requests of load:rate=100 (worst second 295ms, max 300ms); requests left up to ${LIMIT}ms late, which blurs the figures by that much (budget 280ms)`,
      );
      const failed = checkLatencyPercentile(history({ ...window, traffic }), { p95LatencyMs: 279 }, 95);
      assert.equal(failed.status, "failed");
      assert.equal(failed.measured, 280);
    });

    it("is unknown, pass or miss, when a request of the window left more than the limit late: it may have missed what it was sent to see", () => {
      const traffic = late({ 2000: LIMIT + 1 });
      for (const p95LatencyMs of [100_000, 279]) {
        const r = checkLatencyPercentile(history({ ...window, traffic }), { p95LatencyMs }, 95);
        assert.equal(r.status, "unknown", String(p95LatencyMs));
        assert.equal(r.measured, undefined);
        assert.match(r.detail, new RegExp(`^the runner sent load:rate=100 ${LIMIT + 1}ms late at T0\\+1\\.5s \\(more than ${LIMIT}ms\\): what the load met then is unknown`));
      }
    });

    it("minds only the window's lateness: a load that fell behind before T0 is judged", () => {
      const r = checkLatencyPercentile(history({ ...window, traffic: late({ [-1000]: 5000 }) }), { p95LatencyMs: 280 }, 95);
      assert.equal(r.status, "passed");
      assert.doesNotMatch(r.detail, /late/);
    });
  });

  it("is unknown when a k6 script ended before the window did: the rest of the window had no k6 traffic", () => {
    const traffic = load(seconds, { source: "k6", spec: "k6:edge.js", k6: { exitCode: 0, thresholds: [], endedEarly: true } });
    const r = checkLatencyPercentile(history({ ...window, traffic }), { p95LatencyMs: 100_000 }, 95);
    assert.equal(r.status, "unknown");
    assert.match(r.detail, /^k6:edge\.js ended before the window did/);
  });

  it("takes the probe's own requests, from their scheduled start, when no load ran", () => {
    // Ten probes a second; one in the second second answered 600 ms after it was due (sent 500 ms late).
    const samples = probe("++++++++++ ++++++++++", { start: T, period: 100 });
    samples[15] = { ...samples[15]!, start: samples[15]!.start + 500, latencyMs: 100, lateMs: 500 };
    const h = history({ t0: T, windowEnd: T + 1900, samples });
    const r = checkLatencyPercentile(h, { p99LatencyMs: 600 }, 99);
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 600);
    assert.match(r.detail, /^p99 600ms over 20 requests of the probe's requests \(worst second 600ms, max 600ms\)/);
    assert.equal(checkLatencyPercentile(h, { p99LatencyMs: 599 }, 99).status, "failed");
  });
});
