import { randomBytes } from "node:crypto";
import { inputError } from "../errors/firedrill-error.ts";
import type { Host } from "../lab/host.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { log } from "../util/log.ts";
import { evidence, type FaultKind } from "./fault.ts";
import { createProbeImage, removeProbeImage } from "./registry-probe-image.ts";
import { removeSwarmPullProbe, swarmPull } from "./swarm-pull-probe.ts";

const CONFIG = "/root/.docker/config.json";
const backupOf = (id: string) => `${CONFIG}.firedrill-${id}`;
const AUTH_REFUSED = /unauthorized|authentication required|no basic auth/i;

/**
 * A manager's stored registry login replaced by a wrong one (an expired token, a rotated
 * password that did not reach every manager). The real login is kept beside it, readable
 * by root only, and put back on revert.
 *
 * Only the docker CLI reads that login; dockerd never does. What Swarm does with it: a
 * deploy or update made with `--with-registry-auth` from this manager's CLI puts the login
 * in the service, and every node pulls that service's image with it. So the fault is
 * proven the way Swarm meets it: a one-off service created from this host's CLI, pinned to
 * this host, for an image no host has, whose task is rejected because the pull Swarm made
 * there was refused as unauthorized. On a worker nothing Swarm does reads the login, so
 * the fault is refused there (`refuseWorker`).
 */
export const registryLogin: FaultKind = {
  name: "registry-credentials",
  summary: "a manager's registry login is replaced by a wrong one, so what it deploys cannot be pulled; revert restores it",
  disablesHost: false,
  needsDrillLab: "it replaces the login of the run's registry, which only a drill puts on an inventory",
  options: [],
  refuseTarget: (lab, hostName) => refuseWorker(lab, hostName),

  async inject(lab, host, record, acting) {
    refuseWorker(lab, host.name);
    const has = await host.exec(["test", "-s", CONFIG]);
    if (has.exitCode !== 0) throw new Error(`${host.name} has no registry login to replace (${CONFIG} is missing)`);
    const wrong = Buffer.from(`${lab.credentials.user}:wrong-${randomBytes(6).toString("hex")}`).toString("base64");
    const image = await createProbeImage(lab, record.id);
    let failure: unknown;
    try {
      acting();
      await host.sh(`umask 077; cp -p ${CONFIG} ${backupOf(record.id)} && cat > ${CONFIG}`, {
        stdin: JSON.stringify({ auths: { [lab.registry.address]: { auth: wrong } } }),
      });
      const proof = [evidence(`${host.name}: login for ${lab.registry.address} replaced (the real one kept in ${backupOf(record.id)})`)];
      const seen = await swarmPull(host, image, record.id);
      const task = `Swarm task ${seen.taskId.slice(0, 12)} of ${seen.service} (created with ${host.name}'s login, for ${image}, on no host before)`;
      if (!["rejected", "failed"].includes(seen.state)) throw new Error(`${task} is ${seen.state}: Swarm pulled with the wrong login`);
      proof.push(evidence(`${task} on ${host.name}: ${seen.state}: ${seen.taskError}`));
      if (!seen.pullError) throw new Error(`${task} is ${seen.state} (${seen.taskError}), but ${host.name}'s engine logged no failed pull for it`);
      if (!AUTH_REFUSED.test(seen.pullError)) throw new Error(`the pull Swarm made failed, but not for authentication: ${seen.pullError}`);
      proof.push(evidence(`${host.name} engine, pulling for that task: ${seen.pullError}`));
      return proof;
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      // The probe is no part of the fault: it goes now. Should that fail after the proof
      // failed, the proof's reason is the one raised; the revert cleans up again.
      await Promise.all([removeSwarmPullProbe(host, record.id), removeProbeImage(lab, record.id)]).catch((error: Error) => {
        if (failure === undefined) throw error;
        log("fault", `removing the registry-credentials probe failed too: ${error.message}`);
      });
    }
  },

  undo: (record) => `if [ -f ${backupOf(record.id)} ]; then mv -f ${backupOf(record.id)} ${CONFIG}; fi`,

  async revert(lab, record) {
    const host = lab.host(record.host);
    const restored = await host.exec(["sh", "-c", `test -f ${backupOf(record.id)} && mv -f ${backupOf(record.id)} ${CONFIG}`]);
    const actions = restored.exitCode === 0 ? [`restored the registry login on ${host.name}`] : [];
    // What the proof left if it was cut short (a crash, an interrupt).
    if (lab.nodeOf(host.name).manager) actions.push(...(await removeSwarmPullProbe(host, record.id)));
    if (await removeProbeImage(lab, record.id)) actions.push("deleted the probe image from the registry");
    const pull = await cliPull(lab, host);
    if (!pull.ok) throw new Error(`${host.name} still cannot pull after restoring its login: ${pull.detail}`);
    return { actions, evidence: [evidence(`${host.name}: docker pull with its login works again`)] };
  },
};

/**
 * A worker's stored login is read by nothing Swarm does: its engine pulls with the
 * credentials a manager put in the service. Breaking it would prove nothing about the
 * platform, so the fault is refused there, before anything is touched.
 */
export function refuseWorker(lab: StartedLab, hostName: string): void {
  if (lab.nodeOf(hostName).manager) return;
  const managers = lab.nodes.filter((n) => n.manager).map((n) => n.host);
  throw inputError(
    "FAULT_NEEDS_MANAGER",
    `registry-credentials on ${hostName}: ${hostName} is a Swarm worker, and nothing Swarm does there reads its registry login`,
    `A worker's engine pulls with the credentials a manager put in the service (\`--with-registry-auth\`); only the docker CLI reads /root/.docker/config.json. ` +
      `Aim it at a manager (${managers.join(", ")}): what is deployed from there then carries the wrong login to every node. ` +
      `To keep a worker from pulling, use \`registry-block --host ${hostName}\`.`,
  );
}

/** A pull by the host's own docker CLI, which uses the host's stored login. */
async function cliPull(lab: StartedLab, host: Host): Promise<{ ok: boolean; detail: string }> {
  const result = await host.exec(["docker", "pull", "-q", lab.registry.image(lab.images.haproxy)], { timeoutMs: 30_000 });
  return { ok: result.exitCode === 0, detail: (result.stderr || result.stdout).trim().split("\n").pop() ?? "" };
}
