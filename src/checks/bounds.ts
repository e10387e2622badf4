import type { CheckResult } from "./check-result.ts";
import { formatFigure, type Unit } from "./format.ts";

/** A figure over a window the harness did not see whole: its best case and its worst (null: unbounded). */
export interface Bounds {
  best: number;
  worst: number | null;
}

/**
 * The one rule for a figure with unseen stretches: failed when even its best case misses
 * the budget (a clear failure is not hidden by a moment the runner was not looking),
 * passed only when its worst case meets it, unknown (the harness's part) in between. A
 * figure without a budget is reported, never judged.
 */
export function againstBounds(bounds: Bounds, budget: number | undefined): CheckResult["status"] {
  if (budget === undefined) return "passed";
  if (bounds.best > budget) return "failed";
  if (bounds.worst !== null && bounds.worst <= budget) return "passed";
  return "unknown";
}

export function isExact(bounds: Bounds): boolean {
  return bounds.worst === bounds.best;
}

/** "1.2s", or "between 1.2s and 3.4s" / "at least 1.2s" where part of the window was not seen. */
export function boundsText(bounds: Bounds, unit: Unit): string {
  if (isExact(bounds)) return formatFigure(bounds.best, unit);
  if (bounds.worst === null) return `at least ${formatFigure(bounds.best, unit)}`;
  return `between ${formatFigure(bounds.best, unit)} and ${formatFigure(bounds.worst, unit)}`;
}

/**
 * What a bounded figure puts in its CheckResult: the best case as the figure, and both
 * cases (equal when everything was seen). The bounds say the check took the unseen
 * stretches into account, so its failure stands even when the probe was starved.
 */
export function boundedOutcome(bounds: Bounds, budget: number | undefined): Pick<CheckResult, "status" | "measured" | "bounds" | "budget"> {
  return { status: againstBounds(bounds, budget), measured: bounds.best, bounds: { ...bounds }, budget };
}
