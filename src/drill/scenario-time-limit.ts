import { inputError } from "../errors/firedrill-error.ts";
import { parseDuration } from "../util/duration.ts";

/** The environment variable that sets every scenario's time limit (a duration: "15m", "90s"). */
export const TIME_LIMIT_ENV = "FIREDRILL_SCENARIO_TIME_LIMIT";

/**
 * How long one scenario may run, all phases included, before the drill gives up on it.
 * The slowest scenario takes about 5 minutes on a busy runner; three times that is a
 * hang, not a slow platform.
 */
export const DEFAULT_TIME_LIMIT_MS = 15 * 60_000;

/**
 * How long a scenario given up on may take to settle (its own revert and restore, or
 * failing once its lab is gone) before the drill stops waiting for it.
 */
export const DEFAULT_SETTLE_MS = 2 * 60_000;

/** A scenario's time limit from the environment; the default without one; bad values refused (64). */
export function timeLimitFromEnvironment(env: NodeJS.ProcessEnv = process.env): number {
  const text = env[TIME_LIMIT_ENV];
  if (text === undefined || text.trim() === "") return DEFAULT_TIME_LIMIT_MS;
  const ms = parseDuration(text, TIME_LIMIT_ENV);
  if (ms <= 0) {
    throw inputError("TIME_LIMIT_INVALID", `${TIME_LIMIT_ENV}: "${text}" is not a positive duration`, `Write a duration such as "15m" or "90s", or unset ${TIME_LIMIT_ENV} for the default.`);
  }
  return ms;
}

export type Raced<T> = { finished: true; value: T } | { finished: false };

/**
 * The work's value if it settles within `ms`, else `finished: false` (the work goes on:
 * a promise cannot be cancelled, which is why the caller must deal with what it leaves).
 * A rejection inside the limit is the caller's, as if awaited directly.
 */
export async function withinTimeLimit<T>(work: Promise<T>, ms: number): Promise<Raced<T>> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<Raced<T>>((resolve) => (timer = setTimeout(() => resolve({ finished: false }), ms)));
  try {
    return await Promise.race([work.then((value): Raced<T> => ({ finished: true, value })), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether the work settled (either way) within `ms`; its outcome is dropped, never unhandled. */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  const settled = work.then(
    () => true,
    () => true,
  );
  const raced = await withinTimeLimit(settled, ms);
  return raced.finished;
}
