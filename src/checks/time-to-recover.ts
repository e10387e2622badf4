import type { Budget, MeasureSettings } from "./budget.ts";
import { DEFAULT_MEASURES } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { missing } from "./against-budget.ts";
import { boundedOutcome, boundsText } from "./bounds.ts";
import { formatOffset, withBudget } from "./format.ts";
import { probeOnlyWindow, type RequestWindow, requestWindow, type WindowHistory, unseenNote } from "./request-window.ts";
import { runCheck } from "./run-check.ts";
import { merge, subtract } from "./interval.ts";
import { timesOutages } from "./requests.ts";
import { inside, missingProbeSamples } from "./unknown-stretches.ts";
import type { ProbeWindow } from "./window.ts";

export type Recovery =
  /** Too few probe samples in the window to see a streak of N at all. */
  | { kind: "unknown"; samples: number }
  /** No failed request in the window. */
  | { kind: "no impact" }
  | { kind: "recovered"; at: number; ms: number; streak: number }
  /** The window ends failing, or on fewer than N probe successes after the last failure. */
  | { kind: "never"; lastFailure: number; streak: number };

/**
 * From T0 to the end of the last failed stretch (the first success after the last
 * failure), provided at least N probe samples follow it, all successful, to the window's
 * end. Only the last failure matters: a brief recovery followed by more failures
 * (flapping) is not a recovery, and a final run shorter than N is not yet proof of one.
 * Over unseen stretches the best case takes them as up (the recovery may have come as
 * soon as the harness stopped seeing the failures), the worst as down (it came after the
 * last of them).
 */
export function recoveryIn(window: RequestWindow, recoveryStreak: number, worst = false): Recovery {
  if (!Number.isInteger(recoveryStreak) || recoveryStreak < 1) throw new Error(`recoveryStreak must be a positive integer, got ${recoveryStreak}`);
  const probes = window.requests.filter((r) => r.source === "probe");
  if (probes.length < recoveryStreak) return { kind: "unknown", samples: probes.length };
  const down = worst ? merge([...window.failed, ...window.unseen]) : subtract(window.failed, window.unseen);
  const last = down.at(-1);
  if (last === undefined) return { kind: "no impact" };
  const lastFailure = window.seen.findLast((r) => !r.ok && timesOutages(r.source))?.at ?? last.start;
  const stillFailing = last.end >= window.to && (worst || window.failed.some((f) => f.open && f.end === last.end));
  const after = probes.filter((r) => r.at >= last.end && !inside(r.at, window.unseen)).length;
  // In the best case an unseen stretch after the recovery held the samples it should have.
  const unseenAfter = worst ? 0 : missingProbeSamples(window.unseen.filter((s) => s.start >= last.end), window.requests, window.probePeriodMs);
  const streak = stillFailing ? 0 : after + unseenAfter;
  if (stillFailing || streak < recoveryStreak) return { kind: "never", lastFailure, streak };
  return { kind: "recovered", at: last.end, ms: Math.max(0, last.end - window.from), streak };
}

/** The probe's own recovery over a window it saw whole (calibration, the timeline). */
export function timeToRecover(window: ProbeWindow, recoveryStreak: number): Recovery {
  return recoveryIn(probeOnlyWindow(window), recoveryStreak);
}

export function checkTimeToRecover(history: WindowHistory, budget: Budget, measures: MeasureSettings = DEFAULT_MEASURES): CheckResult {
  const limit = budget.timeToRecoverMs;
  return runCheck(
    "time to recover",
    "ms",
    () => {
      const n = measures.recoveryStreak;
      const window = requestWindow(history, limit);
      const best = recoveryIn(window, n);
      switch (best.kind) {
        case "unknown":
          return {
            status: "unknown",
            budget: limit,
            detail: withBudget(`only ${best.samples} probe samples in the window, fewer than the ${n} a recovery needs`, limit, "ms"),
          };
        case "never":
          return {
            status: missing(),
            budget: limit,
            detail: withBudget(
              `never recovered in the window: last failure at ${formatOffset(best.lastFailure, history.t0)}, then ${best.streak} of the ${n} probe successes needed`,
              limit,
              "ms",
            ),
          };
      }
      const worst = recoveryIn(window, n, true);
      const msOf = (r: Recovery) => (r.kind === "recovered" ? r.ms : r.kind === "no impact" ? 0 : null);
      const bounds = { best: msOf(best) ?? 0, worst: msOf(worst) };
      const sentence = best.kind === "no impact" && bounds.worst === 0 ? "no visible impact: 0ms" : `recovered ${boundsText(bounds, "ms")} after T0`;
      return { ...boundedOutcome(bounds, limit), detail: withBudget(sentence + unseenNote(window), limit, "ms") };
    },
    limit,
  );
}
