/** The clock a watch runs on: the real one in a drill, a literal one in a unit test. */
export interface WatchClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface WatchOptions {
  /** When the watch gives up, in the clock's time. */
  deadline: number;
  /** The condition that must hold. */
  until: () => boolean;
  /** How long it must hold without a break before the watch ends. */
  holdMs: number;
  /** How often the condition is looked at. */
  pollMs?: number;
  /** Called after each look (progress lines). */
  onPoll?: () => void;
  /** Called when the condition, once reached, breaks before it held for holdMs. */
  onLost?: (reachedAt: number, lostAt: number) => void;
}

export interface WatchOutcome {
  /** Whether the condition held at the end (for holdMs, unless the deadline cut the hold short). */
  settled: boolean;
  /** When the condition was last reached (undefined: never reached). */
  reachedAt: number | undefined;
  /** How many times it was reached and then lost before holding. */
  lost: number;
}

/**
 * Watches until a condition holds for `holdMs` without a break, or until the deadline.
 * A condition that is reached and then lost again (traffic that flaps after a recovery)
 * sends the watch back to waiting: an observation must not end in the middle of a
 * relapse, or the window ends failing and a platform that recovered a second later reads
 * as one that never did.
 */
export async function watchUntilHeld(clock: WatchClock, options: WatchOptions): Promise<WatchOutcome> {
  const { deadline, until, holdMs, pollMs = 250 } = options;
  let reachedAt: number | undefined;
  let lost = 0;
  for (;;) {
    const now = clock.now();
    const holds = until();
    if (holds) {
      reachedAt ??= now;
      if (now - reachedAt >= holdMs) return { settled: true, reachedAt, lost };
    } else if (reachedAt !== undefined) {
      options.onLost?.(reachedAt, now);
      lost += 1;
      reachedAt = undefined;
    }
    if (now >= deadline) return { settled: holds, reachedAt, lost };
    await clock.sleep(Math.min(pollMs, deadline - now));
    options.onPoll?.();
  }
}
