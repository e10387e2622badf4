import { AssertionError } from "node:assert";
import { reportScenario } from "../report/allure-scenario.ts";
import { shardText } from "./shard.ts";
import { runScenario } from "../scenarios/run-scenario.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import { brokenResult, skippedResult } from "./broken-result.ts";
import { budgetWaivers, waiverText } from "./budget-waivers.ts";
import type { DrillRunner, SessionLab } from "./drill-runner.ts";
import type { PlannedScenario } from "./plan.ts";
import { withinTimeLimit } from "./scenario-time-limit.ts";

/** Beyond a scenario's own time limit, mocha's: a lab start, and the settling of a scenario given up on. */
const LAB_START_ALLOWANCE_MS = 15 * 60_000;

/**
 * The body of a scenario's mocha test. The verdict decides how the test ends: passed
 * passes; failed throws an AssertionError (a missed budget is the platform's failure);
 * broken throws a plain Error (the harness's); skipped skips. Reporters (Allure, JUnit)
 * map those to the same four statuses.
 */
export function scenarioTest(planned: PlannedScenario, runner: DrillRunner): Mocha.AsyncFunc {
  const { scenario } = planned;
  return async function (this: Mocha.Context) {
    // Mocha's timeout is only a backstop: the drill's own time limit (judgeScenario)
    // ends a scenario first, and deals with the lab it leaves, which mocha cannot.
    this.timeout(runner.timeLimitMs + runner.settleMs + LAB_START_ALLOWANCE_MS);
    const { result, lab } = planned.skip ? { result: skippedResult(scenario, planned.skip), lab: undefined } : await judgeScenario(planned, runner);
    runner.results.push(result);
    const waivers = budgetWaivers([scenario], runner.plan.layers).map((w) => ({ field: w.field, text: waiverText(w) }));
    await reportScenario(result, { profile: runner.plan.profile.name, stack: runner.plan.stack.name, hosts: lab?.lab.hosts.length ?? 0, runId: lab?.lab.runId ?? "", waivers, ...(runner.plan.shard ? { shard: shardText(runner.plan.shard) } : {}) });
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
 * One scenario on the runner's lab, within its time limit. A scenario still running at
 * its limit is given up on (the runner removes or fences its lab) and is broken; one
 * that cannot start (no lab, a halted drill) is broken with the reason. Never throws.
 */
export async function judgeScenario(
  planned: PlannedScenario,
  runner: DrillRunner,
  run: typeof runScenario = runScenario,
): Promise<{ result: ScenarioResult; lab?: SessionLab }> {
  const { scenario } = planned;
  if (runner.halted) return { result: brokenResult(scenario, runner.halted, "DRILL_HALTED") };
  let lab: SessionLab;
  try {
    lab = await runner.lab();
  } catch (error) {
    return { result: brokenResult(scenario, (error as Error).message, (error as { code?: string }).code) };
  }
  try {
    const running = run(scenario, { lab: lab.lab, deployed: lab.deployed, budget: planned.budget, traffic: planned.traffic });
    const raced = await withinTimeLimit(running, runner.timeLimitMs);
    return { result: raced.finished ? raced.value : await runner.giveUp(scenario, running), lab };
  } catch (error) {
    return { result: brokenResult(scenario, (error as Error).message, (error as { code?: string }).code), lab };
  }
}
