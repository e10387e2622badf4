import type Docker from "dockerode";
import type { AgentClient } from "../agent/agent-client.ts";
import { type HostFactsOfOne, readHostFacts } from "../agent/read-host-facts.ts";
import { LABEL, ownerLabels } from "../docker/labels.ts";
import { newRunId } from "../docker/run-id.ts";
import { newRunAccess } from "../engine/run-access.ts";
import { inventoryEngine, whyUnreachable } from "../inventory/inventory-engine.ts";
import { agentReach, removeInventoryAgent, startInventoryAgent } from "../inventory/inventory-agent.ts";
import type { Inventory, InventoryHost } from "../inventory/load-inventory.ts";
import type { Finding } from "./doctor-checks.ts";
import { onInterrupt } from "../util/interrupts.ts";

export interface HostFinding extends Finding {
  host: string;
}

export interface InventoryDoctorResult {
  findings: HostFinding[];
  facts: HostFactsOfOne[];
}

/**
 * What each inventory host offers a drill, asked of the host and nothing else: its engine
 * answers with the inventory's credentials; the agent starts there with the privileges its
 * faults need and passes its preflight (enter the host, read its firewall, signal its
 * processes, reach its engine); the facts a certificate records. The agent is removed
 * afterwards: the doctor changes nothing on the hosts.
 */
export async function doctorInventory(inventory: Inventory, outer: Docker, agentImage: string): Promise<InventoryDoctorResult> {
  const runId = newRunId();
  const { authority, access } = newRunAccess(runId);
  const labels = { [LABEL.run]: runId, ...ownerLabels(false) };
  // Ctrl-C in the middle leaves no privileged agent on a host.
  const unregister = onInterrupt("remove the doctor's agents", async () => {
    await Promise.all(inventory.hosts.map((host) => removeInventoryAgent(inventoryEngine(host, 10_000), undefined, runId)));
  });
  const results = await Promise.all(
    inventory.hosts.map((host) => doctorHost(inventory, host, { runId, authority, access, source: outer, image: agentImage, labels })),
  ).finally(unregister);
  return { findings: results.flatMap((r) => r.findings), facts: results.flatMap((r) => (r.facts ? [r.facts] : [])) };
}

async function doctorHost(
  inventory: Inventory,
  host: InventoryHost,
  run: Parameters<typeof startInventoryAgent>[3],
): Promise<{ findings: HostFinding[]; facts?: HostFactsOfOne }> {
  const findings: HostFinding[] = [];
  const add = (check: string, status: Finding["status"], detail: string, fix?: string) => findings.push({ host: host.name, check, status, detail, ...(fix ? { fix } : {}) });
  const engine = inventoryEngine(host, 10_000);
  let info: { Swarm?: { LocalNodeState?: string } };
  try {
    const version = await engine.version();
    info = (await engine.info()) as typeof info;
    add("engine", "ok", `Docker ${version.Version} (API ${version.ApiVersion}) at ${host.engine}`);
  } catch (error) {
    add("engine", "fail", whyUnreachable(host, error), host.tls ? `Check that ${host.engine} is the engine's TLS port and that ${host.tlsDir} holds a client certificate its CA signed.` : "Check the SSH login and that the user may use the engine.");
    return { findings };
  }
  const swarm = info.Swarm?.LocalNodeState ?? "inactive";
  if (inventory.swarm === "existing" && swarm !== "active") add("swarm", "fail", `swarm: existing, but this host is not in a Swarm (${swarm})`, "Join it to the Swarm, or set swarm: form.");
  else if (inventory.swarm === "form" && swarm !== "inactive") add("swarm", "warn", `swarm: form, but this host is already in a Swarm (${swarm})`, "firedrill would leave it first; set swarm: existing to use that Swarm as it is.");
  else add("swarm", "ok", inventory.swarm === "form" ? "not in a Swarm: firedrill can form one" : "in the Swarm: used as found");

  let agent: AgentClient | undefined;
  try {
    agent = await startInventoryAgent(inventory, host, engine, run);
    const reach = agentReach(inventory, host);
    add("agent", "ok", `started, answering at ${reach.host}:${reach.port} over mutual TLS`);
    const checks = await agent.preflight();
    for (const c of checks) add(`agent: ${c.what}`, c.ok ? "ok" : "fail", c.detail, c.ok ? undefined : "The agent needs the host's pid and network namespaces and the capabilities to enter them (see the README's \"Real hosts\").");
    const facts = await readHostFacts(host.name, engine, (argv) => agent!.exec(argv));
    add("facts", "ok", `kernel ${facts.kernel}, ${facts.operatingSystem}, storage ${facts.storageDriver}, cgroup ${facts.cgroupDriver} v${facts.cgroupVersion}, ${facts.iptables}`);
    if (inventory.hostHalt === "power") add("host-halt", host.power ? "ok" : "fail", "by the inventory's power commands, run on this machine");
    else {
      const commands = [inventory.engineControl.stop, inventory.engineControl.start].map((c) => c.trim().split(/\s+/)[0]!);
      const found = await agent.exec(["sh", "-c", 'for c in "$@"; do command -v "$c" >/dev/null || { echo "$c"; exit 1; }; done', "sh", ...commands]);
      add(
        "host-halt",
        found.exitCode === 0 ? "ok" : "fail",
        found.exitCode === 0 ? `by stopping the engine through the agent (\`${inventory.engineControl.stop}\`), its keeper starting it again (\`${inventory.engineControl.start}\`)` : `${found.stdout.trim()} is not on this host, for engineControl`,
        found.exitCode === 0 ? undefined : "Set engineControl: {stop, start} in the inventory to this host's commands, or hostHalt: power with power commands.",
      );
    }
    return { findings, facts };
  } catch (error) {
    add("agent", "fail", `the agent cannot run on ${host.name}: ${(error as Error).message}`, "The agent needs a container in the host's pid and network namespaces with CAP_SYS_ADMIN, CAP_NET_ADMIN and CAP_KILL (privileged, or those capabilities with seccomp unconfined); a user-namespaced or rootless engine cannot give them.");
    return { findings };
  } finally {
    await removeInventoryAgent(engine, agent, run.runId);
  }
}
