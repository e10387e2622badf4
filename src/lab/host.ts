import Docker from "dockerode";
import { AgentClient, AgentUnreachable } from "../agent/agent-client.ts";
import { AGENT_PORT } from "../agent/start-agent.ts";
import { demuxLogs } from "../docker/demux-logs.ts";
import type { ExecOptions, ExecResult } from "../docker/exec.ts";
import { mappedPort, networkAddress } from "../docker/mapped-port.ts";
import { engineTls, type RunAccess } from "../engine/run-access.ts";
import { LABEL } from "../docker/labels.ts";
import { log } from "../util/log.ts";
import { sleep } from "../util/wait-for.ts";

/** The engine's TLS port: it answers only to the run's client certificate. */
export const ENGINE_PORT = 2376;
export const HTTP_PORT = 80;

interface Endpoints {
  address: string | undefined;
  enginePort: number | undefined;
  httpPort: number | undefined;
  agentPort: number | undefined;
}

/**
 * One Docker host of the lab: a container on the outer engine running its own engine.
 * Power verbs (stop, kill, start, pause) act on the container through the outer engine,
 * as a machine's power switch would; `engine()` talks to the host's own engine over
 * mutual TLS; every command on the host (`exec`, `sh`) goes through the run's agent on
 * it, never `docker exec` from outside. Published ports are re-read with `refresh()`.
 */
export class Host {
  #endpoints: Endpoints;
  #agent: AgentClient | undefined;
  #restarting: Promise<boolean> | undefined;

  constructor(
    readonly name: string,
    readonly containerId: string,
    readonly containerName: string,
    private readonly outer: Docker,
    private readonly network: string,
    inspect: Docker.ContainerInspectInfo,
    private readonly access: RunAccess,
  ) {
    this.#endpoints = Host.endpointsOf(inspect, network);
  }

  private static endpointsOf(inspect: Docker.ContainerInspectInfo, network: string): Endpoints {
    return {
      address: networkAddress(inspect, network),
      enginePort: mappedPort(inspect, ENGINE_PORT),
      httpPort: mappedPort(inspect, HTTP_PORT),
      agentPort: mappedPort(inspect, AGENT_PORT),
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
    return `https://127.0.0.1:${this.require("engine port", this.#endpoints.enginePort)}`;
  }

  /** A client for this host's own engine; `timeoutMs` bounds every call it makes. */
  engine(timeoutMs?: number): Docker {
    const port = this.require("engine port", this.#endpoints.enginePort);
    return new Docker({ host: "127.0.0.1", port, ...engineTls(this.access.client), timeout: timeoutMs });
  }

  /** The run's agent on this host: the one way a command or a fault gets in. */
  get agent(): AgentClient {
    this.#agent ??= new AgentClient(this.name, {
      host: "127.0.0.1",
      port: this.require("agent port", this.#endpoints.agentPort),
      tls: this.access.client,
      token: this.access.token,
    });
    return this.#agent;
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
    this.#agent = undefined;
  }

  /** A command on the host, through its agent (the host's own namespaces and tools). */
  exec(cmd: string[], options?: ExecOptions): Promise<ExecResult> {
    return this.viaAgent((agent) => agent.exec(cmd, options));
  }

  /** A call to the host's agent; an agent found gone is started again once, and the call repeated. */
  async viaAgent<T>(call: (agent: AgentClient) => Promise<T>): Promise<T> {
    try {
      return await call(this.agent);
    } catch (error) {
      // Sent again only if it never reached the agent: a command may not run twice.
      if (!(error instanceof AgentUnreachable) || error.mayHaveRun) throw error;
      // One restart for all the calls that found the agent gone at once.
      this.#restarting ??= this.restartAgent().finally(() => (this.#restarting = undefined));
      if (!(await this.#restarting)) throw error;
      return call(this.agent);
    }
  }

  /**
   * An agent that exited on a lapsed lease (its runner died; it reverted that runner's
   * faults) is started again for the next runner. False if there was none to start, or
   * the engine cannot be asked (stopped, frozen): then the caller's error stands.
   */
  async restartAgent(): Promise<boolean> {
    try {
      const engine = this.engine(5000);
      // An agent may be on its way out (it exits just after its last undo): look again
      // until it is either answering or stopped and started again.
      for (let attempt = 0; attempt < 60; attempt++) {
        const agents = await engine.listContainers({ all: true, filters: { label: [`${LABEL.role}=agent`] } });
        if (agents.length === 0) return false;
        for (const agent of agents.filter((a) => a.State === "exited" || a.State === "created")) {
          await engine.getContainer(agent.Id).start();
          log("lab", `${this.name}: its agent had exited (${agent.Status}); started it again`);
        }
        if (await this.agent.health(1000).then(() => true, () => false)) return true;
        await sleep(250);
      }
      return false;
    } catch {
      return false;
    }
  }

  /** Like exec, but a non-zero exit is an error that carries the command's output. */
  async execOrThrow(cmd: string[], options?: ExecOptions): Promise<string> {
    const result = await this.exec(cmd, options);
    if (result.exitCode !== 0) {
      throw new Error(`\`${cmd.join(" ")}\` on ${this.name} exited with ${result.exitCode}: ${(result.stderr || result.stdout).trim().slice(-600)}`);
    }
    return result.stdout;
  }

  /** Unpacks a tar archive into `dir` on the host (created if missing). */
  async putArchive(archive: Buffer, dir: string): Promise<void> {
    await this.execOrThrow(["sh", "-c", 'mkdir -p "$1" && tar -x -C "$1"', "sh", dir], { stdinBytes: archive });
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
