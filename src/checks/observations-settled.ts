import type { History } from "../history/history.ts";
import type { CheckResult } from "./check-result.ts";
import { formatFigure, formatOffset } from "./format.ts";
import { runCheck } from "./run-check.ts";

/**
 * Every observation a scenario made must have settled (recovered, converged, the version
 * served: whatever it waited for) within its limit. One that ran out is a platform that did
 * not recover in the time it was given: failed, whatever budgets the figures have.
 */
export function checkObservationsSettled(history: Pick<History, "observations" | "t0">): CheckResult {
  return runCheck("observation settled", "count", () => {
    const unsettled = history.observations.filter((o) => !o.settled);
    if (history.observations.length === 0) return { status: "passed", measured: 0, detail: "the scenario made no observation that had to settle" };
    if (unsettled.length === 0) {
      return { status: "passed", measured: 0, detail: `${history.observations.length} observation(s), each settled within its limit` };
    }
    const what = unsettled.map((o) => {
      const relapsed = o.relapses ? `reached and lost again ${o.relapses} time(s), not holding` : "not reached";
      return `${o.what} ${relapsed} by ${formatOffset(o.to, history.t0)} (limit ${formatFigure(o.maxMs, "ms")} after T0)`;
    });
    return { status: "failed", measured: unsettled.length, detail: what.join("; ") };
  });
}
