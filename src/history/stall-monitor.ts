import { performance } from "node:perf_hooks";
import type { Stall } from "./history.ts";

/**
 * Notices when this process was not scheduled: a timer that should fire every `tickMs`
 * and measures, on the monotonic clock, how long it really waited. A wait longer than
 * `thresholdMs` is a stall (a starved CI machine, a stopped runner, a blocked event
 * loop); the probe's requests in flight then time out through no fault of the platform.
 * The wall clock is used only to place the stall beside the samples.
 */
export class StallMonitor {
  readonly stalls: Stall[] = [];
  private timer: NodeJS.Timeout | undefined;
  private last = 0;

  constructor(
    private readonly thresholdMs: number,
    private readonly tickMs = 20,
  ) {}

  start(): this {
    if (this.timer) return this;
    this.last = performance.now();
    this.timer = setInterval(() => this.tick(), this.tickMs);
    // A monitor must never be what keeps the runner alive.
    this.timer.unref();
    return this;
  }

  private tick(): void {
    const now = performance.now();
    const waited = now - this.last;
    this.last = now;
    if (waited - this.tickMs > this.thresholdMs) {
      const to = performance.timeOrigin + now;
      this.stalls.push({ from: Math.round(to - waited), to: Math.round(to) });
    }
  }

  stop(): Stall[] {
    clearInterval(this.timer);
    this.timer = undefined;
    this.tick();
    return this.stalls;
  }
}
