import assert from "node:assert/strict";
import { versionServed } from "../../../src/checks/version-served.ts";
import type { ProbeSample } from "../../../src/probe/probe-sample.ts";
import { history, probe } from "./fixtures.ts";

/** A successful answer from `version`. */
const v = (start: number, version: string): ProbeSample => ({ start, latencyMs: 10, status: 200, version, ok: true });
/** A failed request (no answer, so no version). */
const fail = (start: number): ProbeSample => ({ start, latencyMs: 100, error: "timeout", ok: false });
/** A failed answer that still carried a version header (a 502 from a draining task). */
const failWith = (start: number, version: string): ProbeSample => ({ start, latencyMs: 10, status: 502, version, ok: false });

describe("version served", () => {
  it("is from the switch to the first answer of the final run of answers from the version", () => {
    const h = history({ t0: 0, windowEnd: 3000, samples: [v(1000, "v1"), v(1100, "v1"), v(1200, "v1"), v(1300, "v2"), v(1400, "v2"), v(1500, "v2"), v(1600, "v2"), v(1700, "v2")] });
    const r = versionServed(h, "v2", 1000);
    assert.deepEqual(r, {
      name: "serving v2",
      unit: "ms",
      status: "passed",
      measured: 300,
      budget: undefined,
      detail: "only v2 answered from 300ms after the switch (no budget)",
    });
  });

  it("passes a budget met exactly and fails one exceeded by one millisecond", () => {
    const h = history({ t0: 0, windowEnd: 3000, samples: [v(1000, "v1"), v(1300, "v2"), v(1400, "v2"), v(1500, "v2"), v(1600, "v2"), v(1700, "v2")] });
    const met = versionServed(h, "v2", 1000, 300);
    assert.equal(met.status, "passed");
    assert.equal(met.measured, 300);
    assert.equal(met.budget, 300);
    assert.equal(met.detail, "only v2 answered from 300ms after the switch (budget 300ms)");
    const missed = versionServed(h, "v2", 1000, 299);
    assert.equal(missed.status, "failed");
    assert.equal(missed.measured, 300);
    assert.equal(missed.budget, 299);
    assert.equal(missed.detail, "only v2 answered from 300ms after the switch (budget 299ms)");
  });

  it("restarts when an old version answers again (flapping)", () => {
    const h = history({
      t0: 0,
      windowEnd: 3000,
      samples: [v(1000, "v1"), v(1100, "v2"), v(1200, "v2"), v(1300, "v1"), v(1400, "v2"), v(1500, "v2"), v(1600, "v2"), v(1700, "v2"), v(1800, "v2")],
    });
    const r = versionServed(h, "v2", 1000, 400);
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 400);
    assert.equal(r.detail, "only v2 answered from 400ms after the switch (budget 400ms)");
  });

  it("fails under a budget when another version still answers at the end, with no figure", () => {
    const h = history({ t0: 0, windowEnd: 3000, samples: [v(1000, "v1"), v(1100, "v2"), v(1200, "v1")] });
    const r = versionServed(h, "v2", 1000, 5000);
    assert.equal(r.status, "failed");
    assert.equal(r.measured, undefined);
    assert.equal(r.budget, 5000);
    assert.equal(r.detail, "v2 was not the only answer at the end: v1 answered 200ms after the switch (budget 5s)");
  });

  it("fails a version never served alone even without a budget: the switch never completed", () => {
    const h = history({ t0: 0, windowEnd: 3000, samples: [v(1000, "v1"), v(1100, "v1")] });
    const r = versionServed(h, "v2", 1000);
    assert.equal(r.status, "failed");
    assert.equal(r.measured, undefined);
    assert.equal(r.budget, undefined);
    assert.equal(r.detail, "v2 was not the only answer at the end: v1 answered 100ms after the switch (no budget)");
  });

  it("judges every sample after the switch: a failure restarts the count, as an old version does", () => {
    const h = history({
      t0: 0,
      windowEnd: 3000,
      samples: [v(1000, "v1"), fail(1100), v(1200, "v2"), failWith(1300, "v1"), fail(1400), v(1500, "v2"), v(1600, "v2"), v(1700, "v2"), v(1800, "v2"), v(1900, "v2")],
    });
    const r = versionServed(h, "v2", 1000, 500);
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 500);
    assert.equal(r.detail, "only v2 answered from 500ms after the switch (budget 500ms)");
  });

  it("fails when the window ends on failed requests after the new version answered", () => {
    // Only successful answers were counted before: this passed at 200 ms.
    const h = history({ t0: 0, windowEnd: 3000, samples: [v(1000, "v1"), v(1200, "v2"), v(1300, "v2"), fail(1400), fail(1500)] });
    const r = versionServed(h, "v2", 1000, 5000);
    assert.equal(r.status, "failed");
    assert.equal(r.detail, "v2 was not the only answer at the end: a request failed (timeout) 500ms after the switch (budget 5s)");
  });

  it("needs the version to answer N times in a row to the end of the window: one final answer is not a completed switch", () => {
    // v2 answered last, once: today's code passed this at 200 ms.
    const h = history({ t0: 0, windowEnd: 3000, samples: [v(1000, "v1"), v(1100, "v1"), v(1200, "v2")] });
    const r = versionServed(h, "v2", 1000, 5000);
    assert.equal(r.status, "failed");
    assert.equal(r.measured, undefined);
    assert.equal(r.detail, "v2 answered only the last 1 time(s) in a row, from 200ms after the switch, of the 5 a completed switch needs (budget 5s)");
  });

  it("takes the streak from the measure settings: the run's first answer once the run is long enough", () => {
    const samples = [v(1000, "v1"), v(1100, "v2"), v(1200, "v2"), v(1300, "v2")];
    assert.equal(versionServed(history({ t0: 0, windowEnd: 3000, samples }), "v2", 1000, 5000, "switch", { recoveryStreak: 3 }).measured, 100);
    assert.equal(versionServed(history({ t0: 0, windowEnd: 3000, samples }), "v2", 1000, 5000, "switch", { recoveryStreak: 4 }).status, "failed");
  });

  it("ignores answers before the switch and after the window, and orders samples by start", () => {
    const h = history({
      t0: 0,
      windowEnd: 3000,
      samples: [v(1100, "v2"), v(1300, "v2"), v(800, "v1"), v(900, "v2"), v(1400, "v2"), v(1000, "v2"), v(1200, "v2"), v(3100, "v1")],
    });
    const r = versionServed(h, "v2", 1000, 0);
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0);
    assert.equal(r.detail, "only v2 answered from 0ms after the switch (budget 0ms)");
  });

  it("is unknown when no sample came after the switch, and failed when only failures came", () => {
    const onlyFailures = history({ t0: 0, windowEnd: 3000, samples: [v(500, "v2"), fail(1000), failWith(1100, "v2"), fail(1200)] });
    assert.equal(versionServed(onlyFailures, "v2", 1000, 5000).status, "failed");
    const empty = versionServed(history({ t0: 0, windowEnd: 3000 }), "v2", 1000);
    assert.equal(empty.status, "unknown");
    assert.equal(empty.measured, undefined);
    assert.equal(empty.detail, "could not be checked: no probe sample after the switch");
  });

  it("takes a given name", () => {
    const h = history({ t0: 0, windowEnd: 3000, samples: [v(1000, "v1"), v(1100, "v1"), v(1200, "v1"), v(1300, "v1"), v(1400, "v1")] });
    const r = versionServed(h, "v1", 1000, 1000, "rolled back to v1");
    assert.equal(r.name, "rolled back to v1");
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0);
  });
});
