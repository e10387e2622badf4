import assert from "node:assert/strict";
import { brokenResult } from "../../../src/drill/broken-result.ts";
import { drillExitCode } from "../../../src/drill/summary-table.ts";
import type { Scenario } from "../../../src/scenarios/scenario.ts";

const scenario = { name: "host-halt", title: "host halt", description: "a host goes away", budget: { timeToRecoverMs: 30_000, errorRatio: 0.05 } } as Scenario;

describe("a result the drill makes for a scenario it could not judge", () => {
  it("is broken, with the reason and the code, under the scenario's own name, title, description and budget", () => {
    const result = brokenResult(scenario, "the lab never came up", "LAB_START_FAILED");
    assert.equal(result.verdict, "broken");
    assert.equal(result.reason, "the lab never came up");
    assert.equal(result.errorCode, "LAB_START_FAILED");
    assert.deepEqual([result.name, result.title, result.description], ["host-halt", "host halt", "a host goes away"]);
    assert.deepEqual(result.budget, scenario.budget);
    assert.equal(drillExitCode([result]), 2, "a scenario without a verdict of its own never lets the drill exit 0");
  });

  it("judges nothing: no check, no phase, no residue, an empty window of this moment", () => {
    const before = Date.now();
    const result = brokenResult(scenario, "never reached");
    const after = Date.now();
    assert.equal(result.errorCode, undefined);
    assert.deepEqual([result.checks, result.phases, result.residue], [[], [], []]);
    assert.equal(result.history.scenario, "host-halt");
    assert.deepEqual(result.history.samples, []);
    assert.equal(result.history.t0, result.history.windowEnd);
    assert.ok(result.history.t0 >= before && result.history.t0 <= after);
    assert.equal(result.startedAt, result.history.t0);
    assert.equal(result.endedAt, result.history.t0);
    assert.ok(result.history.probePeriodMs > 0, "a report divides by the probe period");
  });
});
