import { DEFAULT_MEASURES } from "../checks/budget.ts";
import { disablesHost, judgedConvergence } from "../checks/convergence-time.ts";
import type { FaultEvent, History } from "../history/history.ts";
import type { ActiveFaults } from "../faults/fault-journal.ts";
import type { InjectedFault } from "../faults/fault.ts";
import type { Fault } from "../faults/inject-fault.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { type ClusterSnapshot, hostsRunning } from "../platform/cluster-snapshot.ts";
import type { SwarmPlatform } from "../platform/swarm-platform.ts";
import type { DeployedSite } from "../stack/deploy-wordpress.ts";
import { FiredrillError, platformError } from "../errors/firedrill-error.ts";
import { log } from "../util/log.ts";
import { sleep, waitFor } from "../util/wait-for.ts";
import type { HistoryRecorder } from "./history-recorder.ts";

export interface ObserveOptions {
  /** The longest the observation may last after T0. */
  maxMs: number;
  /** How long to keep watching once settled, to catch flapping. */
  settleMs?: number;
  /** What "settled" means; by default: the probe recovered and the services converged. */
  until?: () => boolean;
  /** What settling means, for the report ("v2 served"); default "recovered and converged". */
  what?: string;
}

/** What a scenario's method works with: the lab, and verbs that record as they act. */
export class ScenarioContext {
  constructor(
    readonly lab: StartedLab,
    readonly site: DeployedSite,
    readonly platform: SwarmPlatform,
    readonly recorder: HistoryRecorder,
    private readonly active: ActiveFaults,
  ) {}

  get history(): History {
    return this.recorder.history;
  }

  /** The history as it stands now, window open until now: for conditions checked while observing. */
  live(): History {
    return { ...this.history, samples: this.recorder.liveSamples(), stalls: this.recorder.liveStalls(), windowEnd: Date.now() };
  }

  event(what: string): void {
    log("scenario", what);
    this.recorder.event("action", what);
  }

  /** Records a named moment for the scenario's checks, and logs it. */
  mark(name: string, at = Date.now()): number {
    this.history.marks[name] = at;
    this.recorder.event("action", name, at);
    return at;
  }

  /** Sets T0 (once): the instant just before the disturbance (a fault's action, an update call). */
  markT0(at = Date.now()): void {
    if (this.history.t0 === 0) this.history.t0 = at;
  }

  /**
   * Injects a fault and records it. Its taking effect is T0 unless `setsT0` is false (a
   * fault that only sets the scene for the disturbance being judged, like a rollback).
   */
  async inject(fault: Fault, setsT0 = true): Promise<InjectedFault> {
    const injected = await fault.inject(this.lab, this.active);
    this.history.faults.push({
      id: injected.record.id,
      kind: injected.record.kind,
      host: injected.record.host,
      options: injected.record.options,
      injectedAt: injected.actionAt,
      effectSeenAt: injected.effectSeenAt,
      disablesHost: fault.kind.disablesHost,
      evidence: injected.evidence,
    });
    if (setsT0) this.markT0(injected.actionAt);
    this.recorder.event("action", `${fault.name}: action`, injected.actionAt);
    this.recorder.event("action", `${fault.name}: effect seen`, injected.effectSeenAt);
    return injected;
  }

  async revert(injected: InjectedFault): Promise<void> {
    const report = await injected.revert();
    const event = this.history.faults.find((f) => f.id === injected.record.id) as FaultEvent;
    event.revertedAt = Date.now();
    event.revertEvidence = report.evidence;
    this.recorder.event("action", `${injected.record.kind} on ${injected.record.host} reverted`);
  }

  /** Hosts out of service because of a fault right now. */
  faultedHosts(): Set<string> {
    return new Set(this.history.faults.filter((f) => f.revertedAt === undefined && disablesHost(f)).map((f) => f.host));
  }

  /** Recovered: the last N probes succeeded. */
  probeRecovered(): boolean {
    const samples = this.recorder.liveSamples();
    const last = samples.slice(-DEFAULT_MEASURES.recoveryStreak);
    return last.length === DEFAULT_MEASURES.recoveryStreak && last.every((s) => s.ok);
  }

  /** Converged: the judged services run their desired tasks on healthy, unfaulted hosts (the checks' own rule). */
  converged(snapshot = this.recorder.lastCluster()): boolean {
    if (!snapshot || snapshot.at < this.history.t0 || this.history.services.length === 0) return false;
    return judgedConvergence(snapshot, this.history).converged;
  }

  /**
   * Watches until settled (by default: recovered and converged), then `settleMs` more;
   * or until `maxMs` after T0. Ends the observation window. An observation that does not
   * settle is recorded as such and judged failed (the platform did not recover in the
   * time it was given), never a mere note.
   */
  async observe(options: ObserveOptions): Promise<void> {
    const until = options.until ?? (() => this.probeRecovered() && this.converged());
    const from = Date.now();
    const deadline = (this.history.t0 || from) + options.maxMs;
    await this.watchUntil(deadline, until);
    const settled = until();
    this.history.observations.push({ what: options.what ?? "recovered and converged", from, to: Date.now(), maxMs: options.maxMs, settled });
    if (settled) {
      this.recorder.event("note", "settled");
      await sleep(Math.min(options.settleMs ?? 5000, Math.max(0, deadline - Date.now())));
    } else {
      this.recorder.event("note", `not settled within ${options.maxMs / 1000}s of T0`);
    }
  }

