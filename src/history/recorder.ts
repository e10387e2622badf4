import type { StartedLab } from "../lab/started-lab.ts";
import type { ClusterSnapshot } from "../platform/cluster-snapshot.ts";
import type { Platform } from "../platform/platform.ts";
import { HttpProbe } from "../probe/http-probe.ts";
import type { DeployedStack } from "../stack/deployed-stack.ts";
import { valuesOf } from "../stack/deployed-stack.ts";
import { type ItemView, writeItem } from "../stack/item-client.ts";
import { probeSpec } from "../stack/probe-spec.ts";
import { raiseInstrumentPriority } from "../util/instrument-priority.ts";
import { Periodic } from "../util/periodic.ts";
import { askCluster } from "../platform/ask-cluster.ts";
import { CLUSTER_PERIOD_DEFAULT_MS, emptyHistory, type FaultEvent, type History, type HistoryEvent, type Observation, type ScenarioFacts, type Subject } from "./history.ts";
import { StallMonitor } from "./stall-monitor.ts";
import type { TrafficGenerator } from "../traffic/traffic-generator.ts";

export interface RecorderOptions {
  probePeriodMs: number;
  clusterPeriodMs: number;
  censusPeriodMs: number;
  writePeriodMs: number;
}

export const RECORDER_DEFAULTS: RecorderOptions = { probePeriodMs: 100, clusterPeriodMs: CLUSTER_PERIOD_DEFAULT_MS, censusPeriodMs: 2000, writePeriodMs: 2000 };

/**
 * Records one scenario: HTTP probes through the edge, the orchestrator's view, the
 * containers each host actually runs, items written through the edge, and what the
 * scenario reports through the typed calls below. It is the History's only writer; it
 * never judges.
 */
export class Recorder {
  readonly #history: History;
  private readonly probe: HttpProbe;
  private readonly samplers: Periodic[];
  private writes = 0;
  private readonly stallMonitor: StallMonitor;
  private started = false;

  constructor(
    private readonly lab: StartedLab,
    private readonly deployed: DeployedStack,
    private readonly platform: Platform,
    scenario: string,
    services: string[],
    subject: Subject,
    options: RecorderOptions = RECORDER_DEFAULTS,
    /** Load beside the probe, started and stopped with it; its record goes into the history. */
    private readonly traffic?: TrafficGenerator,
  ) {
    this.#history = { ...emptyHistory(scenario, options.probePeriodMs, deployed.seedId, subject), services, clusterPeriodMs: options.clusterPeriodMs, seedItemTitle: deployed.stack.manifest.items.seedTitle };
    // Stalls longer than a period are recorded (they widen the resolution); the probe
    // schedule check decides which of them starve the probe.
    this.stallMonitor = new StallMonitor(options.probePeriodMs);
    const probe = probeSpec(deployed);
    this.probe = new HttpProbe({ url: `${lab.edge.url}${probe.path}`, expect: probe.expect, versionHeader: probe.versionHeader, periodMs: options.probePeriodMs });
    this.samplers = [
      new Periodic(options.clusterPeriodMs, () => this.sampleCluster()),
      new Periodic(options.censusPeriodMs, () => this.sampleCensus()),
      new Periodic(options.writePeriodMs, () => this.write()),
    ];
  }

  /** The history as recorded so far (read it; only the recorder writes it). */
  get history(): Readonly<History> {
    return this.#history;
  }

  get recording(): boolean {
    return this.started;
  }

  /** Starts recording; throws (nothing left running) when the traffic could not start. */
  async start(): Promise<void> {
    raiseInstrumentPriority();
    await this.traffic?.start();
    this.started = true;
    this.stallMonitor.start();
    this.probe.start();
    for (const s of this.samplers) s.start();
  }

