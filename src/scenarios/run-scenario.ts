import type { Budget } from "../checks/budget.ts";
import type { CheckResult } from "../checks/check-result.ts";
import { checkDurability } from "../checks/durability.ts";
import { judge } from "../checks/judge.ts";
import { isPlatformFinding, platformFinding, scenarioVerdict } from "./scenario-verdict.ts";
import { BASELINE_VERSION } from "../images/image-catalog.ts";
import { FiredrillError } from "../errors/firedrill-error.ts";
import { ActiveFaults } from "../faults/fault-journal.ts";
import { auditLab, diffAudits, type HostAudit } from "../faults/host-audit.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { SwarmPlatform } from "../platform/swarm-platform.ts";
import { waitForBaseline } from "../stack/baseline.ts";
import { type DeployedSite, WORDPRESS_STACK } from "../stack/deploy-wordpress.ts";
import { postsById } from "../stack/wordpress-client.ts";
import { deployWordPressStack } from "../stack/wordpress-stack.ts";
import { log } from "../util/log.ts";
import { sleep } from "../util/wait-for.ts";
import { collectEvidence } from "./collect-evidence.ts";
import { HistoryRecorder } from "./history-recorder.ts";
import type { Scenario } from "./scenario.ts";
import { ScenarioContext } from "./scenario-context.ts";
import type { PhaseRecord, ScenarioResult } from "./scenario-result.ts";

export interface RunOptions {
  lab: StartedLab;
  site: DeployedSite;
  /** Overrides of the scenario's default budget (from a profile). */
  budget?: Budget;
  steadyStateMs?: number;
  /** Called as each phase ends, for live reporting. */
  onPhase?: (phase: PhaseRecord) => void;
}

/** "wordpress" -> "wp_wordpress"; full names pass through. */
export function serviceName(name: string): string {
  return name.includes("_") ? name : `${WORDPRESS_STACK}_${name}`;
}

/**
 * Runs one scenario through its phases: steady state, method (inject and observe),
 * revert, restore the baseline, judge, audit. A missed budget makes it "failed"; the
 * harness not managing its part (no steady state, a fault not proven, residue left)
 * makes it "broken". The two are never confused.
 */
