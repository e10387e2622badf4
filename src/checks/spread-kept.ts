import type { History } from "../history/history.ts";
import { boundedOutcome } from "./bounds.ts";
import type { CheckResult } from "./check-result.ts";
import { clusterViews, describeUnseen } from "./cluster-views.ts";
import { formatOffset } from "./format.ts";
import { requireReported } from "./placement-scope.ts";
import { runCheck } from "./run-check.ts";
import { runningPerHost } from "./running-tasks.ts";

/** A service with a per-host limit (Swarm's max_replicas_per_node). */
export interface SpreadLimit {
  /** Full Swarm name, e.g. "notes_app". */
  service: string;
  maxPerNode: number;
}

/**
 * The per-host limit holds in every snapshot up to the end of the window: before the
 * fault (the steady state), while a host is down (its tasks must wait, not double up) and
 * after its return. Measured: the most running tasks seen on one host; a stretch of the
 * window no fresh view saw may have held more (bounds.worst unbounded), so no pass over it.
 */
export function spreadKept(history: History, { service, maxPerNode }: SpreadLimit): CheckResult {
  return runCheck(`${service} at most ${maxPerNode} per host`, "count", () => {
    if (!Number.isInteger(maxPerNode) || maxPerNode < 1) throw new Error(`maxPerNode must be a whole number of at least 1, not ${maxPerNode}`);
    const snapshots = history.cluster.filter((s) => s.at <= history.windowEnd).sort((a, b) => a.at - b.at);
    requireReported(snapshots, { service }, "up to the end of the window");
    let peak = 0;
    let first: { at: number; host: string; count: number } | undefined;
    let over = 0;
    for (const s of snapshots) {
      const perHost = [...runningPerHost(s, service)];
      for (const [, n] of perHost) peak = Math.max(peak, n);
      const crowded = perHost.filter(([, n]) => n > maxPerNode).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      if (crowded.length === 0) continue;
      over++;
      first ??= { at: s.at, host: crowded[0]![0], count: crowded[0]![1] };
    }
    const unseen = describeUnseen(clusterViews(history), history);
    const outcome = boundedOutcome({ best: peak, worst: unseen ? null : peak }, maxPerNode);
    if (!first) {
      const seen = `no host ran more than ${maxPerNode} task(s) of ${service} in the ${snapshots.length} snapshots of the window (at most ${peak} on one host)`;
      return { ...outcome, fromPlatform: true, detail: unseen ? `${seen}, but ${unseen}: one may have then` : seen };
    }
    return {
      ...outcome,
      fromPlatform: true,
      detail: `${first.host} ran ${first.count} tasks of ${service} at ${formatOffset(first.at, history.t0)}, over the limit of ${maxPerNode} per host; over it in ${over} of ${snapshots.length} snapshots (at most ${peak} on one host)`,
    };
  });
}
