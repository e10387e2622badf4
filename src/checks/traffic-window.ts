import type { History } from "../history/history.ts";
import { trafficOf } from "../traffic/traffic-of.ts";
import type { TrafficRecord, TrafficSecond } from "../traffic/traffic-record.ts";

export type TrafficHistory = Pick<History, "samples" | "traffic" | "t0" | "windowEnd" | "probePeriodMs">;

export interface TrafficWindow {
  record: TrafficRecord;
  seconds: TrafficSecond[];
  /** Why no figure can be taken at all. */
  untrusted?: string;
  /**
   * Why a figure over budget may be the runner's rather than the platform's: the load was
   * sent late. Latency counts from the schedule and a late request has less of its timeout
   * left, so lateness only ever makes the figures worse: a pass stands, a miss is unknown.
   */
  onlyPassesStand?: string;
}

/** The traffic's seconds that overlap the window, and how far its figures can be trusted. */
export function trafficInWindow(history: TrafficHistory): TrafficWindow {
  const record = trafficOf(history);
  const seconds = record.seconds.filter((s) => s.at + 1000 > history.t0 && s.at <= history.windowEnd);
  if (record.error) return { record, seconds, untrusted: `the ${record.source} gave no figures: ${record.error}` };
  // Latency counts from the schedule, so a generator that fell behind would charge its own
  // lateness to the platform: beyond one probe period, the figures say more about the runner.
  const late = record.lateness?.p99;
  if (seconds.length === 0) return { record, seconds, untrusted: `no ${record.source} requests in the window` };
  if (late !== undefined && late > history.probePeriodMs) {
    return { record, seconds, onlyPassesStand: `the runner sent ${record.spec} late (99th percentile ${late}ms, more than the probe period ${history.probePeriodMs}ms)` };
  }
  return { record, seconds };
}

/** "load:rate=200" or "probe": which requests a figure was taken from, for its sentence. */
export function trafficName(record: TrafficRecord): string {
  return record.source === "probe" ? "the probe's requests" : `${record.spec}`;
}

/**
 * A figure's verdict against its budget, minding a load that ran late: over budget then is
 * unknown (it may be the runner's lateness), within budget passes (lateness only adds).
 */
export function judgeTrafficFigure(window: TrafficWindow, status: "passed" | "failed", sentence: string): { status: "passed" | "failed" | "unknown"; sentence: string } {
  if (!window.onlyPassesStand) return { status, sentence };
  return status === "failed"
    ? { status: "unknown", sentence: `${sentence}; not judged: ${window.onlyPassesStand}, which may be what made it miss` }
    : { status, sentence: `${sentence}; ${window.onlyPassesStand}, which only adds to it` };
}
