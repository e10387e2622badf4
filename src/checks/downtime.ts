import type { History } from "../history/history.ts";
import type { Budget } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { againstBudget } from "./against-budget.ts";
import { failedIntervals, lengthOf, type Interval } from "./failed-intervals.ts";
import { formatFigure, formatOffset, withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";
import { samplesInWindow, type ProbeWindow } from "./window.ts";

export interface Downtime {
  downtimeMs: number;
  longestGapMs: number;
  /** The longest interval, for the report; undefined when nothing failed. */
  longest?: Interval;
  intervals: Interval[];
}

/** Undefined when the window holds no sample: no samples is not the same as no downtime. */
export function measureDowntime(window: ProbeWindow): Downtime | undefined {
  if (samplesInWindow(window).length === 0) return undefined;
  const intervals = failedIntervals(window);
  let longest: Interval | undefined;
  for (const interval of intervals) if (longest === undefined || lengthOf(interval) > lengthOf(longest)) longest = interval;
  return {
    downtimeMs: intervals.reduce((sum, i) => sum + lengthOf(i), 0),
    longestGapMs: longest === undefined ? 0 : lengthOf(longest),
    longest,
    intervals,
  };
}

export function checkDowntime(history: History, budget: Budget): CheckResult {
  const limit = budget.downtimeMs;
  return runCheck(
    "downtime",
    "ms",
    () => {
      const d = measureDowntime(history);
      if (d === undefined) return noSamples(limit);
      const sentence = `down ${formatFigure(d.downtimeMs, "ms")} in ${d.intervals.length} failed-probe interval(s)`;
      return { status: againstBudget(d.downtimeMs, limit), measured: d.downtimeMs, budget: limit, detail: withBudget(sentence, limit, "ms") };
    },
    limit,
  );
}

export function checkLongestGap(history: History, budget: Budget): CheckResult {
  const limit = budget.longestGapMs;
  return runCheck(
    "longest gap",
    "ms",
    () => {
      const d = measureDowntime(history);
      if (d === undefined) return noSamples(limit);
      const sentence =
        d.longest === undefined
          ? "no failed probe: longest gap 0ms"
          : `longest gap ${formatFigure(d.longestGapMs, "ms")}, from ${formatOffset(d.longest.start, history.t0)}`;
      return { status: againstBudget(d.longestGapMs, limit), measured: d.longestGapMs, budget: limit, detail: withBudget(sentence, limit, "ms") };
    },
    limit,
  );
}

function noSamples(limit: number | undefined) {
  return { status: "unknown" as const, budget: limit, detail: withBudget("no probe samples in the window", limit, "ms") };
}
