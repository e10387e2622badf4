import { isIP } from "node:net";
import type Docker from "dockerode";
import type { AgentClient } from "../agent/agent-client.ts";
import { agentContainerName, startAgent } from "../agent/start-agent.ts";
import type { RunAccess } from "../engine/run-access.ts";
import type { TlsAuthority } from "../engine/tls-authority.ts";
import { engineEndpoint } from "./inventory-engine.ts";
import type { Inventory, InventoryHost } from "./load-inventory.ts";

/** Where the runner reaches a host's agent: the inventory's `agent:`, else the engine's host at the agent port. */
export function agentReach(inventory: Inventory, host: InventoryHost): { host: string; port: number } {
  if (host.agent) {
    const [name, port] = host.agent.split(":");
    return { host: name!, port: Number(port) };
  }
  return { host: engineEndpoint(host).host, port: inventory.agentPort };
}

/** Starts the run's agent on an inventory host (its server certificate issued by the run for where the runner reaches it). */
export async function startInventoryAgent(
  inventory: Inventory,
  host: InventoryHost,
  engine: Docker,
  run: { runId: string; authority: TlsAuthority; access: RunAccess; source: Docker; image: string; labels: Record<string, string>; presenceMs?: number },
): Promise<AgentClient> {
  const reach = agentReach(inventory, host);
  const names = isIP(reach.host) ? { dns: [host.name], ips: [reach.host] } : { dns: [host.name, reach.host], ips: [] };
  return startAgent({
    host: host.name,
    runId: run.runId,
    engine,
    image: run.image,
    source: run.source,
    server: run.authority.server(host.name, names),
    access: run.access,
    reachAt: reach,
    labels: run.labels,
    presenceMs: run.presenceMs,
  });
}

/**
 * Removes the run's agent from a host, with what it kept on the host's disk. A fault it
 * still holds (a run stopped in the middle of one) is undone first: removing the agent
 * would otherwise take the dead-man switch with it.
 */
export async function removeInventoryAgent(engine: Docker, agent: AgentClient | undefined, runId: string): Promise<void> {
  const held = await agent?.health(5000).then((h) => h.faults, () => []);
  for (const id of held ?? []) await agent?.forget(id, "").catch(() => undefined);
  await agent?.exec(["sh", "-c", 'rm -rf "/var/lib/firedrill-agent/$1"; rmdir /var/lib/firedrill-agent 2>/dev/null; true', "sh", runId]).catch(() => undefined);
  await engine
    .getContainer(agentContainerName(runId))
    .remove({ force: true })
    .catch(() => undefined);
}
