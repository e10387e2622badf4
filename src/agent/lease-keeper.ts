import { log } from "../util/log.ts";
import type { AgentClient } from "./agent-client.ts";

/**
 * Renews the lease of every agent that holds one of this process's faults, three times
 * per lease period, until the last of its faults there is released. When this process
 * dies nothing renews, and each agent reverts its faults by itself. The timers do not
 * keep the process alive: a process that is done has nothing to hold.
 */
export class LeaseKeeper {
  readonly #held = new Map<string, { agent: AgentClient; count: number; timer: NodeJS.Timeout; failing: boolean }>();

  constructor(readonly leaseMs: number) {}

  /** Keeps the agent's lease while the returned release has not been called. */
  hold(agent: AgentClient): () => void {
    const key = agent.url;
    const entry = this.#held.get(key);
    if (entry) {
      entry.count++;
    } else {
      const timer = setInterval(() => void this.renew(key), Math.max(500, Math.floor(this.leaseMs / 3)));
      timer.unref();
      this.#held.set(key, { agent, count: 1, timer, failing: false });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const held = this.#held.get(key);
      if (held && --held.count === 0) {
        clearInterval(held.timer);
        this.#held.delete(key);
      }
    };
  }

  /** Stops renewing every lease (this process is done with its faults, reverted or not). */
  releaseAll(): void {
    for (const entry of this.#held.values()) clearInterval(entry.timer);
    this.#held.clear();
  }

  private async renew(key: string): Promise<void> {
    const entry = this.#held.get(key);
    if (!entry) return;
    try {
      await entry.agent.renew(this.leaseMs);
      if (entry.failing) log("fault", `${entry.agent.name}: lease renewed again`);
      entry.failing = false;
    } catch (error) {
      // Said once per streak: a host that is paused or cut off cannot answer, and its
      // agent reverting when the lease lapses is the dead-man switch doing its job.
      if (!entry.failing) log("fault", `${entry.agent.name}: lease not renewed (${(error as Error).message}); its agent reverts its faults if this lasts ${this.leaseMs / 1000}s`);
      entry.failing = true;
    }
  }
}
