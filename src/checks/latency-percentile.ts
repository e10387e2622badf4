import type { Budget } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { boundedOutcome, boundsText } from "./bounds.ts";
import { formatFigure, withBudget } from "./format.ts";
import { runCheck } from "./run-check.ts";
import { histogramValue, newHistogram } from "../traffic/second-buckets.ts";
import type { JudgedRequest } from "./requests.ts";
import { scheduleNote, type TrafficHistory, trafficInWindow, trafficName } from "./traffic-window.ts";

/**
 * The 95th or 99th percentile of request latency over the window: what k6's
 * `http_req_duration: p(95)<N` gates on. Counted from each request's scheduled start it
 * is what users met (the worst case: the runner's lateness counts as the platform's);
 * counted from its send, less the runner's stalls while it was in flight, it is what the
 * platform did (the best case). A request the runner held back is the runner's doing as
 * much as the platform's, so the figure is the range
 * between the two: failed when even the platform's own time misses the budget, passed when
 * the users' time meets it, unknown in between.
 */
export function checkLatencyPercentile(history: TrafficHistory, budget: Budget, percentile: 95 | 99): CheckResult {
  const limit = percentile === 95 ? budget.p95LatencyMs : budget.p99LatencyMs;
  return runCheck(
    `p${percentile} latency`,
    "ms",
    () => {
      const window = trafficInWindow(history);
      const { record, requests, untrusted } = window;
      if (untrusted) return { status: "unknown", budget: limit, detail: withBudget(untrusted, limit, "ms") };
      const fromSchedule = (r: JudgedRequest) => r.latencyMs;
      // The platform's own time: from the send, less any stretch of its flight the runner
      // was stalled (its answer may have waited in a socket nobody read).
      const fromSend = (r: JudgedRequest) => Math.max(0, r.latencyMs - r.lateMs - stalledDuring(r.at + r.lateMs, r.at + r.latencyMs, history.stalls));
      const bounds = { best: percentileOf(requests, fromSend, percentile), worst: percentileOf(requests, fromSchedule, percentile) };
      const worstSecond = Math.max(...[...bySecond(requests).values()].map((s) => percentileOf(s, fromSchedule, percentile)));
      const max = Math.max(...requests.map(fromSchedule));
      const late = bounds.best === bounds.worst ? "" : ` (from each request's send to its schedule: the runner sent some up to ${formatFigure(Math.max(...requests.map((r) => r.lateMs)), "ms")} late)`;
      const sentence =
        `p${percentile} ${boundsText(bounds, "ms")}${late} over ${requests.length} requests of ${trafficName(record)} ` +
        `(worst second ${formatFigure(worstSecond, "ms")}, max ${formatFigure(histogramValue(max), "ms")})`;
      return { ...boundedOutcome(bounds, limit), detail: withBudget(sentence + scheduleNote(window), limit, "ms") };
    },
    limit,
  );
}

/** Through an HDR histogram, as the seconds' figures are: exact to 3 significant digits. */
function percentileOf(requests: readonly JudgedRequest[], value: (r: JudgedRequest) => number, percentile: number): number {
  const histogram = newHistogram();
  for (const r of requests) histogram.recordValue(histogramValue(value(r)));
  return histogram.getValueAtPercentile(percentile);
}

function bySecond(requests: readonly JudgedRequest[]): Map<number, JudgedRequest[]> {
  const seconds = new Map<number, JudgedRequest[]>();
  for (const r of requests) {
    const at = Math.floor(r.at / 1000);
    const second = seconds.get(at);
    if (second) second.push(r);
    else seconds.set(at, [r]);
  }
  return seconds;
}

/** How long the runner was stalled within [from, to]. */
function stalledDuring(from: number, to: number, stalls: readonly { from: number; to: number }[]): number {
  return stalls.reduce((sum, s) => sum + Math.max(0, Math.min(to, s.to) - Math.max(from, s.from)), 0);
}
