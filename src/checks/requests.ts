import type { History } from "../history/history.ts";
import type { ProbeSample } from "../probe/probe-sample.ts";
import { decodeRequests } from "../traffic/request-log.ts";
import type { TrafficRecord } from "../traffic/traffic-record.ts";

/** Who sent a request: the report splits every request figure by it. */
export type RequestSource = "probe" | "load reads" | "load writes" | "durability writes" | "k6";

/** One request firedrill sent, as the window figures judge it. */
export interface JudgedRequest {
  /** Its scheduled time; a request belongs to the window its schedule falls in. */
  at: number;
  ok: boolean;
  source: RequestSource;
  /** From the scheduled time to the outcome (ms): what a user met. */
  latencyMs: number;
  /** How much later than scheduled it left (ms); 0 where the sender keeps no schedule. */
  lateMs: number;
}

/**
 * The senders whose failures time an outage (downtime, the longest gap, time to
 * recover): each keeps a rate of many requests a second. The durability writes, one every
 * 2 s, are counted (error ratio, failed requests) but cannot time one: a failed write and
 * the next one say nothing of the 2 s between them.
 */
export function timesOutages(source: RequestSource): boolean {
  return source !== "durability writes";
}

/** A probe sample as a request: from its schedule, which it left `lateMs` after. */
export function probeRequest(s: ProbeSample): JudgedRequest {
  const late = s.lateMs ?? 0;
  return { at: s.start - late, ok: s.ok, source: "probe", latencyMs: s.latencyMs + late, lateMs: late };
}

type RequestSources = Pick<History, "samples" | "writes" | "traffic">;

const decoded = new WeakMap<TrafficRecord, JudgedRequest[]>();

/** A load's or k6's requests, decoded once per record (every check of a scenario reads them). */
export function trafficRequests(traffic: TrafficRecord | undefined): JudgedRequest[] {
  if (!traffic?.requests || traffic.source === "probe") return [];
  let requests = decoded.get(traffic);
  if (!requests) {
    requests = decodeRequests(traffic.requests).map((r) => ({ at: r.at, ok: r.ok, source: traffic.source === "k6" ? "k6" : r.write ? "load writes" : "load reads", latencyMs: r.latencyMs, lateMs: r.lateMs }));
    decoded.set(traffic, requests);
  }
  return requests;
}

const merged = new WeakMap<readonly ProbeSample[], { samples: number; writes: readonly unknown[]; writeCount: number; traffic: TrafficRecord | undefined; requests: JudgedRequest[] }>();

/**
 * Every request firedrill sent during the scenario, in schedule order: the probe's, the
 * durability writes, and the load's (or k6's) one by one. A user's failed request is a
 * failure whoever sent it: the probe opens a fresh connection each time, the load keeps
 * its connections alive, and a cutover can break one and not the other. Kept per history
 * (for as long as its arrays hold the same requests), so a scenario's checks sort them once.
 */
export function requestsOf(history: RequestSources): JudgedRequest[] {
  const cached = merged.get(history.samples);
  if (cached && cached.samples === history.samples.length && cached.writes === history.writes && cached.writeCount === history.writes.length && cached.traffic === history.traffic) return cached.requests;
  const requests = [...history.samples.map(probeRequest), ...history.writes.map((w): JudgedRequest => ({ at: w.at, ok: w.ok, source: "durability writes", latencyMs: w.latencyMs, lateMs: 0 })), ...trafficRequests(history.traffic)].sort((a, b) => a.at - b.at);
  merged.set(history.samples, { samples: history.samples.length, writes: history.writes, writeCount: history.writes.length, traffic: history.traffic, requests });
  return requests;
}

/** The order sources are listed in, every time, so that reports line up across scenarios and nights. */
const SOURCE_ORDER: readonly RequestSource[] = ["probe", "durability writes", "load reads", "load writes", "k6"];

/** "probe 3 of 600, load reads 40 of 2000": the split by source a report shows beside a request figure. */
export function bySource(requests: readonly JudgedRequest[], counted: (r: JudgedRequest) => boolean = (r) => !r.ok): string {
  const groups = new Map<RequestSource, { hit: number; all: number }>();
  for (const r of requests) {
    const g = groups.get(r.source) ?? { hit: 0, all: 0 };
    g.all += 1;
    if (counted(r)) g.hit += 1;
    groups.set(r.source, g);
  }
  return SOURCE_ORDER.flatMap((source) => {
    const g = groups.get(source);
    return g ? [`${source} ${g.hit} of ${g.all}`] : [];
  }).join(", ");
}
