import { randomBytes } from "node:crypto";
import type { Host } from "../lab/host.ts";
import { REGISTRY_ADDRESS } from "../lab/lab-context.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { labImage } from "../stack/stack-env.ts";
import { evidence, type FaultKind } from "./fault.ts";

const CONFIG = "/root/.docker/config.json";
const backupOf = (id: string) => `${CONFIG}.firedrill-${id}`;

/**
 * The host's stored registry login replaced by a wrong one (an expired token, a rotated
 * password that did not reach every host). The real login is kept beside it, readable
 * by root only, and put back on revert.
 */
export const registryLogin: FaultKind = {
  name: "registry-credentials",
  summary: "the host's registry login is replaced by a wrong one; revert restores it",
  disablesHost: false,
  options: [],

  async inject(lab, host, record) {
    const has = await host.exec(["test", "-s", CONFIG]);
    if (has.exitCode !== 0) throw new Error(`${host.name} has no registry login to replace (${CONFIG} is missing)`);
    const wrong = Buffer.from(`${lab.credentials.user}:wrong-${randomBytes(6).toString("hex")}`).toString("base64");
    await host.sh(`umask 077; cp -p ${CONFIG} ${backupOf(record.id)} && cat > ${CONFIG}`, {
      stdin: JSON.stringify({ auths: { [REGISTRY_ADDRESS]: { auth: wrong } } }),
    });
    const proof = [evidence(`${host.name}: login for ${REGISTRY_ADDRESS} replaced (the real one kept in ${backupOf(record.id)})`)];
    const pull = await cliPull(lab, host);
    if (pull.ok) throw new Error(`${host.name} still pulls with the wrong login`);
    if (!/unauthorized|authentication required|no basic auth/i.test(pull.detail)) {
      throw new Error(`the pull failed, but not for authentication: ${pull.detail}`);
    }
    proof.push(evidence(`${host.name}: docker pull refused: ${pull.detail}`));
    return proof;
  },

  async revert(lab, record) {
    const host = lab.host(record.host);
    const restored = await host.exec(["sh", "-c", `test -f ${backupOf(record.id)} && mv -f ${backupOf(record.id)} ${CONFIG}`]);
    const pull = await cliPull(lab, host);
    if (!pull.ok) throw new Error(`${host.name} still cannot pull after restoring its login: ${pull.detail}`);
    return {
      actions: restored.exitCode === 0 ? [`restored the registry login on ${host.name}`] : [],
      evidence: [evidence(`${host.name}: docker pull works again`)],
    };
  },
};

/** A pull by the host's own docker CLI, which uses the host's stored login. */
async function cliPull(lab: StartedLab, host: Host): Promise<{ ok: boolean; detail: string }> {
  const result = await host.exec(["docker", "pull", "-q", labImage(lab.images.haproxy)], { timeoutMs: 30_000 });
  return { ok: result.exitCode === 0, detail: (result.stderr || result.stdout).trim().split("\n").pop() ?? "" };
}
