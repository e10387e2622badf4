import type { Budget } from "../checks/budget.ts";
import { BUDGET_LABELS, describeField } from "../checks/describe-budget.ts";
import { judgedBudgets } from "../scenarios/judged-budgets.ts";
import { formatMs } from "../util/wait-for.ts";
import type { DrillPlan } from "./plan.ts";
import { commonTraffic } from "./plan-traffic.ts";
import { shardText } from "./shard.ts";

/** The plan as `--dry-run` prints it: what would start, and every scenario's budgets with their sources. */
export function formatPlan(plan: DrillPlan): string {
  const lines = [
    `profile   ${plan.profile.name} (${plan.profile.file}, digest ${plan.profile.digest})`,
    `stack     ${plan.stack.name} (${plan.stack.dir}; namespace ${plan.stack.manifest.namespace})`,
    plan.inventory
      ? `lab       inventory ${plan.inventory.name} (${plan.inventory.file}, digest ${plan.inventory.digest}): ${plan.inventory.hosts.map((h) => `${h.name} (${h.role})`).join(", ")}; swarm: ${plan.inventory.swarm}, hostHalt: ${plan.inventory.hostHalt}, run ${plan.runId}`
      : plan.attach
        ? `lab       run ${plan.runId} (existing)`
        : `lab       a new lab, run ${plan.runId}: ${plan.lab.hosts ?? 3} hosts, ${plan.lab.managers ?? 1} manager(s)`,
    `limit     ${formatMs(plan.timeLimitMs)} per scenario`,
    `traffic   ${trafficLine(plan)}`,
    ...(plan.shard ? [`shard     ${shardText(plan.shard)}: ${plan.scenarios.length} of the plan's ${plan.shard.plan.length} scenarios (split by measured durations)`] : []),
    `scenarios ${plan.scenarios.filter((s) => !s.skip).length} to run${plan.scenarios.some((s) => s.skip) ? `, ${plan.scenarios.filter((s) => s.skip).length} skipped` : ""}`,
    "",
  ];
  for (const planned of plan.scenarios) {
    lines.push(`${planned.scenario.name}${planned.skip ? ` (skipped: ${planned.skip})` : ""}`);
    if (planned.trafficSource === "scenario") lines.push(`  ${`traffic ${planned.traffic.text}`.padEnd(34)} scenario`);
    for (const field of (Object.keys(BUDGET_LABELS) as Array<keyof Budget>).filter((f) => planned.budget[f] !== undefined)) {
      lines.push(`  ${describeField(field, planned.budget[field]!).padEnd(34)} ${planned.sources[field]}`);
    }
    // Figures a check measures with no budget to hold them to: in the report, but never a pass.
    const reported = judgedBudgets(planned.scenario).filter((f) => planned.budget[f] === undefined);
    if (reported.length > 0) lines.push(`  reported, no budget: ${reported.map((f) => BUDGET_LABELS[f].label).join(", ")}`);
  }
  return lines.join("\n");
}

/** The drill's traffic as most scenarios get it, and where from ("load:rate=200 (--traffic)"). */
function trafficLine(plan: DrillPlan): string {
  const common = commonTraffic(plan.scenarios);
  if (!common) return "probe";
  const k6 = common.traffic.kind === "k6" ? ` run by ${common.traffic.executable}` : "";
  return `${common.traffic.text}${k6} (${common.trafficSource === "default" ? "the probe alone, every 100ms" : common.trafficSource}); latency from each request's scheduled start`;
}

/** The plan as `--dry-run --json` prints it. */
export function planJson(plan: DrillPlan) {
  return {
    profile: { name: plan.profile.name, file: plan.profile.file, digest: plan.profile.digest },
    stack: { name: plan.stack.name, dir: plan.stack.dir },
    runId: plan.runId,
    attach: plan.attach,
    ...(plan.inventory ? { inventory: { name: plan.inventory.name, file: plan.inventory.file, digest: plan.inventory.digest } } : {}),
    timeLimitMs: plan.timeLimitMs,
    ...(plan.shard ? { shard: { index: plan.shard.index, total: plan.shard.total, plan: plan.shard.plan } } : {}),
    scenarios: plan.scenarios.map((p) => ({ name: p.scenario.name, ...(p.skip ? { skip: p.skip } : {}), traffic: { spec: p.traffic.text, source: p.trafficSource }, budget: p.budget, sources: p.sources, judges: judgedBudgets(p.scenario) })),
  };
}
