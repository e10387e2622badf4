import type Docker from "dockerode";
import { waitFor } from "../util/wait-for.ts";
import type { Host } from "./host.ts";

export interface SwarmOptions {
  managers: number;
  /** The host whose node gets `pinLabel`: the stack's stateful service is pinned to it. */
  pinnedHost: string;
  pinLabel: string;
  budgetMs: number;
  /** The address each node advertises; by default its lab interface by name (eth0), which survives a new address after a halt. */
  advertise?: (host: Host) => string;
}

export interface SwarmNode {
  host: string;
  nodeId: string;
  manager: boolean;
}

export const HOST_NODE_LABEL = "firedrill.host";

/**
 * Forms a Swarm: the first host initialises it, further managers join one at a time
 * (each raft join must settle before the next), then workers join together. Nodes
 * advertise their lab interface by name, so a host that comes back with a new
 * address after a halt still finds itself.
 */
export async function formSwarm(hosts: Host[], options: SwarmOptions): Promise<SwarmNode[]> {
  const [leader, ...rest] = hosts;
  if (!leader) throw new Error("a Swarm needs at least one host");
  const advertise = options.advertise ?? (() => "eth0");
  await leader.docker.swarmInit({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: advertise(leader), ForceNewCluster: false });
  const swarm = (await leader.docker.swarmInspect()) as { JoinTokens: { Manager: string; Worker: string } };
  const remote = [`${leader.address}:2377`];

  const managers = rest.slice(0, options.managers - 1);
  const workers = rest.slice(options.managers - 1);
  for (const host of managers) await join(host.docker, remote, swarm.JoinTokens.Manager, advertise(host));
  await Promise.all(workers.map((host) => join(host.docker, remote, swarm.JoinTokens.Worker, advertise(host))));

  const nodes: SwarmNode[] = [];
  for (const host of hosts) {
    const info = (await host.docker.info()) as { Swarm: { NodeID: string } };
    nodes.push({ host: host.name, nodeId: info.Swarm.NodeID, manager: host === leader || managers.includes(host) });
  }
  await waitFor({ phase: "swarm: every node Ready", budgetMs: options.budgetMs, intervalMs: 500 }, async () => {
    const listed = (await leader.docker.listNodes()) as Array<{ ID: string; Status: { State: string } }>;
    const notReady = nodes.filter((n) => listed.find((l) => l.ID === n.nodeId)?.Status.State !== "ready");
    if (notReady.length > 0) throw new Error(`not ready: ${notReady.map((n) => n.host).join(", ")}`);
  });
  await labelNodes(leader.docker, nodes, options);
  return nodes;
}

async function join(docker: Docker, remoteAddrs: string[], token: string, advertise: string): Promise<void> {
  await docker.swarmJoin({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: advertise, RemoteAddrs: remoteAddrs, JoinToken: token });
}

async function labelNode(manager: Docker, nodeId: string, labels: Record<string, string>): Promise<void> {
  const node = manager.getNode(nodeId);
  const current = (await node.inspect()) as { Version: { Index: number }; Spec: { Labels?: Record<string, string> } };
  // docker-modem sends _query as the query string and _body as the JSON body.
  await node.update({
    _query: { version: current.Version.Index },
    _body: { ...current.Spec, Labels: { ...current.Spec.Labels, ...labels } },
  });
}

/** 3 for "host-3": hosts sort and count by their number. */
export function hostNumber(name: string | undefined): number {
  return Number(/(\d+)$/.exec(name ?? "")?.[1] ?? Number.NaN);
}

/** The lab host a Swarm node is: its firedrill.host label (an inventory's machine names itself), else its hostname. */
export function hostOfNode(node: { Description: { Hostname: string }; Spec?: { Labels?: Record<string, string> } }): string {
  return node.Spec?.Labels?.[HOST_NODE_LABEL] ?? node.Description.Hostname;
}

/** Each node gets its host's name, and the pinned host the pin label. */
export async function labelNodes(manager: Docker, nodes: readonly SwarmNode[], options: Pick<SwarmOptions, "pinnedHost" | "pinLabel">): Promise<void> {
  for (const node of nodes) {
    await labelNode(manager, node.nodeId, {
      [HOST_NODE_LABEL]: node.host,
      ...(node.host === options.pinnedHost ? { [options.pinLabel]: "true" } : {}),
    });
  }
}

/** Removes labels from a node (what firedrill added to a Swarm it found): the node keeps every other label. */
export async function unlabelNode(manager: Docker, nodeId: string, keys: readonly string[]): Promise<void> {
  const node = manager.getNode(nodeId);
  const current = (await node.inspect()) as { Version: { Index: number }; Spec: { Labels?: Record<string, string> } };
  const labels = Object.fromEntries(Object.entries(current.Spec.Labels ?? {}).filter(([k]) => !keys.includes(k)));
  await node.update({ _query: { version: current.Version.Index }, _body: { ...current.Spec, Labels: labels } });
}
