import type { History } from "../history/history.ts";
import { againstBudget, missing } from "./against-budget.ts";
import type { CheckResult } from "./check-result.ts";
import { formatFigure, withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";
import { samplesInWindow } from "./window.ts";

/**
 * From `from` until every successful answer comes from `version` and keeps doing so to
 * the end of the window: how long a cutover or a rollback took, seen by users.
 */
export function versionServed(history: History, version: string, from: number, budgetMs?: number, name = `serving ${version}`): CheckResult {
  return runCheck(
    name,
    "ms",
    () => {
      const answered = samplesInWindow({ ...history, t0: from }).filter((s) => s.ok);
      if (answered.length === 0) throw new Error("no successful answer after the switch");
      let since: number | undefined;
      for (const s of answered) {
        if (s.version === version) since ??= s.start;
        else since = undefined;
      }
      const others = new Set(answered.map((s) => s.version).filter((v) => v !== version));
      if (since === undefined) {
        return { status: missing(budgetMs), budget: budgetMs, detail: withBudget(`${version} was not the only version answering at the end (also ${[...others].join(", ")})`, budgetMs, "ms") };
      }
      const measured = Math.max(0, since - from);
      return { status: againstBudget(measured, budgetMs), measured, budget: budgetMs, detail: withBudget(`only ${version} answered from ${formatFigure(measured, "ms")} after the switch`, budgetMs, "ms") };
    },
    budgetMs,
  );
}

/** Failed requests in [from, to]: for windows shorter than the whole scenario (a cutover). */
export function failedRequestsBetween(history: History, from: number, to: number, budget?: number, name = "failed requests"): CheckResult {
  return runCheck(
    name,
    "count",
    () => {
      const inside = samplesInWindow({ ...history, t0: from, windowEnd: to });
      const failed = inside.filter((s) => !s.ok).length;
      return { status: againstBudget(failed, budget), measured: failed, budget, detail: withBudget(`${failed} of ${inside.length} requests failed`, budget, "count") };
    },
    budget,
  );
}
