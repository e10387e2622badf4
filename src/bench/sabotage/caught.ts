import type { ScenarioResult } from "../../scenarios/scenario-result.ts";
import type { Sabotage, SabotageTrace } from "./sabotage.ts";

export interface Catch {
  caught: boolean;
  /** What said so: the failed checks, or the reason of a broken verdict; otherwise why it was not caught. */
  by: string;
}

/**
 * Caught: the expected verdict, said by the expected check (or reason). The right
 * verdict for another reason is not a catch: a control that fails because the lab was
 * bad proves nothing. Nor is a sabotage that could not act or be undone.
 */
export function caught(sabotage: Sabotage, result: Pick<ScenarioResult, "verdict" | "reason" | "checks">, trace: SabotageTrace): Catch {
  if (trace.errors.length > 0) return { caught: false, by: `void control: ${trace.errors.join("; ")}` };
  const failed = result.checks.filter((c) => c.status === "failed").map((c) => c.name);
  const by = result.verdict === "broken" || result.verdict === "skipped" ? (result.reason ?? "no reason given") : failed.join(", ") || "no check failed";
  if (result.verdict !== sabotage.expected) return { caught: false, by };
  // A check named after a service ("notes_app update outcome") is caught by its stack-independent part.
  const named = "checks" in sabotage.caughtBy ? sabotage.caughtBy.checks.some((c) => failed.some((f) => f === c || f.endsWith(` ${c}`))) : sabotage.caughtBy.reason.test(result.reason ?? "");
  return { caught: named, by: named ? by : `${by} (expected ${describeCaughtBy(sabotage)})` };
}

export function describeCaughtBy(sabotage: Sabotage): string {
  return "checks" in sabotage.caughtBy ? `one of: ${sabotage.caughtBy.checks.join(", ")}` : `a reason matching ${sabotage.caughtBy.reason}`;
}
