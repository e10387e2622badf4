import { ContentType, Status } from "allure-js-commons";
import { getGlobalTestRuntime, type TestRuntime } from "allure-js-commons/sdk/runtime";
import type { CheckResult } from "../checks/check-result.ts";
import { formatFigure } from "../checks/format.ts";
import { verdictOf } from "../checks/judge.ts";
import { type ShownStatus, shownStatus } from "../checks/shown-status.ts";
import type { PhaseRecord, ScenarioResult } from "../scenarios/scenario-result.ts";
import { clusterGapsText } from "./cluster-gaps-text.ts";
import { clusterSnapshotText, snapshotsAround } from "./cluster-text.ts";
import { csvField, samplesCsv } from "./samples-csv.ts";
import { trafficCsv } from "./traffic-csv.ts";
import { timelineSvg } from "./timeline-svg.ts";

/** What every scenario of a drill shares, shown as parameters. */
export interface DrillContext {
  profile: string;
  /** The stack drilled (its folder's name). */
  stack: string;
  hosts: number;
  runId: string;
  /** "1/2" when the drill was sharded: a merged report says which machine ran what. */
  shard?: string;
  /** Budgets loosened from the scenario's defaults, each shown beside the verdict. */
  waivers?: ReadonlyArray<{ field: string; text: string }>;
}

type MessageRuntime = TestRuntime & { sendMessage(message: unknown): Promise<void> };

const STEP_STATUS: Record<string, Status> = {
  passed: Status.PASSED,
  failed: Status.FAILED,
  broken: Status.BROKEN,
  unknown: Status.BROKEN,
  // Allure has no "reported": skipped is the one status that claims no judgement.
  reported: Status.SKIPPED,
};

/**
 * Writes one finished scenario to the current Allure test: a step per phase with its
 * real start and end, the checks as steps under "judge" named with figure and budget,
 * parameters, and the attachments a person needs to see what broke, when and for how
 * long. It only observes the result: nothing here decides anything.
 */
export async function reportScenario(result: ScenarioResult, context: DrillContext): Promise<void> {
  const runtime = getGlobalTestRuntime() as MessageRuntime;
  if (typeof runtime.sendMessage !== "function") return; // not running under an Allure reporter
  const send = (message: unknown) => runtime.sendMessage(message);

  await runtime.labels(
    { name: "epic", value: "firedrill" },
    { name: "story", value: result.title },
    { name: "tag", value: `profile:${context.profile}` },
    { name: "tag", value: `stack:${context.stack}` },
  );
  await runtime.parameter("profile", context.profile);
  await runtime.parameter("stack", context.stack);
  await runtime.parameter("hosts", String(context.hosts));
  await runtime.parameter("run", context.runId, { excluded: true });
  if (context.shard) {
    // Which shard ran it, in a merged report.
    await runtime.labels({ name: "shard", value: context.shard });
    // Excluded from the test's identity, so that history follows a scenario from shard to shard.
    await runtime.parameter("shard", context.shard, { excluded: true });
  }
  for (const [name, value] of Object.entries(result.budget)) {
    if (value !== undefined) await runtime.parameter(`budget ${name}`, String(value));
  }
  for (const waiver of context.waivers ?? []) await runtime.parameter(`waiver ${waiver.field}`, waiver.text);
  await runtime.description(describe(result, context.waivers ?? []));

  for (const phase of result.phases) {
    const step = phaseStep(phase, result.checks);
    await send({ type: "step_start", data: { name: step.name, start: phase.startedAt } });
    if (phase.name === "judge") {
      for (const check of result.checks) {
        await send({ type: "step_start", data: { name: checkStepName(check), start: phase.startedAt } });
        await send({ type: "step_stop", data: { stop: phase.endedAt, status: checkStepStatus(check), statusDetails: { message: check.detail } } });
      }
    }
    await send({ type: "step_stop", data: { stop: phase.endedAt, status: step.status } });
  }

  await runtime.attachment("availability timeline", timelineSvg(result), { contentType: ContentType.SVG });
  await runtime.attachment("checks", checksCsv(result.checks), { contentType: ContentType.CSV });
  await runtime.attachment("probe samples", samplesCsv(result.history), { contentType: ContentType.CSV });
  await runtime.attachment("traffic per second", trafficCsv(result.history), { contentType: ContentType.CSV });
  const around = snapshotsAround(result.history);
  for (const [when, snapshot] of Object.entries(around)) {
    if (snapshot) await runtime.attachment(`cluster ${when}`, clusterSnapshotText(snapshot), { contentType: ContentType.TEXT });
  }
  // Beside the snapshots: where the platform went unseen, which is why a check over it is unknown.
  const gaps = clusterGapsText(result.history);
  if (gaps) await runtime.attachment("cluster view gaps", gaps, { contentType: ContentType.TEXT });
  if (result.history.faults.length > 0) {
    const faults = result.history.faults.map((f) => [`${f.kind} on ${f.host} (${f.id})`, ...f.evidence.map((e) => `  ${new Date(e.at).toISOString()} ${e.what}`), ...(f.revertEvidence ?? []).map((e) => `  reverted: ${e.what}`)].join("\n"));
    await runtime.attachment("faults and their evidence", faults.join("\n\n"), { contentType: ContentType.TEXT });
  }
  if (result.residue.length > 0) await runtime.attachment("residue", result.residue.join("\n"), { contentType: ContentType.TEXT });
  const evidence = result.evidence;
  if (evidence) {
    await runtime.attachment("docker events", evidence.dockerEvents || "(none)", { contentType: ContentType.TEXT });
    await runtime.attachment("edge log", evidence.edgeLog || "(empty)", { contentType: ContentType.TEXT });
    await runtime.attachment("lb log", evidence.lbLog || "(empty)", { contentType: ContentType.TEXT });
    for (const [host, log] of Object.entries(evidence.hostLogs ?? {})) {
      await runtime.attachment(`${host} log`, log, { contentType: ContentType.TEXT });
    }
  }
}

