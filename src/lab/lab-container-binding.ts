import { labAddress } from "../docker/lab-address.ts";
import Docker from "dockerode";
import { AGENT_PORT } from "../agent/start-agent.ts";
import { demuxLogs } from "../docker/demux-logs.ts";
import { mappedPort, networkAddress } from "../docker/mapped-port.ts";
import { engineTls, type RunAccess } from "../engine/run-access.ts";
import type { HostBinding, HostEndpoints, PowerState } from "./host-binding.ts";

/** The engine's TLS port: it answers only to the run's client certificate. */
export const ENGINE_PORT = 2376;
export const HTTP_PORT = 80;

/**
 * A lab host: a container on the runner's engine running its own engine. Its power verbs
 * act on the container, as a machine's power switch would; its ports are published on
 * loopback and re-read after a restart.
 */
export class LabContainerBinding implements HostBinding {
  readonly describe: string;

  constructor(
    private readonly outer: Docker,
    readonly containerId: string,
    containerName: string,
    private readonly network: string,
    private readonly access: RunAccess,
  ) {
    this.describe = `lab container ${containerName}`;
  }

  private get container(): Docker.Container {
    return this.outer.getContainer(this.containerId);
  }

  async endpoints(): Promise<HostEndpoints> {
    const inspect = await this.container.inspect();
    const enginePort = mappedPort(inspect, ENGINE_PORT);
    const httpPort = mappedPort(inspect, HTTP_PORT);
    const agentPort = mappedPort(inspect, AGENT_PORT);
    const at = labAddress().reach;
    return {
      address: networkAddress(inspect, this.network),
      engine: enginePort === undefined ? undefined : { host: at, port: enginePort, ...engineTls(this.access.client) },
      engineUrl: enginePort === undefined ? undefined : `https://${at}:${enginePort}`,
      httpUrl: httpPort === undefined ? undefined : `http://${at}:${httpPort}`,
      agent: agentPort === undefined ? undefined : { host: at, port: agentPort },
    };
  }

  async powerState(): Promise<PowerState> {
    const state = (await this.container.inspect()).State;
    return { running: state.Running, paused: state.Paused, status: state.Running ? state.Status : `${state.Status} (exit ${state.ExitCode})` };
  }

  async stop(timeoutSec: number): Promise<void> {
    await this.container.stop({ t: timeoutSec }).catch(ignoreNotModified);
  }

  async kill(): Promise<void> {
    await this.container.kill().catch(ignoreNotModified);
  }

  async start(): Promise<void> {
    await this.container.start().catch(ignoreNotModified);
  }

  async pause(): Promise<void> {
    await this.container.pause();
  }

  async unpause(): Promise<void> {
    await this.container.unpause();
  }

  async engineLog(options: { tail?: number; sinceSec?: number }): Promise<string> {
    const buffer = (await this.container.logs({ stdout: true, stderr: true, ...(options.tail ? { tail: options.tail } : {}), ...(options.sinceSec ? { since: options.sinceSec } : {}) })) as unknown as Buffer;
    return demuxLogs(buffer).trimEnd();
  }
}

/** 304: already in the asked state; for idempotent control verbs that is success. */
function ignoreNotModified(error: { statusCode?: number }): void {
  if (error.statusCode !== 304) throw error;
}
