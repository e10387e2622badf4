/**
 * Every request a traffic source sent, one by one: when it was scheduled, how long until
 * its outcome, whether it failed, and how late it left. Per-second figures average a burst
 * away and cannot be cut at the window's edge; the checks judge each request by its own
 * scheduled time, so each is kept. Stored compactly (a load at 200/s over a scenario is
 * some 30 000 requests): times as whole-millisecond deltas in schedule order, the rest as
 * lists of indices.
 */
export interface EncodedRequests {
  /** The first request's scheduled time (ms since the epoch). */
  start: number;
  /** Each request's scheduled time less the one before it (ms, whole). */
  deltas: number[];
  /** Each request's latency from its scheduled time to its outcome (ms, whole). */
  latencies: number[];
  /** Indices of the requests that failed. */
  failed: number[];
  /** Indices of the requests that were writes (the rest are reads). */
  writes?: number[];
  /** [index, ms] for each request that left at least LATE_KEPT_MS after its schedule. */
  late?: Array<[number, number]>;
}

/** One request, decoded. */
export interface LoggedRequest {
  at: number;
  latencyMs: number;
  ok: boolean;
  write: boolean;
  /** How much later than scheduled it left (ms); 0 where the sender keeps no schedule. */
  lateMs: number;
}

/** Lateness below this is the timer's own jitter: not worth a byte per request. */
export const LATE_KEPT_MS = 10;

export class RequestLog {
  private readonly entries: LoggedRequest[] = [];

  add(request: { at: number; latencyMs: number; ok: boolean; write?: boolean; lateMs?: number }): void {
    this.entries.push({ at: request.at, latencyMs: request.latencyMs, ok: request.ok, write: request.write ?? false, lateMs: request.lateMs ?? 0 });
  }

  /** Turns the latest request that ended at or before `at` and has not failed into a failure (a failed k6 check judges the response before it). */
  failLatestBefore(at: number): void {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i]!;
      if (entry.ok && entry.at + entry.latencyMs <= at) {
        entry.ok = false;
        return;
      }
    }
  }

  /**
   * Whether a request scheduled at or after `since` failed. Entries are added as requests
   * end, so the scan goes back from the newest until it is past any request still able to
   * end now (`giveUpMs`, the longest a request may take).
   */
  failedSince(since: number, giveUpMs: number): boolean {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i]!;
      if (entry.at + entry.latencyMs < since) break;
      if (entry.at >= since && !entry.ok) return true;
      if (entry.at < since - giveUpMs) break;
    }
    return false;
  }

  get size(): number {
    return this.entries.length;
  }

  encode(): EncodedRequests {
    return encodeRequests(this.entries);
  }
}

export function encodeRequests(requests: readonly LoggedRequest[]): EncodedRequests {
  const sorted = [...requests].sort((a, b) => a.at - b.at);
  const start = Math.round(sorted[0]?.at ?? 0);
  const encoded: EncodedRequests = { start, deltas: [], latencies: [], failed: [] };
  const writes: number[] = [];
  const late: Array<[number, number]> = [];
  let previous = start;
  sorted.forEach((r, i) => {
    const at = Math.round(r.at);
    encoded.deltas.push(at - previous);
    previous = at;
    encoded.latencies.push(Math.max(0, Math.round(r.latencyMs)));
    if (!r.ok) encoded.failed.push(i);
    if (r.write) writes.push(i);
    if (r.lateMs >= LATE_KEPT_MS) late.push([i, Math.round(r.lateMs)]);
  });
  if (writes.length > 0) encoded.writes = writes;
  if (late.length > 0) encoded.late = late;
  return encoded;
}

export function decodeRequests(encoded: EncodedRequests): LoggedRequest[] {
  const failed = new Set(encoded.failed);
  const writes = new Set(encoded.writes ?? []);
  const late = new Map(encoded.late ?? []);
  const out: LoggedRequest[] = [];
  let at = encoded.start;
  for (let i = 0; i < encoded.deltas.length; i++) {
    at += encoded.deltas[i]!;
    out.push({ at, latencyMs: encoded.latencies[i] ?? 0, ok: !failed.has(i), write: writes.has(i), lateMs: late.get(i) ?? 0 });
  }
  return out;
}
