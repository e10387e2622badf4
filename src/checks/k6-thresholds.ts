import type { History } from "../history/history.ts";
import type { CheckResult } from "./check-result.ts";
import { runCheck } from "./run-check.ts";
import { violations } from "./violations.ts";

/**
 * The k6 script's own gates, as k6 decided them: its thresholds held (exit 0), were
 * crossed (99), or k6 did not finish its run (anything else: the figures cannot be
 * trusted, so unknown). Only when the traffic was a k6 script. Measured: the thresholds
 * crossed, none allowed.
 */
export function checkK6Thresholds(history: Pick<History, "traffic">): CheckResult[] {
  const traffic = history.traffic;
  if (traffic?.source !== "k6") return [];
  return [
    runCheck("k6 thresholds", "count", () => {
      const k6 = traffic.k6;
      if (traffic.error || !k6) return { status: "unknown", detail: `k6 gave no outcome: ${traffic.error ?? "no exit was recorded"}` };
      // Thresholds over half a window say nothing about the half that had no k6 traffic.
      if (k6.endedEarly) return { status: "unknown", detail: `${traffic.spec} ended before the window did (exit ${k6.exitCode}): give the script a duration longer than a scenario, firedrill stops it` };
      const declared = k6.thresholds.length > 0 ? k6.thresholds.join("; ") : "none declared";
      if (k6.exitCode === 0) return { ...violations(0), detail: `${traffic.spec}: every threshold held (${declared})` };
      if (k6.exitCode === 99) {
        const crossed = k6.failedThresholds ?? [];
        return { ...violations(crossed.length || 1), detail: `${traffic.spec}: thresholds crossed (k6 exit 99): ${crossed.length > 0 ? crossed.join("; ") : declared}` };
      }
      return { status: "unknown", detail: `${traffic.spec}: k6 exited ${k6.exitCode}${k6.stderrTail ? `: ${k6.stderrTail.split("\n").slice(-3).join(" / ")}` : ""}` };
    }),
  ];
}
