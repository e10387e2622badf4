import assert from "node:assert/strict";
import { verdictOf } from "../../../src/checks/judge.ts";
import { checkProbeSchedule, starvedStretches } from "../../../src/checks/probe-schedule.ts";
import { checkTimeToRecover } from "../../../src/checks/time-to-recover.ts";
import { judge } from "../../../src/checks/judge.ts";
import type { ProbeSample } from "../../../src/probe/probe-sample.ts";
import { history, probe } from "./fixtures.ts";

describe("probe schedule", () => {
  it("passes a probe that kept its schedule", () => {
    const h = history({ t0: 0, windowEnd: 900, samples: probe("++++++++++") });
    assert.deepEqual(starvedStretches(h), []);
    assert.equal(checkProbeSchedule(h).status, "passed");
  });

  it("finds a hole of more than two periods, which the figures used to fill with the state before it", () => {
    // Before: a hole after a success inherited "up", and time to recover said "no visible impact".
    const h = history({ t0: 0, windowEnd: 1500, samples: probe("+++ ....... +++++") });
    assert.equal(checkTimeToRecover(h, { timeToRecoverMs: 0 }).status, "unknown", "the figure is a range from no impact to the hole's end");
    assert.deepEqual(starvedStretches(h), [{ start: 210, end: 1000 }]);
    const r = checkProbeSchedule(h);
    assert.equal(r.status, "unknown");
    assert.equal(r.voidsWindow, true);
    assert.equal(r.detail, "the probe was starved from T0+210ms to T0+1s: the figures over that stretch are unknown");
    assert.equal(verdictOf(judge(h, { timeToRecoverMs: 0 })), "broken");
  });

  it("does not call a few missing samples a hole (five periods apart is still on schedule, at a coarser resolution)", () => {
    const h = history({ t0: 0, windowEnd: 1200, samples: probe("+++....+++++") });
    assert.deepEqual(starvedStretches(h), []);
    assert.deepEqual(starvedStretches(history({ t0: 0, windowEnd: 1300, samples: probe("+++.....+++++") })), [{ start: 210, end: 800 }]);
  });

  it("finds a sample sent more than five periods late, and only widens the resolution for a shorter delay", () => {
    const late = (ms: number): ProbeSample[] => probe("++++++++++").map((s) => (s.start === 800 ? { ...s, lateMs: ms } : { ...s, lateMs: 2 }));
    assert.deepEqual(starvedStretches(history({ t0: 0, windowEnd: 900, samples: late(550) })), [{ start: 250, end: 800 }]);
    const slightly = history({ t0: 0, windowEnd: 900, samples: late(165) });
    assert.deepEqual(starvedStretches(slightly), []);
    assert.equal(checkProbeSchedule(slightly).detail, "the probe kept its 100ms schedule: 10 samples, the longest delay 165ms, so figures are good to 265ms");
  });

  it("ignores a runner stall of up to five periods (seen on a healthy night), and starves on a longer one", () => {
    const h = (to: number) => history({ t0: 0, windowEnd: 1900, samples: probe("++++++++++++++++++++"), stalls: [{ from: 300, to }] });
    assert.deepEqual(starvedStretches(h(800)), []);
    assert.deepEqual(starvedStretches(h(801)), [{ start: 300, end: 801 }]);
  });

  it("turns a runner stall into broken, not failed: the requests in flight timed out because of it", () => {
    // The runner was not scheduled from 1000 to 4000: the requests sent just before timed
    // out when it woke (as measured: a 3 s stall gave "failed" on a healthy platform).
    const before = probe("++++++++++").map((s) => ({ ...s }));
    const inFlight: ProbeSample[] = [800, 900].map((start) => ({ start, latencyMs: 3300, error: "timeout", ok: false }));
    const after = probe("++++++++++", { start: 4000 });
    const h = history({ t0: 0, windowEnd: 5000, samples: [...before.slice(0, 8), ...inFlight, ...after], stalls: [{ from: 1000, to: 4000 }] });
    const checks = judge(h, { longestGapMs: 2000, errorRatio: 0.05 });
    const gap = checks.find((c) => c.name === "longest gap")!;
    assert.equal(gap.status, "unknown", "the timeouts in flight during the stall are unseen: at best no gap, at worst the stall");
    assert.deepEqual(gap.bounds, { best: 0, worst: 3200 });
    assert.equal(verdictOf(checks), "broken");
    assert.deepEqual(starvedStretches(h), [{ start: 800, end: 4000 }]);
    assert.match(checkProbeSchedule(h).detail, /^the probe was starved from T0\+800ms to T0\+4s/);
  });

  it("makes a failure unknown when the runner stalled, however briefly, while it was in flight", () => {
    const samples: ProbeSample[] = [...probe("+++++", { start: 0 }), { start: 500, latencyMs: 900, error: "timeout", ok: false }, ...probe("+++++++", { start: 600 })];
    const stalled = history({ t0: 0, windowEnd: 1200, samples, stalls: [{ from: 1450, to: 1600 }] });
    assert.deepEqual(starvedStretches(stalled), [], "a stall after the request ended says nothing about it");
    const during = history({ t0: 0, windowEnd: 1200, samples, stalls: [{ from: 1200, to: 1350 }] });
    assert.deepEqual(starvedStretches(during), [{ start: 500, end: 1200 }]);
  });

  it("finds a probe that fell silent before the window's end", () => {
    const h = history({ t0: 0, windowEnd: 2000, samples: probe("+++++") });
    assert.deepEqual(starvedStretches(h), [{ start: 410, end: 2000 }]);
  });

  it("ignores stretches outside the window", () => {
    const h = history({ t0: 1000, windowEnd: 1900, samples: probe("++ ........ ++++++++++", { start: 0 }), stalls: [{ from: 100, to: 700 }] });
    assert.deepEqual(starvedStretches(h), []);
  });
});
