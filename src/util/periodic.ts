/**
 * Runs `sample` every `periodMs` until stopped, one call at a time (a slow call delays
 * the next rather than piling up). Failures are the sampler's to record; a throw here
 * is swallowed so that sampling never stops a scenario.
 */
export class Periodic {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly periodMs: number,
    private readonly sample: () => Promise<void>,
  ) {}

  start(): this {
    if (this.running) return this;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const t0 = Date.now();
        await this.sample().catch(() => undefined);
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
