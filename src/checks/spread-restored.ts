import type { History } from "../history/history.ts";
import { missing } from "./against-budget.ts";
import type { CheckResult } from "./check-result.ts";
import { formatFigure, formatOffset } from "./format.ts";
import { placementFault, requireReported, revertOf, snapshotsFrom } from "./placement-scope.ts";
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
 * time from the revert (reported, no budget).
 */
export function spreadRestored(history: History, { service, minHosts, host }: SpreadTarget): CheckResult {
  return runCheck(`${service} spread over ${minHosts} hosts again`, "ms", () => {
    if (!Number.isInteger(minHosts) || minHosts < 1) throw new Error(`minHosts must be a whole number of at least 1, not ${minHosts}`);
    const revert = revertOf(placementFault(history, host));
    const after = snapshotsFrom(history, revert);
    requireReported(after, { service }, "after the revert");
    const spread = after.map((s) => ({ at: s.at, hosts: readyHostsRunning(s, service) }));
    const back = spread.find((s) => s.hosts.length >= minHosts);
    if (!back) {
      const widest = spread.reduce((a, b) => (b.hosts.length > a.hosts.length ? b : a));
      const last = spread.at(-1)!;
      return {
        status: missing(),
        fromPlatform: true,
        detail:
          `${service} never ran on ${minHosts} hosts again after the revert: at most ${widest.hosts.length} (${list(widest.hosts)}); ` +
          `at ${formatOffset(last.at, history.t0)} on ${list(last.hosts)}`,
      };
    }
    const measured = Math.max(0, back.at - revert);
    return {
      status: "passed",
      measured,
      fromPlatform: true,
      detail: `${service} on ${back.hosts.length} hosts (${list(back.hosts)}) again ${formatFigure(measured, "ms")} after the revert, at ${formatOffset(back.at, history.t0)} (at least ${minHosts} wanted; reported, no budget)`,
    };
  });
}

function list(hosts: readonly string[]): string {
  return hosts.length === 0 ? "no host" : hosts.join(", ");
}
