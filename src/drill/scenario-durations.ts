import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/**
 * How long each scenario took on the reference machine (2 cores), restore and steady
 * state included, in ms: what shards are balanced by. Kept in the repository so that
 * every machine of a CI matrix cuts the plan the same way; `firedrill bench durations`
 * measures them again from a drill's results.
 */
export const DURATIONS_FILE = fileURLToPath(new URL("./scenario-durations.json", import.meta.url));

export function scenarioDurations(file = DURATIONS_FILE): Record<string, number> {
  return (JSON.parse(readFileSync(file, "utf8")) as { durationsMs: Record<string, number> }).durationsMs;
}

export async function saveScenarioDurations(durationsMs: Record<string, number>, measuredOn: string, file = DURATIONS_FILE): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(durationsMs).sort(([a], [b]) => a.localeCompare(b)));
  await writeFile(file, `${JSON.stringify({ measuredOn, durationsMs: sorted }, null, 2)}\n`);
}
