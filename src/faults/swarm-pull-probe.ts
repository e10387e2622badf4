import type { Host } from "../lab/host.ts";
import { waitFor } from "../util/wait-for.ts";
import { FAULT_BUDGETS } from "./fault-budgets.ts";
import { PROBE_IMAGE_LABEL } from "./registry-probe-image.ts";
import { swarmPullError } from "./swarm-pull-error.ts";

const SWARM_SERVICE_LABEL = "com.docker.swarm.service.name";
/** States after which a task of a service that never restarts does not change its mind on the pull. */
const SETTLED = ["running", "complete", "failed", "rejected", "shutdown", "orphaned"];

export const probeServiceName = (faultId: string) => `firedrill-pull-probe-${faultId}`;

/** What Swarm saw when it was asked to run an image on one host. */
export interface SwarmPull {
  service: string;
  taskId: string;
  state: string;
  /** The task's own error, as `docker service ps` shows it. */
  taskError: string;
  /** Why the engine's pull for that task failed, from the Swarm agent's log line; absent if none was logged. */
  pullError?: string;
}

/**
 * A pull that Swarm makes on `host`: a one-off service, created with the host's own docker
 * CLI and `--with-registry-auth` (so it carries the host's stored login, as a deploy from
 * there would), pinned to the host's node, never restarted. Returns what its task came to
 * and why the pull failed, if it did. The host must be a manager. The service stays
 * until `removeSwarmPullProbe`.
 */
export async function swarmPull(host: Host, image: string, faultId: string): Promise<SwarmPull> {
  const service = probeServiceName(faultId);
  const since = Math.floor(Date.now() / 1000) - 1;
  const nodeId = ((await host.engine(5000).info()) as { Swarm: { NodeID: string } }).Swarm.NodeID;
  await host.execOrThrow(
    ["docker", "service", "create", "--detach", "--quiet", "--with-registry-auth", "--name", service, "--restart-condition", "none", "--constraint", `node.id==${nodeId}`, image],
    { timeoutMs: 30_000 },
  );
  let task: { ID: string; NodeID: string; Status: { State: string; Err?: string } } | undefined;
  await waitFor({ phase: `${host.name}: the task of ${service} settled`, budgetMs: FAULT_BUDGETS.swarmProbeMs, intervalMs: 500 }, async () => {
    const tasks = (await host.engine(5000).listTasks({ filters: { service: [service] } })) as Array<NonNullable<typeof task>>;
    task = tasks[0];
    if (!task) throw new Error("no task yet");
    if (!SETTLED.includes(task.Status.State)) throw new Error(`task ${task.Status.State}`);
  });
  const settled = task!;
  if (settled.NodeID !== nodeId) throw new Error(`the task of ${service} went to node ${settled.NodeID}, not ${host.name}`);
  const failed = ["failed", "rejected"].includes(settled.Status.State);
  return {
    service,
    taskId: settled.ID,
    state: settled.Status.State,
    taskError: settled.Status.Err ?? "",
    pullError: failed ? await loggedPullError(host, settled.ID, since) : undefined,
  };
}

/**
 * The error the Swarm agent logged when the pull for this task failed ("pulling image
 * failed" with the task's id). The engine logs before it reports the task, but the log
 * is read through the outer engine, so it is given a few seconds to arrive.
 */
async function loggedPullError(host: Host, taskId: string, since: number): Promise<string | undefined> {
  try {
    return await waitFor({ phase: `${host.name}: the pull error of task ${taskId} in the engine's log`, budgetMs: 5000, intervalMs: 500 }, async () => {
      const error = swarmPullError(await host.binding.engineLog({ sinceSec: since }), taskId);
      if (error === undefined) throw new Error("not logged yet");
      return error;
    });
  } catch {
    return undefined;
  }
}

/**
 * Removes the probe service of this fault, its task containers, and any copy of the
 * probe image the host pulled for it. Returns what it did. Safe to call twice, or after
 * a crash; the host must be a manager.
 */
export async function removeSwarmPullProbe(host: Host, faultId: string): Promise<string[]> {
  const service = probeServiceName(faultId);
  const actions: string[] = [];
  const removed = await host.exec(["docker", "service", "rm", service], { timeoutMs: 30_000 });
  if (removed.exitCode === 0) actions.push(`removed Swarm service ${service}`);
  else if (!/no such service|not found/i.test(removed.stderr)) throw new Error(`${host.name}: docker service rm ${service}: ${removed.stderr.trim()}`);
  // Swarm removes the task containers after the service, in its own time; the image is only free after that.
  const docker = host.engine(10_000);
  await waitFor({ phase: `${host.name}: the containers of ${service} removed`, budgetMs: 30_000, intervalMs: 500 }, async () => {
    const left = await docker.listContainers({ all: true, filters: { label: [`${SWARM_SERVICE_LABEL}=${service}`] } });
    if (left.length > 0) throw new Error(`${left.length} left`);
  });
  for (const image of await docker.listImages({ filters: { label: [`${PROBE_IMAGE_LABEL}=${faultId}`] } })) {
    await docker.getImage(image.Id).remove({ force: true });
    actions.push(`removed the probe image it pulled from ${host.name}`);
  }
  return actions;
}
