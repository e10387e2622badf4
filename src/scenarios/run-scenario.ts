import type { Budget } from "../checks/budget.ts";
import type { CheckResult } from "../checks/check-result.ts";
import { checkDurability } from "../checks/durability.ts";
import { judge } from "../checks/judge.ts";
import { isPlatformFinding, platformFinding, scenarioVerdict } from "./scenario-verdict.ts";
import { FiredrillError } from "../errors/firedrill-error.ts";
import { ActiveFaults } from "../faults/fault-journal.ts";
import { auditLab, diffAudits, type HostAudit } from "../faults/host-audit.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { SwarmPlatform } from "../platform/swarm-platform.ts";
import { offBaseline, waitForBaseline } from "../stack/baseline.ts";
import { type DeployedStack, valuesOf } from "../stack/deployed-stack.ts";
import { readItems } from "../stack/item-client.ts";
import { judgedServices } from "../stack/stack.ts";
import { log } from "../util/log.ts";
import { sleep } from "../util/wait-for.ts";
import { collectEvidence } from "./collect-evidence.ts";
import { RECORDER_DEFAULTS, Recorder } from "../history/recorder.ts";
import { trafficFor } from "../traffic/traffic-for.ts";
import type { TrafficSpec } from "../traffic/traffic-spec.ts";
import type { Scenario } from "./scenario.ts";
import { ScenarioContext } from "./scenario-context.ts";
import type { PhaseRecord, ScenarioResult } from "./scenario-result.ts";
import { subjectOf } from "./subject.ts";

export interface RunOptions {
  lab: StartedLab;
  deployed: DeployedStack;
  /** The budget to judge by, as the plan resolved it (the scenario's defaults when absent). */
  budget?: Budget;
  steadyStateMs?: number;
  /** The traffic beside the probe, as the plan resolved it for this scenario (the probe alone when absent). */
  traffic?: TrafficSpec;
  /** Called as each phase ends, for live reporting. */
  onPhase?: (phase: PhaseRecord) => void;
}

/**
 * Runs one scenario through its phases: steady state, method (inject and observe),
 * revert, restore the baseline, judge, audit. A missed budget makes it "failed"; the
 * harness not managing its part (no steady state, a fault not proven, residue left)
 * makes it "broken". The two are never confused.
 */
