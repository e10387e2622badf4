import type { ProbeSample } from "../probe/probe-sample.ts";
import { SecondBuckets } from "./second-buckets.ts";
import type { TrafficRecord } from "./traffic-record.ts";

/**
 * The traffic a scenario's latency and per-second figures are taken from: the load (or
 * k6) when one ran, otherwise the probe's own requests, bucketed the same way. Latency is
 * counted from the scheduled start, so a request the runner sent late is as slow as a
 * user would have found it.
 */
export function trafficOf(history: { samples: readonly ProbeSample[]; traffic?: TrafficRecord }): TrafficRecord {
  if (history.traffic) return history.traffic;
  const buckets = new SecondBuckets();
  for (const s of history.samples) {
    const late = s.lateMs ?? 0;
    buckets.record(s.start - late, s.latencyMs + late, s.ok);
  }
  return { source: "probe", spec: "probe", seconds: buckets.seconds() };
}
