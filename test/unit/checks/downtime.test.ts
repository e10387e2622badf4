import assert from "node:assert/strict";
import { checkDowntime, checkLongestGap, measureDowntime } from "../../../src/checks/downtime.ts";
import { failedIntervals } from "../../../src/checks/failed-intervals.ts";
import { history, probe } from "./fixtures.ts";

describe("failed-probe intervals, downtime and longest gap", () => {
  it("measures a 5 s outage probed every 100 ms within one period (1050 to 6050)", () => {
    // Samples at 0, 100, ..., 10000. The outage from 1050 to 6050 fails the samples at
    // 1100..6000; the sample at 6100 succeeds.
    const samples = probe("+".repeat(11) + "-".repeat(50) + "+".repeat(40));
    const h = history({ t0: 0, windowEnd: 10_000, samples });
    assert.deepEqual(failedIntervals(h), [{ start: 1100, end: 6100 }]);
    const d = measureDowntime(h)!;
    assert.equal(d.downtimeMs, 5000);
    assert.ok(d.downtimeMs >= 4900 && d.downtimeMs <= 5100);
  });

  it("stays within one period of an outage that starts and ends just after samples (1001 to 6099, true 5098)", () => {
    // Same samples fail (1100..6000): measured 5000, 98 ms short, still within a period.
    const h = history({ t0: 0, windowEnd: 10_000, samples: probe("+".repeat(11) + "-".repeat(50) + "+".repeat(40)) });
    const measured = measureDowntime(h)!.downtimeMs;
    assert.ok(Math.abs(measured - 5098) <= 100, `measured ${measured}`);
  });

  it("sums the intervals and keeps the longest", () => {
    // Fails 200-400 (ends at the success at 500) and 700-1100 (ends at 1200).
    const h = history({ t0: 0, windowEnd: 1200, samples: probe("++ --- ++ ----- +") });
    assert.deepEqual(failedIntervals(h), [
      { start: 200, end: 500 },
      { start: 700, end: 1200 },
    ]);
    const d = measureDowntime(h)!;
    assert.equal(d.downtimeMs, 800);
    assert.equal(d.longestGapMs, 500);
    assert.equal(checkDowntime(h, { downtimeMs: 1000 }).detail, "down 800ms in 2 failed interval(s) of the requests (failed: probe 8 of 13) (budget 1s)");
    assert.equal(checkLongestGap(h, {}).detail, "longest gap 500ms, from T0+700ms (no budget)");
  });

  it("cuts an interval still failing at windowEnd", () => {
    const h = history({ t0: 0, windowEnd: 1000, samples: probe("+++ ---") });
    assert.deepEqual(failedIntervals(h), [{ start: 300, end: 1000 }]);
    assert.equal(measureDowntime(h)!.downtimeMs, 700);
  });

  it("passes budgets met exactly and fails them by one millisecond", () => {
    const h = history({ t0: 0, windowEnd: 1200, samples: probe("++ --- ++ ----- +") });
    assert.equal(checkDowntime(h, { downtimeMs: 800 }).status, "passed");
    const over = checkDowntime(h, { downtimeMs: 799 });
    assert.equal(over.status, "failed");
    assert.equal(over.measured, 800);
    assert.equal(over.budget, 799);
    assert.equal(checkLongestGap(h, { longestGapMs: 500 }).status, "passed");
    assert.equal(checkLongestGap(h, { longestGapMs: 499 }).status, "failed");
  });

  it("counts a hole in the probe as the state of the sample before it", () => {
    // A 2 s hole after a failure is downtime (nothing proves it recovered)...
    const afterFailure = history({ t0: 0, windowEnd: 2200, samples: probe("+- .................... +") });
    assert.deepEqual(failedIntervals(afterFailure), [{ start: 100, end: 2200 }]);
    // ...while the same hole after a success is invisible: an outage inside it is not seen.
    const afterSuccess = history({ t0: 0, windowEnd: 2300, samples: probe("+ .................... -+") });
    assert.deepEqual(failedIntervals(afterSuccess), [{ start: 2100, end: 2200 }]);
    assert.equal(measureDowntime(afterSuccess)!.downtimeMs, 100);
  });

  it("ignores failures before T0 and starts a straddling interval at the first sample in the window", () => {
    const before = history({ t0: 500, windowEnd: 900, samples: probe("--- ++ -- +++") });
    assert.deepEqual(failedIntervals(before), [{ start: 500, end: 700 }]);
    const straddling = history({ t0: 300, windowEnd: 800, samples: probe("------ +++") });
    assert.deepEqual(failedIntervals(straddling), [{ start: 300, end: 600 }]);
  });

  it("gives the same intervals for samples recorded out of order", () => {
    const h = history({ t0: 0, windowEnd: 1200, samples: probe("++ --- ++ ----- +").reverse() });
    assert.equal(measureDowntime(h)!.downtimeMs, 800);
    assert.equal(measureDowntime(h)!.longestGapMs, 500);
  });

  it("reports 0 with no failure, and unknown with no sample in the window", () => {
    const clean = history({ t0: 0, windowEnd: 400, samples: probe("+++++") });
    assert.equal(checkDowntime(clean, { downtimeMs: 0 }).status, "passed");
    assert.equal(checkLongestGap(clean, { longestGapMs: 0 }).detail, "no failed request: longest gap 0ms (budget 0ms)");
    const empty = history({ t0: 1000, windowEnd: 2000, samples: probe("-----") });
    const r = checkDowntime(empty, { downtimeMs: 1000 });
    assert.equal(r.status, "unknown");
    assert.equal(r.measured, undefined);
    assert.equal(r.detail, "no requests in the window (budget 1s)");
    assert.equal(checkLongestGap(empty, {}).status, "unknown");
  });
});
