import { z } from "zod";
import { inputError } from "../errors/firedrill-error.ts";
import { describeIssues } from "../errors/zod-issues.ts";
import { type Budget, BudgetSchema, DURATION_FIELDS } from "./budget.ts";
import { formatFigure } from "./format.ts";

// Wrapping the budget under its profile key makes every message name the field as a
// profile spells it (budgets.errorRatio), whatever the source. A profile without
// budgets is valid: its figures are reported, not judged.
const Wrapped = z.object({ budgets: BudgetSchema.optional() }).strict();

const HINT =
  "Durations are whole milliseconds (0 or at least the probe period), errorRatio is from 0 to 1, lostItems a whole count; remove a budget to report the figure without judging it.";

/** Validates budgets from a profile or flags; `source` (a file or flag) starts every message. */
export function validateBudget(budget: unknown, source: string, probePeriodMs: number): Budget {
  const result = Wrapped.safeParse({ budgets: budget });
  if (!result.success) throw inputError("BUDGET_INVALID", `${source}: ${describeIssues(result.error, { budgets: budget })}`, HINT);
  const parsed: Budget = result.data.budgets ?? {};
  // Figures are only known to within one probe period, so a smaller positive budget
  // would pass or fail by chance; 0 stays meaningful ("no visible impact").
  const unmeasurable = DURATION_FIELDS.flatMap((field) => {
    const value = parsed[field];
    return value !== undefined && value > 0 && value < probePeriodMs
      ? [`budgets.${field} = ${value} is shorter than the probe period (${formatFigure(probePeriodMs, "ms")}): it cannot be measured`]
      : [];
  });
  if (unmeasurable.length > 0) throw inputError("BUDGET_INVALID", `${source}: ${unmeasurable.join("; ")}`, HINT);
  return parsed;
}
