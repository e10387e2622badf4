import type { FaultEvent, History } from "../history/history.ts";
import type { ClusterSnapshot } from "../platform/cluster-snapshot.ts";

/** A service constrained to the one host that carries its node label. */
export interface PinnedService {
  /** Full Swarm name, e.g. "notes_db". */
  service: string;
  /** The host whose node carries the label (and the one the scenario halts). */
  pinnedHost: string;
}

/**
 * The fault the placement checks measure from: the one on `host`, or the history's only
 * fault. A history without it cannot be judged (unknown): a fault that was not there
 * must never let a check pass.
 */
export function placementFault(history: Pick<History, "faults">, host?: string): FaultEvent {
  const candidates = history.faults.filter((f) => host === undefined || f.host === host);
  if (candidates.length === 0) throw new Error(host === undefined ? "no fault in the history" : `no fault on ${host} in the history`);
  if (candidates.length > 1 && host === undefined) throw new Error(`${candidates.length} faults in the history: name the host whose fault to measure from`);
  return [...candidates].sort((a, b) => a.injectedAt - b.injectedAt)[0]!;
}

/** The revert instant; a fault never reverted leaves nothing to measure a return from (unknown). */
export function revertOf(fault: FaultEvent): number {
  if (fault.revertedAt === undefined) throw new Error(`the ${fault.kind} on ${fault.host} was never reverted in the history`);
  return fault.revertedAt;
}

/** Snapshots from `from` to the end of the window, oldest first (later ones belong to the restore). */
export function snapshotsFrom(history: Pick<History, "cluster" | "windowEnd">, from: number): ClusterSnapshot[] {
  return history.cluster.filter((s) => s.at >= from && s.at <= history.windowEnd).sort((a, b) => a.at - b.at);
}

/**
 * A misspelt service or host would make "never ran elsewhere" true of nothing: one the
 * platform never reported in these snapshots cannot be judged (unknown).
 */
export function requireReported(snapshots: readonly ClusterSnapshot[], what: { service: string; host?: string }, where: string): void {
  if (snapshots.length === 0) throw new Error(`no cluster snapshot ${where}`);
  if (!snapshots.some((s) => s.services.some((v) => v.name === what.service))) throw new Error(`the platform did not report ${what.service} ${where}`);
  if (what.host !== undefined && !snapshots.some((s) => s.nodes.some((n) => n.host === what.host))) {
    throw new Error(`the platform did not report a node for ${what.host} ${where}`);
  }
}
