import type Docker from "dockerode";
import getPort from "get-port";
import { LABEL, ownerLabels } from "../docker/labels.ts";
import { RegistryCredentials } from "../docker/registry-credentials.ts";
import { newRunId } from "../docker/run-id.ts";
import { newRunAccess } from "../engine/run-access.ts";
import { FiredrillError, harnessError } from "../errors/firedrill-error.ts";
import { startInventoryAgent } from "../inventory/inventory-agent.ts";
import { faultLimits } from "../agent/fault-limits.ts";
import { keepPresence } from "../agent/presence.ts";
import { inventoryEngine, whyUnreachable } from "../inventory/inventory-engine.ts";
import type { Inventory, InventoryHost } from "../inventory/load-inventory.ts";
import type { RunAccess } from "../engine/run-access.ts";
import { type Timings, timedPhases } from "../util/timed-phases.ts";
import { log, warn } from "../util/log.ts";
import { settleAll } from "../util/settle-all.ts";
import { formSwarm, labelNodes, type SwarmNode } from "./form-swarm.ts";
import { Host } from "./host.ts";
import { InventoryBinding } from "./inventory-binding.ts";
import { type LabImages } from "./lab-images.ts";
import { type LabOptionsInput, parseLabOptions } from "./lab-options.ts";
import { trackLabStart } from "./lab-starts.ts";
import { loginHosts } from "./login-hosts.ts";
import { adoptSwarm } from "./adopt-swarm.ts";
import { startFleetEdge } from "./start-fleet-edge.ts";
import { startFleetRegistry } from "./start-fleet-registry.ts";
import { StartedLab } from "./started-lab.ts";
import { sweep } from "./sweep.ts";
import { inventoryTeardown, type TeardownState } from "./inventory-teardown.ts";

/**
 * A lab on an inventory's machines: the run's agent on every host, the run's registry on
 * the first manager (over TLS, trusted through certs.d), a Swarm formed over the hosts or
 * the one they are in (left as found), and the edge on the runner's engine in front of
 * every host's published port. Nothing about the machines is changed that the run does
 * not undo when it is removed: the stacks it deployed, the Swarm it formed, the labels it
 * set, the registry and its trust, the logins, the agents.
 */
export async function startInventoryLab(inventory: Inventory, input: LabOptionsInput, images: LabImages, outer: Docker): Promise<StartedLab> {
  const runId = input.runId ?? newRunId();
  return trackLabStart(runId, startAs(runId, inventory, input, images, outer));
}

