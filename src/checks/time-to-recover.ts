import type { History } from "../history/history.ts";
import type { Budget, MeasureSettings } from "./budget.ts";
import { DEFAULT_MEASURES } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { againstBudget, missing } from "./against-budget.ts";
import { formatFigure, formatOffset, withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";
import { samplesInWindow, type ProbeWindow } from "./window.ts";

export type Recovery =
  /** Too few samples in the window to see a streak of N at all. */
  | { kind: "unknown"; samples: number }
  /** No failed sample in the window. */
  | { kind: "no impact" }
  | { kind: "recovered"; at: number; ms: number; streak: number }
  /** The window ends failing, or on fewer than N successes after the last failure. */
  | { kind: "never"; lastFailure: number; streak: number };

/**
 * From T0 to the start of the final run of successes, provided that run has at least N
 * samples. Only the last failure matters: a brief recovery followed by more failures
 * (flapping) is not a recovery, and a final run shorter than N is not yet proof of one.
 */
export function timeToRecover(window: ProbeWindow, recoveryStreak: number): Recovery {
  if (!Number.isInteger(recoveryStreak) || recoveryStreak < 1) {
    throw new Error(`recoveryStreak must be a positive integer, got ${recoveryStreak}`);
  }
  const samples = samplesInWindow(window);
  if (samples.length < recoveryStreak) return { kind: "unknown", samples: samples.length };
  const lastFailed = samples.findLastIndex((s) => !s.ok);
  if (lastFailed === -1) return { kind: "no impact" };
  const lastFailure = samples[lastFailed]!.start;
  const streak = samples.length - lastFailed - 1;
  const recoveredAt = samples[lastFailed + 1];
  if (recoveredAt === undefined || streak < recoveryStreak) return { kind: "never", lastFailure, streak };
  return { kind: "recovered", at: recoveredAt.start, ms: Math.max(0, recoveredAt.start - window.t0), streak };
}

export function checkTimeToRecover(history: History, budget: Budget, measures: MeasureSettings = DEFAULT_MEASURES): CheckResult {
  const limit = budget.timeToRecoverMs;
  return runCheck(
    "time to recover",
    "ms",
    () => {
      const n = measures.recoveryStreak;
      const recovery = timeToRecover(history, n);
      switch (recovery.kind) {
        case "unknown":
          return {
            status: "unknown",
            budget: limit,
            detail: withBudget(`only ${recovery.samples} probe samples in the window, fewer than the ${n} a recovery needs`, limit, "ms"),
          };
        case "no impact":
          return { status: againstBudget(0, limit), measured: 0, budget: limit, detail: withBudget("no visible impact: 0ms", limit, "ms") };
        case "recovered":
          return {
            status: againstBudget(recovery.ms, limit),
            measured: recovery.ms,
            budget: limit,
            detail: withBudget(`recovered ${formatFigure(recovery.ms, "ms")} after T0`, limit, "ms"),
          };
        case "never":
          return {
            status: missing(),
            budget: limit,
            detail: withBudget(
              `never recovered in the window: last failure at ${formatOffset(recovery.lastFailure, history.t0)}, ` +
                `then ${recovery.streak} of the ${n} successes needed`,
              limit,
              "ms",
            ),
          };
      }
    },
    limit,
  );
}
