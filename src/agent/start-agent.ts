import type Docker from "dockerode";
import tar from "tar-stream";
import { FiredrillError } from "../errors/firedrill-error.ts";
import { copyImage } from "../docker/copy-image.ts";
import { LABEL } from "../docker/labels.ts";
import { capabilityHostConfig, detectSecurityMode, type SecurityMode } from "../engine/security-mode.ts";
import type { RunAccess } from "../engine/run-access.ts";
import type { TlsBundle } from "../engine/tls-authority.ts";
import { GiveUp, waitFor } from "../util/wait-for.ts";
import { AgentClient } from "./agent-client.ts";

/** The port the agent listens on, in the host's network namespace. */
export const AGENT_PORT = 7443;

export interface AgentPlacement {
  /** The host's name, as the run knows it. */
  host: string;
  runId: string;
  /** The host's own engine. */
  engine: Docker;
  /** The agent image on the runner's engine, loaded into the host's engine if it lacks it. */
  image: string;
  source: Docker;
  /** The agent's server certificate (issued by the run for this host). */
  server: TlsBundle;
  access: RunAccess;
  /** Where the runner reaches the agent's port. */
  reachAt: { host: string; port: number };
  labels: Record<string, string>;
  /** With it, the agent exits when this lease lapses even holding no fault (see presence.ts). */
  presenceMs?: number;
  /** How the host's engine lets the agent have its privileges; found out on the host when not given. */
  securityMode?: SecurityMode;
}

export function agentContainerName(runId: string): string {
  return `fd-${runId}-agent`;
}

/**
 * Starts the run's agent on one host: in the host's pid and network namespaces, with the
 * privileges its faults need, its certificate and the run's token copied in before it
 * starts (never in its environment or command line). It is restarted with its engine (a
 * halted host comes back with its agent) but not after it exits on a lapsed lease.
 */
export async function startAgent(p: AgentPlacement): Promise<AgentClient> {
  await step("copying the agent's image to the host's engine", () => copyImage(p.source, p.engine, p.image));
  const securityMode = p.securityMode ?? (await step("finding how the host's engine grants privileges", () => detectSecurityMode(p.engine, p.image, { ...p.labels, [LABEL.run]: p.runId, [LABEL.role]: "agent" })));
  const name = agentContainerName(p.runId);
  await p.engine.getContainer(name).remove({ force: true }).catch(() => undefined);
  const container = await step("creating the agent's container", () => p.engine.createContainer({
    name,
    Image: p.image,
    Labels: { ...p.labels, [LABEL.run]: p.runId, [LABEL.role]: "agent", [LABEL.host]: p.host },
    Env: [`FIREDRILL_AGENT_PORT=${AGENT_PORT}`, `FIREDRILL_AGENT_NAME=${name}`, ...(p.presenceMs ? [`FIREDRILL_AGENT_PRESENCE_MS=${p.presenceMs}`] : [])],
    HostConfig: {
      NetworkMode: "host",
      PidMode: "host",
      RestartPolicy: { Name: "on-failure" },
      // Its own limit, whatever the host's default-ulimits say: a higher hard limit than the
      // engine's own needs CAP_SYS_RESOURCE, which a host may not give (measured: a profile's
      // nofile 65536 kept the agent from starting in capability mode).
      Ulimits: [{ Name: "nofile", Soft: 1024, Hard: 1024 }],
      // Its faults, kept on the host's disk: an agent restarted with its engine still reverts them.
      Binds: [`/var/lib/firedrill-agent/${p.runId}:/var/lib/firedrill-agent`],
      ...(securityMode === "privileged" ? { Privileged: true } : capabilityHostConfig()),
    },
  }));
  await step("copying the agent's credentials in", async () => container.putArchive(await credentialsArchive(p.server, p.access), { path: "/etc" }));
  await step("starting the agent's container", () => container.start());
  const client = new AgentClient(p.host, { ...p.reachAt, tls: p.access.client, token: p.access.token });
  const agentLog = async () => String(await container.logs({ stdout: true, stderr: true, tail: 20 }).catch(() => "")).trim().slice(-600);
  try {
    await waitFor({ phase: `${p.host}: agent answering`, budgetMs: 45_000, intervalMs: 250 }, async () => {
      const state = (await container.inspect()).State;
      if (!state.Running && state.Status !== "restarting") throw new GiveUp(new Error(`the agent exited with ${state.ExitCode}: ${await agentLog()}`));
      await client.health(2000);
    });
  } catch (error) {
    // What the agent said, and whether another agent holds its port there (a run that was not removed).
    const state = await container.inspect().then((i) => `${i.State.Status}, restarted ${i.RestartCount} time(s)`, () => "gone");
    const others = (await p.engine.listContainers({ filters: { label: [`${LABEL.role}=agent`] } }).catch(() => [])).filter((c) => c.Labels[LABEL.run] !== p.runId);
    const held = others.length > 0 ? `; another run's agent runs there and may hold port ${AGENT_PORT}: ${others.map((c) => c.Names[0]?.replace(/^\//, "")).join(", ")}` : "";
    throw new Error(`${(error as Error).message} (agent ${state}${held}); its log: ${await agentLog()}`, { cause: error });
  }
  return client;
}

/** The agent's TLS files and token, as an archive for /etc (mode 0600: root alone reads them). */
async function credentialsArchive(server: TlsBundle, access: RunAccess): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: "firedrill-agent", type: "directory", mode: 0o700 });
  const files: Array<[string, string]> = [
    ["ca.pem", server.ca],
    ["cert.pem", server.cert],
    ["key.pem", server.key.reveal()],
    ["token", access.token.reveal()],
  ];
  for (const [file, content] of files) pack.entry({ name: `firedrill-agent/${file}`, mode: 0o600 }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * One step of starting the agent, named in its error: a bare "socket hang up" from the
 * host's engine does not say whether the image, the container or its start failed.
 * firedrill's own errors already say what failed, and keep their codes.
 */
async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof FiredrillError) throw error;
    throw new Error(`${what}: ${(error as Error).message}`, { cause: error });
  }
}