async function startAs(runId: string, inventory: Inventory, input: LabOptionsInput, images: LabImages, outer: Docker): Promise<StartedLab> {
  const managers = inventory.hosts.filter((h) => h.role === "manager").length;
  // The lab options that apply to machines as they are: budgets, the pin label, the health path.
  const options = { ...parseLabOptions({ ...input, runId, hosts: 1, managers: 1, engine: undefined, resources: undefined }), hosts: inventory.hosts.length, managers };
  const labels = { [LABEL.run]: runId, ...ownerLabels(false) };
  const { authority, access } = newRunAccess(runId);
  const credentials = RegistryCredentials.fromEnvironment();
  const timings: Timings = [];
  const phase = timedPhases("lab", timings);
  // Managers first, as the local lab orders them; the pinned host is the last worker.
  const machines = [...inventory.hosts].sort((a, b) => Number(b.role === "manager") - Number(a.role === "manager"));
  const pinned = [...machines].reverse().find((m) => m.role === "worker") ?? machines[machines.length - 1]!;
  const state: TeardownState = { runId, hosts: [], swarm: inventory.swarm, labelled: [], pinLabel: options.pinLabel, loadedImages: [images.agent, images.registrySeeded] };
  const teardown = inventoryTeardown(state);
  log("lab", `run ${runId} on inventory ${inventory.name} (${inventory.file}): ${machines.map((m) => `${m.name} (${m.role})`).join(", ")}`);
  try {
    const hosts = await phase("engines answering", () => bindInventoryHosts(inventory, machines, access, runId));
    state.hosts = hosts;
    // A presence lease from the start: agents of a runner that dies leave the machines by themselves.
    const { leaseMs } = faultLimits();
    state.presence = keepPresence(() => hosts.map((h) => h.agent), leaseMs);
    await phase("agents started", () => startInventoryAgents(inventory, hosts, { runId, authority, access, source: outer, image: images.agent, labels, presenceMs: leaseMs }));
    const registry = await phase("registry started", () =>
      startFleetRegistry({ runId, labels, host: hosts[0]!, port: inventory.registryPort, image: images.registrySeeded, source: outer, credentials, authority }, hosts, (state.madeCertsDir = new Set())),
    );
    state.registry = registry;
    await loginHosts(hosts, registry);
    const swarmOptions = { managers, pinnedHost: pinned.name, pinLabel: options.pinLabel, budgetMs: options.budgets.swarmMs };
    const nodes: SwarmNode[] = await phase(inventory.swarm === "form" ? "swarm formed" : "swarm adopted", async () => {
      if (inventory.swarm === "existing") {
        const adopted = await adoptSwarm(hosts);
        state.labelled = adopted.map((n) => n.nodeId);
        await labelNodes(hosts[0]!.engine(10_000), adopted, swarmOptions);
        return adopted;
      }
      state.formed = true;
      return formSwarm(hosts, { ...swarmOptions, advertise: (h) => h.address });
    });
    const users = inventory.users;
    // Where users reach the stack: the team's own load balancer, or firedrill's edge in front of the hosts.
    const edge = "url" in users
      ? { containerId: "", url: users.url.replace(/\/+$/, ""), statsUrl: "", adminPort: 0 }
      : await phase("edge started", async () =>
      startFleetEdge(
        { runId, outer, image: images.haproxy, labels, healthPath: options.healthPath, edgePort: options.edgePort || (await getPort({ host: "127.0.0.1" })) },
        hosts.map((h) => ({ name: h.name, address: hostAndPort(h.httpUrl) })),
      ),
    );
    const lab = new StartedLab({
      runId,
      outer,
      network: "",
      hosts,
      nodes,
      pinnedHost: pinned.name,
      registry,
      edge,
      images,
      credentials,
      access,
      options,
      timings,
      inventory: { name: inventory.name, file: inventory.file, digest: inventory.digest },
      teardown,
    });
    state.stacks = () => lab.deployedStacks;
    return lab;
  } catch (error) {
    log("lab", `start failed; undoing what run ${runId} did on the hosts`);
    await teardown().catch((e: Error) => warn("lab", `undoing run ${runId} on the hosts: ${e.message}`));
    await sweep(outer, runId).catch(() => undefined);
    throw error instanceof FiredrillError
      ? error
      : harnessError("LAB_START_FAILED", `The lab on ${inventory.file} did not come up: ${(error as Error).message}`, `Run \`firedrill doctor --inventory ${inventory.file}\`.`, { cause: error });
  }
}


/** Binds each machine as a host of the run, once its engine answers with the inventory's credentials. */
export async function bindInventoryHosts(inventory: Inventory, machines: readonly InventoryHost[], access: RunAccess, runId: string): Promise<Host[]> {
  return settleAll(
    machines.map(async (machine) => {
      await inventoryEngine(machine, 10_000)
        .ping()
        .catch((error: unknown) => {
          throw unreachableHost(machine, inventory.file, error);
        });
      const binding = new InventoryBinding(inventory, machine);
      const host = await Host.bind(machine.name, binding, access, runId);
      binding.host = host;
      return host;
    }),
  );
}

/**
 * A machine whose engine the runner could not reach (no such name, a refused connection or
 * TLS handshake, no answer): broken, never a verdict on the configuration, which was
 * never tried there.
 */
export function unreachableHost(machine: InventoryHost, inventoryFile: string, error: unknown): FiredrillError {
  return harnessError("HOST_UNREACHABLE", `${machine.name}: ${whyUnreachable(machine, error)}`, `Run \`firedrill doctor --inventory ${inventoryFile}\`.`, { cause: error });
}

/** The run's agent on every host, each with a server certificate of the run's authority. */
export async function startInventoryAgents(inventory: Inventory, hosts: readonly Host[], run: Parameters<typeof startInventoryAgent>[3]): Promise<void> {
  await settleAll(
    hosts.map((host) => {
      const machine = inventory.hosts.find((m) => m.name === host.name)!;
      return startInventoryAgent(inventory, machine, inventoryEngine(machine, 120_000), run).catch((error: Error) => {
        throw harnessError("AGENT_START_FAILED", `${machine.name}: its agent did not start: ${error.message}`, `Run \`firedrill doctor --inventory ${inventory.file}\`: it says what the host lacks.`, { cause: error });
      });
    }),
  );
}

/** "http://10.0.0.5" -> "10.0.0.5:80": a URL's host with its port spelled out, as HAProxy needs it. */
function hostAndPort(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol === "https:" ? 443 : 80)}`;
}
