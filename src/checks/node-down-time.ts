import type { History } from "../history/history.ts";
import { againstBudget, missing } from "./against-budget.ts";
import type { CheckResult } from "./check-result.ts";
import { formatFigure, withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";
import { snapshotsInWindow } from "./window.ts";

/** From T0 until the orchestrator first reports the host's node as down. */
export function nodeMarkedDown(history: History, host: string, budgetMs?: number): CheckResult {
  return runCheck(
    `${host} marked down`,
    "ms",
    () => {
      const first = snapshotsInWindow(history).find((s) => s.nodes.some((n) => n.host === host && n.state === "down"));
      if (!first) return { status: missing(), budget: budgetMs, detail: withBudget(`the platform never marked ${host} down in the window`, budgetMs, "ms") };
      const measured = first.at - history.t0;
      return { status: againstBudget(measured, budgetMs), measured, budget: budgetMs, detail: withBudget(`${host} marked down ${formatFigure(measured, "ms")} after T0`, budgetMs, "ms") };
    },
    budgetMs,
  );
}
