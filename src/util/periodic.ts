import { warn } from "./log.ts";

/** What a sampler does with a call that threw: `askedAt` is when the call was made. */
export type SampleFailure = (error: unknown, askedAt: number) => void;

/**
 * Runs `sample` every `periodMs` until stopped, one call at a time (a slow call delays
 * the next rather than piling up). A throw never stops sampling (nor a scenario), but
 * neither is it lost: it goes to `onFailure` with when the call was made, for the
 * sampler to record as the gap it is; without one, it is logged.
 */
export class Periodic {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly periodMs: number,
    private readonly sample: () => Promise<void>,
    private readonly onFailure: SampleFailure = (error) => warn("sample", `a periodic sample failed: ${error instanceof Error ? error.message : String(error)}`),
  ) {}

  start(): this {
    if (this.running) return this;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const t0 = Date.now();
        await this.sample().catch((error: unknown) => {
          // A failure handler that throws must not stop the sampling either.
          try {
            this.onFailure(error, t0);
          } catch {
            // Nothing left to tell.
          }
        });
        // Stopped while sampling: no further wait (nothing would wake it before the period).
        if (!this.running) break;
        const wait = Math.max(0, this.periodMs - (Date.now() - t0));
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, wait);
        });
      }
    })();
    return this;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }
}
