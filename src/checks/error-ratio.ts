import type { Budget } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { boundedOutcome, boundsText } from "./bounds.ts";
import { withBudget } from "./format.ts";
import { bySource } from "./requests.ts";
import { probeOnlyWindow, type RequestWindow, requestWindow, type WindowHistory, unseenNote } from "./request-window.ts";
import { runCheck } from "./run-check.ts";
import type { ProbeWindow } from "./window.ts";

export interface ErrorRatio {
  failed: number;
  total: number;
  ratio: number;
}

/**
 * Failed requests / all requests, every source counted. Undefined when the window holds
 * no request: 0/0 is not a ratio. Requests whose outcome is unknown count in the total:
 * as successes in the best case, as failures in the worst.
 */
export function errorRatioBounds(window: RequestWindow): { best: ErrorRatio; worst: ErrorRatio } | undefined {
  const total = window.seen.length + window.unknown;
  if (window.requests.length === 0) return undefined;
  const failed = window.seen.filter((r) => !r.ok).length;
  return { best: { failed, total, ratio: failed / total }, worst: { failed: failed + window.unknown, total, ratio: (failed + window.unknown) / total } };
}

/** The probe's own ratio over a window it saw whole. */
export function errorRatio(window: ProbeWindow): ErrorRatio | undefined {
  return errorRatioBounds(probeOnlyWindow(window))?.best;
}

export function checkErrorRatio(history: WindowHistory, budget: Budget): CheckResult {
  const limit = budget.errorRatio;
  return runCheck(
    "error ratio",
    "ratio",
    () => {
      const window = requestWindow(history, limit);
      const r = errorRatioBounds(window);
      if (r === undefined) return { status: "unknown", budget: limit, detail: withBudget("no requests in the window", limit, "ratio") };
      const bounds = { best: r.best.ratio, worst: r.worst.ratio };
      const unknown = window.unknown > 0 ? ` and ${window.unknown} unknown` : "";
      const sentence = `${boundsText(bounds, "ratio")} of requests failed, ${r.best.failed}${unknown} of ${r.best.total} (${bySource(window.requests)})`;
      return { ...boundedOutcome(bounds, limit), detail: withBudget(sentence + unseenNote(window), limit, "ratio") };
    },
    limit,
  );
}
