import { RequestLog } from "../../src/traffic/request-log.ts";
import { SecondBuckets } from "../../src/traffic/second-buckets.ts";
import type { TrafficRecord } from "../../src/traffic/traffic-record.ts";

/** One request of a literal traffic: scheduled at `at`, its outcome `latencyMs` later (from the schedule), sent `lateMs` late. */
export interface LiteralRequest {
  at: number;
  latencyMs: number;
  ok: boolean;
  lateMs?: number;
  write?: boolean;
}

/** A load's record from literal requests, as the load generator writes it: the seconds for people and the request log the checks judge. */
export function trafficFrom(requests: readonly LiteralRequest[], extra: Partial<TrafficRecord> = {}): TrafficRecord {
  const buckets = new SecondBuckets();
  const log = new RequestLog();
  for (const r of requests) {
    buckets.record(r.at, r.latencyMs, r.ok);
    if (r.lateMs !== undefined) buckets.late(r.at, r.lateMs);
    log.add(r);
  }
  return { source: "load", spec: "load:rate=100", rate: 100, seconds: buckets.seconds(), requests: log.encode(), ...extra };
}
