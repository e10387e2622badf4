import type { History } from "../history/history.ts";
import { trafficOf } from "../traffic/traffic-of.ts";

export const TRAFFIC_CSV_HEADER = "second_iso,offset_ms,requests,failed,error_ratio,p50_ms,p95_ms,p99_ms,max_ms";

/** The traffic second by second (the load's, or the probe's), with each second's offset from T0: what the timeline's lanes draw, as numbers. */
export function trafficCsv(history: History): string {
  const { source, spec, seconds } = trafficOf(history);
  const rows = seconds.map((s) => [new Date(s.at).toISOString(), s.at - history.t0, s.requests, s.failed, Number(s.errorRatio.toFixed(4)), s.p50, s.p95, s.p99, s.max].join(","));
  return [`# ${source}: ${spec.replace(/[\r\n]/g, " ")}`, TRAFFIC_CSV_HEADER, ...rows].join("\n") + "\n";
}
