import type { CheckResult, Verdict } from "../checks/check-result.ts";
import type { HostFacts } from "../drill/host-facts.ts";
import type { Profile } from "../profiles/load-profile.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";

/** Codes that mean the platform refused the configuration itself, not that the harness broke. */
const REFUSED_BY_PLATFORM = new Set(["HOST_START_FAILED", "SWARM_REFUSED"]);

export type CertificateStatus = "certified" | "not certified" | "broken";

export interface Certificate {
  profile: { name: string; file: string; description: string; digest: string };
  status: CertificateStatus;
  /** Why not certified, or why the run broke. */
  reason?: string;
  runId: string;
  startedAt: string;
  endedAt: string;
  hostFacts?: HostFacts;
  scenarios: Array<{ name: string; title: string; verdict: Verdict; reason?: string; checks: CheckResult[] }>;
}

export interface CertificationRun {
  profile: Profile;
  runId: string;
  startedAt: number;
  endedAt: number;
  results: readonly ScenarioResult[];
  hostFacts?: HostFacts;
  labError?: Error & { code?: string };
}

/**
 * The verdict on a configuration. Certified: every scenario passed. Not certified: a
 * scenario failed, or the platform could not run the configuration at all (the engine
 * or Swarm refused it; the reason says how). Broken: the harness could not judge.
 */
export function certificateFor(run: CertificationRun): Certificate {
  const { profile, results } = run;
  let status: CertificateStatus = "certified";
  let reason: string | undefined;
  if (run.labError && REFUSED_BY_PLATFORM.has(run.labError.code ?? "")) {
    status = "not certified";
    reason = `the platform cannot run this configuration: ${run.labError.message}`;
  } else if (run.labError || results.some((r) => r.verdict === "broken")) {
    status = "broken";
    reason = run.labError?.message ?? results.filter((r) => r.verdict === "broken").map((r) => `${r.name}: ${r.reason}`).join("; ");
  } else if (results.some((r) => r.verdict === "failed")) {
    status = "not certified";
    reason = `failed: ${results.filter((r) => r.verdict === "failed").map((r) => r.name).join(", ")}`;
  } else if (results.length === 0) {
    status = "broken";
    reason = "no scenario ran";
  }
  return {
    profile: { name: profile.name, file: profile.file, description: profile.description, digest: profile.digest },
    status,
    reason,
    runId: run.runId,
    startedAt: new Date(run.startedAt).toISOString(),
    endedAt: new Date(run.endedAt).toISOString(),
    hostFacts: run.hostFacts,
    scenarios: results.map((r) => ({ name: r.name, title: r.title, verdict: r.verdict, reason: r.reason, checks: r.checks })),
  };
}

/** 0 certified, 1 not certified, 2 broken; over several profiles the worst wins. */
export function certificateExitCode(certificates: readonly Certificate[]): number {
  if (certificates.some((c) => c.status === "broken")) return 2;
  if (certificates.some((c) => c.status === "not certified")) return 1;
  return 0;
}
