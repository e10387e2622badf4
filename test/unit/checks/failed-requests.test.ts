import assert from "node:assert/strict";
import { failedRequestsBetween } from "../../../src/checks/failed-requests.ts";
import { history, probe } from "./fixtures.ts";

describe("failed requests between", () => {
  // Slots every 100ms from 0: 0 -, 100 -, 200 -, 300 +, 400 -, 500 +, 600 -, 700 -, 800 -.
  const samples = probe("-- -+-+- --");

  it("counts the failed requests in [from, to], both ends included", () => {
    const h = history({ t0: 0, windowEnd: 800, samples });
    const r = failedRequestsBetween(h, 200, 600);
    assert.deepEqual(r, {
      name: "failed requests",
      unit: "count",
      status: "passed",
      measured: 3,
      budget: undefined,
      bounds: { best: 3, worst: 3 },
      detail: "3 of 5 requests failed: probe 3 of 5 (no budget)",
    });
  });

  it("leaves out samples just outside [from, to]", () => {
    const h = history({ t0: 0, windowEnd: 800, samples });
    const r = failedRequestsBetween(h, 201, 599);
    assert.equal(r.measured, 1);
    assert.equal(r.detail, "1 of 3 requests failed: probe 1 of 3 (no budget)");
  });

  it("passes a budget met exactly and fails one exceeded by one request", () => {
    const h = history({ t0: 0, windowEnd: 800, samples });
    const met = failedRequestsBetween(h, 200, 600, 3);
    assert.equal(met.status, "passed");
    assert.equal(met.measured, 3);
    assert.equal(met.budget, 3);
    assert.equal(met.detail, "3 of 5 requests failed: probe 3 of 5 (budget 3)");
    const missed = failedRequestsBetween(h, 200, 600, 2, "failed during the cutover");
    assert.equal(missed.name, "failed during the cutover");
    assert.equal(missed.status, "failed");
    assert.equal(missed.measured, 3);
    assert.equal(missed.budget, 2);
    assert.equal(missed.detail, "3 of 5 requests failed: probe 3 of 5 (budget 2)");
  });

  it("uses [from, to] rather than the history's own window", () => {
    const h = history({ t0: 500, windowEnd: 500, samples });
    const r = failedRequestsBetween(h, 0, 800, 0);
    assert.equal(r.status, "failed");
    assert.equal(r.measured, 7);
    assert.equal(r.detail, "7 of 9 requests failed: probe 7 of 9 (budget 0)");
  });

  it("is unknown, never passed, for a zero budget over a stretch no request was sent in", () => {
    const h = history({ t0: 0, windowEnd: 800, samples });
    const r = failedRequestsBetween(h, 2000, 3000, 0);
    assert.equal(r.status, "unknown");
    assert.equal(r.measured, 0);
    assert.deepEqual(r.bounds, { best: 0, worst: 10 }, "the ten probe samples the stretch should have held");
  });
});
