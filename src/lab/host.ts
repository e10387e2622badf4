import Docker from "dockerode";
import { demuxLogs } from "../docker/demux-logs.ts";
import { execIn, execOrThrow, type ExecOptions, type ExecResult } from "../docker/exec.ts";
import { mappedPort, networkAddress } from "../docker/mapped-port.ts";

export const ENGINE_PORT = 2375;
export const HTTP_PORT = 80;

interface Endpoints {
  address: string | undefined;
  enginePort: number | undefined;
  httpPort: number | undefined;
}

/**
 * One Docker host of the lab: a container on the outer engine running its own engine.
 * Control verbs act on the container through the outer engine; `docker` talks to the
 * host's own engine. Published ports change when a host restarts, so they are re-read
 * with `refresh()` rather than remembered.
 */
export class Host {
  #endpoints: Endpoints;

  constructor(
    readonly name: string,
    readonly containerId: string,
    readonly containerName: string,
    private readonly outer: Docker,
    private readonly network: string,
    inspect: Docker.ContainerInspectInfo,
  ) {
    this.#endpoints = Host.endpointsOf(inspect, network);
  }

  private static endpointsOf(inspect: Docker.ContainerInspectInfo, network: string): Endpoints {
    return {
      address: networkAddress(inspect, network),
      enginePort: mappedPort(inspect, ENGINE_PORT),
      httpPort: mappedPort(inspect, HTTP_PORT),
    };
  }

  /** The host's address on the lab network. */
  get address(): string {
    return this.require("address", this.#endpoints.address);
  }

  /** The host's port 80 as the runner reaches it. */
  get httpUrl(): string {
    return `http://127.0.0.1:${this.require("http port", this.#endpoints.httpPort)}`;
  }

  get engineUrl(): string {
    return `http://127.0.0.1:${this.require("engine port", this.#endpoints.enginePort)}`;
  }

  /** A client for this host's own engine; `timeoutMs` bounds every call it makes. */
  engine(timeoutMs?: number): Docker {
    const port = this.require("engine port", this.#endpoints.enginePort);
    return new Docker({ host: "127.0.0.1", port, protocol: "http", timeout: timeoutMs });
  }

  get docker(): Docker {
    return this.engine();
  }

  private require<T>(what: string, value: T | undefined): T {
    if (value === undefined) {
      throw new Error(`${this.name} has no ${what} now (is it stopped?); call refresh() after starting it`);
    }
    return value;
  }

  /** The last lines the host's init and engine printed (for errors about this host). */
  async logTail(lines = 20): Promise<string> {
    const buffer = (await this.container.logs({ stdout: true, stderr: true, tail: lines })) as unknown as Buffer;
    return demuxLogs(buffer).trimEnd();
  }

  async inspect(): Promise<Docker.ContainerInspectInfo> {
    return this.outer.getContainer(this.containerId).inspect();
  }

  async refresh(): Promise<void> {
    this.#endpoints = Host.endpointsOf(await this.inspect(), this.network);
  }

  exec(cmd: string[], options?: ExecOptions): Promise<ExecResult> {
    return execIn(this.outer, this.containerId, cmd, options);
  }

  execOrThrow(cmd: string[], options?: ExecOptions): Promise<string> {
    return execOrThrow(this.outer, this.containerId, cmd, options);
  }

  /** `sh -c script` on the host, failing with the script's output on a non-zero exit. */
  sh(script: string, options?: ExecOptions): Promise<string> {
    return this.execOrThrow(["sh", "-c", script], options);
  }

  private get container(): Docker.Container {
    return this.outer.getContainer(this.containerId);
  }

  /** A graceful halt: SIGTERM to the host's init, SIGKILL after `timeoutSec`. */
  async stop(timeoutSec = 10): Promise<void> {
    await this.container.stop({ t: timeoutSec }).catch(ignoreNotModified);
  }

  async kill(): Promise<void> {
    await this.container.kill().catch(ignoreNotModified);
  }

  async start(): Promise<void> {
    await this.container.start().catch(ignoreNotModified);
    await this.refresh();
  }

  async pause(): Promise<void> {
    await this.container.pause();
  }

  async unpause(): Promise<void> {
    await this.container.unpause();
  }
}

/** 304: already in the asked state; for idempotent control verbs that is success. */
function ignoreNotModified(error: { statusCode?: number }): void {
  if (error.statusCode !== 304) throw error;
}
