import { inputError } from "../errors/firedrill-error.ts";
import { SCENARIOS } from "./definitions/index.ts";

/**
 * The names of a `--scenario a,b` list, each checked against the scenarios there are;
 * undefined without a list (every scenario).
 */
export function parseScenarioNames(list: string | undefined): string[] | undefined {
  const names = list?.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = names?.filter((s) => !SCENARIOS.some((x) => x.name === s)) ?? [];
  if (unknown.length > 0) {
    throw inputError("SCENARIO_UNKNOWN", `No scenario named ${unknown.map((u) => `"${u}"`).join(", ")}`, `Known scenarios: ${SCENARIOS.map((s) => s.name).join(", ")}.`);
  }
  return names;
}
