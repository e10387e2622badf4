import type { CheckResult, Verdict } from "../checks/check-result.ts";
import { failedDespiteUnseen, verdictOf } from "../checks/judge.ts";
import { FiredrillError } from "../errors/firedrill-error.ts";

/** The name every platform finding is reported under, in checks, reports and categories. */
export const PLATFORM_FINDING = "platform did its job";

export function isPlatformFinding(error: unknown): error is FiredrillError {
  return error instanceof FiredrillError && error.kind === "platform";
}

/** What the platform did not do, as a failed check: it holds whatever else went wrong. */
export function platformFinding(phase: string, error: FiredrillError): CheckResult {
  return { name: PLATFORM_FINDING, status: "failed", unit: "count", standsAlone: true, detail: `${phase}: [${error.code}] ${error.message}` };
}

export interface ScenarioVerdict {
  verdict: Verdict;
  /** Why it broke, or, for a failure found beside a harness problem, both. */
  reason?: string;
  code?: string;
}

/**
 * One scenario's verdict from its checks and what went wrong around them.
 * - The harness broke (no steady state, a fault not proven, a revert that failed): the
 *   window's figures cannot be trusted, so broken, unless a check that stands alone (data
 *   lost, the platform not doing its job) failed: that is a failure whatever else happened.
 * - Otherwise the checks decide (a starved probe voids the window: broken).
 * - Residue left on a host is its own problem: it makes a pass broken, and never hides a
 *   failure (the residue is named beside it).
 */
export function scenarioVerdict(checks: readonly CheckResult[], broken: { reason: string; code?: string } | undefined, residue: string | undefined): ScenarioVerdict {
  if (broken) {
    const standing = checks.filter((c) => c.standsAlone && c.status === "failed");
    if (standing.length > 0) return { verdict: "failed", reason: `${names(standing)} failed; the harness also broke: ${broken.reason}`, code: broken.code };
    return { verdict: "broken", reason: broken.reason, code: broken.code };
  }
  const verdict = verdictOf(checks);
  const starved = checks.find((c) => c.voidsWindow && c.status === "unknown");
  if (verdict === "failed" && starved) {
    const standing = checks.filter(failedDespiteUnseen);
    return { verdict, reason: `${names(standing)} failed even at best; the rest is unknown: ${starved.detail}`, code: "PROBE_STARVED" };
  }
  if (verdict === "failed") return residue ? { verdict, reason: `the platform failed ${names(checks.filter((c) => c.status === "failed"))}; also ${residue}`, code: "RESIDUE" } : { verdict };
  if (verdict === "broken") {
    const unknown = checks.filter((c) => c.status === "unknown");
    const voiding = unknown.find((c) => c.voidsWindow);
    if (voiding) return { verdict, reason: voiding.detail, code: "PROBE_STARVED" };
    return { verdict, reason: unknown.length ? unknown.map((c) => `${c.name}: ${c.detail}`).join("; ") : "no check was made", code: "CHECK_UNKNOWN" };
  }
  if (residue) return { verdict: "broken", reason: residue, code: "RESIDUE" };
  return { verdict };
}

function names(checks: readonly CheckResult[]): string {
  return checks.map((c) => c.name).join(", ");
}
