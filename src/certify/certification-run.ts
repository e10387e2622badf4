import type { RunRecord } from "../drill/run-record.ts";
import { shardText } from "../drill/shard.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import type { CertificationRun, CertifiedProfile } from "./certificate.ts";

/**
 * What a certificate is judged from, read off a run record: one run's (a whole drill or
 * one shard's part), or shards merged. A shard's part misses the plan's other scenarios
 * until merged; a merge names what no shard held.
 */
export function certificationRun(record: RunRecord, results: readonly ScenarioResult[], profile: CertifiedProfile): CertificationRun {
  const missing = record.missing ?? (record.shard ? record.plan.filter((name) => !record.scenarios.includes(name)) : []);
  const shards = record.shards ?? (record.shard ? [shardText(record.shard)] : undefined);
  return {
    profile,
    runId: record.runId,
    ...(record.code ? { code: record.code } : {}),
    startedAt: Date.parse(record.startedAt),
    endedAt: Date.parse(record.endedAt),
    // A merge gives each scenario no shard held a broken result (for JUnit and the exit code); the certificate lists it as not covered instead.
    results: results.filter((r) => !missing.includes(r.name)),
    failures: record.failures,
    ...(record.labError ? { labError: Object.assign(new Error(record.labError.message), record.labError) } : {}),
    ...(record.hostFacts ? { hostFacts: record.hostFacts } : {}),
    stack: record.stack,
    ...(record.inventory ? { inventory: record.inventory } : {}),
    traffic: record.traffic,
    skipped: record.skipped,
    layers: record.layers,
    ...(missing.length > 0 ? { missing } : {}),
    ...(shards ? { shards } : {}),
  };
}

/** The profile as a record holds it (a merge has no profile file to load): its scenarios: are the plan's, its budgets the record's layers. */
export function recordedProfile(record: RunRecord): CertifiedProfile {
  return { ...record.profile, scenarios: record.plan, budgets: record.layers.all ?? {}, scenarioBudgets: record.layers.byScenario ?? {} };
}
