import assert from "node:assert/strict";
import { checkTimeToRecover, timeToRecover } from "../../../src/checks/time-to-recover.ts";
import { history, probe } from "./fixtures.ts";

const N5 = { recoveryStreak: 5 };

describe("time to recover", () => {
  it("is measured from T0 to the first sample of the final streak of N successes", () => {
    // T0 at 1000; failures 1300-1700; the final streak starts at 1800.
    const h = history({ t0: 1000, windowEnd: 2200, samples: probe("+++ ----- +++++", { start: 1000 }) });
    assert.deepEqual(timeToRecover(h, 5), { kind: "recovered", at: 1800, ms: 800, streak: 5 });
    const r = checkTimeToRecover(h, {}, N5);
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 800);
    assert.equal(r.budget, undefined);
    assert.equal(r.detail, "recovered 800ms after T0 (no budget)");
  });

  it("passes a budget met exactly and fails one exceeded by one millisecond", () => {
    const h = history({ t0: 0, windowEnd: 30_400, samples: probe("-".repeat(300) + "+++++") });
    const met = checkTimeToRecover(h, { timeToRecoverMs: 30_000 }, N5);
    assert.equal(met.status, "passed");
    assert.equal(met.measured, 30_000);
    assert.equal(met.detail, "recovered 30s after T0 (budget 30s)");
    const missed = checkTimeToRecover(h, { timeToRecoverMs: 29_999 }, N5);
    assert.equal(missed.status, "failed");
    assert.equal(missed.measured, 30_000);
    assert.equal(missed.detail, "recovered 30s after T0 (budget 29.999s)");
  });

  it("never recovers when the window ends failing: failed under a budget, no figure", () => {
    const h = history({ t0: 0, windowEnd: 800, samples: probe("+++ -----") });
    const r = checkTimeToRecover(h, { timeToRecoverMs: 30_000 }, N5);
    assert.equal(r.status, "failed");
    assert.equal(r.measured, undefined);
    assert.equal(r.budget, 30_000);
    assert.equal(r.detail, "never recovered in the window: last failure at T0+700ms, then 0 of the 5 probe successes needed (budget 30s)");
  });

  it("fails a window that ends down even without a budget (never recovered is never a pass)", () => {
    const h = history({ t0: 0, windowEnd: 800, samples: probe("+++ -----") });
    const r = checkTimeToRecover(h, {}, N5);
    assert.equal(r.status, "failed");
    assert.equal(r.measured, undefined);
    assert.match(r.detail, /^never recovered in the window: .* \(no budget\)$/);
  });

  it("does not take a brief recovery between failures (flapping) for the recovery", () => {
    // ok at 300-400 (2 < N), fails again 500-700, then recovers for good at 800.
    const h = history({ t0: 0, windowEnd: 1200, samples: probe("--- ++ --- +++++") });
    assert.deepEqual(timeToRecover(h, 5), { kind: "recovered", at: 800, ms: 800, streak: 5 });
  });

  it("does not count a final run shorter than N as a recovery", () => {
    const h = history({ t0: 0, windowEnd: 1100, samples: probe("--- ++ --- ++++") });
    assert.deepEqual(timeToRecover(h, 5), { kind: "never", lastFailure: 700, streak: 4 });
    assert.equal(checkTimeToRecover(h, { timeToRecoverMs: 5000 }, N5).status, "failed");
  });

  it("uses the configured streak length", () => {
    const h = history({ t0: 0, windowEnd: 500, samples: probe("--- +++") });
    assert.equal(checkTimeToRecover(h, {}, { recoveryStreak: 3 }).measured, 300);
    assert.equal(checkTimeToRecover(h, {}, { recoveryStreak: 4 }).measured, undefined);
  });

  it("is 0 with no failed sample in the window (no visible impact)", () => {
    const h = history({ t0: 0, windowEnd: 900, samples: probe("++++++++++") });
    const r = checkTimeToRecover(h, { timeToRecoverMs: 30_000 }, N5);
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0);
    assert.equal(r.detail, "no visible impact: 0ms (budget 30s)");
  });

  it("is unknown with fewer than N samples in the window", () => {
    const h = history({ t0: 0, windowEnd: 300, samples: probe("++++") });
    const r = checkTimeToRecover(h, { timeToRecoverMs: 30_000 }, N5);
    assert.equal(r.status, "unknown");
    assert.equal(r.measured, undefined);
    assert.equal(r.detail, "only 4 probe samples in the window, fewer than the 5 a recovery needs (budget 30s)");
  });

  it("ignores failures before T0", () => {
    // Failures at 0-400 precede T0 (500): the window holds seven successes.
    const h = history({ t0: 500, windowEnd: 1100, samples: probe("----- +++++++") });
    assert.deepEqual(timeToRecover(h, 5), { kind: "no impact" });
  });

  it("ignores samples after windowEnd", () => {
    // The successes at 700-1000 come after the window: only 4 of 5 count.
    const h = history({ t0: 0, windowEnd: 600, samples: probe("--- ++++ ++++") });
    assert.deepEqual(timeToRecover(h, 5), { kind: "never", lastFailure: 200, streak: 4 });
  });

  it("gives the same figure for samples recorded out of order", () => {
    const samples = probe("++ --- +++++");
    const shuffled = [samples[7]!, samples[2]!, samples[9]!, samples[0]!, samples[4]!, samples[8]!, samples[1]!, samples[3]!, samples[6]!, samples[5]!];
    const h = history({ t0: 0, windowEnd: 900, samples: shuffled });
    assert.deepEqual(timeToRecover(h, 5), { kind: "recovered", at: 500, ms: 500, streak: 5 });
  });

  it("counts a hole in the probe after a failure as possibly not yet recovered: a range up to the hole's end", () => {
    // Failures at 0 and 100 (answered at 200), then no sample for 2 s, then successes from
    // 2200: at best it recovered as soon as the harness stopped seeing, at worst at 2.2 s.
    const h = history({ t0: 0, windowEnd: 2600, samples: probe("-- .................... +++++") });
    const r = checkTimeToRecover(h, { timeToRecoverMs: 1000 }, N5);
    assert.deepEqual(r.bounds, { best: 200, worst: 2200 });
    assert.equal(r.status, "unknown", "the worst case misses the budget, the best meets it");
    assert.equal(checkTimeToRecover(h, { timeToRecoverMs: 2200 }, N5).status, "passed", "the worst case meets it");
  });

  it("is unknown, not a crash, when the streak setting is invalid", () => {
    const h = history({ t0: 0, windowEnd: 900, samples: probe("++++++++++") });
    const r = checkTimeToRecover(h, { timeToRecoverMs: 1000 }, { recoveryStreak: 0 });
    assert.equal(r.status, "unknown");
    assert.equal(r.budget, 1000);
    assert.equal(r.detail, "could not be checked: recoveryStreak must be a positive integer, got 0");
  });
});
