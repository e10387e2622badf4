import type Docker from "dockerode";
import type { Budget } from "../checks/budget.ts";
import { connectEngine } from "../engine/connect-engine.ts";
import { attachLab } from "../lab/attach-lab.ts";
import type { LabOptionsInput } from "../lab/lab-options.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import { bringUp, type LabWithSite } from "../stack/bring-up.ts";
import { type DeployedSite, SITE_FILE } from "../stack/deploy-wordpress.ts";
import { collectHostFacts, type HostFacts } from "./host-facts.ts";

export interface DrillConfig {
  /** Scenario names to run; all when undefined. */
  scenarios?: readonly string[];
  /** Run on this existing lab instead of starting one. */
  runId?: string;
  lab: LabOptionsInput;
  /** Budget overrides, for every scenario and per scenario. */
  budgets: { all?: Budget; byScenario?: Record<string, Budget> };
  /** Names the configuration under test in reports (a profile's name). */
  profile: string;
}

/**
 * The drill running in this process: its configuration, its one shared lab, and the
 * results as scenarios finish. Suites read it; the `drill` command sets it up and
 * reads the results back for the summary and the exit code.
 */
class DrillSession {
  config: DrillConfig = { lab: {}, budgets: {}, profile: "default" };
  readonly results: ScenarioResult[] = [];
  /** The hosts' facts, once the lab is up (for certificates). */
  hostFacts: HostFacts | undefined;
  /** Why the lab could not be had, when it could not. */
  labError: (Error & { code?: string }) | undefined;
  private labPromise: Promise<LabWithSite & { owned: boolean }> | undefined;
  private engine: Docker | undefined;

  selected(name: string): boolean {
    return !this.config.scenarios || this.config.scenarios.includes(name);
  }

  budgetFor(name: string): Budget {
    return { ...this.config.budgets.all, ...this.config.budgets.byScenario?.[name] };
  }

  /** The lab every scenario of the drill shares: started on first use, or attached. */
  lab(): Promise<LabWithSite & { owned: boolean }> {
    this.labPromise ??= (async () => {
      this.engine ??= await connectEngine();
      if (this.config.runId) {
        const lab = await attachLab(this.engine, this.config.runId);
        const site = JSON.parse(await lab.manager.execOrThrow(["cat", SITE_FILE])) as DeployedSite;
        return { lab, site, owned: false };
      }
      return { ...(await bringUp(this.config.lab, this.engine)), owned: true };
    })().then(
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

  /** Removes the lab if this drill started it, and forgets it (the next drill starts afresh). */
  async close(): Promise<void> {
    const started = await this.labPromise?.catch(() => undefined);
    if (started?.owned) await started.lab.stop();
    this.labPromise = undefined;
    this.results.length = 0;
    this.hostFacts = undefined;
    this.labError = undefined;
  }
}

export const drillSession = new DrillSession();
