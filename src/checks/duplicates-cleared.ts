import type { ContainerCensus, History } from "../history/history.ts";
import { againstBudget, missing } from "./against-budget.ts";
import type { CheckResult } from "./check-result.ts";
import { formatFigure, withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";

interface Round {
  at: number;
  /** undefined when a host's engine did not answer: nothing can be said of the round. */
  containers: number | undefined;
  /** Containers whose task the platform no longer wants running (or runs twice): duplicates by name. */
  stale: string[] | undefined;
}

/**
 * After a host comes back, the containers it kept running while the platform replaced
 * them are duplicates. Measured from `from` (the revert) to the first census, lasting to
 * the end, in which the hosts together run no more containers of the service than desired
 * AND each container is one the platform wants running: compared task by task, so a stale
 * container standing in for a replica that failed elsewhere is still a duplicate, though
 * the total looks right. Counted from each host's own engine, not from what the
 * orchestrator believes.
 */
export function duplicatesCleared(history: History, service: string, desired: number, from: number, budgetMs?: number): CheckResult {
  return runCheck(
    `no duplicate ${service} containers`,
    "ms",
    () => {
      const rounds = censusRounds(history, service, from);
      if (rounds.length === 0) throw new Error("no container census after the revert");
      let clearedAt: number | undefined;
      let peak = 0;
      let lastStale: string[] = [];
      for (const r of rounds) {
        if (r.containers !== undefined) peak = Math.max(peak, r.containers);
        if (r.stale !== undefined) lastStale = r.stale;
        const cleared = r.containers !== undefined && r.containers <= desired && r.stale !== undefined && r.stale.length === 0;
        if (cleared) clearedAt ??= r.at;
        else clearedAt = undefined;
      }
      // A last round a host did not answer says nothing: unknown, not "still running".
      if (clearedAt === undefined && rounds.at(-1)!.containers === undefined) throw new Error("the last container census was not answered by every host");
      if (clearedAt === undefined) {
        const stale = lastStale.length > 0 ? `; stale at the end: ${lastStale.join(", ")}` : "";
        return { status: missing(), budget: budgetMs, detail: withBudget(`duplicates of ${service} still running at the end (desired ${desired}, peak ${peak}${stale})`, budgetMs, "ms") };
      }
      const measured = Math.max(0, clearedAt - from);
      return {
        status: againstBudget(measured, budgetMs),
        measured,
        budget: budgetMs,
        detail: withBudget(`${desired} or fewer ${service} containers, each a task the platform wants, ${formatFigure(measured, "ms")} after the revert (peak ${peak})`, budgetMs, "ms"),
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
      if (hosts.some((h) => h.running === undefined)) return { at, containers: undefined, stale: undefined };
      const containers = hosts.reduce((sum, h) => sum + (h.running?.[service] ?? 0), 0);
      return { at, containers, stale: staleTasks(history, service, at, hosts) };
    });
}

/**
 * Task ids of containers the platform does not want running: desired state not
 * "running" in the latest snapshot before the round, unknown to it, or seen twice.
 * A census without task ids (an engine that does not label them) can only be counted:
 * [] then, and the count alone decides.
 */
function staleTasks(history: History, service: string, at: number, hosts: readonly ContainerCensus[]): string[] | undefined {
  const ids = hosts.flatMap((h) => (h.tasks?.[service] ?? []).map((id) => ({ id, host: h.host })));
  if (ids.length === 0) return [];
  const snapshot = history.cluster.filter((s) => s.at <= at).sort((a, b) => b.at - a.at)[0];
  if (!snapshot) return undefined;
  const wanted = new Set(snapshot.tasks.filter((t) => t.service === service && t.desired === "running").map((t) => t.id));
  const seen = new Set<string>();
  const stale: string[] = [];
  for (const { id, host } of ids) {
    if (!wanted.has(id) || seen.has(id)) stale.push(`${id.slice(0, 12)} on ${host}`);
    seen.add(id);
  }
  return stale;
}
