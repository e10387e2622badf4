import { emptyHistory } from "../history/history.ts";
import { RECORDER_DEFAULTS } from "../history/recorder.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";

/**
 * A scenario the drill could not judge, with the reason: its lab never came up, it hit
 * its time limit, it was never reached. Broken, never passed: a scenario without a
 * verdict of its own must not let the drill exit 0.
 */
export function brokenResult(scenario: Scenario, reason: string, errorCode?: string, at = Date.now()): ScenarioResult {
  return unjudged(scenario, "broken", reason, errorCode, at);
}

/** A scenario the stack cannot run (it declares no version to upgrade to...): skipped, saying why. */
export function skippedResult(scenario: Scenario, reason: string): ScenarioResult {
  return unjudged(scenario, "skipped", reason, undefined, Date.now());
}

function unjudged(scenario: Scenario, verdict: "broken" | "skipped", reason: string, errorCode: string | undefined, now: number): ScenarioResult {
  return {
    name: scenario.name,
    title: scenario.title,
    description: scenario.description,
    verdict,
    reason,
    errorCode,
    checks: [],
    budget: scenario.budget,
    history: { ...emptyHistory(scenario.name, RECORDER_DEFAULTS.probePeriodMs), t0: now, windowEnd: now },
    phases: [],
    residue: [],
    startedAt: now,
    endedAt: now,
  };
}
