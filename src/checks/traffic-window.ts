import type { History } from "../history/history.ts";
import { trafficOf } from "../traffic/traffic-of.ts";
import type { TrafficRecord, TrafficSecond } from "../traffic/traffic-record.ts";

export type TrafficHistory = Pick<History, "samples" | "traffic" | "t0" | "windowEnd" | "probePeriodMs">;

/** The traffic's seconds that overlap the window, or why its figures cannot be trusted. */
export function trafficInWindow(history: TrafficHistory): { record: TrafficRecord; seconds: TrafficSecond[]; untrusted?: string } {
  const record = trafficOf(history);
  const seconds = record.seconds.filter((s) => s.at + 1000 > history.t0 && s.at <= history.windowEnd);
  if (record.error) return { record, seconds, untrusted: `the ${record.source} gave no figures: ${record.error}` };
  // Latency counts from the schedule, so a generator that fell behind would charge its own
  // lateness to the platform: beyond one probe period, the figures say more about the runner.
  const late = record.lateness?.p99;
  if (late !== undefined && late > history.probePeriodMs) {
    return { record, seconds, untrusted: `the load fell behind its schedule (99th percentile ${late}ms late, more than the probe period ${history.probePeriodMs}ms): the runner could not send ${record.spec}` };
  }
  if (seconds.length === 0) return { record, seconds, untrusted: `no ${record.source} requests in the window` };
  return { record, seconds };
}

/** "load:rate=200" or "probe": which requests a figure was taken from, for its sentence. */
export function trafficName(record: TrafficRecord): string {
  return record.source === "probe" ? "the probe's requests" : `${record.spec}`;
}
