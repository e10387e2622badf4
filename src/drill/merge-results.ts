import { inputError } from "../errors/firedrill-error.ts";
import { SCENARIOS } from "../scenarios/definitions/index.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import { brokenResult } from "./broken-result.ts";
import { NO_RESULT } from "./missing-results.ts";
import type { ResultsFile, RunRecord } from "./run-record.ts";
import { shardText } from "./shard.ts";
import { requireAlike } from "./shards-alike.ts";
import { drillExitCode } from "./summary-table.ts";

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
 * Puts the results of a sharded drill back together. They must have been judged alike
 * (requireAlike: the same profile, code, plan, budgets, traffic, lab and time limit); a
 * scenario held twice (the same shard given twice) is refused rather than counted
 * twice. The shards are put in shard order first, so the folders' order changes
 * nothing. Results are in the plan's order; a planned scenario no shard holds gets a
 * broken result (never passed) and is listed as missing.
 */
export function mergeResults(given: readonly ShardResults[]): MergedResults {
  if (given.length === 0) throw inputError("NO_RESULTS", "no results to merge", "Give the folders the shards wrote (each one's FIREDRILL_REPORTS).");
  const shards = [...given].sort(inShardOrder);
  requireAlike(shards.map((s) => ({ file: s.file, run: s.content.run })));
  const first = shards[0]!;

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
  const skipped = dedupe(shards.flatMap((s) => s.content.run.skipped), (s) => s.name);
  const missing = plan.filter((name) => !holder.has(name) && !skipped.some((s) => s.name === name));
  const runs = shards.map((s) => s.content.run);
  const endedAt = runs.map((r) => r.endedAt).sort().at(-1)!;
  // Stamped with the runs' end, not the merge's clock: the same folders merge to the same file.
  const unheld = (name: string) => brokenResult(scenarioNamed(name), "no result: no shard's results hold it (a shard did not run, or its folder was not merged)", NO_RESULT, Date.parse(endedAt));
  const results: ScenarioResult[] = [
    ...plan.flatMap((name) => (missing.includes(name) ? [unheld(name)] : all.filter((r) => r.name === name))),
    ...all.filter((r) => !plan.includes(r.name)),
  ];
  const labError = runs.find((r) => r.labError)?.labError;
  const hostFacts = runs.find((r) => r.hostFacts)?.hostFacts;
  const run: RunRecord = {
    ...first.content.run,
    runId: runs.map((r) => r.runId).join(","),
    scenarios: results.filter((r) => !missing.includes(r.name)).map((r) => r.name),
    skipped,
    // The drill's traffic, not a shard's whose scenarios all bring their own load.
    traffic: runs.find((r) => r.traffic === r.askedTraffic)?.traffic ?? first.content.run.traffic,
    startedAt: runs.map((r) => r.startedAt).sort()[0]!,
    endedAt,
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
    ...(labError ? { labError } : {}),
    ...(hostFacts ? { hostFacts } : {}),
  };
  delete run.shard;
  const parts = runs.map((r) => `${r.shard ? shardText(r.shard) : "whole plan"} (run ${r.runId})`);
  return { run: { ...run, shards: parts, missing }, results };
}

/** The merge's exit, as the drill's would be: 0 all passed, 1 any failed, 2 any broken (a missing scenario is) or a failure of mocha's that no verdict explains. */
export function mergedExitCode(merged: MergedResults): number {
  return drillExitCode(merged.results, merged.run.failures);
}

function inShardOrder(a: ShardResults, b: ShardResults): number {
  const key = (s: ShardResults) => [s.content.run.shard?.index ?? 0, s.content.run.runId, s.file] as const;
  const [x, y] = [key(a), key(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
}

/** The catalog's scenario of that name; a name the catalog no longer has still gets a result under its name. */
function scenarioNamed(name: string): Scenario {
  return SCENARIOS.find((s) => s.name === name) ?? ({ name, title: name, description: "", budget: {} } as unknown as Scenario);
}

function dedupe<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}
