import Docker from "dockerode";
import { engineTls } from "../engine/run-access.ts";
import type { InventoryHost } from "./load-inventory.ts";

/** The host part and port of an engine URL. */
export function engineEndpoint(host: InventoryHost): { protocol: "tcp" | "ssh"; user?: string; host: string; port: number } {
  const url = new URL(host.engine);
  if (url.protocol === "ssh:") return { protocol: "ssh", user: decodeURIComponent(url.username), host: url.hostname, port: Number(url.port || 22) };
  return { protocol: "tcp", host: url.hostname, port: Number(url.port) };
}

/**
 * A client for one inventory host's engine: one per host (testcontainers keeps a single
 * engine per process; it stays for the local lab). TLS with the inventory's certificate
 * directory, or SSH with its key file or the ssh agent. The key never leaves this client.
 */
export function inventoryEngine(host: InventoryHost, timeoutMs?: number): Docker {
  return new Docker({ ...inventoryEngineOptions(host), timeout: timeoutMs });
}

/** How to reach one inventory host's engine (without a timeout: each client sets its own). */
export function inventoryEngineOptions(host: InventoryHost): Docker.DockerOptions {
  const at = engineEndpoint(host);
  if (at.protocol === "ssh") {
    return {
      protocol: "ssh",
      host: at.host,
      port: at.port,
      username: at.user,
      sshOptions: host.identityKey ? { privateKey: host.identityKey.reveal() } : { agent: process.env.SSH_AUTH_SOCK },
    } as Docker.DockerOptions;
  }
  if (!host.tls) throw new Error(`${host.name}: a tcp:// engine without certificates`);
  return { host: at.host, port: at.port, ...engineTls(host.tls) };
}

/** Why an engine did not answer, in words a user can act on. */
export function whyUnreachable(host: InventoryHost, error: unknown): string {
  const e = error as NodeJS.ErrnoException & { reason?: string };
  const text = `${e.code ?? ""} ${e.message ?? String(error)}`;
  // Closed before any TLS was spoken: no engine behind the port (a stopped engine behind a port proxy), not a refused certificate.
  if (e.code === "ECONNRESET" && /before secure TLS connection/i.test(e.message ?? "")) return `the connection to ${host.engine} was closed before TLS began: no engine answers behind that port`;
  if (/certificate|self.signed|unable to verify|alert|handshake|SSL|TLS|bad certificate|unknown ca/i.test(text)) {
    return `the TLS handshake failed (${e.code ?? e.message}): the engine refuses the certificates in ${host.tlsDir ?? "the inventory"}, or they do not trust its certificate`;
  }
  if (/ECONNREFUSED/.test(text)) return `nothing listens at ${host.engine} (connection refused)`;
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return `${engineEndpoint(host).host} does not resolve`;
  if (/timeout|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/i.test(text)) return `no answer from ${host.engine} (${e.code ?? "timeout"})`;
  if (/authentication|All configured authentication methods failed/i.test(text)) return `SSH refused the login at ${host.engine}`;
  return e.message ?? String(error);
}
