import type { Host } from "../../../src/lab/host.ts";
import type { StartedLab } from "../../../src/lab/started-lab.ts";

/** Just what the faults' pure helpers read of a lab: its hosts, their addresses, and which are managers. */
export function fakeLab(managers: string[], workers: string[]): StartedLab {
  const nodes = [...managers.map((host) => ({ host, manager: true })), ...workers.map((host) => ({ host, manager: false }))];
  const hosts = nodes.map((n) => ({ name: n.host, address: `10.5.0.${nodes.indexOf(n) + 2}` }) as Host);
  return {
    hosts,
    nodes,
    nodeOf: (name: string) => nodes.find((n) => n.host === name)!,
    host: (name: string) => hosts.find((h) => h.name === name)!,
  } as unknown as StartedLab;
}
