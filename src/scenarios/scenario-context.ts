import { type Budget, DEFAULT_MEASURES } from "../checks/budget.ts";
import { convergedIn, disablesHost } from "../checks/convergence-time.ts";
import { FiredrillError, platformError } from "../errors/firedrill-error.ts";
import type { ActiveFaults } from "../faults/fault-journal.ts";
import type { InjectedFault } from "../faults/fault.ts";
import type { Fault } from "../faults/inject-fault.ts";
import type { History, ScenarioFacts, Subject } from "../history/history.ts";
import type { Recorder } from "../history/recorder.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { type ClusterSnapshot, hostsRunning } from "../platform/cluster-snapshot.ts";
import type { SwarmPlatform } from "../platform/swarm-platform.ts";
import type { DeployedStack } from "../stack/deployed-stack.ts";
import { type Colour, deployGreen, deployVariant, pointFrontAt, type StackVariant, versionImage } from "../stack/stack-variant.ts";
import type { VersionRole } from "../stack/stack-images.ts";
import { log } from "../util/log.ts";
import { waitForBaseline } from "../stack/baseline.ts";
import { sleep, waitFor } from "../util/wait-for.ts";
import { watchUntilHeld, type WatchClock } from "./watch-until-held.ts";
import { formatOffset } from "../checks/format.ts";
import { type BudgetFrom, observationLimit } from "./observation-limit.ts";

const REAL_CLOCK: WatchClock = { now: Date.now, sleep };

export interface ObserveOptions {
  /**
   * The scenario's own limit after T0 for settling; the budgets judged on the window may
   * lengthen it, never shorten it (see observationLimit). A hold under way at the limit is
   * watched to its end.
   */
  maxMs: number;
  /** Budgets of the scenario's own checks on this window that run from a moment other than T0 (a switch, a thaw). */
  budgets?: readonly BudgetFrom[];
  /** How long to keep watching once settled, to catch flapping. */
  settleMs?: number;
  /** What "settled" means; by default: the probe recovered and the services converged. */
  until?: () => boolean;
  /** What settling means, for the report ("v2 served"); default "recovered and converged". */
  what?: string;
}

/**
 * What a scenario's method works with: the lab, the deployed stack, and verbs that act
 * and report what they did to the recorder (the history's only writer).
 */
export class ScenarioContext {
  /** The variant the stack was last deployed with: the baseline until something deploys another. */
  #variant: StackVariant = {};
  /** While the harness prepares or restores the lab (see asHarness). */
  #harness = false;
  /** Whether the stack as deployed now has quick rollouts. */
  #quick = false;
  private readonly clock: WatchClock;
  private readonly budget: Budget;

  constructor(
    readonly lab: StartedLab,
    readonly deployed: DeployedStack,
    readonly platform: SwarmPlatform,
    private readonly recorder: Recorder,
    private readonly active: ActiveFaults,
    options: {
      /** The clock observations run on (a literal one in unit tests). */
      clock?: WatchClock;
      /** The budget the scenario is judged by, as the plan resolved it (waivers included): observations last as long as it needs. */
      budget?: Budget;
    } = {},
  ) {
    this.clock = options.clock ?? REAL_CLOCK;
    this.budget = options.budget ?? {};
  }

  get history(): Readonly<History> {
    return this.recorder.history;
  }

  /** The stack's names for what scenarios look at (its traffic service, versions...). */
  get subject(): Subject {
    return this.recorder.history.subject;
  }

  /** The history as it stands now, window open until now: for conditions checked while observing. */
  live(): History {
    return this.recorder.live();
  }

  event(what: string): void {
    log("scenario", what);
    this.recorder.event("action", what);
  }

  note(what: string): void {
    this.recorder.event("note", what);
  }

  /** Records a named moment for the scenario's checks, and logs it. */
  mark(name: string, at = Date.now()): number {
    return this.recorder.mark(name, at);
  }

  /** Sets T0 (once): the instant just before the disturbance (a fault's action, an update call). */
  markT0(at = Date.now()): void {
    this.recorder.setT0(at);
  }

  fact<K extends keyof ScenarioFacts>(name: K, value: ScenarioFacts[K]): void {
    this.recorder.fact(name, value);
  }

