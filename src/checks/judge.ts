import type { History } from "../history/history.ts";
import { DEFAULT_MEASURES, type Budget, type MeasureSettings } from "./budget.ts";
import type { CheckResult, Verdict } from "./check-result.ts";
import { checkConvergence } from "./convergence-time.ts";
import { checkDowntime, checkLongestGap } from "./downtime.ts";
import { checkDurability } from "./durability.ts";
import { checkErrorRatio } from "./error-ratio.ts";
import { checkK6Thresholds } from "./k6-thresholds.ts";
import { checkLatencyPercentile } from "./latency-percentile.ts";
import { checkWorstSecond } from "./worst-second.ts";
import { faultEffects } from "./fault-effects.ts";
import { checkObservationsSettled } from "./observations-settled.ts";
import { checkProbeSchedule } from "./probe-schedule.ts";
import { checkTimeToRecover } from "./time-to-recover.ts";

/** Every standard check, always in this order so reports line up across scenarios. */
export function judge(history: History, budget: Budget, measures: MeasureSettings = DEFAULT_MEASURES): CheckResult[] {
  return [
    checkProbeSchedule(history),
    checkTimeToRecover(history, budget, measures),
    checkDowntime(history, budget),
    checkLongestGap(history, budget),
    checkErrorRatio(history, budget),
    checkWorstSecond(history, budget),
    checkLatencyPercentile(history, budget, 95),
    checkLatencyPercentile(history, budget, 99),
    ...checkK6Thresholds(history),
    checkConvergence(history, budget),
    checkDurability(history, budget),
    checkObservationsSettled(history),
    ...faultEffects(history),
  ];
}

/**
 * A missed budget is a finding about the platform and outranks an unknown (a finding
 * about the harness); an unknown still keeps the scenario from passing. The exception is
 * an unknown that voids the window (a starved probe): then only failures that do not
 * rest on what was unseen still make it failed: one that stands alone (data lost, never
 * converged, the platform not doing its job) and a bounded figure whose best case, with
 * every unseen request taken as a success, still misses its budget. No checks at all is
 * not a pass: nothing was judged.
 */
export function verdictOf(results: readonly CheckResult[]): Verdict {
  if (results.some(failedDespiteUnseen)) return "failed";
  if (results.some((r) => r.voidsWindow && r.status === "unknown")) return "broken";
  if (results.some((r) => r.status === "failed")) return "failed";
  if (results.length === 0 || results.some((r) => r.status === "unknown")) return "broken";
  return "passed";
}

/** A failure not taken from the probe (data lost, never converged, a platform finding): a starved probe does not void it. */
export function failedWithoutTheProbe(result: CheckResult): boolean {
  return (result.standsAlone === true || result.fromPlatform === true) && result.status === "failed";
}

/** A failure that stands over a starved probe: one not taken from the probe, or a bounded figure whose best case, every unseen request a success, still misses its budget. */
export function failedDespiteUnseen(result: CheckResult): boolean {
  return failedWithoutTheProbe(result) || (result.bounds !== undefined && result.status === "failed");
}
