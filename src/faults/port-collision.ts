import type { Host } from "../lab/host.ts";
import { labImage } from "../stack/stack-env.ts";
import { evidence, type FaultKind } from "./fault.ts";

export const SQUATTER_LABEL = "firedrill.squatter";
export const squatterName = (id: string) => `firedrill-squatter-${id}`;

/**
 * Something outside the cluster holds a port the stack publishes: a stray container
 * started by hand, or a process on the host (a forgotten web server). Swarm cannot
 * place a host-mode task that needs the port there.
 */
export const portCollision: FaultKind = {
  name: "port-collision",
  summary: "a container or process outside the cluster holds a port on the host; revert removes the squatter",
  disablesHost: false,
  options: [
    { name: "port", description: "the host port to hold", range: [1, 65535], default: 80 },
    { name: "squatter", description: "container: a plain container publishing it; process: a process bound to it", choices: ["container", "process"], default: "container" },
  ],

  async inject(lab, host, record, acting) {
    const port = Number(record.options.port);
    const name = squatterName(record.id);
    if (record.options.squatter === "process") {
      // The name is in socat's argv (-lp), so the process can be found again by anyone.
      acting();
      await host.sh(`nohup socat -lp${name} TCP-LISTEN:${port},reuseaddr,fork OPEN:/dev/null >/dev/null 2>&1 &`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const pid = await host.exec(["pgrep", "-f", name]);
      if (pid.exitCode !== 0) throw new Error(`the squatter process did not stay up (is port ${port} already taken?)`);
    } else {
      const docker = host.engine(20_000);
      const container = await docker.createContainer({
        name,
        Image: labImage(lab.images.haproxy),
        Cmd: ["sleep", "infinity"],
        Labels: { [SQUATTER_LABEL]: record.id, "firedrill.run": lab.runId },
        HostConfig: { PortBindings: { [`${port}/tcp`]: [{ HostPort: String(port) }] } },
        ExposedPorts: { [`${port}/tcp`]: {} },
      });
      try {
        // Creating binds nothing; starting takes the port.
        acting();
        await container.start();
      } catch (error) {
        await container.remove({ force: true }).catch(() => undefined);
        throw new Error(`the squatter container could not take port ${port}: ${(error as Error).message}`);
      }
    }
    const proof = [evidence(`${host.name}: ${record.options.squatter} ${name} holds port ${port}`)];
    const bind = await tryBind(host, port);
    if (bind.ok) throw new Error(`port ${port} on ${host.name} can still be bound`);
    proof.push(evidence(`${host.name}: binding port ${port} fails: ${bind.detail}`));
    return proof;
  },

  async revert(lab, record) {
    const host = lab.host(record.host);
    const actions = await removeSquatters(host, record.id);
    const left = await findSquatters(host, record.id);
    if (left.length > 0) throw new Error(`squatters still on ${host.name}: ${left.join(", ")}`);
    return { actions, evidence: [evidence(`${host.name}: no squatter of ${record.id} left`)] };
  },
};

/** Tries to listen on the port from the host for a moment: ok when nobody holds it. */
export async function tryBind(host: Host, port: number): Promise<{ ok: boolean; detail: string }> {
  // Listening for 1s without error means the bind worked (timeout exits 124).
  const result = await host.exec(["timeout", "1", "socat", `TCP-LISTEN:${port},reuseaddr`, "OPEN:/dev/null"]);
  const message = (result.stderr.trim().split("\n").pop() ?? "").replace(/^.*E /, "");
  return result.exitCode === 124 ? { ok: true, detail: "bound" } : { ok: false, detail: message || `exit ${result.exitCode}` };
}

/** Squatter containers and processes on the host (of one fault, or any). */
export async function findSquatters(host: Host, faultId?: string): Promise<string[]> {
  const filter = faultId ? `${SQUATTER_LABEL}=${faultId}` : SQUATTER_LABEL;
  const containers = await host.engine(10_000).listContainers({ all: true, filters: { label: [filter] } });
  const processes = await host.exec(["pgrep", "-af", squatterName(faultId ?? "")]);
  return [
    ...containers.map((c) => `container ${c.Names[0]?.replace(/^\//, "")}`),
    ...processes.stdout
      .split("\n")
      .filter((l) => l.includes("socat"))
      .map((l) => `process ${l.trim().split(" ")[0]}`),
  ];
}

async function removeSquatters(host: Host, faultId?: string): Promise<string[]> {
  const actions: string[] = [];
  const filter = faultId ? `${SQUATTER_LABEL}=${faultId}` : SQUATTER_LABEL;
  const docker = host.engine(20_000);
  for (const c of await docker.listContainers({ all: true, filters: { label: [filter] } })) {
    await docker.getContainer(c.Id).remove({ force: true });
    actions.push(`removed squatter container ${c.Names[0]?.replace(/^\//, "")} on ${host.name}`);
  }
  const killed = await host.exec(["pkill", "-f", squatterName(faultId ?? "")]);
  if (killed.exitCode === 0) actions.push(`killed squatter process on ${host.name}`);
  return actions;
}
