import type { Budget } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { againstBudget } from "./against-budget.ts";
import { formatFigure, withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";
import { summarise } from "../traffic/second-buckets.ts";
import { latenessNote, type TrafficHistory, trafficInWindow, trafficName } from "./traffic-window.ts";

/**
 * The 95th or 99th percentile of request latency over the whole window, from the seconds'
 * histograms merged: what k6's `http_req_duration: p(95)<N` gates on, with latency
 * counted from each request's scheduled start.
 */
export function checkLatencyPercentile(history: TrafficHistory, budget: Budget, percentile: 95 | 99): CheckResult {
  const limit = percentile === 95 ? budget.p95LatencyMs : budget.p99LatencyMs;
  return runCheck(
    `p${percentile} latency`,
    "ms",
    () => {
      const window = trafficInWindow(history);
      const { record, seconds, untrusted } = window;
      if (untrusted) return { status: "unknown", budget: limit, detail: withBudget(untrusted, limit, "ms") };
      const at = (figures: { p95: number; p99: number }) => (percentile === 95 ? figures.p95 : figures.p99);
      const summary = summarise(seconds)!;
      const measured = at(summary);
      const worst = seconds.reduce((a, b) => (at(b) > at(a) ? b : a));
      const sentence =
        `p${percentile} ${formatFigure(measured, "ms")} over ${summary.requests} requests of ${trafficName(record)} ` +
        `(worst second ${formatFigure(at(worst), "ms")}, max ${formatFigure(summary.max, "ms")})`;
      return { status: againstBudget(measured, limit), measured, budget: limit, detail: withBudget(sentence + latenessNote(window, history.probePeriodMs), limit, "ms") };
    },
    limit,
  );
}
