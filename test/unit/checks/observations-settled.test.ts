import assert from "node:assert/strict";
import { checkObservationsSettled } from "../../../src/checks/observations-settled.ts";
import { history } from "./fixtures.ts";

describe("observation settled", () => {
  it("passes when every observation settled", () => {
    const h = history({ t0: 0, observations: [{ what: "recovered and converged", from: 0, to: 20_000, maxMs: 90_000, settled: true }] });
    assert.equal(checkObservationsSettled(h).status, "passed");
  });

  it("fails an observation that ran out, whatever the budgets (it used to be a note)", () => {
    const h = history({
      t0: 0,
      observations: [
        { what: "recovered and converged", from: 0, to: 20_000, maxMs: 90_000, settled: true },
        { what: "only v2 answering", from: 20_000, to: 120_000, maxMs: 120_000, settled: false },
      ],
    });
    const r = checkObservationsSettled(h);
    assert.equal(r.status, "failed");
    assert.equal(r.detail, "only v2 answering not reached by T0+120s (limit 120s after T0)");
  });

  it("says an observation that flapped to its limit was reached and lost, not that it was never reached", () => {
    const h = history({ t0: 0, observations: [{ what: "recovered and converged", from: 0, to: 90_000, maxMs: 90_000, settled: false, relapses: 3 }] });
    const r = checkObservationsSettled(h);
    assert.equal(r.status, "failed");
    assert.equal(r.detail, "recovered and converged reached and lost again 3 time(s), not holding by T0+90s (limit 90s after T0)");
  });
});
