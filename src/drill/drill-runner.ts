import type Docker from "dockerode";
import { connectEngine } from "../engine/connect-engine.ts";
import { revertRecordedFaults } from "../faults/heal.ts";
import { attachLab } from "../lab/attach-lab.ts";
import { sweepUntilGone } from "../lab/sweep.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import { readDeployed } from "../stack/deploy-stack.ts";
import { log, warn } from "../util/log.ts";
import { formatMs } from "../util/wait-for.ts";
import { brokenResult } from "./broken-result.ts";
import { bringUp, type LabWithStack } from "./bring-up.ts";
import { collectHostFacts, type HostFacts } from "./host-facts.ts";
import type { DrillPlan } from "./plan.ts";
import { settlesWithin, TIME_LIMIT_ENV } from "./scenario-time-limit.ts";

export type SessionLab = LabWithStack & { owned: boolean };

/** Where a drill gets its lab and how it gets rid of one; tests give their own. */
export interface LabSource {
  /** Starts a lab (owned), or attaches to the plan's run (not owned). */
  open(plan: DrillPlan): Promise<SessionLab>;
  /** Removes an owned lab, every container, network and volume of its run. */
  remove(lab: SessionLab): Promise<void>;
  /** Reverts the faults recorded as in effect on a lab (one this drill does not own). */
  revertFaults(lab: SessionLab): Promise<void>;
}

/** The real labs, on the engine DOCKER_HOST names. */
function engineLabSource(): LabSource {
  let engine: Docker | undefined;
  const connect = async () => (engine ??= await connectEngine());
  return {
    async open(plan) {
      const outer = await connect();
      if (plan.attach) {
        const lab = await attachLab(outer, plan.runId);
        // The stack is the plan's (its manifest, read here); what was deployed (secrets, seed) is the lab's.
        const deployed = { ...(await readDeployed(lab)), stack: plan.stack };
        return { lab, deployed, owned: false };
      }
      return { ...(await bringUp(plan.lab, plan.stack, outer, plan.inventory)), owned: true };
    },
    async remove({ lab }) {
      await lab.stop();
      // The next lab of this drill reuses the run id: nothing of the old one may be left.
      const left = await sweepUntilGone(await connect(), lab.runId);
      if (left.failed?.length) throw new Error(`run ${lab.runId} could not be removed entirely: ${left.failed.join("; ")}`);
    },
    async revertFaults({ lab }) {
      await revertRecordedFaults(await connect(), lab.runId);
    },
  };
}

/**
 * One drill being run: its plan, its one shared lab, and the results as scenarios
 * finish. The mocha tests built from the plan are given it; the `drill` command reads
 * the results back for the summary and the exit code.
 */
export class DrillRunner {
  readonly results: ScenarioResult[] = [];
  /** The hosts' facts, once the lab is up (for certificates). */
  hostFacts: HostFacts | undefined;
  /** Why the lab could not be had, when it could not. */
  labError: (Error & { code?: string }) | undefined;
  /** Why no further scenario may run (a scenario was given up on where the lab cannot be replaced). */
  halted: string | undefined;
  private labPromise: Promise<SessionLab> | undefined;

  constructor(
    readonly plan: DrillPlan,
    private readonly source: LabSource = engineLabSource(),
  ) {}

  get timeLimitMs(): number {
    return this.plan.timeLimitMs;
  }

  get settleMs(): number {
    return this.plan.settleMs;
  }

  /** The lab every scenario of the drill shares: started on first use, or attached. */
  lab(): Promise<SessionLab> {
    this.labPromise ??= this.source.open(this.plan).then(
      async (started) => {
        this.hostFacts = await collectHostFacts(started.lab).catch(() => undefined);
        return started;
      },
      (error: Error) => {
        this.labError = error;
        throw error;
      },
    );
    return this.labPromise;
  }

  /** The lab's run id once it exists (for cleanup on interrupt). */
  async runId(): Promise<string | undefined> {
    return this.labPromise?.then((l) => l.lab.runId).catch(() => undefined);
  }

  /**
   * A scenario ran past its time limit and is still running (`running`): nothing may
   * share its lab until it is dealt with. An owned lab is removed under it (the next
   * scenario starts on a new one); a lab this drill does not own cannot be, so the
   * scenario is let finish its own revert (bounded), and no further scenario runs on a
   * lab in an unknown state. Returns the scenario's broken result.
   */
  async giveUp(scenario: Scenario, running: Promise<unknown>): Promise<ScenarioResult> {
    const limit = `its time limit of ${formatMs(this.timeLimitMs)} (${TIME_LIMIT_ENV})`;
    const started = await this.labPromise!;
    const runId = started.lab.runId;
    warn("drill", `${scenario.name} is still running after ${limit}: giving up on it`);
    if (started.owned) {
      this.labPromise = undefined;
      const removed = await this.source.remove(started).then(
        () => undefined,
        (error: Error) => error.message,
      );
      const settled = await settlesWithin(running, this.settleMs);
      if (removed !== undefined || !settled) {
        const why = removed !== undefined ? `its lab (run ${runId}) could not be removed: ${removed}` : `it was still running ${formatMs(this.settleMs)} after its lab was removed`;
        this.halted = `not run: ${scenario.name} exceeded ${limit} and ${why}; the drill stopped rather than run beside it`;
      }
      log("drill", `run ${runId} removed under ${scenario.name}${this.halted ? "" : "; the next scenario starts on a new lab"}`);
      return brokenResult(scenario, `did not finish within ${limit}; its lab (run ${runId}) was removed`, "SCENARIO_TIME_LIMIT");
    }
    const settled = await settlesWithin(running, this.settleMs);
    const reverted = settled ? "" : await this.source.revertFaults(started).then(
      () => "; its recorded faults were reverted",
      (error: Error) => `; its recorded faults could not be reverted (${error.message})`,
    );
    this.halted =
      `not run: ${scenario.name} exceeded ${limit} on run ${runId}, a lab this drill did not start, so its state is unknown; ` +
      `check the lab (\`firedrill clean --faults --run ${runId}\` reverts faults left in effect) and drill again`;
    return brokenResult(
      scenario,
      `did not finish within ${limit}; ${settled ? "it was let finish its own revert" : `it was still running after ${formatMs(this.settleMs)} more`}${reverted}; no further scenario runs on run ${runId}`,
      "SCENARIO_TIME_LIMIT",
    );
  }

  /** Removes the lab if this drill started it. */
  async close(): Promise<void> {
    const started = await this.labPromise?.catch(() => undefined);
    if (started?.owned) await this.source.remove(started).catch((error: Error) => warn("drill", error.message));
    this.labPromise = undefined;
  }
}