  async stop(): Promise<History> {
    await Promise.all(this.samplers.map((s) => s.stop()));
    const [samples, traffic] = await Promise.all([
      this.probe.stop(),
      // A generator that could not give its record (k6's output unreadable) leaves a record
      // saying so: its figures are then unknown, never silently the probe's.
      this.traffic?.stop().catch((error: Error) => ({ source: this.traffic!.source, spec: this.traffic!.spec, seconds: [], error: error.message })),
    ]);
    this.#history.samples = samples;
    if (traffic) this.#history.traffic = traffic;
    this.#history.stalls = [...this.stallMonitor.stop()];
    if (this.#history.windowEnd === 0) this.#history.windowEnd = Date.now();
    return this.#history;
  }

  /** The history as it stands now, window open until now: for conditions checked while observing. */
  live(): History {
    return { ...this.#history, samples: this.probe.sorted(), stalls: [...this.stallMonitor.stalls], windowEnd: Date.now() };
  }

  event(kind: HistoryEvent["kind"], what: string, at = Date.now()): void {
    this.#history.events.push({ at, kind, what });
  }

  /** A named moment a scenario's checks measure from. */
  mark(name: string, at = Date.now()): number {
    this.#history.marks[name] = at;
    this.event("action", name, at);
    return at;
  }

  /** T0, set once: the instant just before the disturbance. */
  setT0(at: number): void {
    if (this.#history.t0 === 0) this.#history.t0 = at;
  }

  /** Ends the observation window (once). */
  endWindow(at = Date.now()): void {
    if (this.#history.windowEnd === 0) this.#history.windowEnd = at;
  }

  fact<K extends keyof ScenarioFacts>(name: K, value: ScenarioFacts[K]): void {
    this.#history.facts[name] = value;
  }

  faultInjected(fault: FaultEvent): void {
    this.#history.faults.push(fault);
  }

  faultReverted(id: string, at: number, evidence: FaultEvent["revertEvidence"]): void {
    const event = this.#history.faults.find((f) => f.id === id);
    if (!event) throw new Error(`fault ${id} was never recorded`);
    event.revertedAt = at;
    event.revertEvidence = evidence;
  }

  observation(observation: Observation): void {
    this.#history.observations.push(observation);
  }

  /** The items that had to survive, as read back at the end (undefined: they could not be read). */
  finalItems(items: ItemView[] | undefined): void {
    this.#history.finalItems = items;
  }

  /** Whether a request of the traffic beside the probe scheduled since `since` failed (false for traffic that cannot say while it runs, k6). */
  trafficFailedSince(since: number): boolean {
    return this.traffic?.failedSince?.(since) ?? false;
  }

  /** How long the traffic ramps up before it is at its full rate. */
  trafficWarmUpMs(): number {
    return this.traffic?.warmUpMs ?? 0;
  }

  /** The traffic's outcomes so far, when its generator can tell. */
  async trafficProgress(): Promise<{ spec: string; requests: number; failed: number; reasons: Record<string, number> } | undefined> {
    const progress = await this.traffic?.progress?.();
    return progress && this.traffic ? { spec: this.traffic.spec, ...progress } : undefined;
  }

  /** The samples so far (for waits that watch the probe live). */
  liveSamples() {
    return this.probe.sorted();
  }

  lastCluster(): ClusterSnapshot | undefined {
    return this.#history.cluster[this.#history.cluster.length - 1];
  }

  /** A failed ask leaves a gap, never silence; a view answered later than a period (it held up the next ask) is kept and its lateness recorded too. */
  private async sampleCluster(): Promise<void> {
    const answer = await askCluster(this.platform, this.#history.clusterPeriodMs);
    if ("snapshot" in answer) this.#history.cluster.push(answer.snapshot);
    if (answer.gap) this.#history.clusterGaps.push(answer.gap);
  }

  private async sampleCensus(): Promise<void> {
    const at = Date.now();
    await Promise.all(
      this.lab.hosts.map(async (host) => {
        try {
          const containers = await host.engine(1500).listContainers({ filters: { label: ["com.docker.swarm.service.name"] } });
          const running: Record<string, number> = {};
          const tasks: Record<string, string[]> = {};
          for (const c of containers) {
            const service = c.Labels["com.docker.swarm.service.name"] ?? "?";
            running[service] = (running[service] ?? 0) + 1;
            const task = c.Labels["com.docker.swarm.task.id"];
            if (task) tasks[service] = [...(tasks[service] ?? []), task];
          }
          this.#history.census.push({ at, host: host.name, running, tasks });
        } catch {
          this.#history.census.push({ at, host: host.name });
        }
      }),
    );
  }

  private async write(): Promise<void> {
    const title = `firedrill write ${this.#history.scenario} ${++this.writes}`;
    const at = Date.now();
    try {
      const itemId = await writeItem(this.lab.edge.url, this.deployed.stack.manifest, valuesOf(this.deployed), title);
      this.#history.writes.push({ at, title, ok: true, itemId, latencyMs: Date.now() - at });
    } catch (error) {
      this.#history.writes.push({ at, title, ok: false, error: (error as Error).message, latencyMs: Date.now() - at });
    }
  }
}
