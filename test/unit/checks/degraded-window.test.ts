import assert from "node:assert/strict";
import { degradedWindow } from "../../../src/checks/degraded-window.ts";
import type { ProbeSample } from "../../../src/probe/probe-sample.ts";
import { history, probe } from "./fixtures.ts";

const ok = (start: number, latencyMs: number): ProbeSample => ({ start, latencyMs, status: 200, ok: true });
const failed = (start: number, latencyMs: number): ProbeSample => ({ start, latencyMs, error: "refused", ok: false });

describe("degraded window", () => {
  it("is from T0 to the end of the last failed sample, reported without a budget", () => {
    // T0 at 1000; failures at 1200, 1300, 1400 (each lasting the 100ms period): the last ends at 1500.
    const h = history({ t0: 1000, windowEnd: 3000, samples: probe("++ --- ++++", { start: 1000 }) });
    const r = degradedWindow(h);
    assert.deepEqual(r, {
      name: "dead backends served traffic for",
      unit: "ms",
      status: "passed",
      measured: 500,
      detail: "3 requests failed or took 900ms or more (0 slow); the last ended 500ms after T0 (reported, no budget)",
    });
    assert.equal(r.budget, undefined);
  });

  it("counts a successful sample as slow from exactly slowMs, not one millisecond under it", () => {
    const at = history({ t0: 1000, windowEnd: 3000, samples: [ok(1000, 10), ok(1100, 900), ok(1200, 10)] });
    const r = degradedWindow(at);
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 1000); // 1100 + 900 - 1000
    assert.equal(r.detail, "1 requests failed or took 900ms or more (1 slow); the last ended 1s after T0 (reported, no budget)");

    const under = history({ t0: 1000, windowEnd: 3000, samples: [ok(1000, 10), ok(1100, 899), ok(1200, 10)] });
    const u = degradedWindow(under);
    assert.equal(u.status, "passed");
    assert.equal(u.measured, 0);
    assert.equal(u.detail, "0 requests failed or took 900ms or more (0 slow); the last ended 0ms after T0 (reported, no budget)");
  });

  it("uses the given slowMs threshold", () => {
    const h = history({ t0: 1000, windowEnd: 3000, samples: [ok(1000, 499), ok(1100, 500), failed(1200, 50)] });
    const r = degradedWindow(h, 500);
    assert.equal(r.measured, 600); // the slow one ends at 1600, after the failure's 1250
    assert.equal(r.detail, "2 requests failed or took 500ms or more (1 slow); the last ended 600ms after T0 (reported, no budget)");
  });

  it("measures to the latest end: a slow request that started before a later failure but ends after it", () => {
    // Slow request 1000 -> 4000; a failure that starts later, 1500 -> 1600. Listed out of order.
    const h = history({ t0: 1000, windowEnd: 5000, samples: [failed(1500, 100), ok(1000, 3000), ok(1600, 10)] });
    const r = degradedWindow(h);
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 3000);
    assert.equal(r.detail, "2 requests failed or took 900ms or more (1 slow); the last ended 3s after T0 (reported, no budget)");
  });

  it("ignores samples that started before T0 or after the window, however long they lasted", () => {
    const h = history({
      t0: 1000,
      windowEnd: 3000,
      samples: [
        failed(500, 5000), // baseline: would end at 5500
        ok(900, 4000), // baseline, slow: would end at 4900
        failed(1200, 100), // in the window: ends at 1300
        ok(1300, 10),
        failed(3100, 100), // after the window
      ],
    });
    const r = degradedWindow(h);
    assert.equal(r.measured, 300);
    assert.equal(r.detail, "1 requests failed or took 900ms or more (0 slow); the last ended 300ms after T0 (reported, no budget)");
  });

  it("counts a failure starting exactly at T0", () => {
    const h = history({ t0: 1000, windowEnd: 3000, samples: [failed(1000, 250), ok(1100, 10)] });
    assert.equal(degradedWindow(h).measured, 250);
  });

  it("reports 0ms when nothing failed or was slow (never degraded)", () => {
    const h = history({ t0: 1000, windowEnd: 3000, samples: probe("+++++", { start: 1000 }) });
    const r = degradedWindow(h);
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0);
    assert.equal(r.budget, undefined);
    assert.equal(r.detail, "0 requests failed or took 900ms or more (0 slow); the last ended 0ms after T0 (reported, no budget)");
  });

  it("reports 0ms for a window with no samples at all", () => {
    const r = degradedWindow(history({ t0: 1000, windowEnd: 3000 }));
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0);
    assert.equal(r.detail, "0 requests failed or took 900ms or more (0 slow); the last ended 0ms after T0 (reported, no budget)");
  });
});