  /**
   * Lets the disturbance run for `ms` (a registry kept blocked while the platform runs into
   * it): a fixed wait with progress lines, not an observation that must settle.
   */
  async hold(ms: number, why: string): Promise<void> {
    this.event(`holding ${ms / 1000}s: ${why}`);
    await this.watchUntil(Date.now() + ms, () => false);
  }

  private async watchUntil(deadline: number, until: () => boolean): Promise<void> {
    let nextProgress = Date.now() + 5000;
    while (Date.now() < deadline && !until()) {
      await sleep(250);
      if (Date.now() >= nextProgress) {
        nextProgress += 5000;
        log("observe", this.progress());
      }
    }
  }

  /** One line for a person watching a long observation: where it stands now. */
  progress(): string {
    const since = Date.now() - 5000;
    const recent = this.recorder.liveSamples().filter((s) => s.start >= since);
    const failed = recent.filter((s) => !s.ok).length;
    const t = this.history.t0 ? `T0+${((Date.now() - this.history.t0) / 1000).toFixed(0)}s` : "before T0";
    return `${t}: ${failed} of ${recent.length} requests failed in the last 5s; ${this.converged() ? "converged" : "not converged"}`;
  }

  /** Hosts running a task of the service now, per the orchestrator. */
  async hostsRunning(service: string): Promise<string[]> {
    return hostsRunning(await this.platform.snapshot(), service);
  }

  /** A worker (not a manager, not the database's host) running the service: the host to break. */
  async workerRunning(service: string): Promise<string> {
    const hosts = await this.hostsRunning(service);
    const workers = hosts.filter((h) => !this.lab.nodeOf(h).manager && h !== this.lab.dbHost);
    const chosen = workers.sort()[0];
    if (!chosen) throw new Error(`no worker runs ${service} (it runs on ${hosts.join(", ") || "no host"})`);
    return chosen;
  }

  /** Runs the docker CLI on the manager (service verbs that have no compose form). */
  async docker(...args: string[]): Promise<string> {
    this.event(`docker ${args.join(" ")}`);
    return this.lab.manager.execOrThrow(["docker", ...args]);
  }

  /**
   * Waits until `condition` holds for the orchestrator's view; it returns why not, or true.
   * The platform not getting there in time is a finding about the platform (failed),
   * not the harness breaking.
   */
  async waitUntil(phase: string, budgetMs: number, condition: (snapshot: ClusterSnapshot) => true | string): Promise<void> {
    const asked = { answered: false };
    await asPlatformFinding(
      asked,
      waitFor({ phase, budgetMs, intervalMs: 500 }, async () => {
        const snapshot = await this.platform.snapshot();
        asked.answered = true;
        const verdict = condition(snapshot);
        if (verdict !== true) throw new Error(verdict);
      }),
    );
  }

  /** Waits until the platform marks the host's node down; never doing so is the platform's failure. */
  async waitForNodeDown(host: string, budgetMs: number): Promise<void> {
    await this.waitUntil(`${host} marked down`, budgetMs, (snapshot) => {
      const state = snapshot.nodes.find((n) => n.host === host)?.state;
      return state === "down" || `${host} is ${state}`;
    });
  }

  /** Waits until the service's rolling update has reached one of `states`; never reaching one is the platform's failure. */
  async waitForUpdate(service: string, states: readonly string[], budgetMs: number): Promise<string> {
    let seen = "";
    const asked = { answered: false };
    await asPlatformFinding(
      asked,
      waitFor({ phase: `${service}: update ${states.join(" or ")}`, budgetMs, intervalMs: 500 }, async () => {
        const snapshot = await this.platform.snapshot();
        asked.answered = true;
        const s = snapshot.services.find((x) => x.name === service);
        seen = s?.updateState ?? "none";
        if (!states.includes(seen)) throw new Error(`update state ${seen}${s?.updateMessage ? ` (${s.updateMessage})` : ""}`);
      }),
    );
    return seen;
  }
}

/**
 * A wait on the platform that timed out while the platform answered (and kept saying
 * "not yet") becomes a platform finding; one where the manager never answered stays the
 * harness's timeout (nothing was learnt of the platform); other errors pass through.
 */
async function asPlatformFinding<T>(asked: { answered: boolean }, wait: Promise<T>): Promise<T> {
  try {
    return await wait;
  } catch (error) {
    if (error instanceof FiredrillError && error.code === "WAIT_TIMEOUT" && asked.answered) {
      throw platformError("PLATFORM_TIMEOUT", error.message, "The platform did not reach the state the scenario waits for within its budget; the report's cluster snapshots show where it stood.", { cause: error });
    }
    throw error;
  }
}
