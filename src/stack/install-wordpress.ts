import type Docker from "dockerode";
import { execIn } from "../docker/exec.ts";
import type { Host } from "../lab/host.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { waitFor } from "../util/wait-for.ts";
import { checkInstallAnswer, INSTALL_PATH, installForm, type WordPressAdmin } from "./wordpress-client.ts";

/**
 * A task that fails its health check is killed once its start period (10 s) and two
 * failed checks (2 s apart) are over, about 14 s after it started (images/wordpress/
 * Dockerfile). An install takes a few seconds; one begun in a task younger than this
 * finishes (and makes the task healthy) before the task can be killed, so a half-made
 * install (options written, admin missing) cannot happen.
 */
const YOUNG_TASK_S = 6;

interface Candidate {
  host: Host;
  id: string;
  ageS: number;
  healthy: boolean;
}

/**
 * Installs WordPress from inside one of its own tasks. The health checks count a
 * redirect as down, and an uninstalled WordPress redirects every page to its installer:
 * Swarm lists no such task in DNS, the lb has no server and the edge none either, so
 * nothing outside can reach the installer, by design. The runner calls it on the task's
 * own loopback instead, through `docker exec` on the host that runs the task.
 */
export async function installInTask(lab: StartedLab, service: string, admin: WordPressAdmin, budgetMs: number): Promise<void> {
  await waitFor({ phase: "wordpress: installed from inside a task", budgetMs, intervalMs: 500 }, async () => {
    const task = pick(await candidates(lab, service));
    const { status, body } = await postInstaller(task.host.docker, task.id, admin);
    checkInstallAnswer(status, body);
  });
}

async function candidates(lab: StartedLab, service: string): Promise<Candidate[]> {
  const now = Date.now() / 1000;
  const perHost = await Promise.all(
    lab.hosts.map(async (host) => {
      const filters = { label: [`com.docker.swarm.service.name=${service}`], status: ["running"] };
      const containers = await host.engine(5000).listContainers({ filters }).catch(() => []);
      return containers.map((c) => ({ host, id: c.Id, ageS: now - c.Created, healthy: c.Status.includes("(healthy)") }));
    }),
  );
  return perHost.flat();
}

/** A healthy task (WordPress already installed) or the youngest one, if it is young enough. */
function pick(tasks: Candidate[]): Candidate {
  const healthy = tasks.find((t) => t.healthy);
  if (healthy) return healthy;
  const youngest = [...tasks].sort((a, b) => a.ageS - b.ageS)[0];
  if (youngest && youngest.ageS <= YOUNG_TASK_S) return youngest;
  const ages = tasks.map((t) => `${t.ageS.toFixed(0)}s`).join(", ");
  throw new Error(`no WordPress task started in the last ${YOUNG_TASK_S}s to install from (${tasks.length ? `ages ${ages}` : "none running"})`);
}

/** POSTs the installer's form on the task's loopback; the password goes in on stdin, never argv. */
async function postInstaller(engine: Docker, containerId: string, admin: WordPressAdmin): Promise<{ status: number; body: string }> {
  const url = `http://127.0.0.1${INSTALL_PATH}`;
  const curl = ["curl", "-sS", "--max-time", "60", "-H", "Content-Type: application/x-www-form-urlencoded", "--data-binary", "@-", "-w", "\n%{http_code}", url];
  const result = await execIn(engine, containerId, curl, { stdin: installForm(admin).toString(), timeoutMs: 70_000 });
  if (result.exitCode !== 0) throw new Error(`curl in the task exited ${result.exitCode}: ${result.stderr.trim()}`);
  const cut = result.stdout.lastIndexOf("\n");
  return { status: Number(result.stdout.slice(cut + 1)), body: result.stdout.slice(0, cut) };
}
