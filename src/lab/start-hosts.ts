import { labAddress, labServerNames } from "../docker/lab-address.ts";
import { settleAll } from "../util/settle-all.ts";
import getPort from "get-port";
import { harnessError } from "../errors/firedrill-error.ts";
import { capabilityHostConfig } from "../engine/security-mode.ts";
import { GiveUp, waitFor } from "../util/wait-for.ts";
import { AGENT_PORT, startAgent } from "../agent/start-agent.ts";
import { ENGINE_PORT, HTTP_PORT, Host } from "./host.ts";
import { LabContainerBinding } from "./lab-container-binding.ts";
import { LabContainer } from "../docker/lab-container.ts";
import { containerName, type LabContext, REGISTRY_ADDRESS } from "./lab-context.ts";
import { LABEL } from "../docker/labels.ts";
import { log } from "../util/log.ts";
import { seedDataRoot } from "./seed-data-root.ts";
import { hostStartFailure } from "./host-start-failure.ts";

export function hostName(index: number): string {
  return `host-${index}`;
}

/** Starts every host at once and returns them when each one's engine answers. */
export async function startHosts(ctx: LabContext): Promise<Host[]> {
  const names = Array.from({ length: ctx.options.hosts }, (_, i) => hostName(i + 1));
  return settleAll(names.map((name) => startHost(ctx, name)));
}

/**
 * Starts one host and returns it when its engine (and, unless `agent: false`, its agent)
 * answers. With a prepared data root in the images, its engine starts with the baseline
 * images and the agent already in its own store.
 */
export async function startHost(ctx: LabContext, name: string, options: { agent?: boolean } = {}): Promise<Host> {
  const labels = { ...ctx.labels, [LABEL.role]: "host", [LABEL.host]: name };
  const volume = `${containerName(ctx.runId, name)}-docker`;
  // The engine's storage is a volume: overlay2 cannot stack on the container's own
  // overlay root, and a halted host must find its images again when it starts.
  await ctx.outer.createVolume({ Name: volume, Labels: labels });
  if (ctx.images.preparedRoot) {
    const t0 = Date.now();
    await seedDataRoot(ctx.outer, ctx.images.base, ctx.images.preparedRoot, volume, { ...ctx.labels, [LABEL.role]: "volume" });
    log("lab", `${name}: images in place from the prepared data root in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }

  // Another process may take a port between choosing and binding it: choose again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startHostOnce(ctx, name, labels, volume, options.agent !== false);
    } catch (error) {
      const taken = /port is already allocated|address already in use/i.test(String((error as Error & { cause?: Error }).cause?.message ?? ""));
      if (!taken || attempt === 3) throw error;
      await ctx.outer.getContainer(containerName(ctx.runId, name)).remove({ force: true }).catch(() => undefined);
    }
  }
}

async function startHostOnce(ctx: LabContext, name: string, labels: Record<string, string>, volume: string, withAgent: boolean): Promise<Host> {
  const { engine, resources } = ctx.options;
  const container = new LabContainer(ctx.images.host)
    .withName(containerName(ctx.runId, name))
    .withHostname(name)
    .withLabels(labels)
    .onLabNetwork(ctx.network, [name])
    // Fixed host ports, as a machine keeps its address: a host restarted by a fault (in
    // this process or another) is found again at the same ports.
    .withFixedLabPort(ENGINE_PORT, await getPort({ host: "127.0.0.1" }))
    .withFixedLabPort(HTTP_PORT, await getPort({ host: "127.0.0.1" }))
    .withFixedLabPort(AGENT_PORT, await getPort({ host: "127.0.0.1" }))
    .withBind(volume, "/var/lib/docker")
    // /run is a tmpfs, as on a real machine: a host that lost power boots without the
    // stale pid files and sockets that would stop its engine from starting again.
    .withTmpFs({ "/run": "rw,exec,mode=755" })
    .withCommand([`--insecure-registry=${REGISTRY_ADDRESS}`, ...engine.flags]);
  // The engine's and the agent's server certificate, for where the runner reaches both.
  const server = ctx.authority.server(name, labServerNames(labAddress(), name));
  container.withCopyContentToContainer([
    { content: server.ca, target: "/etc/firedrill/tls/ca.pem", mode: 0o644 },
    { content: server.cert, target: "/etc/firedrill/tls/cert.pem", mode: 0o644 },
    { content: server.key.reveal(), target: "/etc/firedrill/tls/key.pem", mode: 0o600 },
  ]);
  if (Object.keys(engine.daemonJson).length > 0) {
    container.withCopyContentToContainer([
      { content: JSON.stringify(engine.daemonJson, null, 2), target: "/etc/docker/daemon.json" },
    ]);
  }
  if (ctx.securityMode === "privileged") {
    container.withPrivilegedMode();
  } else {
    // The inner engine creates cgroups for its containers, so it needs the tree writable.
    container.withHostConfig(capabilityHostConfig()).withBind("/sys/fs/cgroup", "/sys/fs/cgroup");
  }
  if (resources.memoryMb) container.withHostConfig({ Memory: resources.memoryMb * 1024 * 1024 });
  if (resources.cpus) container.withHostConfig({ NanoCpus: Math.round(resources.cpus * 1e9) });

  // Its log decides whose the failure is: dockerd refusing the profile's configuration, or the runner's.
  const failed = (error: unknown, log = container.logTail.text()) => hostStartFailure(name, error, log);
  let started;
  const startedAt = Date.now();
  try {
    started = await container.start();
  } catch (error) {
    throw failed(error);
  }
  const host = await Host.bind(name, new LabContainerBinding(ctx.outer, started.getId(), containerName(ctx.runId, name), ctx.network, ctx.access), ctx.access, ctx.runId);
  // Ready is the engine answering, whatever it logs (a profile may turn its logging down);
  // an engine that exits instead fails at once rather than after the whole budget.
  await waitFor({ phase: `${name}: engine answering`, budgetMs: ctx.options.budgets.hostsReadyMs }, async () => {
    const state = await host.powerState();
    if (!state.running) throw new GiveUp(failed(new Error(`its engine exited: ${state.status}`), await host.logTail(40).catch(() => undefined)));
    await host.docker.ping();
  });
  const engineAt = Date.now();
  if (!withAgent) return host;
  const agentPort = Number(new URL(host.agent.url).port);
  await startAgent({
    host: name,
    runId: ctx.runId,
    engine: host.engine(60_000),
    image: ctx.images.agent,
    source: ctx.outer,
    server,
    access: ctx.access,
    reachAt: { host: labAddress().reach, port: agentPort },
    labels: ctx.labels,
    securityMode: ctx.securityMode,
  }).catch((error: Error) => {
    throw harnessError("AGENT_START_FAILED", `${name}: its agent did not start: ${error.message}`, "The agent runs in the host's pid and network namespaces; read its message above.", {
      cause: error,
    });
  });
  log("lab", `${name}: engine answering after ${((engineAt - startedAt) / 1000).toFixed(1)}s, agent after ${((Date.now() - engineAt) / 1000).toFixed(1)}s more`);
  return host;
}
