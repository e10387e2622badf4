import type { CheckResult } from "./check-result.ts";

/**
 * How a check is shown to people. A check that passed with no budget held nothing to
 * anything: its figure was reported, and showing it as passed would claim a judgement
 * nobody made ("worst second's error ratio: 100%, passed"). A check that judges a rule
 * rather than a figure states its budget too: its violations, none allowed
 * (violations.ts), so the one rule here holds for it without a list of names.
 */
export type ShownStatus = CheckResult["status"] | "reported";

export function shownStatus(check: Pick<CheckResult, "status" | "budget">): ShownStatus {
  return check.status === "passed" && check.budget === undefined ? "reported" : check.status;
}
