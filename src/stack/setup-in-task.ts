import { execIn } from "../docker/exec.ts";
import type { Host } from "../lab/host.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { waitFor } from "../util/wait-for.ts";

export interface TaskSetup {
  /** The Swarm service whose task runs the command. */
  service: string;
  command: string[];
  /** Given on stdin (it may hold a secret: never argv, never logged). */
  stdin: string;
  /** Only a healthy task, or one started this recently (s), is used. */
  youngTaskS: number;
}

interface Candidate {
  host: Host;
  id: string;
  ageS: number;
  healthy: boolean;
}

/**
 * Runs the stack's setup command in one of its tasks, through `docker exec` on the host
 * that runs it, until it exits 0. A setup the health check depends on (an installer) must
 * not be cut off by that health check killing the task: a task that fails its check is
 * killed after its start period and a few failed checks, so only a healthy task (set up
 * already) or a young one, whose setup finishes before it could be killed, is used.
 */
export async function setupInTask(lab: StartedLab, setup: TaskSetup, budgetMs: number): Promise<void> {
  await waitFor({ phase: `setup: ${setup.command.join(" ")} in a task of ${setup.service}`, budgetMs, intervalMs: 500 }, async () => {
    const task = pick(await candidates(lab, setup.service), setup.youngTaskS);
    const result = await execIn(task.host.docker, task.id, setup.command, { stdin: setup.stdin, timeoutMs: 70_000 });
    // Its output may echo what it was given on stdin: never shown as it is.
    if (result.exitCode !== 0) throw new Error(`exited ${result.exitCode}: ${(result.stdout + result.stderr).split(setup.stdin.trim() || "\0").join("***").trim().slice(0, 300)}`);
  });
}

/**
 * The service's running containers, aged from when they started: the health check's start
 * period runs from there. Their creation can be seconds earlier (a host attaching to an
 * overlay network for the first time), and aging from it made a task just started look
 * too old to use: the setup then waited for both tasks to be killed as unhealthy (~30 s).
 */
async function candidates(lab: StartedLab, service: string): Promise<Candidate[]> {
  const perHost = await Promise.all(
    lab.hosts.map(async (host) => {
      const engine = host.engine(5000);
      const filters = { label: [`com.docker.swarm.service.name=${service}`], status: ["running"] };
      const containers = await engine.listContainers({ filters }).catch(() => []);
      const inspected = await Promise.all(containers.map((c) => engine.getContainer(c.Id).inspect().catch(() => undefined)));
      return inspected.flatMap((c) =>
        c?.State.Running ? [{ host, id: c.Id, ageS: (Date.now() - Date.parse(c.State.StartedAt)) / 1000, healthy: c.State.Health?.Status === "healthy" }] : [],
      );
    }),
  );
  return perHost.flat();
}

/** A healthy task, or the youngest one if it is young enough. */
export function pick<T extends { ageS: number; healthy: boolean }>(tasks: readonly T[], youngTaskS: number): T {
  const healthy = tasks.find((t) => t.healthy);
  if (healthy) return healthy;
  const youngest = [...tasks].sort((a, b) => a.ageS - b.ageS)[0];
  if (youngest && youngest.ageS <= youngTaskS) return youngest;
  const ages = tasks.map((t) => `${t.ageS.toFixed(0)}s`).join(", ");
  throw new Error(`no task started in the last ${youngTaskS}s to run the setup in (${tasks.length ? `ages ${ages}` : "none running"})`);
}
