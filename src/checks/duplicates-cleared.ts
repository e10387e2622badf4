import type { History } from "../history/history.ts";
import { againstBudget, missing } from "./against-budget.ts";
import type { CheckResult } from "./check-result.ts";
import { formatFigure, withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";

/**
 * After a host comes back, the containers it kept running while the platform replaced
 * them are duplicates. Measured from `from` (the revert) to the first census, lasting to
 * the end, in which the hosts together run no more containers of the service than
 * desired. Counted from each host's own engine, not from what the orchestrator believes.
 */
export function duplicatesCleared(history: History, service: string, desired: number, from: number, budgetMs?: number): CheckResult {
  return runCheck(
    `no duplicate ${service} containers`,
    "ms",
    () => {
      const rounds = new Map<number, number | undefined>();
      for (const c of history.census.filter((x) => x.at >= from)) {
        const previous = rounds.has(c.at) ? rounds.get(c.at) : 0;
        rounds.set(c.at, previous === undefined || c.running === undefined ? undefined : previous + (c.running[service] ?? 0));
      }
      const ordered = [...rounds.entries()].sort((a, b) => a[0] - b[0]);
      if (ordered.length === 0) throw new Error("no container census after the revert");
      let clearedAt: number | undefined;
      let peak = 0;
      for (const [at, total] of ordered) {
        if (total !== undefined) peak = Math.max(peak, total);
        if (total !== undefined && total <= desired) clearedAt ??= at;
        else clearedAt = undefined;
      }
      if (clearedAt === undefined) {
        return { status: missing(budgetMs), budget: budgetMs, detail: withBudget(`still more than ${desired} ${service} containers at the end (peak ${peak})`, budgetMs, "ms") };
      }
      const measured = Math.max(0, clearedAt - from);
      return {
        status: againstBudget(measured, budgetMs),
        measured,
        budget: budgetMs,
        detail: withBudget(`${desired} or fewer ${service} containers ${formatFigure(measured, "ms")} after the revert (peak ${peak})`, budgetMs, "ms"),
      };
    },
    budgetMs,
  );
}
