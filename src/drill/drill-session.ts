import type Docker from "dockerode";
import type { Budget } from "../checks/budget.ts";
import { connectEngine } from "../engine/connect-engine.ts";
import { revertRecordedFaults } from "../faults/heal.ts";
import { attachLab } from "../lab/attach-lab.ts";
import type { LabOptionsInput } from "../lab/lab-options.ts";
import { sweepUntilGone } from "../lab/sweep.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import { bringUp, type LabWithSite } from "../stack/bring-up.ts";
import { type DeployedSite, SITE_FILE } from "../stack/deploy-wordpress.ts";
import { log, warn } from "../util/log.ts";
import { formatMs } from "../util/wait-for.ts";
import { type BudgetLayers, effectiveBudget } from "./budget-waivers.ts";
import { brokenResult } from "./broken-result.ts";
import { collectHostFacts, type HostFacts } from "./host-facts.ts";
import { DEFAULT_SETTLE_MS, DEFAULT_TIME_LIMIT_MS, settlesWithin, TIME_LIMIT_ENV } from "./scenario-time-limit.ts";

export interface DrillConfig {
  /** Scenario names to run; all when undefined. */
  scenarios?: readonly string[];
  /** Run on this existing lab instead of starting one. */
  runId?: string;
  lab: LabOptionsInput;
  /** Budget overrides: a profile's for every scenario, --budget flags, a profile's per scenario. */
  budgets: BudgetLayers;
  /** Names the configuration under test in reports (a profile's name). */
  profile: string;
  /** How long one scenario may run before it is given up on (DEFAULT_TIME_LIMIT_MS). */
  timeLimitMs?: number;
  /** How long a scenario given up on may take to settle before the drill moves on (DEFAULT_SETTLE_MS). */
  settleMs?: number;
}

export type SessionLab = LabWithSite & { owned: boolean };

/** Where a drill gets its lab and how it gets rid of one; tests give their own. */
export interface LabSource {
  /** Starts a lab (owned), or attaches to `config.runId` (not owned). */
  open(config: DrillConfig): Promise<SessionLab>;
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
    async open(config) {
      const outer = await connect();
      if (config.runId) {
        const lab = await attachLab(outer, config.runId);
        const site = JSON.parse(await lab.manager.execOrThrow(["cat", SITE_FILE])) as DeployedSite;
        return { lab, site, owned: false };
      }
      return { ...(await bringUp(config.lab, outer)), owned: true };
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
 * The drill running in this process: its configuration, its one shared lab, and the
 * results as scenarios finish. Suites read it; the `drill` command sets it up and
 * reads the results back for the summary and the exit code.
 */
export class DrillSession {
  config: DrillConfig = { lab: {}, budgets: {}, profile: "default" };
  readonly results: ScenarioResult[] = [];
  /** The hosts' facts, once the lab is up (for certificates). */
  hostFacts: HostFacts | undefined;
  /** Why the lab could not be had, when it could not. */
  labError: (Error & { code?: string }) | undefined;
  /** Why no further scenario may run (a scenario was given up on where the lab cannot be replaced). */
  halted: string | undefined;
  private labPromise: Promise<SessionLab> | undefined;

  constructor(private readonly source: LabSource = engineLabSource()) {}

  selected(name: string): boolean {
    return !this.config.scenarios || this.config.scenarios.includes(name);
  }

  budgetFor(name: string): Budget {
    return effectiveBudget(name, this.config.budgets);
  }

  get timeLimitMs(): number {
    return this.config.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  }

  get settleMs(): number {
    return this.config.settleMs ?? DEFAULT_SETTLE_MS;
  }

  /** The lab every scenario of the drill shares: started on first use, or attached. */
  lab(): Promise<SessionLab> {
    this.labPromise ??= this.source.open(this.config).then(
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

  /** Removes the lab if this drill started it, and forgets it (the next drill starts afresh). */
  async close(): Promise<void> {
    const started = await this.labPromise?.catch(() => undefined);
    if (started?.owned) await this.source.remove(started).catch((error: Error) => warn("drill", error.message));
    this.labPromise = undefined;
    this.results.length = 0;
    this.hostFacts = undefined;
    this.labError = undefined;
    this.halted = undefined;
  }
}

export const drillSession = new DrillSession();
