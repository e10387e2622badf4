import type { Budget } from "./budget.ts";
import type { CheckResult } from "./check-result.ts";
import { boundedOutcome, boundsText } from "./bounds.ts";
import { formatOffset, withBudget } from "./format.ts";
import { type RequestWindow, requestWindow, type WindowHistory, unseenNote } from "./request-window.ts";
import { runCheck } from "./run-check.ts";
import { inside, missingProbeSamples } from "./unknown-stretches.ts";
import { trafficInWindow } from "./traffic-window.ts";

interface Second {
  at: number;
  requests: number;
  failed: number;
  unknown: number;
}

/**
 * The worst second's error ratio: a burst that the whole window's ratio averages away
 * (k6's `http_req_failed: rate<N`, taken second by second). Every request counts, by its
 * own scheduled time inside the window; one sent in an unseen stretch failed in the worst
 * case.
 */
export function checkWorstSecond(history: WindowHistory, budget: Budget): CheckResult {
  const limit = budget.errorRatioPerSecond;
  return runCheck(
    "worst second's error ratio",
    "ratio",
    () => {
      const { untrusted } = trafficInWindow(history);
      if (untrusted) return { status: "unknown", budget: limit, detail: withBudget(untrusted, limit, "ratio") };
      const window = requestWindow(history, limit);
      const seconds = secondsOf(window);
      if (seconds.length === 0) return { status: "unknown", budget: limit, detail: withBudget("no request in the window had an outcome", limit, "ratio") };
      const best = (s: Second) => s.failed / s.requests;
      const worstCase = (s: Second) => (s.failed + s.unknown) / s.requests;
      const worst = seconds.reduce((a, b) => (best(b) > best(a) ? b : a));
      const bounds = { best: best(worst), worst: Math.max(...seconds.map(worstCase)) };
      const sentence =
        `${boundsText(bounds, "ratio")} of requests failed in the worst second ` +
        `(${worst.failed} of ${worst.requests}, at ${formatOffset(worst.at, history.t0)}; ${seconds.filter((s) => s.failed > 0).length} of ${seconds.length} seconds had failures)`;
      return { ...boundedOutcome(bounds, limit), detail: withBudget(sentence + unseenNote(window), limit, "ratio") };
    },
    limit,
  );
}

/** The window's requests by the second they were scheduled in; a second cut by the window's edge holds only its part inside. */
function secondsOf(window: RequestWindow): Second[] {
  const seconds = new Map<number, Second>();
  for (const r of window.requests) {
    const at = Math.floor(r.at / 1000) * 1000;
    const s = seconds.get(at) ?? { at, requests: 0, failed: 0, unknown: 0 };
    s.requests += 1;
    if (inside(r.at, window.unseen)) s.unknown += 1;
    else if (!r.ok) s.failed += 1;
    seconds.set(at, s);
  }
  // The samples an unseen stretch should have held count in their second, as unknown: a
  // second the probe never sampled may have been all failures.
  for (const stretch of window.unseen) {
    for (let at = Math.floor(stretch.start / 1000) * 1000; at < stretch.end; at += 1000) {
      const piece = { start: Math.max(at, stretch.start), end: Math.min(at + 1000, stretch.end) };
      const missing = missingProbeSamples([piece], window.requests, window.probePeriodMs);
      if (missing === 0) continue;
      const s = seconds.get(at) ?? { at, requests: 0, failed: 0, unknown: 0 };
      s.requests += missing;
      s.unknown += missing;
      seconds.set(at, s);
    }
  }
  return [...seconds.values()].sort((a, b) => a.at - b.at);
}


