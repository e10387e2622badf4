import { inputError } from "../../errors/firedrill-error.ts";
import { SABOTAGES } from "./catalog.ts";
import type { Sabotage } from "./sabotage.ts";

/** The controls judged on a result, not during a scenario (result controls). */
export const MISSING_SCENARIO = "missing-scenario";
export const DIFFERENT_BUDGETS_MERGE = "different-budgets-merge";
export const RESULT_CONTROLS: readonly string[] = [MISSING_SCENARIO, DIFFERENT_BUDGETS_MERGE];

/** Every control `bench trust` knows, in the order it runs them. */
export const CONTROL_NAMES: readonly string[] = [...SABOTAGES.map((s) => s.name), ...RESULT_CONTROLS];

export interface ControlSelection {
  sabotages: Sabotage[];
  /** The result controls to run, by name. */
  results: string[];
}

/** `--only a,b`: the controls named, each checked; every control without a list. */
export function parseControlNames(list: string | undefined): ControlSelection {
  if (list === undefined) return { sabotages: [...SABOTAGES], results: [...RESULT_CONTROLS] };
  const known = CONTROL_NAMES;
  const names = list.split(",").map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw inputError("CONTROL_NONE", `--only ${JSON.stringify(list)} names no control, so the bench would run nothing`, `Name at least one of: ${known.join(", ")}.`);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw inputError("CONTROL_UNKNOWN", `--only: no control named ${unknown.map((u) => `"${u}"`).join(", ")}`, `Known controls: ${known.join(", ")}.`);
  return { sabotages: SABOTAGES.filter((s) => names.includes(s.name)), results: RESULT_CONTROLS.filter((n) => names.includes(n)) };
}
