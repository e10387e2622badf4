import type { Budget } from "./budget.ts";
import { formatFigure, type Unit } from "./format.ts";

/** How each budget field is named for people, and its unit: the README's table and reports use these. */
export const BUDGET_LABELS: { [K in keyof Required<Budget>]: { label: string; unit: Unit } } = {
  timeToRecoverMs: { label: "time to recover", unit: "ms" },
  convergenceMs: { label: "convergence", unit: "ms" },
  errorRatio: { label: "error ratio", unit: "ratio" },
  longestGapMs: { label: "longest gap", unit: "ms" },
  downtimeMs: { label: "downtime", unit: "ms" },
  failedRequests: { label: "failed requests", unit: "count" },
  cutoverMs: { label: "cutover", unit: "ms" },
  rollbackMs: { label: "rollback", unit: "ms" },
  nodeDownMs: { label: "node marked down", unit: "ms" },
  duplicatesClearedMs: { label: "duplicates cleared", unit: "ms" },
  placementRecoveredMs: { label: "placement recovered", unit: "ms" },
  p95LatencyMs: { label: "p95 latency", unit: "ms" },
  p99LatencyMs: { label: "p99 latency", unit: "ms" },
  errorRatioPerSecond: { label: "worst second's error ratio", unit: "ratio" },
  lostItems: { label: "lost items", unit: "count" },
};

/** "time to recover 15s, convergence 45s, error ratio 2%, ...": a budget in one line, fields in a fixed order. */
export function describeBudget(budget: Budget): string {
  return (Object.keys(BUDGET_LABELS) as Array<keyof Budget>)
    .filter((field) => budget[field] !== undefined)
    .map((field) => describeField(field, budget[field]!))
    .join(", ");
}

/** "time to recover 15s": one budget field as people read it. */
export function describeField(field: keyof Budget, value: number): string {
  return `${BUDGET_LABELS[field].label} ${formatFigure(value, BUDGET_LABELS[field].unit)}`;
}
