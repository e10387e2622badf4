import type { History } from "../history/history.ts";
import type { ClusterSnapshot } from "../platform/cluster-snapshot.ts";
import { againstBudget, missing } from "./against-budget.ts";
import type { Budget } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { formatFigure, formatOffset, withBudget } from "./format.ts";
import { type PinnedService, placementFault, requireReported, revertOf, snapshotsFrom } from "./placement-scope.ts";
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
 * Never within the window: failed, whatever the budget.
 */
export function pinnedRecovered(history: History, { service, pinnedHost }: PinnedService, budget: Budget): CheckResult {
  const limit = budget.placementRecoveredMs;
  return runCheck(
    `${service} back on ${pinnedHost}`,
    "ms",
    () => {
      const revert = revertOf(placementFault(history, pinnedHost));
      const after = snapshotsFrom(history, revert);
      requireReported(after, { service }, "after the revert");
      const back = after.find((s) => recovered(s, service, pinnedHost));
      if (!back) {
        const last = after.at(-1)!;
        return {
          status: missing(),
          fromPlatform: true,
          budget: limit,
          detail: withBudget(`${service} never ran on ${pinnedHost} again after the revert: at ${formatOffset(last.at, history.t0)} ${describe(last, service, pinnedHost)}`, limit, "ms"),
        };
      }
      const measured = Math.max(0, back.at - revert);
      return {
        status: againstBudget(measured, limit),
        measured,
        budget: limit,
        fromPlatform: true,
        detail: withBudget(`${service} running on ${pinnedHost} again ${formatFigure(measured, "ms")} after the revert (at ${formatOffset(back.at, history.t0)})`, limit, "ms"),
      };
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