export async function runScenario(scenario: Scenario, options: RunOptions): Promise<ScenarioResult> {
  const { lab, deployed } = options;
  const budget: Budget = options.budget ?? scenario.budget;
  const platform = new SwarmPlatform(lab);
  const subject = subjectOf(deployed, lab);
  const services = scenario.services?.(subject) ?? judgedServices(deployed.stack);
  const recorder = new Recorder(lab, deployed, platform, scenario.name, services, subject, RECORDER_DEFAULTS, trafficFor(options.traffic, lab.edge.url, deployed, scenario.name));
  const phases: PhaseRecord[] = [];
  const startedAt = Date.now();
  let checks: CheckResult[] = [];
  let residue: string[] = [];
  let broken: { reason: string; code?: string } | undefined;
  /** Failed checks for what the platform did not do (an update that never completed, a node that never rejoined). */
  const findings: CheckResult[] = [];
  let residueProblem: string | undefined;
  let before: HostAudit[] = [];

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
  const ctx = new ScenarioContext(lab, deployed, platform, recorder, active, { budget });
  try {
    await phase("prepare", async () => {
      before = await auditLab(lab);
      await ctx.asHarness(async () => {
        if (scenario.prepare) {
          await scenario.prepare(ctx);
          await waitForBaseline(lab, deployed);
        }
        // After the scenario's own changes: a rolling update of its preparation places the
        // tasks anew (e.g. onto the pinned host).
        await spreadTraffic(ctx);
      });
    });
    await phase("steady state", async () => {
      await recorder.start();
      // A load ramps up first (the lab's web servers start workers meanwhile, as for real
      // users arriving); the steady state is judged at its full rate, probe and load alike.
      const judgedFrom = Date.now() + recorder.trafficWarmUpMs();
      await sleep((options.steadyStateMs ?? 3000) + recorder.trafficWarmUpMs());
      const samples = recorder.liveSamples().filter((s) => s.start >= judgedFrom);
      const failed = samples.filter((s) => !s.ok);
      // The baseline must be what answers, not merely something: a lab left on another
      // version by an earlier scenario would make every version check meaningless.
      const baseline = subject.versions.baseline;
      const other = samples.filter((s) => s.ok && s.version !== baseline);
      const load = await recorder.trafficProgress();
      if (load && (load.requests === 0 || load.failed > 0)) {
        throw new FiredrillError(`steady state not reached: ${load.failed} of ${load.requests} requests of ${load.spec} failed before anything was broken (${Object.entries(load.reasons).map(([why, n]) => `${n} ${why}`).join(", ")})`, {
          kind: "harness",
          code: "STEADY_STATE_NOT_REACHED",
          hint: "The lab does not serve this load on its own: lower the rate (or the writes), or give the lab more room; the scenario's figures would measure the overload, not the fault.",
        });
      }
      if (samples.length === 0 || failed.length > 0 || other.length > 0) {
        const versions = [...new Set(other.map((s) => s.version ?? "none"))].join(", ");
        throw new FiredrillError(
          `steady state not reached: ${failed.length} of ${samples.length} probe requests failed` +
            `${other.length > 0 ? ` and ${other.length} were answered by ${versions} instead of the baseline ${baseline}` : ""} before anything was broken`,
          {
            kind: "harness",
            code: "STEADY_STATE_NOT_REACHED",
            hint: "The lab does not serve its baseline reliably on its own; look at the probe samples and the edge's log.",
          },
        );
      }
      return `${samples.length} probes, all successful, all ${baseline}${load ? `; ${load.requests} requests of ${load.spec}, none failed` : ""}`;
    });
    await phase("method", async () => {
      await scenario.method(ctx);
      if (recorder.history.t0 === 0) throw new Error(`scenario ${scenario.name} never marked T0`);
      recorder.endWindow();
    });
  } catch (error) {
    // The platform not doing its job stops the method, but it is the platform's failure.
    if (isPlatformFinding(error)) findings.push(platformFinding("method", error));
    else broken = { reason: (error as Error).message, code: (error as FiredrillError).code };
  }
  if (recorder.history.t0 !== 0) recorder.endWindow();

  // Whatever happened above, the lab goes back to its baseline and is checked for residue.
  for (const [name, step] of [
    ["revert", async () => {
      const n = active.size;
      await active.revertAll();
      return n > 0 ? `${n} fault(s) still in effect reverted` : "nothing left in effect";
    }],
    ["restore", () => ctx.asHarness(() => restoreBaseline(ctx))],
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
  const recording = recorder.recording;
  if (recording) await recorder.stop();
  recorder.endWindow();
  const history = recorder.history;

  // Judged whenever something was recorded, broken or not: data loss is never hidden
  // behind a harness problem (the verdict below decides what counts).
  if (recording) {
    await phase("judge", async () => {
      // Every acknowledged write is owed, the load's too (up to ~10 a second under load:
      // readItems asks in batches, a few at once, within a deadline).
      const ids = [deployed.seedId, ...history.writes.flatMap((w) => (w.ok && w.itemId ? [w.itemId] : [])), ...(history.traffic?.acknowledged ?? []).map((w) => w.id)];
      recorder.finalItems(
        await readItems(lab.edge.url, deployed.stack.manifest, valuesOf(deployed), ids).catch((error: Error) => {
          recorder.event("note", `the final items could not be read: ${error.message}`);
          return undefined;
        }),
      );
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
  const evidence = await collectEvidence(lab, `${subject.namespace}_lb`, startedAt, Date.now(), verdict === "broken").catch(() => undefined);
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
    history: recorder.history as ScenarioResult["history"],
    phases,
    residue,
    evidence,
    startedAt,
    endedAt: Date.now(),
  };
}

/**
 * Puts the lab back as it started: only the baseline stack, converged, spread and serving
 * (run as the harness's step: its rollouts are quick, see ScenarioContext.asHarness).
 */
async function restoreBaseline(ctx: ScenarioContext): Promise<void> {
  const snapshot = await ctx.platform.snapshot();
  const namespace = ctx.subject.namespace;
  // Newest first: a stack may use an older one's networks (the front uses green's).
  const stacks = [...new Set([...snapshot.services].sort((a, b) => a.createdAt - b.createdAt).map((s) => s.stack))];
  for (const stack of stacks.filter((s) => s && s !== namespace).reverse()) await ctx.platform.removeStack(stack);
  for (let attempt = 1; ; attempt++) {
    await ctx.deploy();
    await waitForBaseline(ctx.lab, ctx.deployed);
    await spreadTraffic(ctx);
    // A rollout back to the baseline that failed on a host just back from a halt is rolled
    // back by Swarm to the spec before it: the version the scenario deployed. Deploy again.
    const off = offBaseline(await ctx.platform.snapshot(), ctx.deployed, ctx.lab.registry);
    if (off.length === 0) return;
    if (attempt === 3) throw new Error(`the stack does not stay on its baseline: ${off.join(", ")}`);
    log("scenario", `not on the baseline after restoring (${off.join(", ")}): deploying it again`);
  }
}

/**
 * Swarm spreads tasks when it places them, but never moves them back: after hosts came
 * and went, the replicas may sit on one host, and the next scenario would halt them
 * all; or (on a fresh lab too) none may run on a worker a scenario can break, the
 * managers and the pinned host being off limits. The baseline has them apart, one on
 * such a worker. A forced update can itself fail on a host that just came back (its task
 * fails while the host cleans up networks) and be rolled back: the tasks were placed
 * again either way, so both ends count, and the spread is looked at again.
 */
async function spreadTraffic(ctx: ScenarioContext): Promise<void> {
  const service = ctx.subject.traffic;
  const breakable = ctx.lab.hosts.map((h) => h.name).filter((h) => !ctx.lab.nodeOf(h).manager && h !== ctx.lab.pinnedHost);
  for (let attempt = 1; ; attempt++) {
    const hosts = await ctx.hostsRunning(service);
    // Apart as far as the hosts allow: more replicas than hosts must share.
    const spread = new Set(hosts).size === Math.min(hosts.length, ctx.lab.hosts.length);
    const onBreakable = breakable.length === 0 || hosts.some((h) => breakable.includes(h));
    if (spread && onBreakable) return;
    if (attempt > 6) throw new Error(`${service}'s replicas stay on ${hosts.join(", ")} after ${attempt - 1} forced updates (wanted: apart, one on ${breakable.join(" or ")})`);
    await ctx.quickRollouts();
    await ctx.docker("service", "update", "--detach", "--force", service);
    await ctx.waitForUpdate(service, ["completed", "rollback_completed"], 120_000);
    await waitForBaseline(ctx.lab, ctx.deployed);
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
