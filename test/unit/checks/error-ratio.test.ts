import assert from "node:assert/strict";
import { checkErrorRatio, errorRatio } from "../../../src/checks/error-ratio.ts";
import { history, probe } from "./fixtures.ts";

describe("error ratio", () => {
  it("is failed samples over all samples in the window", () => {
    const h = history({ t0: 0, windowEnd: 900, samples: probe("++++-+++-+") });
    assert.deepEqual(errorRatio(h), { failed: 2, total: 10, ratio: 0.2 });
    const r = checkErrorRatio(h, { errorRatio: 0.2 });
    assert.equal(r.status, "passed");
    assert.equal(r.detail, "20% of requests failed, 2 of 10 (probe 2 of 10) (budget 20%)");
    assert.equal(checkErrorRatio(h, { errorRatio: 0.19 }).status, "failed");
  });

  it("prints fractions of a percent", () => {
    const h = history({ t0: 0, windowEnd: 20_000, samples: probe("---" + "+".repeat(197)) });
    const r = checkErrorRatio(h, { errorRatio: 0.015 });
    assert.equal(r.measured, 0.015);
    assert.equal(r.status, "passed");
    assert.equal(r.detail, "1.5% of requests failed, 3 of 200 (probe 3 of 200) (budget 1.5%)");
  });

  it("counts only samples inside [T0, windowEnd]", () => {
    // Failures at 0-200 precede T0; the failure at 1000 is after windowEnd.
    const h = history({ t0: 300, windowEnd: 900, samples: probe("--- +++-+++ -") });
    assert.deepEqual(errorRatio(h), { failed: 1, total: 7, ratio: 1 / 7 });
  });

  it("is unknown with no sample in the window", () => {
    const r = checkErrorRatio(history({ t0: 0, windowEnd: 1000 }), {});
    assert.equal(r.status, "unknown");
    assert.equal(r.detail, "no requests in the window (no budget)");
  });
});
