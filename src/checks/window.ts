import type { History } from "../history/history.ts";
import type { ClusterSnapshot } from "../platform/cluster-snapshot.ts";
import type { ProbeSample } from "../probe/probe-sample.ts";

/** What the probe figures need of a history; calibration code can build just this. */
export type ProbeWindow = Pick<History, "samples" | "t0" | "windowEnd">;

/**
 * The samples every window figure is taken from. Samples are appended by concurrent
 * probes and merged histories, so order is restored here rather than trusted; samples
 * before T0 belong to the baseline, not to the disturbance being judged.
 */
export function samplesInWindow(window: ProbeWindow): ProbeSample[] {
  return window.samples.filter((s) => isInWindow(s.start, window)).sort((a, b) => a.start - b.start);
}

/** Snapshots taken inside the window, oldest first, for the same reasons as the samples. */
export function snapshotsInWindow(history: Pick<History, "cluster" | "t0" | "windowEnd">): ClusterSnapshot[] {
  return history.cluster.filter((s) => isInWindow(s.at, history)).sort((a, b) => a.at - b.at);
}

export function isInWindow(at: number, window: Pick<History, "t0" | "windowEnd">): boolean {
  return at >= window.t0 && at <= window.windowEnd;
}
