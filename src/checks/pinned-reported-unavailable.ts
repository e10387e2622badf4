import type { History } from "../history/history.ts";
import type { ClusterSnapshot, TaskState } from "../platform/cluster-snapshot.ts";
import type { CheckResult } from "./check-result.ts";
import { clusterViewsBetween, describeUnseen } from "./cluster-views.ts";
import { formatOffset } from "./format.ts";
import { type PinnedService, placementFault, requireReported } from "./placement-scope.ts";
import { runCheck } from "./run-check.ts";
import { nodeState, runningTasks, shortTaskId } from "./running-tasks.ts";
import { NO_VIOLATION_ALLOWED, violationsSeen } from "./violations.ts";

/**
 * While its only host is down, a pinned service has nowhere to run, and the platform
 * must say so: in every snapshot from T0 until the revert in which the platform calls
 * the pinned host's node anything but ready, no task of the service may be running (on
 * any host, the down one included). Its pending tasks' messages ("no suitable node")
 * are reported. A host the platform never calls down leaves nothing to judge: failed,
 * never a silent pass. Measured: the snapshots with a host down and a task running. A
 * stretch no fresh view saw may have held either (the host down, a task running): what
 * was seen to fail stays failed, but nothing passes over it, nor fails for not being seen.
 */
export function pinnedReportedUnavailable(history: History, { service, pinnedHost }: PinnedService): CheckResult {
  return runCheck(`${service} reported unavailable while ${pinnedHost} was down`, "count", () => {
    const fault = placementFault(history, pinnedHost);
    const views = clusterViewsBetween(history, fault.injectedAt, fault.revertedAt ?? history.windowEnd);
    const during = views.views.filter((s) => fault.revertedAt === undefined || s.at < fault.revertedAt);
    requireReported(during, { service }, "from T0 to the revert");
    const unseen = describeUnseen(views, history);
    const down = during.filter((s) => isDown(nodeState(s, pinnedHost)));
    if (down.length === 0) {
      const listed = during.some((s) => nodeState(s, pinnedHost) !== undefined);
      return {
        // Not seen down in the views there were; one nobody saw may have shown it.
        status: unseen ? "unknown" : "failed",
        budget: NO_VIOLATION_ALLOWED,
        fromPlatform: true,
        detail:
          `never observed ${pinnedHost} down: in none of ${snapshotCount(during.length)} from T0 to the revert did the platform call its node anything but ready` +
          `${listed ? "" : ` (it did not list ${pinnedHost} at all)`}, so whether ${service} was kept off other hosts could not be judged${unseen ? `; ${unseen}` : ""}`,
      };
    }
    const [from, to] = [formatOffset(down[0]!.at, history.t0), formatOffset(down.at(-1)!.at, history.t0)];
    const stretch = from === to ? `at ${from}` : `${from} to ${to}`;
    const running = down.map((s) => ({ at: s.at, tasks: runningTasks(s, service) })).filter((s) => s.tasks.length > 0);
    const outcome = violationsSeen(running.length, unseen !== "");
    if (running.length > 0) {
      const first = running[0]!;
      const where = first.tasks.map((t) => `on ${t.host}${t.host === pinnedHost ? " (the down host)" : ""} (task ${shortTaskId(t.id)})`).join(", ");
      return {
        ...outcome,
        fromPlatform: true,
        detail: `${service} reported running while ${pinnedHost} was down: at ${formatOffset(first.at, history.t0)} ${where}; in ${running.length} of ${snapshotCount(down.length)} with ${pinnedHost} down (${stretch})`,
      };
    }
    return {
      ...outcome,
      fromPlatform: true,
      detail: `no task of ${service} running in ${snapshotCount(down.length)} with ${pinnedHost} down (${stretch})${waiting(down.at(-1)!, service)}${unseen ? `, but ${unseen}: one may have then` : ""}`,
    };
  });
}

function snapshotCount(n: number): string {
  return n === 1 ? "1 snapshot" : `${n} snapshots`;
}

/** ready | down | unknown | disconnected: anything but ready is down for a host we halted. */
function isDown(state: string | undefined): boolean {
  return state !== undefined && state !== "ready";
}

/** '; its tasks: pending "no suitable node (...)"': what the platform said of the tasks it wants, at the last such snapshot. */
function waiting(snapshot: ClusterSnapshot, service: string): string {
  const wanted = snapshot.tasks.filter((t) => t.service === service && t.desired === "running");
  if (wanted.length === 0) return "; no task of it wanted running";
  // Swarm puts the reason a task waits ("no suitable node (...)") in its error, and a generic word in its message.
  const said = (t: TaskState) => t.error || t.message;
  const states = new Set(wanted.map((t) => (said(t) ? `${t.state} "${said(t)}"` : t.state)));
  return `; its tasks: ${[...states].join(", ")}`;
}
