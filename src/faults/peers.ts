import { ENGINE_PORT, type Host } from "../lab/host.ts";
import type { StartedLab } from "../lab/started-lab.ts";

/** The hosts a network fault cuts the target off from: every other host, or the managers. */
export function peersOf(lab: StartedLab, host: Host, which: string): Host[] {
  const peers = lab.hosts.filter((h) => h.name !== host.name && (which !== "managers" || lab.nodeOf(h.name).manager));
  if (peers.length === 0) {
    throw new Error(`${host.name} has no ${which === "managers" ? "other manager" : "other host"} to be cut off from`);
  }
  return peers;
}

/**
 * Whether `from` opens a TCP connection to `to`'s engine port over the lab network within
 * two seconds. A connection, not an answer: the engine speaks only mutual TLS, and a port
 * nobody listens on would say "unreachable" for the wrong reason.
 */
export async function reaches(from: Host, to: Host): Promise<boolean> {
  const result = await from.exec(["timeout", "2", "bash", "-c", `exec 3<>/dev/tcp/${to.address}/${ENGINE_PORT}`]);
  return result.exitCode === 0;
}
