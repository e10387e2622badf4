import type { History } from "../history/history.ts";
import { formatFigure } from "./format.ts";
import type { CheckResult } from "./check-result.ts";
import { runCheck } from "./run-check.ts";
import { samplesInWindow } from "./window.ts";

/**
 * How long requests kept reaching dead backends: from T0 to the end of the last sample
 * that failed or was slow (a connection to a dead task costs the lb its connect
 * timeout before it retries elsewhere). Reported, not judged: it is the figure that
 * shows what health checks buy.
 */
export function degradedWindow(history: History, slowMs = 900): CheckResult {
  return runCheck("dead backends served traffic for", "ms", () => {
    const samples = samplesInWindow(history);
    const degraded = samples.filter((s) => !s.ok || s.latencyMs >= slowMs);
    // A slow request that started early can end after a failed one that started later.
    const lastEnd = Math.max(history.t0, ...degraded.map((s) => s.start + s.latencyMs));
    const measured = lastEnd - history.t0;
    const slow = degraded.filter((s) => s.ok).length;
    return {
      status: "passed",
      measured,
      detail: `${degraded.length} requests failed or took ${slowMs}ms or more (${slow} slow); the last ended ${formatFigure(measured, "ms")} after T0 (reported, no budget)`,
    };
  });
}
