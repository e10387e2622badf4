import { execFile } from "node:child_process";
import Docker from "dockerode";
import { agentReach } from "../inventory/inventory-agent.ts";
import { engineEndpoint, inventoryEngineOptions, whyUnreachable } from "../inventory/inventory-engine.ts";
import type { Inventory, InventoryHost } from "../inventory/load-inventory.ts";
import type { Host } from "./host.ts";
import { faultLimits } from "../agent/fault-limits.ts";
import { waitFor } from "../util/wait-for.ts";
import type { HostBinding, HostEndpoints, PowerState } from "./host-binding.ts";

/**
 * A machine of an inventory. Its addresses are the inventory's and never change; its
 * power switch is the power commands the inventory gives (run on this machine, as an
 * operator would run them), and its engine log is the host's journal (or
 * /var/log/docker.log), read through the run's agent.
 */
export class InventoryBinding implements HostBinding {
  readonly describe: string;
  /** Set once the host exists: the engine log is read, and the engine stopped, through its agent. */
  host: Host | undefined;
  /** The engine halt in effect (hostHalt: engine), with the timer renewing its keeper's lease. */
  #halt: { id: string; timer: NodeJS.Timeout | undefined } | undefined;

  constructor(
    private readonly inventory: Inventory,
    private readonly machine: InventoryHost,
  ) {
    this.describe = `inventory host ${machine.name} (${machine.engine})`;
  }

  async endpoints(): Promise<HostEndpoints> {
    const at = engineEndpoint(this.machine);
    const address = this.machine.address ?? at.host;
    return {
      address,
      engine: inventoryEngineOptions(this.machine),
      engineUrl: this.machine.engine,
      httpUrl: `http://${this.machine.http ?? `${address}:80`}`,
      agent: agentReach(this.inventory, this.machine),
    };
  }

  /** Running while its engine answers: all a fleet's power switch can be asked without a BMC. */
  async powerState(): Promise<PowerState> {
    try {
      await new Docker({ ...inventoryEngineOptions(this.machine), timeout: 2000 }).ping();
      return { running: true, paused: false, status: "engine answering" };
    } catch (error) {
      return { running: false, paused: false, status: `engine not answering: ${whyUnreachable(this.machine, error)}` };
    }
  }

  stop(): Promise<void> {
    return this.inventory.hostHalt === "engine" ? this.stopEngine() : this.power("off");
  }

  kill(): Promise<void> {
    return this.inventory.hostHalt === "engine" ? this.stopEngine() : this.power(this.machine.power?.kill ? "kill" : "off");
  }

  start(): Promise<void> {
    return this.inventory.hostHalt === "engine" ? this.startEngine() : this.power("on");
  }

  /**
   * hostHalt: engine. The engine (and every container on it, the agent too) stops while the
   * machine stays up. The agent's keeper, a process of the host outside Docker, holds the
   * fault from then on: this process renews its lease while the engine is down, and if it
   * dies the keeper starts the engine again when the lease lapses (or at the maximum).
   */
  private async stopEngine(): Promise<void> {
    const host = this.requireHost();
    const limits = faultLimits();
    this.#halt = { id: `engine-halt-${Date.now().toString(36)}`, timer: undefined };
    await host.agent.engineHalt({ id: this.#halt.id, stop: this.inventory.engineControl.stop, start: this.inventory.engineControl.start, ...limits });
    const agent = host.agent;
    this.#halt.timer = setInterval(() => void agent.renew(limits.leaseMs).catch(() => undefined), Math.max(1000, Math.floor(limits.leaseMs / 3)));
    this.#halt.timer.unref();
    // Stopped once the keeper answers on the agent's port: it binds it only after running the
    // stop command to its end, when the agent is gone with the engine. (An engine slow to
    // answer while it shuts down is not yet a stopped one.)
    await waitFor({ phase: `${this.machine.name}: engine stopped (its keeper answering)`, budgetMs: 90_000, intervalMs: 250 }, async () => {
      if (!(await agent.health(2000)).keeper) throw new Error("the agent still answers");
    });
  }

  /** Asks the keeper to start the engine (the fault's undo), then stops renewing its lease. */
  private async startEngine(): Promise<void> {
    const host = this.requireHost();
    const halt = this.#halt;
    const result = await host.agent.forget(halt?.id ?? "", this.inventory.engineControl.start);
    if (halt?.timer) clearInterval(halt.timer);
    this.#halt = undefined;
    if (result.exitCode !== 0) throw new Error(`${this.machine.name}: \`${this.inventory.engineControl.start}\` exited with ${result.exitCode}: ${result.output.slice(-400)}`);
  }

  private requireHost(): Host {
    if (!this.host) throw new Error(`${this.machine.name} is not bound to a run yet`);
    return this.host;
  }

  async pause(): Promise<void> {
    throw new Error(`${this.machine.name} is an inventory host: freezing a whole machine needs a lab container's cgroup (host-pause runs on the local lab only)`);
  }

  async unpause(): Promise<void> {
    await this.pause();
  }

  async engineLog(options: { tail?: number; sinceSec?: number }): Promise<string> {
    if (!this.host) return "(no engine log: the host is not bound yet)";
    const tail = options.tail ?? 200;
    const since = options.sinceSec ? ` --since @${options.sinceSec}` : "";
    const script =
      `if command -v journalctl >/dev/null 2>&1 && journalctl -u docker.service -n 1 --no-pager -q >/dev/null 2>&1; then journalctl -u docker.service -n ${tail}${since} --no-pager -o cat; ` +
      `elif [ -r /var/log/docker.log ]; then tail -n ${tail} /var/log/docker.log; else echo "(no engine log on this host: no docker unit in the journal, no /var/log/docker.log)"; fi`;
    return (await this.host.sh(script, { timeoutMs: 15_000 })).trimEnd();
  }

  /** Runs one of the inventory's power commands here, with {host} replaced by the host's name. */
  private power(which: "off" | "on" | "kill"): Promise<void> {
    const command = this.machine.power?.[which];
    if (!command) {
      return Promise.reject(new Error(`${this.machine.name} has no power.${which} command in ${this.inventory.file}; with hostHalt: engine, host-halt stops the engine instead`));
    }
    const line = command.replaceAll("{host}", this.machine.name);
    return new Promise((resolve, reject) => {
      execFile("sh", ["-c", line], { timeout: 120_000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${this.machine.name}: power ${which} (\`${line}\`) failed: ${(stderr || stdout || error.message).trim().slice(-400)}`));
        else resolve();
      });
    });
  }
}