  /** Deploys the stack with `variant` applied to its baseline (another version, no health checks...). */
  async deploy(variant: StackVariant = {}): Promise<void> {
    this.#variant = variant;
    this.#quick = this.#harness;
    await deployVariant(this.lab, this.platform, this.deployed, { ...variant, quickRollout: this.#harness });
  }

  /**
   * Runs a step of the harness's own (a scenario's preparation, the restore after it):
   * the rollouts it makes, by deploying or by a forced update, are quick (a second per
   * task, see StackVariant.quickRollout). Afterwards the stack is deployed once more as
   * the step left it but with its declared update settings, which changes no task: the
   * steady state, the method and the next scenario meet the stack as declared.
   */
  async asHarness(step: () => Promise<void>): Promise<void> {
    this.#harness = true;
    try {
      await step();
    } finally {
      this.#harness = false;
    }
    if (this.#quick) {
      await this.deploy(this.#variant);
      await waitForBaseline(this.lab, this.deployed);
    }
  }

  /** Before a rollout the harness forces: makes the deployed stack's rollouts quick, if the harness is at work. */
  async quickRollouts(): Promise<void> {
    if (this.#harness && !this.#quick) await this.deploy(this.#variant);
  }

  /** The image of a version (an outer-engine reference). */
  image(version: VersionRole): string {
    return versionImage(this.deployed, version);
  }

  deployGreen(): Promise<void> {
    return deployGreen(this.platform, this.lab.registry, this.deployed);
  }

  pointFrontAt(colour: Colour): Promise<void> {
    return pointFrontAt(this.lab, this.platform, this.deployed, colour);
  }

  /**
   * Injects a fault and records it. Its taking effect is T0 unless `setsT0` is false (a
   * fault that only sets the scene for the disturbance being judged, like a rollback).
   */
  async inject(fault: Fault, setsT0 = true): Promise<InjectedFault> {
    const injected = await fault.inject(this.lab, this.active);
    this.recorder.faultInjected({
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
    this.recorder.faultReverted(injected.record.id, Date.now(), report.evidence);
    this.recorder.event("action", `${injected.record.kind} on ${injected.record.host} reverted`);
  }

  /** Hosts out of service because of a fault right now. */
  faultedHosts(): Set<string> {
    return new Set(this.history.faults.filter((f) => f.revertedAt === undefined && disablesHost(f)).map((f) => f.host));
  }

  /**
   * Recovered: the last N probes succeeded, and no request of the load beside them failed
   * since the first of those (the judge counts every request: a window must not end while
   * the load's kept-alive connections still fail).
   */
  probeRecovered(): boolean {
    const samples = this.recorder.liveSamples();
    const last = samples.slice(-DEFAULT_MEASURES.recoveryStreak);
    return last.length === DEFAULT_MEASURES.recoveryStreak && last.every((s) => s.ok) && !this.recorder.trafficFailedSince(last[0]!.start);
  }

  /** Converged: the judged services run their desired tasks on healthy, unfaulted hosts (the checks' own function). */
  converged(snapshot = this.recorder.lastCluster()): boolean {
    return convergedIn(this.history, snapshot);
  }

  /**
   * Watches until settled (by default: recovered and converged) and staying so for
   * `settleMs`, or until the limit after T0 (`maxMs`, or longer where the budget needs it)
   * passes unsettled. Settling that breaks within `settleMs` (flapping)
   * is a relapse: the watch goes on, so the window never ends in the middle of one. An
   * observation that does not settle is recorded as such and judged failed (the platform
   * did not recover in the time it was given), never a mere note.
   */
  async observe(options: ObserveOptions): Promise<void> {
    const until = options.until ?? (() => this.probeRecovered() && this.converged());
    const what = options.what ?? "recovered and converged";
    const from = this.clock.now();
    const t0 = this.history.t0 || from;
    const maxMs = observationLimit(t0, options.maxMs, this.budget, options.budgets);
    const deadline = t0 + maxMs;
    const outcome = await watchUntilHeld(this.clock, {
      deadline,
      until,
      holdMs: options.settleMs ?? 5000,
      onPoll: this.#progressEvery5s(),
      onLost: (reachedAt, lostAt) => {
        const t = (at: number) => formatOffset(at, this.history.t0);
        const relapse = `${what}: reached at ${t(reachedAt)}, lost again at ${t(lostAt)}; watching on`;
        this.recorder.event("note", relapse, lostAt);
        log("observe", relapse);
      },
    });
    this.recorder.observation({ what, from, to: outcome.reachedAt ?? this.clock.now(), maxMs, settled: outcome.settled, ...(outcome.lost > 0 ? { relapses: outcome.lost } : {}) });
    this.recorder.event("note", outcome.settled ? "settled" : `not settled within ${maxMs / 1000}s of T0`);
  }

  /**
   * Lets the disturbance run for `ms` (a registry kept blocked while the platform runs into
   * it): a fixed wait with progress lines, not an observation that must settle.
   */
  async hold(ms: number, why: string): Promise<void> {
    this.event(`holding ${ms / 1000}s: ${why}`);
    await watchUntilHeld(this.clock, { deadline: this.clock.now() + ms, until: () => false, holdMs: 0, onPoll: this.#progressEvery5s() });
  }

  /** A progress line every 5 s of a watch, for a person following a long observation. */
  #progressEvery5s(): () => void {
    let next = this.clock.now() + 5000;
    return () => {
      if (this.clock.now() < next) return;
      next += 5000;
      log("observe", this.progress());
    };
  }

  /** One line for a person watching a long observation: where it stands now. */
  progress(): string {
    const since = this.clock.now() - 5000;
    const recent = this.recorder.liveSamples().filter((s) => s.start >= since);
    const failed = recent.filter((s) => !s.ok).length;
    const t = this.history.t0 ? `T0+${((this.clock.now() - this.history.t0) / 1000).toFixed(0)}s` : "before T0";
    return `${t}: ${failed} of ${recent.length} requests failed in the last 5s; ${this.converged() ? "converged" : "not converged"}`;
  }

  /** Hosts running a task of the service now, per the orchestrator. */
  async hostsRunning(service: string): Promise<string[]> {
    return hostsRunning(await this.platform.snapshot(), service);
  }

  /** A worker (not a manager, not the pinned host) running the service: the host to break. */
  async workerRunning(service: string): Promise<string> {
    const hosts = await this.hostsRunning(service);
    const workers = hosts.filter((h) => !this.lab.nodeOf(h).manager && h !== this.lab.pinnedHost);
    const chosen = workers.sort()[0];
    if (!chosen) throw new Error(`no worker other than the pinned ${this.lab.pinnedHost} runs ${service} (it runs on ${hosts.join(", ") || "no host"})`);
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
    await this.#askPlatform(phase, budgetMs, (snapshot) => {
      const verdict = condition(snapshot);
      if (verdict !== true) throw new Error(verdict);
    });
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
    await this.#askPlatform(`${service}: update ${states.join(" or ")}`, budgetMs, (snapshot) => {
      const s = snapshot.services.find((x) => x.name === service);
      seen = s?.updateState ?? "none";
      if (!states.includes(seen)) throw new Error(`update state ${seen}${s?.updateMessage ? ` (${s.updateMessage})` : ""}`);
    });
    return seen;
  }

  /**
   * Asks the platform for its view every 500 ms until `look` accepts it (`look` throws to
   * say "not yet"), for at most `budgetMs`; see asPlatformFinding for what a timeout is.
   */
  async #askPlatform(phase: string, budgetMs: number, look: (snapshot: ClusterSnapshot) => void): Promise<void> {
    const last: LastAttempt = { answered: false };
    await asPlatformFinding(
      last,
      waitFor({ phase, budgetMs, intervalMs: 500 }, async () => {
        // Each attempt starts unanswered: a call that fails leaves it so.
        last.answered = false;
        const snapshot = await this.platform.snapshot();
        last.answered = true;
        look(snapshot);
      }),
    );
  }
}

/** Whether the wait's latest attempt got the platform's answer, or its call failed. */
interface LastAttempt {
  answered: boolean;
}

/**
 * A wait on the platform that timed out with the platform saying "not yet" as its budget
 * ended (the last attempt, which p-retry makes at the budget's end, was answered) becomes a
 * platform finding: the platform was asked in time and was not there. One whose last call
 * failed stays the harness's timeout, however often the manager answered before: what the
 * platform would have said at the end is unknown, and a finding stands even when the
 * harness broke too, so it must rest on an answer. Other errors pass through.
 */
async function asPlatformFinding<T>(last: LastAttempt, wait: Promise<T>): Promise<T> {
  try {
    return await wait;
  } catch (error) {
    if (error instanceof FiredrillError && error.code === "WAIT_TIMEOUT" && last.answered) {
      throw platformError("PLATFORM_TIMEOUT", error.message, "The platform did not reach the state the scenario waits for within its budget; the report's cluster snapshots show where it stood.", { cause: error });
    }
    throw error;
  }
}
