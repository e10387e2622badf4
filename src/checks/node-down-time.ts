import type { History } from "../history/history.ts";
import { missing } from "./against-budget.ts";
import { againstBounds, boundsText } from "./bounds.ts";
import type { CheckResult } from "./check-result.ts";
import { clusterViews, describeStale, seenBy } from "./cluster-views.ts";
import { withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";

/**
 * From T0 until the orchestrator first reports the host's node as down. A stretch
 * without a fresh view before that (cluster-views.ts) may have held the first down: the
 * figure is then a bound from that stretch's start to when it was seen; and a host never
 * seen down is only failed when every view of the window was fresh.
 */
export function nodeMarkedDown(history: History, host: string, budgetMs?: number): CheckResult {
  return runCheck(
    `${host} marked down`,
    "ms",
    () => {
      const views = clusterViews(history);
      const offset = (t: number) => Math.max(0, t - history.t0);
      const index = views.views.findIndex((s) => s.nodes.some((n) => n.host === host && n.state === "down"));
      if (index === -1) {
        const unseen = views.stale[0];
        if (!unseen) return { status: missing(), budget: budgetMs, detail: withBudget(`the platform never marked ${host} down in the window`, budgetMs, "ms") };
        const bounds = { best: offset(unseen.start), worst: null };
        return {
          status: budgetMs !== undefined && bounds.best > budgetMs ? "failed" : "unknown",
          measured: bounds.best,
          bounds,
          budget: budgetMs,
          detail: withBudget(`the platform did not mark ${host} down in any view of the window, but ${describeStale(unseen, history)}: it may have then`, budgetMs, "ms"),
        };
      }
      const first = views.views[index]!;
      const earlier = views.stale.find((s) => s.start < first.at);
      const bounds = { best: offset(earlier ? earlier.start : first.at), worst: offset(seenBy(first, history.clusterPeriodMs)) };
      const unseen = earlier ? `; ${describeStale(earlier, history)}` : "";
      return {
        status: againstBounds(bounds, budgetMs),
        measured: bounds.best,
        bounds,
        budget: budgetMs,
        detail: withBudget(`${host} marked down ${boundsText(bounds, "ms")} after T0`, budgetMs, "ms") + unseen,
      };
    },
    budgetMs,
  );
}
