import type { ClusterSnapshot } from "../platform/cluster-snapshot.ts";
import type { Bounds } from "./bounds.ts";
import { type ClusterViews, seenBy, staleAtEnd, staleBefore } from "./cluster-views.ts";
import type { Interval } from "./interval.ts";

/**
 * When a state the platform had to reach (the pinned service back, the spread restored)
 * was first seen, measured from `from`, as bounds: a stretch without a fresh view before
 * it may have held it already (best: that stretch's start), and it was certainly there
 * once seen (worst). Not seen by the end: "never" only when the last view is still fresh
 * at the window's end; otherwise it may have come after it ("unseen").
 */
export type FirstSeen =
  | { kind: "seen"; view: ClusterSnapshot; bounds: Bounds; unseen?: Interval }
  | { kind: "never"; last: ClusterSnapshot }
  | { kind: "unseen"; last: ClusterSnapshot; bounds: Bounds; stale: Interval };

export function firstSeen(views: ClusterViews, from: number, windowEnd: number, periodMs: number, holds: (view: ClusterSnapshot) => boolean): FirstSeen {
  const last = views.views.at(-1);
  if (!last) throw new Error("no cluster view to look in");
  const offset = (t: number) => Math.max(0, t - from);
  const index = views.views.findIndex(holds);
  if (index === -1) {
    const stale = staleAtEnd(views, windowEnd);
    return stale ? { kind: "unseen", last, bounds: { best: offset(stale.start), worst: null }, stale } : { kind: "never", last };
  }
  const view = views.views[index]!;
  const before = staleBefore(views, index);
  return { kind: "seen", view, bounds: { best: offset(before ? before.start : view.at), worst: offset(seenBy(view, periodMs)) }, ...(before ? { unseen: before } : {}) };
}
