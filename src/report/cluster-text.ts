import type { History } from "../history/history.ts";
import type { ClusterSnapshot } from "../platform/cluster-snapshot.ts";

/**
 * One cluster snapshot as plain text for a report attachment: its nodes (host, state,
 * availability, manager) and its tasks (service, host, desired, state, error), as aligned
 * tables sorted by host and by service.
 */
export function clusterSnapshotText(snapshot: ClusterSnapshot): string {
  const nodes = [...snapshot.nodes]
    .sort((a, b) => a.host.localeCompare(b.host))
    .map((n) => [n.host, n.state, n.availability, n.manager ? "yes" : "no"]);
  const tasks = [...snapshot.tasks]
    .sort((a, b) => a.service.localeCompare(b.service) || a.host.localeCompare(b.host) || a.at - b.at)
    .map((t) => [t.service, t.host, t.desired, t.state, t.error ?? ""]);
  return [
    `cluster at ${isoOf(snapshot.at)}`,
    "",
    `nodes (${nodes.length})`,
    ...(nodes.length ? table(["host", "state", "availability", "manager"], nodes) : ["  none"]),
    "",
    `tasks (${tasks.length})`,
    ...(tasks.length ? table(["service", "host", "desired", "state", "error"], tasks) : ["  none"]),
    "",
  ].join("\n");
}

export interface SnapshotsAround {
  /** The last snapshot taken before T0: the cluster as the disturbance found it. */
  before?: ClusterSnapshot;
  /** The snapshot inside [T0, windowEnd] nearest its middle (the earlier one on a tie). */
  during?: ClusterSnapshot;
  /** The last snapshot taken. */
  after?: ClusterSnapshot;
}

/** The three snapshots a report shows of a scenario, by time rather than by recording order. */
export function snapshotsAround(history: Pick<History, "cluster" | "t0" | "windowEnd">): SnapshotsAround {
  const sorted = [...history.cluster].sort((a, b) => a.at - b.at);
  const middle = (history.t0 + history.windowEnd) / 2;
  let during: ClusterSnapshot | undefined;
  for (const s of sorted) {
    if (s.at < history.t0 || s.at > history.windowEnd) continue;
    if (!during || Math.abs(s.at - middle) < Math.abs(during.at - middle)) during = s;
  }
  const around: SnapshotsAround = {};
  const before = sorted.findLast((s) => s.at < history.t0);
  const after = sorted.at(-1);
  if (before) around.before = before;
  if (during) around.during = during;
  if (after) around.after = after;
  return around;
}

/** Columns padded to their widest cell, two spaces apart, indented under their heading. */
function table(header: string[], rows: string[][]): string[] {
  const cells = rows.map((row) => row.map(oneLine));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (row: string[]) => `  ${row.map((c, i) => c.padEnd(widths[i]!)).join("  ")}`.trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)];
}

/** A cell stays on its line: line breaks and tabs in an error message become spaces. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

function isoOf(at: number): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? String(at) : date.toISOString();
}
