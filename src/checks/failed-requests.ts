import type { History } from "../history/history.ts";
import type { CheckResult } from "./check-result.ts";
import { boundedOutcome, boundsText } from "./bounds.ts";
import { withBudget } from "./format.ts";
import { bySource } from "./requests.ts";
import { requestWindow, unseenNote } from "./request-window.ts";
import { runCheck } from "./run-check.ts";

/**
 * Failed requests in [from, to], every source counted: for windows shorter than the whole
 * scenario (a cutover). Requests nobody saw count as failed in the worst case, so a zero
 * budget over a stretch the harness did not see is unknown, never passed.
 */
export function failedRequestsBetween(history: History, from: number, to: number, budget?: number, name = "failed requests"): CheckResult {
  return runCheck(
    name,
    "count",
    () => {
      const window = requestWindow(history, budget, from, to);
      const failed = window.seen.filter((r) => !r.ok).length;
      const bounds = { best: failed, worst: failed + window.unknown };
      const unknown = window.unknown > 0 ? ` (${window.unknown} more unknown)` : "";
      const sentence = `${boundsText(bounds, "count")} of ${window.requests.length} requests failed${unknown}: ${bySource(window.requests)}`;
      return { ...boundedOutcome(bounds, budget), detail: withBudget(sentence + unseenNote(window), budget, "count") };
    },
    budget,
  );
}
