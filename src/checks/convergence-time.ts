import type { FaultEvent, History } from "../history/history.ts";
import type { ClusterSnapshot } from "../platform/cluster-snapshot.ts";
import { convergence, describeConvergence, type ServiceConvergence } from "../platform/convergence.ts";
import type { Budget } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { againstBudget, missing } from "./against-budget.ts";
import { formatFigure, formatOffset, withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";
import { snapshotsInWindow } from "./window.ts";

export type ConvergenceHistory = Pick<History, "cluster" | "faults" | "services" | "t0" | "windowEnd">;

export type ConvergenceTime =
  | { kind: "unknown"; reason: string }
  | { kind: "converged"; at: number; ms: number }
  /** The last snapshot in the window is not converged; `last` says what was missing. */
  | { kind: "never"; lastAt: number; last: JudgedConvergence };

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
 * converging and then losing it again (a rescheduled task crashing) does not count.
 */
export function convergenceTime(history: ConvergenceHistory): ConvergenceTime {
  if (history.services.length === 0) return { kind: "unknown", reason: "no services to judge" };
  const snapshots = snapshotsInWindow(history);
  if (snapshots.length === 0) return { kind: "unknown", reason: "no cluster snapshot in the window" };
  const states = snapshots.map((s) => judgedConvergence(s, history));
  const lastIndex = snapshots.length - 1;
  if (!states[lastIndex]!.converged) return { kind: "never", lastAt: snapshots[lastIndex]!.at, last: states[lastIndex]! };
  let first = lastIndex;
  while (first > 0 && convergedIn(history, snapshots[first - 1])) first--;
  const at = snapshots[first]!.at;
  return { kind: "converged", at, ms: Math.max(0, at - history.t0) };
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
        case "converged":
          return {
            status: againstBudget(c.ms, limit),
            measured: c.ms,
            budget: limit,
            detail: withBudget(`converged ${formatFigure(c.ms, "ms")} after T0`, limit, "ms"),
          };
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
