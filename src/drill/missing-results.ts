import type { Scenario } from "../scenarios/scenario.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import { brokenResult } from "./broken-result.ts";

/** The error code of a result the drill made up for a scenario that left none. */
export const NO_RESULT = "NO_RESULT";

/**
 * Every planned scenario's result, in plan order: a scenario whose test never produced
 * one (a hook failed, mocha gave up on it, its suite was never loaded) gets a broken
 * result saying so, so that no selected scenario can vanish from the verdict.
 * `mochaFailures` are mocha's own messages, shown as the likely cause.
 */
export function withMissingResults(planned: readonly Scenario[], results: readonly ScenarioResult[], mochaFailures: readonly string[] = []): ScenarioResult[] {
  const cause = mochaFailures.length > 0 ? ` (mocha: ${mochaFailures.join("; ")})` : " (its test was never reached, or mocha ended it first)";
  const ordered = planned.map((s) => results.find((r) => r.name === s.name) ?? brokenResult(s, `no result: the scenario did not run to a verdict${cause}`, NO_RESULT));
  // A result outside the plan is kept, not hidden (it should not happen; if it does it shows).
  return [...ordered, ...results.filter((r) => !planned.some((s) => s.name === r.name))];
}

/**
 * Mocha's failures that no scenario's verdict accounts for: each failed or broken
 * scenario throws once from its test, anything more (a hook, a reporter, a test that
 * threw after its verdict) is a failure of the drill itself.
 */
export function unexplainedFailures(results: readonly ScenarioResult[], mochaFailures: number): number {
  const thrown = results.filter((r) => (r.verdict === "failed" || r.verdict === "broken") && r.errorCode !== NO_RESULT).length;
  return Math.max(0, mochaFailures - thrown);
}
