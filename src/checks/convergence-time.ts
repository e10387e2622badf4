import type { FaultEvent, History } from "../history/history.ts";
import type { ClusterSnapshot } from "../platform/cluster-snapshot.ts";
import { convergence, describeConvergence, type ServiceConvergence } from "../platform/convergence.ts";
import type { Budget } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { missing } from "./against-budget.ts";
import { againstBounds, type Bounds, boundsText } from "./bounds.ts";
import { clusterViews, type ClusterViewHistory, describeStale, seenBy, staleAtEnd, staleBefore } from "./cluster-views.ts";
import type { Interval } from "./interval.ts";
import { formatOffset, withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";

export type ConvergenceHistory = ClusterViewHistory & Pick<History, "faults" | "services">;

export type ConvergenceTime =
  | { kind: "unknown"; reason: string }
  /**
   * The final converged streak was first seen `ms` after T0. Where a stretch without a
   * fresh view came before it, it may have converged as early as that stretch's start
   * (`bounds.best`); where one came inside it, convergence may have been lost and won
   * again there (`bounds.worst` is the first view after it; null when the view was stale
   * at the window's end, so it may not have held). `unseen` are those stretches.
   */
  | { kind: "converged"; at: number; ms: number; bounds: Bounds; unseen: Interval[] }
  /** The last snapshot in the window is not converged and is fresh at the window's end; `last` says what was missing. */
  | { kind: "never"; lastAt: number; last: JudgedConvergence }
  /** The last snapshot is not converged, but no fresh view came after it: it may have converged since, at the earliest `bestMs` after T0. */
  | { kind: "unseen"; lastAt: number; last: JudgedConvergence; bestMs: number; stale: Interval };

export interface JudgedConvergence {
  reported: ServiceConvergence[];
  /** Judged services the platform did not report at all: never converged. */
  unreported: string[];
  converged: boolean;
}

export function faultInEffect(fault: FaultEvent, host: string, at: number): boolean {
  return fault.host === host && fault.injectedAt <= at && (fault.revertedAt === undefined || at < fault.revertedAt);
}

/** A fault that takes the host out of service (halt, freeze, partition), not one it can run through. */
export function disablesHost(fault: FaultEvent): boolean {
  return fault.disablesHost !== false;
}

/**
 * The snapshot as the checks must see it: a host we are breaking is not healthy, even
 * while the platform still calls it ready (it notices a lost node only after its own
 * heartbeat timeout), so its tasks must not count as serving.
 */
export function withFaultedHostsDown(snapshot: ClusterSnapshot, faults: readonly FaultEvent[]): ClusterSnapshot {
  return {
    ...snapshot,
    nodes: snapshot.nodes.map((n) => (faults.some((f) => disablesHost(f) && faultInEffect(f, n.host, snapshot.at)) ? { ...n, state: "down" } : n)),
  };
}

/** Only the services the scenario names are judged; one that vanished from the platform is not converged. */
export function judgedConvergence(snapshot: ClusterSnapshot, history: Pick<History, "faults" | "services">): JudgedConvergence {
  const view = withFaultedHostsDown(snapshot, history.faults);
  const reported = convergence(view, view.services.filter((s) => history.services.includes(s.name)));
  const unreported = history.services.filter((name) => !reported.some((r) => r.service === name));
  return { reported, unreported, converged: unreported.length === 0 && reported.every((s) => s.converged) };
}

export function describeJudged(judged: JudgedConvergence): string {
  return [describeConvergence(judged.reported), ...judged.unreported.map((name) => `${name} not reported`)].filter((t) => t !== "").join(", ");
}

/**
 * Whether the judged services are converged in this snapshot, as every check and every
 * live wait sees it: a snapshot from before T0 says nothing about recovery.
 */
export function convergedIn(history: Pick<History, "faults" | "services" | "t0">, snapshot: ClusterSnapshot | undefined): boolean {
  if (!snapshot || snapshot.at < history.t0 || history.services.length === 0) return false;
  return judgedConvergence(snapshot, history).converged;
}

/**
 * From T0 to the first snapshot of the converged streak that lasts to the last snapshot:
 * converging and then losing it again (a rescheduled task crashing) does not count. A
 * view is only as good as it is fresh (cluster-views.ts): stretches without one widen
 * the figure into bounds, and an unconverged view that went stale says nothing of the
 * window's end.
 */
export function convergenceTime(history: ConvergenceHistory): ConvergenceTime {
  if (history.services.length === 0) return { kind: "unknown", reason: "no services to judge" };
  const views = clusterViews(history);
  const snapshots = views.views;
  if (snapshots.length === 0) return { kind: "unknown", reason: "no cluster snapshot in the window" };
  const states = snapshots.map((s) => judgedConvergence(s, history));
  const lastIndex = snapshots.length - 1;
  const end = staleAtEnd(views, history.windowEnd);
  if (!states[lastIndex]!.converged) {
    const lastAt = snapshots[lastIndex]!.at;
    if (end) return { kind: "unseen", lastAt, last: states[lastIndex]!, bestMs: Math.max(0, lastAt - history.t0), stale: end };
    return { kind: "never", lastAt, last: states[lastIndex]! };
  }
  let first = lastIndex;
  while (first > 0 && states[first - 1]!.converged) first--;
  const at = snapshots[first]!.at;
  const before = staleBefore(views, first);
  // The first view of the streak after which no stretch went unseen: from there it certainly held.
  let certain = first;
  for (let i = first + 1; i <= lastIndex; i++) if (staleBefore(views, i)) certain = i;
  const inside = views.stale.filter((s) => s.start >= at && s !== end);
  const offset = (t: number) => Math.max(0, t - history.t0);
  return {
    kind: "converged",
    at,
    ms: offset(at),
    bounds: { best: offset(before ? before.start : at), worst: end ? null : offset(seenBy(snapshots[certain]!, history.clusterPeriodMs)) },
    unseen: [...(before ? [before] : []), ...inside, ...(end ? [end] : [])],
  };
}

export function checkConvergence(history: History, budget: Budget): CheckResult {
  const limit = budget.convergenceMs;
  return runCheck(
    "convergence",
    "ms",
    () => {
      const c = convergenceTime(history);
      switch (c.kind) {
        case "unknown":
          return { status: "unknown", budget: limit, detail: withBudget(c.reason, limit, "ms") };
        case "converged": {
          // A convergence that may not have held to the window's end is no pass, budget or not.
          const status = c.bounds.worst === null && limit === undefined ? "unknown" : againstBounds(c.bounds, limit);
          const unseen = c.unseen.map((s) => describeStale(s, history)).join("; ");
          const figure = `converged ${boundsText(c.bounds, "ms")} after T0`;
          return {
            status,
            measured: c.bounds.best,
            bounds: { ...c.bounds },
            budget: limit,
            detail: c.bounds.worst === null ? withBudget(`${figure}, if it held: ${unseen}`, limit, "ms") : withBudget(figure, limit, "ms") + (unseen ? `; ${unseen}` : ""),
          };
        }
        case "unseen": {
          const bounds = { best: c.bestMs, worst: null };
          return {
            // Failed only when even converging right after the last view would miss the budget.
            status: limit !== undefined && c.bestMs > limit ? "failed" : "unknown",
            fromPlatform: true,
            measured: c.bestMs,
            bounds,
            budget: limit,
            detail: withBudget(
              `not converged when last seen at ${formatOffset(c.lastAt, history.t0)} (${describeJudged(c.last)} on healthy hosts), and ${describeStale(c.stale, history)}: it may have converged since`,
              limit,
              "ms",
            ),
          };
        }
        case "never":
          // Read from the platform's own snapshots, not the probe: a starved probe does not void it.
          return {
            status: missing(),
            fromPlatform: true,
            budget: limit,
            detail: withBudget(
              `never converged in the window: at ${formatOffset(c.lastAt, history.t0)} ${describeJudged(c.last)} on healthy hosts`,
              limit,
              "ms",
            ),
          };
      }
    },
    limit,
  );
}
