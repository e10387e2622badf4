import type Docker from "dockerode";
import { LABEL, runFilter } from "../docker/labels.ts";

export interface SweepResult {
  containers: string[];
  networks: string[];
  volumes: string[];
  /** What could not be removed, with why (for example a foreign container on the network). */
  failed?: string[];
}

/**
 * Removes every container, network and volume labelled with the run (or with any run,
 * without an id). Containers go first (force, with their anonymous volumes), since a
 * network or volume in use cannot be removed. Selection is by label only: nothing
 * firedrill did not create can match.
 */
export async function sweep(docker: Docker, runId?: string): Promise<SweepResult> {
  const filters = runFilter(runId);
  const result: SweepResult = { containers: [], networks: [], volumes: [], failed: [] };
  const failed = (what: string) => (error: { statusCode?: number; message?: string }) => {
    if (error.statusCode !== 404) result.failed?.push(`${what}: ${error.message ?? String(error)}`);
  };

  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(
    containers.map(async (c) => {
      const container = docker.getContainer(c.Id);
      // A paused container cannot be killed until it is thawed.
      if (c.State === "paused") await container.unpause().catch(() => undefined);
      const name = c.Names[0]?.replace(/^\//, "") ?? c.Id;
      await container.remove({ force: true, v: true }).catch(failed(`container ${name}`));
      result.containers.push(name);
    }),
  );

  for (const n of await docker.listNetworks({ filters })) {
    await docker.getNetwork(n.Id).remove().catch(failed(`network ${n.Name}`));
    result.networks.push(n.Name);
  }

  const { Volumes } = await docker.listVolumes({ filters });
  await Promise.all(
    (Volumes ?? []).map(async (v) => {
      await docker.getVolume(v.Name).remove().catch(failed(`volume ${v.Name}`));
      result.volumes.push(v.Name);
    }),
  );
  return result;
}

/** What is still there for a run: for audits and tests. */
export async function leftovers(docker: Docker, runId?: string): Promise<SweepResult> {
  const filters = runFilter(runId);
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  return {
    containers: containers.map((c) => c.Names[0]?.replace(/^\//, "") ?? c.Id),
    networks: networks.map((n) => n.Name),
    volumes: (volumes.Volumes ?? []).map((v) => v.Name),
  };
}

/** Run ids that have anything on the engine, with whether they were started detached. */
export async function knownRuns(docker: Docker): Promise<Map<string, { detached: boolean; owner?: string }>> {
  const runs = new Map<string, { detached: boolean; owner?: string }>();
  for (const c of await docker.listContainers({ all: true, filters: runFilter() })) {
    const id = c.Labels[LABEL.run];
    // Fault markers carry the run but not its owner: a run is described by its lab's
    // containers, and only known by a marker when nothing else of it is left.
    if (!id || runs.get(id)?.owner !== undefined) continue;
    runs.set(id, { detached: c.Labels[LABEL.detached] === "true", owner: c.Labels[LABEL.owner] });
  }
  for (const n of await docker.listNetworks({ filters: runFilter() })) {
    const id = n.Labels?.[LABEL.run];
    if (id && !runs.has(id)) runs.set(id, { detached: n.Labels?.[LABEL.detached] === "true", owner: n.Labels?.[LABEL.owner] });
  }
  return runs;
}

export function isEmpty(result: SweepResult): boolean {
  return result.containers.length + result.networks.length + result.volumes.length === 0;
}

/**
 * Sweeps until nothing of the run is left: a container created after one sweep listed
 * the run's objects (a request already on its way to the engine) is caught by the next.
 * It cannot stop new creates: the engine accepts a container on a network that is gone.
 * This process's own lab start is waited for first (see lab-starts.ts).
 */
export async function sweepUntilGone(docker: Docker, runId: string, attempts = 8): Promise<SweepResult> {
  const total: SweepResult = { containers: [], networks: [], volumes: [], failed: [] };
  for (let i = 0; i < attempts; i++) {
    const round = await sweep(docker, runId);
    total.containers.push(...round.containers);
    total.networks.push(...round.networks);
    total.volumes.push(...round.volumes);
    if (isEmpty(await leftovers(docker, runId))) return total;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  total.failed = (await sweep(docker, runId)).failed;
  return total;
}
