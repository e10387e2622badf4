import { inputError } from "../errors/firedrill-error.ts";
import { SCENARIOS } from "./definitions/index.ts";

/**
 * The names of a `--scenario a,b` list, each checked against the scenarios there are;
 * undefined without a list (every scenario). A list that names nothing (`--scenario ,`,
 * `--scenario ""`) is refused: running nothing and exiting 0 would read as a pass.
 */
export function parseScenarioNames(list: string | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  const names = list.split(",").map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) {
    throw inputError(
      "SCENARIO_NONE",
      `--scenario ${JSON.stringify(list)} names no scenario, so the drill would run nothing`,
      `Name at least one scenario (for example --scenario host-halt), or leave out --scenario to run them all; \`firedrill drill --list\` lists them.`,
    );
  }
  const unknown = names.filter((s) => !SCENARIOS.some((x) => x.name === s));
  if (unknown.length > 0) {
    throw inputError("SCENARIO_UNKNOWN", `No scenario named ${unknown.map((u) => `"${u}"`).join(", ")}`, `Known scenarios: ${SCENARIOS.map((s) => s.name).join(", ")}.`);
  }
  return names;
}
