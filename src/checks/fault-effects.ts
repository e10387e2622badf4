import type { History } from "../history/history.ts";
import type { CheckResult } from "./check-result.ts";
import { formatFigure, formatOffset } from "./format.ts";
import { runCheck } from "./run-check.ts";

/**
 * When each fault acted and when its effect was first seen, relative to T0: reported
 * beside T0, never instead of it (a halted host's shutdown takes seconds, and the
 * failures during it belong to the window).
 */
export function faultEffects(history: Pick<History, "faults" | "t0">): CheckResult[] {
  return history.faults.map((f) =>
    runCheck(`${f.kind} on ${f.host}: effect seen`, "ms", () => {
      const seen = f.effectSeenAt ?? f.injectedAt;
      return {
        status: "passed",
        measured: seen - f.injectedAt,
        detail: `acted at ${formatOffset(f.injectedAt, history.t0)}, effect seen at ${formatOffset(seen, history.t0)}, ${formatFigure(seen - f.injectedAt, "ms")} after the action (reported, no budget)`,
      };
    }),
  );
}
