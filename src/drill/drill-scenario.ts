import { AssertionError } from "node:assert";
import { reportScenario } from "../report/allure-scenario.ts";
import { runScenario } from "../scenarios/run-scenario.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import { drillSession } from "./drill-session.ts";

const SCENARIO_TIMEOUT_MS = 20 * 60_000;

/**
 * The body of a scenario's mocha test. The verdict decides how the test ends: passed
 * passes; failed throws an AssertionError (a missed budget is the platform's failure);
 * broken throws a plain Error (the harness's); skipped skips. Reporters (Allure, JUnit)
 * map those to the same four statuses.
 */
export function scenarioTest(scenario: Scenario): Mocha.AsyncFunc {
  return async function (this: Mocha.Context) {
    this.timeout(SCENARIO_TIMEOUT_MS);
    if (!drillSession.selected(scenario.name)) this.skip();
    let result: ScenarioResult;
    try {
      const { lab, site } = await drillSession.lab();
      result = await runScenario(scenario, { lab, site, budget: drillSession.budgetFor(scenario.name) });
    } catch (error) {
      result = brokenBeforeStart(scenario, error as Error);
    }
    drillSession.results.push(result);
    const { lab } = await drillSession.lab().catch(() => ({ lab: undefined }));
    await reportScenario(result, { profile: drillSession.config.profile, hosts: lab?.hosts.length ?? 0, runId: lab?.runId ?? "" });
    if (result.verdict === "failed") {
      const missed = result.checks.filter((c) => c.status === "failed");
      throw new AssertionError({ message: `${scenario.title}: ${missed.map((c) => `${c.name}: ${c.detail}`).join("; ")}` });
    }
    // The error code leads the message, so report categories can tell infrastructure from harness.
    if (result.verdict === "broken") throw new Error(`[${result.errorCode ?? "BROKEN"}] ${scenario.title} broke: ${result.reason}`);
    if (result.verdict === "skipped") this.skip();
  };
}

/** A scenario that never started (the lab did not come up): broken, with the reason. */
function brokenBeforeStart(scenario: Scenario, error: Error & { code?: string }): ScenarioResult {
  const now = Date.now();
  return {
    name: scenario.name,
    title: scenario.title,
    description: scenario.description,
    verdict: "broken",
    reason: error.message,
    errorCode: error.code,
    checks: [],
    budget: scenario.budget,
    history: { scenario: scenario.name, probePeriodMs: 100, samples: [], faults: [], cluster: [], census: [], writes: [], seedPostId: 0, events: [], t0: now, windowEnd: now, services: [], marks: {}, facts: {} },
    phases: [],
    residue: [],
    startedAt: now,
    endedAt: now,
  };
}
