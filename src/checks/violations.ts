import { againstBudget } from "./against-budget.ts";
import { boundedOutcome } from "./bounds.ts";
import type { CheckResult } from "./check-result.ts";

/**
 * A check that holds the platform to a rule rather than a figure to a number ("blue
 * intact", "stayed on its host", "observation settled") counts the times the rule was
 * broken against a budget of none allowed. That keeps one rule for how every check is
 * shown (shown-status.ts): a check with a budget judged something, and its pass is a pass;
 * a figure without one was only reported.
 */
export const NO_VIOLATION_ALLOWED = 0;

export type RuleOutcome = Pick<CheckResult, "status" | "measured" | "budget">;

/** What a rule check puts in its result when everything it judges was seen. */
export function violations(count: number): RuleOutcome {
  return { status: againstBudget(count, NO_VIOLATION_ALLOWED), measured: count, budget: NO_VIOLATION_ALLOWED };
}

/**
 * The same over cluster views that went stale part of the time: the violations seen are
 * the best case, and the stretches unseen may have held any number more. A violation seen
 * is failed; none seen is passed only when nothing went unseen, unknown otherwise.
 */
export function violationsSeen(count: number, unseen: boolean): RuleOutcome & Pick<CheckResult, "bounds"> {
  return boundedOutcome({ best: count, worst: unseen ? null : count }, NO_VIOLATION_ALLOWED);
}
