import type { CheckResult, Verdict } from "../checks/check-result.ts";
import { budgetWaivers, type Waiver, waiverText } from "../drill/budget-waivers.ts";
import type { CodeIdentity } from "../drill/code-identity.ts";
import type { HostFacts } from "../drill/host-facts.ts";
import type { BudgetLayers } from "../drill/plan-budget.ts";
import { unexplainedFailures } from "../drill/missing-results.ts";
import type { Profile } from "../profiles/load-profile.ts";
import { DEFAULT_SCENARIOS } from "../scenarios/definitions/index.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import { errorCodeRow } from "../errors/error-codes.ts";

/**
 * certified: every scenario of the catalog ran and passed. partial: every scenario of
 * the profile's subset passed, accepted with --allow-partial (the certificate says N of
 * M, N at least 1, and names the rest). not certified: a scenario failed, was not
 * judged, was left out without --allow-partial, none of the catalog ran and passed, or
 * the platform refused the configuration. broken: the harness could not judge.
 */
export type CertificateStatus = "certified" | "partial" | "not certified" | "broken";

export interface Certificate {
  profile: { name: string; file: string; description: string; digest: string };
  /** The stack the configuration was drilled with (its folder's name). */
  stack?: string;
  /** The machines certified, when they were an inventory's (not a local lab's): its digest says which file exactly. */
  inventory?: { name: string; file: string; digest: string };
  /** The traffic beside the probe the scenarios were judged under ("probe", "load:rate=200"): a certificate holds for that load, not for more. */
  traffic?: string;
  status: CertificateStatus;
  /** Why not certified, or why the run broke. */
  reason?: string;
  /** How much of the catalog the run covers: "certified for `scenarios` of `of` scenarios". */
  coverage: { scenarios: number; of: number; notCovered: Array<{ name: string; title: string; why: string }> };
  /** Budgets the profile made looser than the scenarios' defaults. */
  waivers: Array<Waiver & { text: string }>;
  runId: string;
  /** The firedrill that judged the run: a certificate says which code it takes the verdicts of. */
  code?: CodeIdentity;
  /** The shards this certificate was merged from (certify --merge). */
  shards?: string[];
  startedAt: string;
  endedAt: string;
  hostFacts?: HostFacts;
  scenarios: Array<{ name: string; title: string; verdict: Verdict; reason?: string; checks: CheckResult[] }>;
}

export interface CertificationRun {
  /** What a certificate reads of the profile (a merge rebuilds it from the shards' run records). */
  profile: CertifiedProfile;
  runId: string;
  /** The code that judged the results (the run record's). */
  code?: CodeIdentity;
  startedAt: number;
  endedAt: number;
  results: readonly ScenarioResult[];
  hostFacts?: HostFacts;
  labError?: Error & { code?: string };
  /** Mocha's failure count: one that no verdict accounts for means the run broke. */
  failures?: number;
  stack?: string;
  inventory?: { name: string; file: string; digest: string };
  /** The drill's traffic beside the probe, as the plan resolved it. */
  traffic?: string;
  /** Scenarios the stack cannot run, with why (it declares no version to upgrade to...): not covered. */
  skipped?: ReadonlyArray<{ name: string; reason: string }>;
  /** The budget overrides the run was judged with (the plan's); by default the profile's. */
  layers?: BudgetLayers;
  /** Planned scenarios no shard's results hold, when shards were merged: the certificate is partial at best. */
  missing?: readonly string[];
  /** The shards merged into this certificate ("1/2 (run r...)"). */
  shards?: readonly string[];
}

export type CertifiedProfile = Pick<Profile, "name" | "file" | "description" | "digest" | "scenarios" | "budgets" | "scenarioBudgets">;

export interface CertifyOptions {
  /** Accept a profile that declares a subset of the scenarios (then: certified for N of M). */
  allowPartial?: boolean;
  /** Every scenario there is (the catalog); a parameter for tests. */
  catalog?: readonly Scenario[];
}

/** "certified for 1 of 10 scenarios", "certified", ...: the status as one line. */
export function certificateHeadline(c: Certificate): string {
  if (c.status === "partial") return `certified for ${c.coverage.scenarios} of ${c.coverage.of} scenarios`;
  return c.status;
}

/**
 * The verdict on a configuration, from its run. Only a run of the whole catalog, every
 * scenario passed, certifies; a subset (the profile's `scenarios:`) is partial at best,
 * and a planned scenario without a result is never passed.
 */
