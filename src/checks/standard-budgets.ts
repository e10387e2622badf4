import type { Budget } from "./budget.ts";

/**
 * The budget fields the standard checks (judge.ts) hold every scenario's figures to. A
 * scenario's own checks judge more (Scenario.judges); any other field would be shown and
 * never enforced, so a drill refuses it. test/unit/scenarios/judged-budgets.test.ts runs
 * judge() with every field set and proves this list is what it reads.
 */
export const STANDARD_BUDGETS = [
  "timeToRecoverMs",
  "downtimeMs",
  "longestGapMs",
  "errorRatio",
  "errorRatioPerSecond",
  "p95LatencyMs",
  "p99LatencyMs",
  "convergenceMs",
  "lostItems",
] as const satisfies ReadonlyArray<keyof Budget>;
