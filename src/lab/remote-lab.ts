import { chmod, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import Docker from "dockerode";
import getPort from "get-port";
import { stringify } from "yaml";
import { AGENT_PORT } from "../agent/start-agent.ts";
import { LabContainer } from "../docker/lab-container.ts";
import { LABEL, ownerLabels } from "../docker/labels.ts";
import { mappedPort, networkAddress } from "../docker/mapped-port.ts";
import { newRunId } from "../docker/run-id.ts";
import { capabilityHostConfig, detectSecurityMode } from "../engine/security-mode.ts";
import { TlsAuthority } from "../engine/tls-authority.ts";
import { engineTls } from "../engine/run-access.ts";
import { harnessError } from "../errors/firedrill-error.ts";
import { log } from "../util/log.ts";
import { settleAll } from "../util/settle-all.ts";
import { waitFor } from "../util/wait-for.ts";
import { ENGINE_PORT, HTTP_PORT } from "./host.ts";
import { containerName } from "./lab-context.ts";
import { sweep, type SweepResult } from "./sweep.ts";

/** The label that marks a remote lab's objects (beside the run label, so `firedrill clean` removes them too). */
export const REMOTE_LAB_LABEL = "firedrill.remote-lab";

export interface RemoteLabResult {
  id: string;
  inventory: string;
  certs: string;
  hosts: Array<{ name: string; engine: string; agent: string }>;
}

/**
 * Hosts on this machine that behave as remote machines, for trying and testing inventories
 * where there are no VMs: each is a Docker-in-Docker host whose engine is reachable only
 * over TLS, with certificates of the remote lab's own authority, on a published loopback
 * port. The inventory written for them is all a later command uses: it reaches the hosts as
 * it would a fleet, and cuts their power with the `docker stop` the inventory gives (what
 * a data centre's power switch is to a real one). Left running until `remote-lab down`.
 */
export async function remoteLabUp(
  outer: Docker,
  images: { host: string; base: string },
  count: number,
  out: string,
  /** Hosts whose engine remaps users (--userns-remap): it cannot give the agent the host's namespaces, as on a hardened fleet. */
  unprivileged: readonly string[] = [],
): Promise<RemoteLabResult> {
  const hostImage = images.host;
  const id = newRunId();
  const labels = { [LABEL.run]: id, [REMOTE_LAB_LABEL]: id, ...ownerLabels(true) };
  const network = containerName(id, "net");
  const certs = path.join(path.dirname(path.resolve(out)), `${path.basename(out).replace(/\.ya?ml$/, "")}-certs`);
  let madeCerts = false;
  try {
    const securityMode = await detectSecurityMode(outer, images.base, { ...labels, [LABEL.role]: "host" });
    const subnet = await fixedSubnet(outer, network, { ...labels, [LABEL.role]: "network" });
    const authority = TlsAuthority.create(`firedrill remote lab ${id}`);
    const client = authority.client(`firedrill runner for remote lab ${id}`);
    // Never into an existing folder: it may hold another lab's (or the user's own) keys.
    await mkdir(certs, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EEXIST") {
        throw new Error(`${certs} already exists; remove it (\`firedrill remote-lab down --inventory ${out}\` for a remote lab) or choose another --out`);
      }
      throw error;
    });
    madeCerts = true;
    await writeFile(path.join(certs, "ca.pem"), client.ca);
    await writeFile(path.join(certs, "cert.pem"), client.cert);
    await writeFile(path.join(certs, "key.pem"), client.key.reveal(), { mode: 0o600 });
    await chmod(path.join(certs, "key.pem"), 0o600);

    const names = Array.from({ length: count }, (_, i) => `host-${i + 1}`);
    const hosts = await settleAll(
      names.map(async (name) => {
        // Reached at the published port on loopback, or at its own address (as a fleet's machine is).
        const server = authority.server(name, { dns: [name, "localhost"], ips: ["127.0.0.1", hostAddress(subnet, names.indexOf(name))] });
        const ports = { engine: await getPort({ host: "127.0.0.1" }), agent: await getPort({ host: "127.0.0.1" }), http: await getPort({ host: "127.0.0.1" }) };
        const container = new LabContainer(hostImage)
          .withName(containerName(id, name))
          .withHostname(name)
          .withLabels({ ...labels, [LABEL.role]: "host", [LABEL.host]: name })
          // A machine keeps its address when it is powered off and on again: the inventory says it.
          .onLabNetwork(network, [name], hostAddress(subnet, names.indexOf(name)))
          .withFixedLabPort(ENGINE_PORT, ports.engine)
          .withFixedLabPort(AGENT_PORT, ports.agent)
          .withFixedLabPort(HTTP_PORT, ports.http)
          .withTmpFs({ "/run": "rw,exec,mode=755" })
          // Its engine is a service of the machine (firedrill-engine stop|start), as on a real one.
          .withEnvironment({ FIREDRILL_ENGINE_CONTROL: "supervised" })
          .withCommand(unprivileged.includes(name) ? ["--userns-remap=default"] : [])
          .withCopyContentToContainer([
            { content: server.ca, target: "/etc/firedrill/tls/ca.pem", mode: 0o644 },
            { content: server.cert, target: "/etc/firedrill/tls/cert.pem", mode: 0o644 },
            { content: server.key.reveal(), target: "/etc/firedrill/tls/key.pem", mode: 0o600 },
          ]);
        const volume = `${containerName(id, name)}-docker`;
        await outer.createVolume({ Name: volume, Labels: { ...labels, [LABEL.role]: "volume" } });
        container.withBind(volume, "/var/lib/docker");
        if (securityMode === "privileged") container.withPrivilegedMode();
        else container.withHostConfig(capabilityHostConfig()).withBind("/sys/fs/cgroup", "/sys/fs/cgroup");
        const started = await container.start();
        const inspect = await outer.getContainer(started.getId()).inspect();
        const engine = new Docker({ host: "127.0.0.1", port: mappedPort(inspect, ENGINE_PORT), ...engineTls(client), timeout: 3000 });
        await waitFor({ phase: `remote lab ${name}: engine answering over TLS`, budgetMs: 60_000, intervalMs: 250 }, () => engine.ping());
        log("remote-lab", `${name}: engine answering at tcp://127.0.0.1:${ports.engine} (TLS only)`);
        return { name, ports, address: networkAddress(inspect, network) ?? name, container: containerName(id, name) };
      }),
    );

    const inventory = {
      name: `remote-lab-${id}`,
      description: `${count} hosts on this machine that behave as remote machines (firedrill remote-lab up); remove with: firedrill remote-lab down --inventory ${out}`,
      remoteLab: id,
      allowFaults: true,
      swarm: "form",
      // The engine stopped through the agent, as on a fleet; power: the docker stop/start below.
      hostHalt: "engine",
      engineControl: { stop: "firedrill-engine stop", start: "firedrill-engine start" },
      users: { edge: true },
      hosts: hosts.map((h, i) => ({
        name: h.name,
        engine: `tcp://127.0.0.1:${h.ports.engine}`,
        tls: path.relative(path.dirname(path.resolve(out)), certs) || ".",
        role: i === 0 ? "manager" : "worker",
        address: h.address,
        agent: `127.0.0.1:${h.ports.agent}`,
        // No http: users' traffic reaches each host at its address, port 80, as on a fleet
        // (the published loopback port is for people trying things by hand).
        power: { off: `docker stop -t 10 ${h.container}`, kill: `docker kill ${h.container}`, on: `docker start ${h.container}` },
      })),
    };
    await writeFile(out, `# Written by firedrill remote-lab up. The certificates are in ${path.basename(certs)}/ (the key is a secret).\n${stringify(inventory)}`);
    return { id, inventory: out, certs, hosts: hosts.map((h) => ({ name: h.name, engine: `tcp://127.0.0.1:${h.ports.engine}`, agent: `127.0.0.1:${h.ports.agent}` })) };
  } catch (error) {
    await sweep(outer, id).catch(() => undefined);
    if (madeCerts) await rm(certs, { recursive: true, force: true });
    throw harnessError("LAB_START_FAILED", `The remote lab did not come up: ${(error as Error).message}`, "Run `firedrill doctor`.", { cause: error });
  }
}

