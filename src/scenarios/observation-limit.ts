import type { Budget, DURATION_FIELDS } from "../checks/budget.ts";

/** A duration budget, and the instant its figure is measured from (T0, a switch, a thaw). */
export type BudgetFrom = readonly [field: (typeof DURATION_FIELDS)[number], from: number];

/**
 * Budgets every observation's window is judged by, all measured from T0: a platform allowed
 * to take that long must be watched that long, whichever observation ends the window.
 */
export const WINDOW_BUDGETS = ["timeToRecoverMs", "convergenceMs", "downtimeMs", "longestGapMs", "nodeDownMs"] as const;

/**
 * Beyond a budget, for what lags behind the figure itself: the recovery streak, the cluster
 * snapshot that shows convergence, a slow poll. A figure that meets its budget exactly is
 * then still seen settling inside the limit.
 */
export const OBSERVE_MARGIN_MS = 10_000;

/**
 * How long after T0 an observation may take to settle: the scenario's own limit, lengthened
 * to cover every budget judged on its window plus the margin. A limit written into a
 * scenario knows only its default budgets; a profile or a waiver that loosens one would
 * otherwise be judged on a window cut short, and a platform within its budget fail.
 */
export function observationLimit(t0: number, scenarioMs: number, budget: Budget, own: readonly BudgetFrom[] = []): number {
  const judged: BudgetFrom[] = [...WINDOW_BUDGETS.map((field): BudgetFrom => [field, t0]), ...own];
  const needs = judged.flatMap(([field, from]) => {
    const ms = budget[field];
    return ms === undefined ? [] : [from - t0 + ms + OBSERVE_MARGIN_MS];
  });
  return Math.max(scenarioMs, ...needs);
}
