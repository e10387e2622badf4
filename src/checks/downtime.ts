import type { Budget } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { boundedOutcome, boundsText } from "./bounds.ts";
import { type Interval, lengthOf, merge, subtract } from "./interval.ts";
import { formatOffset, withBudget } from "./format.ts";
import { bySource } from "./requests.ts";
import { probeOnlyWindow, type RequestWindow, requestWindow, type WindowHistory, unseenNote } from "./request-window.ts";
import { runCheck } from "./run-check.ts";
import type { ProbeWindow } from "./window.ts";

export interface Downtime {
  downtimeMs: number;
  longestGapMs: number;
  /** The longest interval, for the report; undefined when nothing failed. */
  longest?: Interval;
  intervals: Interval[];
}

/** Downtime if everything unseen was up (best) and if it was all down (worst). */
export function downtimeBounds(window: RequestWindow): { best: Downtime; worst: Downtime } {
  return { best: downtimeOf(subtract(window.failed, window.unseen)), worst: downtimeOf(merge([...window.failed, ...window.unseen])) };
}

function downtimeOf(stretches: readonly Interval[]): Downtime {
  const intervals = stretches.map(({ start, end }) => ({ start, end }));
  let longest: Interval | undefined;
  for (const interval of intervals) if (longest === undefined || lengthOf(interval) > lengthOf(longest)) longest = interval;
  return { downtimeMs: intervals.reduce((sum, i) => sum + lengthOf(i), 0), longestGapMs: longest === undefined ? 0 : lengthOf(longest), longest, intervals };
}

/** The probe's own downtime over a window it saw whole (calibration); undefined when the window holds no sample. */
export function measureDowntime(window: ProbeWindow): Downtime | undefined {
  const seen = probeOnlyWindow(window);
  return seen.requests.length === 0 ? undefined : downtimeBounds(seen).best;
}

/** A window that ends failing was down to its end: its downtime is a figure, but the window never recovered (time to recover says so). */
export function checkDowntime(history: WindowHistory, budget: Budget): CheckResult {
  const limit = budget.downtimeMs;
  return runCheck(
    "downtime",
    "ms",
    () => {
      const window = requestWindow(history, limit);
      if (window.requests.length === 0) return noRequests(limit);
      const { best, worst } = downtimeBounds(window);
      const bounds = { best: best.downtimeMs, worst: worst.downtimeMs };
      const sentence = `down ${boundsText(bounds, "ms")} in ${best.intervals.length} failed interval(s) of the requests (failed: ${bySource(window.requests)})${unseenNote(window)}`;
      return { ...boundedOutcome(bounds, limit), detail: withBudget(sentence, limit, "ms") };
    },
    limit,
  );
}

export function checkLongestGap(history: WindowHistory, budget: Budget): CheckResult {
  const limit = budget.longestGapMs;
  return runCheck(
    "longest gap",
    "ms",
    () => {
      const window = requestWindow(history, limit);
      if (window.requests.length === 0) return noRequests(limit);
      const { best, worst } = downtimeBounds(window);
      const bounds = { best: best.longestGapMs, worst: worst.longestGapMs };
      const sentence =
        worst.longest === undefined
          ? "no failed request: longest gap 0ms"
          : `longest gap ${boundsText(bounds, "ms")}, from ${formatOffset((best.longest ?? worst.longest).start, history.t0)}${unseenNote(window)}`;
      return { ...boundedOutcome(bounds, limit), detail: withBudget(sentence, limit, "ms") };
    },
    limit,
  );
}

function noRequests(limit: number | undefined) {
  return { status: "unknown" as const, budget: limit, detail: withBudget("no requests in the window", limit, "ms") };
}
