import assert from "node:assert/strict";
import { Status } from "allure-js-commons";
import type { CheckResult } from "../../../src/checks/check-result.ts";
import { checksCsv, checkStepName, checkStepStatus, phaseStep } from "../../../src/report/allure-scenario.ts";
import type { PhaseRecord } from "../../../src/scenarios/scenario-result.ts";

const check = (c: Partial<CheckResult> & Pick<CheckResult, "name" | "status">): CheckResult => ({ unit: "ms", detail: "", ...c });
const judgePhase: PhaseRecord = { name: "judge", startedAt: 1000, endedAt: 1200, status: "passed", detail: "time to recover: passed, worst second's error ratio: passed" };

describe("the Allure steps of a scenario", () => {
  it("shows a figure with no budget as reported, never as passed", () => {
    const worst = check({ name: "worst second's error ratio", status: "passed", unit: "ratio", measured: 1 });
    assert.equal(checkStepName(worst), "worst second's error ratio: 100% (reported, no budget)");
    assert.notEqual(checkStepStatus(worst), Status.PASSED);
  });

  it("does not say never of a check with neither a figure nor a budget (an update outcome)", () => {
    const outcome = check({ name: "wp_wordpress update outcome", status: "passed", unit: "count", detail: 'the platform reports "rollback_completed"' });
    assert.equal(checkStepName(outcome), "wp_wordpress update outcome (reported, no budget)");
    assert.notEqual(checkStepStatus(outcome), Status.PASSED);
    const failed = check({ name: "wp_wordpress update outcome", status: "failed", unit: "count" });
    assert.equal(checkStepName(failed), "wp_wordpress update outcome: failed");
    assert.equal(checkStepStatus(failed), Status.FAILED);
  });

  it("shows a figure held to its budget as passed or failed, and one that never came to exist as never", () => {
    assert.equal(checkStepName(check({ name: "time to recover", status: "passed", measured: 4200, budget: 15_000 })), "time to recover: 4.2s (budget 15s)");
    assert.equal(checkStepStatus(check({ name: "time to recover", status: "passed", measured: 4200, budget: 15_000 })), Status.PASSED);
    assert.equal(checkStepName(check({ name: "time to recover", status: "failed", budget: 15_000 })), "time to recover: never (budget 15s)");
    assert.equal(checkStepStatus(check({ name: "downtime", status: "unknown" })), Status.BROKEN);
  });

  it("makes the judge step failed when a check inside it failed, though judging itself went well", () => {
    const checks = [check({ name: "time to recover", status: "passed", measured: 1, budget: 10 }), check({ name: "failed requests", status: "failed", unit: "count", measured: 25, budget: 0 })];
    assert.equal(phaseStep(judgePhase, checks).status, Status.FAILED);
    assert.equal(phaseStep(judgePhase, [check({ name: "downtime", status: "unknown" })]).status, Status.BROKEN);
    assert.equal(phaseStep(judgePhase, [check({ name: "time to recover", status: "passed", measured: 1, budget: 10 })]).status, Status.PASSED);
    assert.equal(phaseStep({ ...judgePhase, status: "broken" }, checks).status, Status.BROKEN);
  });

  it("names the judge step by what its checks show, not passed for a figure only reported", () => {
    const checks = [
      check({ name: "time to recover", status: "passed", measured: 1, budget: 10 }),
      check({ name: "worst second's error ratio", status: "passed", unit: "ratio", measured: 1 }),
      check({ name: "failed requests", status: "failed", unit: "count", measured: 25, budget: 0 }),
    ];
    assert.equal(phaseStep(judgePhase, checks).name, "judge: 1 passed, 1 failed, 1 reported");
    assert.equal(phaseStep({ name: "method", startedAt: 0, endedAt: 1, status: "passed", detail: "halted host-2" }, checks).name, "method: halted host-2");
    assert.equal(phaseStep({ name: "method", startedAt: 0, endedAt: 1, status: "failed" }, checks).status, Status.FAILED);
  });

  it("writes reported, not passed, in the checks attachment for a figure with no budget", () => {
    const csv = checksCsv([check({ name: "downtime", status: "passed", measured: 300, detail: "d" }), check({ name: "longest gap", status: "passed", measured: 300, budget: 2000, detail: "d" })]);
    assert.deepEqual(csv.split("\n").slice(1, 3), ["downtime,reported,300,,ms,d", "longest gap,passed,300,2000,ms,d"]);
  });
});
