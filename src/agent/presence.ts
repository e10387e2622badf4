import type { AgentClient } from "./agent-client.ts";

/**
 * Renews the lease of every agent of a run on an inventory's machines, faults or not, three
 * times per lease period, until stopped. Those agents were started with a presence lease:
 * when this process dies and nothing renews it, each reverts what it holds and exits,
 * leaving its port to the next run (a machine outlives any one run). Failures are quiet: a
 * host whose engine is stopped is renewed through its keeper, or not at all.
 */
export function keepPresence(agents: () => readonly AgentClient[], leaseMs: number): () => void {
  const timer = setInterval(() => {
    for (const agent of agents()) void agent.renew(leaseMs).catch(() => undefined);
  }, Math.max(500, Math.floor(leaseMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}
