import { demuxLogs } from "../docker/demux-logs.ts";
import type { Host } from "../lab/host.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { type LbLogRead, type LbRequest, parseLbLog } from "../stack/lb-log.ts";

const SERVICE_LABEL = "com.docker.swarm.service.name";

/**
 * The addresses of a service's tasks on one host, from its own engine: what an lb's log
 * names a request's server by. Every network's, since the lbs reach the tasks on one of them.
 */
export async function taskAddresses(host: Host, service: string): Promise<string[]> {
  const engine = host.engine(10_000);
  const containers = await engine.listContainers({ filters: { label: [`${SERVICE_LABEL}=${service}`] } });
  const addresses = await Promise.all(
    containers.map(async (c) => Object.values((await engine.getContainer(c.Id).inspect()).NetworkSettings.Networks).map((n) => n.IPAddress)),
  );
  return [...new Set(addresses.flat().filter(Boolean))].sort();
}

/**
 * Reads what the lbs of every host but `skip` logged since `since`, through each host's
 * own engine (a `docker service logs` waits on the hosts that are gone), and keeps the
 * requests `keep` wants: a window's full log is large under load. A host that does not
 * answer is named in `unread`, never an error: the check decides what a partial read is worth.
 */
export async function readLbLog(lab: StartedLab, lbService: string, skip: readonly string[], since: number, keep: (r: LbRequest) => boolean): Promise<LbLogRead> {
  const hosts = lab.hosts.filter((h) => !skip.includes(h.name));
  const read: LbLogRead = { since, readAt: Date.now(), hosts: hosts.map((h) => h.name), unread: [], logged: 0, requests: [] };
  await Promise.all(
    hosts.map(async (host) => {
      try {
        const requests = await hostLbLog(host, lbService, since);
        read.logged += requests.length;
        read.requests.push(...requests.filter(keep));
      } catch (error) {
        read.unread.push({ host: host.name, error: (error as Error).message });
      }
    }),
  );
  read.requests.sort((a, b) => a.at - b.at);
  return read;
}

async function hostLbLog(host: Host, lbService: string, since: number): Promise<LbRequest[]> {
  const engine = host.engine(20_000);
  // Exited ones too: an lb task that restarted in the window logged part of it.
  const containers = await engine.listContainers({ all: true, filters: { label: [`${SERVICE_LABEL}=${lbService}`] } });
  const logs = await Promise.all(
    containers.map(async (c) => {
      const buffer = (await engine.getContainer(c.Id).logs({ stdout: true, stderr: true, since: Math.floor(since / 1000) })) as unknown as Buffer;
      return parseLbLog(demuxLogs(buffer), host.name);
    }),
  );
  // `since` is whole seconds for the engine.
  return logs.flat().filter((r) => r.at >= since);
}
