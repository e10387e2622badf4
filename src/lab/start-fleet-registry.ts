import { isIP } from "node:net";
import type Docker from "dockerode";
import tar from "tar-stream";
import { copyImage } from "../docker/copy-image.ts";
import { LABEL } from "../docker/labels.ts";
import type { RegistryCredentials } from "../docker/registry-credentials.ts";
import type { TlsAuthority } from "../engine/tls-authority.ts";
import { waitFor } from "../util/wait-for.ts";
import type { Host } from "./host.ts";
import { containerName } from "./lab-context.ts";
import { LabRegistry } from "./lab-registry.ts";

export interface FleetRegistryPlacement {
  runId: string;
  labels: Record<string, string>;
  /** The host it runs on (an inventory's first manager) and the port it publishes there. */
  host: Host;
  port: number;
  /** The registry image already holding the stack's images, on the runner's engine. */
  image: string;
  source: Docker;
  credentials: RegistryCredentials;
  authority: TlsAuthority;
}

/** Where the hosts trust the run's registry: the engine reads a registry's CA from here at every pull. */
export function certsDir(address: string): string {
  return `/etc/docker/certs.d/${address}`;
}

/**
 * The run's registry on an inventory: firedrill's seeded registry as a container on the
 * first manager, published at ADDRESS:PORT over TLS with a certificate of the run's own
 * authority. Every host trusts it through /etc/docker/certs.d/ADDRESS:PORT/ca.crt (put
 * there by the agent, removed with the run), so no engine's configuration is changed and
 * no registry is ever used in clear text. The runner reaches it at the same address.
 */
export async function startFleetRegistry(p: FleetRegistryPlacement, hosts: readonly Host[], madeCertsDir: Set<string>): Promise<LabRegistry> {
  const address = `${p.host.address}:${p.port}`;
  const engine = p.host.engine(120_000);
  await copyImage(p.source, engine, p.image);
  const name = containerName(p.runId, "registry");
  await engine.getContainer(name).remove({ force: true }).catch(() => undefined);
  const server = p.authority.server("registry", isIP(p.host.address) ? { dns: [], ips: [p.host.address] } : { dns: [p.host.address], ips: [] });
  const container = await engine.createContainer({
    name,
    Image: p.image,
    Labels: { ...p.labels, [LABEL.run]: p.runId, [LABEL.role]: "registry" },
    Env: ["REGISTRY_HTTP_TLS_CERTIFICATE=/run/firedrill/tls/cert.pem", "REGISTRY_HTTP_TLS_KEY=/run/firedrill/tls/key.pem"],
    ExposedPorts: { "5000/tcp": {} },
    HostConfig: {
      PortBindings: { "5000/tcp": [{ HostPort: String(p.port) }] },
      // A host that was halted and started again serves its images again.
      RestartPolicy: { Name: "unless-stopped" },
    },
  });
  await container.putArchive(
    await archive({ "firedrill/credentials": p.credentials.fileContent(), "firedrill/tls/cert.pem": server.cert, "firedrill/tls/key.pem": server.key.reveal() }),
    { path: "/run" },
  );
  await container.start();
  const registry = new LabRegistry({ address, url: `https://${address}`, containerId: container.id, credentials: p.credentials, ca: server.ca });
  await waitFor({ phase: `registry answering at ${address}`, budgetMs: 60_000, intervalMs: 500 }, async () => {
    const state = (await container.inspect()).State;
    if (!state.Running) throw new Error(`the registry container is ${state.Status}: ${String(await container.logs({ stdout: true, stderr: true, tail: 10 })).trim()}`);
    const response = await registry.fetch("/v2/", { signal: AbortSignal.timeout(3000) });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`/v2/ answered ${response.status}`);
  });
  await Promise.all(hosts.map(async (h) => (await trustRegistry(h, address, server.ca)) && madeCertsDir.add(h.name)));
  return registry;
}

/**
 * The host's engine trusts the registry's CA; refused if the host already has a trust
 * directory for that address (a team's own). Says whether it had to make /etc/docker/certs.d.
 */
async function trustRegistry(host: Host, address: string, ca: string): Promise<boolean> {
  const dir = certsDir(address);
  const script = 'if [ -e "$1" ]; then exit 3; fi; [ -d /etc/docker/certs.d ] || echo made; umask 022; mkdir -p "$1" && cat > "$1/ca.crt"';
  const result = await host.exec(["sh", "-c", script, "sh", dir], { stdin: ca });
  if (result.exitCode === 3) throw new Error(`${host.name} already has ${dir} (not firedrill's): choose another registryPort in the inventory`);
  if (result.exitCode !== 0) throw new Error(`${host.name}: could not write ${dir}/ca.crt: ${result.stderr.trim()}`);
  return result.stdout.includes("made");
}

/**
 * Forgets the registry on the hosts: its trust directory and its login. A login file the
 * logout leaves with no login in it at all was made by the run's login, and goes too.
 */
export async function untrustRegistry(hosts: readonly Host[], address: string, madeCertsDir: ReadonlySet<string>): Promise<void> {
  const script = `docker logout "$2" >/dev/null 2>&1; rm -rf "$1"; [ "$3" = made ] && rmdir /etc/docker/certs.d 2>/dev/null; f=/root/.docker/config.json; if [ -f "$f" ] && [ "$(tr -d ' \\t\\n' < "$f")" = '{"auths":{}}' ]; then rm -f "$f"; rmdir /root/.docker 2>/dev/null; fi; true`;
  await Promise.all(hosts.map((h) => h.exec(["sh", "-c", script, "sh", certsDir(address), address, madeCertsDir.has(h.name) ? "made" : "found"]).catch(() => undefined)));
}

async function archive(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  const dirs = new Set(Object.keys(files).flatMap((name) => name.split("/").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"))));
  for (const dir of [...dirs].sort()) pack.entry({ name: dir, type: "directory", mode: 0o700 });
  for (const [name, content] of Object.entries(files)) pack.entry({ name, mode: 0o600 }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
