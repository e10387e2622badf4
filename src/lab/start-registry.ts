import { labAddress } from "../docker/lab-address.ts";
import { Wait } from "testcontainers";
import { harnessError } from "../errors/firedrill-error.ts";
import { mappedPort } from "../docker/mapped-port.ts";
import { LabContainer } from "../docker/lab-container.ts";
import { containerName, type LabContext, REGISTRY_ADDRESS } from "./lab-context.ts";
import { LabRegistry } from "./lab-registry.ts";
import { LAB_LABEL, type Topology } from "./topology.ts";
import { LABEL } from "../docker/labels.ts";
import { accessFileContent } from "../engine/run-access.ts";

/** Where the run keeps its access (client certificate, agent token) for later commands. */
export const ACCESS_FILE = "/run/firedrill/access";

/** The lab's private registry, already holding every app image, with this run's login. */
export async function startRegistry(ctx: LabContext, topology: Topology): Promise<LabRegistry> {
  const container = new LabContainer(ctx.images.registrySeeded)
    .withName(containerName(ctx.runId, "registry"))
    .withLabels({
      ...ctx.labels,
      [LABEL.role]: "registry",
      [LAB_LABEL.images]: JSON.stringify(ctx.images),
      [LAB_LABEL.topology]: JSON.stringify(topology),
    })
    .onLabNetwork(ctx.network, ["registry"])
    .withLabPorts(5000)
    .withCopyContentToContainer([
      { content: ctx.credentials.fileContent(), target: "/run/firedrill/credentials", mode: 0o600 },
      { content: accessFileContent(ctx.access), target: ACCESS_FILE, mode: 0o600 },
    ])
    .withWaitStrategy(Wait.forLogMessage(/listening on/))
    .withStartupTimeout(ctx.options.budgets.hostsReadyMs);
  try {
    const started = await container.start();
    const port = mappedPort(await ctx.outer.getContainer(started.getId()).inspect(), 5000);
    return new LabRegistry({ address: REGISTRY_ADDRESS, url: `http://${labAddress().reach}:${port}`, containerId: started.getId(), credentials: ctx.credentials });
  } catch (error) {
    throw harnessError("REGISTRY_START_FAILED", `The lab registry did not start: ${(error as Error).message}`, "Read its log below.", {
      evidence: container.logTail.text(),
      cause: error,
    });
  }
}
