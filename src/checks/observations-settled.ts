import type { History } from "../history/history.ts";
import type { CheckResult } from "./check-result.ts";
import { formatFigure, formatOffset } from "./format.ts";
import { runCheck } from "./run-check.ts";
import { violations } from "./violations.ts";

/**
 * Every observation a scenario made must have settled (recovered, converged, the version
 * served: whatever it waited for) within its limit. One that ran out is a platform that did
 * not recover in the time it was given: failed, whatever budgets the figures have.
 * Measured: the observations that did not settle, none allowed.
 */
export function checkObservationsSettled(history: Pick<History, "observations" | "t0">): CheckResult {
  return runCheck("observation settled", "count", () => {
    const unsettled = history.observations.filter((o) => !o.settled);
    if (history.observations.length === 0) return { ...violations(0), detail: "the scenario made no observation that had to settle" };
    if (unsettled.length === 0) {
      return { ...violations(0), detail: `${history.observations.length} observation(s), each settled within its limit` };
    }
    const what = unsettled.map((o) => {
      const relapsed = o.relapses ? `reached and lost again ${o.relapses} time(s), not holding` : "not reached";
      return `${o.what} ${relapsed} by ${formatOffset(o.to, history.t0)} (limit ${formatFigure(o.maxMs, "ms")} after T0)`;
    });
    return { ...violations(unsettled.length), detail: what.join("; ") };
  });
}
