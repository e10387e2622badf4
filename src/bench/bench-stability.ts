import type { CheckResult, Verdict } from "../checks/check-result.ts";
import { formatFigure } from "../checks/format.ts";
import { runScenario } from "../scenarios/run-scenario.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import type { LabWithStack } from "../drill/bring-up.ts";
import { log } from "../util/log.ts";
import { median } from "./median.ts";

export interface StabilityRow {
  scenario: string;
  verdicts: Verdict[];
  /** Time to recover per run (ms); undefined when it did not recover or was not measured. */
  recoveries: Array<number | undefined>;
  convergences: Array<number | undefined>;
  reasons: string[];
}

/** Runs every scenario `runs` times on one lab, in rounds, and keeps verdicts and figures. */
export async function benchStability(lab: LabWithStack, scenarios: readonly Scenario[], runs: number): Promise<StabilityRow[]> {
  const rows: StabilityRow[] = scenarios.map((s) => ({ scenario: s.name, verdicts: [], recoveries: [], convergences: [], reasons: [] }));
  for (let round = 1; round <= runs; round++) {
    for (const [i, scenario] of scenarios.entries()) {
      log("bench", `round ${round}/${runs}: ${scenario.name}`);
      const result = await runScenario(scenario, { lab: lab.lab, deployed: lab.deployed });
      const row = rows[i]!;
      row.verdicts.push(result.verdict);
      row.recoveries.push(figure(result.checks, "time to recover"));
      row.convergences.push(figure(result.checks, "convergence"));
      if (result.verdict !== "passed") {
        const why = result.reason ?? result.checks.filter((c) => c.status !== "passed").map((c) => `${c.name}: ${c.detail}`).join("; ");
        row.reasons.push(`run ${round}: ${why}`);
      }
    }
  }
  return rows;
}

function figure(checks: readonly CheckResult[], name: string): number | undefined {
  return checks.find((c) => c.name === name)?.measured;
}

function spread(values: ReadonlyArray<number | undefined>): string {
  const measured = values.filter((v): v is number => v !== undefined);
  if (measured.length === 0) return "-";
  const f = (v: number) => formatFigure(v, "ms");
  return `${f(Math.min(...measured))} / ${f(median(measured))} / ${f(Math.max(...measured))}${measured.length < values.length ? ` (${values.length - measured.length} none)` : ""}`;
}

export function formatStability(rows: readonly StabilityRow[]): string {
  const lines = ["scenario                     verdicts                      recover min/median/max      converge min/median/max"];
  for (const r of rows) {
    lines.push(`${r.scenario.padEnd(28)} ${r.verdicts.map((v) => v[0]!.toUpperCase()).join(" ").padEnd(29)} ${spread(r.recoveries).padEnd(27)} ${spread(r.convergences)}`);
  }
  const unstable = rows.filter((r) => new Set(r.verdicts).size > 1 || r.verdicts.some((v) => v !== "passed"));
  if (unstable.length) lines.push("", "not passed every time:", ...unstable.flatMap((r) => r.reasons.map((x) => `  ${r.scenario} ${x}`)));
  return lines.join("\n");
}