export async function runScenario(scenario: Scenario, options: RunOptions): Promise<ScenarioResult> {
  const { lab, site } = options;
  const budget: Budget = { ...scenario.budget, ...options.budget };
  const platform = new SwarmPlatform(lab);
  const recorder = new HistoryRecorder(lab, site, platform, scenario.name, scenario.services.map(serviceName));
  const phases: PhaseRecord[] = [];
  const startedAt = Date.now();
  let checks: CheckResult[] = [];
  let residue: string[] = [];
  let broken: { reason: string; code?: string } | undefined;
  /** Failed checks for what the platform did not do (an update that never completed, a node that never rejoined). */
  const findings: CheckResult[] = [];
  let residueProblem: string | undefined;
  let before: HostAudit[] = [];
  let recording = false;

  const phase = async (name: PhaseRecord["name"], step: () => Promise<string | void>): Promise<void> => {
    const record: PhaseRecord = { name, startedAt: Date.now(), endedAt: 0, status: "passed" };
    log(scenario.name, `${name}...`);
    recorder.event("phase", `${name} started`);
    try {
      const detail = await step();
      if (detail) record.detail = detail;
    } catch (error) {
      record.status = isPlatformFinding(error) ? "failed" : "broken";
      record.detail = (error as Error).message;
      throw error;
    } finally {
      record.endedAt = Date.now();
      phases.push(record);
      options.onPhase?.(record);
      log(scenario.name, `${name}: ${record.status} in ${((record.endedAt - record.startedAt) / 1000).toFixed(1)}s${record.detail ? ` (${record.detail})` : ""}`);
    }
  };

  await using active = new ActiveFaults();
  const ctx = new ScenarioContext(lab, site, platform, recorder, active);
  try {
    await phase("prepare", async () => {
      before = await auditLab(lab);
      if (scenario.prepare) {
        await scenario.prepare(ctx);
        await waitForBaseline(lab, site);
      }
    });
    await phase("steady state", async () => {
      recorder.start();
      recording = true;
      await sleep(options.steadyStateMs ?? 3000);
      const samples = recorder.liveSamples();
      const failed = samples.filter((s) => !s.ok);
      // The baseline must be what answers, not merely something: a lab left on another
      // version by an earlier scenario would make every version check meaningless.
      const other = samples.filter((s) => s.ok && s.version !== BASELINE_VERSION);
      if (samples.length === 0 || failed.length > 0 || other.length > 0) {
        const versions = [...new Set(other.map((s) => s.version ?? "none"))].join(", ");
        throw new FiredrillError(
          `steady state not reached: ${failed.length} of ${samples.length} probe requests failed` +
            `${other.length > 0 ? ` and ${other.length} were answered by ${versions} instead of the baseline ${BASELINE_VERSION}` : ""} before anything was broken`,
          {
            kind: "harness",
            code: "STEADY_STATE_NOT_REACHED",
            hint: "The lab does not serve its baseline reliably on its own; look at the probe samples and the edge's log.",
          },
        );
      }
      return `${samples.length} probes, all successful, all ${BASELINE_VERSION}`;
    });
    await phase("method", async () => {
      await scenario.method(ctx);
      if (recorder.history.t0 === 0) throw new Error(`scenario ${scenario.name} never marked T0`);
      recorder.history.windowEnd = Date.now();
    });
  } catch (error) {
    // The platform not doing its job stops the method, but it is the platform's failure.
    if (isPlatformFinding(error)) findings.push(platformFinding("method", error));
    else broken = { reason: (error as Error).message, code: (error as FiredrillError).code };
  }
  if (recorder.history.t0 !== 0 && recorder.history.windowEnd === 0) recorder.history.windowEnd = Date.now();

  // Whatever happened above, the lab goes back to its baseline and is checked for residue.
  for (const [name, step] of [
    ["revert", async () => {
      const n = active.size;
      await active.revertAll();
      return n > 0 ? `${n} fault(s) still in effect reverted` : "nothing left in effect";
    }],
    ["restore", () => restoreBaseline(ctx)],
  ] as const) {
    try {
      await phase(name, step);
    } catch (error) {
      // A node that never rejoins after its fault is reverted is the platform's failure.
      // The restore is the harness putting its lab back: failing that is broken.
      if (name === "revert" && isPlatformFinding(error)) {
        findings.push(platformFinding(name, error));
        continue;
      }
      broken ??= { reason: `the lab could not be restored: ${(error as Error).message}`, code: (error as FiredrillError).code };
      // A fault the harness could not revert leaves nothing to restore onto.
      break;
    }
  }
  if (recording) await recorder.stop();
  const history = recorder.history;
  if (history.windowEnd === 0) history.windowEnd = Date.now();

  // Judged whenever something was recorded, broken or not: data loss is never hidden
  // behind a harness problem (the verdict below decides what counts).
  if (recording) {
    await phase("judge", async () => {
      const ids = [site.seedPostId, ...history.writes.filter((w) => w.ok && w.postId).map((w) => w.postId as number)];
      history.finalPosts = await postsById(lab.edge.url, ids).catch(() => undefined);
      // Without a T0 there is no window (the method never reached its action): only the
      // data can be judged.
      checks = history.t0 === 0 ? [checkDurability(history, budget)] : [...judge(history, budget), ...scenarioChecks(scenario, history, budget)];
      return checks.map((c) => `${c.name}: ${c.status}`).join(", ");
    }).catch((error: Error) => {
      broken ??= { reason: `judging failed: ${error.message}` };
    });
  }
  checks = [...findings, ...checks];
  await phase("audit", async () => {
    residue = diffAudits(before, await auditLab(lab));
    if (residue.length > 0) throw new Error(`residue: ${residue.join("; ")}`);
  }).catch((error: Error) => {
    residueProblem = error.message;
  });

  const { verdict, reason, code } = scenarioVerdict(checks, broken, residueProblem);
  const evidence = await collectEvidence(lab, startedAt, Date.now(), verdict === "broken").catch(() => undefined);
  log(scenario.name, `verdict: ${verdict}${reason ? ` (${reason})` : ""}`);
  return {
    name: scenario.name,
    title: scenario.title,
    description: scenario.description,
    verdict,
    reason,
    errorCode: code,
    checks,
    budget,
    history,
    phases,
    residue,
    evidence,
    startedAt,
    endedAt: Date.now(),
  };
}

/** Puts the lab back as it started: only the baseline WordPress stack, converged and serving. */
async function restoreBaseline(ctx: ScenarioContext): Promise<void> {
  const snapshot = await ctx.platform.snapshot();
  // Newest first: a stack may use an older one's networks (the front uses green's).
  const stacks = [...new Set([...snapshot.services].sort((a, b) => a.createdAt - b.createdAt).map((s) => s.stack))];
  for (const stack of stacks.filter((s) => s && s !== WORDPRESS_STACK).reverse()) await ctx.platform.removeStack(stack);
  await deployWordPressStack(ctx.lab, ctx.platform);
  await waitForBaseline(ctx.lab, ctx.site);
  // Swarm spreads tasks when it places them, but never moves them back: after hosts came
  // and went, both WordPress replicas may sit on one host, and the next scenario would
  // halt both. The baseline has them apart.
  // A forced update can itself fail on a host that just came back (its task fails while
  // the host cleans up networks) and be rolled back: the tasks were placed again either
  // way, so both ends count, and the spread is looked at again.
  for (let attempt = 1; ; attempt++) {
    const hosts = await ctx.hostsRunning(serviceName("wordpress"));
    if (new Set(hosts).size === hosts.length) return;
    if (attempt > 3) throw new Error(`the WordPress replicas stay together on ${hosts.join(", ")} after ${attempt - 1} forced updates`);
    await ctx.docker("service", "update", "--detach", "--force", serviceName("wordpress"));
    await ctx.waitForUpdate(serviceName("wordpress"), ["completed", "rollback_completed"], 120_000);
    await waitForBaseline(ctx.lab, ctx.site);
  }
}

/** The scenario's own checks; one that throws is "unknown", like any check. */
function scenarioChecks(scenario: Scenario, history: ScenarioResult["history"], budget: Budget): CheckResult[] {
  try {
    return scenario.checks?.(history, budget) ?? [];
  } catch (error) {
    return [{ name: `${scenario.name} checks`, status: "unknown", unit: "count", detail: `the check threw: ${(error as Error).message}` }];
  }
}
