import { LABEL } from "../docker/labels.ts";
import { removeInventoryAgent } from "../inventory/inventory-agent.ts";
import { log, warn } from "../util/log.ts";
import { settleAll } from "../util/settle-all.ts";
import { waitFor } from "../util/wait-for.ts";
import { HOST_NODE_LABEL, unlabelNode } from "./form-swarm.ts";
import type { Host } from "./host.ts";
import type { LabRegistry } from "./lab-registry.ts";
import { RUN_FILES } from "./run-files.ts";
import { untrustRegistry } from "./start-fleet-registry.ts";
import { sweep } from "./sweep.ts";

/** What a run has done to an inventory's machines so far: what its removal undoes. */
export interface TeardownState {
  runId: string;
  hosts: Host[];
  swarm: "form" | "existing";
  /** The Swarm was formed by this run (it is dissolved on removal). */
  formed?: boolean;
  /** Nodes of an existing Swarm this run labelled (the labels are taken off again). */
  labelled: string[];
  pinLabel: string;
  registry?: LabRegistry;
  /** Hosts that had no /etc/docker/certs.d until the run trusted its registry there. */
  madeCertsDir?: Set<string>;
  /** firedrill's own images the run loaded into the hosts' engines (the agent's, the registry's). */
  loadedImages?: string[];
  /** Stops renewing the agents' presence lease (last: the agents are removed by then). */
  presence?: () => void;
  /** Stack namespaces the run deployed (read at teardown). */
  stacks?: () => Iterable<string>;
}

/**
 * Undoes a run on an inventory's machines, each step on its own so that one failing does
 * not keep the others from running: the stacks it deployed (on a Swarm it found; one it
 * formed is dissolved with them), the node labels it set, the registry's trust and
 * login, firedrill's files, and last every container and volume labelled with the run
 * (the registry, the agents) with the images it loaded for them.
 */
export function inventoryTeardown(state: TeardownState): () => Promise<void> {
  return async () => {
    const { runId, hosts } = state;
    if (hosts.length === 0) return;
    const manager = hosts[0]!;
    const problems: string[] = [];
    const stacks = [...(state.stacks?.() ?? [])];
    const step = async (what: string, action: () => Promise<unknown>) => {
      await action().catch((error: Error) => problems.push(`${what}: ${error.message}`));
    };
    if (state.formed) {
      // Workers first: a Swarm whose managers left first would leave workers behind.
      await step("dissolve the Swarm", async () => {
        for (const group of [hosts.slice(1), [manager]]) {
          await settleAll(group.map((h) => h.engine(30_000).swarmLeave({ force: true }).catch((e: { statusCode?: number }) => (e.statusCode === 503 ? undefined : Promise.reject(e)))));
        }
      });
    } else if (state.swarm === "existing") {
      for (const stack of stacks) await step(`remove stack ${stack}`, () => removeStack(manager, stack));
      await step("remove the run's secrets", async () => {
        const docker = manager.engine(10_000);
        for (const s of await docker.listSecrets({ filters: { label: [`${LABEL.run}=${runId}`] } })) await docker.getSecret(s.ID).remove();
      });
      for (const nodeId of state.labelled) await step(`unlabel node ${nodeId}`, () => unlabelNode(manager.engine(10_000), nodeId, [HOST_NODE_LABEL, state.pinLabel]));
    }
    if (state.registry) await step("forget the registry", () => untrustRegistry(hosts, state.registry!.address, state.madeCertsDir ?? new Set()));
    await step("remove the run's files", () => Promise.all(hosts.map((h) => h.exec(["sh", "-c", 'rm -rf "$@"; rmdir /etc/firedrill 2>/dev/null; true', "sh", ...RUN_FILES]))));
    await settleAll(
      hosts.map(async (h) => {
        try {
          const engine = h.engine(60_000);
          // The agent first, through itself: it removes its state directory on the host.
          await removeInventoryAgent(engine, h.agent, runId);
          const left = await sweep(engine, runId);
          if (left.failed?.length) problems.push(`${h.name}: ${left.failed.join("; ")}`);
          // The stacks' named volumes outlive their services (the database's data, on the pinned host).
          for (const stack of stacks) {
            const { Volumes } = await engine.listVolumes({ filters: { label: [`com.docker.stack.namespace=${stack}`] } });
            for (const v of Volumes ?? []) await engine.getVolume(v.Name).remove().catch((e: Error) => problems.push(`${h.name}: volume ${v.Name}: ${e.message}`));
          }
          // The bridge Swarm made when the host joined: it outlives the Swarm, and was not there before.
          if (state.formed) await engine.getNetwork("docker_gwbridge").remove().catch(() => undefined);
          if (state.registry) await removeRegistryImages(h, state.registry.address);
          // The images the run loaded for its own containers; not forced: one another run still uses stays.
          for (const image of state.loadedImages ?? []) await engine.getImage(image).remove().catch(() => undefined);
        } catch (error) {
          problems.push(`${h.name}: ${(error as Error).message}`);
        }
      }),
    ).catch(() => undefined);
    state.presence?.();
    if (problems.length > 0) warn("lab", `run ${runId}: not everything was undone on the hosts: ${problems.join("; ")}`);
    else log("lab", `run ${runId}: undone on ${hosts.map((h) => h.name).join(", ")}`);
  };
}

async function removeStack(manager: Host, stack: string): Promise<void> {
  const docker = manager.engine(10_000);
  const filters = { label: [`com.docker.stack.namespace=${stack}`] };
  await waitFor({ phase: `stack ${stack} removed`, budgetMs: 60_000, intervalMs: 1000 }, async () => {
    await manager.exec(["docker", "stack", "rm", stack]);
    const [services, networks] = await Promise.all([docker.listServices({ filters }), docker.listNetworks({ filters })]);
    if (services.length + networks.length > 0) throw new Error(`${services.length} service(s) and ${networks.length} network(s) left`);
  });
}

/** The images the hosts pulled from the run's registry: they name a registry that is gone. */
async function removeRegistryImages(host: Host, address: string): Promise<void> {
  const docker = host.engine(30_000);
  for (const image of await docker.listImages()) {
    if ((image.RepoTags ?? []).concat(image.RepoDigests ?? []).some((t) => t.startsWith(`${address}/`))) {
      await docker.getImage(image.Id).remove({ force: true }).catch(() => undefined);
    }
  }
}
