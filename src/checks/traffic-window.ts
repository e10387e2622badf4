import type { History } from "../history/history.ts";
import { trafficOf } from "../traffic/traffic-of.ts";
import type { TrafficRecord, TrafficSecond } from "../traffic/traffic-record.ts";
import { formatOffset } from "./format.ts";
import { STARVED_AFTER_PERIODS } from "./probe-schedule.ts";

export type TrafficHistory = Pick<History, "samples" | "traffic" | "t0" | "windowEnd" | "probePeriodMs">;

export interface TrafficWindow {
  record: TrafficRecord;
  seconds: TrafficSecond[];
  /** Why no figure can be taken: they are unknown. */
  untrusted?: string;
  /** The latest a request of the window left against its schedule (ms), when the sender keeps one. */
  lateMs?: number;
}

/**
 * The traffic's seconds that overlap the window, and whether they can be trusted. A load
 * request that left late can miss an outage (sent after it ended) as easily as it adds
 * its lateness to a latency, so a window in which the load fell behind by more than the
 * probe's own starvation limit is unknown, pass or miss, exactly as the probe's would be.
 * Shorter lateness only blurs the figures, and the detail says by how much.
 */
export function trafficInWindow(history: TrafficHistory): TrafficWindow {
  const record = trafficOf(history);
  const seconds = record.seconds.filter((s) => s.at + 1000 > history.t0 && s.at <= history.windowEnd);
  if (record.error) return { record, seconds, untrusted: `the ${record.source} gave no figures: ${record.error}` };
  if (record.k6?.endedEarly) return { record, seconds, untrusted: `${record.spec} ended before the window did: the rest of the window had no k6 traffic` };
  if (seconds.length === 0) return { record, seconds, untrusted: `no ${record.source} requests in the window` };
  const lates = seconds.flatMap((s) => (s.lateMs === undefined ? [] : [s.lateMs]));
  const lateMs = lates.length > 0 ? Math.max(...lates) : undefined;
  const limit = STARVED_AFTER_PERIODS * history.probePeriodMs;
  if (lateMs !== undefined && lateMs > limit) {
    const worst = seconds.find((s) => s.lateMs === lateMs)!;
    return { record, seconds, lateMs, untrusted: `the runner sent ${record.spec} ${lateMs}ms late at ${formatOffset(worst.at, history.t0)} (more than ${limit}ms): what the load met then is unknown` };
  }
  return { record, seconds, ...(lateMs === undefined ? {} : { lateMs }) };
}

/** "load:rate=200" or "the probe's requests": which requests a figure was taken from, for its sentence. */
export function trafficName(record: TrafficRecord): string {
  return record.source === "probe" ? "the probe's requests" : `${record.spec}`;
}

/** ", sent up to 120ms late": how far lateness blurs the figures, when it does. */
export function latenessNote(window: TrafficWindow, probePeriodMs: number): string {
  return window.lateMs !== undefined && window.lateMs > probePeriodMs ? `; requests left up to ${window.lateMs}ms late, which blurs the figures by that much` : "";
}
