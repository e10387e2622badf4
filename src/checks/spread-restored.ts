import type { History } from "../history/history.ts";
import { missing } from "./against-budget.ts";
import { againstBounds, boundsText } from "./bounds.ts";
import type { CheckResult } from "./check-result.ts";
import { clusterViewsBetween, describeStale } from "./cluster-views.ts";
import { firstSeen } from "./first-seen.ts";
import { formatOffset } from "./format.ts";
import { placementFault, requireReported, revertOf } from "./placement-scope.ts";
import { runCheck } from "./run-check.ts";
import { readyHostsRunning } from "./running-tasks.ts";

/** A spread service and how many hosts it must be back on. */
export interface SpreadTarget {
  /** Full Swarm name, e.g. "notes_app". */
  service: string;
  /** Distinct hosts (nodes ready) its running tasks must be on again, e.g. its replicas when maxPerNode is 1. */
  minHosts: number;
  /** The host whose fault's revert to measure from; default: the history's only fault. */
  host?: string;
}

/**
 * After the fault's revert, the service's running tasks are again on at least `minHosts`
 * distinct ready hosts, at some snapshot within the window. Swarm does not rebalance on
 * its own, so a spread preference alone may never get there: failed then. Measured: the
 * time from the revert (reported, no budget), as bounds where no fresh view saw part of
 * it; a last view gone stale is no "never" (first-seen.ts).
 */
export function spreadRestored(history: History, { service, minHosts, host }: SpreadTarget): CheckResult {
  return runCheck(`${service} spread over ${minHosts} hosts again`, "ms", () => {
    if (!Number.isInteger(minHosts) || minHosts < 1) throw new Error(`minHosts must be a whole number of at least 1, not ${minHosts}`);
    const revert = revertOf(placementFault(history, host));
    const views = clusterViewsBetween(history, revert, history.windowEnd);
    requireReported(views.views, { service }, "after the revert");
    const spread = views.views.map((s) => ({ at: s.at, hosts: readyHostsRunning(s, service) }));
    const back = firstSeen(views, revert, history.windowEnd, history.clusterPeriodMs, (s) => readyHostsRunning(s, service).length >= minHosts);
    if (back.kind !== "seen") {
      const widest = spread.reduce((a, b) => (b.hosts.length > a.hosts.length ? b : a));
      const last = spread.at(-1)!;
      const seen = `at most ${widest.hosts.length} (${list(widest.hosts)}); at ${formatOffset(last.at, history.t0)} on ${list(last.hosts)}`;
      if (back.kind === "unseen") {
        return {
          status: "unknown",
          measured: back.bounds.best,
          bounds: { ...back.bounds },
          fromPlatform: true,
          detail: `${service} not on ${minHosts} hosts again in any view after the revert (${seen}), and ${describeStale(back.stale, history)}: it may have been since`,
        };
      }
      return { status: missing(), fromPlatform: true, detail: `${service} never ran on ${minHosts} hosts again after the revert: ${seen}` };
    }
    const hosts = readyHostsRunning(back.view, service);
    return {
      status: againstBounds(back.bounds, undefined),
      measured: back.bounds.best,
      bounds: { ...back.bounds },
      fromPlatform: true,
      detail:
        `${service} on ${hosts.length} hosts (${list(hosts)}) again ${boundsText(back.bounds, "ms")} after the revert, at ${formatOffset(back.view.at, history.t0)} (at least ${minHosts} wanted; reported, no budget)` +
        (back.unseen ? `; ${describeStale(back.unseen, history)}` : ""),
    };
  });
}

function list(hosts: readonly string[]): string {
  return hosts.length === 0 ? "no host" : hosts.join(", ");
}
