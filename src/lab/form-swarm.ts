import type Docker from "dockerode";
import { FiredrillError, harnessError } from "../errors/firedrill-error.ts";
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
  try {
    return await formOver(hosts, options);
  } catch (error) {
    // A wait's own timeout keeps its code; any other call that failed on the way was not Swarm refusing.
    throw error instanceof FiredrillError ? error : swarmFormFailed(error);
  }
}

/**
 * Engine answers to an init or a join that speak of the machine's state or of time (in a
 * Swarm already, a raft deadline, a node unavailable), not of what the configuration is.
 */
const NOT_A_REFUSAL = /already part of a swarm|not part of a swarm|deadline|time(?:d )?out|unavailable|context canceled|connection/i;

/**
 * What a failed init or join says: SWARM_REFUSED (the configuration is not certified)
 * only when the engine answered and refused, as with `--live-restore` on engines that
 * forbid it in Swarm mode; an engine that did not answer, or answered with its state
 * (busy, already in a Swarm, 502-504), is SWARM_FORM_FAILED (broken).
 */
export function swarmCallFailure(error: unknown): FiredrillError {
  const e = error as Error & { statusCode?: number; json?: { message?: string } };
  const said = (e.json?.message ?? e.message ?? String(error)).trim();
  const answered = typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 502;
  if (!answered || NOT_A_REFUSAL.test(said)) return swarmFormFailed(error);
  return harnessError("SWARM_REFUSED", `Swarm could not be formed: ${said}`, "The engine configuration is incompatible with Swarm mode; see the engine's message.", { cause: error });
}

function swarmFormFailed(error: unknown): FiredrillError {
  return harnessError(
    "SWARM_FORM_FAILED",
    `Swarm could not be formed: ${error instanceof Error ? error.message : String(error)}`,
    "An engine did not answer (or was busy) while the Swarm was formed: nothing was learnt of the configuration. Run `firedrill doctor`, then the drill again.",
    { cause: error },
  );
}

async function formOver(hosts: Host[], options: SwarmOptions): Promise<SwarmNode[]> {
  const [leader, ...rest] = hosts;
  if (!leader) throw new Error("a Swarm needs at least one host");
  const advertise = options.advertise ?? (() => "eth0");
  await leader.docker.swarmInit({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: advertise(leader), ForceNewCluster: false }).catch((error: unknown) => {
    throw swarmCallFailure(error);
  });
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
  await docker.swarmJoin({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: advertise, RemoteAddrs: remoteAddrs, JoinToken: token }).catch((error: unknown) => {
    throw swarmCallFailure(error);
  });
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
