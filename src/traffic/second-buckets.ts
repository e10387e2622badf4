import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from "hdr-histogram-js";
import type { TrafficSecond } from "./traffic-record.ts";

/** Latencies up to 10 minutes at 3 significant digits: a request is never longer than a scenario. */
const HIGHEST_MS = 600_000;

/** A value as the histograms hold it: whole ms, at least 1, at most HIGHEST_MS (a runner paused for longer must not throw in a timer). */
export function histogramValue(ms: number): number {
  return Math.min(HIGHEST_MS, Math.max(1, Math.round(ms)));
}

export function newHistogram(): Histogram {
  // The pure-JS build: the WebAssembly one must be initialised asynchronously and gains
  // nothing at a few thousand values a second.
  // Packed: a second's few hundred values take a few hundred bytes, not the ~45 KB of a
  // flat 32-bit array (10 minutes of seconds would hold 27 MB).
  return build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_MS, numberOfSignificantValueDigits: 3, useWebAssembly: false, bitBucketSize: "packed" });
}

interface Bucket {
  lateMs?: number;
  histogram: Histogram;
  requests: number;
  failed: number;
}

/**
 * Request outcomes gathered by the second they were scheduled in, as they arrive: the
 * memory held is one histogram a second, whatever the rate. A latency and its outcome
 * may come apart (k6 writes them as two points): both are counted by the same second.
 */
export class SecondBuckets {
  private readonly buckets = new Map<number, Bucket>();

  /** One request: scheduled at `at`, answered (or given up) `latencyMs` later, `ok` or not. */
  record(at: number, latencyMs: number, ok: boolean): void {
    this.latency(at, latencyMs);
    this.outcome(at, ok);
  }

  latency(at: number, latencyMs: number): void {
    // Sub-millisecond answers count as 1 ms, anything past the range as its top.
    this.bucket(at).histogram.recordValue(histogramValue(latencyMs));
  }

  /** A request scheduled at `at` left `lateMs` late: each second keeps its worst. */
  late(at: number, lateMs: number): void {
    const bucket = this.bucket(at);
    bucket.lateMs = Math.max(bucket.lateMs ?? 0, Math.round(lateMs));
  }

  outcome(at: number, ok: boolean): void {
    const bucket = this.bucket(at);
    bucket.requests += 1;
    if (!ok) bucket.failed += 1;
  }

  /** Every second with a request, in time order. */
  seconds(): TrafficSecond[] {
    return [...this.buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([at, b]) => ({
        at,
        requests: b.requests,
        failed: b.failed,
        errorRatio: b.requests === 0 ? 0 : b.failed / b.requests,
        p50: b.histogram.getValueAtPercentile(50),
        p95: b.histogram.getValueAtPercentile(95),
        p99: b.histogram.getValueAtPercentile(99),
        max: b.histogram.maxValue,
        histogram: encodeIntoCompressedBase64(b.histogram),
        ...(b.lateMs === undefined ? {} : { lateMs: b.lateMs }),
      }));
  }

  private bucket(at: number): Bucket {
    const second = Math.floor(at / 1000) * 1000;
    let bucket = this.buckets.get(second);
    if (!bucket) {
      bucket = { histogram: newHistogram(), requests: 0, failed: 0 };
      this.buckets.set(second, bucket);
    }
    return bucket;
  }
}

export interface LatencySummary {
  requests: number;
  failed: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Percentiles over several seconds, from their histograms merged (exact, not an average of the seconds' figures). */
export function summarise(seconds: readonly TrafficSecond[]): LatencySummary | undefined {
  if (seconds.length === 0) return undefined;
  const merged = newHistogram();
  for (const s of seconds) {
    if (s.histogram) merged.add(decodeFromCompressedBase64(s.histogram, 32, false));
  }
  return {
    requests: seconds.reduce((sum, s) => sum + s.requests, 0),
    failed: seconds.reduce((sum, s) => sum + s.failed, 0),
    p50: merged.getValueAtPercentile(50),
    p95: merged.getValueAtPercentile(95),
    p99: merged.getValueAtPercentile(99),
    max: merged.maxValue,
  };
}
