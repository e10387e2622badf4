import { labAddress } from "../docker/lab-address.ts";
import { harnessError } from "../errors/firedrill-error.ts";
import { mappedPort } from "../docker/mapped-port.ts";
import { waitFor } from "../util/wait-for.ts";
import { EDGE_ADMIN_PORT, EDGE_CHECK_INTERVAL_MS, edgeConfig } from "./edge-config.ts";
import { LabContainer } from "../docker/lab-container.ts";
import { containerName, type LabContext } from "./lab-context.ts";
import { LABEL } from "../docker/labels.ts";

export interface Edge {
  containerId: string;
  /** What users (and the probe) reach: http://127.0.0.1:PORT */
  url: string;
  statsUrl: string;
  /** HAProxy's runtime API (loopback only). */
  adminPort: number;
}

export async function startEdge(ctx: LabContext, hosts: readonly string[]): Promise<Edge> {
  const container = new LabContainer(ctx.images.haproxy)
    .withName(containerName(ctx.runId, "edge"))
    .withLabels({ ...ctx.labels, [LABEL.role]: "edge" })
    .onLabNetwork(ctx.network, ["edge"])
    .withLabPorts(8404, EDGE_ADMIN_PORT)
    .withCopyContentToContainer([{ content: edgeConfig({ hosts, checkPath: ctx.options.healthPath, checkIntervalMs: EDGE_CHECK_INTERVAL_MS }), target: "/etc/haproxy/haproxy.cfg" }]);
  if (ctx.options.edgePort > 0) container.withFixedLabPort(80, ctx.options.edgePort);
  else container.withLabPorts(80);

  let id: string;
  try {
    id = (await container.start()).getId();
  } catch (error) {
    throw harnessError("EDGE_START_FAILED", `The edge did not start: ${(error as Error).message}`, "Read its log below.", {
      evidence: container.logTail.text(),
      cause: error,
    });
  }
  const inspect = await ctx.outer.getContainer(id).inspect();
  const edge = {
    containerId: id,
    url: `http://${labAddress().reach}:${mappedPort(inspect, 80)}`,
    statsUrl: `http://${labAddress().reach}:${mappedPort(inspect, 8404)}/stats`,
    adminPort: mappedPort(inspect, EDGE_ADMIN_PORT) ?? 0,
  };
  // Answering at all (503 before the stack is up) is enough here.
  await waitFor({ phase: "edge: answering", budgetMs: 15_000 }, async () => {
    await fetch(edge.statsUrl, { signal: AbortSignal.timeout(1000) });
  });
  return edge;
}
