import type { History } from "../history/history.ts";
import type { ClusterSnapshot } from "../platform/cluster-snapshot.ts";
import type { Interval } from "./interval.ts";
import { formatFigure, formatOffset } from "./format.ts";
import { snapshotsInWindow } from "./window.ts";

/**
 * How many sampling periods the cluster view may go without a new answer before what it
 * last said is stale. The recorder asks once a period, one ask at a time, so views come
 * about a period apart; one slow answer (up to two periods) is jitter, but more than
 * three means at least two asks in a row went unanswered. At the 1 s default that is
 * 3 s: a tenth of a usual 30 s convergence budget, so a slow manager does not turn every
 * run unknown, while a view from 88 s before the window's end never decides.
 */
export const CLUSTER_STALE_PERIODS = 3;

export type ClusterViewHistory = Pick<History, "cluster" | "clusterGaps" | "clusterPeriodMs" | "t0" | "windowEnd">;

/** The views of the window, oldest first, with the stretches in which none was fresh. */
export interface ClusterViews {
  views: ClusterSnapshot[];
  /** Stretches longer than the staleness limit between views (T0 and the window's end count as ends). */
  stale: Interval[];
  limitMs: number;
}

export function clusterViews(history: ClusterViewHistory): ClusterViews {
  return clusterViewsBetween(history, history.t0, history.windowEnd);
}

/**
 * The same over part of the window (from a fault, or from its revert, to the window's
 * end): a check that judges only that stretch is only as blind as the views inside it.
 */
export function clusterViewsBetween(history: Pick<History, "cluster" | "clusterPeriodMs">, from: number, to: number): ClusterViews {
  const views = snapshotsInWindow({ cluster: history.cluster, t0: from, windowEnd: to });
  const limitMs = CLUSTER_STALE_PERIODS * history.clusterPeriodMs;
  const marks = [from, ...views.map((v) => v.at), to];
  const stale: Interval[] = [];
  for (let i = 1; i < marks.length; i++) {
    if (marks[i]! - marks[i - 1]! > limitMs) stale.push({ start: marks[i - 1]!, end: marks[i]! });
  }
  return { views, stale, limitMs };
}

/** Whether no fresh view came between the view before `index` (or T0) and it. */
export function staleBefore(views: ClusterViews, index: number): Interval | undefined {
  return views.stale.find((s) => s.end === views.views[index]!.at && s.end !== s.start);
}

/** The stretch from the last view to the window's end, when it is stale: what the platform did last is unseen. */
export function staleAtEnd(views: ClusterViews, windowEnd: number): Interval | undefined {
  const last = views.views.at(-1);
  return views.stale.find((s) => s.end === windowEnd && (last === undefined || s.start >= last.at));
}

/**
 * By when what a view shows had certainly been seen: a timely answer counts at its ask
 * (within a period: the resolution of every cluster figure), a late one only at its
 * answer (its lists may come from any moment in between).
 */
export function seenBy(view: ClusterSnapshot, periodMs: number): number {
  const answered = view.answeredAt ?? view.at;
  return answered - view.at > periodMs ? answered : view.at;
}

/** Every stale stretch of the views, described; "" when they were fresh throughout. */
export function describeUnseen(views: ClusterViews, history: Pick<History, "clusterGaps" | "t0" | "windowEnd">): string {
  return views.stale.map((s) => describeStale(s, history)).join("; ");
}

/**
 * "no cluster view from T0+3s to the window's end (88s; 8 snapshots failed: connect
 * ETIMEDOUT)": a stale stretch and what the recorder noted in it.
 */
export function describeStale(stretch: Interval, history: Pick<History, "clusterGaps" | "t0" | "windowEnd">): string {
  const to = stretch.end === history.windowEnd ? "the window's end" : formatOffset(stretch.end, history.t0);
  const gaps = history.clusterGaps.filter((g) => g.from < stretch.end && g.to > stretch.start);
  const failed = gaps.filter((g) => g.what === "failed");
  const late = gaps.length - failed.length;
  const notes = [
    ...(failed.length ? [`${failed.length} snapshot${failed.length === 1 ? "" : "s"} failed: ${failed[0]!.error ?? "no reason given"}`] : []),
    ...(late ? [`${late} answered late`] : []),
  ];
  return `no cluster view from ${formatOffset(stretch.start, history.t0)} to ${to} (${[formatFigure(stretch.end - stretch.start, "ms"), ...notes].join("; ")})`;
}
