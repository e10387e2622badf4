import type { Budget } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { againstBudget } from "./against-budget.ts";
import { formatFigure, formatOffset, withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";
import { latenessNote, type TrafficHistory, trafficInWindow, trafficName } from "./traffic-window.ts";

/**
 * The worst second's error ratio: a burst that the whole window's ratio averages away
 * (k6's `http_req_failed: rate<N`, taken second by second).
 */
export function checkWorstSecond(history: TrafficHistory, budget: Budget): CheckResult {
  const limit = budget.errorRatioPerSecond;
  return runCheck(
    "worst second's error ratio",
    "ratio",
    () => {
      const window = trafficInWindow(history);
      const { record, seconds, untrusted } = window;
      if (untrusted) return { status: "unknown", budget: limit, detail: withBudget(untrusted, limit, "ratio") };
      const counted = seconds.filter((s) => s.requests > 0);
      if (counted.length === 0) return { status: "unknown", budget: limit, detail: withBudget("no request in the window had an outcome", limit, "ratio") };
      const ratio = (s: (typeof counted)[number]) => s.failed / s.requests;
      const worst = counted.reduce((a, b) => (ratio(b) > ratio(a) ? b : a));
      const sentence =
        `${formatFigure(ratio(worst), "ratio")} of ${trafficName(record)} failed in the worst second ` +
        `(${worst.failed} of ${worst.requests}, at ${formatOffset(worst.at, history.t0)}; ${counted.filter((s) => s.failed > 0).length} of ${counted.length} seconds had failures)`;
      return { status: againstBudget(ratio(worst), limit), measured: ratio(worst), budget: limit, detail: withBudget(sentence + latenessNote(window, history.probePeriodMs), limit, "ratio") };
    },
    limit,
  );
}
