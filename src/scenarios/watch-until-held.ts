/** The clock a watch runs on: the real one in a drill, a literal one in a unit test. */
export interface WatchClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface WatchOptions {
  /** The last moment the condition may be reached, in the clock's time (a hold under way then is watched to its end). */
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
  /** Whether the condition, reached by the deadline, then held for holdMs without a break. */
  settled: boolean;
  /** When the condition was last reached (undefined: never reached). */
  reachedAt: number | undefined;
  /** How many times it was reached and then lost before holding. */
  lost: number;
}

/**
 * Watches until a condition holds for `holdMs` without a break, or until the deadline
 * passes with the condition not holding (the window is at most deadline + holdMs).
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
    // The deadline's poll is the last chance to reach the condition, not to settle: a
    // condition holding then is watched until it has held for holdMs or breaks. Settled
    // always means an unbroken hold of holdMs, or a flapping condition that happens to hold
    // at the last poll would pass.
    if (now >= deadline && reachedAt === undefined) return { settled: false, reachedAt, lost };
    const end = reachedAt === undefined ? deadline : Math.max(deadline, reachedAt + holdMs);
    await clock.sleep(Math.min(pollMs, end - now));
    options.onPoll?.();
  }
}
