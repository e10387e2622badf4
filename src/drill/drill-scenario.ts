import { AssertionError } from "node:assert";
import { reportScenario } from "../report/allure-scenario.ts";
import { runScenario } from "../scenarios/run-scenario.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import { brokenResult } from "./broken-result.ts";
import { budgetWaivers, waiverText } from "./budget-waivers.ts";
import { type DrillSession, drillSession, type SessionLab } from "./drill-session.ts";
import { withinTimeLimit } from "./scenario-time-limit.ts";

/** Beyond a scenario's own time limit, mocha's: a lab start, and the settling of a scenario given up on. */
const LAB_START_ALLOWANCE_MS = 15 * 60_000;

/**
 * The body of a scenario's mocha test. The verdict decides how the test ends: passed
 * passes; failed throws an AssertionError (a missed budget is the platform's failure);
 * broken throws a plain Error (the harness's); skipped skips. Reporters (Allure, JUnit)
 * map those to the same four statuses.
 */
export function scenarioTest(scenario: Scenario): Mocha.AsyncFunc {
  return async function (this: Mocha.Context) {
    // Mocha's timeout is only a backstop: the drill's own time limit (judgeScenario)
    // ends a scenario first, and deals with the lab it leaves, which mocha cannot.
    this.timeout(drillSession.timeLimitMs + drillSession.settleMs + LAB_START_ALLOWANCE_MS);
    if (!drillSession.selected(scenario.name)) this.skip();
    const { result, lab } = await judgeScenario(scenario, drillSession);
    drillSession.results.push(result);
    const waivers = budgetWaivers([scenario], drillSession.config.budgets).map((w) => ({ field: w.field, text: waiverText(w) }));
    await reportScenario(result, { profile: drillSession.config.profile, hosts: lab?.lab.hosts.length ?? 0, runId: lab?.lab.runId ?? "", waivers });
    if (result.verdict === "failed") {
      const missed = result.checks.filter((c) => c.status === "failed");
      throw new AssertionError({ message: `${scenario.title}: ${missed.map((c) => `${c.name}: ${c.detail}`).join("; ")}` });
    }
    // The error code leads the message, so report categories can tell infrastructure from harness.
    if (result.verdict === "broken") throw new Error(`[${result.errorCode ?? "BROKEN"}] ${scenario.title} broke: ${result.reason}`);
    if (result.verdict === "skipped") this.skip();
  };
}

/**
 * One scenario on the session's lab, within its time limit. A scenario still running at
 * its limit is given up on (the session removes or fences its lab) and is broken; one
 * that cannot start (no lab, a halted drill) is broken with the reason. Never throws.
 */
export async function judgeScenario(
  scenario: Scenario,
  session: DrillSession,
  run: typeof runScenario = runScenario,
): Promise<{ result: ScenarioResult; lab?: SessionLab }> {
  if (session.halted) return { result: brokenResult(scenario, session.halted, "DRILL_HALTED") };
  let lab: SessionLab;
  try {
    lab = await session.lab();
  } catch (error) {
    return { result: brokenResult(scenario, (error as Error).message, (error as { code?: string }).code) };
  }
  try {
    const running = run(scenario, { lab: lab.lab, site: lab.site, budget: session.budgetFor(scenario.name) });
    const raced = await withinTimeLimit(running, session.timeLimitMs);
    return { result: raced.finished ? raced.value : await session.giveUp(scenario, running), lab };
  } catch (error) {
    return { result: brokenResult(scenario, (error as Error).message, (error as { code?: string }).code), lab };
  }
}
