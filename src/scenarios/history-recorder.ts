import { emptyHistory, type History, type HistoryEvent } from "../history/history.ts";
import { StallMonitor } from "../history/stall-monitor.ts";
import { raiseInstrumentPriority } from "../util/instrument-priority.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import type { ClusterSnapshot } from "../platform/cluster-snapshot.ts";
import type { Platform } from "../platform/platform.ts";
import { HttpProbe } from "../probe/http-probe.ts";
import type { DeployedSite } from "../stack/deploy-wordpress.ts";
import { createPost } from "../stack/wordpress-client.ts";
import { Periodic } from "./periodic.ts";

export interface RecorderOptions {
  probePeriodMs: number;
  clusterPeriodMs: number;
  censusPeriodMs: number;
  writePeriodMs: number;
}

export const RECORDER_DEFAULTS: RecorderOptions = { probePeriodMs: 100, clusterPeriodMs: 1000, censusPeriodMs: 2000, writePeriodMs: 2000 };

/**
 * Records one scenario: HTTP probes through the edge, the orchestrator's view, the
 * containers each host actually runs, and posts written through the edge. It records;
 * it never judges.
 */
export class HistoryRecorder {
  readonly history: History;
  private readonly probe: HttpProbe;
  private readonly samplers: Periodic[];
  private writes = 0;
  private readonly stallMonitor: StallMonitor;

  constructor(
    private readonly lab: StartedLab,
    private readonly site: DeployedSite,
    private readonly platform: Platform,
    scenario: string,
    services: string[],
    options: RecorderOptions = RECORDER_DEFAULTS,
  ) {
    this.history = { ...emptyHistory(scenario, options.probePeriodMs, site.seedPostId), services };
    // Stalls longer than a period are recorded (they widen the resolution); the probe
    // schedule check decides which of them starve the probe.
    this.stallMonitor = new StallMonitor(options.probePeriodMs);
    // Success is the seed post itself: a 200 from an installer or another post is an outage.
    this.probe = new HttpProbe({
      url: `${lab.edge.url}/?rest_route=/wp/v2/posts/${site.seedPostId}`,
      expect: { status: 200, json: { field: "id", equals: site.seedPostId } },
      periodMs: options.probePeriodMs,
    });
    this.samplers = [
      new Periodic(options.clusterPeriodMs, () => this.sampleCluster()),
      new Periodic(options.censusPeriodMs, () => this.sampleCensus()),
      new Periodic(options.writePeriodMs, () => this.write()),
    ];
  }

  start(): void {
    raiseInstrumentPriority();
    this.stallMonitor.start();
    this.probe.start();
    for (const s of this.samplers) s.start();
  }

  async stop(): Promise<History> {
    await Promise.all(this.samplers.map((s) => s.stop()));
    this.history.samples = await this.probe.stop();
    this.history.stalls = [...this.stallMonitor.stop()];
    return this.history;
  }

  event(kind: HistoryEvent["kind"], what: string, at = Date.now()): void {
    this.history.events.push({ at, kind, what });
  }

  /** The runner's stalls so far (for the live view of the history). */
  liveStalls() {
    return [...this.stallMonitor.stalls];
  }

  /** The samples so far (for waits that watch the probe live). */
  liveSamples() {
    return this.probe.sorted();
  }

  lastCluster(): ClusterSnapshot | undefined {
    return this.history.cluster[this.history.cluster.length - 1];
  }

  private async sampleCluster(): Promise<void> {
    this.history.cluster.push(await this.platform.snapshot());
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
          this.history.census.push({ at, host: host.name, running, tasks });
        } catch {
          this.history.census.push({ at, host: host.name });
        }
      }),
    );
  }

  private async write(): Promise<void> {
    const title = `firedrill write ${this.history.scenario} ${++this.writes}`;
    const at = Date.now();
    try {
      const postId = await createPost(this.lab.edge.url, this.site.admin, title, `written at ${new Date(at).toISOString()}`);
      this.history.writes.push({ at, title, ok: true, postId, latencyMs: Date.now() - at });
    } catch (error) {
      this.history.writes.push({ at, title, ok: false, error: (error as Error).message, latencyMs: Date.now() - at });
    }
  }
}
