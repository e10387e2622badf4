/** The one rule every budgeted check uses: meeting the budget exactly is a pass. */
export function againstBudget(measured: number, budget: number | undefined): "passed" | "failed" {
  // A figure without a budget is reported for people, not judged.
  if (budget === undefined) return "passed";
  return measured <= budget ? "passed" : "failed";
}

/**
 * For figures that never came to exist in the window (never recovered, never converged,
 * never rolled back): always a miss. A window that ends down is a failure whether or not
 * anyone wrote a budget for how long recovery may take.
 */
export function missing(): "failed" {
  return "failed";
}
