import { isIP } from "node:net";

export interface LabAddress {
  /** The interface the engine publishes the lab's ports on. */
  bind: string;
  /** Where this process reaches them. */
  reach: string;
  /** Why: for the start-up log. */
  why: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i;

/**
 * Where the lab's published ports are, as seen from this process. An engine on this
 * machine (a socket, or DOCKER_HOST at loopback) publishes them on 127.0.0.1 only. An
 * engine elsewhere (a CI job's `docker:dind` service, reached as tcp://docker:2376) cannot
 * publish on this process's loopback: its ports are published on its own interfaces and
 * reached at DOCKER_HOST's host. FIREDRILL_LAB_ADDRESS names that address explicitly.
 * Every port it publishes then is either mutually authenticated (engines, agents), behind
 * the run's login (registry), or the stack's own (the edge).
 */
export function labAddress(env: NodeJS.ProcessEnv = process.env): LabAddress {
  const explicit = env.FIREDRILL_LAB_ADDRESS?.trim();
  if (explicit) return { bind: LOOPBACK.test(explicit) ? "127.0.0.1" : "0.0.0.0", reach: explicit, why: "FIREDRILL_LAB_ADDRESS" };
  const dockerHost = env.DOCKER_HOST?.trim() ?? "";
  if (/^(tcp|https?):\/\//.test(dockerHost)) {
    const host = new URL(dockerHost.replace(/^tcp:/, "http:")).hostname;
    if (host && !LOOPBACK.test(host)) return { bind: "0.0.0.0", reach: host, why: `DOCKER_HOST=${dockerHost} is another machine` };
  }
  return { bind: "127.0.0.1", reach: "127.0.0.1", why: "the engine is on this machine" };
}

/** The names a lab server certificate must carry for this process to reach it there. */
export function labServerNames(address: LabAddress, name: string): { dns: string[]; ips: string[] } {
  const extra = address.reach === "127.0.0.1" ? { dns: [], ips: [] } : isIP(address.reach) ? { dns: [], ips: [address.reach] } : { dns: [address.reach], ips: [] };
  return { dns: [name, "localhost", ...extra.dns], ips: ["127.0.0.1", ...extra.ips] };
}
