import { harnessError } from "../errors/firedrill-error.ts";
import { type EncodedRequests, RequestLog } from "./request-log.ts";
import { SecondBuckets } from "./second-buckets.ts";
import type { TrafficSecond } from "./traffic-record.ts";

/**
 * What firedrill takes from the files k6 writes: its `--out json` stream (one JSON object a
 * line, https://grafana.com/docs/k6/latest/results-output/real-time/json/) and its
 * `--summary-export` (the end-of-test summary). Pure: the caller reads the files.
 *
 * The stream has two kinds of line, in any key order:
 *   {"type":"Metric","data":{"name":"http_req_duration","type":"trend","contains":"time","thresholds":["p(95)<200"],"submetrics":[...]},"metric":"http_req_duration"}
 *   {"type":"Point","data":{"time":"2017-05-09T14:34:45.239531499+02:00","value":459.865729,"tags":{...}},"metric":"http_req_duration"}
 * k6 writes a metric's Metric line once, just before its first Point.
 */
export interface K6Output {
  seconds: TrafficSecond[];
  /** Every request, judged as the probe's are: a redirect is not a success, and a failed check fails the response it judged. */
  requests: EncodedRequests;
  /** The thresholds the Metric lines declare, as "metric: threshold". */
  thresholds: string[];
  /** The script's check() results. */
  checks: { passes: number; fails: number };
  /** Point lines read, of every metric (most are ignored). */
  points: number;
}

const HINT = "firedrill reads the file k6 writes with --out json. Check that nothing else writes to it, and that k6 is a release that writes that format (k6 v0.31 or newer).";

/** A request's latency, waiting for its outcome: k6 writes them as two points of the same time (the request's end). */
interface Pending {
  time: string;
  start: number;
  latencyMs: number;
  expected: boolean;
  /** The answer was a redirect: k6 follows it (and counts it as expected), a user's check would not see the page. */
  redirect: boolean;
}

/**
 * Reads k6's JSON output a line at a time, so a long run's file (some 2 KB a request)
 * is never held whole: only a histogram a second is kept.
 *
 * Every point of a request carries the request's end time. The second a request counts in
 * is its start (TrafficSecond's definition): the end less `http_req_duration`, which is
 * the whole request but for waiting for a connection. Its `http_req_failed` point comes
 * a few lines after its duration, with the same time, and is counted in the same second.
 */
export class K6OutputReader {
  private readonly buckets = new SecondBuckets();
  private readonly log = new RequestLog();
  private readonly thresholds = new Set<string>();
  private readonly checks = { passes: 0, fails: 0 };
  private points = 0;
  private lineNumber = 0;
  private pending: Pending | undefined;

  constructor(private readonly file: string) {}

  /** The next line of the file (without its newline). */
  read(line: string): void {
    this.lineNumber += 1;
    if (line.trim() === "") return;
    let envelope: unknown;
    try {
      envelope = JSON.parse(line);
    } catch {
      throw this.error(`is not JSON: ${clip(line)}`);
    }
    if (typeof envelope !== "object" || envelope === null || Array.isArray(envelope)) throw this.error(`is not a k6 output line (an object with type, metric and data): ${clip(line)}`);
    const { type, metric, data } = envelope as { type?: unknown; metric?: unknown; data?: unknown };
    if (typeof metric !== "string" || typeof data !== "object" || data === null) return;
    if (type === "Metric") this.metric(metric, data as { thresholds?: unknown });
    else if (type === "Point") this.point(metric, data as { time?: unknown; value?: unknown; tags?: unknown });
  }

  result(): K6Output {
    this.settle();
    return { seconds: this.buckets.seconds(), requests: this.log.encode(), thresholds: [...this.thresholds], checks: { ...this.checks }, points: this.points };
  }

  private metric(name: string, data: { thresholds?: unknown }): void {
    // k6 writes each threshold as its source text; anything else is no threshold of a release we know.
    if (!Array.isArray(data.thresholds)) return;
    for (const threshold of data.thresholds) if (typeof threshold === "string") this.thresholds.add(`${name}: ${threshold}`);
  }

