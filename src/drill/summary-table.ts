import type { CheckResult } from "../checks/check-result.ts";
import { formatFigure } from "../checks/format.ts";
import { shownStatus } from "../checks/shown-status.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import { unexplainedFailures } from "./missing-results.ts";

function figure(result: ScenarioResult, name: string): CheckResult | undefined {
  return result.checks.find((c) => c.name === name);
}

function vsBudget(check: CheckResult | undefined): string {
  if (!check) return "-";
  const measured = check.measured === undefined ? (check.status === "unknown" ? "?" : "never") : formatFigure(check.measured, check.unit);
  if (check.budget !== undefined) return `${measured} / ${formatFigure(check.budget, check.unit)}`;
  // Beside a verdict, a bare figure reads as judged: say that nothing held it.
  return shownStatus(check) === "reported" ? `${measured} reported` : measured;
}

/**
 * The table printed at the end of every drill: one row per scenario with its verdict,
 * time to recover against its budget, downtime and failed requests.
 */
export function summaryTable(results: readonly ScenarioResult[]): string {
  const header = ["scenario", "verdict", "recovered / budget", "downtime", "failed requests"];
  const rows = results.map((r) => {
    const samples = r.history.samples.filter((s) => s.start >= r.history.t0 && s.start <= r.history.windowEnd);
    const failed = samples.filter((s) => !s.ok).length;
    return [
      r.name,
      r.verdict.toUpperCase(),
      vsBudget(figure(r, "time to recover")),
      vsBudget(figure(r, "downtime")),
      samples.length ? `${failed} of ${samples.length}` : "-",
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  const notes = results.filter((r) => r.reason).map((r) => `  ${r.name}: ${r.reason}`);
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line), ...(notes.length ? ["", "why:", ...notes] : [])].join("\n");
}

/**
 * 0 all passed (or skipped), 1 any failed, 2 any broke: broken wins, the run cannot be
 * trusted. Mocha's failure count is honoured: a failure no verdict accounts for (a hook
 * that threw) is the harness's, so 2, whatever the results say.
 */
export function drillExitCode(results: readonly ScenarioResult[], mochaFailures = 0): number {
  if (results.some((r) => r.verdict === "broken") || unexplainedFailures(results, mochaFailures) > 0) return 2;
  if (results.some((r) => r.verdict === "failed")) return 1;
  return 0;
}
