import assert from "node:assert/strict";
import { checkLatencyPercentile } from "../../../src/checks/latency-percentile.ts";
import { STARVED_AFTER_PERIODS } from "../../../src/checks/probe-schedule.ts";
import { summarise } from "../../../src/traffic/second-buckets.ts";
import { type LiteralRequest, trafficFrom } from "../../support/traffic-fixture.ts";
import type { TrafficRecord } from "../../../src/traffic/traffic-record.ts";
import { history, probe } from "./fixtures.ts";

/** T0's second, on a second's boundary. */
const T = 1_714_557_600_000;

/** Load traffic from seconds given as the latencies of their requests (every request answered), T-relative; `late` (T-relative) sends the request at that time late. */
function load(seconds: Record<number, number[]>, extra: Partial<TrafficRecord> = {}, late: Record<number, number> = {}): TrafficRecord {
  const requests: LiteralRequest[] = [];
  for (const [offset, latencies] of Object.entries(seconds)) {
    latencies.forEach((ms, i) => {
      const at = T + Number(offset) + Math.floor((i * 1000) / latencies.length);
      requests.push({ at, latencyMs: ms, ok: true, lateMs: late[at - T] ?? 0 });
    });
  }
  return trafficFrom(requests, { lateness: { p99: 2, max: 5 }, ...extra });
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

/** Four whole seconds: T0 on a second's boundary, the window's end just before the fifth. */
const window = { t0: T, windowEnd: T + 3999 };

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

  it("counts each request by its own scheduled time inside [T0, windowEnd], not the seconds that overlap it", () => {
    const inWindow = checkLatencyPercentile(history({ ...window, traffic: load(seconds) }), { p95LatencyMs: 280 }, 95);
    assert.equal(inWindow.status, "passed");
    assert.match(inWindow.detail, /over 400 requests/);
    // T0 half a second earlier takes in the last half of the slow second before: 450 requests, p95 5 s.
    const earlier = checkLatencyPercentile(history({ ...window, t0: T - 500, traffic: load(seconds) }), { p95LatencyMs: 280 }, 95);
    assert.equal(earlier.status, "failed");
    assert.ok(earlier.measured! >= 5000, String(earlier.measured));
    assert.match(earlier.detail, /over 450 requests/);
    // A window that ends at T0+4.5s takes only the first half of the slow second after it
    // (before, the whole second counted, with the restore's requests in it).
    const later = checkLatencyPercentile(history({ ...window, windowEnd: T + 4499, traffic: load(seconds) }), {}, 95);
    assert.match(later.detail, /over 450 requests/);
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
    // The slow second (T0+1.5s to T0+2.5s) answered in 201..300 ms from its schedule; its
    // requests at T+2000..T+2090 (the ten slowest are later) left `ms` late.
    const lateAt = (ms: number) => Object.fromEntries(Array.from({ length: 100 }, (_, i) => [2000 + i * 10, ms]));

    it("is exact when no request left late", () => {
      const r = checkLatencyPercentile(history({ ...window, traffic: load(seconds) }), { p95LatencyMs: 279 }, 95);
      assert.equal(r.status, "failed");
      assert.deepEqual(r.bounds, { best: 280, worst: 280 });
      assert.doesNotMatch(r.detail, /late/);
    });

    it("is a range from each request's send to its schedule: the runner's lateness is not the platform's", () => {
      // Every request of the slow second left 150 ms late: from its send it took 51..150 ms.
      const traffic = load(seconds, {}, lateAt(150));
      const r = checkLatencyPercentile(history({ ...window, traffic }), { p95LatencyMs: 200 }, 95);
      assert.deepEqual(r.bounds, { best: 130, worst: 280 });
      assert.equal(r.status, "unknown", "the users' time misses 200 ms, the platform's meets it");
      assert.match(r.detail, /^p95 between 130ms and 280ms \(from each request's send to its schedule: the runner sent some up to 150ms late\)/);
      assert.equal(checkLatencyPercentile(history({ ...window, traffic }), { p95LatencyMs: 280 }, 95).status, "passed", "the worst case meets it");
      assert.equal(checkLatencyPercentile(history({ ...window, traffic }), { p95LatencyMs: 129 }, 95).status, "failed", "even the platform's own time misses it");
    });

    it("judges lateness beyond the probe's starvation limit by the same bounds, not as unknown whatever the figure", () => {
      // Before, a request 501 ms late made the figure unknown even with a budget of 100 s.
      const traffic = load(seconds, {}, lateAt(501));
      assert.equal(checkLatencyPercentile(history({ ...window, traffic }), { p95LatencyMs: 100_000 }, 95).status, "passed");
    });

    it("minds only the window's lateness: a load that fell behind before T0 is exact", () => {
      const r = checkLatencyPercentile(history({ ...window, traffic: load(seconds, {}, { [-1000]: 5000 }) }), { p95LatencyMs: 280 }, 95);
      assert.equal(r.status, "passed");
      assert.doesNotMatch(r.detail, /late/);
    });

    it("takes a runner stall while requests were in flight out of the platform's time: a 3 s stall is not a 3 s answer", () => {
      // Every request answered in 50 ms, but the runner stalled from T+2000 to T+2300: the
      // requests in flight then ended when it woke, up to 300 ms later.
      const traffic = load({ 0: range(50, 100).map(() => 50), 1000: range(50, 100).map(() => 50), 2000: range(50, 100).map((_, i) => (i < 30 ? 300 - i * 10 + 50 : 50)) });
      const h = history({ ...window, windowEnd: T + 2999, traffic, stalls: [{ from: T + 2000, to: T + 2300 }] });
      const r = checkLatencyPercentile(h, { p99LatencyMs: 100 }, 99);
      assert.ok(r.bounds!.best <= 100, JSON.stringify(r.bounds));
      assert.notEqual(r.status, "failed", "the platform answered in 50 ms: only the runner made it slower");
    });

    it("says when the sender keeps no schedule, so its lateness is not measured", () => {
      const traffic = load(seconds, { spec: "load:concurrency=4", rate: undefined });
      assert.match(checkLatencyPercentile(history({ ...window, traffic }), {}, 95).detail, /keeps no schedule/);
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
    assert.deepEqual(r.bounds, { best: 100, worst: 600 }, "100 ms from its send, 600 ms from its schedule");
    assert.match(r.detail, /^p99 between 100ms and 600ms .*over 20 requests of the probe's requests \(worst second 600ms, max 600ms\)/);
    assert.equal(checkLatencyPercentile(h, { p99LatencyMs: 599 }, 99).status, "unknown");
    assert.equal(checkLatencyPercentile(h, { p99LatencyMs: 99 }, 99).status, "failed");
  });
});