export function certificateFor(run: CertificationRun, options: CertifyOptions = {}): Certificate {
  const { profile, results } = run;
  const catalog = options.catalog ?? DEFAULT_SCENARIOS;
  const skipped = new Map<string, string>([
    ...(run.skipped ?? []).map((s) => [s.name, s.reason] as const),
    ...(run.missing ?? []).map((name) => [name, "no shard's results hold it (a shard did not run, or its folder was not merged)"] as const),
  ]);
  const planned = catalog.filter((s) => (!profile.scenarios || profile.scenarios.includes(s.name)) && !skipped.has(s.name));
  const notCovered = catalog
    .filter((s) => !planned.includes(s))
    .map((s) => ({ name: s.name, title: s.title, why: skipped.get(s.name) ?? "not in the profile's scenarios:" }));
  const { status, reason } = judgeRun(run, planned, notCovered.map((s) => s.name), catalog.length, options.allowPartial ?? false);
  const waivers = budgetWaivers(planned, run.layers ?? { all: profile.budgets, byScenario: profile.scenarioBudgets }).map((w) => ({ ...w, text: waiverText(w) }));
  return {
    profile: { name: profile.name, file: profile.file, description: profile.description, digest: profile.digest },
    ...(run.stack ? { stack: run.stack } : {}),
    ...(run.inventory ? { inventory: { name: run.inventory.name, file: run.inventory.file, digest: run.inventory.digest } } : {}),
    ...(run.traffic ? { traffic: run.traffic } : {}),
    status,
    reason,
    coverage: { scenarios: planned.length, of: catalog.length, notCovered },
    waivers,
    runId: run.runId,
    ...(run.code ? { code: run.code } : {}),
    ...(run.shards ? { shards: [...run.shards] } : {}),
    startedAt: new Date(run.startedAt).toISOString(),
    endedAt: new Date(run.endedAt).toISOString(),
    hostFacts: run.hostFacts,
    scenarios: results.map((r) => ({ name: r.name, title: r.title, verdict: r.verdict, reason: r.reason, checks: r.checks })),
  };
}

function judgeRun(
  run: CertificationRun,
  planned: readonly Scenario[],
  notCovered: readonly string[],
  catalogSize: number,
  allowPartial: boolean,
): { status: CertificateStatus; reason?: string } {
  const { results, labError } = run;
  const named = (verdict: Verdict) => results.filter((r) => r.verdict === verdict);
  // A lab that did not come up is a verdict only where its code's row says so (the
  // platform refused the configuration itself): the row's meaning leads the reason.
  const refusal = errorCodeRow(labError?.code);
  if (labError && refusal?.certificate === "not certified") {
    return { status: "not certified", reason: `${refusal.meaning}: ${labError.message}` };
  }
  if (labError || named("broken").length > 0) {
    return { status: "broken", reason: labError?.message ?? named("broken").map((r) => `${r.name}: ${r.reason}`).join("; ") };
  }
  const unexplained = unexplainedFailures(results, run.failures ?? 0);
  if (unexplained > 0) return { status: "broken", reason: `mocha counted ${unexplained} failure(s) that no scenario's verdict accounts for (a hook or a reporter failed)` };
  if (results.length === 0) return { status: "broken", reason: "no scenario ran" };
  if (named("failed").length > 0) return { status: "not certified", reason: `failed: ${named("failed").map((r) => r.name).join(", ")}` };
  const unjudged = planned.filter((s) => !results.some((r) => r.name === s.name)).map((s) => s.name);
  if (unjudged.length > 0) return { status: "not certified", reason: `no result for ${unjudged.join(", ")}: a certificate needs every planned scenario judged` };
  const notPassed = planned.filter((s) => results.find((r) => r.name === s.name)?.verdict !== "passed");
  if (notPassed.length > 0) {
    return { status: "not certified", reason: `not passed: ${notPassed.map((s) => `${s.name} (${results.find((r) => r.name === s.name)!.verdict})`).join(", ")}` };
  }
  // Every planned scenario passed; with none planned, nothing was: a certificate must cover one that ran and passed.
  if (planned.length === 0) {
    return {
      status: "not certified",
      reason:
        `no scenario of the catalog ran and passed (0 of ${catalogSize} covered: ${notCovered.join(", ")}); ` +
        "a certificate covers at least one: drill a scenario of the catalog that the stack can run",
    };
  }
  if (notCovered.length === 0) return { status: "certified" };
  // Shards that miss a scenario (one not run, or not merged) make a partial certificate,
  // with or without --allow-partial: the certificate is whole once every shard is merged.
  const missing = run.missing ?? [];
  if (missing.length > 0) return { status: "partial", reason: `no shard's results hold ${missing.join(", ")}: merge every shard's folder for a whole certificate` };
  if (allowPartial) return { status: "partial" };
  return {
    status: "not certified",
    reason:
      `partial run: ${planned.length} of ${catalogSize} scenarios covered (not covered: ${notCovered.join(", ")}); ` +
      "drill every scenario (remove the profile's scenarios: key, give the stack what the skipped ones need), or pass --allow-partial to accept a partial certificate",
  };
}

/** 0 certified or partial (a subset under --allow-partial, a shard's part, a merge missing a shard: the caller decides on those), 1 not certified, 2 broken; over several profiles the worst wins. */
export function certificateExitCode(certificates: readonly Certificate[]): number {
  if (certificates.some((c) => c.status === "broken")) return 2;
  if (certificates.some((c) => c.status === "not certified")) return 1;
  return 0;
}
