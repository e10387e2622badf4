import type { History } from "../history/history.ts";
import { trafficOf } from "../traffic/traffic-of.ts";
import type { TrafficRecord } from "../traffic/traffic-record.ts";
import { type JudgedRequest, probeRequest, trafficRequests } from "./requests.ts";

export type TrafficHistory = Pick<History, "samples" | "traffic" | "stalls" | "t0" | "windowEnd" | "probePeriodMs">;

export interface TrafficWindow {
  record: TrafficRecord;
  /** The traffic's requests scheduled inside the window (each by its own scheduled time). */
  requests: JudgedRequest[];
  /** Why no figure can be taken: they are unknown. */
  untrusted?: string;
  /** Whether the sender keeps a schedule (a rate): only then is a request's lateness measured. */
  scheduled: boolean;
}

/**
 * The requests of the traffic the latency figures are taken from: the load (or k6) when
 * one ran, otherwise the probe's own, each counted by its scheduled time inside the
 * window. A request the runner sent late is as slow as a user would have found it from
 * its schedule (the worst case) and as slow as the platform made it from its send (the
 * best): the figures are bounds between the two.
 */
export function trafficInWindow(history: TrafficHistory): TrafficWindow {
  const record = trafficOf(history);
  const inWindow = (r: JudgedRequest) => r.at >= history.t0 && r.at <= history.windowEnd;
  // The load's (or k6's) own requests when one ran, the probe's otherwise: decoded once, as the other request figures read them.
  const requests = (history.traffic ? trafficRequests(history.traffic) : history.samples.map(probeRequest)).filter(inWindow);
  const scheduled = history.traffic ? record.rate !== undefined : true;
  if (record.error) return { record, requests, scheduled, untrusted: `the ${record.source} gave no figures: ${record.error}` };
  if (record.k6?.endedEarly) return { record, requests, scheduled, untrusted: `${record.spec} ended before the window did: the rest of the window had no k6 traffic` };
  if (requests.length === 0) return { record, requests, scheduled, untrusted: `no ${record.source} requests in the window` };
  return { record, requests, scheduled };
}

/** "load:rate=200" or "the probe's requests": which requests a figure was taken from, for its sentence. */
export function trafficName(record: TrafficRecord): string {
  return record.source === "probe" ? "the probe's requests" : `${record.spec}`;
}

/** What a latency figure cannot say: a sender without a schedule measures no lateness. */
export function scheduleNote(window: TrafficWindow): string {
  if (window.scheduled) return "";
  return window.record.source === "k6"
    ? "; k6 keeps its own pace, so latency is from each request's send and a stalled runner's lateness is not measured"
    : "; a load at a concurrency keeps no schedule, so latency is from each request's send and a stalled runner's lateness is not measured";
}
