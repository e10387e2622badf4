/** The one rule every budgeted check uses: meeting the budget exactly is a pass. */
export function againstBudget(measured: number, budget: number | undefined): "passed" | "failed" {
  // A figure without a budget is reported for people, not judged.
  if (budget === undefined) return "passed";
  return measured <= budget ? "passed" : "failed";
}

/** For figures that do not exist (never recovered): a miss when judged, a report otherwise. */
export function missing(budget: number | undefined): "passed" | "failed" {
  return budget === undefined ? "passed" : "failed";
}
