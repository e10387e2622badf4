import type { History } from "../history/history.ts";
import { decodeRequests } from "../traffic/request-log.ts";

/** Who sent a request: the report splits every request figure by it. */
export type RequestSource = "probe" | "load reads" | "load writes" | "durability writes" | "k6";

/** One request firedrill sent, as the window figures judge it. */
export interface JudgedRequest {
  /** Its scheduled time (the probe's: when it was sent); a request belongs to the window its schedule falls in. */
  at: number;
  ok: boolean;
  source: RequestSource;
  /** From the scheduled time to the outcome (ms). */
  latencyMs: number;
  /** How much later than scheduled it left (ms); 0 where the sender keeps no schedule. */
  lateMs: number;
}

export type RequestHistory = Pick<History, "samples" | "writes" | "traffic" | "t0" | "windowEnd">;

/**
 * Every request firedrill sent during the scenario, in schedule order: the probe's, the
 * durability writes, and the load's (or k6's) one by one. A user's failed request is a
 * failure whoever sent it: the probe opens a fresh connection each time, the load keeps
 * its connections alive, and a cutover can break one and not the other.
 */
export function requestsOf(history: Pick<History, "samples" | "writes" | "traffic">): JudgedRequest[] {
  const out: JudgedRequest[] = [];
  for (const s of history.samples) out.push({ at: s.start, ok: s.ok, source: "probe", latencyMs: s.latencyMs, lateMs: s.lateMs ?? 0 });
  for (const w of history.writes) out.push({ at: w.at, ok: w.ok, source: "durability writes", latencyMs: w.latencyMs, lateMs: 0 });
  const traffic = history.traffic;
  if (traffic?.requests && traffic.source !== "probe") {
    for (const r of decodeRequests(traffic.requests)) {
      const source: RequestSource = traffic.source === "k6" ? "k6" : r.write ? "load writes" : "load reads";
      out.push({ at: r.at, ok: r.ok, source, latencyMs: r.latencyMs, lateMs: r.lateMs });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The requests scheduled inside [from, to] (the window by default). */
export function requestsInWindow(history: RequestHistory, from = history.t0, to = history.windowEnd): JudgedRequest[] {
  return requestsOf(history).filter((r) => r.at >= from && r.at <= to);
}

/** "probe 3 of 600, load reads 40 of 2000": the split by source a report shows beside a request figure. */
export function bySource(requests: readonly JudgedRequest[], counted: (r: JudgedRequest) => boolean = (r) => !r.ok): string {
  const groups = new Map<RequestSource, { hit: number; all: number }>();
  for (const r of requests) {
    const g = groups.get(r.source) ?? { hit: 0, all: 0 };
    g.all += 1;
    if (counted(r)) g.hit += 1;
    groups.set(r.source, g);
  }
  return [...groups].map(([source, g]) => `${source} ${g.hit} of ${g.all}`).join(", ");
}
