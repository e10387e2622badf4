import { type ProbeExpectation, unmetExpectation } from "./probe-expectation.ts";
import type { ProbeSample } from "./probe-sample.ts";
import { getOnce } from "./single-request.ts";

/**
 * How long a request may take before its sample is failed (ms). An outage that drops
 * packets makes requests hang rather than fail, and a hung request answered once the
 * outage ends would count its start, inside the outage, as up time. Each sample has a
 * connection of its own, opened when it is sent (single-request.ts), so the only TCP
 * retransmission that can rescue it is its SYN's: 1 s after the SYN (Linux's initial
 * RTO; the docker proxy behind the edge's loopback port opens its own connection per
 * client connection, on the same schedule). A timeout under 1 s therefore fails every
 * request started during a hang; 900 ms leaves a margin for the time before the SYN
 * leaves. It is also the slowest answer that counts as up: through the edge the median
 * is ~40 ms and the slowest seen a few hundred (calibration.test.ts reports both).
 */
export const PROBE_TIMEOUT_MS = 900;

export interface HttpProbeOptions {
  /** Full URL to request, usually the seed item through the edge. */
  url: string;
  /** The response header that names the version answering (recorded on each sample). */
  versionHeader?: string;
  /** What counts as success: a redirect is never followed, and a status alone is rarely enough. */
  expect: ProbeExpectation;
  /** Time between request starts (ms). The accuracy of every figure is bounded by it. */
  periodMs?: number;
  /** A request without an answer by then is a failed sample (ms); PROBE_TIMEOUT_MS says why the default. */
  timeoutMs?: number;
}

/**
 * Sends a request on a fixed schedule, whatever the previous one is doing, and records
 * each one. The schedule is anchored to the start time (not to the last tick), so
 * timer drift does not accumulate and samples stay one period apart on average.
 */
export class HttpProbe {
  readonly samples: ProbeSample[] = [];
  readonly periodMs: number;
  private readonly timeoutMs: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private startedAt = 0;
  private ticks = 0;

  constructor(private readonly options: HttpProbeOptions) {
    this.periodMs = options.periodMs ?? 100;
    this.timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  }

  start(): this {
    if (this.timer) return this;
    this.startedAt = Date.now();
    this.ticks = 0;
    this.tick();
    return this;
  }

  private tick(): void {
    this.fire(this.startedAt + this.ticks * this.periodMs);
    this.ticks += 1;
    const next = this.startedAt + this.ticks * this.periodMs;
    this.timer = setTimeout(() => this.tick(), Math.max(0, next - Date.now()));
  }

  private fire(scheduled: number): void {
    const start = Date.now();
    const lateMs = start - scheduled;
    const signal = AbortSignal.timeout(this.timeoutMs);
    const request = (async () => {
      try {
        // A redirect is an answer to judge (a 3xx fails), not a hop to take: an app
        // without its database may redirect to a setup page that answers 200.
        const answer = await getOnce(this.options.url, signal);
        const unmet = unmetExpectation(this.options.expect, answer.status, answer.body);
        this.samples.push({
          start,
          latencyMs: Date.now() - start,
          status: answer.status,
          version: headerValue(answer.headers[(this.options.versionHeader ?? "x-firedrill-version").toLowerCase()]),
          ok: unmet === undefined,
          ...(unmet === undefined ? {} : { error: unmet }),
          lateMs,
        });
      } catch (error) {
        this.samples.push({ start, latencyMs: Date.now() - start, error: describe(error, signal), ok: false, lateMs });
      }
    })();
    this.inFlight.add(request);
    void request.finally(() => this.inFlight.delete(request));
  }

  /** Stops sending, waits for answers still due, and returns every sample in start order. */
  async stop(): Promise<ProbeSample[]> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.all([...this.inFlight]);
    return this.sorted();
  }

  sorted(): ProbeSample[] {
    return [...this.samples].sort((a, b) => a.start - b.start);
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function describe(error: unknown, signal: AbortSignal): string {
  if (signal.aborted && (signal.reason as Error | undefined)?.name === "TimeoutError") return "timeout";
  const e = error as Error & { code?: string };
  return e.code ?? e.message;
}