/** Removes a remote lab (everything labelled with it) and the certificates written for it. */
export async function remoteLabDown(outer: Docker, id: string, certsDir?: string): Promise<SweepResult> {
  const result = await sweep(outer, id);
  if (certsDir) await rm(certsDir, { recursive: true, force: true });
  return result;
}

/**
 * Makes the remote lab's network with a subnet of its own (the engine chooses a free one,
 * which is then fixed), so that its hosts can have fixed addresses.
 */
async function fixedSubnet(outer: Docker, network: string, labels: Record<string, string>): Promise<string> {
  const probe = await outer.createNetwork({ Name: network, Driver: "bridge", CheckDuplicate: true, Labels: labels });
  const inspect = (await probe.inspect()) as { IPAM: { Config?: Array<{ Subnet?: string; Gateway?: string }> } };
  const config = inspect.IPAM.Config?.[0];
  await probe.remove();
  if (!config?.Subnet) throw new Error(`the engine gave ${network} no subnet`);
  await outer.createNetwork({ Name: network, Driver: "bridge", CheckDuplicate: true, Labels: labels, IPAM: { Config: [{ Subnet: config.Subnet, ...(config.Gateway ? { Gateway: config.Gateway } : {}) }] } });
  return config.Subnet;
}

/** The i-th host's address in a /16../24 subnet: .10, .11, ... (clear of the gateway at .1). */
export function hostAddress(subnet: string, index: number): string {
  const [base] = subnet.split("/");
  const parts = base!.split(".").map(Number);
  parts[3] = 10 + index;
  return parts.join(".");
}
