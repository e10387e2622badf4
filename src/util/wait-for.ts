import pRetry, { AbortError } from "p-retry";
import { harnessError } from "../errors/firedrill-error.ts";
import { log } from "./log.ts";

export interface WaitOptions {
  /** What is being waited for, named in the timeout message (a phase, a host). */
  phase: string;
  /** How long the condition may take, in milliseconds. */
  budgetMs: number;
  /** Pause between attempts, in milliseconds. */
  intervalMs?: number;
  /** What to tell the user when the budget runs out. */
  hint?: string;
  signal?: AbortSignal;
}

/**
 * Polls `attempt` until it returns without throwing, for at most the named budget.
 * The attempt throws to say "not yet" with what it saw; the last such message is
 * in the timeout error, so a failed wait says what state it was stuck in.
 */
export async function waitFor<T>(options: WaitOptions, attempt: () => Promise<T>): Promise<T> {
  const { phase, budgetMs, intervalMs = 250 } = options;
  let last = "no attempt finished";
  // A long wait says what it is still waiting for, every 10 s: a person watching (and a
  // log read later) sees where the time goes, not only a phase that took long.
  const started = Date.now();
  let nextProgress = started + 10_000;
  let gaveUp: GiveUp | undefined;
  const tryOnce = async () => {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof GiveUp) {
        gaveUp = error;
        throw new AbortError(error.message);
      }
      throw error;
    }
  };
  try {
    return await pRetry(tryOnce, {
      retries: Number.POSITIVE_INFINITY,
      factor: 1,
      minTimeout: intervalMs,
      maxTimeout: intervalMs,
      maxRetryTime: budgetMs,
      randomize: false,
      signal: options.signal,
      onFailedAttempt: ({ error }) => {
        last = error.message;
        if (Date.now() >= nextProgress) {
          nextProgress += 10_000;
          log("wait", `${phase}: still waiting after ${((Date.now() - started) / 1000).toFixed(0)}s: ${last.slice(0, 200)}`);
        }
      },
      // p-retry gives up on TypeErrors that are not network errors; a wait should not.
      shouldRetry: () => true,
    });
  } catch (error) {
    if (gaveUp) throw gaveUp.reason;
    if (options.signal?.aborted) throw error;
    throw harnessError(
      "WAIT_TIMEOUT",
      `${phase}: not done within its budget of ${formatMs(budgetMs)} (last seen: ${last})`,
      options.hint ?? `If the machine is only slow, raise the budget for "${phase}"; otherwise the state above is where it stuck.`,
      { cause: error },
    );
  }
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)}s` : `${Math.round(ms)}ms`;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * Thrown by an attempt to stop waiting at once: the condition can no longer come true
 * (the container being waited for has exited). `reason` is what waitFor then throws.
 */
export class GiveUp extends Error {
  constructor(readonly reason: Error) {
    super(reason.message);
  }
}
