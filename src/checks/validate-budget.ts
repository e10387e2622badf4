import { z } from "zod";
import { inputError } from "../errors/firedrill-error.ts";
import { describeIssues } from "../lab/lab-options.ts";
import type { Budget } from "./budget.ts";
import { formatFigure } from "./format.ts";

const duration = z.number().int("a duration is a whole number of milliseconds").min(0, "a duration cannot be negative").optional();

export const BudgetSchema = z
  .object({
    timeToRecoverMs: duration,
    downtimeMs: duration,
    longestGapMs: duration,
    errorRatio: z.number().min(0, "a ratio is from 0 to 1").max(1, "a ratio is from 0 to 1").optional(),
    convergenceMs: duration,
    lostPosts: z.number().int("a count is a whole number").min(0, "a count cannot be negative").optional(),
    cutoverMs: duration,
    rollbackMs: duration,
    failedRequests: z.number().int("a count is a whole number").min(0, "a count cannot be negative").optional(),
  })
  .strict();

// Wrapping the budget under its profile key makes every message name the field as a
// profile spells it (budgets.errorRatio), whatever the source. A profile without
// budgets is valid: its figures are reported, not judged.
const Wrapped = z.object({ budgets: BudgetSchema.optional() }).strict();

const DURATIONS = ["timeToRecoverMs", "downtimeMs", "longestGapMs", "convergenceMs", "cutoverMs", "rollbackMs"] as const;

const HINT =
  "Durations are whole milliseconds (0 or at least the probe period), errorRatio is from 0 to 1, lostPosts a whole count; remove a budget to report the figure without judging it.";

/** Validates budgets from a profile or flags; `source` (a file or flag) starts every message. */
export function validateBudget(budget: unknown, source: string, probePeriodMs: number): Budget {
  const result = Wrapped.safeParse({ budgets: budget });
  if (!result.success) throw inputError("BUDGET_INVALID", `${source}: ${describeIssues(result.error, { budgets: budget })}`, HINT);
  const parsed: Budget = result.data.budgets ?? {};
  // Figures are only known to within one probe period, so a smaller positive budget
  // would pass or fail by chance; 0 stays meaningful ("no visible impact").
  const unmeasurable = DURATIONS.flatMap((field) => {
    const value = parsed[field];
    return value !== undefined && value > 0 && value < probePeriodMs
      ? [`budgets.${field} = ${value} is shorter than the probe period (${formatFigure(probePeriodMs, "ms")}): it cannot be measured`]
      : [];
  });
  if (unmeasurable.length > 0) throw inputError("BUDGET_INVALID", `${source}: ${unmeasurable.join("; ")}`, HINT);
  return parsed;
}
