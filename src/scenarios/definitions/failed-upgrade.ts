import type { CheckResult } from "../../checks/check-result.ts";
import { clusterViews, describeStale, staleAtEnd } from "../../checks/cluster-views.ts";
import { runCheck } from "../../checks/run-check.ts";
import { versionServed } from "../../checks/version-served.ts";
import { NO_VIOLATION_ALLOWED, violations } from "../../checks/violations.ts";
import type { History } from "../../history/history.ts";
import type { Scenario } from "../scenario.ts";

/**
 * The last update state the platform reported for a service in the observation window.
 * Measured: 1 when it is not one expected. A last view gone stale before the window's end
 * does not decide: the update may have moved on since.
 */
export function updateOutcome(history: History, service: string, expected: readonly string[]): CheckResult {
  return runCheck(`${service} update outcome`, "count", () => {
    // Within the window: the restore that follows redeploys the baseline and resets it.
    const views = clusterViews(history);
    const last = [...views.views].reverse().find((s) => s.services.some((x) => x.name === service));
    const state = last?.services.find((x) => x.name === service);
    if (!state) throw new Error(`${service} was never seen`);
    const outcome = state.updateState ?? "none";
    const said = `the platform reports "${outcome}"${state.updateMessage ? `: ${state.updateMessage}` : ""} (expected ${expected.join(" or ")})`;
    const stale = staleAtEnd(views, history.windowEnd);
    if (stale) return { status: "unknown", budget: NO_VIOLATION_ALLOWED, fromPlatform: true, detail: `${said}, but ${describeStale(stale, history)}: it may have changed since` };
    // What the platform itself reports: true whatever the probe saw.
    return { ...violations(expected.includes(outcome) ? 0 : 1), fromPlatform: true, detail: said };
  });
}

/**
 * An upgrade to a version whose health check fails, with the update's failure action
 * set to rollback (the stack's compose file): the new tasks never become healthy, Swarm
 * rolls back, and the previous version must serve throughout, or again within budget.
 */
export const failedUpgradeRollsBack: Scenario = {
  name: "failed-upgrade-rollback",
  title: "failed upgrade rolls back",
  description:
    "The traffic service is upgraded to a version whose health check fails; the update's failure action is rollback. " +
    "The previous version must serve again within budget, with no request lost beyond budget and no data lost.",
  needs: ["broken version"],
  budget: { errorRatio: 0.01, longestGapMs: 2000, timeToRecoverMs: 15_000, rollbackMs: 60_000, convergenceMs: 90_000, lostItems: 0 },
  judges: ["rollbackMs"],
  async method(ctx) {
    ctx.markT0(ctx.mark("upgrade started"));
    await ctx.deploy({ version: "broken" });
    const outcome = await ctx.waitForUpdate(ctx.subject.traffic, ["rollback_completed", "rollback_paused", "paused", "completed"], 150_000);
    ctx.event(`update ended: ${outcome}`);
    await ctx.observe({ maxMs: 180_000, budgets: [["rollbackMs", ctx.history.t0]], settleMs: 5000 });
  },
  checks: (history, budget) => [
    updateOutcome(history, history.subject.traffic, ["rollback_completed"]),
    versionServed(history, history.subject.versions.baseline, history.marks["upgrade started"] ?? history.t0, budget.rollbackMs, "previous version serving"),
  ],
};
