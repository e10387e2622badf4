import type { History } from "../history/history.ts";
import type { ClusterSnapshot } from "../platform/cluster-snapshot.ts";
import { missing } from "./against-budget.ts";
import { againstBounds, boundsText } from "./bounds.ts";
import type { Budget } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { clusterViewsBetween, describeStale } from "./cluster-views.ts";
import { firstSeen } from "./first-seen.ts";
import { formatOffset, withBudget } from "./format.ts";
import { type PinnedService, placementFault, requireReported, revertOf } from "./placement-scope.ts";
import { runCheck } from "./run-check.ts";
import { nodeState, runningPerHost } from "./running-tasks.ts";

/**
 * A suggested default for `placementRecoveredMs` (scenario defaults live in the scenario
 * definitions): the revert already waits for the node to be ready again, so what is left
 * is scheduling the pending task and starting its container from a cached image; a
 * database's first start can take tens of seconds.
 */
export const PLACEMENT_RECOVERED_DEFAULT_MS = 60_000;

/**
 * From the revert of the fault on the pinned host to the first snapshot in which the
 * service runs on that host again, its node ready, with its desired replicas met.
 * Never within the window: failed, whatever the budget. Stretches without a fresh view
 * make the figure bounds (first-seen.ts), and a last view gone stale is no "never".
 */
export function pinnedRecovered(history: History, { service, pinnedHost }: PinnedService, budget: Budget): CheckResult {
  const limit = budget.placementRecoveredMs;
  return runCheck(
    `${service} back on ${pinnedHost}`,
    "ms",
    () => {
      const revert = revertOf(placementFault(history, pinnedHost));
      const views = clusterViewsBetween(history, revert, history.windowEnd);
      requireReported(views.views, { service }, "after the revert");
      const back = firstSeen(views, revert, history.windowEnd, history.clusterPeriodMs, (s) => recovered(s, service, pinnedHost));
      switch (back.kind) {
        case "never":
          return {
            status: missing(),
            fromPlatform: true,
            budget: limit,
            detail: withBudget(`${service} never ran on ${pinnedHost} again after the revert: at ${formatOffset(back.last.at, history.t0)} ${describe(back.last, service, pinnedHost)}`, limit, "ms"),
          };
        case "unseen":
          return {
            // Failed only when even coming back right after the last view would miss the budget.
            status: limit !== undefined && back.bounds.best > limit ? "failed" : "unknown",
            measured: back.bounds.best,
            bounds: { ...back.bounds },
            budget: limit,
            fromPlatform: true,
            detail: withBudget(
              `${service} not back on ${pinnedHost} when last seen at ${formatOffset(back.last.at, history.t0)} (${describe(back.last, service, pinnedHost)}), and ${describeStale(back.stale, history)}: it may have been since`,
              limit,
              "ms",
            ),
          };
        case "seen":
          return {
            status: againstBounds(back.bounds, limit),
            measured: back.bounds.best,
            bounds: { ...back.bounds },
            budget: limit,
            fromPlatform: true,
            detail:
              withBudget(`${service} running on ${pinnedHost} again ${boundsText(back.bounds, "ms")} after the revert (at ${formatOffset(back.view.at, history.t0)})`, limit, "ms") +
              (back.unseen ? `; ${describeStale(back.unseen, history)}` : ""),
          };
      }
    },
    limit,
  );
}

function recovered(snapshot: ClusterSnapshot, service: string, pinnedHost: string): boolean {
  const state = snapshot.services.find((s) => s.name === service);
  if (!state || nodeState(snapshot, pinnedHost) !== "ready") return false;
  const perHost = runningPerHost(snapshot, service);
  if ((perHost.get(pinnedHost) ?? 0) === 0) return false;
  // A global service wants its task on the pinned host, and that is there.
  if (state.mode === "global") return true;
  const onReady = [...perHost].reduce((sum, [host, n]) => sum + (nodeState(snapshot, host) === "ready" ? n : 0), 0);
  return onReady >= (state.replicas ?? 0);
}

/** "host-2 is ready, 0 of 1 running there": what was missing at the end. */
function describe(snapshot: ClusterSnapshot, service: string, pinnedHost: string): string {
  const state = snapshot.services.find((s) => s.name === service);
  const there = runningPerHost(snapshot, service).get(pinnedHost) ?? 0;
  const desired = state?.mode === "replicated" ? ` of ${state.replicas ?? 0} desired` : "";
  return `${pinnedHost} is ${nodeState(snapshot, pinnedHost) ?? "not listed"}, ${state ? `${there}${desired} running there` : `${service} not reported`}`;
}
