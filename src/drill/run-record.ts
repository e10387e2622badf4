import { readFile } from "node:fs/promises";
import { inputError } from "../errors/firedrill-error.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import { FIREDRILL_VERSION } from "../util/version.ts";
import { type CodeIdentity, codeIdentity } from "./code-identity.ts";
import type { HostFacts } from "./host-facts.ts";
import type { BudgetLayers } from "./plan-budget.ts";
import type { DrillPlan } from "./plan.ts";
import { drillTraffic } from "./plan-traffic.ts";
import type { DrillRun } from "./run-drill.ts";
import type { Shard } from "./shard.ts";

/**
 * What a drill's results were judged under, written with them: enough to merge the
 * results of several shards into one report and one certificate, and to refuse to
 * merge results that do not belong together (another profile, another firedrill).
 */
export interface RunRecord {
  runId: string;
  /** The firedrill version that judged the results. */
  firedrill: string;
  /** The code that judged them (version, digest of its sources, commit): merges compare it. Absent in records before 0.2.0. */
  code: CodeIdentity;
  profile: { name: string; file: string; description: string; digest: string };
  stack: string;
  /** The part of the plan this run ran, when the drill was sharded. */
  shard?: Shard;
  /** Every scenario of the plan, whichever shard runs it, in plan order. */
  plan: string[];
  /** The scenarios this run ran (its shard's, or the whole plan). */
  scenarios: string[];
  /** Scenarios the stack cannot run, with why. */
  skipped: Array<{ name: string; reason: string }>;
  traffic: string;
  /**
   * The traffic the drill gave every scenario (the flag's or the profile's; probe when
   * neither asked for a load): what shards must agree on. `traffic` is the common traffic
   * of this run's own scenarios, which for a shard of only scenarios with a load of their
   * own is that load.
   */
  askedTraffic: string;
  /** The budget overrides the results were judged with. */
  layers: BudgetLayers;
  /** How long each scenario could run before the drill gave up on it (FIREDRILL_SCENARIO_TIME_LIMIT). */
  timeLimitMs: number;
  inventory?: { name: string; file: string; digest: string };
  startedAt: string;
  endedAt: string;
  /** Mocha's failure count (a failure no verdict explains means the run broke). */
  failures: number;
  labError?: { code?: string; message: string };
  hostFacts?: HostFacts;
  /** Merged results only: the shards merged ("1/2 (run r...)"), and the plan's scenarios none of them held. */
  shards?: string[];
  missing?: string[];
}

/** reports/drill-results.json: the run, then its results. */
export interface ResultsFile {
  run: RunRecord;
  results: ScenarioResult[];
}

export function runRecord(plan: DrillPlan, run: DrillRun, startedAt: number, endedAt: number): RunRecord {
  const { profile } = plan;
  return {
    runId: plan.runId,
    firedrill: FIREDRILL_VERSION,
    code: codeIdentity(),
    profile: { name: profile.name, file: profile.file, description: profile.description, digest: profile.digest },
    stack: plan.stack.name,
    ...(plan.shard ? { shard: { index: plan.shard.index, total: plan.shard.total } } : {}),
    plan: plan.shard?.plan ?? plan.scenarios.map((p) => p.scenario.name),
    scenarios: plan.scenarios.map((p) => p.scenario.name),
    skipped: plan.scenarios.flatMap((p) => (p.skip ? [{ name: p.scenario.name, reason: p.skip }] : [])),
    traffic: drillTraffic(plan.scenarios),
    // A load asked for applies to every scenario; a scenario's own load shows only where nothing was asked.
    askedTraffic: plan.scenarios.find((p) => p.trafficSource !== "scenario")?.traffic.text ?? "probe",
    layers: plan.layers,
    timeLimitMs: plan.timeLimitMs,
    ...(plan.inventory ? { inventory: { name: plan.inventory.name, file: plan.inventory.file, digest: plan.inventory.digest } } : {}),
    startedAt: new Date(startedAt).toISOString(),
    endedAt: new Date(endedAt).toISOString(),
    failures: run.failures,
    ...(run.labError ? { labError: { ...(run.labError.code ? { code: run.labError.code } : {}), message: run.labError.message } } : {}),
    ...(run.hostFacts ? { hostFacts: run.hostFacts } : {}),
  };
}

/** Reads a results file, refusing one that is not (or not any more) in this shape, with the file named. */
export async function readResultsFile(file: string): Promise<ResultsFile> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw inputError("NO_RESULTS", `${file} cannot be read as drill results (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, "Give the folder a drill or certify wrote (its FIREDRILL_REPORTS), holding drill-results.json.");
  }
  const shaped = data as Partial<ResultsFile>;
  if (!shaped || typeof shaped !== "object" || !shaped.run || !Array.isArray(shaped.results) || typeof shaped.run.profile?.digest !== "string") {
    throw inputError("NO_RESULTS", `${file} is not drill results of this firedrill (no run record: written by a version before 0.2?)`, "Run the drill again with this firedrill.");
  }
  return shaped as ResultsFile;
}
