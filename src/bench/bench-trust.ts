import { runScenario } from "../scenarios/run-scenario.ts";
import { parseTrafficSpec } from "../traffic/traffic-spec.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import type { LabWithStack } from "../drill/bring-up.ts";
import { log } from "../util/log.ts";
import { caught, describeCaughtBy } from "./sabotage/caught.ts";
import { labAwayFromBaseline } from "./sabotage/lab-at-baseline.ts";
import type { ResultControl } from "./sabotage/missing-scenario.ts";
import type { Sabotage, SabotageTrace } from "./sabotage/sabotage.ts";
import type { TrustRow } from "./sabotage/trust-row.ts";
import { withSabotage } from "./sabotage/with-sabotage.ts";

export interface TrustBench {
  rows: TrustRow[];
  /** The positive control: the scenario the result controls are made from, run as it is. */
  control?: { scenario: string; verdict: string; reason?: string };
}

/** One sabotage, judged by the normal drill code on the shared lab, then the lab checked back at baseline. */
export async function runSabotage(lab: LabWithStack, sabotage: Sabotage): Promise<{ row: TrustRow; result: ScenarioResult }> {
  log("trust", `${sabotage.name} during ${sabotage.scenario.name}: ${sabotage.title}`);
  const trace: SabotageTrace = { errors: [] };
  const traffic = sabotage.traffic === undefined ? undefined : parseTrafficSpec(sabotage.traffic, `sabotage ${sabotage.name}`);
  const result = await runScenario(withSabotage(sabotage.scenario, sabotage, trace), { lab: lab.lab, deployed: lab.deployed, ...(traffic ? { traffic } : {}) });
  const outcome = caught(sabotage, result, trace);
  const notRestored = await labAwayFromBaseline(lab.lab, lab.deployed);
  log("trust", `${sabotage.name}: ${result.verdict} (expected ${sabotage.expected}): ${outcome.caught ? "caught" : "NOT caught"} by ${outcome.by}`);
  return {
    result,
    row: {
      sabotage: sabotage.name,
      title: sabotage.title,
      scenario: sabotage.scenario.name,
      expected: sabotage.expected,
      verdict: result.verdict,
      caught: outcome.caught,
      by: outcome.caught ? outcome.by : `${outcome.by}; expected ${sabotage.expected} by ${describeCaughtBy(sabotage)}`,
      notRestored,
      trace,
      checks: result.checks,
    },
  };
}

/**
 * Runs each sabotage on one lab, in order, then the result controls (if any) on one
 * unsabotaged run: every row says whether the harness caught it and whether the lab came back.
 */
export async function benchTrust(lab: LabWithStack, sabotages: readonly Sabotage[], results: readonly ResultControl[] = []): Promise<TrustBench> {
  const bench: TrustBench = { rows: [] };
  // The result controls' run comes first: it also shows the lab passes unsabotaged.
  const resultRows: TrustRow[] = [];
  const scenario = results[0]?.scenario;
  if (scenario) {
    if (results.some((r) => r.scenario !== scenario)) throw new Error("the result controls must share one scenario's run");
    log("trust", `control: ${scenario.name} as it is, for ${results.map((r) => r.name).join(" and ")}`);
    const control = await runScenario(scenario, { lab: lab.lab, deployed: lab.deployed });
    bench.control = { scenario: control.name, verdict: control.verdict, reason: control.reason };
    const notRestored = await labAwayFromBaseline(lab.lab, lab.deployed);
    for (const r of results) resultRows.push({ ...r.judge(control), notRestored });
  }
  for (const sabotage of sabotages) bench.rows.push((await runSabotage(lab, sabotage)).row);
  bench.rows.push(...resultRows);
  return bench;
}

export function trustExitCode(bench: TrustBench): number {
  const control = bench.control === undefined || bench.control.verdict === "passed";
  return control && bench.rows.every((r) => r.caught && (r.notRestored ?? []).length === 0) ? 0 : 1;
}

export function formatTrust(bench: TrustBench): string {
  const lines: string[] = [];
  if (bench.control) {
    const ok = bench.control.verdict === "passed";
    lines.push(`control: ${bench.control.scenario} without sabotage: ${bench.control.verdict}${ok ? "" : ` (${bench.control.reason ?? "see its checks"}): the lab or the harness fails unsabotaged, so the catches below prove little`}`, "");
  }
  lines.push(`${"sabotage".padEnd(24)}${"scenario".padEnd(28)}${"expected".padEnd(15)}${"verdict".padEnd(15)}${"caught".padEnd(8)}${"restored".padEnd(10)}caught by`);
  for (const r of bench.rows) {
    const restored = r.notRestored === undefined ? "-" : r.notRestored.length === 0 ? "yes" : "NO";
    lines.push(`${r.sabotage.padEnd(24)}${r.scenario.padEnd(28)}${r.expected.padEnd(15)}${r.verdict.padEnd(15)}${(r.caught ? "yes" : "NO").padEnd(8)}${restored.padEnd(10)}${r.by}`);
  }
  const dirty = bench.rows.filter((r) => (r.notRestored ?? []).length > 0);
  if (dirty.length) lines.push("", "not restored to baseline:", ...dirty.map((r) => `  ${r.sabotage}: ${r.notRestored!.join("; ")}`));
  lines.push("", `caught ${bench.rows.filter((r) => r.caught).length} of ${bench.rows.length}`);
  return lines.join("\n");
}
