import type { Budget } from "../checks/budget.ts";
import type { CheckResult } from "../checks/check-result.ts";
import { judge, verdictOf } from "../checks/judge.ts";
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
      record.status = "broken";
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
      if (samples.length === 0 || failed.length > 0) {
        throw new FiredrillError(`steady state not reached: ${failed.length} of ${samples.length} probe requests failed before anything was broken`, {
          kind: "harness",
          code: "STEADY_STATE_NOT_REACHED",
          hint: "The lab does not serve reliably on its own; look at the probe samples and the edge's log.",
        });
      }
      return `${samples.length} probes, all successful`;
    });
    await phase("method", async () => {
      await scenario.method(ctx);
      if (recorder.history.t0 === 0) throw new Error(`scenario ${scenario.name} never marked T0`);
      recorder.history.windowEnd = Date.now();
    });
  } catch (error) {
    broken = { reason: (error as Error).message, code: (error as FiredrillError).code };
  }

  // Whatever happened above, the lab goes back to its baseline and is checked for residue.
  try {
    await phase("revert", async () => {
      const n = active.size;
      await active.revertAll();
      return n > 0 ? `${n} fault(s) still in effect reverted` : "nothing left in effect";
    });
    await phase("restore", async () => {
      await restoreBaseline(ctx);
    });
  } catch (error) {
    broken ??= { reason: `the lab could not be restored: ${(error as Error).message}`, code: (error as FiredrillError).code };
  }
  if (recording) await recorder.stop();
  const history = recorder.history;
  if (history.windowEnd === 0) history.windowEnd = Date.now();

  if (!broken) {
    await phase("judge", async () => {
      const ids = [site.seedPostId, ...history.writes.filter((w) => w.ok && w.postId).map((w) => w.postId as number)];
      history.finalPosts = await postsById(lab.edge.url, ids).catch(() => undefined);
      checks = [...judge(history, budget), ...scenarioChecks(scenario, history, budget)];
      return checks.map((c) => `${c.name}: ${c.status}`).join(", ");
    }).catch((error: Error) => {
      broken = { reason: `judging failed: ${error.message}` };
    });
  }
  await phase("audit", async () => {
    residue = diffAudits(before, await auditLab(lab));
    if (residue.length > 0) throw new Error(`residue: ${residue.join("; ")}`);
  }).catch((error: Error) => {
    broken ??= { reason: error.message, code: "RESIDUE" };
  });

  const verdict = broken ? "broken" : verdictOf(checks);
  const evidence = await collectEvidence(lab, startedAt, Date.now(), verdict === "broken").catch(() => undefined);
  log(scenario.name, `verdict: ${verdict}${broken ? ` (${broken.reason})` : ""}`);
  return {
    name: scenario.name,
    title: scenario.title,
    description: scenario.description,
    verdict,
    reason: broken?.reason,
    errorCode: broken?.code,
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