/**
 * "time to recover: 4.2s (budget 30s)": the figure beside its budget, in the step's name;
 * "worst second's error ratio: 100% (reported, no budget)" where nothing held it.
 */
export function checkStepName(check: CheckResult): string {
  const figure = check.measured === undefined ? undefined : formatFigure(check.measured, check.unit);
  if (check.status === "unknown") return `${check.name}: ${figure ?? "unknown"}${check.budget === undefined ? "" : ` (budget ${formatFigure(check.budget, check.unit)})`}`;
  // A budgeted figure without a value never came to exist; a check without either had no figure to give.
  if (check.budget !== undefined) return `${check.name}: ${figure ?? "never"} (budget ${formatFigure(check.budget, check.unit)})`;
  if (shownStatus(check) === "reported") return `${check.name}${figure === undefined ? "" : `: ${figure}`} (reported, no budget)`;
  return `${check.name}: ${figure ?? check.status}`;
}

/** A check's step: green only for a figure held to its budget and within it. */
export function checkStepStatus(check: CheckResult): Status {
  return STEP_STATUS[shownStatus(check)] ?? Status.BROKEN;
}

/**
 * A phase's step. The judge phase itself rarely fails (its checks are pure), so its step
 * takes the verdict of the checks inside it: a green "judge" over a failed check would be
 * the first thing a reader trusts and the wrong one.
 */
export function phaseStep(phase: PhaseRecord, checks: readonly CheckResult[]): { name: string; status: Status } {
  if (phase.name !== "judge") return { name: phase.detail ? `${phase.name}: ${phase.detail}` : phase.name, status: STEP_STATUS[phase.status] ?? Status.BROKEN };
  const status = phase.status === "passed" ? STEP_STATUS[verdictOf(checks)]! : (STEP_STATUS[phase.status] ?? Status.BROKEN);
  // Counted as shown, not as recorded: the phase's own detail calls a reported figure passed.
  const order: ShownStatus[] = ["passed", "failed", "unknown", "reported"];
  const counts = order.map((s) => [s, checks.filter((c) => shownStatus(c) === s).length] as const).filter(([, n]) => n > 0);
  return { name: counts.length > 0 ? `judge: ${counts.map(([s, n]) => `${n} ${s}`).join(", ")}` : "judge", status };
}

/** The checks attachment; its status column as shown everywhere (reported, not passed, where no budget held the figure). */
export function checksCsv(checks: readonly CheckResult[]): string {
  const rows = checks.map((c) => [c.name, shownStatus(c), c.measured ?? "", c.budget ?? "", c.unit, c.detail].map(String).map(csvField).join(","));
  return ["check,status,measured,budget,unit,detail", ...rows].join("\n") + "\n";
}

function describe(result: ScenarioResult, waivers: NonNullable<DrillContext["waivers"]>): string {
  const lines = [result.description, "", `**Verdict: ${result.verdict}**${result.reason ? ` (${result.reason})` : ""}`];
  if (waivers.length > 0) lines.push("", `Waivers (budgets looser than the scenario's defaults): ${waivers.map((w) => w.text).join("; ")}`);
  if (result.history.t0) lines.push("", `T0: ${new Date(result.history.t0).toISOString()}; window end: ${new Date(result.history.windowEnd).toISOString()}`);
  return lines.join("\n");
}
