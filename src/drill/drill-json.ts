import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import type { DrillPlan } from "./plan.ts";

/** `drill --json`: one object on stdout with every verdict, figure and budget, and where the outputs are. */
export function drillJson(plan: DrillPlan, results: readonly ScenarioResult[], exitCode: number, outputs: Record<string, string>) {
  return {
    exitCode,
    profile: { name: plan.profile.name, file: plan.profile.file, digest: plan.profile.digest },
    stack: plan.stack.name,
    runId: plan.runId,
    scenarios: results.map((r) => {
      const planned = plan.scenarios.find((p) => p.scenario.name === r.name);
      return {
        name: r.name,
        verdict: r.verdict,
        ...(r.reason ? { reason: r.reason } : {}),
        ...(r.errorCode ? { errorCode: r.errorCode } : {}),
        budget: r.budget,
        budgetSources: planned?.sources ?? {},
        checks: r.checks.map((c) => ({ name: c.name, status: c.status, unit: c.unit, measured: c.measured, budget: c.budget, detail: c.detail })),
        startedAt: new Date(r.startedAt).toISOString(),
        endedAt: new Date(r.endedAt).toISOString(),
      };
    }),
    outputs,
  };
}
