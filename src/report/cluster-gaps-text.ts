import { CLUSTER_STALE_PERIODS, clusterViews, describeStale } from "../checks/cluster-views.ts";
import { formatFigure, formatOffset } from "../checks/format.ts";
import type { History } from "../history/history.ts";

type GapsHistory = Pick<History, "cluster" | "clusterGaps" | "clusterPeriodMs" | "t0" | "windowEnd">;

/**
 * Where the harness did not see the platform, for a person reading why a placement or
 * convergence check is unknown: each ask that failed or was answered late, and each
 * stretch of the window the checks took as unseen. Empty when there was none of either,
 * so a clean run carries no attachment.
 */
export function clusterGapsText(history: GapsHistory): string {
  const gaps = [...history.clusterGaps].sort((a, b) => a.from - b.from);
  const stale = clusterViews(history).stale;
  if (gaps.length === 0 && stale.length === 0) return "";
  const at = (t: number) => formatOffset(t, history.t0);
  return [
    `cluster view asked every ${formatFigure(history.clusterPeriodMs, "ms")}; a view older than ${formatFigure(CLUSTER_STALE_PERIODS * history.clusterPeriodMs, "ms")} is stale and decides no check`,
    "",
    `asks that gave no view in time (${gaps.length})`,
    ...(gaps.length ? gaps.map((g) => `  ${at(g.from)} to ${at(g.to)} (${formatFigure(g.to - g.from, "ms")}): ${g.what === "failed" ? `failed: ${g.error ?? "no reason given"}` : "answered late"}`) : ["  none"]),
    "",
    `stretches of the window without a fresh view (${stale.length})`,
    ...(stale.length ? stale.map((s) => `  ${describeStale(s, history)}`) : ["  none"]),
    "",
  ]
    .map(oneLine)
    .join("\n");
}

/** A line stays a line: an engine's error may hold line breaks. */
function oneLine(line: string): string {
  return line.replace(/\s*\n\s*/g, " ");
}
