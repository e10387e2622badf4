import { inputError } from "../../errors/firedrill-error.ts";
import { SABOTAGES } from "./catalog.ts";
import type { Sabotage } from "./sabotage.ts";

/** The certification control's name (it is not a sabotage of a scenario). */
export const MISSING_SCENARIO = "missing-scenario";

/** Every control `bench trust` knows, in the order it runs them. */
export const CONTROL_NAMES: readonly string[] = [...SABOTAGES.map((s) => s.name), MISSING_SCENARIO];

export interface ControlSelection {
  sabotages: Sabotage[];
  certification: boolean;
}

/** `--only a,b`: the controls named, each checked; every control without a list. */
export function parseControlNames(list: string | undefined): ControlSelection {
  if (list === undefined) return { sabotages: [...SABOTAGES], certification: true };
  const known = CONTROL_NAMES;
  const names = list.split(",").map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw inputError("CONTROL_NONE", `--only ${JSON.stringify(list)} names no control, so the bench would run nothing`, `Name at least one of: ${known.join(", ")}.`);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw inputError("CONTROL_UNKNOWN", `--only: no control named ${unknown.map((u) => `"${u}"`).join(", ")}`, `Known controls: ${known.join(", ")}.`);
  return { sabotages: SABOTAGES.filter((s) => names.includes(s.name)), certification: names.includes(MISSING_SCENARIO) };
}
