import type Docker from "dockerode";
import getPort from "get-port";
import { LABEL } from "../docker/labels.ts";
import { harnessError } from "../errors/firedrill-error.ts";
import { GiveUp, waitFor } from "../util/wait-for.ts";
import tarStream from "tar-stream";
import { EDGE_CHECK_INTERVAL_MS, edgeConfig } from "./edge-config.ts";
import { containerName } from "./lab-context.ts";
import type { Edge } from "./start-edge.ts";

export interface FleetEdgePlacement {
  runId: string;
  outer: Docker;
  image: string;
  labels: Record<string, string>;
  healthPath: string;
  edgePort: number;
}

/**
 * firedrill's edge in front of an inventory's hosts: the same HAProxy as the local lab's,
 * on the runner's engine in the runner's network namespace (it reaches each host's
 * published port where the runner does), listening on loopback only.
 */
export async function startFleetEdge(p: FleetEdgePlacement, servers: ReadonlyArray<{ name: string; address: string }>): Promise<Edge> {
  const listen = { http: p.edgePort, stats: await getPort({ host: "127.0.0.1" }), admin: await getPort({ host: "127.0.0.1" }) };
  const config = edgeConfig({ hosts: [], servers, listen, checkPath: p.healthPath, checkIntervalMs: EDGE_CHECK_INTERVAL_MS });
  const container = await p.outer.createContainer({
    name: containerName(p.runId, "edge"),
    Image: p.image,
    Labels: { ...p.labels, [LABEL.role]: "edge" },
    HostConfig: { NetworkMode: "host" },
  });
  const tar = tarStream.pack();
  tar.entry({ name: "haproxy.cfg", mode: 0o644 }, config);
  tar.finalize();
  await container.putArchive(tar as unknown as NodeJS.ReadableStream, { path: "/etc/haproxy" });
  await container.start();
  const edge: Edge = { containerId: container.id, url: `http://127.0.0.1:${listen.http}`, statsUrl: `http://127.0.0.1:${listen.stats}/stats`, adminPort: listen.admin };
  await waitFor({ phase: "edge: answering", budgetMs: 15_000 }, async () => {
    const state = (await container.inspect()).State;
    if (!state.Running) {
      const logs = String(await container.logs({ stdout: true, stderr: true, tail: 20 }));
      throw new GiveUp(harnessError("EDGE_START_FAILED", `The edge did not start (${state.Status}): ${logs.trim().slice(-400)}`, "Read its log above."));
    }
    await fetch(edge.statsUrl, { signal: AbortSignal.timeout(1000) });
  });
  return edge;
}
