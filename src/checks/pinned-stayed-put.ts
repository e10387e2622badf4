import type { History } from "../history/history.ts";
import type { CheckResult } from "./check-result.ts";
import { clusterViewsBetween, describeUnseen } from "./cluster-views.ts";
import { formatOffset } from "./format.ts";
import { type PinnedService, placementFault, requireReported } from "./placement-scope.ts";
import { runCheck } from "./run-check.ts";
import { runningTasks, shortTaskId } from "./running-tasks.ts";
import { violationsSeen } from "./violations.ts";

/**
 * A service pinned to one host by a node label must never run anywhere else, not even
 * while that host is down: from T0 (the fault on the pinned host) to the end of the
 * window, no snapshot may show a task of it running on another host. Measured: the
 * snapshots that did. A stretch no fresh view saw may have hidden a move: no pass over it.
 */
export function pinnedStayedPut(history: History, { service, pinnedHost }: PinnedService): CheckResult {
  return runCheck(`${service} stayed on ${pinnedHost}`, "count", () => {
    const fault = placementFault(history, pinnedHost);
    const views = clusterViewsBetween(history, fault.injectedAt, history.windowEnd);
    const snapshots = views.views;
    requireReported(snapshots, { service, host: pinnedHost }, "from T0 to the end of the window");
    const moved = snapshots
      .map((s) => ({ at: s.at, elsewhere: runningTasks(s, service).filter((t) => t.host !== pinnedHost) }))
      .filter((s) => s.elsewhere.length > 0);
    const unseen = describeUnseen(views, history);
    const outcome = violationsSeen(moved.length, unseen !== "");
    if (moved.length === 0) {
      const seen = `no task of ${service} ran on a host other than ${pinnedHost} in the ${snapshots.length} snapshots from T0 to the end of the window`;
      return { ...outcome, fromPlatform: true, detail: unseen ? `${seen}, but ${unseen}: it may have then` : seen };
    }
    const first = moved[0]!;
    const where = first.elsewhere.map((t) => `on ${t.host} (task ${shortTaskId(t.id)})`).join(", ");
    return {
      ...outcome,
      fromPlatform: true,
      detail: `${service} ran against its constraint to ${pinnedHost}: at ${formatOffset(first.at, history.t0)} ${where}; in ${moved.length} of ${snapshots.length} snapshots from T0`,
    };
  });
}
