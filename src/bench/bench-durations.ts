import type { ResultsFile } from "../drill/run-record.ts";
import { median } from "./median.ts";

/**
 * Each scenario's duration (ms) from drills' results: the median over the files, of
 * scenarios that ran to a verdict (a skipped or broken one says nothing about how long
 * it takes). Scenarios that none of the files ran keep the duration they had.
 */
export function measuredDurations(files: readonly ResultsFile[], previous: Readonly<Record<string, number>>): Record<string, number> {
  const samples = new Map<string, number[]>();
  for (const file of files) {
    for (const r of file.results) {
      if (r.verdict !== "passed" && r.verdict !== "failed") continue;
      samples.set(r.name, [...(samples.get(r.name) ?? []), r.endedAt - r.startedAt]);
    }
  }
  const out: Record<string, number> = { ...previous };
  for (const [name, values] of samples) out[name] = Math.round(median(values));
  return out;
}
