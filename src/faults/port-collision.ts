import { inputError } from "../errors/firedrill-error.ts";
import type { Host } from "../lab/host.ts";
import type { StartedLab } from "../lab/started-lab.ts";
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
  needsDrillLab: "its squatter container runs the run's lb image from the run's registry, which only a drill puts on an inventory (inject it in a drill: port-collision)",
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
      if (pid.exitCode !== 0) throw new Error(`the squatter process did not stay up${await heldBy(lab, host, port, "is port " + port + " already taken?")}`);
    } else {
      const docker = host.engine(20_000);
      const container = await docker.createContainer({
        name,
        Image: lab.registry.image(lab.images.haproxy),
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
        throw new Error(`the squatter container could not take port ${port}: ${(error as Error).message.trim()}${await heldBy(lab, host, port)}`);
      }
    }
    const proof = [evidence(`${host.name}: ${record.options.squatter} ${name} holds port ${port}`)];
    const bind = await tryBind(host, port);
    if (bind.ok) throw new Error(`port ${port} on ${host.name} can still be bound`);
    proof.push(evidence(`${host.name}: binding port ${port} fails: ${bind.detail}`));
    return proof;
  },

  // The engine may not answer (a frozen one): its part is bounded, the process's is not.
  undo: (record) =>
    [
      // The bracket keeps pkill from matching this script's own command line, which names the squatter.
      `pkill -f '[${squatterName(record.id)[0]}]${squatterName(record.id).slice(1)}'`,
      // A docker CLI that fails (a frozen engine) fails the undo: the agent keeps it and tries again.
      `ids=$(timeout 20 docker ps -aq --filter label=${SQUATTER_LABEL}=${record.id}) || exit 1`,
      'if [ -n "$ids" ]; then timeout 20 docker rm -f $ids >/dev/null || exit 1; fi',
      "true",
    ].join("; "),

  async revert(lab, record) {
    const host = lab.host(record.host);
    const actions = await removeSquatters(host, record.id);
    const left = await findSquatters(host, record.id);
    if (left.length > 0) throw new Error(`squatters still on ${host.name}: ${left.join(", ")}`);
    return { actions, evidence: [evidence(`${host.name}: no squatter of ${record.id} left`)] };
  },
};

/**
 * Refuses, before anything is recorded or touched, a squatter for a port that something
 * already holds on the host (on a lab, port 80 is the lb's everywhere): the squatter
 * could not take it, and the fault would prove nothing. Says who holds it and what to
 * do instead. An input error (exit 64).
 */
export async function refuseHeldPort(lab: StartedLab, hostName: string, options: Record<string, string | number | boolean>): Promise<void> {
  const port = Number(options.port ?? 80);
  const host = lab.host(hostName);
  const holders = await portHolders(lab, host, port);
  if (holders.length === 0) return;
  const squatters = holders.filter((h) => h.squatter);
  // The scenario frees port 80 of firedrill's lb (<namespace>_lb) only.
  const lb = port === 80 && holders.some((h) => h.service?.endsWith("_lb"));
  const hint = [
    `Pick another --port, one nothing publishes on ${hostName} (for example --port 8081)`,
    lb
      ? `, or run the port-collision scenario, which frees port ${port} first (it takes the lb off one worker, squats the port there and deploys the lb back): ` +
        `\`firedrill drill --run ${lab.runId} --scenario port-collision\``
      : "",
    squatters.length > 0 ? `; a squatter left by an earlier fault goes with \`firedrill clean --faults --run ${lab.runId}\`` : "",
    ".",
  ].join("");
  throw inputError(
    "PORT_HELD",
    `port-collision: port ${port} on ${hostName} is already held, by ${holders.map((h) => h.what).join("; ")}`,
    hint,
  );
}

export interface PortHolder {
  /** For a person: "Swarm service wp_lb (task wp_lb.<node>.<task>)". */
  what: string;
  /** The Swarm service, when a service holds it. */
  service?: string;
  /** A squatter of an earlier port-collision fault. */
  squatter?: boolean;
}

/**
 * What holds a TCP port on a host, as its own engine and kernel say: containers that
 * publish it (a Swarm task in host mode, or a plain container), a Swarm service that
 * publishes it through the routing mesh (held on every host), and processes listening
 * on it. Each look-up that fails is left out: this names holders, it proves nothing.
 */
export async function portHolders(lab: StartedLab, host: Host, port: number): Promise<PortHolder[]> {
  const holders: PortHolder[] = [];
  // By the host port each publishes (the engine's `publish` filter matches the container's port).
  const containers = await orNone(() => host.engine(10_000).listContainers());
  for (const c of containers) {
    if (!c.Ports.some((p) => p.PublicPort === port && p.Type === "tcp")) continue;
    const name = c.Names[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12);
    const service = c.Labels["com.docker.swarm.service.name"];
    const task = c.Labels["com.docker.swarm.task.name"];
    // A task's container is named after the task: then the name says both.
    if (service) holders.push({ what: `Swarm service ${service} (${task && task !== name ? `task ${task}, container ${name}` : `task ${name}`})`, service });
    else if (c.Labels[SQUATTER_LABEL]) holders.push({ what: `squatter container ${name} of fault ${c.Labels[SQUATTER_LABEL]}`, squatter: true });
    else holders.push({ what: `container ${name} (${c.Image})` });
  }
  const services = (await orNone(() => lab.manager.engine(10_000).listServices())) as Array<{ Spec?: { Name?: string }; Endpoint?: { Ports?: Array<{ PublishedPort?: number; PublishMode?: string; Protocol?: string }> } }>;
  for (const s of services) {
    const ingress = (s.Endpoint?.Ports ?? []).some((p) => p.PublishedPort === port && p.PublishMode === "ingress" && (p.Protocol ?? "tcp") === "tcp");
    if (ingress) holders.push({ what: `Swarm service ${s.Spec?.Name ?? "?"} (published through the routing mesh, on every host)`, service: s.Spec?.Name });
  }
  // Processes: a container's port may be held by docker-proxy, already named above.
  const listening = await host.exec(["ss", "-Hltnp", `sport = :${port}`]).catch(() => undefined);
  const processes = new Set<string>();
  for (const m of (listening?.stdout ?? "").matchAll(/\("([^"]+)",pid=(\d+)/g)) {
    if (m[1] === "docker-proxy" && holders.length > 0) continue;
    const squatter = m[1] === "socat" && (await host.exec(["cat", `/proc/${m[2]}/cmdline`]).catch(() => undefined))?.stdout.includes(squatterName(""));
    processes.add(squatter ? `squatter process ${m[1]} (pid ${m[2]})` : `process ${m[1]} (pid ${m[2]})`);
  }
  for (const what of processes) holders.push({ what, squatter: what.startsWith("squatter") });
  return holders;
}

/** A look-up's answer, or nothing when it fails (a host without an engine port throws at once). */
async function orNone<T>(lookUp: () => Promise<T[]>): Promise<T[]> {
  try {
    return await lookUp();
  } catch {
    return [];
  }
}

/** "; it is held by ..." for an error message, or the fallback when nothing is found. */
async function heldBy(lab: StartedLab, host: Host, port: number, fallback?: string): Promise<string> {
  const holders = await portHolders(lab, host, port).catch(() => []);
  if (holders.length > 0) return `; port ${port} on ${host.name} is held by ${holders.map((h) => h.what).join("; ")}`;
  return fallback ? ` (${fallback})` : "";
}

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
