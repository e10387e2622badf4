import Docker from "dockerode";
import { AgentClient, AgentUnreachable } from "../agent/agent-client.ts";
import type { ExecOptions, ExecResult } from "../docker/exec.ts";
import type { RunAccess } from "../engine/run-access.ts";
import { LABEL } from "../docker/labels.ts";
import { log } from "../util/log.ts";
import { sleep } from "../util/wait-for.ts";
import type { HostBinding, HostEndpoints, PowerState } from "./host-binding.ts";

export { ENGINE_PORT, HTTP_PORT } from "./lab-container-binding.ts";

/**
 * One Docker host of a lab: a lab container or a machine of an inventory (its binding
 * says how it is reached and powered). `engine()` talks to the host's own engine over
 * mutual TLS (or SSH); every command on the host (`exec`, `sh`) goes through the run's
 * agent on it, never `docker exec` from outside. Power verbs go to the binding, as to a
 * machine's power switch. Endpoints are re-read with `refresh()` after a power cycle.
 */
export class Host {
  #endpoints: HostEndpoints;
  #agent: AgentClient | undefined;
  #restarting: Promise<boolean> | undefined;

  constructor(
    readonly name: string,
    readonly binding: HostBinding,
    private readonly access: RunAccess,
    endpoints: HostEndpoints,
    /** The run whose agent this host uses (a machine may keep another run's exited agent). */
    private readonly runId: string,
  ) {
    this.#endpoints = endpoints;
  }

  static async bind(name: string, binding: HostBinding, access: RunAccess, runId: string): Promise<Host> {
    return new Host(name, binding, access, await binding.endpoints(), runId);
  }

  /** The address the other hosts reach this one at. */
  get address(): string {
    return this.require("address", this.#endpoints.address);
  }

  /** The host's port 80 as the runner reaches it. */
  get httpUrl(): string {
    return this.require("http address", this.#endpoints.httpUrl);
  }

  get engineUrl(): string {
    return this.require("engine address", this.#endpoints.engineUrl);
  }

  /** A client for this host's own engine; `timeoutMs` bounds every call it makes. */
  engine(timeoutMs?: number): Docker {
    return new Docker({ ...this.require("engine address", this.#endpoints.engine), timeout: timeoutMs });
  }

  /** The run's agent on this host: the one way a command or a fault gets in. */
  get agent(): AgentClient {
    this.#agent ??= new AgentClient(this.name, { ...this.require("agent address", this.#endpoints.agent), tls: this.access.client, token: this.access.token });
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

  /** The last lines the host's engine printed (for errors about this host). */
  logTail(lines = 20): Promise<string> {
    return this.binding.engineLog({ tail: lines });
  }

  powerState(): Promise<PowerState> {
    return this.binding.powerState();
  }

  async refresh(): Promise<void> {
    this.#endpoints = await this.binding.endpoints();
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
        const agents = await engine.listContainers({ all: true, filters: { label: [`${LABEL.role}=agent`, `${LABEL.run}=${this.runId}`] } });
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

  /** A graceful halt: SIGTERM to the host's init (or its power-off command), cut after `timeoutSec`. */
  stop(timeoutSec = 10): Promise<void> {
    return this.binding.stop(timeoutSec);
  }

  kill(): Promise<void> {
    return this.binding.kill();
  }

  async start(): Promise<void> {
    await this.binding.start();
    await this.refresh();
  }

  pause(): Promise<void> {
    return this.binding.pause();
  }

  unpause(): Promise<void> {
    return this.binding.unpause();
  }
}