  private point(metric: string, data: { time?: unknown; value?: unknown; tags?: unknown }): void {
    this.points += 1;
    if (metric !== "http_req_duration" && metric !== "http_req_failed" && metric !== "checks") return;
    const value = data.value;
    if (typeof value !== "number" || !Number.isFinite(value)) throw this.error(`has a ${metric} point whose value is not a number: ${JSON.stringify(value)}`);
    if (metric === "checks") {
      if (value === 0) {
        this.checks.fails += 1;
        // A check judges the response the script just read: that response failed, whatever
        // http_req_failed said. k6 does not say which request a check was about; the latest
        // one answered before it is the one (or its neighbour, which counts the same).
        const at = parseRfc3339(typeof data.time === "string" ? data.time : "");
        if (at !== undefined) this.log.failLatestBefore(at);
      } else this.checks.passes += 1;
      return;
    }
    const time = typeof data.time === "string" ? data.time : "";
    const at = parseRfc3339(time);
    if (at === undefined) throw this.error(`has a ${metric} point whose time is not an RFC 3339 time: ${JSON.stringify(data.time)}`);
    if (metric === "http_req_duration") {
      this.settle();
      const start = at - value;
      this.buckets.latency(start, value);
      const tags = typeof data.tags === "object" && data.tags !== null ? (data.tags as Record<string, unknown>) : {};
      const status = Number(tags.status);
      this.pending = { time, start, latencyMs: value, expected: tags.expected_response !== "false", redirect: status >= 300 && status < 400 };
      return;
    }
    // http_req_failed: 1 failed, 0 not.
    const ok = value === 0;
    if (this.pending?.time === time) {
      this.outcome(this.pending, ok);
      this.pending = undefined;
    } else {
      this.buckets.outcome(at, ok);
      this.log.add({ at, latencyMs: 0, ok });
    }
  }

  /**
   * A latency whose outcome never came: k6 writes no http_req_failed when the script
   * turned its response callback off. The expected_response tag, when there, still says.
   */
  private settle(): void {
    if (this.pending) this.outcome(this.pending, this.pending.expected);
    this.pending = undefined;
  }

  private outcome(request: Pending, ok: boolean): void {
    const judged = ok && !request.redirect;
    this.buckets.outcome(request.start, judged);
    this.log.add({ at: request.start, latencyMs: request.latencyMs, ok: judged });
  }

  private error(what: string) {
    return harnessError("BROKEN", `${this.file}:${this.lineNumber}: the line ${what}`, HINT);
  }
}

/** The whole of a k6 `--out json` file's text. */
export function parseK6Output(text: string, file: string): K6Output {
  const reader = new K6OutputReader(file);
  for (const line of text.split("\n")) reader.read(line.endsWith("\r") ? line.slice(0, -1) : line);
  return reader.result();
}

export interface K6SummaryThresholds {
  /** Every threshold in the summary, as "metric: threshold"; submetrics' too ("http_req_duration{scenario:writes}: p(95)<900"). */
  thresholds: string[];
  /** Those k6 found crossed. */
  failed: string[];
}

/**
 * The thresholds of k6's `--summary-export` file and whether each held. That file keeps
 * the old summary format, in which a threshold's value is `true` when it FAILED
 * (grafana/k6#1498, kept for compatibility); `{ "ok": false }` (handleSummary's shape) is
 * read too.
 */
export function parseK6Summary(text: string, file: string): K6SummaryThresholds {
  let summary: unknown;
  try {
    summary = JSON.parse(text);
  } catch {
    throw harnessError("BROKEN", `${file}: k6's summary export is not JSON: ${clip(text)}`, HINT);
  }
  const metrics = (summary as { metrics?: unknown } | null)?.metrics;
  const result: K6SummaryThresholds = { thresholds: [], failed: [] };
  if (typeof metrics !== "object" || metrics === null) return result;
  for (const [name, metric] of Object.entries(metrics as Record<string, unknown>)) {
    const thresholds = (metric as { thresholds?: unknown } | null)?.thresholds;
    if (typeof thresholds !== "object" || thresholds === null) continue;
    for (const [source, verdict] of Object.entries(thresholds as Record<string, unknown>)) {
      const threshold = `${name}: ${source}`;
      result.thresholds.push(threshold);
      const crossed = verdict === true || (typeof verdict === "object" && verdict !== null && (verdict as { ok?: unknown }).ok === false);
      if (crossed) result.failed.push(threshold);
    }
  }
  return result;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * An RFC 3339 time (Go's RFC3339Nano, as k6 writes it: up to 9 fractional digits and the
 * zone's offset, or Z) as ms since the epoch, the sub-millisecond part kept as a fraction;
 * undefined when it is not one. Not Date.parse: what it accepts beyond ISO's 3 fractional
 * digits is left to the engine.
 */
export function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const [fraction = "", zulu, sign, offsetHours = "0", offsetMinutes = "0"] = m.slice(7);
  const base = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(base);
  // Date.UTC rolls 31 April over to 1 May: a time that does not round-trip is not one.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return undefined;
  const offsetMs = zulu ? 0 : (sign === "-" ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return base + (fraction === "" ? 0 : Number(`0.${fraction}`) * 1000) - offsetMs;
}

function clip(text: string): string {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > 80 ? `${line.slice(0, 80)}...` : line;
}
