import type { EncodedRequests } from "./request-log.ts";

/**
 * Traffic as it was served during a scenario, second by second: what the load generator
 * (or a team's k6 script) sent beside the probe. A second's latencies are kept as an HDR
 * histogram, so percentiles over any stretch of seconds (the window, a fault) are exact
 * to 3 significant digits, not averages of averages.
 */
export interface TrafficSecond {
  /** The second's start (ms since the epoch, a multiple of 1000): requests are counted by their scheduled start. */
  at: number;
  /** Requests scheduled in this second that have an outcome. */
  requests: number;
  /** Of those, the ones that failed (no answer, a timeout, not the expected answer). */
  failed: number;
  /** failed / requests (0 when the second had none). */
  errorRatio: number;
  /** Latency percentiles of every request of the second, failed ones included (ms, from the scheduled start). */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** The latest any request of this second left against its schedule (ms); absent where the sender keeps no schedule (k6, the probe's own lateness is on its samples). */
  lateMs?: number;
  /** The second's latencies, HDR-encoded (hdr-histogram-js' compressed base64): merged for percentiles over several seconds. */
  histogram: string;
}

/** Where a scenario's traffic came from. */
export type TrafficSource = "probe" | "load" | "k6";

export interface TrafficRecord {
  source: TrafficSource;
  /** How it was asked for, as the user wrote it ("load:rate=200", "k6:examples/k6/smoke.js"). */
  spec: string;
  /** Requests per second asked for (a fixed schedule); undefined for k6, whose script sets its own pace. */
  rate?: number;
  seconds: TrafficSecond[];
  /** Every request, by its scheduled time: what the window figures are judged on (the seconds are for people). Absent in records from before it was kept. */
  requests?: EncodedRequests;
  /** Why requests failed, by reason ("timeout", "status 503", "ECONNRESET"), with their counts. */
  failures?: Record<string, number>;
  /**
   * The writes the stack acknowledged (answered as declared, with an id), in the order of their
   * answers: items the stack owes as much as the durability writes, read back at the end.
   * Absent when the generator wrote nothing (no writes asked for, or k6, whose writes firedrill cannot see).
   */
  acknowledged?: Array<{ id: string; title: string }>;
  /** How much later than scheduled requests were sent (ms): the generator's own health, p99 and max. */
  lateness?: { p99: number; max: number };
  /** Why the generator gave no figures (it could not run or its output could not be read): they are unknown, not zero. */
  error?: string;
  /** k6 only: what the script's thresholds said. */
  k6?: K6Outcome;
}

export interface K6Outcome {
  /**
   * 0 all thresholds held, 99 a threshold failed (k6's ThresholdsHaveFailed), anything else
   * an error. k6 stopped by firedrill exits 105 whatever its thresholds; its summary then
   * gives 0 or 99 (k6-traffic.ts).
   */
  exitCode: number;
  /** The thresholds the script declared, by metric ("http_req_duration: p(95)<200"). */
  thresholds: string[];
  /** k6 ended by itself before firedrill stopped it (the script's own duration was shorter than the window). */
  endedEarly?: boolean;
  /** Those k6's summary reports crossed, when it wrote one. */
  failedThresholds?: string[];
  /** The last lines k6 wrote on stderr, for an exit that is neither 0 nor 99. */
  stderrTail?: string;
}
