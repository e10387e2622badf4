import type Docker from "dockerode";
import { LABEL, ownerLabels } from "../docker/labels.ts";
import { RegistryCredentials } from "../docker/registry-credentials.ts";
import { newRunId } from "../docker/run-id.ts";
import { newRunAccess } from "../engine/run-access.ts";
import { removeInventoryAgent } from "../inventory/inventory-agent.ts";
import type { Inventory } from "../inventory/load-inventory.ts";
import { settleAll } from "../util/settle-all.ts";
import { adoptSwarm } from "./adopt-swarm.ts";
import { faultLimits } from "../agent/fault-limits.ts";
import { keepPresence } from "../agent/presence.ts";
import type { LabImages } from "./lab-images.ts";
import { parseLabOptions } from "./lab-options.ts";
import { LabRegistry } from "./lab-registry.ts";
import { trackLabStart } from "./lab-starts.ts";
import { StartedLab } from "./started-lab.ts";
import { bindInventoryHosts, startInventoryAgents } from "./start-inventory-lab.ts";
import { sweep } from "./sweep.ts";

/**
 * An inventory's machines as they are, for one fault (`firedrill fault --inventory`): the
 * run's agent on every host and nothing else; no registry, stack or edge (a fault that
 * needs them is refused before this is opened). Removing it removes the agents, after
 * undoing any fault they still hold.
 */
export async function openInventoryForFaults(inventory: Inventory, images: LabImages, outer: Docker): Promise<StartedLab> {
  const runId = newRunId();
  const { authority, access } = newRunAccess(runId);
  const labels = { [LABEL.run]: runId, ...ownerLabels(false) };
  return trackLabStart(
    runId,
    (async () => {
      const hosts = await bindInventoryHosts(inventory, inventory.hosts, access, runId);
      // A presence lease from the start: agents of a runner that dies leave the machines by themselves.
      const { leaseMs } = faultLimits();
      const stopPresence = keepPresence(() => hosts.map((h) => h.agent), leaseMs);
      const teardown = async () => {
        await settleAll(hosts.map((h) => removeInventoryAgent(h.engine(60_000), h.agent, runId))).catch(() => undefined);
        stopPresence();
      };
      try {
        await startInventoryAgents(inventory, hosts, { runId, authority, access, source: outer, image: images.agent, labels, presenceMs: leaseMs });
      } catch (error) {
        await teardown();
        await sweep(outer, runId).catch(() => undefined);
        throw error;
      }
      // The Swarm the hosts are in, if any: a halted host's revert waits for it to rejoin.
      const nodes = await adoptSwarm(hosts).catch(() => []);
      const managers = Math.max(1, nodes.filter((n) => n.manager).length);
      return new StartedLab({
        runId,
        outer,
        network: "",
        hosts,
        nodes,
        pinnedHost: hosts[hosts.length - 1]!.name,
        // No registry and no edge: faults that use them are refused for an inventory.
        registry: new LabRegistry({ address: "no-registry.invalid:5000", url: "https://no-registry.invalid:5000", containerId: "", credentials: new RegistryCredentials("none", "none-none") }),
        edge: { containerId: "", url: "", statsUrl: "", adminPort: 0 },
        images,
        credentials: new RegistryCredentials("none", "none-none"),
        access,
        options: { ...parseLabOptions({ runId, hosts: 1 }), hosts: hosts.length, managers },
        timings: [],
        inventory: { name: inventory.name, file: inventory.file, digest: inventory.digest },
        teardown,
      });
    })(),
  );
}
