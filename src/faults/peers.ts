import type { Host } from "../lab/host.ts";
import type { StartedLab } from "../lab/started-lab.ts";

/** The hosts a network fault cuts the target off from: every other host, or the managers. */
export function peersOf(lab: StartedLab, host: Host, which: string): Host[] {
  const peers = lab.hosts.filter((h) => h.name !== host.name && (which !== "managers" || lab.nodeOf(h.name).manager));
  if (peers.length === 0) {
    throw new Error(`${host.name} has no ${which === "managers" ? "other manager" : "other host"} to be cut off from`);
  }
  return peers;
}

/** Whether `from` reaches `to`'s engine port over the lab network within two seconds. */
export async function reaches(from: Host, to: Host): Promise<boolean> {
  const result = await from.exec(["curl", "-s", "-o", "/dev/null", "-m", "2", `http://${to.address}:2375/_ping`]);
  return result.exitCode === 0;
}
