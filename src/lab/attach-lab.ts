import { labAddress } from "../docker/lab-address.ts";
import type Docker from "dockerode";
import tar from "tar-stream";
import { mappedPort } from "../docker/mapped-port.ts";
import { EDGE_ADMIN_PORT } from "./edge-config.ts";
import type { LabImages } from "./lab-images.ts";
import { hostNumber, hostOfNode, type SwarmNode } from "./form-swarm.ts";
import { Host } from "./host.ts";
import { LabContainerBinding } from "./lab-container-binding.ts";
import { containerName, REGISTRY_ADDRESS } from "./lab-context.ts";
import { LabRegistry } from "./lab-registry.ts";
import { parseLabOptions } from "./lab-options.ts";
import { LABEL } from "../docker/labels.ts";
import { RegistryCredentials } from "../docker/registry-credentials.ts";
import { runNotFound } from "./require-run.ts";
import { StartedLab } from "./started-lab.ts";
import { LAB_LABEL, type Topology } from "./topology.ts";
import { parseAccessFile } from "../engine/run-access.ts";
import { ACCESS_FILE } from "./start-registry.ts";


/**
 * A handle on a lab another process started (`firedrill up --detach`): hosts, registry,
 * edge and login, rebuilt from the run's labels and containers. Node ids come from the
 * manager when it answers.
 */
export async function attachLab(outer: Docker, runId: string): Promise<StartedLab> {
  const containers = await outer.listContainers({ all: true, filters: { label: [`${LABEL.run}=${runId}`] } });
  const registry = containers.find((c) => c.Labels[LABEL.role] === "registry");
  const edge = containers.find((c) => c.Labels[LABEL.role] === "edge");
  if (!registry || !edge) {
    throw runNotFound(runId);
  }
  const images = JSON.parse(registry.Labels[LAB_LABEL.images] ?? "{}") as LabImages;
  const topology = JSON.parse(registry.Labels[LAB_LABEL.topology] ?? "{}") as Topology;
  const network = containerName(runId, "net");
  const access = parseAccessFile(await readFile(outer, registry.Id, ACCESS_FILE), `run ${runId}'s registry ${ACCESS_FILE}`);
  const hosts: Host[] = [];
  for (const c of containers.filter((c) => c.Labels[LABEL.role] === "host").sort((a, b) => hostNumber(a.Labels[LABEL.host]) - hostNumber(b.Labels[LABEL.host]))) {
    const name = c.Labels[LABEL.host] ?? "";
    hosts.push(await Host.bind(name, new LabContainerBinding(outer, c.Id, c.Names[0]?.replace(/^\//, "") ?? name, network, access), access, runId));
  }
  const nodes: SwarmNode[] = hosts.map((h) => ({ host: h.name, nodeId: "", manager: hostNumber(h.name) <= topology.managers }));
  const registryInspect = await outer.getContainer(registry.Id).inspect();
  const credentials = await readCredentials(outer, registry.Id);
  const edgeInspect = await outer.getContainer(edge.Id).inspect();
  const lab = new StartedLab({
    runId,
    outer,
    network,
    hosts,
    nodes,
    pinnedHost: topology.pinnedHost,
    registry: new LabRegistry({ address: REGISTRY_ADDRESS, url: `http://${labAddress().reach}:${mappedPort(registryInspect, 5000)}`, containerId: registry.Id, credentials }),
    edge: {
      containerId: edge.Id,
      url: `http://${labAddress().reach}:${mappedPort(edgeInspect, 80)}`,
      statsUrl: `http://${labAddress().reach}:${mappedPort(edgeInspect, 8404)}/stats`,
      adminPort: mappedPort(edgeInspect, EDGE_ADMIN_PORT) ?? 0,
    },
    images,
    credentials,
    access,
    options: parseLabOptions({ runId, hosts: topology.hosts, managers: topology.managers, detached: registry.Labels[LABEL.detached] === "true" }),
    timings: [],
  });
  await fillNodeIds(lab).catch(() => undefined);
  return lab;
}

async function fillNodeIds(lab: StartedLab): Promise<void> {
  const listed = (await lab.manager.engine(3000).listNodes()) as Array<{ ID: string; Description: { Hostname: string }; Spec: { Labels?: Record<string, string> } }>;
  for (const node of lab.nodes) node.nodeId = listed.find((l) => hostOfNode(l) === node.host)?.ID ?? "";
}

/** The registry login, read back from the file the registry itself was started with. */
async function readCredentials(outer: Docker, registryId: string): Promise<RegistryCredentials> {
  const [user = "", password = ""] = (await readFile(outer, registryId, "/run/firedrill/credentials")).split("\n");
  return new RegistryCredentials(user, password);
}

/** One file of a container, read through the engine's archive API. */
async function readFile(outer: Docker, containerId: string, file: string): Promise<string> {
  const archive = await outer.getContainer(containerId).getArchive({ path: file });
  const content = await new Promise<string>((resolve, reject) => {
    const extract = tar.extract();
    let text = "";
    extract.on("entry", (_header, stream, next) => {
      stream.on("data", (c: unknown) => (text += String(c)));
      stream.on("end", next);
    });
    extract.on("finish", () => resolve(text));
    extract.on("error", reject);
    archive.pipe(extract);
  });
  return content;
}
