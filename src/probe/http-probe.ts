import type { ProbeSample } from "./probe-sample.ts";

export interface HttpProbeOptions {
  /** Full URL to request, usually a post through the edge. */
  url: string;
  /** Time between request starts (ms). The accuracy of every figure is bounded by it. */
  periodMs?: number;
  /** A request without an answer by then is a failed sample (ms). */
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
    this.timeoutMs = options.timeoutMs ?? 2000;
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
    const request = (async () => {
      try {
        const response = await fetch(this.options.url, { signal: AbortSignal.timeout(this.timeoutMs) });
        await response.arrayBuffer();
        this.samples.push({
          start,
          latencyMs: Date.now() - start,
          status: response.status,
          version: response.headers.get("x-firedrill-version") ?? undefined,
          ok: response.status >= 200 && response.status < 300,
          lateMs,
        });
      } catch (error) {
        this.samples.push({ start, latencyMs: Date.now() - start, error: describe(error), ok: false, lateMs });
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

function describe(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError") return "timeout";
  return e.cause?.code ?? e.cause?.message ?? e.message;
}
