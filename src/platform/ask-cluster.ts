import type { ClusterGap, ClusterSnapshot } from "./cluster-snapshot.ts";
import type { Platform } from "./platform.ts";

/** What one ask for the cluster's view gave: a view, a gap, or a view that came late (both). */
export type ClusterAnswer = { snapshot: ClusterSnapshot; gap?: ClusterGap } | { gap: ClusterGap };

/**
 * Asks the platform for its view once. A failed ask is not an absence to be inferred
 * later: it is a gap, from the ask until it gave up, with the error. An answer later
 * than `lateAfterMs` (the sampling period: the next ask was held up) is kept as a view
 * and recorded as a gap too, so a reader sees where the view went stale and why.
 */
export async function askCluster(platform: Pick<Platform, "snapshot">, lateAfterMs: number, now: () => number = Date.now): Promise<ClusterAnswer> {
  const askedAt = now();
  try {
    const snapshot = await platform.snapshot();
    const answeredAt = snapshot.answeredAt ?? now();
    if (answeredAt - snapshot.at <= lateAfterMs) return { snapshot };
    return { snapshot, gap: { from: snapshot.at, to: answeredAt, what: "late" } };
  } catch (error) {
    return { gap: { from: askedAt, to: now(), what: "failed", error: error instanceof Error ? error.message : String(error) } };
  }
}
