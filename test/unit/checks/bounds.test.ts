import assert from "node:assert/strict";
import { againstBounds } from "../../../src/checks/bounds.ts";
import { checkDowntime, checkLongestGap } from "../../../src/checks/downtime.ts";
import { checkErrorRatio } from "../../../src/checks/error-ratio.ts";
import { failedRequestsBetween } from "../../../src/checks/failed-requests.ts";
import { judge, verdictOf } from "../../../src/checks/judge.ts";
import { checkTimeToRecover } from "../../../src/checks/time-to-recover.ts";
import { checkWorstSecond } from "../../../src/checks/worst-second.ts";
import type { ProbeSample } from "../../../src/probe/probe-sample.ts";
import { history, probe } from "./fixtures.ts";

describe("figures over what the harness did not see are bounds", () => {
  it("fails when even the best case misses the budget, passes only when the worst case meets it, and is unknown in between", () => {
    assert.equal(againstBounds({ best: 31, worst: 40 }, 30), "failed");
    assert.equal(againstBounds({ best: 10, worst: 30 }, 30), "passed");
    assert.equal(againstBounds({ best: 10, worst: 31 }, 30), "unknown");
    assert.equal(againstBounds({ best: 10, worst: null }, 30), "unknown", "an unbounded worst case never passes");
    assert.equal(againstBounds({ best: 10, worst: null }, undefined), "passed", "without a budget a figure is reported, not judged");
  });

  it("keeps a 30 s outage failed when the runner stalled for 150 ms inside it (before: broken, exit 2)", () => {
    // Down from T0 to T0+30s, the runner stalled from T0+10s to T0+10.15s: the requests in
    // flight then are unseen, the rest of the outage is not.
    const samples: ProbeSample[] = probe(`${"-".repeat(300)}${"+".repeat(50)}`);
    const h = history({ t0: 0, windowEnd: 34_900, samples, stalls: [{ from: 10_000, to: 10_150 }] });
    const budget = { timeToRecoverMs: 15_000, longestGapMs: 2000, downtimeMs: 10_000, errorRatio: 0.05 };
    const checks = judge(h, budget);
    const ttr = checks.find((c) => c.name === "time to recover")!;
    assert.equal(ttr.status, "failed");
    assert.equal(ttr.measured, 30_000);
    const gap = checks.find((c) => c.name === "longest gap")!;
    assert.equal(gap.status, "failed");
    assert.ok(gap.bounds!.best >= 19_000 && gap.bounds!.worst === 30_000, JSON.stringify(gap.bounds));
    assert.equal(verdictOf(checks), "failed");
  });

  it("gives a runner stall with no failure around it unknown figures, never a pass, and a broken verdict", () => {
    const before = probe("++++++++++");
    const after = probe("++++++++++", { start: 4000 });
    const h = history({ t0: 0, windowEnd: 4900, samples: [...before, ...after], stalls: [{ from: 1000, to: 4000 }] });
    const checks = judge(h, { longestGapMs: 2000, timeToRecoverMs: 1000 });
    assert.equal(checks.find((c) => c.name === "longest gap")?.status, "unknown");
    assert.equal(checks.find((c) => c.name === "time to recover")?.status, "unknown");
    assert.equal(verdictOf(checks), "broken");
  });

  it("counts the requests an unseen stretch should have held: the error ratio's worst case takes them as failed", () => {
    // 10 samples, a 3 s hole, 10 samples; one failure before the hole. Unknown: the 29
    // samples the hole (from the last answer before it) should have held.
    const h = history({ t0: 0, windowEnd: 4900, samples: [...probe("-+++++++++"), ...probe("++++++++++", { start: 4000 })] });
    const r = checkErrorRatio(h, { errorRatio: 0.5 });
    assert.deepEqual(r.bounds, { best: 1 / 49, worst: 30 / 49 });
    assert.equal(r.status, "unknown");
  });

  it("takes a recovery's best case as soon as the harness stopped seeing the failures: a hole at an outage's end is unknown, not failed", () => {
    // Failing until T0+9.8s, no sample until T0+12s, then up; budget 10 s.
    const samples = [...probe("-".repeat(98)), ...probe("+".repeat(50), { start: 12_000 })];
    const r = checkTimeToRecover(history({ t0: 0, windowEnd: 16_900, samples }), { timeToRecoverMs: 10_000 });
    assert.deepEqual(r.bounds, { best: 9800, worst: 12_000 });
    assert.equal(r.status, "unknown");
  });

  it("keeps a failure answered before a hole seen: a refused request, then a 300 ms hole, fails a zero budget", () => {
    const samples: ProbeSample[] = [...probe("++++++++++"), { start: 1000, latencyMs: 5, error: "ECONNREFUSED", ok: false }, ...probe("+".repeat(20), { start: 1300 })];
    const r = failedRequestsBetween(history({ samples, t0: 0, windowEnd: 3200 }), 0, 3200, 0);
    assert.equal(r.status, "failed");
    assert.equal(r.bounds?.best, 1);
  });

  it("counts the samples a hole should have held in the worst second: a zero budget over a second never sampled is unknown", () => {
    const samples: ProbeSample[] = [{ start: -50, latencyMs: 10, status: 200, ok: true }, ...probe("+".repeat(200), { start: 350 })];
    const r = checkWorstSecond(history({ samples, t0: 0, windowEnd: 20_300 }), { errorRatioPerSecond: 0 });
    assert.equal(r.status, "unknown", JSON.stringify(r.bounds));
  });

  describe("a zero budget: one lost sample can hide the one failure it forbids", () => {
    // Blue-green's "no failed request": a 500 ms hole in the probe, then a 480 ms runner
    // stall, each under the five-period starvation limit, so before both passed.
    const hole = history({ t0: 0, windowEnd: 2900, samples: [...probe("++++++++++"), ...probe("+++++++++++++++", { start: 1500 })] });
    const stalled = history({ t0: 0, windowEnd: 2900, samples: probe("+".repeat(30)).map((s) => (s.start >= 1100 && s.start < 1600 ? { ...s, lateMs: 480 } : s)), stalls: [{ from: 1100, to: 1580 }] });

    it("makes the count of failed requests unknown over a hole of more than two periods", () => {
      const r = failedRequestsBetween(hole, 0, 2900, 0, "failed requests during the cutovers");
      assert.equal(r.status, "unknown");
      assert.equal(r.bounds?.best, 0);
      assert.ok(r.bounds!.worst! >= 4, JSON.stringify(r.bounds));
      assert.equal(failedRequestsBetween(hole, 0, 2900, 5).status, "passed", "a budget above zero keeps the five-period rule");
    });

    it("makes it unknown over a runner stall of more than two periods too", () => {
      assert.equal(failedRequestsBetween(stalled, 0, 2900, 0).status, "unknown");
      assert.equal(checkLongestGap(stalled, { longestGapMs: 0 }).status, "unknown");
      assert.equal(checkTimeToRecover(stalled, { timeToRecoverMs: 0 }).status, "unknown");
      assert.equal(checkErrorRatio(stalled, { errorRatio: 0 }).status, "unknown");
      assert.equal(checkDowntime(stalled, { downtimeMs: 0 }).status, "unknown");
    });

    it("still passes a zero budget over a probe that kept its schedule", () => {
      const kept = history({ t0: 0, windowEnd: 2900, samples: probe("+".repeat(30)) });
      assert.equal(failedRequestsBetween(kept, 0, 2900, 0).status, "passed");
      assert.equal(checkLongestGap(kept, { longestGapMs: 0 }).status, "passed");
    });
  });
});
