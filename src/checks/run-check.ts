import type { CheckResult } from "./check-result.ts";
import type { Unit } from "./format.ts";

/** What a check decides; its name and unit are fixed by runCheck. */
export type Outcome = Omit<CheckResult, "name" | "unit">;

/**
 * Runs one check so that a bug or a malformed history costs that check only: the
 * scenario still gets the other figures, and the failure shows as "unknown" (a broken
 * harness), never as a pass or a crash of the whole report.
 */
export function runCheck(name: string, unit: Unit, fn: () => Outcome, budget?: number): CheckResult {
  try {
    return { name, unit, ...fn() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { name, unit, status: "unknown", budget, detail: `could not be checked: ${message}` };
  }
}
