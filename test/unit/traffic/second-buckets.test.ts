import assert from "node:assert/strict";
import { SecondBuckets, summarise } from "../../../src/traffic/second-buckets.ts";

/** A moment well into the epoch, on a second's boundary. */
const T = 1_714_557_600_000;

/** `count` requests spread over the second that starts at `at`, each `latency(i)` ms, failed where `failed(i)`. */
function fill(buckets: SecondBuckets, at: number, count: number, latency: (i: number) => number, failed: (i: number) => boolean = () => false): void {
  for (let i = 0; i < count; i++) buckets.record(at + Math.floor((i * 1000) / count), latency(i), !failed(i));
}

describe("traffic second by second", () => {
  it("counts each request in the second it was scheduled in, not the one it was answered in", () => {
    const buckets = new SecondBuckets();
    buckets.record(T, 5, true);
    buckets.record(T + 999, 5_000, true); // answered four seconds later: still T's second
    buckets.record(T + 1000, 5, true);
    buckets.record(T - 1, 5, true);
    const seconds = buckets.seconds();
    assert.deepEqual(
      seconds.map((s) => [s.at - T, s.requests]),
      [
        [-1000, 1],
        [0, 2],
        [1000, 1],
      ],
    );
    for (const s of seconds) assert.equal(s.at % 1000, 0);
  });

  it("lists the seconds in time order whatever order the outcomes arrived in", () => {
    const buckets = new SecondBuckets();
    for (const offset of [3000, 0, 2000, 1000]) buckets.record(T + offset, 1, true);
    assert.deepEqual(
      buckets.seconds().map((s) => s.at - T),
      [0, 1000, 2000, 3000],
    );
  });

  it("counts the failed requests of a second and their share", () => {
    const buckets = new SecondBuckets();
    fill(buckets, T, 200, () => 10, (i) => i < 10);
    fill(buckets, T + 1000, 50, () => 10);
    const [first, second] = buckets.seconds();
    assert.deepEqual([first!.requests, first!.failed, first!.errorRatio], [200, 10, 0.05]);
    assert.deepEqual([second!.requests, second!.failed, second!.errorRatio], [50, 0, 0]);
  });

  it("gives a second's percentiles of a known distribution: 1..1000 ms is p50 500, p95 950, p99 990, max 1000", () => {
    const buckets = new SecondBuckets();
    // Recorded out of order: the histogram, not the order, makes the percentiles.
    fill(buckets, T, 1000, (i) => ((i * 7) % 1000) + 1);
    const [second] = buckets.seconds();
    // HDR keeps 3 significant digits: below 2048 every whole millisecond is its own value.
    assert.deepEqual([second!.p50, second!.p95, second!.p99, second!.max], [500, 950, 990, 1000]);
    assert.ok(second!.histogram.length > 0);
  });

  it("counts a sub-millisecond answer as 1 ms and rounds the others to the millisecond", () => {
    const buckets = new SecondBuckets();
    buckets.record(T, 0.2, true);
    buckets.record(T, 0, true);
    buckets.record(T + 1000, 2.6, true);
    const [first, second] = buckets.seconds();
    assert.deepEqual([first!.p50, first!.max, first!.requests], [1, 1, 2]);
    assert.equal(second!.max, 3);
  });

  it("counts a latency past 10 minutes (a runner paused that long) as 10 minutes, without throwing", () => {
    const buckets = new SecondBuckets();
    buckets.record(T, 700_000, false);
    buckets.record(T, 600_000, false);
    const [second] = buckets.seconds();
    assert.equal(second!.max, 600_000);
    assert.equal(second!.failed, 2);
  });

  it("keeps each second's worst lateness, rounded, and none for a second whose requests all left on time", () => {
    const buckets = new SecondBuckets();
    buckets.record(T, 10, true);
    buckets.late(T + 10, 12.6);
    buckets.late(T + 900, 3);
    buckets.record(T + 1000, 10, true);
    const [first, second] = buckets.seconds();
    assert.equal(first!.lateMs, 13);
    assert.equal(second!.lateMs, undefined);
    assert.ok(!("lateMs" in second!));
  });

  it("keeps a latency and its outcome recorded apart (as k6 writes them) in the same second", () => {
    const buckets = new SecondBuckets();
    // k6: the duration point, then the failed point of the same request, with slightly different times.
    buckets.latency(T + 100, 250);
    buckets.outcome(T + 101, false);
    buckets.latency(T + 900, 30);
    buckets.outcome(T + 950, true);
    const seconds = buckets.seconds();
    assert.equal(seconds.length, 1);
    assert.deepEqual([seconds[0]!.requests, seconds[0]!.failed, seconds[0]!.errorRatio, seconds[0]!.max], [2, 1, 0.5, 250]);
  });

  it("gives an error ratio of 0, not NaN, to a second with latencies but no outcome yet", () => {
    const buckets = new SecondBuckets();
    buckets.latency(T, 40);
    const [second] = buckets.seconds();
    assert.deepEqual([second!.requests, second!.failed, second!.errorRatio, second!.max], [0, 0, 0, 40]);
  });

  describe("summarise", () => {
    it("merges the seconds' histograms exactly: 1..1000 ms and a second all at 2000 ms give p50 1000 and p95 2000", () => {
      const buckets = new SecondBuckets();
      fill(buckets, T, 1000, (i) => i + 1);
      fill(buckets, T + 1000, 1000, () => 2000, (i) => i % 100 === 0);
      const seconds = buckets.seconds();
      // Averaging the seconds' own figures would give p50 (500 + 2000) / 2 = 1250, p95 (950 + 2000) / 2 = 1475.
      assert.deepEqual(summarise(seconds), { requests: 2000, failed: 10, p50: 1000, p95: 2000, p99: 2000, max: 2000 });
    });

    it("is the second's own figures for one second", () => {
      const buckets = new SecondBuckets();
      fill(buckets, T, 1000, (i) => i + 1);
      const [second] = buckets.seconds();
      const summary = summarise([second!])!;
      assert.deepEqual([summary.p50, summary.p95, summary.p99, summary.max], [second!.p50, second!.p95, second!.p99, second!.max]);
    });

    it("is undefined for no seconds (no figure rather than zeros)", () => {
      assert.equal(summarise([]), undefined);
    });
  });
});
