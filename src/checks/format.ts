import type { CheckResult } from "./check-result.ts";

export type Unit = CheckResult["unit"];

/**
 * "4.2s", "250ms", "1.5%", "3". Seconds keep up to three decimals so that a figure one
 * millisecond over its budget never prints the same as the budget it failed.
 */
export function formatFigure(value: number | undefined, unit: Unit): string {
  if (value === undefined || !Number.isFinite(value)) return "n/a";
  switch (unit) {
    case "ms":
      return Math.abs(value) < 1000 ? `${Math.round(value)}ms` : `${trim((value / 1000).toFixed(3))}s`;
    case "ratio":
      return `${trim((value * 100).toFixed(2))}%`;
    case "count":
      return String(value);
  }
}

/** "budget 30s", or "no budget" so that an unjudged figure is visibly unjudged. */
export function formatBudget(budget: number | undefined, unit: Unit): string {
  return budget === undefined ? "no budget" : `budget ${formatFigure(budget, unit)}`;
}

/** "recovered 4.2s after T0 (budget 30s)": every detail ends with the budget beside its figure. */
export function withBudget(sentence: string, budget: number | undefined, unit: Unit): string {
  return `${sentence} (${formatBudget(budget, unit)})`;
}

/** "T0+4.2s": moments are shown relative to the disturbance, which is what a reader compares. */
export function formatOffset(at: number, t0: number): string {
  const offset = at - t0;
  return offset < 0 ? `T0-${formatFigure(-offset, "ms")}` : `T0+${formatFigure(offset, "ms")}`;
}

function trim(fixed: string): string {
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}
