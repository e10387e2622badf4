import type { Host } from "./host.ts";
import type { SwarmNode } from "./form-swarm.ts";

interface SwarmInfo {
  Swarm: { LocalNodeState: string; NodeID: string; ControlAvailable: boolean; Cluster?: { ID: string } };
}

/**
 * The Swarm an inventory's hosts are already in, used as found: every host must be an
 * active node of one and the same cluster, and an inventory manager must be a manager.
 */
export async function adoptSwarm(hosts: readonly Host[]): Promise<SwarmNode[]> {
  const infos = await Promise.all(hosts.map(async (h) => ({ host: h, info: (await h.engine(10_000).info()) as SwarmInfo })));
  const problems: string[] = [];
  for (const { host, info } of infos) {
    if (info.Swarm.LocalNodeState !== "active") problems.push(`${host.name} is not in a Swarm (${info.Swarm.LocalNodeState})`);
  }
  const clusters = new Set(infos.filter((i) => i.info.Swarm.ControlAvailable).map((i) => i.info.Swarm.Cluster?.ID));
  if (clusters.size > 1) problems.push(`the managers are in ${clusters.size} different Swarms`);
  if (clusters.size === 0) problems.push("no host is a Swarm manager");
  if (problems.length > 0) throw new Error(`swarm: existing, but ${problems.join("; ")}; join them to one Swarm, or set swarm: form`);
  return infos.map(({ host, info }) => ({ host: host.name, nodeId: info.Swarm.NodeID, manager: info.Swarm.ControlAvailable }));
}
