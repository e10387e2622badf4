import type { ContainerCensus, History } from "../history/history.ts";
import { missing } from "./against-budget.ts";
import { againstBounds, type Bounds, boundsText } from "./bounds.ts";
import type { CheckResult } from "./check-result.ts";
import { CLUSTER_STALE_PERIODS } from "./cluster-views.ts";
import { formatFigure, withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";

interface Round {
  at: number;
  /** undefined when a host's engine did not answer: nothing can be said of the round. */
  containers: number | undefined;
  /** Containers whose task the platform no longer wants running (or runs twice): duplicates by name. undefined: no fresh view to tell. */
  stale: string[] | undefined;
  /** Why the round could not be judged, when it could not. */
  unjudged?: string;
}

/**
 * After a host comes back, the containers it kept running while the platform replaced
 * them are duplicates. Measured from `from` (the revert) to the first census, lasting to
 * the end, in which the hosts together run no more containers of the service than desired
 * AND each container is one the platform wants running: compared task by task, so a stale
 * container standing in for a replica that failed elsewhere is still a duplicate, though
 * the total looks right. Counted from each host's own engine, not from what the
 * orchestrator believes. A round that cannot be judged (a host did not answer, no fresh
 * cluster view to tell wanted tasks from stale ones) may have been cleared or not: the
 * figure is then bounds, from the first such round of the final streak (best) to the first
 * cleared round after the last of them (worst).
 */
export function duplicatesCleared(history: History, service: string, desired: number, from: number, budgetMs?: number): CheckResult {
  return runCheck(
    `no duplicate ${service} containers`,
    "ms",
    () => {
      const rounds = censusRounds(history, service, from);
      if (rounds.length === 0) throw new Error("no container census after the revert");
      const peak = Math.max(0, ...rounds.map((r) => r.containers ?? 0));
      const cleared = (r: Round) => r.containers !== undefined && r.containers <= desired && r.stale !== undefined && r.stale.length === 0;
      // The final streak of rounds that were cleared or may have been.
      let start = rounds.length;
      while (start > 0 && (cleared(rounds[start - 1]!) || rounds[start - 1]!.unjudged)) start--;
      const streak = rounds.slice(start);
      const last = rounds.at(-1)!;
      const offset = (t: number) => Math.max(0, t - from);
      if (last.unjudged) {
        // A last round that cannot be judged says nothing of the end: unknown, not "still running", unless even the best case misses the budget.
        const best = offset(streak[0]!.at);
        if (budgetMs !== undefined && best > budgetMs) {
          return { status: "failed", measured: best, bounds: { best, worst: null }, budget: budgetMs, detail: withBudget(`duplicates of ${service} not seen cleared by ${formatFigure(best, "ms")} after the revert, and the last census ${last.unjudged}`, budgetMs, "ms") };
        }
        throw new Error(`the last container census ${last.unjudged}`);
      }
      if (streak.length === 0) {
        const lastStale = last.stale ?? [];
        const stale = lastStale.length > 0 ? `; stale at the end: ${lastStale.join(", ")}` : "";
        return { status: missing(), budget: budgetMs, detail: withBudget(`duplicates of ${service} still running at the end (desired ${desired}, peak ${peak}${stale})`, budgetMs, "ms") };
      }
      const unjudged = streak.filter((r) => r.unjudged);
      const certain = streak.slice(streak.lastIndexOf(unjudged.at(-1) ?? streak[0]!)).find(cleared)!;
      const bounds: Bounds = { best: offset(streak[0]!.at), worst: offset(certain.at) };
      const why = [...new Set(unjudged.map((r) => r.unjudged))].join("; ");
      return {
        status: againstBounds(bounds, budgetMs),
        measured: bounds.best,
        bounds,
        budget: budgetMs,
        detail:
          withBudget(`${desired} or fewer ${service} containers, each a task the platform wants, ${boundsText(bounds, "ms")} after the revert (peak ${peak})`, budgetMs, "ms") +
          (unjudged.length ? `; ${unjudged.length} census round(s) before it could not be judged: ${why}` : ""),
      };
    },
    budgetMs,
  );
}

/** The census rounds from `from` on, oldest first, each judged against the platform's view at that moment. */
function censusRounds(history: History, service: string, from: number): Round[] {
  const byAt = new Map<number, ContainerCensus[]>();
  // Up to the window's end: the restore that follows redeploys, and its churn is not the platform's doing.
  for (const c of history.census) if (c.at >= from && c.at <= history.windowEnd) byAt.set(c.at, [...(byAt.get(c.at) ?? []), c]);
  return [...byAt.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([at, hosts]) => {
      if (hosts.some((h) => h.running === undefined)) return { at, containers: undefined, stale: undefined, unjudged: "was not answered by every host" };
      const containers = hosts.reduce((sum, h) => sum + (h.running?.[service] ?? 0), 0);
      const stale = staleTasks(history, service, at, hosts);
      return { at, containers, stale, ...(stale === undefined ? { unjudged: "had no fresh cluster view to tell wanted tasks from stale ones" } : {}) };
    });
}

/**
 * Task ids of containers the platform does not want running: desired state not
 * "running" in the latest snapshot before the round, unknown to it, or seen twice.
 * A census without task ids (an engine that does not label them) can only be counted:
 * [] then, and the count alone decides. A snapshot older than the staleness limit may
 * still want a task the platform has replaced since: undefined, as with none.
 */
function staleTasks(history: History, service: string, at: number, hosts: readonly ContainerCensus[]): string[] | undefined {
  const ids = hosts.flatMap((h) => (h.tasks?.[service] ?? []).map((id) => ({ id, host: h.host })));
  if (ids.length === 0) return [];
  const snapshot = history.cluster.filter((s) => s.at <= at).sort((a, b) => b.at - a.at)[0];
  if (!snapshot || at - snapshot.at > CLUSTER_STALE_PERIODS * history.clusterPeriodMs) return undefined;
  const wanted = new Set(snapshot.tasks.filter((t) => t.service === service && t.desired === "running").map((t) => t.id));
  const seen = new Set<string>();
  const stale: string[] = [];
  for (const { id, host } of ids) {
    if (!wanted.has(id) || seen.has(id)) stale.push(`${id.slice(0, 12)} on ${host}`);
    seen.add(id);
  }
  return stale;
}
