import { inputError } from "../errors/firedrill-error.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import type { ResultsFile, RunRecord } from "./run-record.ts";
import { shardText } from "./shard.ts";

/** One shard's results, with where they were read from (named in every refusal). */
export interface ShardResults {
  file: string;
  content: ResultsFile;
}

/** The shards' results as one drill's: the record names the shards merged and what none of them held. */
export interface MergedResults extends ResultsFile {
  run: RunRecord & { shards: string[]; missing: string[] };
}

/**
 * Puts the results of a sharded drill back together. They must belong together: the
 * same profile (name and digest), the same firedrill, the same stack and the same shard
 * count; a scenario held twice (the same shard given twice) is refused rather than
 * counted twice. Results are in the plan's order. What no shard holds is listed as
 * missing, never passed.
 */
export function mergeResults(shards: readonly ShardResults[]): MergedResults {
  if (shards.length === 0) throw inputError("NO_RESULTS", "no results to merge", "Give the folders the shards wrote (each one's FIREDRILL_REPORTS).");
  const first = shards[0]!;
  const same = (what: string, value: (run: RunRecord) => string) => {
    const values = new Map<string, string[]>();
    for (const shard of shards) values.set(value(shard.content.run), [...(values.get(value(shard.content.run)) ?? []), shard.file]);
    if (values.size > 1) {
      throw inputError(
        "MERGE_MISMATCH",
        `the results to merge differ in ${what}: ${[...values].map(([v, files]) => `${v} (${files.join(", ")})`).join("; ")}`,
        "Merge only the shards of one drill: the same profile file, the same firedrill and the same --shard count.",
      );
    }
  };
  same("profile", (run) => run.profile.name);
  same("profile digest (the profile file changed between shards)", (run) => run.profile.digest);
  same("firedrill version", (run) => run.firedrill);
  same("stack", (run) => run.stack);
  same("shard count", (run) => (run.shard ? String(run.shard.total) : "unsharded"));

  const holder = new Map<string, string>();
  for (const shard of shards) {
    for (const result of shard.content.results) {
      const other = holder.get(result.name);
      if (other) {
        throw inputError("MERGE_OVERLAP", `${result.name} is in both ${other} and ${shard.file}`, "Give each shard's folder once; two runs of the same shard cannot be merged.");
      }
      holder.set(result.name, shard.file);
    }
  }

  const plan = first.content.run.plan;
  const all = shards.flatMap((s) => s.content.results);
  const results: ScenarioResult[] = [...plan.flatMap((name) => all.filter((r) => r.name === name)), ...all.filter((r) => !plan.includes(r.name))];
  const skipped = dedupe(shards.flatMap((s) => s.content.run.skipped), (s) => s.name);
  const missing = plan.filter((name) => !holder.has(name) && !skipped.some((s) => s.name === name));
  const runs = shards.map((s) => s.content.run);
  const labError = runs.find((r) => r.labError)?.labError;
  const hostFacts = runs.find((r) => r.hostFacts)?.hostFacts;
  const run: RunRecord = {
    ...first.content.run,
    runId: runs.map((r) => r.runId).join(","),
    scenarios: results.map((r) => r.name),
    skipped,
    startedAt: runs.map((r) => r.startedAt).sort()[0]!,
    endedAt: runs.map((r) => r.endedAt).sort().at(-1)!,
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
    ...(labError ? { labError } : {}),
    ...(hostFacts ? { hostFacts } : {}),
  };
  delete run.shard;
  const parts = runs.map((r) => `${r.shard ? shardText(r.shard) : "whole plan"} (run ${r.runId})`);
  return { run: { ...run, shards: parts, missing }, results };
}

function dedupe<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}
