import type { History } from "../history/history.ts";
import { againstBudget, missing } from "./against-budget.ts";
import { DEFAULT_MEASURES, type MeasureSettings } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { formatFigure, withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";
import { samplesInWindow } from "./window.ts";

/**
 * From `from` until every answer is a successful one from `version` and stays so to the
 * end of the window: how long a cutover or a rollback took, seen by users. Every sample
 * counts: a failed request after the switch is not "served by the new version", so a
 * switch that leaves users with errors has not completed. The final run must be N answers
 * long, N being the recovery streak: the same proof a recovery needs (time to recover),
 * rather than the observation's settle time, which is the harness's watching and not in
 * the history; one last answer from the version may be a lucky pick among old tasks.
 */
export function versionServed(
  history: History,
  version: string,
  from: number,
  budgetMs?: number,
  name = `serving ${version}`,
  measures: MeasureSettings = DEFAULT_MEASURES,
): CheckResult {
  return runCheck(
    name,
    "ms",
    () => {
      const samples = samplesInWindow({ ...history, t0: from });
      if (samples.length === 0) throw new Error("no probe sample after the switch");
      let since: number | undefined;
      let streak = 0;
      for (const s of samples) {
        if (s.ok && s.version === version) {
          since ??= s.start;
          streak += 1;
        } else {
          since = undefined;
          streak = 0;
        }
      }
      const n = measures.recoveryStreak;
      if (since !== undefined && streak < n) {
        return {
          status: missing(),
          budget: budgetMs,
          detail: withBudget(`${version} answered only the last ${streak} time(s) in a row, from ${formatFigure(since - from, "ms")} after the switch, of the ${n} a completed switch needs`, budgetMs, "ms"),
        };
      }
      if (since === undefined) {
        const tail = samples.slice(samples.findLastIndex((s) => !(s.ok && s.version === version)));
        const last = tail[0]!;
        const what = last.ok ? `${last.version ?? "an unnamed version"} answered` : `a request failed (${last.error ?? `status ${last.status}`})`;
        return { status: missing(), budget: budgetMs, detail: withBudget(`${version} was not the only answer at the end: ${what} ${formatFigure(last.start - from, "ms")} after the switch`, budgetMs, "ms") };
      }
      const measured = Math.max(0, since - from);
      return { status: againstBudget(measured, budgetMs), measured, budget: budgetMs, detail: withBudget(`only ${version} answered from ${formatFigure(measured, "ms")} after the switch`, budgetMs, "ms") };
    },
    budgetMs,
  );
}
